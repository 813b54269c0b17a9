package org.grad4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.grad4j.DType;
import org.grad4j.spi.Availability;
import org.grad4j.spi.Buffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Fills the whole device: out of memory is a clear error naming the request and what grad4j holds;
 * a closed block is reused without cudaMalloc; blocks of buffers dropped without close() come back
 * through the garbage collector when an allocation would otherwise fail.
 */
class CudaMemoryPressureGpuTest {
    /** 4 GiB of float64. */
    private static final int CHUNK = 1 << 29;

    @Test
    void outOfMemoryIsClearAndUnreachableBuffersAreReclaimed() {
        CudaBackendProvider provider = new CudaBackendProvider();
        Availability a = provider.availability();
        Assumptions.assumeTrue(a.available(), "no usable CUDA GPU: " + a.detail());
        CudaBackend be = (CudaBackend) provider.backend(0);
        CudaAllocator allocator = be.allocator();
        List<Buffer> held = new ArrayList<>();
        try {
            IllegalStateException oom = null;
            for (int i = 0; i < 1024 && oom == null; i++) {
                try {
                    held.add(be.allocateUninitialized(DType.FLOAT64, CHUNK));
                } catch (IllegalStateException e) {
                    oom = e;
                }
            }
            assertNotNull(oom, "4 GiB blocks never ran out after " + held.size() + " of them");
            assertTrue(held.size() >= 2, "expected room for at least two 4 GiB blocks, got " + held.size());
            String message = oom.getMessage();
            assertTrue(message.startsWith("CUDA out of memory on cuda:0: tried to allocate " + 8L * CHUNK + " bytes"), message);
            assertTrue(message.contains("grad4j holds " + allocator.liveBytes() + " bytes in live buffers"), message);

            // A closed block is reused for the next request of its size class.
            held.remove(held.size() - 1).close();
            long mallocs = allocator.mallocCount();
            held.add(be.allocateUninitialized(DType.FLOAT64, CHUNK));
            assertEquals(mallocs, allocator.mallocCount(), "a cached block should serve the request");

            // Drop every buffer without close(): the next allocation that fails reclaims them.
            int dropped = held.size();
            held.clear();
            Buffer big = be.allocateUninitialized(DType.FLOAT64, 3 * (CHUNK / 2));
            assertEquals(8L * 3 * (CHUNK / 2), (long) big.length() * 8);
            assertTrue(allocator.liveBytes() < (long) dropped * 8 * CHUNK,
                    "live bytes after reclaiming: " + allocator.liveBytes());
            big.close();
        } finally {
            held.forEach(Buffer::close);
            allocator.emptyCache();
        }
    }
}

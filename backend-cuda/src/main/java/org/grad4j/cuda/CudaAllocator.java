package org.grad4j.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import jcuda.driver.CUresult;

/**
 * A caching allocator for one device. Requests are rounded up to a size class (multiples of a
 * quarter of the enclosing power of two, at least 512 bytes, so at most 25% is wasted), and freed
 * blocks wait in a free list per class for the next request of that class: a training loop that
 * allocates the same shapes every step stops calling {@code cuMemAlloc} after the first step.
 *
 * <p>All device work runs on the legacy default stream, so a block handed back while kernels that
 * use it are still queued is only reused by work queued after them. Thread safe.
 */
final class CudaAllocator {
    /** One device allocation of {@code bytes} (the size class). */
    record Block(DevicePointer ptr, long bytes) {
    }

    private final CudaBackend backend;
    private final Map<Long, ArrayDeque<Block>> free = new HashMap<>();
    private long cachedBytes;
    private long liveBytes;
    private long mallocCount;

    CudaAllocator(CudaBackend backend) {
        this.backend = backend;
    }

    /** The size class of a request of {@code bytes}. */
    static long sizeClass(long bytes) {
        if (bytes <= 512) {
            return 512;
        }
        long pow = Long.highestOneBit(bytes - 1);
        long quarter = Math.max(pow / 4, 1);
        return (bytes + quarter - 1) / quarter * quarter;
    }

    /** A block of at least {@code bytes}, from the cache when one of its class is free. */
    synchronized Block acquire(long bytes) {
        long cls = sizeClass(bytes);
        ArrayDeque<Block> list = free.get(cls);
        if (list != null && !list.isEmpty()) {
            Block b = list.pop();
            cachedBytes -= cls;
            liveBytes += cls;
            return b;
        }
        backend.bind();
        DevicePointer p = new DevicePointer();
        int rc = cuMemAlloc(p, cls);
        if (rc == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            long had = cachedBytes;
            emptyCacheLocked();
            rc = cuMemAlloc(p, cls);
            if (rc == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
                rc = reclaimUnreachable(p, cls);
            }
            if (rc == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
                long[] fr = {0};
                long[] tot = {0};
                cuMemGetInfo(fr, tot);
                throw new IllegalStateException("CUDA out of memory on " + backend.device() + ": tried to allocate "
                        + bytes + " bytes (" + cls + " with rounding); grad4j holds " + liveBytes
                        + " bytes in live buffers and had " + had + " bytes cached (cache emptied and retried); device: "
                        + fr[0] + " bytes free of " + tot[0] + ". Release tensors you no longer need with a MemoryScope.");
            }
        }
        CudaErrors.checkDriver(rc, "cuMemAlloc(" + cls + " bytes)");
        mallocCount++;
        liveBytes += cls;
        return new Block(p, cls);
    }

    /** Returns {@code b} to its free list. */
    synchronized void release(Block b) {
        liveBytes -= b.bytes();
        cachedBytes += b.bytes();
        free.computeIfAbsent(b.bytes(), k -> new ArrayDeque<>()).push(b);
        notifyAll();
    }

    /**
     * Tensors the program dropped without a {@link org.grad4j.MemoryScope} hold their blocks until
     * the garbage collector runs their Cleaners: ask for a collection, let the Cleaner thread hand
     * the blocks back (waiting releases this monitor), free them, and try again a few times.
     */
    private int reclaimUnreachable(DevicePointer p, long cls) {
        System.gc();
        int rc = CUresult.CUDA_ERROR_OUT_OF_MEMORY;
        for (int attempt = 0; attempt < 5 && rc == CUresult.CUDA_ERROR_OUT_OF_MEMORY; attempt++) {
            try {
                wait(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            emptyCacheLocked();
            backend.bind();
            rc = cuMemAlloc(p, cls);
        }
        return rc;
    }

    /** Frees every cached block. */
    synchronized void emptyCache() {
        emptyCacheLocked();
    }

    private void emptyCacheLocked() {
        backend.bind();
        for (ArrayDeque<Block> list : free.values()) {
            for (Block b : list) {
                cuMemFree(b.ptr());
            }
        }
        free.clear();
        cachedBytes = 0;
    }

    synchronized long cachedBytes() {
        return cachedBytes;
    }

    synchronized long liveBytes() {
        return liveBytes;
    }

    /** How many times {@code cuMemAlloc} succeeded. */
    synchronized long mallocCount() {
        return mallocCount;
    }
}

package org.grad4j.cuda;

import java.lang.ref.Cleaner;

import jcuda.driver.CUdeviceptr;
import org.grad4j.DType;
import org.grad4j.spi.Backend;
import org.grad4j.spi.Buffer;

/**
 * Device memory of one {@link CudaBackend}. {@link #close()} hands the block back to the
 * backend's caching allocator at once; a buffer that becomes unreachable unclosed is handed back
 * by a {@link Cleaner} (later, when the garbage collector notices).
 */
final class CudaBuffer implements Buffer {
    private static final Cleaner CLEANER = Cleaner.create();

    /** Returns the block to the allocator exactly once; holds no reference to the buffer. */
    private static final class Release implements Runnable {
        private final CudaAllocator allocator;
        private final CudaAllocator.Block block;
        private volatile boolean done;

        Release(CudaAllocator allocator, CudaAllocator.Block block) {
            this.allocator = allocator;
            this.block = block;
        }

        @Override
        public void run() {
            done = true;
            if (block != null) {
                allocator.release(block);
            }
        }
    }

    private final CudaBackend backend;
    private final DType dtype;
    private final int length;
    private final CudaAllocator.Block block;
    private final Release release;
    private final Cleaner.Cleanable cleanable;

    CudaBuffer(CudaBackend backend, DType dtype, int length, CudaAllocator.Block block) {
        this.backend = backend;
        this.dtype = dtype;
        this.length = length;
        this.block = block;
        this.release = new Release(backend.allocator(), block);
        this.cleanable = CLEANER.register(this, release);
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    /** Bytes of data ({@code length} elements of {@link CudaBackend#elementBytes}: int32 and uint8 widened). */
    long bytes() {
        return (long) length * CudaBackend.elementBytes(dtype);
    }

    /** The device address; fails once closed. {@code null} for an empty buffer. */
    CUdeviceptr ptr() {
        if (release.done) {
            throw new IllegalStateException("cuda: buffer of " + length + " " + dtype.torchName()
                    + " on " + backend.device() + " used after close()");
        }
        return block == null ? null : block.ptr();
    }

    /** The device address as a number, for kernel arguments; fails once closed. 0 for an empty buffer. */
    long address() {
        CUdeviceptr p = ptr();
        return p == null ? 0 : block.ptr().address();
    }

    @Override
    public void close() {
        cleanable.clean();
    }

    @Override
    public String toString() {
        return "CudaBuffer[" + dtype.torchName() + " x " + length + " on " + backend.device()
                + (release.done ? ", closed]" : "]");
    }
}

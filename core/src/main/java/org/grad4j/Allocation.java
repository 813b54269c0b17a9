package org.grad4j;

import java.util.function.Supplier;

import org.grad4j.spi.Backend;
import org.grad4j.spi.Buffer;

/**
 * Every tensor allocation goes through here, for two rules that must hold whoever calls:
 * <ul>
 *   <li>zero-fill: an output that the next kernel does not overwrite in full gets
 *       {@link Backend#allocate} (zero-filled); only a caller that writes every element may take
 *       {@link Backend#allocateUninitialized}, whose memory may hold a released tensor's values
 *       (the CPU array cache, CUDA's block cache);</li>
 *   <li>out of memory: a request the JVM or the device cannot satisfy becomes an
 *       {@link IllegalStateException} naming the op, the shape, the bytes needed and the memory
 *       available, instead of an {@link OutOfMemoryError}. Nothing was allocated, so the process goes on.</li>
 * </ul>
 */
final class Allocation {
    private Allocation() {
    }

    /**
     * The JVM's heap limit, read once: {@link Runtime#maxMemory()} is a native call, too slow for every
     * allocation of a small step, and the limit does not change while the JVM runs.
     */
    private static final long MAX_HEAP = Runtime.getRuntime().maxMemory();

    /** A zero-filled buffer for {@code shape}. */
    static Buffer zeroed(String op, int[] shape, DType dtype, Backend backend) {
        return allocate(op, shape, dtype, backend, true);
    }

    /** A buffer with unspecified contents: the caller overwrites every element before anyone reads it. */
    static Buffer uninitialized(String op, int[] shape, DType dtype, Backend backend) {
        return allocate(op, shape, dtype, backend, false);
    }

    private static Buffer allocate(String op, int[] shape, DType dtype, Backend backend, boolean zeroed) {
        int n = Shapes.numel(shape);
        long bytes = checkFits(op, shape, dtype, backend, n);
        try {
            return zeroed ? backend.allocate(dtype, n) : backend.allocateUninitialized(dtype, n);
        } catch (OutOfMemoryError e) {
            throw outOfMemory(op, shape, dtype, bytes, e);
        } catch (IllegalStateException e) {
            throw withRequest(op, shape, dtype, backend, bytes, e);
        }
    }

    /** The bytes {@code n} elements take; refuses a host request larger than the whole heap. */
    private static long checkFits(String op, int[] shape, DType dtype, Backend backend, int n) {
        long bytes = (long) n * dtype.byteSize();
        if (bytes > MAX_HEAP && (backend == null || backend.device().type().equals("cpu"))) {
            throw outOfMemory(op, shape, dtype, bytes, null);   // can never fit: do not make the JVM try
        }
        return bytes;
    }

    /** Runs {@code allocation} (an upload, a host array), turning an out-of-memory error into grad4j's error. */
    static <T> T guard(String op, int[] shape, DType dtype, Backend backend, Supplier<T> allocation) {
        long bytes = checkFits(op, shape, dtype, backend, Shapes.numel(shape));
        try {
            return allocation.get();
        } catch (OutOfMemoryError e) {
            throw outOfMemory(op, shape, dtype, bytes, e);
        } catch (IllegalStateException e) {
            throw withRequest(op, shape, dtype, backend, bytes, e);
        }
    }

    /** A device backend's own out-of-memory error (CUDA's allocator), with what was being allocated added. */
    private static IllegalStateException withRequest(String op, int[] shape, DType dtype, Backend backend, long bytes,
            IllegalStateException e) {
        String m = e.getMessage();
        if (m != null && m.contains("out of memory") && !m.startsWith(op + ":")) {
            return new IllegalStateException(op + ": out of memory for a tensor of shape " + Shapes.str(shape) + " ("
                    + dtype + ", " + bytes + " bytes) on " + (backend == null ? "the host" : backend.device())
                    + ": " + m, e);
        }
        return e;
    }

    static IllegalStateException outOfMemory(String op, int[] shape, DType dtype, long bytes, Throwable cause) {
        Runtime rt = Runtime.getRuntime();
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        IllegalStateException e = new IllegalStateException(op + ": out of memory for a tensor of shape "
                + Shapes.str(shape) + " (" + dtype + "): it needs " + bytes + " bytes; the Java heap has about "
                + available + " bytes available (maximum " + rt.maxMemory() + ", -Xmx)"
                + (cause != null && cause.getMessage() != null ? " [" + cause.getMessage() + "]" : "")
                + "; use a smaller shape or raise the memory limit");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}

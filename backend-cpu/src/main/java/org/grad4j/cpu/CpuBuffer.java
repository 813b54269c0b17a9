package org.grad4j.cpu;

import org.grad4j.DType;
import org.grad4j.spi.Backend;
import org.grad4j.spi.Buffer;

/**
 * A Java array: {@code double[]} for float64, {@code float[]} for float32, {@code long[]} for int64, int32 and
 * uint8 (the two narrow types widened: every integer kernel, gather and scatter serve all three; writes wrap
 * to the type and reads wrap again, so a raw copy of another buffer's longs, as scatter's accumulate makes,
 * reads correctly) and {@code byte[]} (0 or 1) for bool. Garbage-collected;
 * closing a large one hands its array to the backend's {@link ArrayCache} for the next output of
 * its length (core never touches a released tensor's buffer again), closing a small one does nothing.
 */
final class CpuBuffer implements Buffer {
    final DType dtype;
    final double[] d;
    final float[] f;
    /** int64, int32 or uint8 elements, or null. */
    final long[] l;
    /** bool elements (0 or 1), or null. */
    final byte[] z;
    private final CpuBackend backend;
    private boolean closed;

    CpuBuffer(CpuBackend backend, double[] data) {
        this.backend = backend;
        this.dtype = DType.FLOAT64;
        this.d = data;
        this.f = null;
        this.l = null;
        this.z = null;
    }

    CpuBuffer(CpuBackend backend, float[] data) {
        this.backend = backend;
        this.dtype = DType.FLOAT32;
        this.d = null;
        this.f = data;
        this.l = null;
        this.z = null;
    }

    CpuBuffer(CpuBackend backend, long[] data) {
        this(backend, data, DType.INT64);
    }

    /** An int64, int32 or uint8 buffer over {@code data} (whose values must already fit {@code dtype}). */
    CpuBuffer(CpuBackend backend, long[] data, DType dtype) {
        this.backend = backend;
        this.dtype = dtype;
        this.d = null;
        this.f = null;
        this.l = data;
        this.z = null;
    }

    CpuBuffer(CpuBackend backend, byte[] data) {
        this.backend = backend;
        this.dtype = DType.BOOL;
        this.d = null;
        this.f = null;
        this.l = null;
        this.z = data;
    }

    /** Element {@code i} widened to double (an int64 beyond 2^53 rounds; exact paths use {@link #getLong}). */
    double get(int i) {
        if (d != null) {
            return d[i];
        }
        if (f != null) {
            return f[i];
        }
        return l != null ? (double) wrap(l[i]) : z[i];
    }

    /** {@code v} as this buffer's integer type stores it: int32 keeps 32 bits, uint8 8 bits. */
    private long wrap(long v) {
        return dtype == DType.INT64 ? v : dtype == DType.INT32 ? (int) v : v & 0xFF;
    }

    /** Stores {@code v} converted to this buffer's dtype, as {@link DType#round} defines. */
    void set(int i, double v) {
        if (d != null) {
            d[i] = v;
        } else if (f != null) {
            f[i] = (float) v;
        } else if (l != null) {
            l[i] = dtype == DType.INT32 ? toInt32(v) : wrap(toLong(v));
        } else {
            z[i] = v != 0.0 ? (byte) 1 : (byte) 0;
        }
    }

    /** Element {@code i} as a long: exact for int64 and bool, converted like {@link #toLong} for floats. */
    long getLong(int i) {
        if (l != null) {
            return wrap(l[i]);
        }
        if (z != null) {
            return z[i];
        }
        return toLong(d != null ? d[i] : f[i]);
    }

    /** Stores {@code v} exactly in int64, as 0/1 in bool, rounded to nearest in a floating type. */
    void setLong(int i, long v) {
        if (l != null) {
            l[i] = wrap(v);
        } else if (z != null) {
            z[i] = v != 0 ? (byte) 1 : (byte) 0;
        } else if (d != null) {
            d[i] = v;
        } else {
            f[i] = v;
        }
    }

    /**
     * PyTorch's float-to-int64 conversion on x86 ({@code cvttsd2si}): truncation toward zero, and
     * {@code Long.MIN_VALUE} for NaN and values outside int64's range.
     */
    static long toLong(double v) {
        if (v >= 0x1p63 || !(v >= -0x1p63)) {
            return Long.MIN_VALUE;
        }
        return (long) v;
    }

    /** PyTorch's float-to-int32 conversion on x86: truncation, {@code Integer.MIN_VALUE} for NaN and out of range. */
    static int toInt32(double v) {
        if (v >= 0x1p31 || !(v > -0x1p31 - 1.0)) {
            return Integer.MIN_VALUE;
        }
        return (int) v;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public int length() {
        if (d != null) {
            return d.length;
        }
        if (f != null) {
            return f.length;
        }
        return l != null ? l.length : z.length;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public void close() {
        if (length() < ArrayCache.MIN_LENGTH || !dtype.isFloatingPoint()) {
            return; // the garbage collector takes small arrays (and integer ones, which are not cached) cheaply
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (d != null) {
            backend.cache().give(d);
        } else {
            backend.cache().give(f);
        }
    }
}

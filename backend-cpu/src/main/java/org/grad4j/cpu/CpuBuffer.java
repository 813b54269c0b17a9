package org.grad4j.cpu;

import org.grad4j.DType;
import org.grad4j.spi.Backend;
import org.grad4j.spi.Buffer;

/**
 * A Java array: {@code double[]} for float64, {@code float[]} for float32. Garbage-collected;
 * closing a large one hands its array to the backend's {@link ArrayCache} for the next output of
 * its length (core never touches a released tensor's buffer again), closing a small one does nothing.
 */
final class CpuBuffer implements Buffer {
    final DType dtype;
    final double[] d;
    final float[] f;
    private final CpuBackend backend;
    private boolean closed;

    CpuBuffer(CpuBackend backend, double[] data) {
        this.backend = backend;
        this.dtype = DType.FLOAT64;
        this.d = data;
        this.f = null;
    }

    CpuBuffer(CpuBackend backend, float[] data) {
        this.backend = backend;
        this.dtype = DType.FLOAT32;
        this.d = null;
        this.f = data;
    }

    double get(int i) {
        return d != null ? d[i] : f[i];
    }

    void set(int i, double v) {
        if (d != null) {
            d[i] = v;
        } else {
            f[i] = (float) v;
        }
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public int length() {
        return d != null ? d.length : f.length;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public void close() {
        if (length() < ArrayCache.MIN_LENGTH) {
            return; // the garbage collector takes small arrays cheaply
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

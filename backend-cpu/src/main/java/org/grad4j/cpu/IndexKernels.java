package org.grad4j.cpu;

import org.grad4j.spi.Strided;

/**
 * gather, scatter and where over strided operands, one odometer walk in row-major order on the calling
 * thread: scatter's accumulation order is the index order, so results never depend on threads.
 */
final class IndexKernels {
    private IndexKernels() {
    }

    /** Offsets of three operands walked together over {@code shape}. */
    private static final class Walk {
        final int[] shape;
        final int[][] strides;
        final int[] index;
        final int[] at;

        Walk(int[] shape, Strided... ops) {
            this.shape = shape;
            this.strides = new int[ops.length][];
            this.at = new int[ops.length];
            for (int k = 0; k < ops.length; k++) {
                strides[k] = ops[k].strides();
                at[k] = ops[k].offset();
            }
            this.index = new int[shape.length];
        }

        void next() {
            for (int d = shape.length - 1; d >= 0; d--) {
                for (int k = 0; k < at.length; k++) {
                    at[k] += strides[k][d];
                }
                if (++index[d] < shape[d]) {
                    return;
                }
                for (int k = 0; k < at.length; k++) {
                    at[k] -= strides[k][d] * shape[d];
                }
                index[d] = 0;
            }
        }
    }

    static long count(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    static void gather(int[] shape, Strided src, int srcDimStride, Strided index, Strided out) {
        long n = count(shape);
        CpuBuffer s = (CpuBuffer) src.buffer();
        long[] ix = ((CpuBuffer) index.buffer()).l;
        CpuBuffer o = (CpuBuffer) out.buffer();
        Walk w = new Walk(shape, src, index, out);
        for (long i = 0; i < n; i++, w.next()) {
            int from = w.at[0] + (int) ix[w.at[1]] * srcDimStride;
            int to = w.at[2];
            if (o.d != null) {
                o.d[to] = s.d[from];
            } else if (o.f != null) {
                o.f[to] = s.f[from];
            } else if (o.l != null) {
                o.l[to] = s.l[from];
            } else {
                o.z[to] = s.z[from];
            }
        }
    }

    static void scatter(int[] shape, Strided src, Strided index, Strided out, int outDimStride, boolean accumulate) {
        long n = count(shape);
        CpuBuffer s = (CpuBuffer) src.buffer();
        long[] ix = ((CpuBuffer) index.buffer()).l;
        CpuBuffer o = (CpuBuffer) out.buffer();
        Walk w = new Walk(shape, src, index, out);
        for (long i = 0; i < n; i++, w.next()) {
            int from = w.at[0];
            int to = w.at[2] + (int) ix[w.at[1]] * outDimStride;
            if (o.d != null) {
                o.d[to] = accumulate ? o.d[to] + s.d[from] : s.d[from];
            } else if (o.f != null) {
                o.f[to] = accumulate ? o.f[to] + s.f[from] : s.f[from];
            } else if (o.l != null) {
                o.l[to] = accumulate ? o.l[to] + s.l[from] : s.l[from];
            } else {
                o.z[to] = accumulate ? (byte) (o.z[to] | s.z[from]) : s.z[from];
            }
        }
    }

    static void where(int[] shape, Strided cond, Strided a, Strided b, Strided out) {
        long n = count(shape);
        byte[] c = ((CpuBuffer) cond.buffer()).z;
        CpuBuffer x = (CpuBuffer) a.buffer();
        CpuBuffer y = (CpuBuffer) b.buffer();
        CpuBuffer o = (CpuBuffer) out.buffer();
        Walk w = new Walk(shape, cond, a, b, out);
        for (long i = 0; i < n; i++, w.next()) {
            boolean t = c[w.at[0]] != 0;
            int p = w.at[1];
            int q = w.at[2];
            int to = w.at[3];
            if (o.d != null) {
                o.d[to] = t ? x.d[p] : y.d[q];
            } else if (o.f != null) {
                o.f[to] = t ? x.f[p] : y.f[q];
            } else if (o.l != null) {
                o.l[to] = t ? x.l[p] : y.l[q];
            } else {
                o.z[to] = t ? x.z[p] : y.z[q];
            }
        }
    }
}

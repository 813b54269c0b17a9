package org.grad4j.cpu;

import java.util.Arrays;

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

    /** The shape without its last dimension (rows of the walk); a 0-d shape is one row of one element. */
    private static int[] outerShape(int[] shape) {
        return shape.length == 0 ? shape : Arrays.copyOf(shape, shape.length - 1);
    }

    private static Strided outer(Strided s, int rank) {
        return rank == 0 ? s : new Strided(s.buffer(), s.offset(), Arrays.copyOf(s.strides(), rank - 1));
    }

    private static int last(Strided s, int rank) {
        return rank == 0 ? 0 : s.strides()[rank - 1];
    }

    static void gather(int[] shape, Strided src, int srcDimStride, Strided index, Strided out) {
        int r = shape.length;
        int inner = r == 0 ? 1 : shape[r - 1];
        long rows = count(outerShape(shape));
        if (inner == 0 || rows == 0) {
            return;
        }
        CpuBuffer s = (CpuBuffer) src.buffer();
        long[] ix = ((CpuBuffer) index.buffer()).l;
        CpuBuffer o = (CpuBuffer) out.buffer();
        int ss = last(src, r);
        int si = last(index, r);
        int so = last(out, r);
        Walk w = new Walk(outerShape(shape), outer(src, r), outer(index, r), outer(out, r));
        for (long row = 0; row < rows; row++, w.next()) {
            int p = w.at[0];
            int q = w.at[1];
            int t = w.at[2];
            // one dtype test per row; the inner loop is a plain strided copy
            if (o.d != null) {
                for (int j = 0; j < inner; j++, p += ss, q += si, t += so) {
                    o.d[t] = s.d[p + (int) ix[q] * srcDimStride];
                }
            } else if (o.f != null) {
                for (int j = 0; j < inner; j++, p += ss, q += si, t += so) {
                    o.f[t] = s.f[p + (int) ix[q] * srcDimStride];
                }
            } else if (o.l != null) {
                for (int j = 0; j < inner; j++, p += ss, q += si, t += so) {
                    o.l[t] = s.l[p + (int) ix[q] * srcDimStride];
                }
            } else {
                for (int j = 0; j < inner; j++, p += ss, q += si, t += so) {
                    o.z[t] = s.z[p + (int) ix[q] * srcDimStride];
                }
            }
        }
    }

    /** Row-major order over {@code shape}, one element at a time: repeated indices add in index order. */
    static void scatter(int[] shape, Strided src, Strided index, Strided out, int outDimStride, boolean accumulate) {
        int r = shape.length;
        int inner = r == 0 ? 1 : shape[r - 1];
        long rows = count(outerShape(shape));
        if (inner == 0 || rows == 0) {
            return;
        }
        CpuBuffer s = (CpuBuffer) src.buffer();
        long[] ix = ((CpuBuffer) index.buffer()).l;
        CpuBuffer o = (CpuBuffer) out.buffer();
        int ss = last(src, r);
        int si = last(index, r);
        int so = last(out, r);
        Walk w = new Walk(outerShape(shape), outer(src, r), outer(index, r), outer(out, r));
        for (long row = 0; row < rows; row++, w.next()) {
            int p = w.at[0];
            int q = w.at[1];
            int t = w.at[2];
            for (int j = 0; j < inner; j++, p += ss, q += si, t += so) {
                int to = t + (int) ix[q] * outDimStride;
                if (o.d != null) {
                    o.d[to] = accumulate ? o.d[to] + s.d[p] : s.d[p];
                } else if (o.f != null) {
                    o.f[to] = accumulate ? o.f[to] + s.f[p] : s.f[p];
                } else if (o.l != null) {
                    o.l[to] = accumulate ? o.l[to] + s.l[p] : s.l[p];
                } else {
                    o.z[to] = accumulate ? (byte) (o.z[to] | s.z[p]) : s.z[p];
                }
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

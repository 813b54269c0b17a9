package org.grad4j.cpu;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

import org.grad4j.spi.Strided;

/**
 * gather, scatter and where over strided operands: an odometer walk over the rows in row-major order (the
 * typed loop of each row is {@link IndexRowsF64}'s twin for the output's array). Scatter runs on the calling
 * thread, its accumulation order being the index order, so results never depend on threads.
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

        /** Moves to row-major position {@code k} from the start (the walk must be at the start). */
        void seek(long k) {
            for (int d = shape.length - 1; d >= 0 && k > 0; d--) {
                int i = (int) (k % shape[d]);
                k /= shape[d];
                index[d] = i;
                for (int op = 0; op < at.length; op++) {
                    at[op] += strides[op][d] * i;
                }
            }
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

    /**
     * Whether every {@code v[from, from + n)} lies in {@code [0, size)}: {@code x | (size - 1 - x)} is
     * negative exactly when x is out of range (no overflow for size >= 1), so the test is one OR
     * reduction, which C2 vectorises; split across threads when large.
     */
    static boolean allInRange(long[] v, int from, int n, long size) {
        if (size <= 0) {
            return false;
        }
        long limit = size - 1;
        if (!Workers.splits(n)) {
            return orRange(v, from, from + n, limit) >= 0;
        }
        java.util.concurrent.atomic.AtomicLong acc = new java.util.concurrent.atomic.AtomicLong();
        Workers.forRange(n, GRAIN, (a, b) -> {
            long r = orRange(v, from + a, from + b, limit);
            acc.accumulateAndGet(r, (x, y) -> x | y);
        });
        return acc.get() >= 0;
    }

    private static long orRange(long[] v, int from, int to, long limit) {
        long acc = 0;
        for (int i = from; i < to; i++) {
            long x = v[i];
            acc |= x | (limit - x);
        }
        return acc;
    }

    /** Rows (or elements of one row) per piece of a split gather. */
    private static final int GRAIN = Workers.PARALLEL_MIN / 4;

    /** {@link #gather(int[], Strided, int, Strided, Strided, long)} for indices core has already checked. */
    static void gather(int[] shape, Strided src, int srcDimStride, Strided index, Strided out) {
        gather(shape, src, srcDimStride, index, out, Long.MAX_VALUE);
    }

    /**
     * Each output element is written once from its own index, so a large gather is split across the
     * worker threads (by rows, or along the single row of a 1-d gather): the same bits on any thread count.
     * Every index is tested against {@code [0, size)} as it is read (one compare, no pass of its own);
     * on the first that fails the piece stops, and the answer is false with {@code out} partly written.
     *
     * @return whether every index lay in {@code [0, size)} (then {@code out} is written whole)
     */
    static boolean gather(int[] shape, Strided src, int srcDimStride, Strided index, Strided out, long size) {
        int r = shape.length;
        int inner = r == 0 ? 1 : shape[r - 1];
        int[] outer = outerShape(shape);
        long rows = count(outer);
        if (inner == 0 || rows == 0) {
            return true;
        }
        if (size <= 0) {
            return false;
        }
        long limit = size - 1;
        CpuBuffer s = (CpuBuffer) src.buffer();
        long[] ix = ((CpuBuffer) index.buffer()).l;
        CpuBuffer o = (CpuBuffer) out.buffer();
        int ss = last(src, r);
        int si = last(index, r);
        int so = last(out, r);
        Strided os = outer(src, r);
        Strided oi = outer(index, r);
        Strided oo = outer(out, r);
        if (!Workers.splits(rows * inner)) {
            return gatherRows(outer, os, oi, oo, 0, (int) rows, s, ix, o, ss, si, so, inner, srcDimStride, limit);
        }
        AtomicBoolean bad = new AtomicBoolean();
        if (rows == 1) {
            int p = src.offset();
            int q = index.offset();
            int t = out.offset();
            Workers.forRange(inner, GRAIN, (from, to) -> {
                if (!bad.get() && !gatherRow(s, p + from * ss, ss, ix, q + from * si, si, o, t + from * so, so,
                        to - from, srcDimStride, limit)) {
                    bad.set(true);
                }
            });
        } else {
            Workers.forRange((int) rows, Math.max(1, GRAIN / inner), (from, to) -> {
                if (!bad.get() && !gatherRows(outer, os, oi, oo, from, to, s, ix, o, ss, si, so, inner, srcDimStride,
                        limit)) {
                    bad.set(true);
                }
            });
        }
        return !bad.get();
    }

    /** Rows [from, to) of the walk over {@code outer}; false at the first index outside {@code [0, limit]}. */
    private static boolean gatherRows(int[] outer, Strided os, Strided oi, Strided oo, int from, int to, CpuBuffer s,
            long[] ix, CpuBuffer o, int ss, int si, int so, int inner, int srcDimStride, long limit) {
        Walk w = new Walk(outer, os, oi, oo);
        w.seek(from);
        for (int row = from; row < to; row++, w.next()) {
            if (!gatherRow(s, w.at[0], ss, ix, w.at[1], si, o, w.at[2], so, inner, srcDimStride, limit)) {
                return false;
            }
        }
        return true;
    }

    /** One row: one dtype test, then the output array's own loop ({@link IndexRowsF64#gather}). */
    private static boolean gatherRow(CpuBuffer s, int p, int ss, long[] ix, int q, int si, CpuBuffer o, int t, int so,
            int n, int dim, long limit) {
        if (o.f != null) {
            return IndexRowsF32.gather(s.f, p, ss, ix, q, si, o.f, t, so, n, dim, limit);
        } else if (o.d != null) {
            return IndexRowsF64.gather(s.d, p, ss, ix, q, si, o.d, t, so, n, dim, limit);
        } else if (o.l != null) {
            return IndexRowsI64.gather(s.l, p, ss, ix, q, si, o.l, t, so, n, dim, limit);
        }
        return IndexRowsBool.gather(s.z, p, ss, ix, q, si, o.z, t, so, n, dim, limit);
    }

    /** Row-major order over {@code shape}, row by row: repeated indices add in index order. */
    static void scatter(int[] shape, Strided src, Strided index, Strided out, int outDimStride, boolean accumulate) {
        int r = shape.length;
        int n = r == 0 ? 1 : shape[r - 1];
        long rows = count(outerShape(shape));
        if (n == 0 || rows == 0) {
            return;
        }
        CpuBuffer s = (CpuBuffer) src.buffer();
        long[] ix = ((CpuBuffer) index.buffer()).l;
        CpuBuffer o = (CpuBuffer) out.buffer();
        int ss = last(src, r);
        int si = last(index, r);
        int so = last(out, r);
        int dim = outDimStride;
        Walk w = new Walk(outerShape(shape), outer(src, r), outer(index, r), outer(out, r));
        for (long row = 0; row < rows; row++, w.next()) {
            int p = w.at[0];
            int q = w.at[1];
            int t = w.at[2];
            if (o.f != null) {
                IndexRowsF32.scatter(s.f, p, ss, ix, q, si, o.f, t, so, n, dim, accumulate);
            } else if (o.d != null) {
                IndexRowsF64.scatter(s.d, p, ss, ix, q, si, o.d, t, so, n, dim, accumulate);
            } else if (o.l != null) {
                IndexRowsI64.scatter(s.l, p, ss, ix, q, si, o.l, t, so, n, dim, accumulate);
            } else {
                IndexRowsBool.scatter(s.z, p, ss, ix, q, si, o.z, t, so, n, dim, accumulate);
            }
        }
    }

    /** Scatter's accumulation, per array type: a sum, and OR for bool. */
    static double accumulate(double a, double b) {
        return a + b;
    }

    static float accumulate(float a, float b) {
        return a + b;
    }

    static long accumulate(long a, long b) {
        return a + b;
    }

    static byte accumulate(byte a, byte b) {
        return (byte) (a | b);
    }

    static void where(int[] shape, Strided cond, Strided a, Strided b, Strided out) {
        int r = shape.length;
        int n = r == 0 ? 1 : shape[r - 1];
        long rows = count(outerShape(shape));
        if (n == 0 || rows == 0) {
            return;
        }
        byte[] c = ((CpuBuffer) cond.buffer()).z;
        CpuBuffer x = (CpuBuffer) a.buffer();
        CpuBuffer y = (CpuBuffer) b.buffer();
        CpuBuffer o = (CpuBuffer) out.buffer();
        int sc = last(cond, r);
        int sx = last(a, r);
        int sy = last(b, r);
        int so = last(out, r);
        Walk w = new Walk(outerShape(shape), outer(cond, r), outer(a, r), outer(b, r), outer(out, r));
        for (long row = 0; row < rows; row++, w.next()) {
            int k = w.at[0];
            int p = w.at[1];
            int q = w.at[2];
            int t = w.at[3];
            if (o.f != null) {
                IndexRowsF32.where(c, k, sc, x.f, p, sx, y.f, q, sy, o.f, t, so, n);
            } else if (o.d != null) {
                IndexRowsF64.where(c, k, sc, x.d, p, sx, y.d, q, sy, o.d, t, so, n);
            } else if (o.l != null) {
                IndexRowsI64.where(c, k, sc, x.l, p, sx, y.l, q, sy, o.l, t, so, n);
            } else {
                IndexRowsBool.where(c, k, sc, x.z, p, sx, y.z, q, sy, o.z, t, so, n);
            }
        }
    }
}

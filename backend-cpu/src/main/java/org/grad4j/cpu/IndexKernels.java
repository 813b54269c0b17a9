package org.grad4j.cpu;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

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

    /**
     * One row: one dtype test, then a plain loop (a unit-stride one for contiguous index and output).
     * {@code (x | (limit - x)) < 0} exactly when index x is outside {@code [0, limit]} (no overflow for
     * {@code limit >= 0}): tested before x addresses anything, so a bad index never reads out of bounds.
     */
    private static boolean gatherRow(CpuBuffer s, int p, int ss, long[] ix, int q, int si, CpuBuffer o, int t, int so,
            int n, int dim, long limit) {
        if (si == 0 && ss == 1 && so == 1) {
            // one index for the whole row (index_select of rows, embedding lookups): a row copy
            long x = ix[q];
            if ((x | (limit - x)) < 0) {
                return false;
            }
            int from = p + (int) x * dim;
            if (o.f != null) {
                System.arraycopy(s.f, from, o.f, t, n);
            } else if (o.d != null) {
                System.arraycopy(s.d, from, o.d, t, n);
            } else if (o.l != null) {
                System.arraycopy(s.l, from, o.l, t, n);
            } else {
                System.arraycopy(s.z, from, o.z, t, n);
            }
            return true;
        }
        if (ss == 0 && si == 1 && so == 1) {
            if (o.f != null) {
                float[] sv = s.f;
                float[] ov = o.f;
                for (int j = 0; j < n; j++) {
                    long x = ix[q + j];
                    if ((x | (limit - x)) < 0) {
                        return false;
                    }
                    ov[t + j] = sv[p + (int) x * dim];
                }
            } else if (o.d != null) {
                double[] sv = s.d;
                double[] ov = o.d;
                for (int j = 0; j < n; j++) {
                    long x = ix[q + j];
                    if ((x | (limit - x)) < 0) {
                        return false;
                    }
                    ov[t + j] = sv[p + (int) x * dim];
                }
            } else if (o.l != null) {
                long[] sv = s.l;
                long[] ov = o.l;
                for (int j = 0; j < n; j++) {
                    long x = ix[q + j];
                    if ((x | (limit - x)) < 0) {
                        return false;
                    }
                    ov[t + j] = sv[p + (int) x * dim];
                }
            } else {
                byte[] sv = s.z;
                byte[] ov = o.z;
                for (int j = 0; j < n; j++) {
                    long x = ix[q + j];
                    if ((x | (limit - x)) < 0) {
                        return false;
                    }
                    ov[t + j] = sv[p + (int) x * dim];
                }
            }
            return true;
        }
        if (o.d != null) {
            for (int j = 0; j < n; j++, p += ss, q += si, t += so) {
                long x = ix[q];
                if ((x | (limit - x)) < 0) {
                    return false;
                }
                o.d[t] = s.d[p + (int) x * dim];
            }
        } else if (o.f != null) {
            for (int j = 0; j < n; j++, p += ss, q += si, t += so) {
                long x = ix[q];
                if ((x | (limit - x)) < 0) {
                    return false;
                }
                o.f[t] = s.f[p + (int) x * dim];
            }
        } else if (o.l != null) {
            for (int j = 0; j < n; j++, p += ss, q += si, t += so) {
                long x = ix[q];
                if ((x | (limit - x)) < 0) {
                    return false;
                }
                o.l[t] = s.l[p + (int) x * dim];
            }
        } else {
            for (int j = 0; j < n; j++, p += ss, q += si, t += so) {
                long x = ix[q];
                if ((x | (limit - x)) < 0) {
                    return false;
                }
                o.z[t] = s.z[p + (int) x * dim];
            }
        }
        return true;
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

package org.grad4j.cpu;

import java.util.concurrent.atomic.AtomicLong;

import org.grad4j.DType;
import org.grad4j.spi.ReduceOp;

/**
 * int64 MAX and ARGMAX read straight from the {@code long[]} (no per-element dtype dispatch), in four
 * independent compare chains, large ones split over {@link Workers}: exact, so any split gives the same
 * result. MAX takes a contiguous input reduced over trailing dims (rows, or all of it); ARGMAX any layout
 * of its single reduced dim. Everything else (other dtypes, layouts, ops) is declined to
 * {@link IntKernels#reduce}.
 */
final class Int64Reductions {
    private Int64Reductions() {
    }

    /** Elements per piece of a split reduction. */
    private static final int GRAIN = Workers.PARALLEL_MIN / 4;

    /** Whether this class computed {@code op}; false (nothing written) where it declines. */
    static boolean run(ReduceOp op, int[] shape, CpuBuffer in, int offset, int[] strides, boolean[] reduced,
            CpuBuffer out) {
        if (in.dtype != DType.INT64 || out.dtype != DType.INT64 || Loops.numel(shape) == 0) {
            return false;
        }
        if (op == ReduceOp.MAX) {
            return max(shape, in.l, offset, strides, reduced, out.l);
        }
        if (op == ReduceOp.ARGMAX) {
            return argmax(shape, in.l, offset, strides, reduced, out.l);
        }
        return false;
    }

    /** Rows of a contiguous input whose reduced dims are the trailing ones: {@code out[r]} is row r's maximum. */
    private static boolean max(int[] shape, long[] v, int offset, int[] strides, boolean[] reduced, long[] out) {
        if (Loops.flatStride(shape, strides) != 1) {
            return false;
        }
        int rows = 1;
        int len = 1;
        boolean inReduced = false;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) {
                continue;
            }
            if (reduced[d]) {
                inReduced = true;
                len *= shape[d];
            } else if (inReduced) {
                return false;   // a kept dim inside the reduced ones: not rows
            } else {
                rows *= shape[d];
            }
        }
        int n = len;
        if (!Workers.splits((long) rows * len)) {
            for (int r = 0; r < rows; r++) {
                out[r] = maxRow(v, offset + r * n, n);
            }
        } else if (rows == 1) {
            AtomicLong acc = new AtomicLong(Long.MIN_VALUE);
            Workers.forRange(n, GRAIN, (from, to) -> {
                long m = maxRow(v, offset + from, to - from);
                acc.accumulateAndGet(m, Math::max);
            });
            out[0] = acc.get();
        } else {
            Workers.forRange(rows, Math.max(1, GRAIN / n), (from, to) -> {
                for (int r = from; r < to; r++) {
                    out[r] = maxRow(v, offset + r * n, n);
                }
            });
        }
        return true;
    }

    /** The maximum of {@code v[from, from + len)}, {@code len >= 1}, in four chains. */
    static long maxRow(long[] v, int from, int len) {
        long m0 = v[from];
        long m1 = m0;
        long m2 = m0;
        long m3 = m0;
        int i = from + 1;
        int end = from + len;
        for (; i + 3 < end; i += 4) {
            m0 = Math.max(m0, v[i]);
            m1 = Math.max(m1, v[i + 1]);
            m2 = Math.max(m2, v[i + 2]);
            m3 = Math.max(m3, v[i + 3]);
        }
        for (; i < end; i++) {
            m0 = Math.max(m0, v[i]);
        }
        return Math.max(Math.max(m0, m1), Math.max(m2, m3));
    }

    /** The first index of the maximum along the single reduced dim, rows split over the workers. */
    private static boolean argmax(int[] shape, long[] v, int offset, int[] strides, boolean[] reduced, long[] out) {
        int axis = 0;
        while (axis < shape.length && !reduced[axis]) {
            axis++;
        }
        if (axis == shape.length) {
            return false;   // 0-d: IntKernels writes its 0
        }
        int len = shape[axis];
        int step = strides[axis];
        int[] kept = shape.clone();
        kept[axis] = 1;
        int rows = Loops.numel(kept);
        Workers.Range body = (from, to) -> {
            for (int o = from; o < to; o++) {
                int rem = o;
                int base = offset;
                for (int d = kept.length - 1; d >= 0; d--) {
                    base += (rem % kept[d]) * strides[d];
                    rem /= kept[d];
                }
                out[o] = step == 1 ? argmaxContiguous(v, base, len) : argmaxStrided(v, base, step, len);
            }
        };
        if (Workers.splits((long) rows * len)) {
            Workers.forRange(rows, Math.max(1, GRAIN / len), body);
        } else {
            body.run(0, rows);
        }
        return true;
    }

    private static int argmaxStrided(long[] v, int base, int step, int len) {
        int best = 0;
        long bestValue = v[base];
        for (int p = 1, at = base + step; p < len; p++, at += step) {
            long x = v[at];
            if (x > bestValue) {
                best = p;
                bestValue = x;
            }
        }
        return best;
    }

    /**
     * {@link #argmaxStrided} of a unit-stride row in four interleaved lanes: each keeps its first maximum
     * (strict {@code >}), then the lanes merge by value, ties to the lower index: the row's first maximum.
     */
    static int argmaxContiguous(long[] v, int base, int len) {
        if (len < 8) {
            return argmaxStrided(v, base, 1, len);
        }
        long b0 = v[base];
        long b1 = v[base + 1];
        long b2 = v[base + 2];
        long b3 = v[base + 3];
        int i0 = 0;
        int i1 = 1;
        int i2 = 2;
        int i3 = 3;
        int p = 4;
        for (; p + 3 < len; p += 4) {
            long x0 = v[base + p];
            long x1 = v[base + p + 1];
            long x2 = v[base + p + 2];
            long x3 = v[base + p + 3];
            if (x0 > b0) {
                b0 = x0;
                i0 = p;
            }
            if (x1 > b1) {
                b1 = x1;
                i1 = p + 1;
            }
            if (x2 > b2) {
                b2 = x2;
                i2 = p + 2;
            }
            if (x3 > b3) {
                b3 = x3;
                i3 = p + 3;
            }
        }
        for (; p < len; p++) {
            long x = v[base + p];
            if (x > b0) {
                b0 = x;
                i0 = p;
            }
        }
        // merge: the larger value, or the same value at a lower index
        if (b1 > b0 || (b1 == b0 && i1 < i0)) {
            b0 = b1;
            i0 = i1;
        }
        if (b2 > b0 || (b2 == b0 && i2 < i0)) {
            b0 = b2;
            i0 = i2;
        }
        if (b3 > b0 || (b3 == b0 && i3 < i0)) {
            i0 = i3;
        }
        return i0;
    }
}

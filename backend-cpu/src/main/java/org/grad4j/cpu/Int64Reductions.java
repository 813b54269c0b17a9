package org.grad4j.cpu;

import java.util.concurrent.atomic.AtomicLong;

import org.grad4j.DType;
import org.grad4j.spi.ReduceOp;

/**
 * int64 MAX read straight from the {@code long[]} (no per-element dtype dispatch), in four independent
 * compare chains, large ones split over {@link Workers}: exact, so any split gives the same result. It takes
 * a contiguous input reduced over trailing dims (rows, or all of it). Everything else (other dtypes,
 * layouts, ops) is declined to {@link IntKernels#reduce}; ARGMAX of every dtype is {@link ReduceKernels#argmax}.
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
        return op == ReduceOp.MAX && max(shape, in.l, offset, strides, reduced, out.l);
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
}

package org.grad4j.cpu;

import java.util.Arrays;

import org.grad4j.DType;
import org.grad4j.spi.ReduceOp;

/**
 * Reductions: sums in PyTorch's order ({@link TorchSum}); max visits every element once in row-major order;
 * argmax, of every dtype, scans each row with the twin of {@link ArgmaxF64} for its array.
 */
final class ReduceKernels {
    private ReduceKernels() {
    }

    static void run(ReduceOp op, int[] shape, CpuBuffer in, int offset, int[] strides, boolean[] reduced, CpuBuffer out) {
        int[] outStrides = outStrides(shape, reduced);
        int outLength = outLength(shape, reduced);
        if (op == ReduceOp.ARGMAX) {
            argmax(shape, in, offset, strides, reduced, out);
            return;
        }
        if (op == ReduceOp.SUM) {
            TorchSum.sum(shape, in, offset, strides, outStrides, out, outLength);
            return;
        }
        double[] acc = out.d != null ? out.d : new double[outLength];
        Arrays.fill(acc, 0, outLength, Double.NEGATIVE_INFINITY);
        Loops.forEachRow(shape, strides, null, outStrides, offset, 0, 0, (ia, sa, ib, sb, io, so, n) -> {
            for (int i = 0; i < n; i++) {
                double x = in.get(ia + i * sa);
                double cur = acc[io + i * so];
                if (x > cur || Double.isNaN(x)) {
                    if (!Double.isNaN(cur)) {
                        acc[io + i * so] = x;
                    }
                }
            }
        });
        if (out.f != null) {
            for (int i = 0; i < outLength; i++) {
                out.f[i] = (float) acc[i];
            }
        }
    }

    /** The output's stride for each input dim: 0 on a reduced dim, row-major over the kept dims. */
    static int[] outStrides(int[] shape, boolean[] reduced) {
        int[] outStrides = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            outStrides[d] = reduced[d] ? 0 : s;
            s *= reduced[d] ? 1 : shape[d];
        }
        return outStrides;
    }

    /** The number of output elements: the product of the kept dims. */
    static int outLength(int[] shape, boolean[] reduced) {
        int n = 1;
        for (int d = 0; d < shape.length; d++) {
            n *= reduced[d] ? 1 : shape[d];
        }
        return n;
    }

    /**
     * First index of the maximum along the single reduced axis, for every dtype (a NaN counts as the
     * maximum), written with {@link CpuBuffer#setLong} (int64 indices, or float ones for max's backward).
     * Rows split over the workers; each row is scanned by one thread, so any split gives the same answer.
     */
    static void argmax(int[] shape, CpuBuffer in, int offset, int[] strides, boolean[] reduced, CpuBuffer out) {
        int axis = 0;
        while (axis < shape.length && !reduced[axis]) {
            axis++;
        }
        if (axis == shape.length) {
            // 0-d input: the index is 0.
            out.setLong(0, 0);
            return;
        }
        int len = shape[axis];
        int step = strides[axis];
        int[] kept = shape.clone();
        kept[axis] = 1;
        int rows = Loops.numel(kept);
        Workers.Range body = (from, to) -> {
            if (in.f != null) {
                ArgmaxF32.rows(in.f, offset, kept, strides, step, len, out, from, to);
            } else if (in.d != null) {
                ArgmaxF64.rows(in.d, offset, kept, strides, step, len, out, from, to);
            } else if (in.dtype == DType.INT64) {
                ArgmaxI64.rows(in.l, offset, kept, strides, step, len, out, from, to);
            } else {
                for (int o = from; o < to; o++) {
                    out.setLong(o, argmaxWrapped(in, rowBase(o, offset, kept, strides), step, len));
                }
            }
        };
        if (Workers.splits((long) rows * len)) {
            Workers.forRange(rows, Math.max(1, Workers.PARALLEL_MIN / 4 / len), body);
        } else {
            body.run(0, rows);
        }
    }

    /**
     * Contiguous rows at least this long take {@link ArgmaxF64}'s four-lane loop, per array type (overloads,
     * so each generated twin gets its constant): shorter floating rows measured faster in the plain loop
     * (branchy lanes on short random rows), int64 ones not.
     */
    static int argmaxLanesMin(double[] v) {
        return 64;
    }

    static int argmaxLanesMin(float[] v) {
        return 64;
    }

    static int argmaxLanesMin(long[] v) {
        return 8;
    }

    /** The offset of output row {@code o}'s first element: o's row-major index over {@code kept}, in strides. */
    static int rowBase(int o, int offset, int[] kept, int[] strides) {
        int base = offset;
        for (int d = kept.length - 1; d >= 0; d--) {
            base += (o % kept[d]) * strides[d];
            o /= kept[d];
        }
        return base;
    }

    /** One row of int32, uint8 (their longs wrap on read) or bool. */
    private static int argmaxWrapped(CpuBuffer in, int base, int step, int len) {
        int best = 0;
        long bestValue = in.getLong(base);
        for (int p = 1; p < len; p++) {
            long x = in.getLong(base + p * step);
            if (x > bestValue) {
                best = p;
                bestValue = x;
            }
        }
        return best;
    }
}

package org.grad4j.cpu;

import java.util.Arrays;

import org.grad4j.spi.ReduceOp;

/** Reductions: sums in PyTorch's order ({@link TorchSum}); max and argmax visit every element once in row-major order. */
final class ReduceKernels {
    private ReduceKernels() {
    }

    static void run(ReduceOp op, int[] shape, CpuBuffer in, int offset, int[] strides, boolean[] reduced, CpuBuffer out) {
        int[] outStrides = outStrides(shape, reduced);
        int outLength = outLength(shape, reduced);
        if (op == ReduceOp.ARGMAX) {
            argmax(shape, in, offset, strides, reduced, out, outStrides);
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

    /** First index of the maximum along the single reduced axis; a NaN counts as the maximum. */
    private static void argmax(int[] shape, CpuBuffer in, int offset, int[] strides, boolean[] reduced, CpuBuffer out,
                               int[] outStrides) {
        int axis = 0;
        while (axis < shape.length && !reduced[axis]) {
            axis++;
        }
        if (axis == shape.length) {
            // 0-d input: the index is 0.
            out.set(0, 0.0);
            return;
        }
        int len = shape[axis];
        int[] keptShape = shape.clone();
        keptShape[axis] = 1;
        int outN = 1;
        for (int d : keptShape) {
            outN *= d;
        }
        int step = strides[axis];
        int rows = outN;
        Workers.Range body = (from, to) -> {
            for (int o = from; o < to; o++) {
                int rem = o;
                int base = offset;
                for (int d = shape.length - 1; d >= 0; d--) {
                    base += (rem % keptShape[d]) * strides[d];
                    rem /= keptShape[d];
                }
                out.set(o, argmaxRow(in, base, step, len));
            }
        };
        if (Workers.splits((long) rows * len)) {
            Workers.forRange(rows, Math.max(1, Workers.PARALLEL_MIN / 4 / len), body);
        } else {
            body.run(0, rows);
        }
    }

    /** The first index of the maximum of one row, a NaN counting as the maximum: one dtype test, then array reads. */
    private static int argmaxRow(CpuBuffer in, int base, int step, int len) {
        int best = 0;
        if (in.f != null && step == 1 && len >= 64) {
            return argmaxContiguous(in.f, base, len);
        }
        if (in.f != null) {
            float[] v = in.f;
            float bestValue = v[base];
            for (int p = 1, at = base + step; p < len && bestValue == bestValue; p++, at += step) {
                float x = v[at];
                if (x > bestValue || x != x) {
                    best = p;
                    bestValue = x;
                }
            }
            return best;
        }
        if (in.d != null) {
            double[] v = in.d;
            double bestValue = v[base];
            for (int p = 1, at = base + step; p < len && bestValue == bestValue; p++, at += step) {
                double x = v[at];
                if (x > bestValue || x != x) {
                    best = p;
                    bestValue = x;
                }
            }
            return best;
        }
        double bestValue = in.get(base);
        for (int p = 1; p < len && !Double.isNaN(bestValue); p++) {
            double x = in.get(base + p * step);
            if (x > bestValue || Double.isNaN(x)) {
                best = p;
                bestValue = x;
            }
        }
        return best;
    }

    /**
     * {@link #argmaxRow} of a contiguous float row in four interleaved lanes, so the compare-and-keep
     * chains run side by side: each lane keeps its first maximum (strict {@code >}), the lanes then
     * merge by value, ties to the lower index, which is the row's first maximum. A NaN compares false
     * everywhere, so it is tracked apart: the answer is then the first NaN.
     */
    private static int argmaxContiguous(float[] v, int base, int len) {
        float b0 = v[base];
        float b1 = v[base + 1];
        float b2 = v[base + 2];
        float b3 = v[base + 3];
        int i0 = 0;
        int i1 = 1;
        int i2 = 2;
        int i3 = 3;
        boolean nan = b0 != b0 || b1 != b1 || b2 != b2 || b3 != b3;
        int p = 4;
        for (; p + 3 < len; p += 4) {
            float x0 = v[base + p];
            float x1 = v[base + p + 1];
            float x2 = v[base + p + 2];
            float x3 = v[base + p + 3];
            nan |= x0 != x0 | x1 != x1 | x2 != x2 | x3 != x3;
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
            float x = v[base + p];
            nan |= x != x;
            if (x > b0) {
                b0 = x;
                i0 = p;
            }
        }
        if (nan) {
            for (int q = 0; q < len; q++) {
                if (v[base + q] != v[base + q]) {
                    return q;
                }
            }
        }
        int best = i0;
        float bestValue = b0;
        float[] bs = {b1, b2, b3};
        int[] is = {i1, i2, i3};
        for (int k = 0; k < 3; k++) {
            if (bs[k] > bestValue || (bs[k] == bestValue && is[k] < best)) {
                bestValue = bs[k];
                best = is[k];
            }
        }
        return best;
    }
}

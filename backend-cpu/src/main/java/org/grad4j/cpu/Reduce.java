package org.grad4j.cpu;

import java.util.Arrays;

import org.grad4j.spi.ReduceOp;

/** Reductions: sums in PyTorch's order ({@link TorchSum}); max and argmax visit every element once in row-major order. */
final class Reduce {
    private Reduce() {
    }

    static void run(ReduceOp op, int[] shape, CpuBuffer in, int offset, int[] strides, boolean[] reduced, CpuBuffer out) {
        int rank = shape.length;
        int[] outStrides = new int[rank];
        int s = 1;
        for (int d = rank - 1; d >= 0; d--) {
            outStrides[d] = reduced[d] ? 0 : s;
            s *= reduced[d] ? 1 : shape[d];
        }
        int outLength = s;
        if (op == ReduceOp.ARGMAX) {
            argmax(shape, in, offset, strides, reduced, out, outStrides);
            return;
        }
        if (op == ReduceOp.SUM) {
            TorchSum.sum(shape, in, offset, strides, reduced, out, outLength);
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
}

package org.grad4j.cpu;

/**
 * PyTorch's argmax of one row of a {@code double[]}: the first index of the maximum, a NaN counting as the
 * maximum. The template of its float32 and int64 twins (generated, see package-info); in the int64 one
 * every {@code x != x} is constant false, which C2 folds away, leaving the exact integer loops.
 * {@link ReduceKernels#argmax} splits the rows and picks the twin.
 */
final class ArgmaxF64 {
    private ArgmaxF64() {
    }

    /**
     * Rows [from, to) of {@link ReduceKernels#argmax}: {@code out[o]} is the argmax of row o. The row loop is
     * in each twin, so each keeps its own JIT profile (a shared one, polluted by the other types, measured slower).
     */
    static void rows(double[] v, int offset, int[] kept, int[] strides, int step, int len, CpuBuffer out, int from,
            int to) {
        for (int o = from; o < to; o++) {
            out.setLong(o, row(v, ReduceKernels.rowBase(o, offset, kept, strides), step, len));
        }
    }

    /** The first index of the maximum of {@code v[base + p * step]}, p in [0, len), {@code len >= 1}. */
    static int row(double[] v, int base, int step, int len) {
        boolean lanes = step == 1 && len >= ReduceKernels.argmaxLanesMin(v);
        return lanes ? contiguous(v, base, len) : strided(v, base, step, len);
    }

    private static int strided(double[] v, int base, int step, int len) {
        int best = 0;
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

    /**
     * A unit-stride row in four interleaved lanes, so the compare-and-keep chains run side by side: each
     * lane keeps its first maximum (strict {@code >}), then the lanes merge by value, ties to the lower
     * index, which is the row's first maximum. A NaN compares false everywhere, so it is tracked apart:
     * the answer is then the first NaN.
     */
    private static int contiguous(double[] v, int base, int len) {
        double b0 = v[base];
        double b1 = v[base + 1];
        double b2 = v[base + 2];
        double b3 = v[base + 3];
        int i0 = 0;
        int i1 = 1;
        int i2 = 2;
        int i3 = 3;
        boolean nan = b0 != b0 | b1 != b1 | b2 != b2 | b3 != b3;
        int p = 4;
        for (; p + 3 < len; p += 4) {
            double x0 = v[base + p];
            double x1 = v[base + p + 1];
            double x2 = v[base + p + 2];
            double x3 = v[base + p + 3];
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
            double x = v[base + p];
            nan |= x != x;
            if (x > b0) {
                b0 = x;
                i0 = p;
            }
        }
        if (nan) {
            return strided(v, base, 1, len);
        }
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

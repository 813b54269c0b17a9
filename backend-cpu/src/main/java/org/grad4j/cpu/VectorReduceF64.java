package org.grad4j.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorReduce}'s loops for float64. The float32 class is generated from this 64-bit source
 * (see package-info).
 */
final class VectorReduceF64 {
    /** Lanes of the 512-bit vectors used here: a compile-time constant, so offsets fold as literals did. */
    static final int L = 8 /* f32: 16 */;
    private static final VectorSpecies<Double> S = VectorReduce.D8 /* f32: VectorReduce.F16 */;

    private VectorReduceF64() {
    }

    /**
     * {@link TorchSumF64#multiRow} on two vectors of {@code L} lanes: lanes 0 to {@code 2L - 1} are
     * the {@code 2L} adjacent columns, each its own chunked cascade over {@code size} rows
     * {@code rowStride} apart, with the scalar loop's additions in the scalar loop's order (lane-wise
     * adds round alike). Level 0 (one chunk) stays in two registers; levels 1-3 live in
     * {@code acc[2L, 8L)}, touched once a chunk, so the hot loop holds two vectors.
     */
    static void multiRow(double[] x, int base, int rowStride, int size, double[] acc, boolean squares, int power) {
        int step = 1 << power;
        int mask = step - 1;
        java.util.Arrays.fill(acc, 2 * L, 8 * L, 0.0);
        int i = 0;
        while (i <= size - step) {
            int p = base + i * rowStride;
            DoubleVector a = DoubleVector.zero(S);
            DoubleVector b = DoubleVector.zero(S);
            if (squares) {
                for (int j = 0; j < step; j++, p += rowStride) {
                    DoubleVector u = DoubleVector.fromArray(S, x, p);
                    DoubleVector v = DoubleVector.fromArray(S, x, p + L);
                    a = a.add(u.mul(u));
                    b = b.add(v.mul(v));
                }
            } else {
                for (int j = 0; j < step; j++, p += rowStride) {
                    a = a.add(DoubleVector.fromArray(S, x, p));
                    b = b.add(DoubleVector.fromArray(S, x, p + L));
                }
            }
            i += step;
            DoubleVector.fromArray(S, acc, 2 * L).add(a).intoArray(acc, 2 * L);
            DoubleVector.fromArray(S, acc, 3 * L).add(b).intoArray(acc, 3 * L);
            for (int level = 2; level < 4; level++) {
                if ((i & (mask << ((level - 1) * power))) != 0) {
                    break;
                }
                int lo = 2 * L * (level - 1);
                int hi = 2 * L * level;
                DoubleVector.fromArray(S, acc, hi).add(DoubleVector.fromArray(S, acc, lo)).intoArray(acc, hi);
                DoubleVector.fromArray(S, acc, hi + L).add(DoubleVector.fromArray(S, acc, lo + L)).intoArray(acc, hi + L);
                DoubleVector.zero(S).intoArray(acc, lo);
                DoubleVector.zero(S).intoArray(acc, lo + L);
            }
        }
        DoubleVector a = DoubleVector.zero(S);
        DoubleVector b = DoubleVector.zero(S);
        for (int p = base + i * rowStride; i < size; i++, p += rowStride) {
            DoubleVector u = DoubleVector.fromArray(S, x, p);
            DoubleVector v = DoubleVector.fromArray(S, x, p + L);
            a = a.add(squares ? u.mul(u) : u);
            b = b.add(squares ? v.mul(v) : v);
        }
        for (int level = 1; level < 4; level++) {
            a = a.add(DoubleVector.fromArray(S, acc, 2 * L * level));
            b = b.add(DoubleVector.fromArray(S, acc, 2 * L * level + L));
        }
        a.intoArray(acc, 0);
        b.intoArray(acc, L);
    }

    /**
     * {@link TorchSum}'s column cascade over a panel of {@code cols} adjacent columns (a multiple of
     * {@code L}): {@code lv} holds the four levels, {@code cols} each; the sums land in {@code lv[0, cols)}.
     * Per column the same additions as {@link #multiRow}, but row by row across the panel, so the
     * operand streams in order.
     */
    static void columnCascade(double[] x, int base, int rowStride, int size, int cols, double[] lv) {
        int power = TorchSum.levelPower(size);
        int step = 1 << power;
        int mask = step - 1;
        java.util.Arrays.fill(lv, 0, 4 * cols, 0);
        int i = 0;
        while (i <= size - step) {
            for (int j = 0; j < step; j++, i++) {
                int p = base + i * rowStride;
                for (int c = 0; c < cols; c += L) {
                    DoubleVector.fromArray(S, lv, c).add(DoubleVector.fromArray(S, x, p + c)).intoArray(lv, c);
                }
            }
            for (int level = 1; level < 4; level++) {
                if (level > 1 && (i & (mask << ((level - 1) * power))) != 0) {
                    break;
                }
                int lo = (level - 1) * cols;
                int hi = level * cols;
                for (int c = 0; c < cols; c += L) {
                    DoubleVector.fromArray(S, lv, hi + c).add(DoubleVector.fromArray(S, lv, lo + c)).intoArray(lv, hi + c);
                    DoubleVector.zero(S).intoArray(lv, lo + c);
                }
            }
        }
        for (; i < size; i++) {
            int p = base + i * rowStride;
            for (int c = 0; c < cols; c += L) {
                DoubleVector.fromArray(S, lv, c).add(DoubleVector.fromArray(S, x, p + c)).intoArray(lv, c);
            }
        }
        for (int level = 1; level < 4; level++) {
            for (int c = 0; c < cols; c += L) {
                DoubleVector.fromArray(S, lv, c).add(DoubleVector.fromArray(S, lv, level * cols + c)).intoArray(lv, c);
            }
        }
    }
}

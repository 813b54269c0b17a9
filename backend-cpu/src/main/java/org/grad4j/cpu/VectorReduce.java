package org.grad4j.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API form of {@link TorchSum}'s wide cascade (PyTorch's {@code multi_row_sum} over four
 * 256-bit vectors), lane for lane the same arithmetic, so the same bits as the scalar loop. Loaded
 * only when {@link #usable()} says so (the module is in the boot layer and the CPU's preferred
 * vectors are 512 bits); names incubator types, so nothing else in the backend refers to it directly.
 *
 * <p>PyTorch's four 256-bit accumulators are held as two 512-bit vectors, the GEMM's shapes. A
 * 256-bit float shape here cost the GEMM up to 20%: C2 profiles the Vector API's shared methods
 * across shapes, and with two float shapes in one JVM it intermittently compiled the GEMM's loads
 * and stores without their intrinsics, boxing every vector (seen as 3 MiB of garbage per training
 * step, in some JVM runs and not others).
 */
final class VectorReduce {
    static final VectorSpecies<Double> D8 = DoubleVector.SPECIES_512;
    static final VectorSpecies<Float> F16 = FloatVector.SPECIES_512;

    private VectorReduce() {
    }

    /** Whether the preferred species are the 512-bit ones used here, so the JVM sees a single shape. */
    static boolean usable() {
        return DoubleVector.SPECIES_PREFERRED == D8 && FloatVector.SPECIES_PREFERRED == F16;
    }

    /**
     * {@link TorchSum.Floats#multiRow} on two 16-float vectors: lanes 0..31 are the 32 adjacent
     * columns, each its own chunked cascade over {@code size} rows {@code rowStride} apart, with
     * the scalar loop's additions in the scalar loop's order (lane-wise adds round alike). Level 0
     * (one chunk) stays in two registers; levels 1-3 live in {@code acc[32..127]}, touched once a
     * chunk, so the hot loop holds two vectors.
     */
    static void multiRow(float[] x, int base, int rowStride, int size, float[] acc, boolean squares, int power) {
        int step = 1 << power;
        int mask = step - 1;
        java.util.Arrays.fill(acc, 32, 128, 0f);
        int i = 0;
        while (i <= size - step) {
            int p = base + i * rowStride;
            FloatVector a = FloatVector.zero(F16);
            FloatVector b = FloatVector.zero(F16);
            if (squares) {
                for (int j = 0; j < step; j++, p += rowStride) {
                    FloatVector u = FloatVector.fromArray(F16, x, p);
                    FloatVector v = FloatVector.fromArray(F16, x, p + 16);
                    a = a.add(u.mul(u));
                    b = b.add(v.mul(v));
                }
            } else {
                for (int j = 0; j < step; j++, p += rowStride) {
                    a = a.add(FloatVector.fromArray(F16, x, p));
                    b = b.add(FloatVector.fromArray(F16, x, p + 16));
                }
            }
            i += step;
            FloatVector.fromArray(F16, acc, 32).add(a).intoArray(acc, 32);
            FloatVector.fromArray(F16, acc, 48).add(b).intoArray(acc, 48);
            for (int level = 2; level < 4; level++) {
                if ((i & (mask << ((level - 1) * power))) != 0) {
                    break;
                }
                int lo = 32 * (level - 1);
                int hi = 32 * level;
                FloatVector.fromArray(F16, acc, hi).add(FloatVector.fromArray(F16, acc, lo)).intoArray(acc, hi);
                FloatVector.fromArray(F16, acc, hi + 16).add(FloatVector.fromArray(F16, acc, lo + 16)).intoArray(acc, hi + 16);
                FloatVector.zero(F16).intoArray(acc, lo);
                FloatVector.zero(F16).intoArray(acc, lo + 16);
            }
        }
        FloatVector a = FloatVector.zero(F16);
        FloatVector b = FloatVector.zero(F16);
        for (int p = base + i * rowStride; i < size; i++, p += rowStride) {
            FloatVector u = FloatVector.fromArray(F16, x, p);
            FloatVector v = FloatVector.fromArray(F16, x, p + 16);
            a = a.add(squares ? u.mul(u) : u);
            b = b.add(squares ? v.mul(v) : v);
        }
        for (int level = 1; level < 4; level++) {
            a = a.add(FloatVector.fromArray(F16, acc, 32 * level));
            b = b.add(FloatVector.fromArray(F16, acc, 32 * level + 16));
        }
        a.intoArray(acc, 0);
        b.intoArray(acc, 16);
    }

    /** {@link TorchSum.Doubles#multiRow} on two 8-double vectors: the same, for 16 columns ({@code acc[16..63]} the levels). */
    static void multiRow(double[] x, int base, int rowStride, int size, double[] acc, boolean squares, int power) {
        int step = 1 << power;
        int mask = step - 1;
        java.util.Arrays.fill(acc, 16, 64, 0.0);
        int i = 0;
        while (i <= size - step) {
            int p = base + i * rowStride;
            DoubleVector a = DoubleVector.zero(D8);
            DoubleVector b = DoubleVector.zero(D8);
            if (squares) {
                for (int j = 0; j < step; j++, p += rowStride) {
                    DoubleVector u = DoubleVector.fromArray(D8, x, p);
                    DoubleVector v = DoubleVector.fromArray(D8, x, p + 8);
                    a = a.add(u.mul(u));
                    b = b.add(v.mul(v));
                }
            } else {
                for (int j = 0; j < step; j++, p += rowStride) {
                    a = a.add(DoubleVector.fromArray(D8, x, p));
                    b = b.add(DoubleVector.fromArray(D8, x, p + 8));
                }
            }
            i += step;
            DoubleVector.fromArray(D8, acc, 16).add(a).intoArray(acc, 16);
            DoubleVector.fromArray(D8, acc, 24).add(b).intoArray(acc, 24);
            for (int level = 2; level < 4; level++) {
                if ((i & (mask << ((level - 1) * power))) != 0) {
                    break;
                }
                int lo = 16 * (level - 1);
                int hi = 16 * level;
                DoubleVector.fromArray(D8, acc, hi).add(DoubleVector.fromArray(D8, acc, lo)).intoArray(acc, hi);
                DoubleVector.fromArray(D8, acc, hi + 8).add(DoubleVector.fromArray(D8, acc, lo + 8)).intoArray(acc, hi + 8);
                DoubleVector.zero(D8).intoArray(acc, lo);
                DoubleVector.zero(D8).intoArray(acc, lo + 8);
            }
        }
        DoubleVector a = DoubleVector.zero(D8);
        DoubleVector b = DoubleVector.zero(D8);
        for (int p = base + i * rowStride; i < size; i++, p += rowStride) {
            DoubleVector u = DoubleVector.fromArray(D8, x, p);
            DoubleVector v = DoubleVector.fromArray(D8, x, p + 8);
            a = a.add(squares ? u.mul(u) : u);
            b = b.add(squares ? v.mul(v) : v);
        }
        for (int level = 1; level < 4; level++) {
            a = a.add(DoubleVector.fromArray(D8, acc, 16 * level));
            b = b.add(DoubleVector.fromArray(D8, acc, 16 * level + 8));
        }
        a.intoArray(acc, 0);
        b.intoArray(acc, 8);
    }

    /**
     * {@link TorchSum}'s column cascade over a panel of {@code cols} adjacent columns (a multiple of
     * 16): {@code lv} holds the four levels, {@code cols} each; the sums land in {@code lv[0, cols)}.
     * Per column the same additions as {@link #multiRow}, but row by row across the panel, so the
     * operand streams in order.
     */
    static void columnCascade(float[] x, int base, int rowStride, int size, int cols, float[] lv) {
        int power = TorchSum.levelPower(size);
        int step = 1 << power;
        int mask = step - 1;
        java.util.Arrays.fill(lv, 0, 4 * cols, 0);
        int i = 0;
        while (i <= size - step) {
            for (int j = 0; j < step; j++, i++) {
                int p = base + i * rowStride;
                for (int c = 0; c < cols; c += 16) {
                    FloatVector.fromArray(F16, lv, c).add(FloatVector.fromArray(F16, x, p + c)).intoArray(lv, c);
                }
            }
            for (int level = 1; level < 4; level++) {
                if (level > 1 && (i & (mask << ((level - 1) * power))) != 0) {
                    break;
                }
                int lo = (level - 1) * cols;
                int hi = level * cols;
                for (int c = 0; c < cols; c += 16) {
                    FloatVector.fromArray(F16, lv, hi + c).add(FloatVector.fromArray(F16, lv, lo + c)).intoArray(lv, hi + c);
                    FloatVector.zero(F16).intoArray(lv, lo + c);
                }
            }
        }
        for (; i < size; i++) {
            int p = base + i * rowStride;
            for (int c = 0; c < cols; c += 16) {
                FloatVector.fromArray(F16, lv, c).add(FloatVector.fromArray(F16, x, p + c)).intoArray(lv, c);
            }
        }
        for (int level = 1; level < 4; level++) {
            for (int c = 0; c < cols; c += 16) {
                FloatVector.fromArray(F16, lv, c).add(FloatVector.fromArray(F16, lv, level * cols + c)).intoArray(lv, c);
            }
        }
    }

    /**
     * {@link TorchSum}'s column cascade over a panel of {@code cols} adjacent columns (a multiple of
     * 8): {@code lv} holds the four levels, {@code cols} each; the sums land in {@code lv[0, cols)}.
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
                for (int c = 0; c < cols; c += 8) {
                    DoubleVector.fromArray(D8, lv, c).add(DoubleVector.fromArray(D8, x, p + c)).intoArray(lv, c);
                }
            }
            for (int level = 1; level < 4; level++) {
                if (level > 1 && (i & (mask << ((level - 1) * power))) != 0) {
                    break;
                }
                int lo = (level - 1) * cols;
                int hi = level * cols;
                for (int c = 0; c < cols; c += 8) {
                    DoubleVector.fromArray(D8, lv, hi + c).add(DoubleVector.fromArray(D8, lv, lo + c)).intoArray(lv, hi + c);
                    DoubleVector.zero(D8).intoArray(lv, lo + c);
                }
            }
        }
        for (; i < size; i++) {
            int p = base + i * rowStride;
            for (int c = 0; c < cols; c += 8) {
                DoubleVector.fromArray(D8, lv, c).add(DoubleVector.fromArray(D8, x, p + c)).intoArray(lv, c);
            }
        }
        for (int level = 1; level < 4; level++) {
            for (int c = 0; c < cols; c += 8) {
                DoubleVector.fromArray(D8, lv, c).add(DoubleVector.fromArray(D8, lv, level * cols + c)).intoArray(lv, c);
            }
        }
    }
}

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
     * the scalar loop's additions in the scalar loop's order (lane-wise adds round alike).
     */
    static void multiRow(float[] x, int base, int rowStride, int size, float[] acc, boolean squares) {
        int power = TorchSum.levelPower(size);
        int step = 1 << power;
        int mask = step - 1;
        FloatVector zero = FloatVector.zero(F16);
        FloatVector a0 = zero, b0 = zero, a1 = zero, b1 = zero, a2 = zero, b2 = zero, a3 = zero, b3 = zero;
        int i = 0;
        while (i <= size - step) {
            for (int j = 0; j < step; j++, i++) {
                int p = base + i * rowStride;
                FloatVector u = FloatVector.fromArray(F16, x, p);
                FloatVector v = FloatVector.fromArray(F16, x, p + 16);
                if (squares) {
                    u = u.mul(u);
                    v = v.mul(v);
                }
                a0 = a0.add(u);
                b0 = b0.add(v);
            }
            a1 = a1.add(a0);
            b1 = b1.add(b0);
            a0 = zero;
            b0 = zero;
            if ((i & (mask << power)) != 0) {
                continue;
            }
            a2 = a2.add(a1);
            b2 = b2.add(b1);
            a1 = zero;
            b1 = zero;
            if ((i & (mask << (2 * power))) != 0) {
                continue;
            }
            a3 = a3.add(a2);
            b3 = b3.add(b2);
            a2 = zero;
            b2 = zero;
        }
        for (; i < size; i++) {
            int p = base + i * rowStride;
            FloatVector u = FloatVector.fromArray(F16, x, p);
            FloatVector v = FloatVector.fromArray(F16, x, p + 16);
            if (squares) {
                u = u.mul(u);
                v = v.mul(v);
            }
            a0 = a0.add(u);
            b0 = b0.add(v);
        }
        a0.add(a1).add(a2).add(a3).intoArray(acc, 0);
        b0.add(b1).add(b2).add(b3).intoArray(acc, 16);
    }

    /** {@link TorchSum.Doubles#multiRow} on two 8-double vectors: the same, for 16 columns. */
    static void multiRow(double[] x, int base, int rowStride, int size, double[] acc, boolean squares) {
        int power = TorchSum.levelPower(size);
        int step = 1 << power;
        int mask = step - 1;
        DoubleVector zero = DoubleVector.zero(D8);
        DoubleVector a0 = zero, b0 = zero, a1 = zero, b1 = zero, a2 = zero, b2 = zero, a3 = zero, b3 = zero;
        int i = 0;
        while (i <= size - step) {
            for (int j = 0; j < step; j++, i++) {
                int p = base + i * rowStride;
                DoubleVector u = DoubleVector.fromArray(D8, x, p);
                DoubleVector v = DoubleVector.fromArray(D8, x, p + 8);
                if (squares) {
                    u = u.mul(u);
                    v = v.mul(v);
                }
                a0 = a0.add(u);
                b0 = b0.add(v);
            }
            a1 = a1.add(a0);
            b1 = b1.add(b0);
            a0 = zero;
            b0 = zero;
            if ((i & (mask << power)) != 0) {
                continue;
            }
            a2 = a2.add(a1);
            b2 = b2.add(b1);
            a1 = zero;
            b1 = zero;
            if ((i & (mask << (2 * power))) != 0) {
                continue;
            }
            a3 = a3.add(a2);
            b3 = b3.add(b2);
            a2 = zero;
            b2 = zero;
        }
        for (; i < size; i++) {
            int p = base + i * rowStride;
            DoubleVector u = DoubleVector.fromArray(D8, x, p);
            DoubleVector v = DoubleVector.fromArray(D8, x, p + 8);
            if (squares) {
                u = u.mul(u);
                v = v.mul(v);
            }
            a0 = a0.add(u);
            b0 = b0.add(v);
        }
        a0.add(a1).add(a2).add(a3).intoArray(acc, 0);
        b0.add(b1).add(b2).add(b3).intoArray(acc, 8);
    }
}

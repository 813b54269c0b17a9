package org.grad4j.cpu;

import jdk.incubator.vector.FloatVector;

import org.grad4j.spi.BinaryOp;

/**
 * float32 {@code + - * /} of two contiguous rows that start at different indices (a broadcast bias
 * row, views), on the Vector API's lanes: lanewise IEEE operations round like the scalar ones, so the
 * same bits. C2 vectorises the scalar loop only when all operands start at the same index
 * ({@link SameIndexLoops}); this covers the rest. Loaded only when {@link Kernels} finds the Vector API
 * usable; uses {@link VectorReduce}'s 512-bit species (one float shape per JVM, see there).
 */
final class VectorElementwise {
    private VectorElementwise() {
    }

    /** {@code out[io + i] = x[ix + i] op y[iy + i]} for i in [0, n); false (nothing written) for other ops. */
    static boolean binary(BinaryOp op, float[] x, int ix, float[] y, int iy, float[] out, int io, int n) {
        int len = VectorReduce.F16.length();
        int bound = n - n % len;
        int i = 0;
        switch (op) {
            case ADD -> {
                for (; i < bound; i += len) {
                    FloatVector.fromArray(VectorReduce.F16, x, ix + i).add(FloatVector.fromArray(VectorReduce.F16, y, iy + i))
                            .intoArray(out, io + i);
                }
                for (; i < n; i++) {
                    out[io + i] = x[ix + i] + y[iy + i];
                }
            }
            case SUB -> {
                for (; i < bound; i += len) {
                    FloatVector.fromArray(VectorReduce.F16, x, ix + i).sub(FloatVector.fromArray(VectorReduce.F16, y, iy + i))
                            .intoArray(out, io + i);
                }
                for (; i < n; i++) {
                    out[io + i] = x[ix + i] - y[iy + i];
                }
            }
            case MUL -> {
                for (; i < bound; i += len) {
                    FloatVector.fromArray(VectorReduce.F16, x, ix + i).mul(FloatVector.fromArray(VectorReduce.F16, y, iy + i))
                            .intoArray(out, io + i);
                }
                for (; i < n; i++) {
                    out[io + i] = x[ix + i] * y[iy + i];
                }
            }
            case DIV -> {
                for (; i < bound; i += len) {
                    FloatVector.fromArray(VectorReduce.F16, x, ix + i).div(FloatVector.fromArray(VectorReduce.F16, y, iy + i))
                            .intoArray(out, io + i);
                }
                for (; i < n; i++) {
                    out[io + i] = x[ix + i] / y[iy + i];
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }
}

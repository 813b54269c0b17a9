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

    /**
     * The float index at which a 64-byte line starts in a large array: HotSpot's 64-bit float[] data begins
     * 16 bytes after the object, and large arrays (G1's humongous objects) start on a region boundary.
     * Stores aligned to lines take one line each instead of two: 0.85 instead of 1.0 ms for a [4096, 1024]
     * bias add on one thread. A wrong guess (another header layout, a small array) only costs that speed.
     */
    private static final int LINE_START = 12;

    /** {@code out[io + i] = x[ix + i] op y[iy + i]} for i in [0, n); false (nothing written) for other ops. */
    static boolean binary(BinaryOp op, float[] x, int ix, float[] y, int iy, float[] out, int io, int n) {
        if (op != BinaryOp.ADD && op != BinaryOp.SUB && op != BinaryOp.MUL && op != BinaryOp.DIV) {
            return false;
        }
        int len = VectorReduce.F16.length();
        int head = Math.min(n, (LINE_START - io) & (len - 1));   // scalar until out's index starts a line
        scalar(op, x, ix, y, iy, out, io, 0, head);
        int bound = head + (n - head) / len * len;
        int i = head;
        switch (op) {
            case ADD -> {
                for (; i < bound; i += len) {
                    FloatVector.fromArray(VectorReduce.F16, x, ix + i).add(FloatVector.fromArray(VectorReduce.F16, y, iy + i))
                            .intoArray(out, io + i);
                }
            }
            case SUB -> {
                for (; i < bound; i += len) {
                    FloatVector.fromArray(VectorReduce.F16, x, ix + i).sub(FloatVector.fromArray(VectorReduce.F16, y, iy + i))
                            .intoArray(out, io + i);
                }
            }
            case MUL -> {
                for (; i < bound; i += len) {
                    FloatVector.fromArray(VectorReduce.F16, x, ix + i).mul(FloatVector.fromArray(VectorReduce.F16, y, iy + i))
                            .intoArray(out, io + i);
                }
            }
            default -> {
                for (; i < bound; i += len) {
                    FloatVector.fromArray(VectorReduce.F16, x, ix + i).div(FloatVector.fromArray(VectorReduce.F16, y, iy + i))
                            .intoArray(out, io + i);
                }
            }
        }
        scalar(op, x, ix, y, iy, out, io, bound, n);
        return true;
    }

    /** The scalar form for i in [from, to): the lanes' bits (IEEE operations round alike). */
    private static void scalar(BinaryOp op, float[] x, int ix, float[] y, int iy, float[] out, int io, int from, int to) {
        for (int i = from; i < to; i++) {
            float a = x[ix + i];
            float b = y[iy + i];
            out[io + i] = switch (op) {
                case ADD -> a + b;
                case SUB -> a - b;
                case MUL -> a * b;
                default -> a / b;
            };
        }
    }
}

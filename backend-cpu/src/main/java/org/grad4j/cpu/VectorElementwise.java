package org.grad4j.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

import org.grad4j.spi.BinaryOp;

/**
 * relu of a contiguous row (float32 and float64), and float32 {@code + - * /} of two contiguous rows that start at different indices (a broadcast bias
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

    /**
     * A row repeated {@code copies} times, plus one vector's worth more: {@code r[j .. j + 16)} is then the
     * row's elements {@code j, j + 1, ...} modulo its length for every {@code j} below the length, so the
     * broadcast loop loads whole vectors across a row's end.
     */
    static float[] wrappedRow(float[] y, int iy, int n) {
        float[] r = new float[n + VectorReduce.F16.length()];
        System.arraycopy(y, iy, r, 0, n);
        for (int k = n; k < r.length; k++) {
            r[k] = r[k - n];
        }
        return r;
    }

    /**
     * {@code out[io + i] = x[ix + i] op row[i % n]} (or {@code row[i % n] op x[ix + i]} when {@code rowFirst}) for
     * i in [from, to): a contiguous tensor and a broadcast row ({@code [rows, n] + [n]}, a bias), as one flat
     * loop with line-aligned stores; {@code row} is {@link #wrappedRow}'s. The caller has checked the op (+ - * /).
     */
    static void rowBroadcast(BinaryOp op, float[] x, int ix, float[] row, int n, boolean rowFirst,
                             float[] out, int io, int from, int to) {
        int len = VectorReduce.F16.length();
        int head = Math.min(to - from, (LINE_START - (io + from)) & (len - 1));
        int j = from % n;
        int i = from;
        for (int end = from + head; i < end; i++) {
            out[io + i] = rowFirst ? scalar(op, row[j], x[ix + i]) : scalar(op, x[ix + i], row[j]);
            if (++j == n) {
                j = 0;
            }
        }
        int step = len % n;
        int bound = i + (to - i) / len * len;
        // one loop per op and operand order: a loop-invariant choice inside the loop cost about 10%
        // (C2 did not unswitch it); the order is kept for + and * too, since a NaN's payload follows it
        if (!rowFirst) {
            switch (op) {
                case ADD -> {
                    for (; i < bound; i += len) {
                        FloatVector a = FloatVector.fromArray(VectorReduce.F16, x, ix + i);
                        FloatVector b = FloatVector.fromArray(VectorReduce.F16, row, j);
                        a.add(b).intoArray(out, io + i);
                        j += step;
                        if (j >= n) {
                            j -= n;
                        }
                    }
                }
                case SUB -> {
                    for (; i < bound; i += len) {
                        FloatVector a = FloatVector.fromArray(VectorReduce.F16, x, ix + i);
                        FloatVector b = FloatVector.fromArray(VectorReduce.F16, row, j);
                        a.sub(b).intoArray(out, io + i);
                        j += step;
                        if (j >= n) {
                            j -= n;
                        }
                    }
                }
                case MUL -> {
                    for (; i < bound; i += len) {
                        FloatVector a = FloatVector.fromArray(VectorReduce.F16, x, ix + i);
                        FloatVector b = FloatVector.fromArray(VectorReduce.F16, row, j);
                        a.mul(b).intoArray(out, io + i);
                        j += step;
                        if (j >= n) {
                            j -= n;
                        }
                    }
                }
                default -> {
                    for (; i < bound; i += len) {
                        FloatVector a = FloatVector.fromArray(VectorReduce.F16, x, ix + i);
                        FloatVector b = FloatVector.fromArray(VectorReduce.F16, row, j);
                        a.div(b).intoArray(out, io + i);
                        j += step;
                        if (j >= n) {
                            j -= n;
                        }
                    }
                }
            }
        } else {
            switch (op) {
                case ADD -> {
                    for (; i < bound; i += len) {
                        FloatVector a = FloatVector.fromArray(VectorReduce.F16, x, ix + i);
                        FloatVector b = FloatVector.fromArray(VectorReduce.F16, row, j);
                        b.add(a).intoArray(out, io + i);
                        j += step;
                        if (j >= n) {
                            j -= n;
                        }
                    }
                }
                case SUB -> {
                    for (; i < bound; i += len) {
                        FloatVector a = FloatVector.fromArray(VectorReduce.F16, x, ix + i);
                        FloatVector b = FloatVector.fromArray(VectorReduce.F16, row, j);
                        b.sub(a).intoArray(out, io + i);
                        j += step;
                        if (j >= n) {
                            j -= n;
                        }
                    }
                }
                case MUL -> {
                    for (; i < bound; i += len) {
                        FloatVector a = FloatVector.fromArray(VectorReduce.F16, x, ix + i);
                        FloatVector b = FloatVector.fromArray(VectorReduce.F16, row, j);
                        b.mul(a).intoArray(out, io + i);
                        j += step;
                        if (j >= n) {
                            j -= n;
                        }
                    }
                }
                default -> {
                    for (; i < bound; i += len) {
                        FloatVector a = FloatVector.fromArray(VectorReduce.F16, x, ix + i);
                        FloatVector b = FloatVector.fromArray(VectorReduce.F16, row, j);
                        b.div(a).intoArray(out, io + i);
                        j += step;
                        if (j >= n) {
                            j -= n;
                        }
                    }
                }
            }
        }
        for (; i < to; i++) {
            out[io + i] = rowFirst ? scalar(op, row[j], x[ix + i]) : scalar(op, x[ix + i], row[j]);
            if (++j == n) {
                j = 0;
            }
        }
    }

    private static float scalar(BinaryOp op, float a, float b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            default -> a / b;
        };
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

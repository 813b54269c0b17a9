package org.grad4j.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.grad4j.spi.BinaryOp;

/**
 * float64 comparisons on Vector API lanes, into 1 / 0 of the operands' dtype (the gradient masks of relu,
 * max, clamp...). A lane compare is the IEEE comparison Java's operators make (NaN unordered: only NE
 * holds), and a blend stores it without a branch: the scalar {@code x != s ? 1 : 0} compiles to a jump that
 * mispredicts on every other element of random data (a relu mask of 1M floats took 10-14 ms on one thread,
 * these lanes about 100 us). One loop per comparison: the Vector API compiles a lane operation to its
 * instruction only when the operator is a constant (with a variable one the same loop took 2 ms). Bool
 * outputs stay on {@link CompareLoops}' scalar rows (a lane mask converted to bytes was 2x slower than them),
 * which also take the tails. Loaded only when {@link Kernels#vector}. The float32 twin is generated
 * (package-info).
 */
final class VectorCompareF64 {
    private static final VectorSpecies<Double> S = VectorReduce.D8 /* f32: VectorReduce.F16 */;

    private VectorCompareF64() {
    }

    /** {@code out[io + i] = x[ix + i] op s ? 1 : 0} for i in [0, n). */
    static void scalar(BinaryOp op, double[] x, int ix, double s, double[] out, int io, int n) {
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        DoubleVector zero = DoubleVector.zero(S);
        int len = S.length();
        int bound = n / len * len;
        int i = 0;
        switch (op) {
            case EQ -> {
                for (; i < bound; i += len) {
                    VectorMask<Double> m = DoubleVector.fromArray(S, x, ix + i).compare(VectorOperators.EQ, s);
                    zero.blend(one, m).intoArray(out, io + i);
                }
            }
            case NE -> {
                for (; i < bound; i += len) {
                    VectorMask<Double> m = DoubleVector.fromArray(S, x, ix + i).compare(VectorOperators.NE, s);
                    zero.blend(one, m).intoArray(out, io + i);
                }
            }
            case LT -> {
                for (; i < bound; i += len) {
                    VectorMask<Double> m = DoubleVector.fromArray(S, x, ix + i).compare(VectorOperators.LT, s);
                    zero.blend(one, m).intoArray(out, io + i);
                }
            }
            case LE -> {
                for (; i < bound; i += len) {
                    VectorMask<Double> m = DoubleVector.fromArray(S, x, ix + i).compare(VectorOperators.LE, s);
                    zero.blend(one, m).intoArray(out, io + i);
                }
            }
            case GT -> {
                for (; i < bound; i += len) {
                    VectorMask<Double> m = DoubleVector.fromArray(S, x, ix + i).compare(VectorOperators.GT, s);
                    zero.blend(one, m).intoArray(out, io + i);
                }
            }
            case GE -> {
                for (; i < bound; i += len) {
                    VectorMask<Double> m = DoubleVector.fromArray(S, x, ix + i).compare(VectorOperators.GE, s);
                    zero.blend(one, m).intoArray(out, io + i);
                }
            }
            default -> throw new IllegalStateException(op + " is not a comparison");
        }
        CompareLoops.scalar(op, x, ix + bound, s, out, io + bound, n - bound);
    }

    /** {@code out[io + i] = x[ix + i] op y[iy + i] ? 1 : 0} for i in [0, n). */
    static void binary(BinaryOp op, double[] x, int ix, double[] y, int iy, double[] out, int io, int n) {
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        DoubleVector zero = DoubleVector.zero(S);
        int len = S.length();
        int bound = n / len * len;
        int i = 0;
        switch (op) {
            case EQ -> {
                for (; i < bound; i += len) {
                    VectorMask<Double> m = DoubleVector.fromArray(S, x, ix + i).compare(VectorOperators.EQ, DoubleVector.fromArray(S, y, iy + i));
                    zero.blend(one, m).intoArray(out, io + i);
                }
            }
            case NE -> {
                for (; i < bound; i += len) {
                    VectorMask<Double> m = DoubleVector.fromArray(S, x, ix + i).compare(VectorOperators.NE, DoubleVector.fromArray(S, y, iy + i));
                    zero.blend(one, m).intoArray(out, io + i);
                }
            }
            case LT -> {
                for (; i < bound; i += len) {
                    VectorMask<Double> m = DoubleVector.fromArray(S, x, ix + i).compare(VectorOperators.LT, DoubleVector.fromArray(S, y, iy + i));
                    zero.blend(one, m).intoArray(out, io + i);
                }
            }
            case LE -> {
                for (; i < bound; i += len) {
                    VectorMask<Double> m = DoubleVector.fromArray(S, x, ix + i).compare(VectorOperators.LE, DoubleVector.fromArray(S, y, iy + i));
                    zero.blend(one, m).intoArray(out, io + i);
                }
            }
            case GT -> {
                for (; i < bound; i += len) {
                    VectorMask<Double> m = DoubleVector.fromArray(S, x, ix + i).compare(VectorOperators.GT, DoubleVector.fromArray(S, y, iy + i));
                    zero.blend(one, m).intoArray(out, io + i);
                }
            }
            case GE -> {
                for (; i < bound; i += len) {
                    VectorMask<Double> m = DoubleVector.fromArray(S, x, ix + i).compare(VectorOperators.GE, DoubleVector.fromArray(S, y, iy + i));
                    zero.blend(one, m).intoArray(out, io + i);
                }
            }
            default -> throw new IllegalStateException(op + " is not a comparison");
        }
        CompareLoops.binary(op, x, ix + bound, y, iy + bound, out, io + bound, n - bound);
    }
}

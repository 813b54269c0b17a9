package org.grad4j.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.grad4j.spi.BinaryOp;

/**
 * 0/1 masks of a contiguous floating row against a number ({@code x != 0} for ReLU's gradient) on the
 * Vector API's lanes: a lanewise compare and blend, no branch per element (the scalar loop mispredicts
 * on every sign change of random data). Lanewise comparisons are Java's ({@code !=} true at NaN), so
 * the same values as {@link BinaryOp#apply}. Loaded only when {@link VectorGemm#lanesUsable()}; uses
 * {@link VectorReduce}'s 512-bit species.
 */
final class VectorMasks {
    private VectorMasks() {
    }

    private static final VectorSpecies<Float> F = VectorReduce.F16;
    private static final VectorSpecies<Double> D = VectorReduce.D8;

    /**
     * {@code r[io + i] = v[ia + i] op s ? 1 : 0} for i in [0, n); the tail in scalar code. One loop per
     * comparison: C2 intrinsifies a lanewise compare only when its operator is a constant.
     */
    static void mask(BinaryOp op, float[] v, int ia, float s, float[] r, int io, int n) {
        final int len = F.length();
        final int bound = n / len * len;
        final FloatVector zero = FloatVector.zero(F);
        int i = 0;
        switch (op) {
            case EQ -> {
                for (; i < bound; i += len) {
                    zero.blend(1f, FloatVector.fromArray(F, v, ia + i).compare(VectorOperators.EQ, s)).intoArray(r, io + i);
                }
            }
            case NE -> {
                for (; i < bound; i += len) {
                    zero.blend(1f, FloatVector.fromArray(F, v, ia + i).compare(VectorOperators.NE, s)).intoArray(r, io + i);
                }
            }
            case GT -> {
                for (; i < bound; i += len) {
                    zero.blend(1f, FloatVector.fromArray(F, v, ia + i).compare(VectorOperators.GT, s)).intoArray(r, io + i);
                }
            }
            case LT -> {
                for (; i < bound; i += len) {
                    zero.blend(1f, FloatVector.fromArray(F, v, ia + i).compare(VectorOperators.LT, s)).intoArray(r, io + i);
                }
            }
            case GE -> {
                for (; i < bound; i += len) {
                    zero.blend(1f, FloatVector.fromArray(F, v, ia + i).compare(VectorOperators.GE, s)).intoArray(r, io + i);
                }
            }
            case LE -> {
                for (; i < bound; i += len) {
                    zero.blend(1f, FloatVector.fromArray(F, v, ia + i).compare(VectorOperators.LE, s)).intoArray(r, io + i);
                }
            }
            default -> throw new IllegalArgumentException("not a comparison: " + op);
        }
        for (; i < n; i++) {
            r[io + i] = (float) op.apply(v[ia + i], s);
        }
    }

    static void mask(BinaryOp op, double[] v, int ia, double s, double[] r, int io, int n) {
        final int len = D.length();
        final int bound = n / len * len;
        final DoubleVector zero = DoubleVector.zero(D);
        int i = 0;
        switch (op) {
            case EQ -> {
                for (; i < bound; i += len) {
                    zero.blend(1.0, DoubleVector.fromArray(D, v, ia + i).compare(VectorOperators.EQ, s)).intoArray(r, io + i);
                }
            }
            case NE -> {
                for (; i < bound; i += len) {
                    zero.blend(1.0, DoubleVector.fromArray(D, v, ia + i).compare(VectorOperators.NE, s)).intoArray(r, io + i);
                }
            }
            case GT -> {
                for (; i < bound; i += len) {
                    zero.blend(1.0, DoubleVector.fromArray(D, v, ia + i).compare(VectorOperators.GT, s)).intoArray(r, io + i);
                }
            }
            case LT -> {
                for (; i < bound; i += len) {
                    zero.blend(1.0, DoubleVector.fromArray(D, v, ia + i).compare(VectorOperators.LT, s)).intoArray(r, io + i);
                }
            }
            case GE -> {
                for (; i < bound; i += len) {
                    zero.blend(1.0, DoubleVector.fromArray(D, v, ia + i).compare(VectorOperators.GE, s)).intoArray(r, io + i);
                }
            }
            case LE -> {
                for (; i < bound; i += len) {
                    zero.blend(1.0, DoubleVector.fromArray(D, v, ia + i).compare(VectorOperators.LE, s)).intoArray(r, io + i);
                }
            }
            default -> throw new IllegalArgumentException("not a comparison: " + op);
        }
        for (; i < n; i++) {
            r[io + i] = op.apply(v[ia + i], s);
        }
    }
}

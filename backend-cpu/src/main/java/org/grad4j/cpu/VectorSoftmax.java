package org.grad4j.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import org.grad4j.spi.VectorLibm;

/**
 * {@link SoftmaxKernels}' contiguous rows on Vector API lanes: {@link FastMath}'s exp (PyTorch's) lane for lane and
 * the elementwise passes; the row sums in PyTorch's order ({@link SoftmaxKernels#torchSum}), so the bits are those
 * of the scalar rows. PyTorch's sums run in one 256-bit accumulator (8 float or 4 double lanes): here lanes
 * {@code 0..7} (0..3) of a 512-bit one, which adds each block of 16 (8) elements, then the same block with its
 * halves swapped ({@link #HALVES_F}), so that lane {@code j} adds element {@code j}, then {@code j + 8}, as PyTorch's
 * (the other lanes are not used). Exponentials and sums are one pass. Loaded only
 * when {@link SoftmaxKernels#vector} is set (the module is present and {@link VectorReduce#usable()}); it
 * uses {@link VectorReduce}'s 512-bit species only (one vector shape per element type, see there).
 *
 * <p>{@code lanewise(EXP)} was measured and not used: with JDK 17's SVML stubs it ran about as fast
 * (0.25 against 0.31 ns per float, one thread, 2026-12-01), but its bits are not the scalar path's, and
 * where a JDK lacks the stubs it falls back to a Java loop per lane (PERFORMANCE.md).
 */
final class VectorSoftmax {
    static final VectorSpecies<Float> F = VectorReduce.F16;
    static final VectorSpecies<Double> D = VectorReduce.D8;
    static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
    static final VectorSpecies<Long> L = LongVector.SPECIES_512;
    /** Lane {@code i} takes lane {@code (i + 8) % 16}: a block's second 8 floats in PyTorch's lanes 0..7. */
    static final VectorShuffle<Float> HALVES_F = VectorShuffle.iota(F, 8, 1, true);
    /** Lane {@code i} takes lane {@code (i + 4) % 8}: a block's second 4 doubles in PyTorch's lanes 0..3. */
    static final VectorShuffle<Double> HALVES_D = VectorShuffle.iota(D, 4, 1, true);

    private VectorSoftmax() {
    }

    /** {@link FastMath#exp(float)} on every lane. */
    static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(FastMath.F_LO).min(FastMath.F_HI);
        FloatVector t = c.mul(VectorLibm.F_LOG2E).add(FastMath.F_SHIFT);
        FloatVector n = t.sub(FastMath.F_SHIFT);
        FloatVector s = n.fma(FloatVector.broadcast(F, -VectorLibm.F_LN2_HI), c);
        s = n.fma(FloatVector.broadcast(F, -VectorLibm.F_LN2_LO), s);
        FloatVector u = s.fma(VectorLibm.F_C5, VectorLibm.F_C4);   // s*c5 + c4, as Math.fma(c5, s, c4)
        u = u.fma(s, FloatVector.broadcast(F, VectorLibm.F_C3));
        u = u.fma(s, FloatVector.broadcast(F, VectorLibm.F_C2));
        u = u.fma(s, FloatVector.broadcast(F, VectorLibm.F_C1));
        u = u.fma(s, FloatVector.broadcast(F, 0.5f));
        u = s.mul(s).fma(u, s).add(1f);
        IntVector ni = t.reinterpretAsInts().sub(FastMath.F_SHIFT_BITS);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector p1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector p2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return u.mul(p1).mul(p2);
    }

    /** {@link FastMath#exp(double)} on every lane. */
    static DoubleVector exp(DoubleVector x) {
        DoubleVector c = x.max(FastMath.D_LO).min(FastMath.D_HI);
        DoubleVector t = c.mul(VectorLibm.D_LOG2E).add(FastMath.D_SHIFT);
        DoubleVector n = t.sub(FastMath.D_SHIFT);
        DoubleVector s = n.fma(DoubleVector.broadcast(D, -VectorLibm.D_LN2_HI), c);
        s = n.fma(DoubleVector.broadcast(D, -VectorLibm.D_LN2_LO), s);
        DoubleVector s2 = s.mul(s);
        DoubleVector s4 = s2.mul(s2);
        DoubleVector s8 = s4.mul(s4);
        DoubleVector p76 = s.fma(FastMath.D_C7, FastMath.D_C6);
        DoubleVector p54 = s.fma(FastMath.D_C5, FastMath.D_C4);
        DoubleVector p32 = s.fma(FastMath.D_C3, FastMath.D_C2);
        DoubleVector p10 = s.fma(FastMath.D_C1, FastMath.D_C0);
        DoubleVector low = s4.fma(s2.fma(p76, p54), s2.fma(p32, p10));
        DoubleVector u = s8.fma(s.fma(FastMath.D_C9, FastMath.D_C8), low);
        u = u.fma(s, DoubleVector.broadcast(D, 0.5));
        u = u.fma(s, DoubleVector.broadcast(D, 1.0));
        u = u.fma(s, DoubleVector.broadcast(D, 1.0));
        LongVector ni = t.reinterpretAsLongs().sub(FastMath.D_SHIFT_BITS);
        LongVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        LongVector n2 = ni.sub(n1);
        DoubleVector p1 = n1.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        DoubleVector p2 = n2.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        return u.mul(p1).mul(p2).blend(Double.POSITIVE_INFINITY, x.compare(VectorOperators.GT, VectorLibm.D_INF_ABOVE));
    }

    // ------------------------------------------------------------------ float32 rows

    /**
     * The maximum of {@code x[xi, xi + n)} (NaN if any is NaN), n >= 1. Four chains of 16 lanes: a maximum does not
     * depend on the order (NaN wins either way, {@code max(-0, +0)} is {@code +0} either way).
     */
    static float max(float[] x, int xi, int n) {
        int vn = n & -16;
        float m = Float.NEGATIVE_INFINITY;
        if (vn > 0) {
            FloatVector v = FloatVector.fromArray(F, x, xi);
            int i = 16;
            if (vn >= 64) {
                FloatVector v1 = FloatVector.fromArray(F, x, xi + 16);
                FloatVector v2 = FloatVector.fromArray(F, x, xi + 32);
                FloatVector v3 = FloatVector.fromArray(F, x, xi + 48);
                for (i = 64; i + 64 <= vn; i += 64) {
                    v = v.max(FloatVector.fromArray(F, x, xi + i));
                    v1 = v1.max(FloatVector.fromArray(F, x, xi + i + 16));
                    v2 = v2.max(FloatVector.fromArray(F, x, xi + i + 32));
                    v3 = v3.max(FloatVector.fromArray(F, x, xi + i + 48));
                }
                v = v.max(v1).max(v2.max(v3));
            }
            for (; i < vn; i += 16) {
                v = v.max(FloatVector.fromArray(F, x, xi + i));
            }
            m = v.reduceLanes(VectorOperators.MAX);
        }
        for (int i = vn; i < n; i++) {
            m = Math.max(m, x[xi + i]);
        }
        return m;
    }

    /**
     * {@code o[i] = exp(x[i] - max)} (none stored where {@code o} is null) and their sum in PyTorch's order
     * ({@link SoftmaxKernels#torchSum}), in one pass; n >= 16.
     */
    static float expSum(float[] x, int xi, float max, float[] o, int oi, int n) {
        int vn = n & -16;
        FloatVector acc = FloatVector.zero(F);   // 0 + e is e: PyTorch's lanes start at the first block
        for (int i = 0; i < vn; i += 16) {
            FloatVector e = exp(FloatVector.fromArray(F, x, xi + i).sub(max));
            if (o != null) {
                e.intoArray(o, oi + i);
            }
            acc = acc.add(e).add(e.rearrange(HALVES_F));
        }
        float l0 = acc.lane(0);
        float l1 = acc.lane(1);
        float l2 = acc.lane(2);
        float l3 = acc.lane(3);
        float l4 = acc.lane(4);
        float l5 = acc.lane(5);
        float l6 = acc.lane(6);
        float l7 = acc.lane(7);
        int i = vn;
        if (n - i >= 8) {   // a further block of 8, then the tail, into the first lanes
            l0 += tailExp(x, xi, max, o, oi, i);
            l1 += tailExp(x, xi, max, o, oi, i + 1);
            l2 += tailExp(x, xi, max, o, oi, i + 2);
            l3 += tailExp(x, xi, max, o, oi, i + 3);
            l4 += tailExp(x, xi, max, o, oi, i + 4);
            l5 += tailExp(x, xi, max, o, oi, i + 5);
            l6 += tailExp(x, xi, max, o, oi, i + 6);
            l7 += tailExp(x, xi, max, o, oi, i + 7);
            i += 8;
        }
        int k = n - i;
        l0 = k > 0 ? l0 + tailExp(x, xi, max, o, oi, i) : l0;
        l1 = k > 1 ? l1 + tailExp(x, xi, max, o, oi, i + 1) : l1;
        l2 = k > 2 ? l2 + tailExp(x, xi, max, o, oi, i + 2) : l2;
        l3 = k > 3 ? l3 + tailExp(x, xi, max, o, oi, i + 3) : l3;
        l4 = k > 4 ? l4 + tailExp(x, xi, max, o, oi, i + 4) : l4;
        l5 = k > 5 ? l5 + tailExp(x, xi, max, o, oi, i + 5) : l5;
        l6 = k > 6 ? l6 + tailExp(x, xi, max, o, oi, i + 6) : l6;
        return ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7));
    }

    /** {@code exp(x[i] - max)}, stored in {@code o} unless it is null. */
    private static float tailExp(float[] x, int xi, float max, float[] o, int oi, int i) {
        float e = FastMath.exp(x[xi + i] - max);
        if (o != null) {
            o[oi + i] = e;
        }
        return e;
    }

    /** {@link SoftmaxKernels#torchSum} of {@code a[ai, ai + n)} on lanes; n >= 16. */
    static float sum(float[] a, int ai, int n) {
        int vn = n & -16;
        FloatVector acc = FloatVector.zero(F);
        for (int i = 0; i < vn; i += 16) {
            FloatVector v = FloatVector.fromArray(F, a, ai + i);
            acc = acc.add(v).add(v.rearrange(HALVES_F));
        }
        return SoftmaxKernels.torchSumTail(acc.lane(0), acc.lane(1), acc.lane(2), acc.lane(3), acc.lane(4),
                acc.lane(5), acc.lane(6), acc.lane(7), a, ai + vn, n - vn);
    }

    /** {@link SoftmaxKernels#torchDot} on lanes: the first block's products rounded, then FMAs; n >= 16. */
    static float dot(float[] a, int ai, float[] b, int bi, int n) {
        int vn = n & -16;
        FloatVector av = FloatVector.fromArray(F, a, ai);
        FloatVector bv = FloatVector.fromArray(F, b, bi);
        FloatVector acc = av.mul(bv);
        acc = av.rearrange(HALVES_F).fma(bv.rearrange(HALVES_F), acc);
        for (int i = 16; i < vn; i += 16) {
            av = FloatVector.fromArray(F, a, ai + i);
            bv = FloatVector.fromArray(F, b, bi + i);
            acc = av.fma(bv, acc);
            acc = av.rearrange(HALVES_F).fma(bv.rearrange(HALVES_F), acc);
        }
        return SoftmaxKernels.torchDotTail(acc.lane(0), acc.lane(1), acc.lane(2), acc.lane(3), acc.lane(4),
                acc.lane(5), acc.lane(6), acc.lane(7), a, ai + vn, b, bi + vn, n - vn);
    }


    /**
     * Columns {@code j < n} of a non-last-dim softmax's row ({@link SoftmaxColumns}): {@code e = exp(x[j] - max[j])},
     * stored in {@code o} unless it is null, and {@code sum[j] += e}; {@code n} a multiple of 16.
     */
    static void expAddColumns(float[] x, int xi, float[] max, float[] o, int oi, float[] sum, int n) {
        for (int j = 0; j < n; j += 16) {
            FloatVector e = exp(FloatVector.fromArray(F, x, xi + j).sub(FloatVector.fromArray(F, max, j)));
            if (o != null) {
                e.intoArray(o, oi + j);
            }
            FloatVector.fromArray(F, sum, j).add(e).intoArray(sum, j);
        }
    }

    /** Columns {@code j < n}: {@code max[j] = x[j] > max[j] ? x[j] : max[j]} (log_softmax's, NaN ignored). */
    static void greaterColumns(float[] x, int xi, float[] max, int n) {
        for (int j = 0; j < n; j += 16) {
            FloatVector v = FloatVector.fromArray(F, x, xi + j);
            FloatVector m = FloatVector.fromArray(F, max, j);
            m.blend(v, v.compare(VectorOperators.GT, m)).intoArray(max, j);
        }
    }

    /** Columns {@code j < n} of a non-last-dim log_softmax's gradient: {@code fma(-exp(y[j]), sum[j], g[j])}. */
    static void logSoftmaxGradColumns(float[] g, int gi, float[] y, int yi, float[] sum, float[] gx, int oi, int n) {
        for (int j = 0; j < n; j += 16) {
            FloatVector e = exp(FloatVector.fromArray(F, y, yi + j));
            e.neg().fma(FloatVector.fromArray(F, sum, j), FloatVector.fromArray(F, g, gi + j)).intoArray(gx, oi + j);
        }
    }

    /** {@code o[i] *= factor}. */
    static void scale(float[] o, int oi, float factor, int n) {
        int vn = n & -16;
        for (int i = 0; i < vn; i += 16) {
            FloatVector.fromArray(F, o, oi + i).mul(factor).intoArray(o, oi + i);
        }
        for (int i = vn; i < n; i++) {
            o[oi + i] = o[oi + i] * factor;
        }
    }

    /** {@code o = (x - max) - logSum}. */
    static void shiftLog(float[] x, int xi, float max, float logSum, float[] o, int oi, int n) {
        int vn = n & -16;
        for (int i = 0; i < vn; i += 16) {
            FloatVector.fromArray(F, x, xi + i).sub(max).sub(logSum).intoArray(o, oi + i);
        }
        for (int i = vn; i < n; i++) {
            o[oi + i] = (x[xi + i] - max) - logSum;
        }
    }


    /** softmax backward: {@code gx = y * (g - dot)}. */
    static void softmaxGrad(float[] g, int gi, float[] y, int yi, float dot, float[] gx, int oi, int n) {
        int vn = n & -16;
        for (int i = 0; i < vn; i += 16) {
            FloatVector yv = FloatVector.fromArray(F, y, yi + i);
            yv.mul(FloatVector.fromArray(F, g, gi + i).sub(dot)).intoArray(gx, oi + i);
        }
        for (int i = vn; i < n; i++) {
            gx[oi + i] = y[yi + i] * (g[gi + i] - dot);
        }
    }

    /** log_softmax backward: {@code gx = g - exp(y) * sum}, one FMA (as PyTorch's compiled kernel). */
    static void logSoftmaxGrad(float[] g, int gi, float[] y, int yi, float sum, float[] gx, int oi, int n) {
        int vn = n & -16;
        for (int i = 0; i < vn; i += 16) {
            FloatVector e = exp(FloatVector.fromArray(F, y, yi + i));
            e.neg().fma(FloatVector.broadcast(F, sum), FloatVector.fromArray(F, g, gi + i)).intoArray(gx, oi + i);
        }
        for (int i = vn; i < n; i++) {
            gx[oi + i] = Math.fma(-FastMath.exp(y[yi + i]), sum, g[gi + i]);
        }
    }

    // ------------------------------------------------------------------ float64 rows

    static double max(double[] x, int xi, int n) {
        int vn = n & -8;
        double m = Double.NEGATIVE_INFINITY;
        if (vn > 0) {
            DoubleVector v = DoubleVector.fromArray(D, x, xi);
            int i = 8;
            if (vn >= 32) {
                DoubleVector v1 = DoubleVector.fromArray(D, x, xi + 8);
                DoubleVector v2 = DoubleVector.fromArray(D, x, xi + 16);
                DoubleVector v3 = DoubleVector.fromArray(D, x, xi + 24);
                for (i = 32; i + 32 <= vn; i += 32) {
                    v = v.max(DoubleVector.fromArray(D, x, xi + i));
                    v1 = v1.max(DoubleVector.fromArray(D, x, xi + i + 8));
                    v2 = v2.max(DoubleVector.fromArray(D, x, xi + i + 16));
                    v3 = v3.max(DoubleVector.fromArray(D, x, xi + i + 24));
                }
                v = v.max(v1).max(v2.max(v3));
            }
            for (; i < vn; i += 8) {
                v = v.max(DoubleVector.fromArray(D, x, xi + i));
            }
            m = v.reduceLanes(VectorOperators.MAX);
        }
        for (int i = vn; i < n; i++) {
            m = Math.max(m, x[xi + i]);
        }
        return m;
    }

    /** {@link #expSum(float[], int, float, float[], int, int)} in float64 (PyTorch's 4 lanes); n >= 8. */
    static double expSum(double[] x, int xi, double max, double[] o, int oi, int n) {
        int vn = n & -8;
        DoubleVector acc = DoubleVector.zero(D);
        for (int i = 0; i < vn; i += 8) {
            DoubleVector e = exp(DoubleVector.fromArray(D, x, xi + i).sub(max));
            if (o != null) {
                e.intoArray(o, oi + i);
            }
            acc = acc.add(e).add(e.rearrange(HALVES_D));
        }
        double l0 = acc.lane(0);
        double l1 = acc.lane(1);
        double l2 = acc.lane(2);
        double l3 = acc.lane(3);
        int i = vn;
        if (n - i >= 4) {
            l0 += tailExp(x, xi, max, o, oi, i);
            l1 += tailExp(x, xi, max, o, oi, i + 1);
            l2 += tailExp(x, xi, max, o, oi, i + 2);
            l3 += tailExp(x, xi, max, o, oi, i + 3);
            i += 4;
        }
        int k = n - i;
        l0 = k > 0 ? l0 + tailExp(x, xi, max, o, oi, i) : l0;
        l1 = k > 1 ? l1 + tailExp(x, xi, max, o, oi, i + 1) : l1;
        l2 = k > 2 ? l2 + tailExp(x, xi, max, o, oi, i + 2) : l2;
        return ((l0 + l1) + l2) + l3;
    }

    private static double tailExp(double[] x, int xi, double max, double[] o, int oi, int i) {
        double e = FastMath.exp(x[xi + i] - max);
        if (o != null) {
            o[oi + i] = e;
        }
        return e;
    }

    static double sum(double[] a, int ai, int n) {
        int vn = n & -8;
        DoubleVector acc = DoubleVector.zero(D);
        for (int i = 0; i < vn; i += 8) {
            DoubleVector v = DoubleVector.fromArray(D, a, ai + i);
            acc = acc.add(v).add(v.rearrange(HALVES_D));
        }
        return SoftmaxKernels.torchSumTail(acc.lane(0), acc.lane(1), acc.lane(2), acc.lane(3), a, ai + vn, n - vn);
    }

    static double dot(double[] a, int ai, double[] b, int bi, int n) {
        int vn = n & -8;
        DoubleVector av = DoubleVector.fromArray(D, a, ai);
        DoubleVector bv = DoubleVector.fromArray(D, b, bi);
        DoubleVector acc = av.mul(bv);
        acc = av.rearrange(HALVES_D).fma(bv.rearrange(HALVES_D), acc);
        for (int i = 8; i < vn; i += 8) {
            av = DoubleVector.fromArray(D, a, ai + i);
            bv = DoubleVector.fromArray(D, b, bi + i);
            acc = av.fma(bv, acc);
            acc = av.rearrange(HALVES_D).fma(bv.rearrange(HALVES_D), acc);
        }
        return SoftmaxKernels.torchDotTail(acc.lane(0), acc.lane(1), acc.lane(2), acc.lane(3), a, ai + vn, b, bi + vn,
                n - vn);
    }


    static void expAddColumns(double[] x, int xi, double[] max, double[] o, int oi, double[] sum, int n) {
        for (int j = 0; j < n; j += 8) {
            DoubleVector e = exp(DoubleVector.fromArray(D, x, xi + j).sub(DoubleVector.fromArray(D, max, j)));
            if (o != null) {
                e.intoArray(o, oi + j);
            }
            DoubleVector.fromArray(D, sum, j).add(e).intoArray(sum, j);
        }
    }

    static void greaterColumns(double[] x, int xi, double[] max, int n) {
        for (int j = 0; j < n; j += 8) {
            DoubleVector v = DoubleVector.fromArray(D, x, xi + j);
            DoubleVector m = DoubleVector.fromArray(D, max, j);
            m.blend(v, v.compare(VectorOperators.GT, m)).intoArray(max, j);
        }
    }

    static void logSoftmaxGradColumns(double[] g, int gi, double[] y, int yi, double[] sum, double[] gx, int oi,
            int n) {
        for (int j = 0; j < n; j += 8) {
            DoubleVector e = exp(DoubleVector.fromArray(D, y, yi + j));
            e.neg().fma(DoubleVector.fromArray(D, sum, j), DoubleVector.fromArray(D, g, gi + j)).intoArray(gx, oi + j);
        }
    }

    static void scale(double[] o, int oi, double factor, int n) {
        int vn = n & -8;
        for (int i = 0; i < vn; i += 8) {
            DoubleVector.fromArray(D, o, oi + i).mul(factor).intoArray(o, oi + i);
        }
        for (int i = vn; i < n; i++) {
            o[oi + i] = o[oi + i] * factor;
        }
    }

    static void shiftLog(double[] x, int xi, double max, double logSum, double[] o, int oi, int n) {
        int vn = n & -8;
        for (int i = 0; i < vn; i += 8) {
            DoubleVector.fromArray(D, x, xi + i).sub(max).sub(logSum).intoArray(o, oi + i);
        }
        for (int i = vn; i < n; i++) {
            o[oi + i] = (x[xi + i] - max) - logSum;
        }
    }


    static void softmaxGrad(double[] g, int gi, double[] y, int yi, double dot, double[] gx, int oi, int n) {
        int vn = n & -8;
        for (int i = 0; i < vn; i += 8) {
            DoubleVector yv = DoubleVector.fromArray(D, y, yi + i);
            yv.mul(DoubleVector.fromArray(D, g, gi + i).sub(dot)).intoArray(gx, oi + i);
        }
        for (int i = vn; i < n; i++) {
            gx[oi + i] = y[yi + i] * (g[gi + i] - dot);
        }
    }

    static void logSoftmaxGrad(double[] g, int gi, double[] y, int yi, double sum, double[] gx, int oi, int n) {
        int vn = n & -8;
        for (int i = 0; i < vn; i += 8) {
            DoubleVector e = exp(DoubleVector.fromArray(D, y, yi + i));
            e.neg().fma(DoubleVector.broadcast(D, sum), DoubleVector.fromArray(D, g, gi + i)).intoArray(gx, oi + i);
        }
        for (int i = vn; i < n; i++) {
            gx[oi + i] = Math.fma(-FastMath.exp(y[yi + i]), sum, g[gi + i]);
        }
    }
}

package org.grad4j.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.grad4j.spi.VectorLibm;

/**
 * {@link SoftmaxKernels}' contiguous rows on Vector API lanes: {@link FastMath}'s exp (PyTorch's) lane for lane and
 * the elementwise passes; the row sums stay scalar, in PyTorch's order ({@link SoftmaxKernels#torchSum}), so the bits
 * are those of the scalar rows. Loaded only
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

    /** The maximum of {@code x[xi, xi + n)} (NaN if any is NaN), n >= 1. */
    static float max(float[] x, int xi, int n) {
        int vn = n & -16;
        float m = Float.NEGATIVE_INFINITY;
        if (vn > 0) {
            FloatVector v = FloatVector.fromArray(F, x, xi);
            for (int i = 16; i < vn; i += 16) {
                v = v.max(FloatVector.fromArray(F, x, xi + i));
            }
            m = v.reduceLanes(VectorOperators.MAX);
        }
        for (int i = vn; i < n; i++) {
            m = Math.max(m, x[xi + i]);
        }
        return m;
    }

    /** {@code o[i] = exp(x[i] - max)}, {@link FastMath#exp} on every lane. */
    static void expInto(float[] x, int xi, float max, float[] o, int oi, int n) {
        int vn = n & -16;
        for (int i = 0; i < vn; i += 16) {
            exp(FloatVector.fromArray(F, x, xi + i).sub(max)).intoArray(o, oi + i);
        }
        for (int i = vn; i < n; i++) {
            o[oi + i] = FastMath.exp(x[xi + i] - max);
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
            for (int i = 8; i < vn; i += 8) {
                v = v.max(DoubleVector.fromArray(D, x, xi + i));
            }
            m = v.reduceLanes(VectorOperators.MAX);
        }
        for (int i = vn; i < n; i++) {
            m = Math.max(m, x[xi + i]);
        }
        return m;
    }

    static void expInto(double[] x, int xi, double max, double[] o, int oi, int n) {
        int vn = n & -8;
        for (int i = 0; i < vn; i += 8) {
            exp(DoubleVector.fromArray(D, x, xi + i).sub(max)).intoArray(o, oi + i);
        }
        for (int i = vn; i < n; i++) {
            o[oi + i] = FastMath.exp(x[xi + i] - max);
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

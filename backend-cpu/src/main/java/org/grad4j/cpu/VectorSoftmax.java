package org.grad4j.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SoftmaxKernels}' contiguous rows on Vector API lanes: {@link FastMath}'s exp lane for lane, and
 * the sums in {@link SoftmaxKernels}' lane order, so the bits are those of the scalar rows. Loaded only
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

    static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(FastMath.F_LO).min(FastMath.F_HI);
        FloatVector t = c.fma(FastMath.F_LOG2E, FastMath.F_SHIFT);
        FloatVector n = t.sub(FastMath.F_SHIFT);
        FloatVector r = n.fma(FloatVector.broadcast(F, -FastMath.F_LN2_HI), c);
        r = n.fma(FloatVector.broadcast(F, -FastMath.F_LN2_LO), r);
        FloatVector p = r.fma(FastMath.F_C7, FastMath.F_C6);   // r*c7 + c6, as Math.fma(c7, r, c6)
        p = p.fma(r, FloatVector.broadcast(F, FastMath.F_C5));
        p = p.fma(r, FloatVector.broadcast(F, FastMath.F_C4));
        p = p.fma(r, FloatVector.broadcast(F, FastMath.F_C3));
        p = p.fma(r, FloatVector.broadcast(F, FastMath.F_C2));
        p = p.fma(r, FloatVector.broadcast(F, 1f));
        p = p.fma(r, FloatVector.broadcast(F, 1f));
        IntVector ni = t.reinterpretAsInts().sub(FastMath.F_SHIFT_BITS);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(s1).mul(s2);
    }

    static DoubleVector exp(DoubleVector x) {
        DoubleVector c = x.max(FastMath.D_LO).min(FastMath.D_HI);
        DoubleVector t = c.fma(FastMath.D_LOG2E, FastMath.D_SHIFT);
        DoubleVector n = t.sub(FastMath.D_SHIFT);
        DoubleVector r = n.fma(DoubleVector.broadcast(D, -FastMath.D_LN2_HI), c);
        r = n.fma(DoubleVector.broadcast(D, -FastMath.D_LN2_LO), r);
        DoubleVector p = r.fma(FastMath.D_C13, FastMath.D_C12);
        p = p.fma(r, DoubleVector.broadcast(D, FastMath.D_C11));
        p = p.fma(r, DoubleVector.broadcast(D, FastMath.D_C10));
        p = p.fma(r, DoubleVector.broadcast(D, FastMath.D_C9));
        p = p.fma(r, DoubleVector.broadcast(D, FastMath.D_C8));
        p = p.fma(r, DoubleVector.broadcast(D, FastMath.D_C7));
        p = p.fma(r, DoubleVector.broadcast(D, FastMath.D_C6));
        p = p.fma(r, DoubleVector.broadcast(D, FastMath.D_C5));
        p = p.fma(r, DoubleVector.broadcast(D, FastMath.D_C4));
        p = p.fma(r, DoubleVector.broadcast(D, FastMath.D_C3));
        p = p.fma(r, DoubleVector.broadcast(D, FastMath.D_C2));
        p = p.fma(r, DoubleVector.broadcast(D, 1.0));
        p = p.fma(r, DoubleVector.broadcast(D, 1.0));
        LongVector ni = t.reinterpretAsLongs().sub(FastMath.D_SHIFT_BITS);
        LongVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        LongVector n2 = ni.sub(n1);
        DoubleVector s1 = n1.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        DoubleVector s2 = n2.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        return p.mul(s1).mul(s2);
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

    /**
     * The sum of {@code exp(x[i] - max)} over the row in {@link SoftmaxKernels#sumExp}'s order, the
     * exponentials also stored into {@code o} when it is not null.
     */
    static float sumExp(float[] x, int xi, float max, float[] o, int oi, int n, float[] lanes) {
        int vn = n & -16;
        FloatVector acc = FloatVector.zero(F);
        for (int i = 0; i < vn; i += 16) {
            FloatVector e = exp(FloatVector.fromArray(F, x, xi + i).sub(max));
            if (o != null) {
                e.intoArray(o, oi + i);
            }
            acc = acc.add(e);
        }
        acc.intoArray(lanes, 0);
        return SoftmaxKernels.addExpTail(x, xi, max, o, oi, vn, n, SoftmaxKernels.foldLanes(lanes, 16));
    }

    static void divide(float[] o, int oi, float sum, int n) {
        int vn = n & -16;
        for (int i = 0; i < vn; i += 16) {
            FloatVector.fromArray(F, o, oi + i).div(sum).intoArray(o, oi + i);
        }
        for (int i = vn; i < n; i++) {
            o[oi + i] = o[oi + i] / sum;
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

    /** The sum of {@code a[i] * b[i]} (FMA) in lane order; {@code b == null}: the sum of {@code a}. */
    static float dot(float[] a, int ai, float[] b, int bi, int n, float[] lanes) {
        int vn = n & -16;
        FloatVector acc = FloatVector.zero(F);
        for (int i = 0; i < vn; i += 16) {
            FloatVector u = FloatVector.fromArray(F, a, ai + i);
            acc = b == null ? acc.add(u) : u.fma(FloatVector.fromArray(F, b, bi + i), acc);
        }
        acc.intoArray(lanes, 0);
        float s = SoftmaxKernels.foldLanes(lanes, 16);
        for (int i = vn; i < n; i++) {
            s = b == null ? s + a[ai + i] : Math.fma(a[ai + i], b[bi + i], s);
        }
        return s;
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

    /** log_softmax backward: {@code gx = g - exp(y) * sum}. */
    static void logSoftmaxGrad(float[] g, int gi, float[] y, int yi, float sum, float[] gx, int oi, int n) {
        int vn = n & -16;
        for (int i = 0; i < vn; i += 16) {
            FloatVector e = exp(FloatVector.fromArray(F, y, yi + i));
            FloatVector.fromArray(F, g, gi + i).sub(e.mul(sum)).intoArray(gx, oi + i);
        }
        for (int i = vn; i < n; i++) {
            gx[oi + i] = g[gi + i] - FastMath.exp(y[yi + i]) * sum;
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

    static double sumExp(double[] x, int xi, double max, double[] o, int oi, int n, double[] lanes) {
        int vn = n & -8;
        DoubleVector acc = DoubleVector.zero(D);
        for (int i = 0; i < vn; i += 8) {
            DoubleVector e = exp(DoubleVector.fromArray(D, x, xi + i).sub(max));
            if (o != null) {
                e.intoArray(o, oi + i);
            }
            acc = acc.add(e);
        }
        acc.intoArray(lanes, 0);
        return SoftmaxKernels.addExpTail(x, xi, max, o, oi, vn, n, SoftmaxKernels.foldLanes(lanes, 8));
    }

    static void divide(double[] o, int oi, double sum, int n) {
        int vn = n & -8;
        for (int i = 0; i < vn; i += 8) {
            DoubleVector.fromArray(D, o, oi + i).div(sum).intoArray(o, oi + i);
        }
        for (int i = vn; i < n; i++) {
            o[oi + i] = o[oi + i] / sum;
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

    static double dot(double[] a, int ai, double[] b, int bi, int n, double[] lanes) {
        int vn = n & -8;
        DoubleVector acc = DoubleVector.zero(D);
        for (int i = 0; i < vn; i += 8) {
            DoubleVector u = DoubleVector.fromArray(D, a, ai + i);
            acc = b == null ? acc.add(u) : u.fma(DoubleVector.fromArray(D, b, bi + i), acc);
        }
        acc.intoArray(lanes, 0);
        double s = SoftmaxKernels.foldLanes(lanes, 8);
        for (int i = vn; i < n; i++) {
            s = b == null ? s + a[ai + i] : Math.fma(a[ai + i], b[bi + i], s);
        }
        return s;
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
            DoubleVector.fromArray(D, g, gi + i).sub(e.mul(sum)).intoArray(gx, oi + i);
        }
        for (int i = vn; i < n; i++) {
            gx[oi + i] = g[gi + i] - FastMath.exp(y[yi + i]) * sum;
        }
    }
}

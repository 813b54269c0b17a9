package org.grad4j.nn;

/**
 * Vector norms in the order of PyTorch 1.13's CPU kernels (single thread), on host values; float32 inputs
 * are computed in float. Measured against PyTorch (see {@link Utils}).
 */
final class Norms {
    private static final int F32_LANES = 8;

    private Norms() {
    }

    static double absMax(double[] v) {
        double m = v.length == 0 ? 0.0 : Double.NEGATIVE_INFINITY;
        for (double x : v) {
            if (Double.isNaN(x)) {
                return Double.NaN;
            }
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    private static double absMin(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            if (Double.isNaN(x)) {
                return Double.NaN;
            }
            m = Math.min(m, Math.abs(x));
        }
        return m;
    }

    /** The p-norm of {@code v} (float64, or float32 values computed in float when {@code f32}). */
    static double norm(double[] v, double p, boolean f32) {
        if (v.length == 1 && p != 0) {
            return Math.abs(v[0]);   // PyTorch returns abs() for a one-element reduction
        }
        if (p == Double.POSITIVE_INFINITY) {
            return absMax(v);
        }
        if (p == Double.NEGATIVE_INFINITY) {
            return absMin(v);
        }
        if (p == 0) {
            double n = 0;
            for (double x : v) {
                n += x != 0 ? 1 : 0;
            }
            return n;
        }
        if (p == 2) {
            return f32 ? twoNormFloat(v) : twoNorm(v);
        }
        if (f32) {
            float acc = 0;
            for (double x : v) {
                acc += p == 1 ? (float) Math.abs(x) : (float) Math.pow(Math.abs(x), p);
            }
            return p == 1 ? acc : (float) Math.pow(acc, 1.0 / p);
        }
        double acc = 0;
        for (double x : v) {
            acc += p == 1 ? Math.abs(x) : Math.pow(Math.abs(x), p);
        }
        return p == 1 ? acc : Math.pow(acc, 1.0 / p);
    }

    private static double twoNorm(double[] v) {
        double acc = 0;
        for (double x : v) {
            acc = Math.fma(x, x, acc);
        }
        return Math.sqrt(acc);
    }

    private static double twoNormFloat(double[] v) {
        float[] lanes = new float[F32_LANES];
        int n = v.length;
        int d = 0;
        for (; d < n - n % F32_LANES; d += F32_LANES) {
            for (int j = 0; j < F32_LANES; j++) {
                float x = (float) v[d + j];
                lanes[j] = Math.fma(x, x, lanes[j]);
            }
        }
        float acc = lanes[0];
        for (int j = 1; j < F32_LANES; j++) {
            acc += lanes[j];
        }
        for (; d < n; d++) {
            float x = (float) v[d];
            acc += x * x;
        }
        return (float) Math.sqrt(acc);
    }
}

package org.grad4j.spi;

/** Special functions the JDK lacks, for the op table's reference semantics. */
final class Special {
    static final double SQRT1_2 = 0.7071067811865476;
    static final double SQRT_2_OVER_PI = 0.7978845608028654;
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double LN2 = 0.6931471805599453;

    private Special() {
    }

    /**
     * The error function, within a few ulps. Below |x| = 3 it sums {@code 2/sqrt(pi) e^{-x^2}
     * sum_n 2^n x^{2n+1} / (1*3*...*(2n+1))}, whose terms are all positive, so nothing cancels;
     * above, {@code 1 - erfc(x)} with erfc from its continued fraction, which converges fast there.
     */
    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = Math.abs(x);
        if (a >= 6.0) {
            return Math.copySign(1.0, x);   // erfc(6) < 2^-53
        }
        if (a < 3.0) {
            double x2 = a * a;
            double term = a;
            double sum = a;
            for (int n = 1; term > sum * 1e-17; n++) {
                term *= 2.0 * x2 / (2 * n + 1);
                sum += term;
            }
            return Math.copySign(TWO_OVER_SQRT_PI * Math.exp(-x2) * sum, x);
        }
        return Math.copySign(1.0 - erfcLarge(a), x);
    }

    /** erfc(a) for a >= 3 from {@code e^{-a^2}/sqrt(pi) / (a + (1/2)/(a + 1/(a + (3/2)/(a + ...))))}, evaluated bottom-up. */
    private static double erfcLarge(double a) {
        double f = a;
        for (int k = 60; k >= 1; k--) {
            f = a + (k / 2.0) / f;
        }
        return Math.exp(-a * a) / (f * Math.sqrt(Math.PI));
    }

    /** {@code log(1 + e^x)} without overflow. */
    static double softplus(double x) {
        return x > 20 ? x : Math.log1p(Math.exp(x));
    }

    /** erfc from its continued fraction needs 100 terms at 1.5; below, 1 - erf loses at most a few ulps. */
    private static final double ERFC_FRACTION_FROM = 1.5;

    /**
     * The complementary error function, within a few ulps relative (where {@code 1 - erf(x)} would lose them to
     * cancellation): {@code 2 - erfc(-x)} for negative x, {@code 1 - erf(x)} below 1.5, the continued fraction above.
     */
    static double erfc(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x < 0) {
            return 2.0 - erfc(-x);
        }
        if (x < ERFC_FRACTION_FROM) {
            return 1.0 - erf(x);
        }
        if (x > 27.3) {
            return 0.0;   // below the smallest subnormal
        }
        double f = x;
        for (int k = 100; k >= 1; k--) {
            f = x + (k / 2.0) / f;
        }
        return Math.exp(-x * x) / (f * Math.sqrt(Math.PI));
    }

    /** {@code asinh(x) = sign(x) log(|x| + sqrt(x^2 + 1))}, through log1p near 0 and log(2|x|) where x^2 overflows. */
    static double asinh(double x) {
        double a = Math.abs(x);
        if (Double.isNaN(x) || Double.isInfinite(x) || a < 0x1p-28) {
            return x;   // asinh(x) = x - x^3/6 ...: x itself to the last bit (keeps -0.0)
        }
        double r;
        if (a > 0x1p28) {
            r = Math.log(a) + LN2;
        } else if (a > 2.0) {
            r = Math.log(2.0 * a + 1.0 / (Math.sqrt(a * a + 1.0) + a));
        } else {
            double a2 = a * a;
            r = Math.log1p(a + a2 / (1.0 + Math.sqrt(1.0 + a2)));
        }
        return Math.copySign(r, x);
    }

    /** {@code acosh(x) = log(x + sqrt(x^2 - 1))}, through log1p near 1; NaN below 1. */
    static double acosh(double x) {
        if (x < 1.0 || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x > 0x1p28) {
            return Double.isInfinite(x) ? x : Math.log(x) + LN2;
        }
        if (x > 2.0) {
            return Math.log(2.0 * x - 1.0 / (x + Math.sqrt(x * x - 1.0)));
        }
        double t = x - 1.0;
        return Math.log1p(t + Math.sqrt(2.0 * t + t * t));
    }

    /** {@code atanh(x) = log1p(2x / (1 - x)) / 2}, rearranged near 0; ±inf at ±1, NaN beyond. */
    static double atanh(double x) {
        double a = Math.abs(x);
        if (a > 1.0 || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (a < 0x1p-28) {
            return x;
        }
        double r = a < 0.5 ? 0.5 * Math.log1p(2.0 * a + 2.0 * a * a / (1.0 - a)) : 0.5 * Math.log1p(2.0 * a / (1.0 - a));
        return Math.copySign(r, x);
    }

    /** PyTorch's sinc: 1 at 0, else {@code sin(pi x) / (pi x)} (NaN at ±inf). */
    static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        double p = Math.PI * x;
        return Math.sin(p) / p;
    }
}

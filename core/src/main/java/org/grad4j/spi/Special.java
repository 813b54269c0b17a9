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

    /** log2 that is exact at powers of two, as C's log2. */
    static double log2(double x) {
        if (x > 0 && Double.isFinite(x)) {
            int e = Math.getExponent(x);
            if (e >= Double.MIN_EXPONENT && x == Math.scalb(1.0, e)) {
                return e;
            }
        }
        return Math.log(x) / LN2;
    }

    /** {@code log(1 + e^x)} without overflow. */
    static double softplus(double x) {
        return x > 20 ? x : Math.log1p(Math.exp(x));
    }
}

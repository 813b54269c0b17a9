package org.grad4j.cpu;

/**
 * {@code exp} without {@code Math.exp}'s ~7 ns call: Cody-Waite range reduction
 * ({@code x = n ln2 + r}, {@code |r| <= ln2/2}), a Taylor polynomial by Horner's rule with FMAs, and the
 * scale {@code 2^n} applied as two exact powers of two (so subnormal results round once and the
 * overflow threshold falls out of the arithmetic). Within 2 ulps of the correctly rounded result
 * over the whole range (measured in FastMathTest); NaN gives NaN, {@code -inf} 0 and {@code +inf}
 * {@code +inf}.
 *
 * <p>{@link VectorSoftmax} computes the same operations lane for lane, so a value gets the same bits
 * whether the Vector API is present or not and whatever its position in a row. Not used by the
 * elementwise {@code exp} op, which keeps {@code Math.exp} (the op table's reference).
 */
final class FastMath {
    private FastMath() {
    }

    // float32: |x| clamped to where exp is 0 or inf anyway, so 2^n stays within two normal halves
    static final float F_LO = -104f;
    static final float F_HI = 89f;
    static final float F_LOG2E = 1.44269504f;
    /** 1.5 * 2^23: adding it rounds to an integer held in the low mantissa bits. */
    static final float F_SHIFT = 12582912f;
    static final int F_SHIFT_BITS = Float.floatToRawIntBits(F_SHIFT);
    /** ln2 as the nearest float plus its remainder (with FMA, x - n*hi is exact before rounding). */
    static final float F_LN2_HI = 0.6931471824645996f;
    static final float F_LN2_LO = -1.904654290582768e-09f;
    /** 1/k!, k = 7 .. 2 (degree 7: truncation below 1e-8 relative on |r| <= 0.35). */
    static final float F_C7 = 1.9841270e-4f;
    static final float F_C6 = 1.3888889e-3f;
    static final float F_C5 = 8.3333333e-3f;
    static final float F_C4 = 4.1666667e-2f;
    static final float F_C3 = 1.6666667e-1f;
    static final float F_C2 = 0.5f;

    static float exp(float x) {
        float c = Math.min(Math.max(x, F_LO), F_HI);
        float t = Math.fma(c, F_LOG2E, F_SHIFT);
        float n = t - F_SHIFT;
        float r = Math.fma(n, -F_LN2_HI, c);
        r = Math.fma(n, -F_LN2_LO, r);
        float p = Math.fma(F_C7, r, F_C6);
        p = Math.fma(p, r, F_C5);
        p = Math.fma(p, r, F_C4);
        p = Math.fma(p, r, F_C3);
        p = Math.fma(p, r, F_C2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        int ni = Float.floatToRawIntBits(t) - F_SHIFT_BITS;
        int n1 = ni >> 1;
        int n2 = ni - n1;
        return p * Float.intBitsToFloat((n1 + 127) << 23) * Float.intBitsToFloat((n2 + 127) << 23);
    }

    // float64
    static final double D_LO = -746.0;
    static final double D_HI = 710.0;
    static final double D_LOG2E = 1.4426950408889634;
    /** 1.5 * 2^52. */
    static final double D_SHIFT = 6755399441055744.0;
    static final long D_SHIFT_BITS = Double.doubleToRawLongBits(D_SHIFT);
    static final double D_LN2_HI = 0.6931471805599453;
    static final double D_LN2_LO = 2.3190468138462996e-17;
    /** 1/k!, k = 13 .. 2 (degree 13: truncation below 1e-17 relative on |r| <= 0.35). */
    static final double[] D_C = {
        1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0,
        1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5,
    };
    static final double D_C13 = D_C[0];
    static final double D_C12 = D_C[1];
    static final double D_C11 = D_C[2];
    static final double D_C10 = D_C[3];
    static final double D_C9 = D_C[4];
    static final double D_C8 = D_C[5];
    static final double D_C7 = D_C[6];
    static final double D_C6 = D_C[7];
    static final double D_C5 = D_C[8];
    static final double D_C4 = D_C[9];
    static final double D_C3 = D_C[10];
    static final double D_C2 = D_C[11];

    static double exp(double x) {
        double c = Math.min(Math.max(x, D_LO), D_HI);
        double t = Math.fma(c, D_LOG2E, D_SHIFT);
        double n = t - D_SHIFT;
        double r = Math.fma(n, -D_LN2_HI, c);
        r = Math.fma(n, -D_LN2_LO, r);
        double p = Math.fma(D_C13, r, D_C12);
        p = Math.fma(p, r, D_C11);
        p = Math.fma(p, r, D_C10);
        p = Math.fma(p, r, D_C9);
        p = Math.fma(p, r, D_C8);
        p = Math.fma(p, r, D_C7);
        p = Math.fma(p, r, D_C6);
        p = Math.fma(p, r, D_C5);
        p = Math.fma(p, r, D_C4);
        p = Math.fma(p, r, D_C3);
        p = Math.fma(p, r, D_C2);
        p = Math.fma(p, r, 1.0);
        p = Math.fma(p, r, 1.0);
        long ni = Double.doubleToRawLongBits(t) - D_SHIFT_BITS;
        long n1 = ni >> 1;
        long n2 = ni - n1;
        return p * Double.longBitsToDouble((n1 + 1023) << 52) * Double.longBitsToDouble((n2 + 1023) << 52);
    }
}

package org.grad4j.cpu;

import org.grad4j.spi.VectorLibm;

/**
 * PyTorch's {@code exp} ({@link VectorLibm}) in the form {@link VectorSoftmax} computes lane for lane, so a value
 * gets the same bits with or without the Vector API and whatever its position in a row: the input clamped to
 * where the result is 0 or infinite anyway, {@code rint} done by adding and subtracting {@code 1.5 * 2^23}
 * ({@code 2^52}) to the rounded product {@code x / ln2} (exact ties-to-even for these magnitudes), the integer
 * read from the sum's low bits. Equal to {@link VectorLibm#exp} for every input (FastMathTest).
 */
final class FastMath {
    private FastMath() {
    }

    // float32: |x| clamped to where exp is 0 or inf anyway, so 2^n stays within two normal halves
    static final float F_LO = VectorLibm.F_ZERO_BELOW;
    static final float F_HI = VectorLibm.F_INF_ABOVE;
    /** 1.5 * 2^23: adding it rounds to an integer held in the low mantissa bits. */
    static final float F_SHIFT = 12582912f;
    static final int F_SHIFT_BITS = Float.floatToRawIntBits(F_SHIFT);

    static float exp(float x) {
        float c = Math.min(Math.max(x, F_LO), F_HI);
        float t = c * VectorLibm.F_LOG2E + F_SHIFT;   // two roundings: the product, then to an integer
        float n = t - F_SHIFT;
        float s = Math.fma(n, -VectorLibm.F_LN2_HI, c);
        s = Math.fma(n, -VectorLibm.F_LN2_LO, s);
        float u = Math.fma(VectorLibm.F_C5, s, VectorLibm.F_C4);
        u = Math.fma(u, s, VectorLibm.F_C3);
        u = Math.fma(u, s, VectorLibm.F_C2);
        u = Math.fma(u, s, VectorLibm.F_C1);
        u = Math.fma(u, s, 0.5f);
        u = 1f + Math.fma(s * s, u, s);
        int ni = Float.floatToRawIntBits(t) - F_SHIFT_BITS;
        int n1 = ni >> 1;
        int n2 = ni - n1;
        return u * Float.intBitsToFloat((n1 + 127) << 23) * Float.intBitsToFloat((n2 + 127) << 23);
    }

    // float64: clamped below; above ln(Double.MAX_VALUE) the result is infinity (a select, as PyTorch's)
    static final double D_LO = VectorLibm.D_ZERO_BELOW;
    static final double D_HI = 710.0;
    /** 1.5 * 2^52. */
    static final double D_SHIFT = 6755399441055744.0;
    static final long D_SHIFT_BITS = Double.doubleToRawLongBits(D_SHIFT);
    static final double D_C9 = VectorLibm.D_C[0];
    static final double D_C8 = VectorLibm.D_C[1];
    static final double D_C7 = VectorLibm.D_C[2];
    static final double D_C6 = VectorLibm.D_C[3];
    static final double D_C5 = VectorLibm.D_C[4];
    static final double D_C4 = VectorLibm.D_C[5];
    static final double D_C3 = VectorLibm.D_C[6];
    static final double D_C2 = VectorLibm.D_C[7];
    static final double D_C1 = VectorLibm.D_C[8];
    static final double D_C0 = VectorLibm.D_C[9];

    static double exp(double x) {
        double c = Math.min(Math.max(x, D_LO), D_HI);
        double t = c * VectorLibm.D_LOG2E + D_SHIFT;
        double n = t - D_SHIFT;
        double s = Math.fma(n, -VectorLibm.D_LN2_HI, c);
        s = Math.fma(n, -VectorLibm.D_LN2_LO, s);
        double s2 = s * s;
        double s4 = s2 * s2;
        double s8 = s4 * s4;
        double low = Math.fma(s4, Math.fma(s2, Math.fma(s, D_C7, D_C6), Math.fma(s, D_C5, D_C4)),
                Math.fma(s2, Math.fma(s, D_C3, D_C2), Math.fma(s, D_C1, D_C0)));
        double u = Math.fma(s8, Math.fma(s, D_C9, D_C8), low);
        u = Math.fma(u, s, 0.5);
        u = Math.fma(u, s, 1.0);
        u = Math.fma(u, s, 1.0);
        long ni = Double.doubleToRawLongBits(t) - D_SHIFT_BITS;
        long n1 = ni >> 1;
        long n2 = ni - n1;
        double r = u * Double.longBitsToDouble((n1 + 1023) << 52) * Double.longBitsToDouble((n2 + 1023) << 52);
        return x > VectorLibm.D_INF_ABOVE ? Double.POSITIVE_INFINITY : r;
    }
}

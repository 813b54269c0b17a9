package org.grad4j;

/**
 * Float32 Box-Muller of ATen's AVX2 kernel ({@code normal_fill_16_AVX2}), lane by lane.
 * Its log and sincos are the Cephes-style polynomials of {@code avx_mathfun.h}; as compiled
 * for PyTorch's AVX2 capability (GCC, {@code -mfma}, FP contraction on), each product
 * whose only use is an addition becomes one fused multiply-add, which {@link #mad} models.
 * (Where two products meet in one addition, GCC fuses the first in source order.) Checked
 * against PyTorch: with unfused arithmetic dozens of the golden float32
 * {@code normal_} cases differ in the last bit; with this model none do.
 */
final class AtenBoxMuller {
    private AtenBoxMuller() {
    }

    private static final float TWO_PI = (float) (2.0 * Math.PI);
    private static final float MIN_NORM_POS = Float.intBitsToFloat(0x00800000);
    private static final float SQRTHF = (float) 0.707106781186547524;
    private static final float LOG_P0 = 7.0376836292E-2f;
    private static final float LOG_P1 = -1.1514610310E-1f;
    private static final float LOG_P2 = 1.1676998740E-1f;
    private static final float LOG_P3 = -1.2420140846E-1f;
    private static final float LOG_P4 = 1.4249322787E-1f;
    private static final float LOG_P5 = -1.6668057665E-1f;
    private static final float LOG_P6 = 2.0000714765E-1f;
    private static final float LOG_P7 = -2.4999993993E-1f;
    private static final float LOG_P8 = 3.3333331174E-1f;
    private static final float LOG_Q1 = -2.12194440e-4f;
    private static final float LOG_Q2 = 0.693359375f;

    private static final float MINUS_DP1 = -0.78515625f;
    private static final float MINUS_DP2 = -2.4187564849853515625e-4f;
    private static final float MINUS_DP3 = (float) -3.77489497744594108e-8;
    private static final float SINCOF_P0 = -1.9515295891E-4f;
    private static final float SINCOF_P1 = 8.3321608736E-3f;
    private static final float SINCOF_P2 = -1.6666654611E-1f;
    private static final float COSCOF_P0 = (float) 2.443315711809948E-005;
    private static final float COSCOF_P1 = (float) -1.388731625493765E-003;
    private static final float COSCOF_P2 = (float) 4.166664568298827E-002;
    private static final float FOPI = (float) 1.27323954473516;

    /** {@code a * b + c} with one rounding, as the compiled kernel's vfmadd does. */
    private static float mad(float a, float b, float c) {
        return Math.fma(a, b, c);
    }

    /** One block: {@code data[i..i+8)} are u1 draws, {@code data[i+8..i+16)} u2 draws. */
    static void boxMuller16(float[] data, int i, float mean, float std) {
        for (int j = i; j < i + 8; j++) {
            float u1 = 1.0f - data[j];
            float u2 = data[j + 8];
            float radius = (float) Math.sqrt(-2.0f * log(u1));
            float theta = TWO_PI * u2;
            long sc = sincos(theta);
            float sin = Float.intBitsToFloat((int) (sc >>> 32));
            float cos = Float.intBitsToFloat((int) sc);
            data[j] = Math.fma(radius * cos, std, mean);
            data[j + 8] = Math.fma(radius * sin, std, mean);
        }
    }

    /** {@code log256_ps} for one lane. */
    static float log(float x0) {
        boolean invalid = x0 <= 0.0f;
        float x = Math.max(x0, MIN_NORM_POS);
        int bits = Float.floatToRawIntBits(x);
        int imm0 = bits >>> 23;
        x = Float.intBitsToFloat((bits & ~0x7f800000) | Float.floatToRawIntBits(0.5f));
        imm0 -= 0x7f;
        float e = (float) imm0;
        e = e + 1.0f;
        boolean mask = x < SQRTHF;
        float tmp = mask ? x : 0.0f;
        x = x - 1.0f;
        e = e - (mask ? 1.0f : 0.0f);
        x = x + tmp;
        float z = x * x;
        float y = mad(LOG_P0, x, LOG_P1);
        y = mad(y, x, LOG_P2);
        y = mad(y, x, LOG_P3);
        y = mad(y, x, LOG_P4);
        y = mad(y, x, LOG_P5);
        y = mad(y, x, LOG_P6);
        y = mad(y, x, LOG_P7);
        y = mad(y, x, LOG_P8);
        y = y * x;
        y = mad(y, z, e * LOG_Q1);
        y = mad(-z, 0.5f, y);
        x = mad(e, LOG_Q2, x + y);
        return invalid ? Float.NaN : x;
    }

    /** {@code sincos256_ps} for one lane: sin bits in the high half, cos bits in the low half. */
    static long sincos(float x0) {
        int signSin = Float.floatToRawIntBits(x0) & 0x80000000;
        float x = Math.abs(x0);
        float y = x * FOPI;
        int imm2 = (int) y; // cvttps: truncation (lanes here are far below 2^31)
        imm2 = (imm2 + 1) & ~1;
        y = (float) imm2;
        int imm4 = imm2;
        int swapSignSin = (imm2 & 4) << 29;
        boolean polyMask = (imm2 & 2) == 0;
        x = mad(y, MINUS_DP1, x);
        x = mad(y, MINUS_DP2, x);
        x = mad(y, MINUS_DP3, x);
        imm4 = imm4 - 2;
        int signCos = (~imm4 & 4) << 29;
        signSin ^= swapSignSin;

        float z = x * x;
        float yc = mad(COSCOF_P0, z, COSCOF_P1);
        yc = mad(yc, z, COSCOF_P2);
        yc = yc * z;
        yc = Math.fma(yc, z, -(z * 0.5f)); // the first product in source order is the one fused
        yc = yc + 1.0f;

        float ys = mad(SINCOF_P0, z, SINCOF_P1);
        ys = mad(ys, z, SINCOF_P2);
        ys = ys * z;
        ys = mad(ys, x, x);

        float ysin2 = polyMask ? ys : 0.0f;
        float ysin1 = polyMask ? 0.0f : yc;
        ys = ys - ysin2;
        yc = yc - ysin1;
        float s = ysin1 + ysin2;
        float c = yc + ys;
        int sBits = Float.floatToRawIntBits(s) ^ signSin;
        int cBits = Float.floatToRawIntBits(c) ^ signCos;
        return ((long) sBits << 32) | (cBits & 0xffffffffL);
    }
}

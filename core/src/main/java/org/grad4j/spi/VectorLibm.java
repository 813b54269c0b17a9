package org.grad4j.spi;

/**
 * The exponential as PyTorch 1.13's CPU kernels compute it, to the bit. PyTorch's {@code Vectorized<float>} and
 * {@code Vectorized<double>} evaluate {@code exp} with SLEEF's 1-ulp functions ({@code Sleef_expf8_u10},
 * {@code Sleef_expd4_u10}, the AVX2 build with FMA), for every element of {@code torch.exp}, softmax's
 * exponentials and the vector part of {@code sigmoid}; these differ from the correctly rounded result (Java's
 * {@code Math.exp}) in about 7% of float32 and 6% of float64 values. The algorithm is SLEEF's, written here
 * from its description: Cody-Waite reduction {@code x = q ln2 + s} with {@code q = rint(x / ln2)} and ln2 split
 * in two, a minimax polynomial with FMA (Horner's rule for float32, Estrin's scheme for float64), and the scale
 * {@code 2^q} applied as two powers of two. Checked against PyTorch on 400,000 values of each dtype.
 *
 * <p>The constants are public for backends that compute the same operations on vector lanes.
 */
public final class VectorLibm {
    private VectorLibm() {
    }

    /** 1/ln2 as a float. */
    public static final float F_LOG2E = 1.442695040888963407359924681001892137426645954152985934135449406931f;
    /** ln2's high part (exact in q * F_LN2_HI for |q| below 2^11). */
    public static final float F_LN2_HI = 0.693145751953125f;
    /** ln2's low part. */
    public static final float F_LN2_LO = 1.428606765330187045e-06f;
    /** The float polynomial's coefficients, highest degree first (degree 5 down to 1 of {@code (e^s - 1 - s)/s^2}). */
    public static final float F_C5 = 0.000198527617612853646278381f;
    /** See {@link #F_C5}. */
    public static final float F_C4 = 0.00139304355252534151077271f;
    /** See {@link #F_C5}. */
    public static final float F_C3 = 0.00833336077630519866943359f;
    /** See {@link #F_C5}. */
    public static final float F_C2 = 0.0416664853692054748535156f;
    /** See {@link #F_C5}. */
    public static final float F_C1 = 0.166666671633720397949219f;
    /** Below it the float result is 0 (SLEEF's cut-off). */
    public static final float F_ZERO_BELOW = -104f;
    /** Above it the float result is infinity (SLEEF's cut-off). */
    public static final float F_INF_ABOVE = 100f;

    /** 1/ln2. */
    public static final double D_LOG2E = 1.442695040888963407359924681001892137426645954152985934135449406931;
    /** ln2's high part. */
    public static final double D_LN2_HI = .69314718055966295651160180568695068359375;
    /** ln2's low part. */
    public static final double D_LN2_LO = .28235290563031577122588448175013436025525412068e-12;
    /** The double polynomial's coefficients, degree 11 down to 2 of {@code e^s} (then 1/2, 1 and 1 by FMA). */
    public static final double[] D_C = {
        +0.2081276378237164457e-8, +0.2511210703042288022e-7, +0.2755762628169491192e-6, +0.2755723402025388239e-5,
        +0.2480158687479686264e-4, +0.1984126989855865850e-3, +0.1388888888914497797e-2, +0.8333333333314938210e-2,
        +0.4166666666666602598e-1, +0.1666666666666669072e+0,
    };
    private static final double C9 = D_C[0];
    private static final double C8 = D_C[1];
    private static final double C7 = D_C[2];
    private static final double C6 = D_C[3];
    private static final double C5 = D_C[4];
    private static final double C4 = D_C[5];
    private static final double C3 = D_C[6];
    private static final double C2 = D_C[7];
    private static final double C1 = D_C[8];
    private static final double C0 = D_C[9];
    /** Below it the double result is 0 (SLEEF's cut-off). */
    public static final double D_ZERO_BELOW = -1000;
    /** Above it the double result is infinity (the log of the largest double). */
    public static final double D_INF_ABOVE = 709.78271114955742909217217426;

    /**
     * PyTorch's float32 {@code exp}.
     *
     * @param x the operand
     * @return {@code e^x} with PyTorch's rounding
     */
    public static float exp(float x) {
        if (x < F_ZERO_BELOW) {
            return 0f;
        }
        if (x > F_INF_ABOVE) {
            return Float.POSITIVE_INFINITY;
        }
        float qf = (float) Math.rint(x * F_LOG2E);   // x * (1/ln2) rounded to float first, then to an integer
        int q = (int) qf;
        float s = Math.fma(qf, -F_LN2_HI, x);
        s = Math.fma(qf, -F_LN2_LO, s);
        float u = Math.fma(F_C5, s, F_C4);
        u = Math.fma(u, s, F_C3);
        u = Math.fma(u, s, F_C2);
        u = Math.fma(u, s, F_C1);
        u = Math.fma(u, s, 0.5f);
        u = 1f + Math.fma(s * s, u, s);
        int q1 = q >> 1;
        return u * Float.intBitsToFloat((q1 + 127) << 23) * Float.intBitsToFloat((q - q1 + 127) << 23);
    }

    /**
     * PyTorch's float64 {@code exp}.
     *
     * @param x the operand
     * @return {@code e^x} with PyTorch's rounding
     */
    public static double exp(double x) {
        if (x < D_ZERO_BELOW) {
            return 0.0;
        }
        if (x > D_INF_ABOVE) {
            return Double.POSITIVE_INFINITY;
        }
        double qd = Math.rint(x * D_LOG2E);
        int q = (int) qd;
        double s = Math.fma(qd, -D_LN2_HI, x);
        s = Math.fma(qd, -D_LN2_LO, s);
        double s2 = s * s;
        double s4 = s2 * s2;
        double s8 = s4 * s4;
        // Estrin's scheme: c9..c0 in pairs, the pairs by s^2, the quadruples by s^4, the rest by s^8
        double low = Math.fma(s4, Math.fma(s2, Math.fma(s, C7, C6), Math.fma(s, C5, C4)),
                Math.fma(s2, Math.fma(s, C3, C2), Math.fma(s, C1, C0)));
        double u = Math.fma(s8, Math.fma(s, C9, C8), low);
        u = Math.fma(u, s, 0.5);
        u = Math.fma(u, s, 1.0);
        u = Math.fma(u, s, 1.0);
        long q1 = q >> 1;
        return u * Double.longBitsToDouble((q1 + 1023) << 52) * Double.longBitsToDouble((q - q1 + 1023) << 52);
    }

    /**
     * PyTorch's float32 {@code log} ({@code Sleef_logf8_u10}): {@code d = m 2^e} with {@code m} in [0.75, 1.5),
     * {@code log m = 2 atanh((m - 1) / (m + 1))} with the quotient and the sum carried in float-float pairs.
     *
     * @param d the operand
     * @return {@code ln d} with PyTorch's rounding
     */
    public static float log(float d) {
        boolean tiny = d < Float.MIN_NORMAL;
        float a = tiny ? d * 1.8446744073709552E19f : d;   // 2^64: subnormals made normal
        int e = ((Float.floatToRawIntBits(a * (1.0f / 0.75f)) >>> 23) & 0xff) - 0x7f;
        float m = Float.intBitsToFloat(Float.floatToRawIntBits(a) - (e << 23));
        if (tiny) {
            e -= 64;
        }
        // s = ln2 * e as a pair (ln2 split in two floats)
        float sx = 0.69314718246459960938f * e;
        float sy = Math.fma(-1.904654323148236017e-09f, e, Math.fma(0.69314718246459960938f, e, -sx));
        // x = (m - 1) / (m + 1) as a pair
        float nx = -1f + m;
        float nv = nx - -1f;
        float ny = (-1f - (nx - nv)) + (m - nv);
        float dx = 1f + m;
        float dv = dx - 1f;
        float dy = (1f - (dx - dv)) + (m - dv);
        float t = 1f / dx;
        float xx = nx * t;
        float u = Math.fma(t, nx, -xx);
        float xy = Math.fma(-dy, t, Math.fma(-dx, t, 1f));
        xy = Math.fma(xx, xy, Math.fma(ny, t, u));
        float x2 = xx * xx;
        float p = Math.fma(Math.fma(0.3027294874e+0f, x2, 0.3996108174e+0f), x2, 0.6666694880e+0f);
        // s += 2x (pair), then s += x^3 p
        float rx = sx + xx * 2;
        float ry = (((sx - rx) + xx * 2) + sy) + xy * 2;
        float q = x2 * xx * p;
        float r2x = rx + q;
        float r2y = ((rx - r2x) + q) + ry;
        float r = r2x + r2y;
        if (d == Float.POSITIVE_INFINITY) {
            return Float.POSITIVE_INFINITY;
        }
        if (d < 0 || Float.isNaN(d)) {
            return Float.NaN;
        }
        return d == 0 ? Float.NEGATIVE_INFINITY : r;
    }

    /**
     * PyTorch's float64 {@code log} ({@code Sleef_logd4_u10}): as {@link #log(float)} in double-double pairs, the
     * series in Estrin's scheme.
     *
     * @param d the operand
     * @return {@code ln d} with PyTorch's rounding
     */
    public static double log(double d) {
        boolean tiny = d < Double.MIN_NORMAL;
        double a = tiny ? d * 1.8446744073709552E19 : d;
        int e = (int) ((Double.doubleToRawLongBits(a * (1.0 / 0.75)) >>> 52) & 0x7ff) - 0x3ff;
        double m = Double.longBitsToDouble(Double.doubleToRawLongBits(a) - ((long) e << 52));
        if (tiny) {
            e -= 64;
        }
        double nx = -1.0 + m;
        double nv = nx - -1.0;
        double ny = (-1.0 - (nx - nv)) + (m - nv);
        double dx = 1.0 + m;
        double dv = dx - 1.0;
        double dy = (1.0 - (dx - dv)) + (m - dv);
        double t = 1.0 / dx;
        double xx = nx * t;
        double u = Math.fma(t, nx, -xx);
        double xy = Math.fma(-dy, t, Math.fma(-dx, t, 1.0));
        xy = Math.fma(xx, xy, Math.fma(ny, t, u));
        double x2 = xx * xx;
        double x4 = x2 * x2;
        double x8 = x4 * x4;
        double p = Math.fma(x8, Math.fma(x4, 0.1532076988502701353e+0, Math.fma(x2, 0.1525629051003428716e+0,
                0.1818605932937785996e+0)), Math.fma(x4, Math.fma(x2, 0.2222214519839380009e+0,
                0.2857142932794299317e+0), Math.fma(x2, 0.3999999999635251990e+0, 0.6666666666667333541e+0)));
        double sx = 0.693147180559945286226764 * e;
        double sy = Math.fma(2.319046813846299558417771e-17, e, Math.fma(0.693147180559945286226764, e, -sx));
        double rx = sx + xx * 2;
        double ry = (((sx - rx) + xx * 2) + sy) + xy * 2;
        double q = x2 * xx * p;
        double r2x = rx + q;
        double r2y = ((rx - r2x) + q) + ry;
        double r = r2x + r2y;
        if (d == Double.POSITIVE_INFINITY) {
            return Double.POSITIVE_INFINITY;
        }
        if (d < 0 || Double.isNaN(d)) {
            return Double.NaN;
        }
        return d == 0 ? Double.NEGATIVE_INFINITY : r;
    }

    /** {@code d * 2^e} for the scale of an exponential ({@code |e|} below 300), as two exact powers of two. */
    private static float scale(float d, int e) {
        int h = e >> 1;
        return d * Float.intBitsToFloat((h + 127) << 23) * Float.intBitsToFloat((e - h + 127) << 23);
    }

    private static double scale(double d, int e) {
        long h = e >> 1;
        return d * Double.longBitsToDouble((h + 1023) << 52) * Double.longBitsToDouble((e - h + 1023) << 52);
    }

    /**
     * PyTorch's float32 {@code tanh} ({@code Sleef_tanhf8_u10}): {@code (e - 1/e) / (e + 1/e)} with
     * {@code e = exp(|x|)} carried as a float-float pair (SLEEF's {@code expk2f}), the sign put back; 1 from
     * {@code |x| > 8.664339742} on.
     *
     * @param x the operand
     * @return {@code tanh x} with PyTorch's rounding
     */
    public static float tanh(float x) {
        float y = Math.abs(x);
        float qf = (float) Math.rint(y * F_LOG2E);
        int q = (int) qf;
        // s = y - q ln2 as a pair, ln2 in two parts
        float a = qf * -F_LN2_HI;
        float sx = y + a;
        float v = sx - y;
        float sy = (y - (sx - v)) + (a - v);
        float b = qf * -F_LN2_LO;
        float s2 = sx + b;
        v = s2 - sx;
        sy = ((sx - (s2 - v)) + (b - v)) + sy;
        sx = s2;
        float u = Math.fma(Math.fma(Math.fma(0.1980960224e-3f, sx, 0.1394256484e-2f), sx, 0.8333456703e-2f), sx,
                0.4166637361e-1f);
        // t = s u + 1/6, t = s t + 1/2, t = s + s^2 t, t = 1 + t: pairs throughout
        float mx = sx * u;
        float my = Math.fma(sy, u, Math.fma(sx, u, -mx));
        float c = 0.166666659414234244790680580464e+0f;
        float tx = mx + c;
        v = tx - mx;
        float ty = ((mx - (tx - v)) + (c - v)) + my;
        mx = sx * tx;
        my = Math.fma(sx, ty, Math.fma(sy, tx, Math.fma(sx, tx, -mx)));
        tx = mx + 0.5f;
        v = tx - mx;
        ty = ((mx - (tx - v)) + (0.5f - v)) + my;
        float qx = sx * sx;
        float qy = Math.fma(sx + sx, sy, Math.fma(sx, sx, -qx));
        mx = qx * tx;
        my = Math.fma(qx, ty, Math.fma(qy, tx, Math.fma(qx, tx, -mx)));
        float rx = sx + mx;
        v = rx - sx;
        float ry = ((sx - (rx - v)) + (mx - v)) + (sy + my);
        tx = 1f + rx;
        ty = ((1f - tx) + rx) + ry;
        float dx = scale(tx, q);
        float dy = scale(ty, q);
        // e = 1/d; (d - e) / (d + e), all pairs
        float ex = 1f / dx;
        float ey = ex * Math.fma(-dy, ex, Math.fma(-dx, ex, 1f));
        float nx = dx + -ex;
        float ny = (((dx - nx) + -ex) + dy) + -ey;
        float px = dx + ex;
        float py = (((dx - px) + ex) + dy) + ey;
        float t = 1f / px;
        float zx = nx * t;
        float zy = Math.fma(zx, Math.fma(-py, t, Math.fma(-px, t, 1f)), Math.fma(ny, t, Math.fma(t, nx, -zx)));
        float r = zx + zy;
        if (y > 8.664339742f || Float.isNaN(r)) {
            r = 1f;
        }
        return Float.isNaN(x) ? Float.NaN : Math.copySign(r, x);
    }

    /**
     * PyTorch's float64 {@code tanh} ({@code Sleef_tanhd4_u10}), as {@link #tanh(float)} in double-double pairs
     * (SLEEF's {@code expk2}, its series in Estrin's scheme); 1 from {@code |x| > 18.714973875} on.
     *
     * @param x the operand
     * @return {@code tanh x} with PyTorch's rounding
     */
    public static double tanh(double x) {
        double y = Math.abs(x);
        double qd = Math.rint(y * D_LOG2E);
        int q = (int) qd;
        double a = qd * -D_LN2_HI;
        double sx = y + a;
        double v = sx - y;
        double sy = (y - (sx - v)) + (a - v);
        double b = qd * -D_LN2_LO;
        double s2 = sx + b;
        v = s2 - sx;
        sy = ((sx - (s2 - v)) + (b - v)) + sy;
        sx = s2;
        double p2x = sx * sx;
        double p2y = Math.fma(sx + sx, sy, Math.fma(sx, sx, -p2x));
        double p4x = p2x * p2x;
        double p4y = Math.fma(p2x + p2x, p2y, Math.fma(p2x, p2x, -p4x));
        double p8 = p4x * p4x;
        double low = Math.fma(p4x, Math.fma(p2x, Math.fma(sx, +0.2505230023782644465e-7, +0.2755724800902135303e-6),
                Math.fma(sx, +0.2755731892386044373e-5, +0.2480158735605815065e-4)),
                Math.fma(p2x, Math.fma(sx, +0.1984126984148071858e-3, +0.1388888888886763255e-2),
                        Math.fma(sx, +0.8333333333333347095e-2, +0.4166666666666669905e-1)));
        double u = Math.fma(p8, Math.fma(sx, +0.1602472219709932072e-9, +0.2092255183563157007e-8), low);
        double k = +0.1666666666666666574e+0;
        double mx = sx * k;
        double my = Math.fma(sy, k, Math.fma(sx, k, -mx));
        double tx = 0.5 + mx;
        double ty = ((0.5 - tx) + mx) + my;
        for (int i = 0; i < 2; i++) {   // t = 1 + t s, twice
            mx = tx * sx;
            my = Math.fma(tx, sy, Math.fma(ty, sx, Math.fma(tx, sx, -mx)));
            double nx = 1.0 + mx;
            ty = ((1.0 - nx) + mx) + my;
            tx = nx;
        }
        mx = p4x * u;
        my = Math.fma(p4y, u, Math.fma(p4x, u, -mx));
        double rx = tx + mx;
        double ry = (((tx - rx) + mx) + ty) + my;
        double dx = scale(rx, q);
        double dy = scale(ry, q);
        double ex = 1.0 / dx;
        double ey = ex * Math.fma(-dy, ex, Math.fma(-dx, ex, 1.0));
        double nx = dx + -ex;
        v = nx - dx;
        double ny = ((dx - (nx - v)) + (-ex - v)) + (dy + -ey);
        double px = dx + ex;
        v = px - dx;
        double py = ((dx - (px - v)) + (ex - v)) + (dy + ey);
        double t = 1.0 / px;
        double zx = nx * t;
        double zy = Math.fma(zx, Math.fma(-py, t, Math.fma(-px, t, 1.0)), Math.fma(ny, t, Math.fma(t, nx, -zx)));
        double r = zx + zy;
        if (y > 18.714973875 || Double.isNaN(r)) {
            r = 1.0;
        }
        return Double.isNaN(x) ? Double.NaN : Math.copySign(r, x);
    }
}

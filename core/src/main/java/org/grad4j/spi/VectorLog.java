package org.grad4j.spi;

/**
 * {@code log2}, {@code log10}, {@code log1p}, {@code expm1}, {@code sinh} and {@code cosh} as PyTorch 1.13's CPU
 * kernels compute them, to the bit: SLEEF's 1-ulp functions ({@code Sleef_log2f8_u10}, {@code Sleef_log1pd4_u10},
 * ...), which the first four kernels call on every element and sinh and cosh on the vectorised part (the last
 * {@code n % 16} floats or {@code n % 8} doubles of each thread's chunk take glibc's, which this class does not
 * reproduce). The algorithms are SLEEF's, written here from their description. The logarithms split
 * {@code d = m 2^e} with {@code m} in [0.75, 1.5) (for log1p, {@code m = d 2^-e + (2^-e - 1)} without forming
 * {@code 1 + d}) and sum {@code e log_b 2} and the series of {@code 2 atanh((m-1)/(m+1))} in float-float
 * (double-double) pairs; expm1 is {@code exp} as a pair minus 1, sinh and cosh {@code (e -+ 1/e) / 2} of it.
 * SLEEF's limits are kept: log1p is infinite above 1e38 (1e307 for double), expm1 is -1 below -16.6 (-36.7).
 */
final class VectorLog {
    private VectorLog() {
    }

    private static final float F_TWO64 = 1.8446744073709552E19f;
    private static final double D_TWO64 = 1.8446744073709552E19;
    /** ln2 as a float-float pair (the logarithms' {@code e ln2}). */
    private static final float F_LN2_HI = 0.69314718246459960938f;
    private static final float F_LN2_LO = -1.904654323148236017e-09f;

    private static int ilogb(float d) {
        return ((Float.floatToRawIntBits(d) >>> 23) & 0xff) - 0x7f;
    }

    private static int ilogb(double d) {
        return (int) ((Double.doubleToRawLongBits(d) >>> 52) & 0x7ff) - 0x3ff;
    }

    /** C's special values of a logarithm: +inf at +inf, NaN below 0 and for NaN, -inf at 0. */
    private static float logSpecials(float d, float r) {
        if (d == Float.POSITIVE_INFINITY) {
            return d;
        }
        if (d < 0 || Float.isNaN(d)) {
            return Float.NaN;
        }
        return d == 0 ? Float.NEGATIVE_INFINITY : r;
    }

    private static double logSpecials(double d, double r) {
        if (d == Double.POSITIVE_INFINITY) {
            return d;
        }
        if (d < 0 || Double.isNaN(d)) {
            return Double.NaN;
        }
        return d == 0 ? Double.NEGATIVE_INFINITY : r;
    }

    /**
     * PyTorch's float32 {@code log2}.
     *
     * @param d the operand
     * @return {@code log2 d} with PyTorch's rounding
     */
    static float log2(float d) {
        float a = d < Float.MIN_NORMAL ? d * F_TWO64 : d;
        int e = ilogb(a * (float) (1.0 / 0.75));
        float m = Float.intBitsToFloat(Float.floatToRawIntBits(a) - (e << 23));
        if (d < Float.MIN_NORMAL) {
            e -= 64;
        }
        float[] x = atanhRatio(m);
        float x2 = x[0] * x[0];
        float t = Math.fma(Math.fma(0.4374550283e+0f, x2, 0.5764790177e+0f), x2, 0.9618012905120f);
        // s = e + x * 2/ln2 (2/ln2 as a pair)
        float cx = (float) 2.8853900432586669922;
        float cy = (float) 3.2734474483568488616e-08;
        float mx = x[0] * cx;
        float my = Math.fma(x[0], cy, Math.fma(x[1], cx, Math.fma(x[0], cx, -mx)));
        float ef = e;
        float sx = ef + mx;
        float v = sx - ef;
        float sy = ((ef - (sx - v)) + (mx - v)) + my;
        float q = x2 * x[0] * t;
        float rx = sx + q;
        v = rx - sx;
        sy = ((sx - (rx - v)) + (q - v)) + sy;
        return logSpecials(d, rx + sy);
    }

    /**
     * PyTorch's float32 {@code log10}.
     *
     * @param d the operand
     * @return {@code log10 d} with PyTorch's rounding
     */
    static float log10(float d) {
        float a = d < Float.MIN_NORMAL ? d * F_TWO64 : d;
        int e = ilogb(a * (float) (1.0 / 0.75));
        float m = Float.intBitsToFloat(Float.floatToRawIntBits(a) - (e << 23));
        if (d < Float.MIN_NORMAL) {
            e -= 64;
        }
        float[] x = atanhRatio(m);
        float x2 = x[0] * x[0];
        float t = Math.fma(Math.fma((float) +0.1314289868e+0, x2, (float) +0.1735493541e+0), x2,
                (float) +0.2895309627e+0);
        float lx = (float) 0.30103001;
        float ly = (float) -1.432098889e-08;
        float sx = lx * e;
        float sy = Math.fma(ly, e, Math.fma(lx, e, -sx));
        float cx = (float) 0.868588984;
        float cy = (float) -2.170757285e-08;
        float mx = x[0] * cx;
        float my = Math.fma(x[0], cy, Math.fma(x[1], cx, Math.fma(x[0], cx, -mx)));
        float rx = sx + mx;
        sy = (((sx - rx) + mx) + sy) + my;
        float q = x2 * x[0] * t;
        float r2 = rx + q;
        sy = ((rx - r2) + q) + sy;
        return logSpecials(d, r2 + sy);
    }

    /** {@code (m - 1) / (m + 1)} as a float-float pair. */
    private static float[] atanhRatio(float m) {
        float nx = -1f + m;
        float v = nx - -1f;
        float ny = (-1f - (nx - v)) + (m - v);
        float dx = 1f + m;
        v = dx - 1f;
        float dy = (1f - (dx - v)) + (m - v);
        float t = 1f / dx;
        float qx = nx * t;
        float u = Math.fma(t, nx, -qx);
        float qy = Math.fma(-dy, t, Math.fma(-dx, t, 1f));
        return new float[] {qx, Math.fma(qx, qy, Math.fma(ny, t, u))};
    }

    /**
     * PyTorch's float32 {@code log1p}.
     *
     * @param d the operand
     * @return {@code log(1 + d)} with PyTorch's rounding
     */
    static float log1p(float d) {
        float dp1 = d + 1;
        boolean tiny = dp1 < Float.MIN_NORMAL;
        if (tiny) {
            dp1 *= F_TWO64;
        }
        int e = ilogb(dp1 * (1.0f / 0.75f));
        float t = Float.intBitsToFloat(Float.floatToRawIntBits(1f) - (e << 23));
        float m = Math.fma(d, t, t - 1);
        if (tiny) {
            e -= 64;
        }
        float sx = F_LN2_HI * e;
        float sy = Math.fma(F_LN2_LO, e, Math.fma(F_LN2_HI, e, -sx));
        // x = m / (2 + m) as a pair
        float dx = 2 + m;
        float dy = (2 - dx) + m;
        float r = 1f / dx;
        float xx = m * r;
        float u = Math.fma(r, m, -xx);
        float xy = Math.fma(xx, Math.fma(-dy, r, Math.fma(-dx, r, 1f)), u);
        float x2 = xx * xx;
        float p = Math.fma(Math.fma(+0.3027294874e+0f, x2, +0.3996108174e+0f), x2, +0.6666694880e+0f);
        float rx = sx + xx * 2;
        sy = (((sx - rx) + xx * 2) + sy) + xy * 2;
        float q = x2 * xx * p;
        float r2 = rx + q;
        sy = ((rx - r2) + q) + sy;
        float y = r2 + sy;
        if (d > 1e+38f) {
            y = Float.POSITIVE_INFINITY;
        }
        if (-1 > d) {
            y = Float.NaN;
        }
        if (d == -1) {
            y = Float.NEGATIVE_INFINITY;
        }
        return Float.floatToRawIntBits(d) == 0x80000000 ? -0f : y;
    }

    /**
     * PyTorch's float32 {@code expm1}.
     *
     * @param a the operand
     * @return {@code e^a - 1} with PyTorch's rounding
     */
    static float expm1(float a) {
        float[] e = expPair(a);
        float dx = e[0] + -1f;
        float v = dx - e[0];
        float dy = ((e[0] - (dx - v)) + (-1f - v)) + e[1];
        float x = dx + dy;
        if (a > 88.72283172607421875f) {
            x = Float.POSITIVE_INFINITY;
        }
        if (a < -16.635532333438687426013570f) {
            x = -1f;
        }
        return Float.floatToRawIntBits(a) == 0x80000000 ? -0f : x;
    }

    /**
     * PyTorch's float32 {@code sinh} on its vectorised part ({@code Sleef_sinhf8_u10}): {@code (e - 1/e) / 2} with
     * {@code e = exp(|x|)} as a pair, the sign put back; infinite beyond 89.
     *
     * @param x the operand
     * @return {@code sinh x} with PyTorch's rounding
     */
    static float sinh(float x) {
        return hyperbolic(x, true);
    }

    /**
     * PyTorch's float32 {@code cosh} on its vectorised part ({@code Sleef_coshf8_u10}): {@code (e + 1/e) / 2}.
     *
     * @param x the operand
     * @return {@code cosh x} with PyTorch's rounding
     */
    static float cosh(float x) {
        return hyperbolic(x, false);
    }

    private static float hyperbolic(float x, boolean sinh) {
        float[] e = expPair(Math.abs(x));
        float rx = 1f / e[0];
        float ry = rx * Math.fma(-e[1], rx, Math.fma(-e[0], rx, 1f));
        float dx;
        float dy;
        if (sinh) {
            dx = e[0] - rx;
            dy = (((e[0] - dx) - rx) + e[1]) - ry;
        } else {
            dx = e[0] + rx;
            dy = (((e[0] - dx) + rx) + e[1]) + ry;
        }
        float y = (dx + dy) * 0.5f;
        if (Math.abs(x) > 89 || Float.isNaN(y)) {
            y = Float.POSITIVE_INFINITY;
        }
        if (Float.isNaN(x)) {
            return Float.NaN;
        }
        return sinh ? Math.copySign(y, x) : y;
    }

    /**
     * PyTorch's float64 {@code sinh} on its vectorised part ({@code Sleef_sinhd4_u10}); infinite beyond 710.
     *
     * @param x the operand
     * @return {@code sinh x} with PyTorch's rounding
     */
    static double sinh(double x) {
        return hyperbolic(x, true);
    }

    /**
     * PyTorch's float64 {@code cosh} on its vectorised part ({@code Sleef_coshd4_u10}).
     *
     * @param x the operand
     * @return {@code cosh x} with PyTorch's rounding
     */
    static double cosh(double x) {
        return hyperbolic(x, false);
    }

    private static double hyperbolic(double x, boolean sinh) {
        double[] e = expPair(Math.abs(x));
        double rx = 1.0 / e[0];
        double ry = rx * Math.fma(-e[1], rx, Math.fma(-e[0], rx, 1.0));
        double dx;
        double dy;
        if (sinh) {
            dx = e[0] - rx;
            dy = (((e[0] - dx) - rx) + e[1]) - ry;
        } else {
            dx = e[0] + rx;
            dy = (((e[0] - dx) + rx) + e[1]) + ry;
        }
        double y = (dx + dy) * 0.5;
        if (Math.abs(x) > 710 || Double.isNaN(y)) {
            y = Double.POSITIVE_INFINITY;
        }
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        return sinh ? Math.copySign(y, x) : y;
    }

    /** {@code e^d} as a float-float pair (SLEEF's expk2f): Cody-Waite reduction, the series in pairs. */
    static float[] expPair(float d) {
        float qf = (float) Math.rint(d * VectorLibm.F_LOG2E);
        int q = (int) qf;
        float a = qf * -VectorLibm.F_LN2_HI;
        float sx = d + a;
        float v = sx - d;
        float sy = (d - (sx - v)) + (a - v);
        float b = qf * -VectorLibm.F_LN2_LO;
        float s2 = sx + b;
        v = s2 - sx;
        sy = ((sx - (s2 - v)) + (b - v)) + sy;
        sx = s2;
        float u = Math.fma(Math.fma(Math.fma(0.1980960224e-3f, sx, 0.1394256484e-2f), sx, 0.8333456703e-2f), sx,
                0.4166637361e-1f);
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
        if (d < -104) {
            return new float[] {0f, 0f};
        }
        int h = q >> 1;
        float p1 = Float.intBitsToFloat((h + 127) << 23);
        float p2 = Float.intBitsToFloat((q - h + 127) << 23);
        return new float[] {tx * p1 * p2, ty * p1 * p2};
    }

    /**
     * PyTorch's float64 {@code log2}.
     *
     * @param d the operand
     * @return {@code log2 d} with PyTorch's rounding
     */
    static double log2(double d) {
        double a = d < Double.MIN_NORMAL ? d * D_TWO64 : d;
        int e = ilogb(a * (1.0 / 0.75));
        double m = Double.longBitsToDouble(Double.doubleToRawLongBits(a) - ((long) e << 52));
        if (d < Double.MIN_NORMAL) {
            e -= 64;
        }
        double[] x = atanhRatio(m);
        double x2 = x[0] * x[0];
        double t = poly7(x2, +0.2211941750456081490e+0, +0.2200768693152277689e+0, +0.2623708057488514656e+0,
                +0.3205977477944495502e+0, +0.4121985945485324709e+0, +0.5770780162997058982e+0, +0.96179669392608091449);
        double cx = 2.885390081777926774;
        double cy = 6.0561604995516736434e-18;
        double mx = x[0] * cx;
        double my = Math.fma(x[0], cy, Math.fma(x[1], cx, Math.fma(x[0], cx, -mx)));
        double ef = e;
        double sx = ef + mx;
        double v = sx - ef;
        double sy = ((ef - (sx - v)) + (mx - v)) + my;
        double q = x2 * x[0] * t;
        double rx = sx + q;
        v = rx - sx;
        sy = ((sx - (rx - v)) + (q - v)) + sy;
        return logSpecials(d, rx + sy);
    }

    /**
     * PyTorch's float64 {@code log10}.
     *
     * @param d the operand
     * @return {@code log10 d} with PyTorch's rounding
     */
    static double log10(double d) {
        double a = d < Double.MIN_NORMAL ? d * D_TWO64 : d;
        int e = ilogb(a * (1.0 / 0.75));
        double m = Double.longBitsToDouble(Double.doubleToRawLongBits(a) - ((long) e << 52));
        if (d < Double.MIN_NORMAL) {
            e -= 64;
        }
        double[] x = atanhRatio(m);
        double x2 = x[0] * x[0];
        double t = poly7(x2, +0.6653725819576758460e-1, +0.6625722782820833712e-1, +0.7898105214313944078e-1,
                +0.9650955035715275132e-1, +0.1240841409721444993e+0, +0.1737177927454605086e+0, +0.2895296546021972617e+0);
        double lx = 0.30102999566398119802;
        double ly = -2.803728127785170339e-18;
        double sx = lx * e;
        double sy = Math.fma(ly, e, Math.fma(lx, e, -sx));
        double cx = 0.86858896380650363334;
        double cy = 1.1430059694096389311e-17;
        double mx = x[0] * cx;
        double my = Math.fma(x[0], cy, Math.fma(x[1], cx, Math.fma(x[0], cx, -mx)));
        double rx = sx + mx;
        sy = (((sx - rx) + mx) + sy) + my;
        double q = x2 * x[0] * t;
        double r2 = rx + q;
        sy = ((rx - r2) + q) + sy;
        return logSpecials(d, r2 + sy);
    }

    /** Estrin's scheme for a degree-6 polynomial in {@code x}, coefficients highest first (SLEEF's POLY7). */
    private static double poly7(double x, double c6, double c5, double c4, double c3, double c2, double c1, double c0) {
        double x2 = x * x;
        double x4 = x2 * x2;
        return Math.fma(x4, Math.fma(x2, c6, Math.fma(x, c5, c4)),
                Math.fma(x2, Math.fma(x, c3, c2), Math.fma(x, c1, c0)));
    }

    private static double[] atanhRatio(double m) {
        double nx = -1.0 + m;
        double v = nx - -1.0;
        double ny = (-1.0 - (nx - v)) + (m - v);
        double dx = 1.0 + m;
        v = dx - 1.0;
        double dy = (1.0 - (dx - v)) + (m - v);
        double t = 1.0 / dx;
        double qx = nx * t;
        double u = Math.fma(t, nx, -qx);
        double qy = Math.fma(-dy, t, Math.fma(-dx, t, 1.0));
        return new double[] {qx, Math.fma(qx, qy, Math.fma(ny, t, u))};
    }

    /**
     * PyTorch's float64 {@code log1p}.
     *
     * @param d the operand
     * @return {@code log(1 + d)} with PyTorch's rounding
     */
    static double log1p(double d) {
        double dp1 = d + 1;
        boolean tiny = dp1 < Double.MIN_NORMAL;
        if (tiny) {
            dp1 *= D_TWO64;
        }
        int e = ilogb(dp1 * (1.0 / 0.75));
        double t = Double.longBitsToDouble(Double.doubleToRawLongBits(1.0) - ((long) e << 52));
        double m = Math.fma(d, t, t - 1);
        if (tiny) {
            e -= 64;
        }
        double lx = 0.693147180559945286226764;
        double ly = 2.319046813846299558417771e-17;
        double sx = lx * e;
        double sy = Math.fma(ly, e, Math.fma(lx, e, -sx));
        double dx = 2 + m;
        double dy = (2 - dx) + m;
        double r = 1.0 / dx;
        double xx = m * r;
        double u = Math.fma(r, m, -xx);
        double xy = Math.fma(xx, Math.fma(-dy, r, Math.fma(-dx, r, 1.0)), u);
        double x2 = xx * xx;
        double p = poly7(x2, 0.1532076988502701353e+0, 0.1525629051003428716e+0, 0.1818605932937785996e+0,
                0.2222214519839380009e+0, 0.2857142932794299317e+0, 0.3999999999635251990e+0, 0.6666666666667333541e+0);
        double rx = sx + xx * 2;
        sy = (((sx - rx) + xx * 2) + sy) + xy * 2;
        double q = x2 * xx * p;
        double r2 = rx + q;
        sy = ((rx - r2) + q) + sy;
        double y = r2 + sy;
        if (d > 1e+307) {
            y = Double.POSITIVE_INFINITY;
        }
        if (d < -1 || Double.isNaN(d)) {
            y = Double.NaN;
        }
        if (d == -1) {
            y = Double.NEGATIVE_INFINITY;
        }
        return Double.doubleToRawLongBits(d) == Long.MIN_VALUE ? -0.0 : y;
    }

    /**
     * PyTorch's float64 {@code expm1}.
     *
     * @param a the operand
     * @return {@code e^a - 1} with PyTorch's rounding
     */
    static double expm1(double a) {
        double[] e = expPair(a);
        double dx = e[0] + -1.0;
        double v = dx - e[0];
        double dy = ((e[0] - (dx - v)) + (-1.0 - v)) + e[1];
        double x = dx + dy;
        if (a > 709.782712893383996732223) {
            x = Double.POSITIVE_INFINITY;
        }
        if (a < -36.736800569677101399113302437) {
            x = -1.0;
        }
        return Double.doubleToRawLongBits(a) == Long.MIN_VALUE ? -0.0 : x;
    }

    /** {@code e^d} as a double-double pair (SLEEF's expk2), the series in Estrin's scheme. */
    static double[] expPair(double d) {
        double qd = Math.rint(d * VectorLibm.D_LOG2E);
        int q = (int) qd;
        double a = qd * -VectorLibm.D_LN2_HI;
        double sx = d + a;
        double v = sx - d;
        double sy = (d - (sx - v)) + (a - v);
        double b = qd * -VectorLibm.D_LN2_LO;
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
        if (d < -1000) {
            return new double[] {0.0, 0.0};
        }
        long h = q >> 1;
        double s1 = Double.longBitsToDouble((h + 1023) << 52);
        double s3 = Double.longBitsToDouble((q - h + 1023) << 52);
        return new double[] {rx * s1 * s3, ry * s1 * s3};
    }
}

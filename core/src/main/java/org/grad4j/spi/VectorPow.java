package org.grad4j.spi;

/**
 * {@code pow} as PyTorch 1.13's CPU kernels compute it, to the bit: SLEEF's 1-ulp {@code Sleef_powf8_u10} and
 * {@code Sleef_powd4_u10}, which {@code torch.pow} calls on the vectorised part of tensor^tensor and of
 * tensor^scalar for the exponents without a shortcut. The algorithm is SLEEF's, written here from its
 * description: {@code |x|^y = exp(y log|x|)} with the logarithm as a float-float (double-double) pair
 * ({@code log m = 2 atanh((m-1)/(m+1))}, a minimax series), the product with {@code y} kept as a pair, and the
 * exponential of the pair by Cody-Waite reduction and a series; then the sign and C99's special cases.
 */
final class VectorPow {
    private VectorPow() {
    }

    private static final float F_LN2_HI = 0.69314718246459960938f;
    private static final float F_LN2_LO = -1.904654323148236017e-09f;
    private static final double D_LN2_HI = 0.693147180559945286226764;
    private static final double D_LN2_LO = 2.319046813846299558417771e-17;

    /**
     * PyTorch's float32 {@code pow}.
     *
     * @param x the base
     * @param y the exponent
     * @return {@code x^y} with PyTorch's rounding
     */
    static float pow(float x, float y) {
        boolean yIsInt = (float) truncate(y) == y || Math.abs(y) > (1 << 24);
        boolean yIsOdd = yIsInt && Math.abs(y) < (1 << 24) && (((int) y) & 1) == 1;
        // log|x| as a pair (SLEEF's logkf)
        float d = Math.abs(x);
        boolean tiny = d < Float.MIN_NORMAL;
        if (tiny) {
            d *= 1.8446744073709552E19f;
        }
        int e = ilogb(d * (1f / 0.75f));
        float m = Float.intBitsToFloat(Float.floatToRawIntBits(d) - (e << 23));
        if (tiny) {
            e -= 64;
        }
        float nx = -1f + m;
        float v = nx - -1f;
        float ny = (-1f - (nx - v)) + (m - v);
        float dx = 1f + m;
        v = dx - 1f;
        float dy = (1f - (dx - v)) + (m - v);
        float t = 1f / dx;
        float xx = nx * t;
        float u = Math.fma(t, nx, -xx);
        float xy = Math.fma(-dy, t, Math.fma(-dx, t, 1f));
        xy = Math.fma(xx, xy, Math.fma(ny, t, u));
        float x2x = xx * xx;
        float x2y = Math.fma(xx + xx, xy, Math.fma(xx, xx, -x2x));
        float p = Math.fma(Math.fma(0.240320354700088500976562f, x2x, 0.285112679004669189453125f), x2x,
                0.400007992982864379882812f);
        float sx = F_LN2_HI * e;
        float sy = Math.fma(F_LN2_LO, e, Math.fma(F_LN2_HI, e, -sx));
        float rx = sx + xx * 2;
        sy = (((sx - rx) + xx * 2) + sy) + xy * 2;
        sx = rx;
        // (x2 p + c) as a pair, c = 2/3 in two floats
        float ax = x2x * p;
        float ay = Math.fma(x2y, p, Math.fma(x2x, p, -ax));
        float cx = 0.66666662693023681640625f;
        float cy = 3.69183861259614332084311e-09f;
        float bx = ax + cx;
        v = bx - ax;
        float by = ((ax - (bx - v)) + (cx - v)) + (ay + cy);
        // x^3 as a pair, times (x2 p + c)
        float x3x = x2x * xx;
        float x3y = Math.fma(x2x, xy, Math.fma(x2y, xx, Math.fma(x2x, xx, -x3x)));
        float qx = x3x * bx;
        float qy = Math.fma(x3x, by, Math.fma(x3y, bx, Math.fma(x3x, bx, -qx)));
        rx = sx + qx;
        sy = (((sx - rx) + qx) + sy) + qy;
        sx = rx;
        // times y, then exp of the pair (SLEEF's expkf)
        float lx = sx * y;
        float ly = Math.fma(sy, y, Math.fma(sx, y, -lx));
        float result = expk(lx, ly);
        if (Float.isNaN(result)) {
            result = Float.POSITIVE_INFINITY;
        }
        result *= x > 0 ? 1f : yIsInt ? (yIsOdd ? -1f : 1f) : Float.NaN;
        float efx = mulsign(Math.abs(x) - 1, y);
        if (Float.isInfinite(y)) {
            result = efx < 0 ? 0f : efx == 0 ? 1f : Float.POSITIVE_INFINITY;
        }
        if (Float.isInfinite(x) || x == 0) {
            boolean zero = (Float.floatToRawIntBits(y) < 0) ^ (x == 0);
            result = mulsign(zero ? 0f : Float.POSITIVE_INFINITY, yIsOdd ? x : 1f);
        }
        if (Float.isNaN(x) || Float.isNaN(y)) {
            result = Float.NaN;
        }
        return y == 0 || x == 1 ? 1f : result;
    }

    private static float expk(float dx, float dy) {
        int q = (int) Math.rint((dx + dy) * VectorLibm.F_LOG2E);
        float a = q * -VectorLibm.F_LN2_HI;
        float sx = dx + a;
        float v = sx - dx;
        float sy = ((dx - (sx - v)) + (a - v)) + dy;
        a = q * -VectorLibm.F_LN2_LO;
        float s2 = sx + a;
        v = s2 - sx;
        sy = ((sx - (s2 - v)) + (a - v)) + sy;
        sx = s2 + sy;   // normalise
        sy = (s2 - sx) + sy;
        float u = Math.fma(Math.fma(Math.fma(Math.fma(0.00136324646882712841033936f, sx, 0.00836596917361021041870117f),
                sx, 0.0416710823774337768554688f), sx, 0.166665524244308471679688f), sx, 0.499999850988388061523438f);
        float qx = sx * sx;
        float qy = Math.fma(sx + sx, sy, Math.fma(sx, sx, -qx));
        float mx = qx * u;
        float my = Math.fma(qy, u, Math.fma(qx, u, -mx));
        float tx = sx + mx;
        float ty = (((sx - tx) + mx) + sy) + my;
        float rx = 1f + tx;
        float ry = ((1f - rx) + tx) + ty;
        float r = ldexp(rx + ry, q);
        return dx < -104 ? 0f : r;
    }

    /** {@code x 2^q} in SLEEF's steps (a power of two applied four times, then the rest), for its rounding. */
    private static float ldexp(float x, int q) {
        int m = q >> 31;
        m = (((m + q) >> 6) - m) << 4;
        q = q - (m << 2);
        m += 0x7f;
        m = m > 0 ? m : 0;
        m = m > 0xff ? 0xff : m;
        float u = Float.intBitsToFloat(m << 23);
        x = x * u * u * u * u;
        return x * Float.intBitsToFloat((q + 0x7f) << 23);
    }

    private static int ilogb(float d) {
        return ((Float.floatToRawIntBits(d) >>> 23) & 0xff) - 0x7f;
    }

    private static int ilogb(double d) {
        return (int) ((Double.doubleToRawLongBits(d) >>> 52) & 0x7ff) - 0x3ff;
    }

    private static double truncate(double x) {
        return x < 0 ? Math.ceil(x) : Math.floor(x);
    }

    private static float mulsign(float x, float y) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(x) ^ (Float.floatToRawIntBits(y) & 0x80000000));
    }

    private static double mulsign(double x, double y) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(x) ^ (Double.doubleToRawLongBits(y) & Long.MIN_VALUE));
    }

    /**
     * PyTorch's float64 {@code pow}.
     *
     * @param x the base
     * @param y the exponent
     * @return {@code x^y} with PyTorch's rounding
     */
    static double pow(double x, double y) {
        boolean yIsInt = Math.rint(y) == y;
        boolean yIsOdd = yIsInt && Math.rint(y * 0.5) != y * 0.5;
        // log|x| as a pair (SLEEF's logk)
        double d = Math.abs(x);
        boolean tiny = d < Double.MIN_NORMAL;
        if (tiny) {
            d *= 1.8446744073709552E19;
        }
        int e = ilogb(d * (1.0 / 0.75));
        double m = Double.longBitsToDouble(Double.doubleToRawLongBits(d) - ((long) e << 52));
        if (tiny) {
            e -= 64;
        }
        double nx = -1.0 + m;
        double v = nx - -1.0;
        double ny = (-1.0 - (nx - v)) + (m - v);
        double dx = 1.0 + m;
        v = dx - 1.0;
        double dy = (1.0 - (dx - v)) + (m - v);
        double t = 1.0 / dx;
        double xx = nx * t;
        double u = Math.fma(t, nx, -xx);
        double xy = Math.fma(-dy, t, Math.fma(-dx, t, 1.0));
        xy = Math.fma(xx, xy, Math.fma(ny, t, u));
        double x2x = xx * xx;
        double x2y = Math.fma(xx + xx, xy, Math.fma(xx, xx, -x2x));
        double x4 = x2x * x2x;
        double x8 = x4 * x4;
        double x16 = x8 * x8;
        double p = Math.fma(x16, 0.116255524079935043668677, Math.fma(x8,
                Math.fma(x4, Math.fma(x2x, 0.103239680901072952701192, 0.117754809412463995466069),
                        Math.fma(x2x, 0.13332981086846273921509, 0.153846227114512262845736)),
                Math.fma(x4, Math.fma(x2x, 0.181818180850050775676507, 0.222222222230083560345903),
                        Math.fma(x2x, 0.285714285714249172087875, 0.400000000000000077715612))));
        double sx = D_LN2_HI * e;
        double sy = Math.fma(D_LN2_LO, e, Math.fma(D_LN2_HI, e, -sx));
        double rx = sx + xx * 2;
        sy = (((sx - rx) + xx * 2) + sy) + xy * 2;
        sx = rx;
        // x^3 c, c = 2/3 in two doubles
        double x3x = x2x * xx;
        double x3y = Math.fma(x2x, xy, Math.fma(x2y, xx, Math.fma(x2x, xx, -x3x)));
        double cx = 0.666666666666666629659233;
        double cy = 3.80554962542412056336616e-17;
        double qx = x3x * cx;
        double qy = Math.fma(x3x, cy, Math.fma(x3y, cx, Math.fma(x3x, cx, -qx)));
        rx = sx + qx;
        sy = (((sx - rx) + qx) + sy) + qy;
        sx = rx;
        // x^5 p
        double x5x = x2x * x3x;
        double x5y = Math.fma(x2x, x3y, Math.fma(x2y, x3x, Math.fma(x2x, x3x, -x5x)));
        qx = x5x * p;
        qy = Math.fma(x5y, p, Math.fma(x5x, p, -qx));
        rx = sx + qx;
        sy = (((sx - rx) + qx) + sy) + qy;
        sx = rx;
        double lx = sx * y;
        double ly = Math.fma(sy, y, Math.fma(sx, y, -lx));
        double result = expk(lx, ly);
        if (lx > VectorLibm.D_INF_ABOVE) {
            result = Double.POSITIVE_INFINITY;
        }
        result *= x > 0 ? 1.0 : yIsInt ? (yIsOdd ? -1.0 : 1.0) : Double.NaN;
        double efx = mulsign(Math.abs(x) - 1, y);
        if (Double.isInfinite(y)) {
            result = efx < 0 ? 0.0 : efx == 0 ? 1.0 : Double.POSITIVE_INFINITY;
        }
        if (Double.isInfinite(x) || x == 0) {
            boolean zero = (Double.doubleToRawLongBits(y) < 0) ^ (x == 0);
            result = mulsign(zero ? 0.0 : Double.POSITIVE_INFINITY, yIsOdd ? x : 1.0);
        }
        if (Double.isNaN(x) || Double.isNaN(y)) {
            result = Double.NaN;
        }
        return y == 0 || x == 1 ? 1.0 : result;
    }

    private static double expk(double dx, double dy) {
        double dq = Math.rint((dx + dy) * VectorLibm.D_LOG2E);
        int q = (int) dq;
        double a = dq * -VectorLibm.D_LN2_HI;
        double sx = dx + a;
        double v = sx - dx;
        double sy = ((dx - (sx - v)) + (a - v)) + dy;
        a = dq * -VectorLibm.D_LN2_LO;
        double s2 = sx + a;
        v = s2 - sx;
        sy = ((sx - (s2 - v)) + (a - v)) + sy;
        sx = s2 + sy;   // normalise
        sy = (s2 - sx) + sy;
        double p2 = sx * sx;
        double p4 = p2 * p2;
        double p8 = p4 * p4;
        double u = Math.fma(p8, Math.fma(sx, 2.51069683420950419527139e-08, 2.76286166770270649116855e-07),
                Math.fma(p4, Math.fma(p2, Math.fma(sx, 2.75572496725023574143864e-06, 2.48014973989819794114153e-05),
                        Math.fma(sx, 0.000198412698809069797676111, 0.0013888888939977128960529)),
                        Math.fma(p2, Math.fma(sx, 0.00833333333332371417601081, 0.0416666666665409524128449),
                                Math.fma(sx, 0.166666666666666740681535, 0.500000000000000999200722))));
        double tx = 1 + sx;
        double ty = ((1 - tx) + sx) + sy;
        double qx = sx * sx;
        double qy = Math.fma(sx + sx, sy, Math.fma(sx, sx, -qx));
        double mx = qx * u;
        double my = Math.fma(qy, u, Math.fma(qx, u, -mx));
        double rx = tx + mx;
        double ry = (((tx - rx) + mx) + ty) + my;
        long h = q >> 1;
        double r = (rx + ry) * Double.longBitsToDouble((h + 1023) << 52) * Double.longBitsToDouble((q - h + 1023) << 52);
        return dx < -1000 ? 0.0 : r;
    }
}

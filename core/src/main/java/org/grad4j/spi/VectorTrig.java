package org.grad4j.spi;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Sine, cosine, tangent, arctangent and atan2 as PyTorch 1.13's CPU kernels compute them, to the bit: SLEEF's 1-ulp functions
 * ({@code Sleef_sinf8_u10}, {@code Sleef_cosd4_u10}, ...), which {@code torch.sin} and {@code torch.cos} call on
 * every element. The algorithm is SLEEF's, written here from its description: reduce {@code x} by a multiple of
 * {@code pi} (or of {@code pi/2}) carried as a float-float (double-double) pair, then a short odd polynomial in
 * pair arithmetic. Three reductions, chosen by magnitude: Cody-Waite with {@code pi} in three parts below 125
 * (float) or two below 15 (double); for double a second Cody-Waite with {@code pi} in four parts below 1e14; beyond
 * that Payne-Hanek ({@link #rempi(float)}), the bits of {@code 1/(2 pi)} taken from a table built here from
 * {@code pi} to 700 digits.
 *
 * <p>A vector kernel picks the reduction for its whole vector of 8 floats or 4 doubles: a small value that shares
 * its vector with a value past the threshold is reduced the long way, which can change its last bit. These
 * methods choose by the value's own magnitude, as SLEEF's scalar build does; PyTorch's bits are reproduced where
 * each 8 (4) aligned elements are on one side of the threshold, which is always the case for values below 125.
 */
final class VectorTrig {
    private VectorTrig() {
    }

    private static final float F_1_PI = (float) (1 / Math.PI);
    private static final float PI_A2F = 3.1414794921875f;
    private static final float PI_B2F = 0.00011315941810607910156f;
    private static final float PI_C2F = 1.9841872589410058936e-09f;
    private static final float F_PI_HI = 3.1415927410125732422f;
    private static final float F_PI_LO = -8.7422776573475857731e-08f;

    private static final double D_1_PI = 0.318309886183790671537767526745028724;
    private static final double PI_A2 = 3.141592653589793116;
    private static final double PI_B2 = 1.2246467991473532072e-16;
    private static final double PI_A = 3.1415926218032836914;
    private static final double PI_B = 3.1786509424591713469e-08;
    private static final double PI_C = 1.2246467864107188502e-16;
    private static final double PI_D = 1.2736634327021899816e-24;
    private static final double D_PI_HI = 3.141592653589793116;
    private static final double D_PI_LO = 1.2246467991473532072e-16;

    /** {@code x} with its sign flipped where {@code y} is negative (SLEEF's mulsign). */
    private static float mulsign(float x, float y) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(x) ^ (Float.floatToRawIntBits(y) & 0x80000000));
    }

    private static double mulsign(double x, double y) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(x) ^ (Double.doubleToRawLongBits(y) & Long.MIN_VALUE));
    }

    /**
     * PyTorch's float32 {@code sin}.
     *
     * @param d the operand
     * @return {@code sin d} with PyTorch's rounding
     */
    static float sin(float d) {
        int q;
        float sx;
        float sy;
        if (Math.abs(d) < 125f) {
            float u = (float) Math.rint(d * F_1_PI);
            q = (int) u;
            float v = Math.fma(u, -PI_A2F, d);
            float b = u * -PI_B2F;
            sx = v + b;
            float w = sx - v;
            sy = (v - (sx - w)) + (b - w);
            float c = u * -PI_C2F;
            float nx = sx + c;
            sy = ((sx - nx) + c) + sy;
            sx = nx;
        } else {
            if (!Float.isFinite(d)) {
                return Float.NaN;
            }
            float[] r = rempi(d);
            int rq = (int) r[2];
            q = ((rq & 3) * 2 + (r[0] > 0 ? 2 : 1)) >> 2;
            if ((rq & 1) == 1) {   // the reduced value is past pi/4: shift it by pi/2 towards 0
                addPair(r, mulsign(F_PI_HI * -0.5f, r[0]), mulsign(F_PI_LO * -0.5f, r[0]));
            }
            sx = r[0] + r[1];
            sy = (r[0] - sx) + r[1];
        }
        float u = kernel(sx, sy);
        if ((q & 1) == 1) {
            u = -u;
        }
        return Float.floatToRawIntBits(d) == 0x80000000 ? d : u;
    }

    /**
     * PyTorch's float32 {@code cos}.
     *
     * @param d the operand
     * @return {@code cos d} with PyTorch's rounding
     */
    static float cos(float d) {
        int q;
        float sx;
        float sy;
        if (Math.abs(d) < 125f) {
            float dq = Math.fma((float) Math.rint(Math.fma(d, F_1_PI, -0.5f)), 2f, 1f);   // odd multiples of pi/2
            q = (int) dq;
            float b = dq * (-PI_A2F * 0.5f);
            sx = d + b;
            float v = sx - d;
            sy = (d - (sx - v)) + (b - v);
            float c = dq * (-PI_B2F * 0.5f);
            float nx = sx + c;
            v = nx - sx;
            sy = ((sx - (nx - v)) + (c - v)) + sy;
            sx = nx;
            c = dq * (-PI_C2F * 0.5f);
            nx = sx + c;
            v = nx - sx;
            sy = ((sx - (nx - v)) + (c - v)) + sy;
            sx = nx;
        } else {
            if (!Float.isFinite(d)) {
                return Float.NaN;
            }
            float[] r = rempi(d);
            int rq = (int) r[2];
            q = ((rq & 3) * 2 + (r[0] > 0 ? 8 : 7)) >> 1;
            if ((rq & 1) == 0) {
                float y = r[0] > 0 ? 0f : -1f;
                addPair(r, mulsign(F_PI_HI * -0.5f, y), mulsign(F_PI_LO * -0.5f, y));
            }
            sx = r[0] + r[1];
            sy = (r[0] - sx) + r[1];
        }
        float u = kernel(sx, sy);
        return (q & 2) == 0 ? -u : u;
    }

    /** {@code sin(s)} for the reduced pair {@code s} (|s| at most pi/2): {@code s (1 + s^2 P(s^2))} in pairs. */
    private static float kernel(float tx, float ty) {
        float qx = tx * tx;
        float qy = Math.fma(tx + tx, ty, Math.fma(tx, tx, -qx));
        float u = Math.fma(Math.fma(2.6083159809786593541503e-06f, qx, -0.0001981069071916863322258f), qx,
                0.00833307858556509017944336f);
        float a = -0.166666597127914428710938f;
        float b = u * qx;
        float ax = a + b;
        float ay = (a - ax) + b;
        float mx = ax * qx;
        float my = Math.fma(ax, qy, Math.fma(ay, qx, Math.fma(ax, qx, -mx)));
        float xx = 1f + mx;
        float xy = ((1f - xx) + mx) + my;
        return Math.fma(tx, xx, Math.fma(ty, xx, tx * xy));
    }

    /** {@code r = r + (yx, yy)} as pairs without assuming an order of magnitude (SLEEF's dfadd2). */
    private static void addPair(float[] r, float yx, float yy) {
        float sx = r[0] + yx;
        float v = sx - r[0];
        float sy = (r[0] - (sx - v)) + (yx - v);
        r[1] = sy + (r[1] + yy);
        r[0] = sx;
    }

    /** The fraction of a turn in {@code x.x}, pulled into [-1/4, 1/4]; returns the quarter turns removed. */
    private static int removeQuarters(float[] x) {
        float y = (float) Math.rint(x[0] * 4f);
        int q = (int) (y - (float) Math.rint(x[0]) * 4f);
        x[0] = x[0] - y * 0.25f;
        return q;
    }

    private static void normalize(float[] x) {
        float s = x[0] + x[1];
        x[1] = (x[0] - s) + x[1];
        x[0] = s;
    }

    /**
     * Payne-Hanek reduction of a finite float of magnitude 125 or more: {@code a = (q + f) pi/2} with the
     * returned pair {@code f pi/2} in [-pi/4, pi/4] and the quarter turns {@code q} (as a float, element 2).
     */
    static float[] rempi(float a) {
        int ex = ((Float.floatToRawIntBits(a) >>> 23) & 0xff) - 0x7f - 25;
        if (ex > 65) {   // the table is scaled by 2^64 there; scale a down to match
            a = Float.intBitsToFloat(Float.floatToRawIntBits(a) - (64 << 23));
        }
        int i = Math.max(ex, 0) * 4;
        float[] tab = Tables.FLOAT;
        float[] x = {a * tab[i], Math.fma(a, tab[i], -(a * tab[i])), 0};
        int q = removeQuarters(x);
        normalize(x);
        float yx = a * tab[i + 1];
        addPair(x, yx, Math.fma(a, tab[i + 1], -yx));
        q += removeQuarters(x);
        normalize(x);
        float zx = tab[i + 2] * a;
        addPair(x, zx, Math.fma(tab[i + 3], a, Math.fma(tab[i + 2], a, -zx)));
        normalize(x);
        float px = F_PI_HI * 2;
        float py = F_PI_LO * 2;
        float mx = x[0] * px;
        float my = Math.fma(x[0], py, Math.fma(x[1], px, Math.fma(x[0], px, -mx)));
        if (Math.abs(a) < 0.7f) {
            mx = a;
            my = 0;
        }
        return new float[] {mx, my, q};
    }

    /**
     * PyTorch's float64 {@code sin}.
     *
     * @param d the operand
     * @return {@code sin d} with PyTorch's rounding
     */
    static double sin(double d) {
        int ql;
        double sx;
        double sy;
        double ad = Math.abs(d);
        if (ad < 15) {
            double dql = Math.rint(d * D_1_PI);
            ql = (int) dql;
            double u = Math.fma(dql, -PI_A2, d);
            double b = dql * -PI_B2;
            sx = u + b;
            sy = (u - sx) + b;
        } else if (ad < 1e14) {
            double dqh = truncate(d * (D_1_PI / (1 << 24))) * (1 << 24);
            double dql = Math.rint(Math.fma(d, D_1_PI, -dqh));
            ql = (int) dql;
            double u = Math.fma(dqh, -PI_A, d);
            double b = dql * -PI_A;
            sx = u + b;
            sy = (u - sx) + b;
            double[] s = {sx, sy};
            addPair2(s, dqh * -PI_B);
            addPair2(s, dql * -PI_B);
            addPair2(s, dqh * -PI_C);
            addPair2(s, dql * -PI_C);
            double c = (dqh + dql) * -PI_D;
            sx = s[0] + c;
            sy = ((s[0] - sx) + c) + s[1];
        } else {
            if (!Double.isFinite(d)) {
                return Double.NaN;
            }
            double[] r = rempi(d);
            int rq = (int) r[2];
            ql = ((rq & 3) * 2 + (r[0] > 0 ? 2 : 1)) >> 2;
            if ((rq & 1) == 1) {
                addPair(r, mulsign(D_PI_HI * -0.5, r[0]), mulsign(D_PI_LO * -0.5, r[0]));
            }
            sx = r[0] + r[1];
            sy = (r[0] - sx) + r[1];
        }
        double u = kernel(sx, sy);
        if ((ql & 1) == 1) {
            u = -u;
        }
        return d == 0 ? d : u;
    }

    /**
     * PyTorch's float64 {@code cos}.
     *
     * @param d the operand
     * @return {@code cos d} with PyTorch's rounding
     */
    static double cos(double d) {
        double ad = Math.abs(d);
        if (ad < 15) {
            double dql = Math.fma(2, Math.rint(Math.fma(d, D_1_PI, -0.5)), 1);
            double b = dql * (-PI_A2 * 0.5);
            double sx = d + b;
            double v = sx - d;
            double sy = (d - (sx - v)) + (b - v);
            double c = dql * (-PI_B2 * 0.5);
            double nx = sx + c;
            sy = ((sx - nx) + c) + sy;
            double u = kernel(nx, sy);
            return (((int) dql) & 2) == 0 ? -u : u;
        }
        int ql;
        double[] s;
        if (ad < 1e14) {
            double dqh = truncate(Math.fma(d, D_1_PI / (1 << 23), -D_1_PI / (1 << 24)));
            ql = (int) Math.rint(d * D_1_PI + Math.fma(dqh, -(1 << 23), -0.5));
            dqh *= 1 << 24;
            ql = ql + ql + 1;
            double dql = ql;
            double u = Math.fma(dqh, -PI_A * 0.5, d);
            double b = dql * (-PI_A * 0.5);
            double sx = u + b;
            double v = sx - u;
            s = new double[] {sx, (u - (sx - v)) + (b - v)};
            addPair2(s, dqh * (-PI_B * 0.5));
            addPair2(s, dql * (-PI_B * 0.5));
            addPair2(s, dqh * (-PI_C * 0.5));
            addPair2(s, dql * (-PI_C * 0.5));
            double c = (dqh + dql) * (-PI_D * 0.5);
            sx = s[0] + c;
            s[1] = ((s[0] - sx) + c) + s[1];
            s[0] = sx;
        } else {
            if (!Double.isFinite(d)) {
                return Double.NaN;
            }
            double[] r = rempi(d);
            int rq = (int) r[2];
            ql = ((rq & 3) * 2 + (r[0] > 0 ? 8 : 7)) >> 1;
            if ((rq & 1) == 0) {
                double y = r[0] > 0 ? 0 : -1;
                addPair(r, mulsign(D_PI_HI * -0.5, y), mulsign(D_PI_LO * -0.5, y));
            }
            double sx = r[0] + r[1];
            s = new double[] {sx, (r[0] - sx) + r[1]};
        }
        double u = kernel(s[0], s[1]);
        return (ql & 2) == 0 ? -u : u;
    }

    private static double truncate(double x) {
        return x < 0 ? Math.ceil(x) : Math.floor(x);
    }

    /** {@code sin(s)} for the reduced double pair {@code s}: the polynomial in Estrin's scheme, then pairs. */
    private static double kernel(double tx, double ty) {
        double qx = tx * tx;
        double qy = Math.fma(tx + tx, ty, Math.fma(tx, tx, -qx));
        double s2 = qx * qx;
        double s4 = s2 * s2;
        double u = Math.fma(s4, Math.fma(qx, 2.72052416138529567917983e-15, -7.6429259411395447190023e-13),
                Math.fma(s2, Math.fma(qx, 1.60589370117277896211623e-10, -2.5052106814843123359368e-08),
                        Math.fma(qx, 2.75573192104428224777379e-06, -0.000198412698412046454654947)));
        u = Math.fma(u, qx, 0.00833333333333318056201922);
        double a = -0.166666666666666657414808;
        double b = u * qx;
        double ax = a + b;
        double ay = (a - ax) + b;
        double mx = ax * qx;
        double my = Math.fma(ax, qy, Math.fma(ay, qx, Math.fma(ax, qx, -mx)));
        double xx = 1 + mx;
        double xy = ((1 - xx) + mx) + my;
        return Math.fma(tx, xx, Math.fma(ty, xx, tx * xy));
    }

    /** {@code s = s + y} for a pair and a double without assuming an order of magnitude (SLEEF's ddadd2). */
    private static void addPair2(double[] s, double y) {
        double rx = s[0] + y;
        double v = rx - s[0];
        s[1] = ((s[0] - (rx - v)) + (y - v)) + s[1];
        s[0] = rx;
    }

    private static void addPair(double[] r, double yx, double yy) {
        double sx = r[0] + yx;
        double v = sx - r[0];
        double sy = (r[0] - (sx - v)) + (yx - v);
        r[1] = sy + (r[1] + yy);
        r[0] = sx;
    }

    private static int removeQuarters(double[] x) {
        double y = Math.rint(x[0] * 4);
        int q = (int) (y - Math.rint(x[0]) * 4);
        x[0] = x[0] - y * 0.25;
        return q;
    }

    private static void normalize(double[] x) {
        double s = x[0] + x[1];
        x[1] = (x[0] - s) + x[1];
        x[0] = s;
    }

    /** As {@link #rempi(float)} for a finite double of magnitude 1e14 or more. */
    static double[] rempi(double a) {
        int ex = (int) ((Double.doubleToRawLongBits(a) >>> 52) & 0x7ff) - 0x3ff - 55;
        if (ex > 645) {
            a = Double.longBitsToDouble(Double.doubleToRawLongBits(a) - (64L << 52));
        }
        int i = Math.max(ex, 0) * 4;
        double[] tab = Tables.DOUBLE;
        double[] x = {a * tab[i], Math.fma(a, tab[i], -(a * tab[i])), 0};
        int q = removeQuarters(x);
        normalize(x);
        double yx = a * tab[i + 1];
        addPair(x, yx, Math.fma(a, tab[i + 1], -yx));
        q += removeQuarters(x);
        normalize(x);
        double zx = tab[i + 2] * a;
        addPair(x, zx, Math.fma(tab[i + 3], a, Math.fma(tab[i + 2], a, -zx)));
        normalize(x);
        double px = D_PI_HI * 2;
        double py = D_PI_LO * 2;
        double mx = x[0] * px;
        double my = Math.fma(x[0], py, Math.fma(x[1], px, Math.fma(x[0], px, -mx)));
        if (Math.abs(a) < 0.7) {
            mx = a;
            my = 0;
        }
        return new double[] {mx, my, q};
    }

    /**
     * PyTorch's float32 {@code tan} ({@code Sleef_tanf8_u10}): reduction by multiples of pi/2 as for
     * {@link #sin(float)}, {@code s (1 + s^2 P(s^2))} in pairs, its reciprocal for odd quarter turns.
     *
     * @param d the operand
     * @return {@code tan d} with PyTorch's rounding
     */
    static float tan(float d) {
        int q;
        float sx;
        float sy;
        if (Math.abs(d) < 125f) {
            float u = (float) Math.rint(d * (float) (2 / Math.PI));
            q = (int) u;
            float v = Math.fma(u, -PI_A2F * 0.5f, d);
            float b = u * (-PI_B2F * 0.5f);
            sx = v + b;
            float w = sx - v;
            sy = (v - (sx - w)) + (b - w);
            float c = u * (-PI_C2F * 0.5f);
            float nx = sx + c;
            sy = ((sx - nx) + c) + sy;
            sx = nx;
        } else {
            if (!Float.isFinite(d)) {
                return Float.NaN;
            }
            float[] r = rempi(d);
            q = (int) r[2];
            sx = r[0];
            sy = r[1];
        }
        if ((q & 1) == 1) {
            sx = -sx;
            sy = -sy;
        }
        float qx = sx * sx;
        float qy = Math.fma(sx + sx, sy, Math.fma(sx, sx, -qx));
        float n = qx + qy;
        qy = (qx - n) + qy;
        qx = n;
        float u = Math.fma(Math.fma(Math.fma(Math.fma(0.00446636462584137916564941f, qx,
                -8.3920182078145444393158e-05f), qx, 0.0109639242291450500488281f), qx, 0.0212360303848981857299805f),
                qx, 0.0540687143802642822265625f);
        // x = 0.1333 + u s (pair); x = 1 + (1/3 + s x) s; x = t x
        float a = 0.133325666189193725585938f;
        float b = u * qx;
        float xx = a + b;
        float xy = (a - xx) + b;
        float mx = qx * xx;
        float my = Math.fma(qx, xy, Math.fma(qy, xx, Math.fma(qx, xx, -mx)));
        float c = 0.33333361148834228515625f;
        float cx = c + mx;
        float cy = ((c - cx) + mx) + my;
        mx = cx * qx;
        my = Math.fma(cx, qy, Math.fma(cy, qx, Math.fma(cx, qx, -mx)));
        float ox = 1f + mx;
        float oy = ((1f - ox) + mx) + my;
        float rx = sx * ox;
        float ry = Math.fma(sx, oy, Math.fma(sy, ox, Math.fma(sx, ox, -rx)));
        if ((q & 1) == 1) {   // the reciprocal pair
            float ix = 1f / rx;
            ry = ix * Math.fma(-ry, ix, Math.fma(-rx, ix, 1f));
            rx = ix;
        }
        return Float.floatToRawIntBits(d) == 0x80000000 ? d : rx + ry;
    }

    /**
     * PyTorch's float64 {@code tan} ({@code Sleef_tand4_u10}): the reductions of {@link #sin(double)} by multiples
     * of pi/2, then {@code tan(s/2)} by its series and the double-angle quotient in pairs.
     *
     * @param d the operand
     * @return {@code tan d} with PyTorch's rounding
     */
    static double tan(double d) {
        int ql;
        double sx;
        double sy;
        double ad = Math.abs(d);
        if (ad < 15) {
            double dql = Math.rint(d * (2 * D_1_PI));
            ql = (int) dql;
            double u = Math.fma(dql, -PI_A2 * 0.5, d);
            double b = dql * (-PI_B2 * 0.5);
            sx = u + b;
            sy = (u - sx) + b;
        } else if (ad < 1e14) {
            double dqh = truncate(d * (2 * D_1_PI / (1 << 24))) * (1 << 24);
            // d 2/pi (2/pi as a pair) + (+-0.5 - dqh), truncated: the quarter turns left after dqh
            double mx = 0.63661977236758138243 * d;
            double my = Math.fma(-3.9357353350364971764e-17, d, Math.fma(0.63661977236758138243, d, -mx));
            double c = (d < 0 ? -0.5 : 0.5) - dqh;
            double ax = mx + c;
            double v = ax - mx;
            double ay = ((mx - (ax - v)) + (c - v)) + my;
            double dql = truncate(ax + ay);
            ql = (int) Math.rint(dql);
            double u = Math.fma(dqh, -PI_A * 0.5, d);
            double b = dql * (-PI_A * 0.5);
            double[] s = {u + b, 0};
            s[1] = (u - s[0]) + b;
            addPair2(s, dqh * (-PI_B * 0.5));
            addPair2(s, dql * (-PI_B * 0.5));
            addPair2(s, dqh * (-PI_C * 0.5));
            addPair2(s, dql * (-PI_C * 0.5));
            double e = (dqh + dql) * (-PI_D * 0.5);
            sx = s[0] + e;
            sy = ((s[0] - sx) + e) + s[1];
        } else {
            if (!Double.isFinite(d)) {
                return Double.NaN;
            }
            double[] r = rempi(d);
            ql = (int) r[2];
            sx = r[0];
            sy = r[1];
        }
        double tx = sx * 0.5;
        double ty = sy * 0.5;
        double qx = tx * tx;
        double qy = Math.fma(tx + tx, ty, Math.fma(tx, tx, -qx));
        double s2 = qx * qx;
        double s4 = s2 * s2;
        double u = estrin8(qx, s2, s4, +0.3245098826639276316e-3, +0.5619219738114323735e-3, +0.1460781502402784494e-2,
                +0.3591611540792499519e-2, +0.8863268409563113126e-2, +0.2186948728185535498e-1,
                +0.5396825399517272970e-1, +0.1333333333330500581e+0);
        u = Math.fma(u, qx, +0.3333333333333343695e+0);
        // x = t + (s t) u
        double mx = qx * tx;
        double my = Math.fma(qx, ty, Math.fma(qy, tx, Math.fma(qx, tx, -mx)));
        double px = mx * u;
        double py = Math.fma(my, u, Math.fma(mx, u, -px));
        double xx = tx + px;
        double xy = (((tx - xx) + px) + ty) + py;
        // y = -1 + x^2, x = -2 x, then x / y (or -y / x for odd quarter turns)
        double zx = xx * xx;
        double zy = Math.fma(xx + xx, xy, Math.fma(xx, xx, -zx));
        double yx = -1 + zx;
        double yy = ((-1 - yx) + zx) + zy;
        xx *= -2;
        xy *= -2;
        boolean odd = (ql & 1) == 1;
        double nx = odd ? -yx : xx;
        double ny = odd ? -yy : xy;
        double dx = odd ? xx : yx;
        double dy = odd ? xy : yy;
        double t = 1.0 / dx;
        double rx = nx * t;
        double w = Math.fma(t, nx, -rx);
        double ry = Math.fma(rx, Math.fma(-dy, t, Math.fma(-dx, t, 1.0)), Math.fma(ny, t, w));
        return d == 0 ? d : rx + ry;
    }

    /**
     * PyTorch's float32 {@code atan} ({@code Sleef_atanf8_u10}): {@link #atan2(float, float)}'s kernel with
     * {@code x = 1}.
     *
     * @param d the operand
     * @return {@code atan d} with PyTorch's rounding
     */
    static float atan(float d) {
        float r = Float.isInfinite(d) ? (float) 1.570796326794896557998982 : atan2Kernel(Math.abs(d), 1f);
        return mulsign(r, d);
    }

    /**
     * PyTorch's float32 {@code atan2} on its vectorised part ({@code Sleef_atan2f8_u10}), with C99's special
     * cases for zeros and infinities.
     *
     * @param y the ordinate
     * @param x the abscissa
     * @return the angle of {@code (x, y)} with PyTorch's rounding
     */
    static float atan2(float y, float x) {
        if (Math.abs(x) < 2.9387372783541830947e-39f) {   // scale tiny operands up for the quotient
            x *= 1 << 24;
            y *= 1 << 24;
        }
        float r = mulsign(atan2Kernel(Math.abs(y), x), x);
        float halfPi = (float) (Math.PI / 2);
        if (Float.isInfinite(x) || x == 0) {
            r = halfPi - (Float.isInfinite(x) ? mulsign(halfPi, x) : 0f);
        }
        if (Float.isInfinite(y)) {
            r = halfPi - (Float.isInfinite(x) ? mulsign((float) (Math.PI / 4), x) : 0f);
        }
        if (y == 0) {
            r = Float.floatToRawIntBits(x) < 0 ? (float) Math.PI : 0f;
        }
        return Float.isNaN(x) || Float.isNaN(y) ? Float.NaN : mulsign(r, y);
    }

    /**
     * SLEEF's atan2kf_u1 for {@code y >= 0}: the angle as {@code q pi/2 + atan(s)}, {@code s} the smaller over the
     * larger of {@code |x|} and {@code y} as a pair, {@code s + s^3 P(s^2)} in pairs; the pair summed.
     */
    private static float atan2Kernel(float y, float x) {
        int q = x < 0 ? -2 : 0;
        x = Math.abs(x);
        boolean swap = x < y;
        if (swap) {
            q += 1;
        }
        float nx = swap ? -x : y;
        float dx = swap ? y : x;
        float t = 1f / dx;
        float sx = nx * t;
        float u = Math.fma(t, nx, -sx);
        float sy = Math.fma(sx, Math.fma(-dx, t, 1f), u);
        float tx = sx * sx;
        float ty = Math.fma(sx + sx, sy, Math.fma(sx, sx, -tx));
        float n = tx + ty;   // normalise
        ty = (tx - n) + ty;
        tx = n;
        float p = -0.00176397908944636583328247f;
        p = Math.fma(p, tx, 0.0107900900766253471374512f);
        p = Math.fma(p, tx, -0.0309564601629972457885742f);
        p = Math.fma(p, tx, 0.0577365085482597351074219f);
        p = Math.fma(p, tx, -0.0838950723409652709960938f);
        p = Math.fma(p, tx, 0.109463557600975036621094f);
        p = Math.fma(p, tx, -0.142626821994781494140625f);
        p = Math.fma(p, tx, 0.199983194470405578613281f);
        // t = t * (-1/3 + p t), then s * (1 + t)
        float c = -0.333332866430282592773438f;
        float b = p * tx;
        float ax = c + b;
        float ay = (c - ax) + b;
        float mx = tx * ax;
        float my = Math.fma(tx, ay, Math.fma(ty, ax, Math.fma(tx, ax, -mx)));
        float ox = 1f + mx;
        float oy = ((1f - ox) + mx) + my;
        float rx = sx * ox;
        float ry = Math.fma(sx, oy, Math.fma(sy, ox, Math.fma(sx, ox, -rx)));
        // + q pi/2 (pi/2 as a pair)
        float hx = 1.5707963705062866211f * q;
        float hy = Math.fma(-4.3711388286737928865e-08f, q, Math.fma(1.5707963705062866211f, q, -hx));
        float zx = hx + rx;
        float zy = (((hx - zx) + rx) + hy) + ry;
        return zx + zy;
    }

    /**
     * PyTorch's float64 {@code atan} ({@code Sleef_atand4_u10}), as {@link #atan(float)} in double-double pairs
     * with a longer series (Estrin's scheme).
     *
     * @param d the operand
     * @return {@code atan d} with PyTorch's rounding
     */
    static double atan(double d) {
        double r = Double.isInfinite(d) ? 1.570796326794896557998982 : atan2Kernel(Math.abs(d), 1.0);
        return mulsign(r, d);
    }

    /**
     * PyTorch's float64 {@code atan2} on its vectorised part ({@code Sleef_atan2d4_u10}).
     *
     * @param y the ordinate
     * @param x the abscissa
     * @return the angle of {@code (x, y)} with PyTorch's rounding
     */
    static double atan2(double y, double x) {
        if (Math.abs(x) < 5.5626846462680083984e-309) {
            x *= 9007199254740992.0;   // 2^53
            y *= 9007199254740992.0;
        }
        double r = mulsign(atan2Kernel(Math.abs(y), x), x);
        if (Double.isInfinite(x) || x == 0) {
            r = Math.PI / 2 - (Double.isInfinite(x) ? mulsign(Math.PI / 2, x) : 0.0);
        }
        if (Double.isInfinite(y)) {
            r = Math.PI / 2 - (Double.isInfinite(x) ? mulsign(Math.PI / 4, x) : 0.0);
        }
        if (y == 0) {
            r = Double.doubleToRawLongBits(x) < 0 ? Math.PI : 0.0;
        }
        return Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : mulsign(r, y);
    }

    private static double atan2Kernel(double y, double x) {
        int q = x < 0 ? -2 : 0;
        x = Math.abs(x);
        boolean swap = x < y;
        if (swap) {
            q += 1;
        }
        double nx = swap ? -x : y;
        double dx = swap ? y : x;
        double t = 1.0 / dx;
        double sx = nx * t;
        double u = Math.fma(t, nx, -sx);
        double sy = Math.fma(sx, Math.fma(-dx, t, 1.0), u);
        double tx = sx * sx;
        double ty = Math.fma(sx + sx, sy, Math.fma(sx, sx, -tx));
        double n = tx + ty;
        ty = (tx - n) + ty;
        tx = n;
        double t2 = tx * tx;
        double t4 = t2 * t2;
        double t8 = t4 * t4;
        double p = Math.fma(t8, estrin8(tx, t2, t4, 1.06298484191448746607415e-05, -0.000125620649967286867384336,
                0.00070557664296393412389774, -0.00251865614498713360352999, 0.00646262899036991172313504,
                -0.0128281333663399031014274, 0.0208024799924145797902497, -0.0289002344784740315686289),
                estrin8(tx, t2, t4, 0.0359785005035104590853656, -0.041848579703592507506027, 0.0470843011653283988193763,
                        -0.0524914210588448421068719, 0.0587946590969581003860434, -0.0666620884778795497194182,
                        0.0769225330296203768654095, -0.0909090442773387574781907));
        p = Math.fma(p, tx, 0.111111108376896236538123);
        p = Math.fma(p, tx, -0.142857142756268568062339);
        p = Math.fma(p, tx, 0.199999999997977351284817);
        p = Math.fma(p, tx, -0.333333333333317605173818);
        // t = s + (s t) p
        double mx = sx * tx;
        double my = Math.fma(sx, ty, Math.fma(sy, tx, Math.fma(sx, tx, -mx)));
        double px = mx * p;
        double py = Math.fma(my, p, Math.fma(mx, p, -px));
        double rx = sx + px;
        double ry = (((sx - rx) + px) + sy) + py;
        double hx = 1.570796326794896557998982 * q;
        double hy = Math.fma(6.12323399573676603586882e-17, q, Math.fma(1.570796326794896557998982, q, -hx));
        double zx = hx + rx;
        double zy = (((hx - zx) + rx) + hy) + ry;
        return zx + zy;
    }

    /** Estrin's scheme for a degree-7 polynomial, coefficients highest first (SLEEF's POLY8). */
    private static double estrin8(double x, double x2, double x4, double c7, double c6, double c5, double c4,
            double c3, double c2, double c1, double c0) {
        return Math.fma(x4, Math.fma(x2, Math.fma(x, c7, c6), Math.fma(x, c5, c4)),
                Math.fma(x2, Math.fma(x, c3, c2), Math.fma(x, c1, c0)));
    }

    /**
     * The Payne-Hanek tables, built on first use: for each binary exponent {@code e} of the operand, the fraction
     * of {@code 2^k / (2 pi)} (k a little below e) that the operand's integer multiples do not cancel, divided by
     * {@code 2^k}, in four floats (doubles) whose sum carries it to about 100 (200) bits.
     */
    private static final class Tables {
        private static final MathContext MC = new MathContext(720, RoundingMode.HALF_EVEN);
        static final float[] FLOAT;
        static final double[] DOUBLE;

        static {
            BigDecimal rpi = BigDecimal.ONE.divide(pi().multiply(BigDecimal.valueOf(2)), MC);
            FLOAT = new float[(128 - 25) * 4];
            for (int i = 25; i < 128; i++) {
                BigDecimal x = row(rpi, i - 23, i > 90);
                int k = (i - 25) * 4;
                for (int j = 0; j < 4; j++) {
                    double dv = x.doubleValue();
                    float f = j < 3 ? (float) dv : (float) clearLowBit(dv);
                    FLOAT[k + j] = f;
                    x = x.subtract(new BigDecimal(f));
                }
            }
            DOUBLE = new double[(1024 - 55) * 4];
            for (int i = 55; i < 1024; i++) {
                BigDecimal x = row(rpi, Math.max(i - 53, -52), i > 700);
                int k = (i - 55) * 4;
                for (int j = 0; j < 4; j++) {
                    double dv = j < 3 ? clearLowBit(x.doubleValue()) : x.doubleValue();
                    DOUBLE[k + j] = dv;
                    x = x.subtract(new BigDecimal(dv));
                }
            }
        }

        /** {@code frac(2^e / (2 pi)) / 2^e}, times {@code 2^64} where the operand is scaled down by it. */
        private static BigDecimal row(BigDecimal rpi, int e, boolean scaled) {
            BigDecimal p = e >= 0 ? new BigDecimal(java.math.BigInteger.TWO.pow(e))
                    : BigDecimal.ONE.divide(new BigDecimal(java.math.BigInteger.TWO.pow(-e)));
            BigDecimal y = rpi.multiply(p);
            BigDecimal frac = y.subtract(new BigDecimal(y.toBigInteger()));
            BigDecimal x = frac.divide(p, MC);
            return scaled ? x.multiply(new BigDecimal(java.math.BigInteger.TWO.pow(64))) : x;
        }

        private static double clearLowBit(double d) {
            return Double.longBitsToDouble(Double.doubleToRawLongBits(d) & ~1L);
        }

        /** pi by Machin's formula, 16 atan(1/5) - 4 atan(1/239), to 720 digits. */
        private static BigDecimal pi() {
            return arctanInverse(5).multiply(BigDecimal.valueOf(16)).subtract(arctanInverse(239).multiply(
                    BigDecimal.valueOf(4)));
        }

        private static BigDecimal arctanInverse(int n) {
            BigDecimal n2 = BigDecimal.valueOf((long) n * n);
            BigDecimal power = BigDecimal.ONE.divide(BigDecimal.valueOf(n), MC);   // 1 / n^(2k+1)
            BigDecimal sum = power;
            BigDecimal eps = BigDecimal.ONE.movePointLeft(740);
            for (int k = 1; power.compareTo(eps) > 0; k++) {
                power = power.divide(n2, MC);
                BigDecimal term = power.divide(BigDecimal.valueOf(2L * k + 1), MC);
                sum = (k & 1) == 1 ? sum.subtract(term) : sum.add(term);
            }
            return sum;
        }
    }
}

package org.grad4j.spi;

/**
 * {@code asin} and {@code acos} as PyTorch 1.13's CPU kernels compute them, to the bit: SLEEF's 1-ulp
 * {@code Sleef_asinf8_u10}, {@code Sleef_acosd4_u10}, ..., which {@code torch.asin} and {@code torch.acos} call on
 * every element. The algorithm is SLEEF's, written here from its description: below 1/2 a series in {@code d^2};
 * above, the half-angle identity with {@code sqrt((1 - |d|) / 2)} as a float-float (double-double) pair, the result
 * assembled from pi/4, pi/2 or pi in pairs. NaN outside [-1, 1].
 */
final class VectorArcTrig {
    private VectorArcTrig() {
    }

    private static final float F_PI_HI = 3.1415927410125732422f;
    private static final float F_PI_LO = -8.7422776573475857731e-08f;
    private static final double D_PI_HI = 3.141592653589793116;
    private static final double D_PI_LO = 1.2246467991473532072e-16;

    private static float mulsign(float x, float y) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(x) ^ (Float.floatToRawIntBits(y) & 0x80000000));
    }

    private static double mulsign(double x, double y) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(x) ^ (Double.doubleToRawLongBits(y) & Long.MIN_VALUE));
    }

    /** {@code sqrt(d)} as a float-float pair: one Newton step on the rounded root, in pairs (SLEEF's dfsqrt). */
    private static float[] sqrtPair(float d) {
        float t = (float) Math.sqrt(d);
        float mx = t * t;
        float my = Math.fma(t, t, -mx);
        float ax = d + mx;
        float v = ax - d;
        float ay = ((d - (ax - v)) + (mx - v)) + my;
        float rx = 1f / t;
        float ry = rx * Math.fma(-t, rx, 1f);
        float px = ax * rx;
        float py = Math.fma(ax, ry, Math.fma(ay, rx, Math.fma(ax, rx, -px)));
        return new float[] {px * 0.5f, py * 0.5f};
    }

    private static double[] sqrtPair(double d) {
        double t = Math.sqrt(d);
        double mx = t * t;
        double my = Math.fma(t, t, -mx);
        double ax = d + mx;
        double v = ax - d;
        double ay = ((d - (ax - v)) + (mx - v)) + my;
        double rx = 1.0 / t;
        double ry = rx * Math.fma(-t, rx, 1.0);
        double px = ax * rx;
        double py = Math.fma(ax, ry, Math.fma(ay, rx, Math.fma(ax, rx, -px)));
        return new double[] {px * 0.5, py * 0.5};
    }

    /** The argument: {@code d^2} or {@code (1 - |d|) / 2} (element 2), and {@code |d|} or its root as a pair. */
    private static float[] reduce(float d) {
        float a = Math.abs(d);
        boolean small = a < 0.5f;
        float x2 = small ? d * d : (1 - a) * 0.5f;
        float[] x = small ? new float[] {a, 0f} : sqrtPair(x2);
        if (a == 1f) {
            x[0] = 0f;
            x[1] = 0f;
        }
        float u = Math.fma(Math.fma(Math.fma(Math.fma((float) +0.4197454825e-1, x2, (float) +0.2424046025e-1), x2,
                (float) +0.4547423869e-1), x2, (float) +0.7495029271e-1), x2, (float) +0.1666677296e+0);
        return new float[] {x[0], x[1], u * (x2 * x[0])};
    }

    /**
     * PyTorch's float32 {@code asin}.
     *
     * @param d the operand
     * @return {@code asin d} with PyTorch's rounding
     */
    static float asin(float d) {
        float[] r = reduce(d);
        float u = r[2];
        if (Math.abs(d) < 0.5f) {
            return mulsign(u + r[0], d);
        }
        // (pi/4 - x) - u, in pairs
        float ax = F_PI_HI / 4 - r[0];
        float ay = (((F_PI_HI / 4 - ax) - r[0]) + F_PI_LO / 4) - r[1];
        float bx = ax - u;
        float by = ((ax - bx) - u) + ay;
        return mulsign((bx + by) * 2, d);
    }

    /**
     * PyTorch's float32 {@code acos}.
     *
     * @param d the operand
     * @return {@code acos d} with PyTorch's rounding
     */
    static float acos(float d) {
        float[] r = reduce(d);
        float u = r[2];
        boolean small = Math.abs(d) < 0.5f;
        float yx;
        float yy;
        if (small) {   // pi/2 - (x + u) with x and u signed as d
            float a = mulsign(r[0], d);
            float b = mulsign(u, d);
            float cx = a + b;
            float cy = (a - cx) + b;
            yx = F_PI_HI / 2 - cx;
            yy = (((F_PI_HI / 2 - yx) - cx) + F_PI_LO / 2) - cy;
        } else {   // 2 (x + u)
            float sx = r[0] + u;
            float sy = ((r[0] - sx) + u) + r[1];
            yx = sx * 2;
            yy = sy * 2;
            if (d < 0) {   // pi - y
                float px = F_PI_HI - yx;
                yy = (((F_PI_HI - px) - yx) + F_PI_LO) - yy;
                yx = px;
            }
        }
        return yx + yy;
    }

    private static double[] reduce(double d) {
        double a = Math.abs(d);
        boolean small = a < 0.5;
        double x2 = small ? d * d : (1 - a) * 0.5;
        double[] x = small ? new double[] {a, 0.0} : sqrtPair(x2);
        if (a == 1.0) {
            x[0] = 0.0;
            x[1] = 0.0;
        }
        double x4 = x2 * x2;
        double x8 = x4 * x4;
        double x16 = x8 * x8;
        double high = Math.fma(x4, Math.fma(x2, +0.3161587650653934628e-1, -0.1581918243329996643e-1),
                Math.fma(x2, +0.1929045477267910674e-1, +0.6606077476277170610e-2));
        double low = Math.fma(x8, Math.fma(x4, Math.fma(x2, +0.1215360525577377331e-1, +0.1388715184501609218e-1),
                Math.fma(x2, +0.1735956991223614604e-1, +0.2237176181932048341e-1)),
                Math.fma(x4, Math.fma(x2, +0.3038195928038132237e-1, +0.4464285681377102438e-1),
                        Math.fma(x2, +0.7500000000378581611e-1, +0.1666666666666497543e+0)));
        double u = Math.fma(x16, high, low);
        return new double[] {x[0], x[1], u * (x2 * x[0])};
    }

    /**
     * PyTorch's float64 {@code asin}.
     *
     * @param d the operand
     * @return {@code asin d} with PyTorch's rounding
     */
    static double asin(double d) {
        double[] r = reduce(d);
        double u = r[2];
        if (Math.abs(d) < 0.5) {
            return mulsign(u + r[0], d);
        }
        double ax = D_PI_HI / 4 - r[0];
        double ay = (((D_PI_HI / 4 - ax) - r[0]) + D_PI_LO / 4) - r[1];
        double bx = ax - u;
        double by = ((ax - bx) - u) + ay;
        return mulsign((bx + by) * 2, d);
    }

    /**
     * PyTorch's float64 {@code acos}.
     *
     * @param d the operand
     * @return {@code acos d} with PyTorch's rounding
     */
    static double acos(double d) {
        double[] r = reduce(d);
        double u = r[2];
        boolean small = Math.abs(d) < 0.5;
        double yx;
        double yy;
        if (small) {
            double a = mulsign(r[0], d);
            double b = mulsign(u, d);
            double cx = a + b;
            double cy = (a - cx) + b;
            yx = D_PI_HI / 2 - cx;
            yy = (((D_PI_HI / 2 - yx) - cx) + D_PI_LO / 2) - cy;
        } else {
            double sx = r[0] + u;
            double sy = ((r[0] - sx) + u) + r[1];
            yx = sx * 2;
            yy = sy * 2;
            if (d < 0) {
                double px = D_PI_HI - yx;
                yy = (((D_PI_HI - px) - yx) + D_PI_LO) - yy;
                yx = px;
            }
        }
        return yx + yy;
    }
}

package org.grad4j.spi;

/**
 * The reference semantics of torch.special's functions in the op table, in double. Where PyTorch 1.13's
 * ATen (Math.h) computes with a Cephes-style series whose truncation shows in the last digits (digamma,
 * trigamma, zeta, erfinv's two Newton steps, the Bessel functions' Chebyshev sums, ndtri), the same
 * series with the same published coefficients is evaluated in the same order, so float64 agrees to the last
 * bits; lgamma (glibc's in ATen) and erfcx are written here to full double accuracy. Special points (poles,
 * signed zeros, infinities, NaN) follow PyTorch 1.13 exactly.
 */
final class SpecialFunctions {
    private static final double PI = Math.PI;
    private static final double LOG_PI = 1.1447298858494002;
    private static final double HALF_LOG_2PI = 0.9189385332046728;
    private static final double SQRT_PI = 1.7724538509055159;
    private static final double SQRT1_2 = 0.7071067811865476;
    /** Cephes' machine epsilon of zeta's stopping test, 2^-53. */
    private static final double MACHEP = 1.11022302462515654042E-16;

    private SpecialFunctions() {
    }

    // ------------------------------------------------------------ gamma family

    /** (n-1)! for n = 1..23, exact in double: lgamma of a small integer is log of it (as glibc's, correctly rounded). */
    private static final double[] FACTORIAL = new double[23];

    static {
        FACTORIAL[0] = 1.0;
        for (int i = 1; i < FACTORIAL.length; i++) {
            FACTORIAL[i] = FACTORIAL[i - 1] * i;
        }
    }

    /**
     * {@code log|Gamma(x)|}: +inf at 0, -0, the negative integers and ±inf (C's lgamma). Stirling's series from
     * 10 up, the recurrence below, the reflection formula for negative x.
     */
    static double lgamma(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (Double.isInfinite(x) || (x <= 0 && x == Math.rint(x))) {
            return Double.POSITIVE_INFINITY;
        }
        if (x < 0) {
            // Gamma(x) Gamma(1 - x) = pi / sin(pi x), with sin(pi x) from the exact distance to the nearest integer
            double r = Math.abs(x - Math.rint(x));
            return LOG_PI - Math.log(Math.abs(Math.sin(PI * r))) - lgamma(1.0 - x);
        }
        if (x <= FACTORIAL.length && x == Math.rint(x)) {
            return Math.log(FACTORIAL[(int) x - 1]);
        }
        if (x < 0x1p-60) {
            return -Math.log(x);   // lgamma(x) = -log x - gamma x + ..., the rest below half an ulp
        }
        if (x >= 10.0) {
            return stirling(x);
        }
        double prod = 1.0;
        double y = x;
        while (y < 10.0) {
            prod *= y;
            y += 1.0;
        }
        return stirling(y) - Math.log(prod);
    }

    /** Stirling's series of lgamma for x >= 10 (terms to x^-13: below 2^-53 relative there). */
    private static double stirling(double x) {
        if (x > 0x1p52) {
            return x * (Math.log(x) - 1.0);
        }
        double z = 1.0 / (x * x);
        double series = (1.0 / 12 + z * (-1.0 / 360 + z * (1.0 / 1260 + z * (-1.0 / 1680 + z * (1.0 / 1188
                + z * (-691.0 / 360360 + z * (1.0 / 156))))))) / x;
        return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series;
    }

    /** PSI(10), the shortcut ATen takes when the recurrence lands on 10 exactly. */
    private static final double PSI_10 = 2.25175258906672110764;
    /** The asymptotic series' coefficients of digamma (Cephes psi), highest power first. */
    private static final double[] PSI_A = {
        8.33333333333333333333E-2, -2.10927960927960927961E-2, 7.57575757575757575758E-3,
        -4.16666666666666666667E-3, 3.96825396825396825397E-3, -8.33333333333333333333E-3,
        8.33333333333333333333E-2,
    };

    /**
     * ATen's digamma: -inf at +0, +inf at -0 (C's convention for gamma-related functions), NaN at the negative
     * integers and -inf; the reflection formula for negative x, the recurrence up to 10, then the asymptotic series.
     */
    static double digamma(double x) {
        if (x == 0) {
            return Math.copySign(Double.POSITIVE_INFINITY, -x);
        }
        boolean integer = x == (x < 0 ? Math.ceil(x) : Math.floor(x));
        if (x < 0) {
            if (integer) {
                return Double.NaN;
            }
            double r = x - (x < 0 ? Math.ceil(x) : Math.floor(x));   // modf's fractional part: tan(pi r) is accurate
            return digamma(1 - x) - PI / Math.tan(PI * r);
        }
        double result = 0;
        while (x < 10) {
            result -= 1 / x;
            x += 1;
        }
        if (x == 10) {
            return result + PSI_10;
        }
        double y = 0;
        if (x < 1.0e17) {
            double z = 1.0 / (x * x);
            y = z * polevl(z, PSI_A);
        }
        return result + Math.log(x) - (0.5 / x) - y;
    }

    /** ATen's trigamma (polygamma(1, x)): the reflection below 1/2, six steps of the recurrence, a short series. */
    static double trigamma(double x) {
        double sign = +1;
        double result = 0;
        if (x < 0.5) {
            sign = -1;
            double sinPiX = Math.sin(PI * x);
            result -= (PI * PI) / (sinPiX * sinPiX);
            x = 1 - x;
        }
        for (int i = 0; i < 6; ++i) {
            result += 1 / (x * x);
            x += 1;
        }
        double ixx = 1 / (x * x);
        result += (1 + 1 / (2 * x) + ixx * (1. / 6 - ixx * (1. / 30 - ixx * (1. / 42)))) / x;
        return sign * result;
    }

    /**
     * ATen's trigamma for float32, in float arithmetic: its {@code sinf(pi x)} is far from 0 at a negative integer
     * ({@code pi} rounded to float), so the float result there is finite and differs from the double one by orders.
     */
    static float trigammaFloat(float x) {
        final float pi = (float) PI;
        float sign = +1;
        float result = 0;
        if (x < 0.5f) {
            sign = -1;
            float sinPiX = (float) Math.sin(pi * x);
            result -= (pi * pi) / (sinPiX * sinPiX);
            x = 1 - x;
        }
        for (int i = 0; i < 6; ++i) {
            result += 1 / (x * x);
            x += 1;
        }
        float ixx = 1 / (x * x);
        result += (1 + 1 / (2 * x) + ixx * (1.f / 6 - ixx * (1.f / 30 - ixx * (1.f / 42)))) / x;
        return sign * result;
    }

    /** The Euler-Maclaurin denominators of zeta (Cephes): (2k)! / B_2k. */
    private static final double[] ZETA_A = {
        12.0, -720.0, 30240.0, -1209600.0, 47900160.0, -1.8924375803183791606e9, 7.47242496e10,
        -2.950130727918164224e12, 1.1646782814350067249e14, -4.5979787224074726105e15, 1.8152105401943546773e17,
        -7.1661652561756670113e18,
    };

    /**
     * The Hurwitz zeta function {@code sum_k (k + q)^-x}, as ATen: inf at x = 1, NaN below, inf at q a non-positive
     * integer, NaN for q < 0 with x not an integer; a direct sum until the terms are negligible or q + 9 is passed,
     * then Euler-Maclaurin's correction.
     */
    static double zeta(double x, double q) {
        if (x == 1.0) {
            return Double.POSITIVE_INFINITY;
        }
        if (x < 1.0) {
            return Double.NaN;
        }
        if (q <= 0.0) {
            if (q == Math.floor(q)) {
                return Double.POSITIVE_INFINITY;
            }
            if (x != Math.floor(x)) {
                return Double.NaN;
            }
        }
        double s = cpow(q, -x);
        double a = q;
        int i = 0;
        double b = 0.0;
        while (i < 9 || a <= 9.0) {
            i += 1;
            a += 1.0;
            b = cpow(a, -x);
            s += b;
            if (-MACHEP * s < b && b < MACHEP * s) {
                return s;
            }
        }
        double w = a;
        s += b * w / (x - 1.0);
        s -= 0.5 * b;
        a = 1.0;
        double k = 0.0;
        for (i = 0; i < 12; i++) {
            a *= x + k;
            b /= w;
            double t = a * b / ZETA_A[i];
            s = s + t;
            t = Math.abs(t / s);
            if (t < MACHEP) {
                return s;
            }
            k += 1.0;
            a *= x + k;
            b /= w;
            k += 1.0;
        }
        return s;
    }

    /** C's pow for zeta's terms: {@code pow(1, y) = 1} even for a NaN y. */
    private static double cpow(double x, double y) {
        return x == 1.0 ? 1.0 : Math.pow(x, y);
    }

    /**
     * ATen's polygamma for n >= 2: {@code (-1)^(n+1) n! zeta(n + 1, x)}, the factorial as {@code exp(lgamma(n + 1))}.
     *
     * @param n the order, at least 2
     */
    static double polygamma(int n, double x) {
        return polygammaFactor(n) * zeta(n + 1, x);
    }

    /** {@code (-1)^(n+1) exp(lgamma(n + 1))}, the factor of {@link #polygamma}. */
    static double polygammaFactor(int n) {
        return (n % 2 != 0 ? 1.0 : -1.0) * Math.exp(lgamma(n + 1.0));
    }

    /** Evaluates {@code c[0] x^N + ... + c[N]} (Cephes' polevl). */
    private static double polevl(double x, double[] c) {
        double r = 0;
        for (double ci : c) {
            r = r * x + ci;
        }
        return r;
    }

    // ------------------------------------------------------------ regularized incomplete gamma (ATen, after SciPy)

    private static final double[] LANCZOS_NUM = {
        0.006061842346248906525783753964555936883222, 0.5098416655656676188125178644804694509993,
        19.51992788247617482847860966235652136208, 449.9445569063168119446858607650988409623,
        6955.999602515376140356310115515198987526, 75999.29304014542649875303443598909137092,
        601859.6171681098786670226533699352302507, 3481712.15498064590882071018964774556468,
        14605578.08768506808414169982791359218571, 43338889.32467613834773723740590533316085,
        86363131.28813859145546927288977868422342, 103794043.1163445451906271053616070238554,
        56906521.91347156388090791033559122686859,
    };
    private static final double[] LANCZOS_DENOM = {
        1., 66., 1925., 32670., 357423., 2637558., 13339535., 45995730., 105258076., 150917976., 120543840., 39916800., 0.,
    };
    private static final double LANCZOS_G = 6.024680040776729583740234375;
    private static final double MAXLOG = 7.09782712893383996843E2;
    private static final int IGAM_MAXITER = 2000;

    /** A ratio of polynomials with coefficients lowest power last, evaluated in 1/x above |x| = 1 (SciPy's ratevl). */
    private static double ratevl(double x, double[] num, double[] denom) {
        int m = num.length - 1;
        int n = denom.length - 1;
        boolean inverse = Math.abs(x) > 1;
        double y = inverse ? 1 / x : x;
        double numAns = 0;
        double denomAns = 0;
        for (int i = 0; i <= m; i++) {
            numAns = numAns * y + num[inverse ? m - i : i];
        }
        for (int i = 0; i <= n; i++) {
            denomAns = denomAns * y + denom[inverse ? n - i : i];
        }
        return inverse ? Math.pow(x, n - m) * numAns / denomAns : numAns / denomAns;
    }

    /** {@code x^a e^-x / Gamma(a)}, through Lanczos' approximation where a and x are close. */
    private static double igamFac(double a, double x) {
        if (Math.abs(a - x) > 0.4 * Math.abs(a)) {
            double ax = a * Math.log(x) - x - lgamma(a);
            return ax < -MAXLOG ? 0.0 : Math.exp(ax);
        }
        double fac = a + LANCZOS_G - 0.5;
        double res = Math.sqrt(fac / Math.E) / ratevl(a, LANCZOS_NUM, LANCZOS_DENOM);
        if (a < 200 && x < 200) {
            res *= Math.exp(a - x) * Math.pow(x / fac, a);
        } else {
            double num = x - a - LANCZOS_G + 0.5;
            double numfac = num / fac;
            res *= Math.exp(a * (Math.log1p(numfac) - numfac) + x * (0.5 - LANCZOS_G) / fac);
        }
        return res;
    }

    /** The lower function's power series (DLMF 8.11.4). */
    private static double igamSeries(double a, double x, int maxIter) {
        double ax = igamFac(a, x);
        if (ax == 0.0) {
            return 0.0;
        }
        double r = a;
        double c = 1.0;
        double ans = 1.0;
        for (int i = 0; i < maxIter; i++) {
            r += 1.0;
            c *= x / r;
            ans += c;
            if (c <= MACHEP * ans) {
                break;
            }
        }
        return ans * ax / a;
    }

    /** The upper function's series for small x (DLMF 8.7.3), arranged against cancellation. */
    private static double igamcSeries(double a, double x, int maxIter) {
        double fac = 1;
        double sum = 0;
        for (int n = 1; n < maxIter; n++) {
            fac *= -x / n;
            double term = fac / (a + n);
            sum += term;
            if (Math.abs(term) <= MACHEP * Math.abs(sum)) {
                break;
            }
        }
        double logx = Math.log(x);
        double term = -Math.expm1(a * logx - lgamma(1 + a));
        return term - Math.exp(a * logx - lgamma(a)) * sum;
    }

    /** The upper function's continued fraction (DLMF 8.9.2), rescaled when its terms grow. */
    private static double igamcFraction(double a, double x, int maxIter) {
        double ax = igamFac(a, x);
        if (ax == 0.0) {
            return 0.0;
        }
        double y = 1.0 - a;
        double z = x + y + 1.0;
        double c = 0.0;
        double pkm2 = 1.0;
        double qkm2 = x;
        double pkm1 = x + 1.0;
        double qkm1 = z * x;
        double ans = pkm1 / qkm1;
        for (int i = 0; i < maxIter; i++) {
            c += 1.0;
            y += 1.0;
            z += 2.0;
            double yc = y * c;
            double pk = pkm1 * z - pkm2 * yc;
            double qk = qkm1 * z - qkm2 * yc;
            double t;
            if (qk != 0) {
                double r = pk / qk;
                t = Math.abs((ans - r) / r);
                ans = r;
            } else {
                t = 1.0;
            }
            pkm2 = pkm1;
            pkm1 = pk;
            qkm2 = qkm1;
            qkm1 = qk;
            if (Math.abs(pk) > 4.503599627370496e15) {
                pkm2 *= 2.22044604925031308085e-16;
                pkm1 *= 2.22044604925031308085e-16;
                qkm2 *= 2.22044604925031308085e-16;
                qkm1 *= 2.22044604925031308085e-16;
            }
            if (t <= MACHEP) {
                break;
            }
        }
        return ans * ax;
    }

    /** sqrt(pi / pi_f): ATen's asymptotic expansion divides by {@code sqrt(2 pi a)} with pi rounded to float. */
    private static final double FLOAT_PI_FACTOR = Math.sqrt(PI / (double) (float) PI);
    /** Iterations for the asymptotic region's large a, where the series needs about 9 sqrt(a) terms. */
    private static final int ASYMPTOTIC_MAXITER = 1_000_000;

    /** Whether ATen computes (a, x) by the uniform asymptotic expansion (DLMF 8.12): a large and x close to it. */
    private static boolean asymptotic(double a, double x) {
        double absxmaA = Math.abs(x - a) / a;
        return (a > 20 && a < 200 && absxmaA < 0.3) || (a > 200 && absxmaA < 4.5 / Math.sqrt(a));
    }

    /**
     * ATen's value in the asymptotic region: {@code erfc(±eta sqrt(a/2)) / 2 + R}, its remainder R carrying the
     * factor {@code 1 / sqrt(2 pi_f a)} with pi rounded to float (about 4e-8 relative). The accurate value from the
     * series or continued fraction, with R rescaled by {@code sqrt(pi / pi_f)}, gives PyTorch's result to ~1e-15.
     */
    private static double asymptoticValue(double a, double x, boolean igam) {
        double v = igam ? (x > 1.0 && x > a ? 1.0 - igammacDirect(a, x, ASYMPTOTIC_MAXITER)
                : igamSeries(a, x, ASYMPTOTIC_MAXITER)) : igammacDirect(a, x, ASYMPTOTIC_MAXITER);
        double sigma = (x - a) / a;
        double eta = Math.sqrt(-2 * (Math.log1p(sigma) - sigma));
        eta = x > a ? eta : x < a ? -eta : 0;
        double base = 0.5 * Special.erfc((igam ? -1 : 1) * eta * Math.sqrt(a / 2));
        return base + (v - base) * FLOAT_PI_FACTOR;
    }

    /** igammac by ATen's choice among the series and the continued fraction, a and x inside the domain. */
    private static double igammacDirect(double a, double x, int maxIter) {
        if (x > 1.1) {
            return x < a ? 1.0 - igamSeries(a, x, maxIter) : igamcFraction(a, x, maxIter);
        }
        if (x <= 0.5) {
            return -0.4 / Math.log(x) < a ? 1.0 - igamSeries(a, x, maxIter) : igamcSeries(a, x, maxIter);
        }
        return x * 1.1 < a ? 1.0 - igamSeries(a, x, maxIter) : igamcSeries(a, x, maxIter);
    }

    /**
     * The regularized upper incomplete gamma function {@code Gamma(a, x) / Gamma(a)} (torch.igammac), with ATen's
     * boundary values and choice of method by a and x ({@link #asymptoticValue} where it takes the uniform asymptotic
     * expansion).
     */
    static double igammac(double a, double x) {
        if (x < 0 || a < 0) {
            return Double.NaN;
        }
        if (a == 0) {
            return x > 0 ? 0.0 : Double.NaN;
        }
        if (x == 0) {
            return 1.0;
        }
        if (Double.isInfinite(a)) {
            return Double.isInfinite(x) ? Double.NaN : 1.0;
        }
        if (Double.isInfinite(x)) {
            return 0.0;
        }
        if (Double.isNaN(a) || Double.isNaN(x)) {
            return Double.NaN;
        }
        return asymptotic(a, x) ? asymptoticValue(a, x, false) : igammacDirect(a, x, IGAM_MAXITER);
    }

    /** The regularized lower incomplete gamma function {@code gamma(a, x) / Gamma(a)} (torch.igamma), as {@link #igammac}. */
    static double igamma(double a, double x) {
        if (x < 0 || a < 0) {
            return Double.NaN;
        }
        if (a == 0) {
            return x > 0 ? 1.0 : Double.NaN;
        }
        if (x == 0) {
            return 0.0;
        }
        if (Double.isInfinite(a)) {
            return Double.isInfinite(x) ? Double.NaN : 0.0;
        }
        if (Double.isInfinite(x)) {
            return 1.0;
        }
        if (Double.isNaN(a) || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (asymptotic(a, x)) {
            return asymptoticValue(a, x, true);
        }
        if (x > 1.0 && x > a) {
            return 1.0 - igammacDirect(a, x, IGAM_MAXITER);
        }
        return igamSeries(a, x, IGAM_MAXITER);
    }

    // ------------------------------------------------------------ error function family

    /**
     * ATen's erfinv: NaN beyond [-1, 1], ±inf at ±1; a rational first guess (central range |y| <= 0.7, else in
     * {@code sqrt(-log((1 - |y|) / 2))}), then two Newton steps on erf.
     */
    static double erfinv(double y) {
        double yAbs = Math.abs(y);
        if (yAbs > 1.0) {
            return Double.NaN;
        }
        if (yAbs == 1.0) {
            return Math.copySign(Double.POSITIVE_INFINITY, y);
        }
        if (Double.isNaN(y)) {
            return y;
        }
        double x;
        if (yAbs <= 0.7) {
            double z = y * y;
            double num = ((-0.140543331 * z + 0.914624893) * z + -1.645349621) * z + 0.886226899;
            double dem = (((0.012229801 * z + -0.329097515) * z + 1.442710462) * z + -2.118377725) * z + 1.0;
            x = y * num / dem;
        } else {
            double z = Math.sqrt(-Math.log((1.0 - yAbs) / 2.0));
            double num = ((1.641345311 * z + 3.429567803) * z + -1.624906493) * z + -1.970840454;
            double dem = (1.637067800 * z + 3.543889200) * z + 1.0;
            x = Math.copySign(num, y) / dem;
        }
        double twoOverSqrtPi = 2.0 * (1.0 / SQRT_PI);
        x = x - (Special.erf(x) - y) / (twoOverSqrtPi * Math.exp(-x * x));
        x = x - (Special.erf(x) - y) / (twoOverSqrtPi * Math.exp(-x * x));
        return x;
    }

    /**
     * ATen's erfinv for float32, in float arithmetic (erf and exp rounded to float, as erff and expf): near ±1 the
     * Newton steps cannot resolve the root in float, so PyTorch's float result is far from erfinv rounded, and its
     * gradient {@code exp(erfinv(x)^2)} shows it.
     */
    static float erfinvFloat(float y) {
        float yAbs = Math.abs(y);
        if (yAbs > 1.0f || Double.isNaN(y)) {
            return Float.NaN;
        }
        if (yAbs == 1.0f) {
            return Math.copySign(Float.POSITIVE_INFINITY, y);
        }
        float x;
        if (yAbs <= 0.7f) {
            float z = y * y;
            float num = ((-0.140543331f * z + 0.914624893f) * z + -1.645349621f) * z + 0.886226899f;
            float dem = (((0.012229801f * z + -0.329097515f) * z + 1.442710462f) * z + -2.118377725f) * z + 1.0f;
            x = y * num / dem;
        } else {
            float z = (float) Math.sqrt(-(float) Math.log((1.0f - yAbs) / 2.0f));
            float num = ((1.641345311f * z + 3.429567803f) * z + -1.624906493f) * z + -1.970840454f;
            float dem = (1.637067800f * z + 3.543889200f) * z + 1.0f;
            x = Math.copySign(num, y) / dem;
        }
        final float twoOverSqrtPi = 2.0f * (float) (1.0 / SQRT_PI);
        x = x - ((float) Special.erf(x) - y) / (twoOverSqrtPi * (float) Math.exp(-x * x));
        x = x - ((float) Special.erf(x) - y) / (twoOverSqrtPi * (float) Math.exp(-x * x));
        return x;
    }

    /**
     * ATen's log_ndtr for float32: below -1, {@code log(erfcx(-t) / 2) - t * t} with t (x times the double 1/sqrt 2,
     * rounded to float) and its square in float, where the difference of two large numbers keeps PyTorch's float
     * rounding (which its gradient {@code exp(-(result + x^2 / 2))} magnifies).
     */
    static float logNdtrFloat(float x) {
        if (!(x < -1.0f)) {
            return (float) logNdtr(x);
        }
        float t = (float) (x * SQRT1_2);
        return (float) Math.log((float) erfcx(-t) / 2) - t * t;
    }

    /**
     * The scaled complementary error function {@code e^{x^2} erfc(x)}: from erfc's continued fraction without its
     * {@code e^{-x^2}} factor above 1.5 (so no underflow), {@code e^{x^2} (1 - erf x)} between 0 and 1.5, and
     * {@code 2 e^{x^2} - erfcx(-x)} for negative x (inf once {@code e^{x^2}} overflows).
     */
    static double erfcx(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x < 0) {
            if (x < -26.7) {
                return Double.POSITIVE_INFINITY;
            }
            return 2.0 * expSquare(x) - erfcx(-x);
        }
        if (x < 1.5) {
            return expSquare(x) * (1.0 - Special.erf(x));
        }
        if (x > 1e8) {
            return Double.isInfinite(x) ? 0.0 : 1.0 / (x * SQRT_PI);   // the fraction's 1/(x sqrt(pi)) to the last bit
        }
        double f = x;
        for (int k = 100; k >= 1; k--) {
            f = x + (k / 2.0) / f;
        }
        return 1.0 / (f * SQRT_PI);
    }

    /** {@code e^{x^2}} with x^2's rounding error carried into the exponent (fma), so large x loses no digits. */
    private static double expSquare(double x) {
        double hi = x * x;
        double lo = Math.fma(x, x, -hi);
        return Math.exp(hi) * Math.exp(lo);
    }

    /**
     * ATen's log_ndtr: {@code log(erfcx(-t) / 2) - t^2} with {@code t = x / sqrt 2} below -1, where ndtr itself
     * underflows, else {@code log1p(-erfc(t) / 2)}.
     */
    static double logNdtr(double x) {
        double t = x * SQRT1_2;
        if (x < -1.0) {
            return Math.log(erfcx(-t) / 2) - t * t;
        }
        return Math.log1p(-Special.erfc(t) / 2);
    }

    private static final double S2PI = 2.50662827463100050242E0;
    private static final double[] NDTRI_P0 = {
        -5.99633501014107895267E1, 9.80010754185999661536E1, -5.66762857469070293439E1, 1.39312609387279679503E1,
        -1.23916583867381258016E0,
    };
    private static final double[] NDTRI_Q0 = {
        1.00000000000000000000E0, 1.95448858338141759834E0, 4.67627912898881538453E0, 8.63602421390890590575E1,
        -2.25462687854119370527E2, 2.00260212380060660359E2, -8.20372256168333339912E1, 1.59056225126211695515E1,
        -1.18331621121330003142E0,
    };
    private static final double[] NDTRI_P1 = {
        4.05544892305962419923E0, 3.15251094599893866154E1, 5.71628192246421288162E1, 4.40805073893200834700E1,
        1.46849561928858024014E1, 2.18663306850790267539E0, -1.40256079171354495875E-1, -3.50424626827848203418E-2,
        -8.57456785154685413611E-4,
    };
    private static final double[] NDTRI_Q1 = {
        1.00000000000000000000E0, 1.57799883256466749731E1, 4.53907635128879210584E1, 4.13172038254672030440E1,
        1.50425385692907503408E1, 2.50464946208309415979E0, -1.42182922854787788574E-1, -3.80806407691578277194E-2,
        -9.33259480895457427372E-4,
    };
    private static final double[] NDTRI_P2 = {
        3.23774891776946035970E0, 6.91522889068984211695E0, 3.93881025292474443415E0, 1.33303460815807542389E0,
        2.01485389549179081538E-1, 1.23716634817820021358E-2, 3.01581553508235416007E-4, 2.65806974686737550832E-6,
        6.23974539184983293730E-9,
    };
    private static final double[] NDTRI_Q2 = {
        1.00000000000000000000E0, 6.02427039364742014255E0, 3.67983563856160859403E0, 1.37702099489081330271E0,
        2.16236993594496635890E-1, 1.34204006088543189037E-2, 3.28014464682127739104E-4, 2.89247864745380683936E-6,
        6.79019408009981274425E-9,
    };
    private static final double EXP_MINUS_2 = 0.13533528323661269189;

    /**
     * The inverse of the standard normal CDF (Cephes' ndtri, as ATen): -inf at 0, inf at 1, NaN outside [0, 1];
     * a rational function of {@code y - 1/2} in the centre, of {@code 1/sqrt(-2 log y)} in the tails.
     */
    static double ndtri(double y0) {
        if (y0 == 0.0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (y0 == 1.0) {
            return Double.POSITIVE_INFINITY;
        }
        if (y0 < 0.0 || y0 > 1.0) {
            return Double.NaN;
        }
        if (Double.isNaN(y0)) {
            return y0;
        }
        boolean code = true;
        double y = y0;
        if (y > 1.0 - EXP_MINUS_2) {
            y = 1.0 - y;
            code = false;
        }
        if (y > EXP_MINUS_2) {
            y = y - 0.5;
            double y2 = y * y;
            double x = y + y * (y2 * polevl(y2, NDTRI_P0) / polevl(y2, NDTRI_Q0));
            return x * S2PI;
        }
        double x = Math.sqrt(-2.0 * Math.log(y));
        double x0 = x - Math.log(x) / x;
        double z = 1.0 / x;
        double x1 = x < 8.0 ? z * polevl(z, NDTRI_P1) / polevl(z, NDTRI_Q1) : z * polevl(z, NDTRI_P2) / polevl(z, NDTRI_Q2);
        x = x0 - x1;
        return code ? -x : x;
    }

    // ------------------------------------------------------------ modified Bessel functions (Cephes)

    /** Chebyshev coefficients of exp(-x) I0(x) on [0, 8]. */
    private static final double[] I0E_A = {
        -4.41534164647933937950E-18, 3.33079451882223809783E-17, -2.43127984654795469359E-16, 1.71539128555513303061E-15,
        -1.16853328779934516808E-14, 7.67618549860493561688E-14, -4.85644678311192946090E-13, 2.95505266312963983461E-12,
        -1.72682629144155570723E-11, 9.67580903537323691224E-11, -5.18979560163526290666E-10, 2.65982372468238665035E-9,
        -1.30002500998624804212E-8, 6.04699502254191894932E-8, -2.67079385394061173391E-7, 1.11738753912010371815E-6,
        -4.41673835845875056359E-6, 1.64484480707288970893E-5, -5.75419501008210370398E-5, 1.88502885095841655729E-4,
        -5.76375574538582365885E-4, 1.63947561694133579842E-3, -4.32430999505057594430E-3, 1.05464603945949983183E-2,
        -2.37374148058994688156E-2, 4.93052842396707084878E-2, -9.49010970480476444210E-2, 1.71620901522208775349E-1,
        -3.04682672343198398683E-1, 6.76795274409476084995E-1,
    };
    /** Chebyshev coefficients of exp(-x) sqrt(x) I0(x) on [8, inf), in 32/x - 2. */
    private static final double[] I0E_B = {
        -7.23318048787475395456E-18, -4.83050448594418207126E-18, 4.46562142029675999901E-17, 3.46122286769746109310E-17,
        -2.82762398051658348494E-16, -3.42548561967721913462E-16, 1.77256013305652638360E-15, 3.81168066935262242075E-15,
        -9.55484669882830764870E-15, -4.15056934728722208663E-14, 1.54008621752140982691E-14, 3.85277838274214270114E-13,
        7.18012445138366623367E-13, -1.79417853150680611778E-12, -1.32158118404477131188E-11, -3.14991652796324136454E-11,
        1.18891471078464383424E-11, 4.94060238822496958910E-10, 3.39623202570838634515E-9, 2.26666899049817806459E-8,
        2.04891858946906374183E-7, 2.89137052083475648297E-6, 6.88975834691682398426E-5, 3.36911647825569408990E-3,
        8.04490411014108831608E-1,
    };
    /** Chebyshev coefficients of exp(-x) I1(x) / x on [0, 8]. */
    private static final double[] I1E_A = {
        2.77791411276104639959E-18, -2.11142121435816608115E-17, 1.55363195773620046921E-16, -1.10559694773538630805E-15,
        7.60068429473540693410E-15, -5.04218550472791168711E-14, 3.22379336594557470981E-13, -1.98397439776494371520E-12,
        1.17361862988909016308E-11, -6.66348972350202774223E-11, 3.62559028155211703701E-10, -1.88724975172282928790E-9,
        9.38153738649577178388E-9, -4.44505912879632808065E-8, 2.00329475355213526229E-7, -8.56872026469545474066E-7,
        3.47025130813767847674E-6, -1.32731636560394358279E-5, 4.78156510755005422638E-5, -1.61760815825896745588E-4,
        5.12285956168575772895E-4, -1.51357245063125314899E-3, 4.15642294431288815669E-3, -1.05640848946261981558E-2,
        2.47264490306265168283E-2, -5.29459812080949914269E-2, 1.02643658689847095384E-1, -1.76416518357834055153E-1,
        2.52587186443633654823E-1,
    };
    /** Chebyshev coefficients of exp(-x) sqrt(x) I1(x) on [8, inf), in 32/x - 2. */
    private static final double[] I1E_B = {
        7.51729631084210481353E-18, 4.41434832307170791151E-18, -4.65030536848935832153E-17, -3.20952592199342395980E-17,
        2.96262899764595013876E-16, 3.30820231092092828324E-16, -1.88035477551078244854E-15, -3.81440307243700780478E-15,
        1.04202769841288027642E-14, 4.27244001671195135429E-14, -2.10154184277266431302E-14, -4.08355111109219731823E-13,
        -7.19855177624590851209E-13, 2.03562854414708950722E-12, 1.41258074366137813316E-11, 3.25260358301548823856E-11,
        -1.89749581235054123450E-11, -5.58974346219658380687E-10, -3.83538038596423702205E-9, -2.63146884688951950684E-8,
        -2.51223623787020892529E-7, -3.88256480887769039346E-6, -1.10588938762623716291E-4, -9.76109749136146840777E-3,
        7.78576235018280120474E-1,
    };

    /** Clenshaw's recurrence for {@code sum' c_i T_i(x/2)} (Cephes' chbevl), coefficients of the highest order first. */
    private static double chbevl(double x, double[] c) {
        double b0 = c[0];
        double b1 = 0.0;
        double b2 = 0.0;
        for (int i = 1; i < c.length; i++) {
            b2 = b1;
            b1 = b0;
            b0 = x * b1 - b2 + c[i];
        }
        return 0.5 * (b0 - b2);
    }

    /** The modified Bessel function I0 (even). */
    static double i0(double v) {
        double x = Math.abs(v);
        if (x <= 8.0) {
            return Math.exp(x) * chbevl(x / 2.0 - 2.0, I0E_A);
        }
        return Math.exp(x) * chbevl(32.0 / x - 2.0, I0E_B) / Math.sqrt(x);
    }

    /** {@code exp(-|x|) I0(x)}. */
    static double i0e(double v) {
        double x = Math.abs(v);
        if (x <= 8.0) {
            return chbevl(x / 2.0 - 2.0, I0E_A);
        }
        return chbevl(32.0 / x - 2.0, I0E_B) / Math.sqrt(x);
    }

    /** The modified Bessel function I1 (odd; -0.0 stays -0.0). */
    static double i1(double v) {
        double x = Math.abs(v);
        double out = x <= 8.0 ? Math.exp(x) * x * chbevl(x / 2.0 - 2.0, I1E_A)
                : Math.exp(x) * chbevl(32.0 / x - 2.0, I1E_B) / Math.sqrt(x);
        return v < 0.0 ? -out : out;
    }

    /** {@code exp(-|x|) I1(x)}. */
    static double i1e(double v) {
        double x = Math.abs(v);
        double out = x <= 8.0 ? chbevl(x / 2.0 - 2.0, I1E_A) * x : chbevl(32.0 / x - 2.0, I1E_B) / Math.sqrt(x);
        return v < 0.0 ? -out : out;
    }

    // ------------------------------------------------------------ entropy

    /** {@code -x log x}: 0 at 0, -inf below 0, NaN at NaN. */
    static double entr(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x > 0) {
            return -x * Math.log(x);
        }
        return x == 0 ? 0.0 : Double.NEGATIVE_INFINITY;
    }

    /** {@code x log1p(y)}: 0 where x is 0 (y not NaN), NaN where y is NaN. */
    static double xlog1py(double x, double y) {
        if (Double.isNaN(y)) {
            return y;
        }
        if (x == 0) {
            return 0.0;
        }
        return x * Math.log1p(y);
    }
}

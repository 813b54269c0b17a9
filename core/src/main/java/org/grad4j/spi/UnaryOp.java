package org.grad4j.spi;

/**
 * Elementwise unary primitives, each declared once: its PyTorch name, its reference semantics (the scalar
 * function {@link #apply}, computed in double and rounded to the operand's dtype by the caller), whether a
 * kernel must reproduce that reference bit for bit, and where its inputs are meaningful. Backends key their
 * kernels on the constant (the CUDA kernels on its {@link #ordinal()}); core keys each op's gradient on it;
 * the conformance suites iterate {@link #values()}. Add new ops at the end.
 *
 * <p>{@link #COPY} also converts between dtypes.
 */
public enum UnaryOp {
    /** Identity; converts when input and output dtypes differ. */
    COPY("clone", true, Domain.ALL),
    /** {@code -x}. */
    NEG("neg", true, Domain.ALL),
    /** {@code e^x}. */
    EXP("exp", false, Domain.ALL),
    /** Natural logarithm. */
    LOG("log", false, Domain.POSITIVE),
    /** Square root (correctly rounded in IEEE arithmetic). */
    SQRT("sqrt", true, Domain.POSITIVE),
    /** Absolute value. */
    ABS("abs", true, Domain.AWAY_FROM_ZERO),
    /**
     * {@code x < 0 ? 0 : x}, PyTorch's select (clamp_min keeps x unless it is below the bound): NaN stays NaN and
     * -0.0 stays -0.0.
     */
    RELU("relu", true, Domain.AWAY_FROM_ZERO),
    /** Hyperbolic tangent. */
    TANH("tanh", false, Domain.ALL),
    /** {@code 1 / (1 + e^-x)}. */
    SIGMOID("sigmoid", false, Domain.ALL),
    /** -1, 0 or 1; 0 for NaN, as PyTorch's {@code (0 < x) - (x < 0)}. */
    SIGN("sign", true, Domain.AWAY_FROM_ZERO),
    /** Sine. */
    SIN("sin", false, Domain.ALL),
    /** Cosine. */
    COS("cos", false, Domain.ALL),
    /** Tangent. */
    TAN("tan", false, Domain.ALL),
    /** The error function. */
    ERF("erf", false, Domain.ALL),
    /** Rounds toward negative infinity. */
    FLOOR("floor", true, Domain.ALL),
    /** Rounds toward positive infinity. */
    CEIL("ceil", true, Domain.ALL),
    /** Rounds to the nearest integer, ties to even (PyTorch's {@code round}, C's {@code nearbyint}). */
    ROUND("round", true, Domain.ALL),
    /** Rounds toward zero. */
    TRUNC("trunc", true, Domain.ALL),
    /** {@code 1 / sqrt(x)}, two roundings as PyTorch's CPU kernel (so float32 differs from a double reference). */
    RSQRT("rsqrt", false, Domain.POSITIVE),
    /** Base-2 logarithm. */
    LOG2("log2", false, Domain.POSITIVE),
    /** Base-10 logarithm. */
    LOG10("log10", false, Domain.POSITIVE),
    /** {@code 2^x}. */
    EXP2("exp2", false, Domain.ALL),
    /** {@code log(1 + x)}, accurate near 0. */
    LOG1P("log1p", false, Domain.POSITIVE),
    /** {@code e^x - 1}, accurate near 0. */
    EXPM1("expm1", false, Domain.ALL),
    /** {@code x * sigmoid(x)} (SiLU, swish). */
    SILU("silu", false, Domain.ALL),
    /** {@code x * tanh(softplus(x))}. */
    MISH("mish", false, Domain.ALL),
    /** {@code log(sigmoid(x))}, computed stably as {@code min(x, 0) - log1p(exp(-|x|))}. */
    LOGSIGMOID("logsigmoid", false, Domain.ALL),
    /** The exact GELU, {@code x * (1 + erf(x / sqrt 2)) / 2}. */
    GELU("gelu", false, Domain.ALL),
    /** GELU's tanh approximation, {@code x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. */
    GELU_TANH("gelu_tanh", false, Domain.ALL),
    /** {@code 1 / x}: one correctly rounded division, as PyTorch's kernel (so exact in both dtypes). */
    RECIPROCAL("reciprocal", true, Domain.AWAY_FROM_ZERO),
    /** Arcsine; NaN outside [-1, 1]. */
    ASIN("asin", false, Domain.OPEN_UNIT),
    /** Arccosine; NaN outside [-1, 1]. */
    ACOS("acos", false, Domain.OPEN_UNIT),
    /** Arctangent. */
    ATAN("atan", false, Domain.ALL),
    /** Hyperbolic sine. */
    SINH("sinh", false, Domain.ALL),
    /** Hyperbolic cosine. */
    COSH("cosh", false, Domain.ALL),
    /** Inverse hyperbolic sine. */
    ASINH("asinh", false, Domain.ALL),
    /** Inverse hyperbolic cosine; NaN below 1. */
    ACOSH("acosh", false, Domain.ABOVE_ONE),
    /** Inverse hyperbolic tangent; ±inf at ±1, NaN beyond. */
    ATANH("atanh", false, Domain.OPEN_UNIT),
    /** {@code x - trunc(x)}, exact (NaN at ±inf, as PyTorch). */
    FRAC("frac", true, Domain.ALL),
    /** The complementary error function {@code 1 - erf(x)}, accurate where it is small. */
    ERFC("erfc", false, Domain.ALL),
    /** The normalized sinc {@code sin(pi x) / (pi x)}, 1 at 0. */
    SINC("sinc", false, Domain.ALL),
    /** {@code log(x / (1 - x))}, PyTorch's {@code logit} without {@code eps}. */
    LOGIT("logit", false, Domain.PROBABILITY),
    // special: torch.special's functions (grad4j's org.grad4j.Special); the name is torch.special's without its
    // prefix, and a Tensor method of that name exists where torch.Tensor has one (erfinv, lgamma, digamma, i0)
    /** The inverse error function; ±inf at ±1, NaN beyond. */
    ERFINV("erfinv", false, Domain.OPEN_UNIT),
    /** {@code log|Gamma(x)|}; +inf at the poles (0, -0, negative integers) and at ±inf. */
    LGAMMA("lgamma", false, Domain.POSITIVE),
    /** {@code Gamma'(x) / Gamma(x)}; -inf at 0, +inf at -0, NaN at the negative integers. */
    DIGAMMA("digamma", false, Domain.POSITIVE),
    /** {@code polygamma(1, x)}, the derivative of digamma (PyTorch has no trigamma of its own name). */
    TRIGAMMA("trigamma", false, Domain.POSITIVE),
    /** The modified Bessel function of the first kind, order 0. */
    I0("i0", false, Domain.ALL),
    /** {@code exp(-|x|) I0(x)} (torch.special.i0e). */
    I0E("i0e", false, Domain.AWAY_FROM_ZERO),
    /** The modified Bessel function of the first kind, order 1 (torch.special.i1). */
    I1("i1", false, Domain.ALL),
    /** {@code exp(-|x|) I1(x)} (torch.special.i1e). */
    I1E("i1e", false, Domain.ALL),
    /** The inverse of the standard normal CDF (torch.special.ndtri); -inf at 0, inf at 1. */
    NDTRI("ndtri", false, Domain.PROBABILITY),
    /** The log of the standard normal CDF, accurate far into the left tail (torch.special.log_ndtr). */
    LOG_NDTR("log_ndtr", false, Domain.ALL),
    /** {@code exp(x^2) erfc(x)} (torch.special.erfcx). */
    ERFCX("erfcx", false, Domain.ALL),
    /** {@code -x log x}, 0 at 0 and -inf below (torch.special.entr). */
    ENTR("entr", false, Domain.POSITIVE),
    // math2
    /** PyTorch's {@code sgn}: for real tensors {@link #SIGN}'s values (0 for NaN), with a gradient of its own name. */
    SGN("sgn", true, Domain.AWAY_FROM_ZERO);

    /** Where an op's inputs are defined and its gradient is smooth: what tests sample from. */
    public enum Domain {
        /** Every real number. */
        ALL,
        /** Positive numbers only (log, sqrt). */
        POSITIVE,
        /** Any sign, away from a kink or jump at 0 (abs, relu, sign). */
        AWAY_FROM_ZERO,
        /** Strictly inside (-1, 1) (asin, atanh). */
        OPEN_UNIT,
        /** Above 1 (acosh). */
        ABOVE_ONE,
        /** Strictly inside (0, 1) (logit). */
        PROBABILITY
    }

    private final String torchName;
    private final boolean exact;
    private final Domain domain;

    UnaryOp(String torchName, boolean exact, Domain domain) {
        this.torchName = torchName;
        this.exact = exact;
        this.domain = domain;
    }

    /**
     * PyTorch's name of the op, as in {@code torch.exp}.
     *
     * @return the name, e.g. {@code exp}
     */
    public String torchName() {
        return torchName;
    }

    /**
     * Whether every backend must return exactly {@code dtype.round(apply(x))}; otherwise a few ulps
     * of difference are allowed (transcendental functions, which libraries round differently).
     *
     * @return true if the op is exact
     */
    public boolean exact() {
        return exact;
    }

    /**
     * Where the op's inputs are meaningful and its gradient smooth.
     *
     * @return the domain tests sample inputs from
     */
    public Domain domain() {
        return domain;
    }

    /**
     * The reference semantics for float32: {@link #apply} rounded to float, except for the ops whose PyTorch float
     * kernel computes in float arithmetic with a result far from that: {@link #TRIGAMMA} (its {@code sinf(pi x)} near
     * the negative integers), {@link #ERFINV} (float Newton steps near ±1), {@link #LOG_NDTR} (a float difference of
     * large numbers in the left tail), and {@link #EXP}, {@link #LOG}, {@link #TANH}, {@link #SIGMOID}, {@link #SILU}, which use PyTorch's
     * exp, log and tanh ({@link VectorLibm}) in float arithmetic. Backends compute float32 with it.
     *
     * @param x the operand
     * @return {@code op(x)} as float32
     */
    public float applyFloat(float x) {
        return switch (this) {
            case TRIGAMMA -> SpecialFunctions.trigammaFloat(x);
            case ERFINV -> SpecialFunctions.erfinvFloat(x);
            case LOG_NDTR -> SpecialFunctions.logNdtrFloat(x);
            case EXP -> VectorLibm.exp(x);
            case LOG -> VectorLibm.log(x);
            case TANH -> VectorLibm.tanh(x);
            case SIGMOID -> 1f / (1f + VectorLibm.exp(-x));
            case SILU -> x / (1f + VectorLibm.exp(-x));
            case RSQRT -> 1f / (float) Math.sqrt(x);   // ATen's float kernel: 1 / sqrt(x), each rounded to float
            default -> (float) apply(x);
        };
    }

    /**
     * The reference semantics: the op on one value, in double precision. The CPU backend computes with it;
     * the conformance suites check every backend against it.
     *
     * @param x the operand
     * @return {@code op(x)}
     */
    public double apply(double x) {
        return switch (this) {
            case COPY -> x;
            case NEG -> -x;
            case EXP -> VectorLibm.exp(x);
            case LOG -> VectorLibm.log(x);
            case SQRT -> Math.sqrt(x);
            case ABS -> Math.abs(x);
            case RELU -> x < 0 ? 0.0 : x;
            case TANH -> VectorLibm.tanh(x);
            case SIGMOID -> 1.0 / (1.0 + VectorLibm.exp(-x));
            case SIGN -> x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0;
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TAN -> Math.tan(x);
            case ERF -> Special.erf(x);
            case FLOOR -> Math.floor(x);
            case CEIL -> Math.ceil(x);
            case ROUND -> Math.rint(x);
            case TRUNC -> x < 0 ? Math.ceil(x) : Math.floor(x);
            case RSQRT -> 1.0 / Math.sqrt(x);
            case LOG2 -> Special.log2(x);
            case LOG10 -> Math.log10(x);
            case EXP2 -> Math.pow(2.0, x);
            case LOG1P -> Math.log1p(x);
            case EXPM1 -> Math.expm1(x);
            case SILU -> x / (1.0 + VectorLibm.exp(-x));
            case MISH -> x * Math.tanh(Special.softplus(x));
            case LOGSIGMOID -> Math.min(x, 0.0) - Math.log1p(Math.exp(-Math.abs(x)));
            case GELU -> x * 0.5 * (1.0 + Special.erf(x * Special.SQRT1_2));
            case GELU_TANH -> 0.5 * x * (1.0 + Math.tanh(Special.SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
            case RECIPROCAL -> 1.0 / x;
            case ASIN -> Math.asin(x);
            case ACOS -> Math.acos(x);
            case ATAN -> Math.atan(x);
            case SINH -> Math.sinh(x);
            case COSH -> Math.cosh(x);
            case ASINH -> Special.asinh(x);
            case ACOSH -> Special.acosh(x);
            case ATANH -> Special.atanh(x);
            case FRAC -> x - (x < 0 ? Math.ceil(x) : Math.floor(x));
            case ERFC -> Special.erfc(x);
            case SINC -> Special.sinc(x);
            case LOGIT -> Math.log(x / (1.0 - x));
            case ERFINV -> SpecialFunctions.erfinv(x);
            case LGAMMA -> SpecialFunctions.lgamma(x);
            case DIGAMMA -> SpecialFunctions.digamma(x);
            case TRIGAMMA -> SpecialFunctions.trigamma(x);
            case I0 -> SpecialFunctions.i0(x);
            case I0E -> SpecialFunctions.i0e(x);
            case I1 -> SpecialFunctions.i1(x);
            case I1E -> SpecialFunctions.i1e(x);
            case NDTRI -> SpecialFunctions.ndtri(x);
            case LOG_NDTR -> SpecialFunctions.logNdtr(x);
            case ERFCX -> SpecialFunctions.erfcx(x);
            case ENTR -> SpecialFunctions.entr(x);
            case SGN -> x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0;
        };
    }
}

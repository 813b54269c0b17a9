package org.grad4j.spi;

/**
 * Elementwise binary primitives, each declared once: its PyTorch name, its reference semantics
 * ({@link #apply}, in double, rounded to the operands' dtype by the caller) and whether kernels must
 * reproduce it bit for bit. Each is computed in the operands' dtype with a single rounding, as PyTorch's
 * CPU kernels do. Comparisons ({@link #isComparison()}) write true/false into a bool output. Backends key their kernels on the
 * constant (the CUDA kernels on its {@link #ordinal()}); core keys each op's gradient on it; the conformance
 * suites iterate {@link #values()}. Add new ops at the end.
 */
public enum BinaryOp {
    /** {@code a + b}. */
    ADD("add", true),
    /** {@code a - b}. */
    SUB("sub", true),
    /** {@code a * b}. */
    MUL("mul", true),
    /** {@code a / b}. */
    DIV("div", true),
    /**
     * {@code pow(a, b)} with C's (and PyTorch's) semantics, which differ from {@link Math#pow} in two cases:
     * {@code pow(1, b) = 1} for every {@code b}, NaN included, and {@code pow(-1, ±inf) = 1}.
     */
    POW("pow", false),
    /**
     * {@code max(a, b)}, NaN if either is NaN (PyTorch's {@code maximum}); on a tie (zeros of both signs) {@code a},
     * as PyTorch's scalar loop ({@code std::max}). PyTorch's vectorised CPU loop gives {@code b} there; the CPU
     * backend reproduces which elements it covers (see its {@code Kernels.maxMinRow}).
     */
    MAXIMUM("maximum", true),
    /** {@code min(a, b)}, NaN if either is NaN (PyTorch's {@code minimum}); on a tie {@code a}, as {@link #MAXIMUM}. */
    MINIMUM("minimum", true),
    /** {@code a == b}. */
    EQ("eq", true),
    /** {@code a > b}. */
    GT("gt", true),
    /** {@code a < b}. */
    LT("lt", true),
    /** {@code a != b} (true when either is NaN). */
    NE("ne", true),
    /** {@code a <= b}. */
    LE("le", true),
    /** {@code a >= b}. */
    GE("ge", true),
    /** {@code a / b} rounded toward negative infinity, PyTorch 1.13's {@code floor_divide} (Python's {@code //}). */
    FLOOR_DIVIDE("floor_divide", true),
    /** {@code a - b * floor(a / b)} with Python's sign convention (the divisor's sign), PyTorch's {@code remainder}. */
    REMAINDER("remainder", true),
    /** The angle of the point (b, a), {@code atan2(a, b)} in (-pi, pi]. */
    ATAN2("atan2", false),
    /** {@code sqrt(a^2 + b^2)} without intermediate overflow. */
    HYPOT("hypot", false),
    /** C's {@code fmod}: {@code a - b * trunc(a / b)}, exact, with the dividend's sign (PyTorch's {@code fmod}). */
    FMOD("fmod", true),
    /** {@code |a|} with the sign bit of {@code b} (NaN's sign bit too). */
    COPYSIGN("copysign", true),
    /** {@code log(e^a + e^b)}, as ATen: {@code max + log(1 + exp(-|a - b|))}; {@code a} when both are the same infinity. */
    LOGADDEXP("logaddexp", false),
    /** {@code log2(2^a + 2^b)}, as {@link #LOGADDEXP} in base 2. */
    LOGADDEXP2("logaddexp2", false),
    /** {@code a * log(b)}, 0 where {@code a == 0} (even for b = 0 or inf), NaN where b is NaN. */
    XLOGY("xlogy", false),
    /** The Heaviside step: {@code b} where {@code a == 0}, else 1 for {@code a > 0} and 0 otherwise (NaN too). */
    HEAVISIDE("heaviside", true),
    // special: torch.special's binary functions (grad4j's org.grad4j.Special)
    /**
     * The Hurwitz zeta function {@code sum_k (k + b)^-a} (torch.special.zeta): inf at a = 1 and at b a non-positive
     * integer, NaN for a < 1 and for b < 0 with a not an integer.
     */
    ZETA("zeta", false),
    /** {@code a * log1p(b)}, 0 where {@code a == 0} (b not NaN), NaN where b is NaN (torch.special.xlog1py). */
    XLOG1PY("xlog1py", false),
    /** The regularized lower incomplete gamma function {@code P(a, b)} (torch.igamma, torch.special.gammainc). */
    IGAMMA("igamma", false),
    /** The regularized upper incomplete gamma function {@code Q(a, b) = 1 - P(a, b)} (torch.igammac, gammaincc). */
    IGAMMAC("igammac", false),
    // math2
    /** {@code max(a, b)} ignoring a NaN: the other operand if one is NaN, NaN if both; {@code a} on a tie (C's fmax). */
    FMAX("fmax", true),
    /** {@code min(a, b)} ignoring a NaN, as {@link #FMAX}. */
    FMIN("fmin", true),
    /**
     * The next representable value after {@code a} toward {@code b} in the operands' dtype (C's {@code nextafter});
     * {@code b} when they are equal, NaN if either is NaN. float32 steps by a float ulp: {@link #applyFloat}.
     */
    NEXTAFTER("nextafter", true);

    private final String torchName;
    private final boolean exact;

    BinaryOp(String torchName, boolean exact) {
        this.torchName = torchName;
        this.exact = exact;
    }

    /**
     * PyTorch's name of the op, as in {@code torch.add}.
     *
     * @return the name, e.g. {@code add}
     */
    public String torchName() {
        return torchName;
    }

    /**
     * Whether every backend must return exactly {@code dtype.round(apply(a, b))}; otherwise a few ulps of
     * difference are allowed.
     *
     * @return true if the op is exact
     */
    public boolean exact() {
        return exact;
    }

    /**
     * Whether this op compares its operands and writes a bool result (and has no gradient).
     *
     * @return true for EQ, NE, LT, LE, GT and GE
     */
    public boolean isComparison() {
        return this == EQ || this == NE || this == LT || this == LE || this == GT || this == GE;
    }

    /**
     * The reference semantics: the op on two values, in double precision. The CPU backend computes with
     * it; the conformance suites check every backend against it.
     *
     * @param a the left operand
     * @param b the right operand
     * @return {@code op(a, b)}
     */
    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> cpow(a, b);
            case MAXIMUM -> a != a ? a : b != b ? b : a < b ? b : a;
            case MINIMUM -> a != a ? a : b != b ? b : b < a ? b : a;
            case EQ -> a == b ? 1.0 : 0.0;
            case GT -> a > b ? 1.0 : 0.0;
            case LT -> a < b ? 1.0 : 0.0;
            case NE -> a != b ? 1.0 : 0.0;
            case LE -> a <= b ? 1.0 : 0.0;
            case GE -> a >= b ? 1.0 : 0.0;
            case FLOOR_DIVIDE -> floorDivide(a, b);
            case REMAINDER -> remainder(a, b);
            case ATAN2 -> VectorTrig.atan2(a, b);   // SLEEF's, as PyTorch's vector kernel
            case HYPOT -> Math.hypot(a, b);
            case FMOD -> a % b;   // Java's % on doubles is C's fmod
            case COPYSIGN -> Math.copySign(a, b);
            case LOGADDEXP -> logAddExp(a, b, false);
            case LOGADDEXP2 -> logAddExp(a, b, true);
            case XLOGY -> b != b ? b : a == 0 ? 0.0 : a * Math.log(b);
            case HEAVISIDE -> a == 0 ? b : a > 0 ? 1.0 : 0.0;
            case ZETA -> SpecialFunctions.zeta(a, b);
            case XLOG1PY -> SpecialFunctions.xlog1py(a, b);
            case IGAMMA -> SpecialFunctions.igamma(a, b);
            case IGAMMAC -> SpecialFunctions.igammac(a, b);
            case FMAX -> a != a ? b : b != b ? a : a >= b ? a : b;
            case FMIN -> a != a ? b : b != b ? a : a <= b ? a : b;
            case NEXTAFTER -> Math.nextAfter(a, b);
        };
    }

    /**
     * The reference semantics for float32 operands: {@link #apply} rounded to float, except for {@link #NEXTAFTER},
     * whose step is a float32 ulp, and {@link #ATAN2}, which PyTorch computes in float arithmetic with SLEEF's
     * {@code atan2f} ({@link VectorTrig}). Backends compute float32 with it.
     *
     * @param a the left operand
     * @param b the right operand
     * @return {@code op(a, b)} as float32
     */
    public float applyFloat(float a, float b) {
        if (this == ATAN2) {   // PyTorch's float atan2 is SLEEF's, in float arithmetic
            return VectorTrig.atan2(a, b);
        }
        return this == NEXTAFTER ? Math.nextAfter(a, (double) b)
                : this == LOGADDEXP ? logAddExpFloat(a, b) : (float) apply(a, b);
    }

    /**
     * The reference of the tensor-scalar form {@code op(a, s)} (PyTorch's {@code x.pow(2.0)}, {@code x + 2}):
     * {@link #apply} except for {@link #POW}, where PyTorch's {@code pow_tensor_scalar} kernel takes exact
     * shortcuts for common exponents (a square is {@code x * x}, {@code x^-0.5} is {@code 1 / sqrt(x)}), which
     * differ from C's {@code pow} in rounding and at {@code -0.0}; and except for {@link #MAXIMUM} / {@link #MINIMUM},
     * which with a number are PyTorch's {@code clamp_min} / {@code clamp_max}: {@code a} unless it is beyond the
     * bound, so {@code a} on a tie ({@code -0.0} clamped at {@code 0} stays {@code -0.0}), a NaN {@code a} stays NaN,
     * and a NaN bound gives NaN.
     *
     * @param a the tensor operand
     * @param s the scalar, already rounded to the tensor's dtype
     * @return {@code op(a, s)}
     */
    public double applyScalar(double a, double s) {
        return switch (this) {
            case POW -> powScalarExponent(a, s);
            case MAXIMUM -> s != s ? s : a < s ? s : a;
            case MINIMUM -> s != s ? s : a > s ? s : a;
            default -> apply(a, s);
        };
    }

    /**
     * {@link #applyScalar(double, double)} in float32 arithmetic, as PyTorch's float kernels compute it: pow's
     * {@code x^3} and {@code x^-2} shortcuts round each operation ({@code x*x*x}, {@code 1/(x*x)}) and {@code x^-0.5}
     * rounds the square root before dividing, where double arithmetic rounded to float once can differ by an ulp.
     *
     * @param a the tensor operand
     * @param s the scalar, a float
     * @return {@code op(a, s)} as float32
     */
    public float applyScalar(float a, float s) {
        if (this == NEXTAFTER) {
            return applyFloat(a, s);
        }
        if (this == POW) {
            if (s == 3f) {
                return a * a * a;
            }
            if (s == -2f) {
                return 1f / (a * a);
            }
            if (s == -0.5f) {
                return 1f / (float) Math.sqrt(a);
            }
            if (s != 2f && s != 1f && s != 0.5f && s != -1f) {   // no shortcut: SLEEF's float pow (sleef2)
                return VectorPow.pow(a, s);
            }
        }
        return (float) applyScalar((double) a, (double) s);
    }

    /** PyTorch's div_floor for floating types: {@code (a - fmod(a, b)) / b}, corrected to the floor and rounded. */
    private static double floorDivide(double a, double b) {
        if (b == 0) {
            return a / b;
        }
        double mod = a % b;   // Java's % on doubles is C's fmod
        double div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0)) {
            div -= 1.0;
        }
        if (div == 0) {
            return Math.copySign(0.0, a / b);
        }
        double floor = Math.floor(div);
        if (div - floor > 0.5) {
            floor += 1.0;
        }
        return floor;
    }

    private static final double INV_LN2 = 1.4426950408889634;

    /** PyTorch's logaddexp(2): {@code a} for the same infinity twice, else {@code max + log1p(exp(-|a - b|))}. */
    private static double logAddExp(double a, double b, boolean base2) {
        if (Double.isInfinite(a) && a == b) {
            return a;
        }
        double m = Math.max(a, b);
        // ATen 1.13's kernel: m + log(1 + exp(-|a - b|)), not log1p (which rounds less near 0)
        return base2 ? m + Math.log1p(Math.pow(2.0, -Math.abs(a - b))) * INV_LN2
                : m + VectorLibm.log(1.0 + VectorLibm.exp(-Math.abs(a - b)));
    }

    /** {@link #logAddExp} for logaddexp in float32, each step rounded to float as ATen's kernel. */
    private static float logAddExpFloat(float a, float b) {
        if (Float.isInfinite(a) && a == b) {
            return a;
        }
        return Math.max(a, b) + VectorLibm.log(1f + VectorLibm.exp(-Math.abs(a - b)));
    }

    /** PyTorch's CPU remainder: {@code fmod}, moved by one divisor when its sign differs from the divisor's. */
    private static double remainder(double a, double b) {
        double mod = a % b;   // C's fmod
        if (mod != 0 && (b < 0) != (mod < 0)) {
            mod += b;
        }
        return mod;
    }

    /**
     * C's {@code pow}: unlike {@link Math#pow}, {@code pow(1, y) = 1} for every y and {@code pow(-1, ±inf) = 1}.
     * Tensor ** tensor stays with the correctly rounded libm form, not SLEEF's: PyTorch's vector kernel runs only on
     * contiguous inner loops of 16 and more, and the common broadcast uses ({@code x.unsqueeze(-1).pow(p)} with a
     * few exponents, the polynomial tutorial) run its scalar glibc {@code pow}, which this matches there.
     */
    private static double cpow(double x, double y) {
        if (x == 1.0 || (x == -1.0 && Double.isInfinite(y))) {
            return 1.0;
        }
        return Math.pow(x, y);
    }

    private static double powScalarExponent(double x, double y) {
        if (x == 1.0 || (x == -1.0 && Double.isInfinite(y))) {
            return 1.0;
        }
        if (y == 2.0) {
            return x * x;
        }
        if (y == 1.0) {
            return x;
        }
        if (y == 0.5) {
            return Math.sqrt(x);
        }
        if (y == -1.0) {
            return 1.0 / x;
        }
        if (y == 3.0) {
            return x * x * x;
        }
        if (y == -2.0) {
            return 1.0 / (x * x);
        }
        if (y == -0.5) {
            return 1.0 / Math.sqrt(x);
        }
        return VectorPow.pow(x, y);
    }
}

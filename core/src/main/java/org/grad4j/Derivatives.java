package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;
import org.grad4j.spi.Backend;
import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.FusedKernels;
import org.grad4j.spi.Strided;
import org.grad4j.spi.UnaryOp;

/**
 * The gradient of every elementwise op, one entry per op and calling form, in the spirit of PyTorch's
 * {@code derivatives.yaml}: the {@code grad_fn} name PyTorch prints, what forward saves, and the formula of
 * each input's gradient. The switches are exhaustive, so a new {@link UnaryOp} or {@link BinaryOp} does not
 * compile until it has its entry here. Formulas are written with tensor ops, so they are differentiable
 * themselves and run on every backend.
 */
final class Derivatives {
    private Derivatives() {
    }

    /** Which value a unary or tensor-scalar op saves for its backward. */
    enum Saved { NOTHING, INPUT, OUTPUT }

    /** {@code grad_input = f(grad_output, saved)}; {@code saved} is null when nothing is saved. */
    interface UnaryGrad {
        Tensor apply(Tensor g, Tensor saved);
    }

    /** One input's gradient of a tensor-tensor op; unsaved values are null. */
    interface BinaryGrad {
        Tensor apply(Tensor g, Tensor a, Tensor b, Tensor out);
    }

    /** The gradient of a tensor-scalar op, from the saved value and the scalar. */
    interface ScalarGrad {
        Tensor apply(Tensor g, Tensor saved, double s);
    }

    record Unary(String gradFn, Saved saved, UnaryGrad grad) {
    }

    /** A tensor-tensor op: which of a, b and out forward saves, and the gradient of each input. */
    record Binary(String gradFn, boolean savesA, boolean savesB, boolean savesOut, BinaryGrad gradA, BinaryGrad gradB) {
    }

    record Scalar(String gradFn, Saved saved, ScalarGrad grad) {
    }

    /*
     * Each op's rules are built on its first use, not all in the class initialiser: every formula is a lambda,
     * and the JVM spins a class for each lambda the first time its expression runs. Building all of them at
     * once (about 60 classes) fed the class-spinning code enough to make C2 compile it (asm's Frame.execute,
     * 1.8 s of the one C2 thread on a loaded 2-core machine) while a short training run waited for its own hot
     * methods. The rules are immutable and a rule built twice by racing threads is an equal one.
     */
    private static final Unary[] UNARY = new Unary[UnaryOp.values().length];
    private static final Binary[] BINARY = new Binary[BinaryOp.values().length];
    private static final Scalar[] TENSOR_SCALAR = new Scalar[BinaryOp.values().length];
    private static final Scalar[] SCALAR_TENSOR = new Scalar[BinaryOp.values().length];

    static Unary of(UnaryOp op) {
        Unary r = UNARY[op.ordinal()];
        if (r == null) {
            r = unaryRule(op);
            UNARY[op.ordinal()] = r;
        }
        return r;
    }

    /** The rule of {@code op(a, b)}; null for comparisons and floor_divide, which have no gradient. */
    static Binary of(BinaryOp op) {
        Binary r = BINARY[op.ordinal()];
        if (r == null) {
            r = binaryRule(op);
            BINARY[op.ordinal()] = r;
        }
        return r;
    }

    /** The rule of {@code op(a, s)}, or of {@code op(s, a)} when {@code scalarFirst}; null for comparisons. */
    static Scalar of(BinaryOp op, boolean scalarFirst) {
        Scalar[] rules = scalarFirst ? SCALAR_TENSOR : TENSOR_SCALAR;
        Scalar r = rules[op.ordinal()];
        if (r == null) {
            // as before: no tensor-scalar rule for an op without a tensor-tensor one
            r = of(op) == null ? null : scalarFirst ? scalarTensorRule(op) : tensorScalarRule(op);
            rules[op.ordinal()] = r;
        }
        return r;
    }

    private static Unary unaryRule(UnaryOp op) {
        return switch (op) {
            case COPY -> new Unary("CloneBackward0", Saved.NOTHING, (g, s) -> g);
            case NEG -> new Unary("NegBackward0", Saved.NOTHING, (g, s) -> g.neg());
            case EXP -> new Unary("ExpBackward0", Saved.OUTPUT, (g, y) -> g.mul(y));
            case LOG -> new Unary("LogBackward0", Saved.INPUT, (g, x) -> g.div(x));
            case SQRT -> new Unary("SqrtBackward0", Saved.OUTPUT, (g, y) -> g.div(y.mul(2.0)));
            case ABS -> new Unary("AbsBackward0", Saved.INPUT, (g, x) -> g.mul(x.sign()));
            // threshold_backward: the gradient passes unless the output is <= 0 (so it passes at NaN).
            case RELU -> new Unary("ReluBackward0", Saved.OUTPUT, Derivatives::reluBackward);
            case TANH -> new Unary("TanhBackward0", Saved.OUTPUT, Derivatives::tanhBackward);
            case SIGMOID -> new Unary("SigmoidBackward0", Saved.OUTPUT, (g, y) -> g.mul(y.rsub(1.0)).mul(y));
            case SIGN -> new Unary("SignBackward0", Saved.NOTHING, (g, s) -> zerosLike(g));
            case SIN -> new Unary("SinBackward0", Saved.INPUT, (g, x) -> g.mul(x.cos()));
            case COS -> new Unary("CosBackward0", Saved.INPUT, (g, x) -> g.mul(x.sin().neg()));
            case TAN -> new Unary("TanBackward0", Saved.OUTPUT, (g, y) -> g.mul(y.mul(y).add(1.0)));
            case ERF -> new Unary("ErfBackward0", Saved.INPUT, (g, x) -> x.mul(x).neg().exp().mul(TWO_OVER_SQRT_PI).mul(g));
            case FLOOR -> new Unary("FloorBackward0", Saved.NOTHING, (g, s) -> zerosLike(g));
            case CEIL -> new Unary("CeilBackward0", Saved.NOTHING, (g, s) -> zerosLike(g));
            case ROUND -> new Unary("RoundBackward0", Saved.NOTHING, (g, s) -> zerosLike(g));
            case TRUNC -> new Unary("TruncBackward0", Saved.NOTHING, (g, s) -> zerosLike(g));
            case RSQRT -> new Unary("RsqrtBackward0", Saved.OUTPUT, (g, y) -> g.mul(-0.5).mul(y.mul(y).mul(y)));
            case LOG2 -> new Unary("Log2Backward0", Saved.INPUT, (g, x) -> g.div(x.mul(LN2)));
            case LOG10 -> new Unary("Log10Backward0", Saved.INPUT, (g, x) -> g.div(x.mul(LN10)));
            case EXP2 -> new Unary("Exp2Backward0", Saved.OUTPUT, (g, y) -> g.mul(y).mul(LN2));
            case LOG1P -> new Unary("Log1PBackward0", Saved.INPUT, (g, x) -> g.div(x.add(1.0)));
            case EXPM1 -> new Unary("Expm1Backward0", Saved.OUTPUT, (g, y) -> g.mul(y.add(1.0)));
            case SILU -> new Unary("SiluBackward0", Saved.INPUT, (g, x) -> {
                Tensor fused = fusedFromOutput(g, x, FusedKernels::siluBackward);   // PyTorch's FMA
                if (fused != null) {
                    return fused;
                }
                Tensor sig = x.sigmoid();
                return g.mul(sig).mul(x.mul(sig.rsub(1.0)).add(1.0));
            });
            case MISH -> new Unary("MishBackward0", Saved.INPUT, (g, x) -> {
                Tensor t = x.exp().log1p().tanh();   // tanh(softplus(x))
                return g.mul(t.add(x.mul(x.sigmoid()).mul(t.mul(t).rsub(1.0))));
            });
            case LOGSIGMOID -> new Unary("LogSigmoidBackward0", Saved.INPUT, (g, x) -> g.mul(x.neg().sigmoid()));
            case GELU, GELU_TANH -> new Unary("GeluBackward0", Saved.INPUT,
                    op == UnaryOp.GELU ? (g, x) -> g.mul(geluExactSlope(x)) : (g, x) -> g.mul(geluTanhSlope(x)));
            // derivatives.yaml: -grad * (result * result)
            case RECIPROCAL -> new Unary("ReciprocalBackward0", Saved.OUTPUT, (g, y) -> g.neg().mul(y.mul(y)));
            // opsmore: derivatives.yaml's formulas, in its order of operations
            case ASIN -> new Unary("AsinBackward0", Saved.INPUT, (g, x) -> g.mul(x.neg().mul(x).add(1.0).rsqrt()));
            case ACOS -> new Unary("AcosBackward0", Saved.INPUT, (g, x) -> g.mul(x.neg().mul(x).add(1.0).rsqrt().neg()));
            case ATAN -> new Unary("AtanBackward0", Saved.INPUT, (g, x) -> g.div(x.mul(x).add(1.0)));
            case SINH -> new Unary("SinhBackward0", Saved.INPUT, (g, x) -> g.mul(x.cosh()));
            case COSH -> new Unary("CoshBackward0", Saved.INPUT, (g, x) -> g.mul(x.sinh()));
            case ASINH -> new Unary("AsinhBackward0", Saved.INPUT, (g, x) -> g.mul(x.mul(x).add(1.0).rsqrt()));
            case ACOSH -> new Unary("AcoshBackward0", Saved.INPUT, (g, x) -> g.mul(x.mul(x).sub(1.0).rsqrt()));
            case ATANH -> new Unary("AtanhBackward0", Saved.INPUT, (g, x) -> g.mul(x.mul(x).rsub(1.0).reciprocal()));
            case FRAC -> new Unary("FracBackward0", Saved.NOTHING, (g, s) -> g);
            case ERFC -> new Unary("ErfcBackward0", Saved.INPUT, (g, x) -> x.mul(x).neg().exp().mul(-TWO_OVER_SQRT_PI).mul(g));
            case SINC -> new Unary("SincBackward0", Saved.INPUT, ExtraMath::sincBackward);
            case LOGIT -> new Unary("LogitBackward0", Saved.INPUT, (g, x) -> ExtraMath.logitBackward(g, x, -1.0));
            // special: derivatives.yaml's formulas (SpecialOps), in its order of operations
            case ERFINV -> new Unary("ErfinvBackward0", Saved.INPUT, SpecialOps::erfinvBackward);
            case LGAMMA -> new Unary("LgammaBackward0", Saved.INPUT, (g, x) -> g.mul(x.digamma()));
            case DIGAMMA -> new Unary("DigammaBackward0", Saved.INPUT, (g, x) -> g.mul(x.polygamma(1)));
            case TRIGAMMA -> new Unary("PolygammaBackward0", Saved.INPUT, (g, x) -> g.mul(x.polygamma(2)));
            case I0 -> new Unary("I0Backward0", Saved.INPUT, (g, x) -> g.mul(Pointwise.unary(UnaryOp.I1, x)));
            case I0E -> new Unary("SpecialI0EBackward0", Saved.INPUT, SpecialOps::i0eBackward);
            case I1 -> new Unary("SpecialI1Backward0", Saved.INPUT, (g, x) -> SpecialOps.i1Backward(g, x, false));
            case I1E -> new Unary("SpecialI1EBackward0", Saved.INPUT, (g, x) -> SpecialOps.i1Backward(g, x, true));
            case NDTRI -> new Unary("SpecialNdtriBackward0", Saved.OUTPUT, SpecialOps::ndtriBackward);
            case LOG_NDTR -> new Unary("SpecialLogNdtrBackward0", Saved.INPUT, SpecialOps::logNdtrBackward);
            case ERFCX -> new Unary("SpecialErfcxBackward0", Saved.INPUT, SpecialOps::erfcxBackward);
            case ENTR -> new Unary("SpecialEntrBackward0", Saved.INPUT, (g, x) -> g.mul(x.log().add(1.0).neg()));
            // math2: sgn_backward of a real tensor is zeros_like(self)
            case SGN -> new Unary("SgnBackward0", Saved.NOTHING, (g, s) -> zerosLike(g));
        };
    }

    private static Binary binaryRule(BinaryOp op) {
        return switch (op) {
            case ADD -> new Binary("AddBackward0", false, false, false, (g, a, b, y) -> g, (g, a, b, y) -> g);
            case SUB -> new Binary("SubBackward0", false, false, false, (g, a, b, y) -> g, (g, a, b, y) -> g.neg());
            case MUL -> new Binary("MulBackward0", true, true, false, (g, a, b, y) -> g.mul(b), (g, a, b, y) -> g.mul(a));
            case DIV -> new Binary("DivBackward0", true, true, false, (g, a, b, y) -> g.div(b),
                    (g, a, b, y) -> g.neg().mul(a.div(b).div(b)));
            // PyTorch's pow_backward_self / pow_backward_exponent: where(b == 0, 0, g * b * a^(b - 1)) and
            // g * where(a == 0 & b >= 0, 0, y * log(a)), so +0.0 (not 0 * inf = NaN, nor -0.0) in the first and
            // g * +0.0 in the second. The masks also replace the operand of pow/log by a harmless value there, so
            // that a higher-order gradient meets no inf.
            case POW -> new Binary("PowBackward1", true, true, true,
                    (g, a, b, y) -> Tensor.where(b.eq(0.0), 0.0,
                            g.mul(b.mul(a.pow(b.sub(1.0).add(mask(b, BinaryOp.EQ, 0.0)))))),
                    (g, a, b, y) -> {
                        Tensor zeroBase = a.eq(0.0).logicalAnd(b.ge(0.0));
                        Tensor safe = a.add(mask(a, BinaryOp.EQ, 0.0).mul(mask(b, BinaryOp.LT, 0.0).rsub(1.0)));
                        return g.mul(y.mul(safe.log()).maskedFill(zeroBase, 0.0));
                    });
            // The loser's gradient is 0, a tie halves it, and with a NaN both sides keep it, as PyTorch's
            // where(a == b, grad / 2, grad).masked_fill_(a < b, 0).
            case MAXIMUM, MINIMUM -> new Binary(op == BinaryOp.MAXIMUM ? "MaximumBackward0" : "MinimumBackward0",
                    true, true, false,
                    (g, a, b, y) -> Pointwise.gradThrough(g,
                            keeps(op == BinaryOp.MAXIMUM ? BinaryOp.LT : BinaryOp.GT, a, b)),
                    (g, a, b, y) -> Pointwise.gradThrough(g,
                            keeps(op == BinaryOp.MAXIMUM ? BinaryOp.GT : BinaryOp.LT, a, b)));
            case EQ, GT, LT, NE, LE, GE, FLOOR_DIVIDE -> null;
            // PyTorch: self: grad, other: -grad * self.div(other, rounding_mode="floor")
            case REMAINDER -> new Binary("RemainderBackward1", true, true, false, (g, a, b, y) -> g,
                    (g, a, b, y) -> g.neg().mul(a.floorDivide(b)));
            // opsmore: derivatives.yaml's formulas
            case ATAN2 -> new Binary("Atan2Backward0", true, true, false,
                    (g, a, b, y) -> g.mul(b).mul(a.mul(a).add(b.mul(b)).reciprocal()),
                    (g, a, b, y) -> g.mul(a.neg()).mul(a.mul(a).add(b.mul(b)).reciprocal()));
            case HYPOT -> new Binary("HypotBackward0", true, true, true, (g, a, b, y) -> g.mul(a).div(y),
                    (g, a, b, y) -> g.mul(b).div(y));
            case FMOD -> new Binary("FmodBackward1", true, true, false, (g, a, b, y) -> g,
                    (g, a, b, y) -> g.neg().mul(a.div(b, "trunc")));
            case COPYSIGN -> new Binary("CopysignBackward0", true, false, true,
                    (g, a, b, y) -> g.mul(y.div(a).maskedFill(a.eq(0.0), 0.0)), (g, a, b, y) -> zerosLike(g));
            case LOGADDEXP -> new Binary("LogaddexpBackward0", true, true, false,
                    (g, a, b, y) -> g.div(b.sub(a).exp().add(1.0)), (g, a, b, y) -> g.div(a.sub(b).exp().add(1.0)));
            case LOGADDEXP2 -> new Binary("Logaddexp2Backward0", true, true, false,
                    (g, a, b, y) -> g.div(b.sub(a).exp2().add(1.0)), (g, a, b, y) -> g.div(a.sub(b).exp2().add(1.0)));
            case XLOGY -> new Binary("XlogyBackward0", true, true, false,
                    (g, a, b, y) -> g.xlogy(b).maskedFill(a.eq(0.0).logicalAnd(b.le(0.0)), 0.0),
                    (g, a, b, y) -> g.mul(a).div(b));
            // PyTorch 1.13 records heaviside (grad_fn NotImplemented) and fails in backward; grad4j records nothing.
            case HEAVISIDE -> null;
            // special: PyTorch 1.13 has no derivative of zeta in its first argument; backward fails there
            case ZETA -> new Binary("SpecialZetaBackward0", true, true, false, (g, a, b, y) -> SpecialOps.zetaNotImplemented(),
                    (g, a, b, y) -> g.mul(a.neg()).mul(SpecialOps.zeta(a.add(1.0), b)));
            case XLOG1PY -> new Binary("SpecialXlog1PyBackward0", true, true, false,
                    (g, a, b, y) -> SpecialOps.xlog1py(g, b).maskedFill(a.eq(0.0).logicalAnd(b.le(-1.0)), 0.0),
                    (g, a, b, y) -> g.mul(a).div(b.add(1.0)));
            // no derivative in a (PyTorch 1.13's not_implemented("igamma: input")); in x, the integrand
            case IGAMMA, IGAMMAC -> new Binary(op == BinaryOp.IGAMMA ? "IgammaBackward0" : "IgammacBackward0", true, true,
                    false, (g, a, b, y) -> SpecialOps.igammaNotImplemented(op),
                    (g, a, b, y) -> (op == BinaryOp.IGAMMA ? g : g.neg()).mul(SpecialOps.igammaDensity(a, b)));
            // math2: derivatives.yaml's grad.masked_fill(...) with the tie and a NaN other going to self
            case FMAX, FMIN -> new Binary(op == BinaryOp.FMAX ? "FmaxBackward0" : "FminBackward0", true, true, false,
                    (g, a, b, y) -> g.maskedFill(Math2.selfWins(op, a, b).logicalNot(), 0.0),
                    (g, a, b, y) -> g.maskedFill(Math2.selfWins(op, a, b), 0.0));
            // PyTorch 1.13 records nextafter and fails in backward (not_implemented)
            case NEXTAFTER -> new Binary("NextafterBackward0", false, false, false,
                    (g, a, b, y) -> Math2.notImplemented("nextafter"), (g, a, b, y) -> Math2.notImplemented("nextafter"));
        };
    }

    /** {@code a op s} with a Python number {@code s}; PyTorch wraps the number, so the names are the tensor ones. */
    private static Scalar tensorScalarRule(BinaryOp op) {
        return switch (op) {
            case ADD -> new Scalar("AddBackward0", Saved.NOTHING, (g, x, s) -> g);
            case SUB -> new Scalar("SubBackward0", Saved.NOTHING, (g, x, s) -> g);
            case MUL -> new Scalar("MulBackward0", Saved.NOTHING, (g, x, s) -> g.mul(s));
            case DIV -> new Scalar("DivBackward0", Saved.NOTHING, (g, x, s) -> g.div(s));
            case POW -> new Scalar("PowBackward0", Saved.INPUT,
                    (g, x, s) -> s == 0.0 ? zerosLike(g) : g.mul(x.pow(s - 1.0).mul(s)));   // zeros_like(self)
            case MAXIMUM, MINIMUM -> new Scalar(op == BinaryOp.MAXIMUM ? "ClampMinBackward0" : "ClampMaxBackward0",
                    Saved.INPUT, (g, x, s) -> Pointwise.gradThrough(g, scalarWins(op, x, s)));
            case EQ, GT, LT, NE, LE, GE, FLOOR_DIVIDE -> null;
            case REMAINDER -> new Scalar("RemainderBackward0", Saved.NOTHING, (g, x, s) -> g);
            // opsmore: PyTorch has no Python-number form of atan2, hypot, logaddexp(2), heaviside
            case ATAN2, HYPOT, LOGADDEXP, LOGADDEXP2, HEAVISIDE -> null;
            case FMOD -> new Scalar("FmodBackward0", Saved.NOTHING, (g, x, s) -> g);
            case COPYSIGN -> new Scalar("CopysignBackward1", Saved.INPUT,
                    (g, x, s) -> g.mul(x.copysign(s).div(x).maskedFill(x.eq(0.0), 0.0)));
            // derivatives.yaml: xlogy(grad, other).masked_fill((self == 0.) & (other <= 0.), 0.)
            case XLOGY -> new Scalar("XlogyBackward2", Saved.INPUT,
                    (g, x, s) -> s <= 0 ? g.xlogy(s).maskedFill(x.eq(0.0), 0.0) : g.xlogy(s));
            case ZETA -> new Scalar("SpecialZetaBackward2", Saved.NOTHING, (g, x, s) -> SpecialOps.zetaNotImplemented());
            case XLOG1PY -> new Scalar("SpecialXlog1PyBackward2", Saved.INPUT, (g, x, s) -> s <= -1
                    ? SpecialOps.xlog1py(g, s).maskedFill(x.eq(0.0), 0.0) : SpecialOps.xlog1py(g, s));
            case IGAMMA, IGAMMAC -> null;   // PyTorch has no Python-number form
            case FMAX, FMIN, NEXTAFTER -> null;   // math2: no Python-number form in PyTorch
        };
    }

    /** {@code s op a}: PyTorch's reflected Python operators ({@code 2 - x} is {@code rsub}, {@code 2 ** x} {@code pow}). */
    private static Scalar scalarTensorRule(BinaryOp op) {
        return switch (op) {
            case ADD -> new Scalar("AddBackward0", Saved.NOTHING, (g, x, s) -> g);
            case SUB -> new Scalar("RsubBackward1", Saved.NOTHING, (g, x, s) -> g.neg());
            case MUL -> new Scalar("MulBackward0", Saved.NOTHING, (g, x, s) -> g.mul(s));
            // PyTorch computes s / x as reciprocal(x) * s, hence its name.
            case DIV -> new Scalar("MulBackward0", Saved.INPUT, (g, x, s) -> g.neg().mul(s).div(x.mul(x)));
            // d/dx s^x = s^x log s; at s = 0 PyTorch's gradient is 0 where x >= 0 (log is fed 1 there).
            case POW -> new Scalar("PowBackward1", Saved.OUTPUT, (g, y, s) -> s == 0.0
                    ? g.mul(y.mul(mask(y, BinaryOp.LT, 2.0).log()))
                    : g.mul(y.mul(Math.log(s))));
            case MAXIMUM, MINIMUM -> new Scalar(op == BinaryOp.MAXIMUM ? "ClampMinBackward0" : "ClampMaxBackward0",
                    Saved.INPUT, (g, x, s) -> Pointwise.gradThrough(g, scalarWins(op, x, s)));
            // PyTorch 1.13 has no derivative for remainder(Scalar, Tensor).
            case EQ, GT, LT, NE, LE, GE, FLOOR_DIVIDE, REMAINDER -> null;
            case ATAN2, HYPOT, FMOD, COPYSIGN, LOGADDEXP, LOGADDEXP2, HEAVISIDE -> null;   // opsmore: no such form
            case XLOGY -> new Scalar("XlogyBackward1", Saved.INPUT, (g, x, s) -> g.mul(s).div(x));
            case ZETA -> new Scalar("SpecialZetaBackward1", Saved.INPUT,
                    (g, x, s) -> g.mul(-s).mul(SpecialOps.zeta(s + 1.0, x)));
            case XLOG1PY -> new Scalar("SpecialXlog1PyBackward1", Saved.INPUT, (g, x, s) -> g.mul(s).div(x.add(1.0)));
            case IGAMMA, IGAMMAC -> null;
            case FMAX, FMIN, NEXTAFTER -> null;   // math2: no such form
        };
    }

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double LN2 = 0.6931471805599453;
    /** derivatives.yaml's literal for log10, one ulp below the double nearest ln 10 (Math.log(10)). */
    private static final double LN10 = 2.3025850929940456;
    private static final double SQRT1_2 = 0.7071067811865476;
    private static final double SQRT_2_OVER_PI = 0.7978845608028654;
    private static final double INV_SQRT_2PI = 0.3989422804014327;

    /** d/dx of x Phi(x): Phi(x) + x phi(x). */
    private static Tensor geluExactSlope(Tensor x) {
        Tensor cdf = x.mul(SQRT1_2).erf().add(1.0).mul(0.5);
        Tensor pdf = x.mul(x).mul(-0.5).exp().mul(INV_SQRT_2PI);
        return cdf.add(x.mul(pdf));
    }

    /** d/dx of x/2 (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3). */
    private static Tensor geluTanhSlope(Tensor x) {
        Tensor x2 = x.mul(x);
        Tensor t = x.add(x2.mul(x).mul(0.044715)).mul(SQRT_2_OVER_PI).tanh();
        Tensor du = x2.mul(3 * 0.044715).add(1.0).mul(SQRT_2_OVER_PI);
        return t.add(1.0).mul(0.5).add(x.mul(0.5).mul(t.mul(t).rsub(1.0)).mul(du));
    }

    /**
     * ReLU's backward, {@code g} where {@code y != 0}, else +0.0 (PyTorch's threshold_backward): fused where it
     * can be ({@link #fusedFromOutput}), else the composite.
     */
    private static Tensor reluBackward(Tensor g, Tensor y) {
        Tensor gx = fusedFromOutput(g, y, FusedKernels::reluBackward);
        return gx != null ? gx : Pointwise.gradThrough(g, mask(y, BinaryOp.NE, 0.0));
    }

    /**
     * Tanh's backward, {@code g * (1 - y * y)}: fused where it can be ({@link #fusedFromOutput}: PyTorch's bits,
     * {@code 1 - y * y} as one FMA), else the composite. Under create_graph {@link DoubleBackward#tanhBackward} records
     * this value as {@code TanhBackwardBackward0}, so the first-order gradient keeps its bits. A small model's tanh layer paid two
     * allocations and two dispatches for the composite's temporaries per step.
     */
    static Tensor tanhBackward(Tensor g, Tensor y) {
        Tensor gx = fusedFromOutput(g, y, FusedKernels::tanhBackward);
        return gx != null ? gx : g.mul(y.mul(y).rsub(1.0));
    }

    /** A fused backward from the output gradient and the forward's result, as {@link FusedKernels} declares them. */
    private interface FromOutput {
        boolean run(FusedKernels kernels, int[] shape, Strided grad, Strided output, Strided gradInput);
    }

    /**
     * An activation's backward in one pass where the backend fuses it and no graph is being built (create_graph
     * needs the differentiable composite); null where it does not, for the caller's composite.
     */
    private static Tensor fusedFromOutput(Tensor g, Tensor y, FromOutput kernel) {
        Backend b = y.storage.backend;
        if (GradMode.isEnabled() || b.fused() == FusedKernels.NONE || g.storage.backend != b || g.dtype != y.dtype
                || !Arrays.equals(g.shape, y.shape)) {
            return null;
        }
        Tensor gx = Tensor.empty(y.shape, y.dtype, b);
        if (kernel.run(b.fused(), y.shape, g.strided(), y.strided(), gx.strided())) {
            return gx;
        }
        gx.storage.release();
        return null;
    }

    /** {@code x cmp s} as 1 or 0 in {@code x}'s dtype. */
    private static Tensor mask(Tensor x, BinaryOp comparison, double s) {
        return Pointwise.mask(comparison, x, s);
    }

    /** PyTorch's zeros_like(grad) of the piecewise-constant ops: +0.0 everywhere, whatever grad holds (NaN too). */
    private static Tensor zerosLike(Tensor g) {
        return Tensor.full(g.shape, 0.0, g.dtype, g.device());
    }

    /** 1 where this side keeps the gradient ({@code a losing b} is false), 0.5 on ties, 0 where it loses. */
    private static Tensor keeps(BinaryOp losing, Tensor a, Tensor b) {
        Tensor tie = Pointwise.mask(BinaryOp.EQ, a, b).mul(0.5);
        return Pointwise.mask(losing, a, b).add(tie).rsub(1.0);
    }

    /** clamp_min/clamp_max pass the gradient where x is kept (ties included), as PyTorch's clamp backward. */
    private static Tensor scalarWins(BinaryOp op, Tensor x, double s) {
        BinaryOp losing = op == BinaryOp.MAXIMUM ? BinaryOp.LT : BinaryOp.GT;
        return mask(x, losing, s).rsub(1.0);
    }
}

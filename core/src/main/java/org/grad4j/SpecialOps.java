package org.grad4j;

import org.grad4j.autograd.GradMode;
import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.UnaryOp;

/**
 * torch.special's functions behind {@link Special} and the Tensor methods of the "special" section: the op table's
 * special ops ({@link UnaryOp#LGAMMA}, {@link BinaryOp#ZETA}, ...) plus the composites PyTorch 1.13 builds from them
 * (polygamma, mvlgamma, ndtr), each recording one node with PyTorch's grad_fn name, and the backward formulas of
 * derivatives.yaml that {@link Derivatives} names.
 */
final class SpecialOps {
    private SpecialOps() {
    }

    /** A node with a backward formula over its saved tensors. */
    private static final class FnNode extends NamedNode {
        interface Rule {
            Tensor apply(Tensor g, FnNode node);
        }

        private final Rule rule;

        FnNode(String name, Rule rule, Tensor input, Tensor... saved) {
            super(name, input);
            this.rule = rule;
            save(saved);
        }

        Tensor get(int i) {
            return saved(i);
        }

        @Override
        Tensor[] backward(Tensor g) {
            return new Tensor[] {rule.apply(g, this)};
        }
    }

    static Tensor checked(String op, Tensor x) {
        if (x == null) {
            throw new IllegalArgumentException(op + ": expected a tensor for 'input', got null");
        }
        return x;
    }

    static Tensor unary(UnaryOp op, Tensor x) {
        return Pointwise.unary(op, checked(op.torchName(), x));
    }

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        checked(op.torchName(), a);
        if (b == null) {
            throw new IllegalArgumentException(op.torchName() + ": expected a tensor for 'other', got null");
        }
        return Pointwise.binary(op, op.torchName(), a, b);
    }

    /** {@code op(x, s)}, or {@code op(s, x)} when {@code scalarFirst}: PyTorch's Scalar overloads. */
    static Tensor scalar(BinaryOp op, Tensor x, double s, boolean scalarFirst) {
        return Pointwise.scalar(op, op.torchName(), checked(op.torchName(), x), s, scalarFirst);
    }

    // ------------------------------------------------------------------ composites

    /**
     * PyTorch's polygamma: digamma for n = 0, trigamma for n = 1, {@code (-1)^(n+1) n! zeta(n + 1, x)} above, each
     * recorded as {@code PolygammaBackward0} with the gradient {@code g * polygamma(n + 1, x)}.
     */
    static Tensor polygamma(int n, Tensor x) {
        checked("polygamma", x);
        if (n < 0) {
            throw new IllegalArgumentException("polygamma: polygamma(n, x) does not support negative n. (n = " + n
                    + ", x of shape " + Shapes.str(x.shape) + ")");
        }
        if (!x.dtype.isFloatingPoint()) {
            x = x.to(Tensor.defaultDType());
        }
        if (n == 1) {
            return Pointwise.unary(UnaryOp.TRIGAMMA, x);
        }
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            // ATen's factor ((n % 2) ? 1 : -1) * exp(lgamma(n + 1)), in the tensor's dtype
            out = n == 0 ? Pointwise.unary(UnaryOp.DIGAMMA, x)
                    : Pointwise.scalar(BinaryOp.ZETA, "polygamma", x, n + 1.0, true).mul(x.dtype.round(factor(n)));
        }
        if (Tensor.needsGrad(x)) {
            Tensor.record(out, new FnNode("PolygammaBackward0", (g, node) -> g.mul(polygamma(n + 1, node.get(0))), x, x));
        }
        return out;
    }

    /** {@code (-1)^(n+1) exp(lgamma(n + 1))}, as ATen's calc_polygamma. */
    private static double factor(int n) {
        return (n % 2 != 0 ? 1.0 : -1.0) * Math.exp(UnaryOp.LGAMMA.apply(n + 1.0));
    }

    /**
     * The multivariate log-gamma of dimension p, as ATen: {@code sum_j lgamma(x + (1 - p)/2 + j/2)} over the last
     * axis of {@code x.unsqueeze(-1) + arange}, plus {@code p (p - 1) log(pi) / 4}; {@code MvlgammaBackward0}.
     */
    static Tensor mvlgamma(Tensor x, int p, String op) {
        checked(op, x);
        if (x.dtype == DType.BOOL) {
            throw new IllegalArgumentException(op + ": The input tensor may not be a boolean tensor. (shape "
                    + Shapes.str(x.shape) + ")");
        }
        if (p < 1) {
            throw new IllegalArgumentException(op + ": p has to be greater than or equal to 1 (got p = " + p + ")");
        }
        if ((long) p * Math.max(1, x.numel()) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(op + ": p = " + p + " would need " + p + " lgamma terms for each of the "
                    + x.numel() + " elements of shape " + Shapes.str(x.shape) + ", more than a tensor can hold");
        }
        Tensor in = x.dtype.isFloatingPoint() ? x : x.to(Tensor.defaultDType());
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = shifted(in, p).lgamma().sum(-1).add(p * (double) (p - 1) * Math.log(Math.PI) * 0.25);
        }
        if (Tensor.needsGrad(in)) {
            Tensor.record(out, new FnNode("MvlgammaBackward0",
                    (g, node) -> g.mul(shifted(node.get(0), p).digamma().sum(-1)), in, in));
        }
        return out;
    }

    /** {@code x.unsqueeze(-1) + [(1 - p)/2, ..., -1/2, 0]}, ATen's arange(-p/2 + 1/2, 1/2, 1/2) (exact halves). */
    private static Tensor shifted(Tensor x, int p) {
        double[] args = new double[p];
        for (int j = 0; j < p; j++) {
            args[j] = (1 - p) * 0.5 + j * 0.5;
        }
        return Tensor.of(args, x.dtype, x.device(), p).add(x.unsqueeze(-1));
    }

    /** ATen's special_ndtr: {@code (1 + erf(x / sqrt 2)) * 0.5}, the last product recorded as {@code MulBackward1}. */
    static Tensor ndtr(Tensor x) {
        checked("ndtr", x);
        Tensor in = x.dtype.isFloatingPoint() ? x : x.to(Tensor.defaultDType());
        Tensor inner = in.mul(0.7071067811865476).erf().add(1.0);
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = inner.mul(0.5);
        }
        if (Tensor.needsGrad(inner)) {
            Tensor.record(out, new FnNode("MulBackward1", (g, node) -> g.mul(0.5), inner));
        }
        return out;
    }

    /** torch.special.round: round with decimals = 0, PyTorch's second overload ({@code RoundBackward1}, zero gradient). */
    static Tensor round(Tensor x) {
        checked("round", x);
        if (!x.dtype.isFloatingPoint()) {
            return x.round();
        }
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = x.round();
        }
        if (Tensor.needsGrad(x)) {
            Tensor.record(out, new FnNode("RoundBackward1", (g, node) -> Tensor.full(g.shape(), 0.0, g.dtype(), g.device()), x));
        }
        return out;
    }

    // ------------------------------------------------------------------ backward formulas (derivatives.yaml)

    private static final double HALF_SQRT_PI = 0.5 * Math.sqrt(Math.PI);
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

    /** {@code 0.5 * sqrt(pi) * exp(erfinv(x)^2) * g}. */
    static Tensor erfinvBackward(Tensor g, Tensor x) {
        return x.erfinv().pow(2.0).exp().mul(HALF_SQRT_PI).mul(g);
    }

    /** {@code g * (i1e(x) - sgn(x) * i0e(x))}. */
    static Tensor i0eBackward(Tensor g, Tensor x) {
        return g.mul(Pointwise.unary(UnaryOp.I1E, x).sub(x.sign().mul(Pointwise.unary(UnaryOp.I0E, x))));
    }

    /**
     * PyTorch's i1_backward / i1e_backward: {@code g * (i0(x) - i1(x) / x)} ({@code i0e(x) - i1e(x) (sgn x + 1/x)}),
     * and {@code g * 0.5} where {@code |x|} is at most the dtype's epsilon (the formula's 0/0).
     */
    static Tensor i1Backward(Tensor g, Tensor x, boolean scaled) {
        double eps = x.dtype == DType.FLOAT32 ? Math.ulp(1.0f) : Math.ulp(1.0);
        Tensor notTiny = x.abs().gt(eps);
        Tensor safe = Tensor.where(notTiny, x, eps);
        Tensor result = Pointwise.unary(scaled ? UnaryOp.I1E : UnaryOp.I1, x);
        Tensor gx = scaled ? Pointwise.unary(UnaryOp.I0E, safe).sub(result.mul(safe.sign().add(safe.reciprocal())))
                : Pointwise.unary(UnaryOp.I0, safe).sub(result.mul(safe.reciprocal()));
        return g.mul(Tensor.where(notTiny, gx, 0.5));
    }

    /** {@code g * sqrt(2 pi) * exp(y^2 / 2)}. */
    static Tensor ndtriBackward(Tensor g, Tensor y) {
        return g.mul(SQRT_2PI).mul(y.square().div(2.0).exp());
    }

    /** {@code g / sqrt(2 pi) * exp(-(log_ndtr(x) + x^2 / 2))}. */
    static Tensor logNdtrBackward(Tensor g, Tensor x) {
        Tensor result = Pointwise.unary(UnaryOp.LOG_NDTR, x);
        return g.div(SQRT_2PI).mul(result.add(x.pow(2.0).div(2.0)).neg().exp());
    }

    /** {@code (2 x erfcx(x) - 2 / sqrt(pi)) * g}. */
    static Tensor erfcxBackward(Tensor g, Tensor x) {
        Tensor result = Pointwise.unary(UnaryOp.ERFCX, x);
        return x.mul(2.0).mul(result).sub(TWO_OVER_SQRT_PI).mul(g);
    }

    /** PyTorch 1.13's {@code not_implemented("zeta")}: zeta has no derivative in its first argument. */
    static Tensor zetaNotImplemented() {
        throw new UnsupportedOperationException("zeta: the derivative for 'zeta' is not implemented.");
    }

    /** PyTorch 1.13's {@code not_implemented("igamma: input")} (igammac's likewise). */
    static Tensor igammaNotImplemented(BinaryOp op) {
        String name = op.torchName();
        throw new UnsupportedOperationException(name + ": the derivative for '" + name + ": input' is not implemented.");
    }

    /** {@code exp((a - 1) * log(x) - x - lgamma(a))}, the integrand of igamma: its derivative in x. */
    static Tensor igammaDensity(Tensor a, Tensor x) {
        return a.sub(1.0).mul(x.log()).sub(x).sub(a.lgamma()).exp();
    }

    static Tensor zeta(Tensor x, Tensor q) {
        return Pointwise.binary(BinaryOp.ZETA, "zeta", x, q);
    }

    static Tensor zeta(double x, Tensor q) {
        return Pointwise.scalar(BinaryOp.ZETA, "zeta", q, x, true);
    }

    static Tensor xlog1py(Tensor x, Tensor y) {
        return Pointwise.binary(BinaryOp.XLOG1PY, "xlog1py", x, y);
    }

    static Tensor xlog1py(Tensor x, double y) {
        return Pointwise.scalar(BinaryOp.XLOG1PY, "xlog1py", x, y, false);
    }
}

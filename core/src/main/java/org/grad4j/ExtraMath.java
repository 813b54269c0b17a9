package org.grad4j;

import org.grad4j.autograd.GradMode;
import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.UnaryOp;

/**
 * Elementwise ops with parameters or a bool result, composed from the op table's primitives with one node of
 * PyTorch's grad_fn name ({@code logit(eps)}, {@code nan_to_num}, {@code deg2rad}, {@code signbit}, ...), and
 * the gradient helpers of the table's newer ops (sinc, logit). Every backend runs them without new kernels.
 */
final class ExtraMath {
    private ExtraMath() {
    }

    /** PyTorch's constants, as double (the float kernels round them to float once). */
    private static final double PI_OVER_180 = 0.017453292519943295769236907684886127134428718885417;
    private static final double ONE_80_OVER_PI = 57.295779513082320876798154814105170332405472466564;

    /** A node whose backward is a function of the gradient and the tensors it saved (version-checked). */
    private static final class SavedNode extends NamedNode {
        interface Rule {
            Tensor[] apply(Tensor g, SavedNode node);
        }

        private final Rule rule;

        SavedNode(String name, Rule rule, Tensor[] inputs, Tensor... saved) {
            super(name, inputs);
            this.rule = rule;
            save(saved);
        }

        Tensor get(int i) {
            return saved(i);
        }

        @Override
        Tensor[] backward(Tensor g) {
            return rule.apply(g, this);
        }
    }

    private static void nonNull(String op, Tensor x) {
        if (x == null) {
            throw new IllegalArgumentException(op + ": expected a tensor for 'input', got null");
        }
    }

    private static Tensor floating(Tensor x) {
        return x.dtype.isFloatingPoint() ? x : x.to(Tensor.defaultDType());
    }

    // ------------------------------------------------------------------ deg2rad, rad2deg

    static Tensor deg2rad(Tensor x) {
        return scaled("deg2rad", "Deg2RadBackward0", x, PI_OVER_180);
    }

    static Tensor rad2deg(Tensor x) {
        return scaled("rad2deg", "Rad2DegBackward0", x, ONE_80_OVER_PI);
    }

    /** PyTorch's deg2rad/rad2deg: {@code mul} by the constant (rounded to the dtype), integers in the default dtype. */
    private static Tensor scaled(String op, String gradFn, Tensor x, double c) {
        nonNull(op, x);
        Tensor in = floating(x);
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = Pointwise.scalar(BinaryOp.MUL, op, in, c, false);
        }
        if (Tensor.needsGrad(in)) {
            Tensor.record(out, new Indexing.FnNode(gradFn, g -> new Tensor[] {g.mul(c)}, in));
        }
        return out;
    }

    // ------------------------------------------------------------------ logit

    /** {@code logit(x, eps)}: x clamped to {@code [eps, 1 - eps]} first; a negative eps is PyTorch's None. */
    static Tensor logit(Tensor x, double eps) {
        nonNull("logit", x);
        Tensor in = floating(x);
        if (!(eps >= 0)) {
            return Pointwise.unary(UnaryOp.LOGIT, in);
        }
        double lo = in.dtype.round(eps);
        double hi = hi(in.dtype, eps);
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor z = Pointwise.scalar(BinaryOp.MAXIMUM, "logit", in, lo, false);
            z = Pointwise.scalar(BinaryOp.MINIMUM, "logit", z, hi, false);
            out = Pointwise.unary(UnaryOp.LOGIT, z);
        }
        if (Tensor.needsGrad(in)) {
            Tensor.record(out, new SavedNode("LogitBackward0",
                    (g, n) -> new Tensor[] {logitBackward(g, n.get(0), eps)}, new Tensor[] {in}, in));
        }
        return out;
    }

    /** {@code 1 - eps} as PyTorch's kernel computes it: in the tensor's dtype, from eps rounded to it. */
    private static double hi(DType dtype, double eps) {
        return dtype == DType.FLOAT32 ? (double) (1f - (float) eps) : 1.0 - eps;
    }

    /**
     * PyTorch's logit_backward: {@code g / (x (1 - x))} inside {@code [lo, hi]} ({@code ±g * inf} at 0 and 1); outside,
     * 0 with an eps and NaN without (then {@code [lo, hi] = [0, 1]}).
     */
    static Tensor logitBackward(Tensor g, Tensor x, double eps) {
        boolean clamped = eps >= 0;
        double lo = clamped ? x.dtype.round(eps) : 0.0;
        double hi = clamped ? hi(x.dtype, eps) : 1.0;
        // PyTorch's vectorised body (all but a row's last 8 float64 / 16 float32 elements): g / (x (1 - x)), which at
        // x = -0.0 is -g * inf where its scalar tail gives g * inf; elsewhere the two agree
        Tensor gx = g.div(x.mul(x.rsub(1.0)));
        Tensor outside = x.lt(lo).logicalOr(x.gt(hi));
        return gx.maskedFill(outside, clamped ? 0.0 : Double.NaN);
    }

    // ------------------------------------------------------------------ sinc

    /**
     * PyTorch's sinc_backward: {@code g (pi x cos(pi x) - sin(pi x)) / (pi x^2)}, and 0 where {@code pi x^2} is 0.
     */
    static Tensor sincBackward(Tensor g, Tensor x) {
        Tensor xPi = x.mul(Math.PI);
        Tensor xSquaredPi = x.mul(x).mul(Math.PI);
        Tensor out = g.mul(xPi.mul(xPi.cos()).sub(xPi.sin())).div(xSquaredPi);
        return out.maskedFill(xSquaredPi.eq(0.0), 0.0);
    }

    // ------------------------------------------------------------------ nan_to_num

    /**
     * {@code nan_to_num(x, nan, posinf, neginf)}: NaN, +inf and -inf replaced; a null posinf / neginf is the dtype's
     * largest / lowest finite value. Integer and bool tensors come back as a copy. Gradient {@code g * isfinite(x)}.
     */
    static Tensor nanToNum(Tensor x, double nan, Double posinf, Double neginf) {
        nonNull("nan_to_num", x);
        if (!x.dtype.isFloatingPoint()) {
            return x.clone();
        }
        double max = x.dtype == DType.FLOAT32 ? Float.MAX_VALUE : Double.MAX_VALUE;
        double pos = posinf != null ? posinf : max;
        double neg = neginf != null ? neginf : -max;
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = fill(x, x.ne(x), nan);
            out = fill(out, x.eq(Double.POSITIVE_INFINITY), pos);
            out = fill(out, x.eq(Double.NEGATIVE_INFINITY), neg);
        }
        if (Tensor.needsGrad(x)) {
            Tensor.record(out, new SavedNode("NanToNumBackward0",
                    (g, n) -> new Tensor[] {g.mul(n.get(0).isfinite())}, new Tensor[] {x}, x));
        }
        return out;
    }

    /** {@code x} with {@code value} (rounded to x's dtype, inf if beyond it, as a C cast) where {@code mask} holds. */
    private static Tensor fill(Tensor x, Tensor mask, double value) {
        return Indexing.maskedFill(x, mask, Tensor.full(Shapes.SCALAR, x.dtype.round(value), x.dtype, x.device()), true);
    }

    // ------------------------------------------------------------------ xlogy(Scalar, Tensor), heaviside, signbit

    static Tensor xlogy(double self, Tensor other) {
        nonNull("xlogy", other);
        return Pointwise.scalar(BinaryOp.XLOGY, "xlogy", other, self, true);
    }

    static Tensor heaviside(Tensor x, Tensor values) {
        nonNull("heaviside", x);
        if (values == null) {
            throw new IllegalArgumentException("heaviside: expected a tensor for 'values', got null");
        }
        if (x.dtype != values.dtype) {
            throw new IllegalArgumentException("heaviside: heaviside is not yet implemented for tensors with different "
                    + "dtypes (input " + x.dtype.torchName() + " of shape " + Shapes.str(x.shape) + ", values "
                    + values.dtype.torchName() + " of shape " + Shapes.str(values.shape) + ")");
        }
        return Pointwise.binary(BinaryOp.HEAVISIDE, "heaviside", x, values);
    }

    /** The sign bit: of {@code copysign(1, x)} for floating tensors (so -0.0 and -NaN count), {@code x < 0} else. */
    static Tensor signbit(Tensor x) {
        nonNull("signbit", x);
        if (x.dtype == DType.BOOL) {
            return Tensor.full(x.shape, 0.0, DType.BOOL, x.device());
        }
        if (!x.dtype.isFloatingPoint()) {
            return x.lt(0.0);
        }
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor one = Tensor.full(Shapes.SCALAR, 1.0, x.dtype, x.device());
            return Pointwise.binary(BinaryOp.COPYSIGN, "signbit", one, x).lt(0.0);
        }
    }
}

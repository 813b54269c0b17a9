package org.grad4j;

import java.util.function.UnaryOperator;

import org.grad4j.autograd.GradMode;
import org.grad4j.spi.BinaryOp;

/**
 * The nnmore activations: hardsigmoid, hardswish, hardshrink, softshrink, threshold, selu and celu (PyTorch's elu
 * kernel with a scale and an input scale), prelu and glu. Each is composed from the backend's elementwise
 * primitives (so every backend runs it without new kernels) in the order of PyTorch 1.13's CPU kernel, and records
 * one node with PyTorch's grad_fn name whose backward follows PyTorch's backward kernel. softsign, tanhshrink and
 * softmin are PyTorch composites in Python, and so are they here (their grad_fn is the last op's).
 *
 * <p>Bit-exact with PyTorch where the kernel is selects, adds, multiplies and divides (hardsigmoid, hardswish, the
 * shrinks, threshold, prelu's forward and input gradient); the ones calling exp (selu, celu, glu) are within a few
 * ulps (Java's exp against PyTorch's vectorised one), as the conformance suite states.
 */
final class Activations {
    private Activations() {
    }

    private static void nonNull(String op, Tensor x) {
        if (x == null) {
            throw new IllegalArgumentException(op + ": expected an input tensor, got null");
        }
    }

    /** PyTorch's AT_DISPATCH_FLOATING_TYPES refusal: {@code "hardsigmoid_cpu" not implemented for 'Long'}. */
    private static void requireFloat(String op, String kernel, Tensor x) {
        nonNull(op, x);
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": \"" + kernel + "\" not implemented for '" + x.dtype().torchName()
                    .replace("torch.", "").replace("int64", "Long").replace("int32", "Int").replace("uint8", "Byte")
                    .replace("bool", "Bool") + "' (shape " + Shapes.str(x.shape) + "); convert with float() first");
        }
    }

    /** A constant as the kernel's scalar_t holds it. */
    private static double inType(double v, Tensor x) {
        return x.dtype() == DType.FLOAT32 ? (float) v : v;
    }

    private static Tensor forward(UnaryOperator<Tensor> f, Tensor x) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return f.apply(x);
        }
    }

    /** Runs the out-of-place op {@code f} in place on {@code x} (PyTorch's {@code inplace=True}). */
    static Tensor inPlace(String op, Tensor x, UnaryOperator<Tensor> f) {
        nonNull(op, x);
        return InPlaceUnary.apply(op, x, true, f);
    }

    // ---------------------------------------------------------------- hardsigmoid, hardswish

    /** {@code min(max(x + 3, 0), 6) / 6}. */
    static Tensor hardsigmoid(Tensor x) {
        requireFloat("hardsigmoid", "hardsigmoid_cpu", x);
        Tensor out = forward(t -> relu6Of3(t).div(6.0), x);
        return record(out, x, "HardsigmoidBackward0", Kind.HARDSIGMOID, 0, 0);
    }

    /** {@code x * min(max(x + 3, 0), 6) / 6}, multiplied before the division as PyTorch's kernel. */
    static Tensor hardswish(Tensor x) {
        requireFloat("hardswish", "hardswish_cpu", x);
        Tensor out = forward(t -> t.mul(relu6Of3(t)).div(6.0), x);
        return record(out, x, "HardswishBackward0", Kind.HARDSWISH, 0, 0);
    }

    private static Tensor relu6Of3(Tensor x) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor lo = Pointwise.scalar(BinaryOp.MAXIMUM, "hardsigmoid", x.add(3.0), 0.0, false);
            return Pointwise.scalar(BinaryOp.MINIMUM, "hardsigmoid", lo, 6.0, false);
        }
    }

    // ---------------------------------------------------------------- shrinks, threshold

    /** {@code -lambd <= x <= lambd ? 0 : x}. */
    static Tensor hardshrink(Tensor x, double lambd) {
        requireFloat("hardshrink", "hardshrink_cpu", x);
        double l = inType(lambd, x);
        Tensor out = forward(t -> Tensor.where(inside(t, l), 0.0, t), x);
        return record(out, x, "HardshrinkBackward0", Kind.SHRINK, l, 0);
    }

    /** {@code x > lambd ? x - lambd : x < -lambd ? x + lambd : 0}; lambd must be at least 0. */
    static Tensor softshrink(Tensor x, double lambd) {
        requireFloat("softshrink", "softshrink_cpu", x);
        if (!(lambd >= 0)) {
            throw new IllegalArgumentException("softshrink: lambda must be greater or equal to 0, but found to be "
                    + format(lambd) + ".");
        }
        double l = inType(lambd, x);
        Tensor out = forward(t -> Tensor.where(t.gt(l), t.sub(l), Tensor.where(t.lt(-l), t.add(l), 0.0)), x);
        return record(out, x, "SoftshrinkBackward0", Kind.SHRINK, l, 0);
    }

    /** Python's str of a float: {@code -1.0} prints as {@code -1.} in PyTorch's message, as C++'s stream does. */
    private static String format(double v) {
        String s = org.grad4j.format.PythonFloat.repr(v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 1) : s;
    }

    private static Tensor inside(Tensor t, double l) {
        return t.ge(-l).logicalAnd(t.le(l));
    }

    /** {@code x <= threshold ? value : x}; integer tensors keep their dtype (no gradient). */
    static Tensor threshold(Tensor x, double threshold, double value, String gradFn) {
        nonNull("threshold", x);
        if (x.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("threshold: \"threshold_cpu\" not implemented for 'Bool' (shape "
                    + Shapes.str(x.shape) + ")");
        }
        if (!x.dtype().isFloatingPoint()) {
            Tensor v = Tensor.full(Shapes.SCALAR, (long) value, x.dtype(), x.device());
            return Tensor.where(x.le((double) (long) threshold), v, x);
        }
        double th = inType(threshold, x);
        Tensor out = forward(t -> Tensor.where(t.le(th), inType(value, x), t), x);
        return record(out, x, gradFn, Kind.THRESHOLD, th, 0);
    }

    // ---------------------------------------------------------------- elu family

    /**
     * PyTorch's elu kernel: {@code x <= 0 ? (exp(x * inputScale) - 1) * alpha * scale : x * scale}, with
     * {@code alpha * scale} rounded to the dtype first.
     */
    static Tensor eluScaled(String op, Tensor x, double alpha, double scale, double inputScale,
            double backwardInputScale, String gradFn) {
        requireFloat(op, "elu_cpu", x);
        double negcoef = inType(inType(alpha, x) * inType(scale, x), x);
        double poscoef = inType(scale, x);
        double negiptcoef = inType(inputScale, x);
        Tensor out = forward(t -> Tensor.where(t.gt(0.0), t.mul(poscoef),
                t.mul(negiptcoef).exp().sub(1.0).mul(negcoef)), x);
        if (Tensor.needsGrad(x)) {
            // the in-place forms' backward reads the result (PyTorch's is_result): x <= 0 iff result <= 0
            boolean isResult = gradFn.endsWith("1");
            Tensor.record(out, new ActivationNode(gradFn, x, isResult ? out : x, isResult ? Kind.ELU_RESULT
                    : Kind.ELU, negcoef, poscoef, inType(backwardInputScale, x)));
        }
        return out;
    }

    /** SELU's constants, as PyTorch's Activation.cpp spells them. */
    static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    static final double SELU_SCALE = 1.0507009873554804934193349852946;

    static Tensor selu(Tensor x, String gradFn) {
        return eluScaled("selu", x, SELU_ALPHA, SELU_SCALE, 1.0, 1.0, gradFn);
    }

    static Tensor celu(Tensor x, double alpha, String gradFn) {
        nonNull("celu", x);
        if (alpha == 0.0) {
            throw new IllegalArgumentException("celu: ZeroDivisionError: alpha cannot be 0 for CELU");
        }
        // PyTorch's celu backward takes 1 / alpha of alpha rounded to float (derivatives.yaml's alpha.toFloat())
        return eluScaled("celu", x, alpha, 1.0, 1.0 / alpha, 1.0 / (float) alpha, gradFn);
    }

    // ---------------------------------------------------------------- prelu

    /** {@code x > 0 ? x : weight * x}, weight along dimension 1 (or one weight for every element). */
    static Tensor prelu(Tensor x, Tensor weight) {
        nonNull("prelu", x);
        if (weight == null) {
            throw new IllegalArgumentException("prelu: expected a weight tensor, got null");
        }
        requireFloat("prelu", "prelu_cpu", x);
        if (weight.dim() > 1) {
            throw new IllegalArgumentException("prelu: Expected `weight` to be a scalar or 1D tensor, but got ndim = "
                    + weight.dim());
        }
        Pointwise.checkSameDevice("prelu", x, weight);
        if (weight.dtype() != x.dtype()) {
            throw new IllegalArgumentException("prelu: expected weight of dtype " + x.dtype().torchName() + " (the input's),"
                    + " got " + weight.dtype().torchName());
        }
        int n = (int) weight.numel();
        int channels = x.dim() >= 2 ? x.shape[1] : 1;
        if (n != 1 && n != channels) {
            throw new IllegalArgumentException("prelu: Mismatch of parameter numbers and input channel size. Found "
                    + "parameter numbers = " + n + " and channel size = " + channels + ".");
        }
        Tensor w = broadcastWeight(weight, x);
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = Tensor.where(x.gt(0.0), x, w.mul(x));
        }
        if (Tensor.needsGrad(x, weight)) {
            Tensor.record(out, new PreluNode(x, weight));
        }
        return out;
    }

    /** The weight viewed as {@code [C, 1, ...]} against the input's dimensions from 1 (or as a 0-d scalar). */
    private static Tensor broadcastWeight(Tensor weight, Tensor x) {
        if (weight.numel() == 1 || x.dim() < 2) {
            return weight.reshape();
        }
        int[] shape = new int[x.dim() - 1];
        java.util.Arrays.fill(shape, 1);
        shape[0] = (int) weight.numel();
        return weight.reshape(shape);
    }

    /** PyTorch's prelu backward: the input's {@code x > 0 ? g : w g}, the weight's sum of {@code x > 0 ? 0 : x g}. */
    static final class PreluNode extends NamedNode {
        private final int[] weightShape;

        PreluNode(Tensor x, Tensor weight) {
            super("PreluBackward0", x, weight);
            weightShape = weight.shape();
            save(x, weight);
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor x = saved(0);
            Tensor weight = saved(1);
            Tensor pos = x.gt(0.0);
            Tensor gx = next[0] == null ? null : Tensor.where(pos, g, broadcastWeight(weight, x).mul(g));
            Tensor gw = null;
            if (next[1] != null) {
                Tensor per = Tensor.where(pos, 0.0, x.mul(g));
                if (weight.numel() == 1 || x.dim() < 2) {
                    gw = per.sum().reshape(weightShape);
                } else {
                    int[] dims = new int[x.dim() - 1];
                    dims[0] = 0;
                    for (int i = 2; i < x.dim(); i++) {
                        dims[i - 1] = i;
                    }
                    gw = per.sum(dims, false).reshape(weightShape);
                }
            }
            return new Tensor[] {gx, gw};
        }
    }

    // ---------------------------------------------------------------- glu

    /** {@code a * sigmoid(b)} of the two halves along {@code dim}, with PyTorch's {@code a * (1 / (1 + exp(-b)))}. */
    static Tensor glu(Tensor x, int dim) {
        nonNull("glu", x);
        if (x.dim() == 0) {
            throw new IllegalArgumentException("glu: glu does not support scalars because halving size must be even");
        }
        int d = Shapes.dim("glu", dim, x.dim());
        if (x.shape[d] % 2 != 0) {
            throw new IllegalArgumentException("glu: Halving dimension must be even, but dimension " + d + " is size "
                    + x.shape[d]);
        }
        requireFloat("glu", "glu_cpu", x);
        int half = x.shape[d] / 2;
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor a = x.narrow(d, 0, half);
            Tensor b = x.narrow(d, half, half);
            out = a.mul(b.neg().exp().add(1.0).reciprocal());
        }
        if (Tensor.needsGrad(x)) {
            Tensor.record(out, new GluNode(x, d));
        }
        return out;
    }

    /** PyTorch's glu_backward: {@code [sig(b) g, (1 - sig(b)) sig(b) a g]}. */
    static final class GluNode extends NamedNode {
        private final int dim;

        GluNode(Tensor x, int dim) {
            super("GluBackward0", x);
            this.dim = dim;
            save(x);
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor x = saved(0);
            int half = x.shape()[dim] / 2;
            Tensor a = x.narrow(dim, 0, half);
            Tensor sig = x.narrow(dim, half, half).sigmoid();
            Tensor ga = sig.mul(g);
            Tensor gb = sig.rsub(1.0).mul(sig).mul(a).mul(g);
            return new Tensor[] {Tensor.cat(java.util.List.of(ga, gb), dim)};
        }
    }

    // ---------------------------------------------------------------- softsign, tanhshrink, softmin (composites)

    /** {@code x / (1 + |x|)}, PyTorch's Python composite (grad_fn DivBackward0). */
    static Tensor softsign(Tensor x) {
        nonNull("softsign", x);
        return x.div(x.abs().add(1.0));
    }

    /** {@code x - tanh(x)} (grad_fn SubBackward0). */
    static Tensor tanhshrink(Tensor x) {
        nonNull("tanhshrink", x);
        return x.sub(x.tanh());
    }

    /** {@code softmax(-x, dim)} (grad_fn SoftmaxBackward0). */
    static Tensor softmin(Tensor x, int dim) {
        nonNull("softmin", x);
        return x.neg().softmax(dim);
    }

    /** PyTorch's implicit softmax dimension ({@code _get_softmax_dim}): 0 for 0-, 1- and 3-d inputs, else 1. */
    static int implicitDim(Tensor x) {
        int n = x.dim();
        return n == 0 || n == 1 || n == 3 ? 0 : 1;
    }

    // ---------------------------------------------------------------- the nodes

    enum Kind { HARDSIGMOID, HARDSWISH, SHRINK, THRESHOLD, ELU, ELU_RESULT }

    private static Tensor record(Tensor out, Tensor x, String name, Kind kind, double a, double b) {
        return record(out, x, name, kind, a, b, 1.0);
    }

    private static Tensor record(Tensor out, Tensor x, String name, Kind kind, double a, double b, double c) {
        if (Tensor.needsGrad(x)) {
            Tensor.record(out, new ActivationNode(name, x, x, kind, a, b, c));
        }
        return out;
    }

    /** The backward kernels of PyTorch 1.13, each on the saved input. */
    static final class ActivationNode extends NamedNode {
        private final Kind kind;
        private final double a;
        private final double b;
        private final double c;

        ActivationNode(String name, Tensor x, Tensor toSave, Kind kind, double a, double b, double c) {
            super(name, x);
            this.kind = kind;
            this.a = a;
            this.b = b;
            this.c = c;
            save(toSave);
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor x = saved(0);
            Tensor gx = switch (kind) {
                // -3 < x < 3 ? g * (scalar_t) (1.0f / 6.0f) : 0
                case HARDSIGMOID -> Tensor.where(x.gt(-3.0).logicalAnd(x.lt(3.0)), g.mul(inType(1.0f / 6.0f, x)), 0.0);
                // x < -3 ? 0 : x <= 3 ? g * (x / 3 + 0.5) : g (a NaN x takes the middle branch, as the vector body)
                case HARDSWISH -> Tensor.where(x.lt(-3.0), 0.0,
                        Tensor.where(x.ge(3.0), g, g.mul(x.div(3.0).add(0.5))));
                // -lambd <= x <= lambd ? 0 : g
                case SHRINK -> Tensor.where(inside(x, a), 0.0, g);
                // x <= threshold ? 0 : g
                case THRESHOLD -> Tensor.where(x.le(a), 0.0, g);
                // x > 0 ? g * scale : g * input_scale * alpha * scale * exp(x * input_scale)
                case ELU -> Tensor.where(x.gt(0.0), g.mul(b), g.mul(c).mul(a).mul(x.mul(c).exp()));
                // on the result y: y > 0 ? g * scale : g * input_scale * (y + alpha * scale)
                case ELU_RESULT -> Tensor.where(x.gt(0.0), g.mul(b), g.mul(c).mul(x.add(a)));
            };
            return new Tensor[] {gx};
        }
    }
}

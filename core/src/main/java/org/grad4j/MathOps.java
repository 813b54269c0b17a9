package org.grad4j;

import java.util.function.UnaryOperator;

import org.grad4j.autograd.GradMode;
import org.grad4j.spi.BinaryOp;

/**
 * clamp, lerp, isnan/isinf/isfinite, the logical ops and the parametrized activations (leaky_relu, elu,
 * softplus, hardtanh, relu6). Each is composed from the backend's elementwise primitives (so every backend runs
 * it) and records one node with PyTorch's grad_fn name: parameters (slopes, bounds, weights) do not fit the op
 * table's one-operand or two-operand kernels, and the bool-valued tests are exact compositions of comparisons.
 *
 * <p>clamp, hardtanh/relu6 and leaky_relu are bit-exact ({@code maximum}/{@code minimum} select operands
 * unchanged and the other branch adds an exact 0). clamp with numbers selects with comparisons and {@code where},
 * as PyTorch's {@code std::max}/{@code std::min} keep the input where it equals a bound (-0.0 at 0 stays -0.0);
 * with tensor bounds it uses maximum/minimum, which give PyTorch's SIMD body (+0.0 there; PyTorch's scalar tail
 * loop, for the last elements of a row, keeps -0.0). Integer inputs keep their dtype under integer bounds
 * (PyTorch's result_type of the input and the bounds). elu and softplus are within 1 ulp (float32) / 3 ulps (float64)
 * of PyTorch's, lerp within 2 / 6 (PyTorch's vectorized kernel fuses a multiply-add). lerp with a weight tensor
 * selects its branch by multiplying with a 0/1 mask, so an infinite start or end gives NaN there (PyTorch: inf).
 */
final class MathOps {
    private MathOps() {
    }

    private static void nonNull(String op, Tensor t, String what) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": expected a tensor for " + what + ", got null");
        }
    }

    // ------------------------------------------------------------------ clamp

    /** clamp's forward without autograd: the maximum with the lower bound, then the minimum with the upper one. */
    private static Tensor clampForward(Tensor x, boolean hasMin, boolean hasMax, UnaryOperator<Tensor> atLeastMin,
            UnaryOperator<Tensor> atMostMax) {
        nonNull("clamp", x, "input");
        if (!hasMin && !hasMax) {
            throw new IllegalArgumentException("clamp: At least one of 'min' or 'max' must not be None");
        }
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor out = hasMin ? atLeastMin.apply(x) : x;
            return hasMax ? atMostMax.apply(out) : out;
        }
    }

    /**
     * {@code torch.clamp(x, min, max)} with Python ints: an integer tensor keeps its dtype (bool becomes int64,
     * PyTorch's result_type), the bounds converted with PyTorch's overflow check; a floating tensor clamps as
     * with floats.
     */
    static Tensor clampIntegral(Tensor x, Long min, Long max) {
        nonNull("clamp", x, "input");
        if (x.dtype.isFloatingPoint() || min == null && max == null) {
            return clamp(x, min == null ? null : Double.valueOf(min), max == null ? null : Double.valueOf(max));
        }
        DType dt = DTypes.resultType(new Tensor[] {x}, DType.INT64);
        Tensor lo = min == null ? null : integralBound(x, min, dt);
        Tensor hi = max == null ? null : integralBound(x, max, dt);
        return clampForward(x.to(dt), lo != null, hi != null, t -> below(t, lo), t -> above(t, hi));
    }

    /**
     * {@code t < lo ? lo : t}, PyTorch's {@code std::max(t, lo)} of clamp with a number: t itself where equal
     * (-0.0 clamped at 0 stays -0.0) and where NaN.
     */
    private static Tensor below(Tensor t, Tensor lo) {
        return Indexing.where(Pointwise.binary(BinaryOp.LT, "clamp", t, lo), lo, t);
    }

    /** {@code t > hi ? hi : t}, PyTorch's {@code std::min(t, hi)}. */
    private static Tensor above(Tensor t, Tensor hi) {
        return Indexing.where(Pointwise.binary(BinaryOp.GT, "clamp", t, hi), hi, t);
    }

    private static Tensor integralBound(Tensor x, long v, DType dt) {
        DTypes.checkFits("clamp", v, dt, x);
        return DTypes.of(new long[] {v}, DType.INT64, x.storage.backend, Shapes.SCALAR).to(dt);
    }

    /**
     * {@code torch.clamp(x, min, max)} with numbers; a NaN input stays NaN, {@code min > max} gives max. An integer
     * or bool tensor gives the default dtype (a Python float outranks integers).
     */
    static Tensor clamp(Tensor x, Double min, Double max) {
        nonNull("clamp", x, "input");
        DType dt = x.dtype.isFloatingPoint() ? x.dtype : Tensor.defaultDType();
        for (Double bound : new Double[] {min, max}) {
            if (bound != null) {
                DTypes.checkFits("clamp", bound, dt, x);
            }
        }
        Tensor out;
        if (min != null && max != null && (Double.isNaN(min) || Double.isNaN(max))) {
            out = Tensor.full(x.shape, Double.NaN, dt, x.device());   // PyTorch fills with NaN
        } else {
            Tensor lo = min == null ? null : Tensor.full(Shapes.SCALAR, min, dt, x.device());
            Tensor hi = max == null ? null : Tensor.full(Shapes.SCALAR, max, dt, x.device());
            out = clampForward(x.to(dt), min != null, max != null, t -> below(t, lo), t -> above(t, hi));
        }
        if (Tensor.needsGrad(x)) {
            String name = min != null && max != null ? "ClampBackward1" : min != null ? "ClampMinBackward0" : "ClampMaxBackward0";
            Tensor.record(out, new ClampScalarNode(name, x, min, max));
        }
        return out;
    }

    /** Passes the gradient where {@code min <= x <= max}. */
    static final class ClampScalarNode extends NamedNode {
        private final Double min;
        private final Double max;

        ClampScalarNode(String name, Tensor x, Double min, Double max) {
            super(name, x);
            this.min = min;
            this.max = max;
            save(x);
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor x = saved(0);
            Tensor gx = g;
            if (min != null) {
                gx = Pointwise.gradThrough(gx, Pointwise.mask(BinaryOp.GE, x, min));
            }
            if (max != null) {
                gx = Pointwise.gradThrough(gx, Pointwise.mask(BinaryOp.LE, x, max));
            }
            return new Tensor[] {gx};
        }
    }

    /**
     * {@code torch.clamp(x, min, max)} with tensor bounds (either may be null), broadcast together, computed in the
     * result_type of all three (a 0-d bound does not widen a dimensioned input of its category).
     */
    static Tensor clamp(Tensor x0, Tensor min0, Tensor max0) {
        nonNull("clamp", x0, "input");
        DType dt = DTypes.resultType(new Tensor[] {x0, min0, max0});
        if (dt == DType.BOOL && min0 != null && max0 != null) {
            throw new IllegalArgumentException("clamp: not implemented for 'Bool' (input, min and max are torch.bool, "
                    + "shapes " + Shapes.str(x0.shape) + ", " + Shapes.str(min0.shape) + ", " + Shapes.str(max0.shape)
                    + "); use clampMin or clampMax, or convert to an integer dtype");
        }
        if (min0 != null) {
            Pointwise.checkSameDevice("clamp", x0, min0);
        }
        if (max0 != null) {
            Pointwise.checkSameDevice("clamp", x0, max0);
        }
        Tensor x = Views.promote(x0, dt);
        Tensor min = min0 == null ? null : Views.promote(min0, dt);
        Tensor max = max0 == null ? null : Views.promote(max0, dt);
        Tensor out = clampForward(x, min != null, max != null, t -> Pointwise.binary(BinaryOp.MAXIMUM, "clamp", t, min),
                t -> Pointwise.binary(BinaryOp.MINIMUM, "clamp", t, max));
        boolean grad = Tensor.needsGrad(x) || min != null && Tensor.needsGrad(min) || max != null && Tensor.needsGrad(max);
        if (grad) {
            String name = min != null && max != null ? "ClampBackward0" : min != null ? "ClampMinBackward1" : "ClampMaxBackward1";
            Tensor.record(out, new ClampTensorNode(name, x, min, max, out.shape()));
        }
        return out;
    }

    /**
     * PyTorch's clamp_backward_min_max: x where {@code min <= x <= max}; min where {@code x < min} (and
     * {@code min < max} when both are given); max where {@code x > max} (or {@code max < min}).
     */
    static final class ClampTensorNode extends NamedNode {
        private final boolean hasMin;
        private final boolean hasMax;
        private final int[] xShape;
        private final int[] minShape;
        private final int[] maxShape;
        private final int[] outShape;

        ClampTensorNode(String name, Tensor x, Tensor min, Tensor max, int[] outShape) {
            super(name, x, min, max);
            hasMin = min != null;
            hasMax = max != null;
            xShape = x.shape();
            minShape = hasMin ? min.shape() : null;
            maxShape = hasMax ? max.shape() : null;
            this.outShape = outShape;
            save(x, min, max);
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor x = saved(0);
            Tensor min = hasMin ? saved(1) : null;
            Tensor max = hasMax ? saved(2) : null;
            Tensor[] grads = new Tensor[3];
            Tensor gx = g;
            if (hasMin) {
                gx = Pointwise.gradThrough(gx, Pointwise.mask(BinaryOp.GE, x, min));
            }
            if (hasMax) {
                gx = Pointwise.gradThrough(gx, Pointwise.mask(BinaryOp.LE, x, max));
            }
            grads[0] = PrimitiveReductions.sumTo(gx.expand(outShape), xShape);
            if (hasMin && next[1] != null) {
                Tensor m = Pointwise.mask(BinaryOp.LT, x, min);
                if (hasMax) {
                    m = m.mul(Pointwise.mask(BinaryOp.LT, min, max));
                }
                grads[1] = PrimitiveReductions.sumTo(Pointwise.gradThrough(g, m).expand(outShape), minShape);
            }
            if (hasMax && next[2] != null) {
                Tensor m = Pointwise.mask(BinaryOp.GT, x, max);
                if (hasMin) {
                    m = m.add(Pointwise.mask(BinaryOp.LT, max, min)).minimum(m.mul(0.0).add(1.0));
                }
                grads[2] = PrimitiveReductions.sumTo(Pointwise.gradThrough(g, m).expand(outShape), maxShape);
            }
            return grads;
        }
    }

    // ------------------------------------------------------------------ lerp

    /**
     * {@code torch.lerp(start, end, weight)}, PyTorch's two-sided formula: {@code start + w (end - start)} for
     * {@code |w| < 0.5}, else {@code end - (end - start)(1 - w)}.
     */
    static Tensor lerp(Tensor start, Tensor end, double weight) {
        nonNull("lerp", start, "input");
        nonNull("lerp", end, "end");
        checkLerp(start, end, null);
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            int[] shape = Shapes.broadcast("lerp", start.shape, end.shape);
            double w = start.dtype == DType.FLOAT32 ? (float) weight : weight;   // ATen's opmath weight
            out = lerpFused(start, end, Tensor.full(shape, w, start.dtype, start.device()), w < 0.5, shape);
        }
        if (Tensor.needsGrad(start, end)) {
            Tensor.record(out, new LerpNode(start, end, null, weight, out.shape()));
        }
        return out;
    }

    /** {@code torch.lerp(start, end, weight)} with a weight tensor (broadcast with the others). */
    static Tensor lerp(Tensor start, Tensor end, Tensor weight) {
        nonNull("lerp", start, "input");
        nonNull("lerp", end, "end");
        nonNull("lerp", weight, "weight");
        checkLerp(start, end, weight);
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            int[] shape = Shapes.broadcast("lerp", Shapes.broadcast("lerp", start.shape, end.shape), weight.shape);
            Tensor low = lerpFused(start, end, weight, true, shape);
            Tensor high = lerpFused(start, end, weight, false, shape);
            // a select, not arithmetic with a 0/1 mask: the unselected side may be NaN (infinite operands)
            out = Tensor.where(weight.lt(0.5), low, high);
        }
        if (Tensor.needsGrad(start, end, weight)) {
            Tensor.record(out, new LerpNode(start, end, weight, 0, out.shape()));
        }
        return out;
    }

    /**
     * One side of ATen 1.13's CPU lerp, {@code weight < 0.5 ? start + weight * (end - start) : end - (end - start) *
     * (1 - weight)} (no {@code abs}: a negative weight takes the first side), compiled with FMA contraction: {@code
     * fma(weight, diff, start)} or {@code fma(-diff, 1 - weight, end)}, each product fused into its sum.
     */
    private static Tensor lerpFused(Tensor start, Tensor end, Tensor weight, boolean low, int[] shape) {
        Tensor diff = end.sub(start);
        Tensor y = (low ? start : end).expand(shape).clone();
        Tensor a = low ? weight : diff.neg();
        Tensor b = low ? diff : weight.rsub(1.0);
        y.backend().fma(shape, a.stridedAs(shape), b.stridedAs(shape), y.strided());
        y.bumpVersion();
        return y;
    }

    private static void checkLerp(Tensor start, Tensor end, Tensor weight) {
        if (start.dtype() != end.dtype() || weight != null && weight.dtype() != start.dtype()) {
            throw new IllegalArgumentException("lerp: expected dtype " + start.dtype().torchName() + " for `end` "
                    + (weight != null ? "and `weight` " : "") + "but got dtype " + end.dtype().torchName()
                    + (weight != null ? " and " + weight.dtype().torchName() : "") + " (shapes " + Shapes.str(start.shape)
                    + ", " + Shapes.str(end.shape) + ")");
        }
        if (!start.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("lerp: \"lerp_kernel_scalar\" not implemented for '"
                    + start.dtype().torchName() + "' (shape " + Shapes.str(start.shape) + "); convert with float() first");
        }
    }

    /** start: {@code g (1 - w)}; end: {@code g w}; weight: {@code g (end - start)}, each summed to its shape. */
    static final class LerpNode extends NamedNode {
        private final double weight;
        private final boolean tensorWeight;
        private final int[] outShape;
        private final int[][] shapes;

        LerpNode(Tensor start, Tensor end, Tensor weightTensor, double weight, int[] outShape) {
            super(weightTensor == null ? "LerpBackward0" : "LerpBackward1", start, end, weightTensor);
            this.weight = weight;
            this.tensorWeight = weightTensor != null;
            this.outShape = outShape;
            this.shapes = new int[][] {start.shape(), end.shape(), tensorWeight ? weightTensor.shape() : null};
            save(start, end, weightTensor);
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor[] grads = new Tensor[3];
            if (!tensorWeight) {
                if (next[0] != null) {
                    grads[0] = PrimitiveReductions.sumTo(g.mul(1.0 - weight), shapes[0]);
                }
                if (next[1] != null) {
                    grads[1] = PrimitiveReductions.sumTo(g.mul(weight), shapes[1]);
                }
                return grads;
            }
            Tensor w = saved(2);
            if (next[0] != null) {
                grads[0] = PrimitiveReductions.sumTo(g.mul(w.rsub(1.0)).expand(outShape), shapes[0]);
            }
            if (next[1] != null) {
                grads[1] = PrimitiveReductions.sumTo(g.mul(w).expand(outShape), shapes[1]);
            }
            if (next[2] != null) {
                grads[2] = PrimitiveReductions.sumTo(g.mul(saved(1).sub(saved(0))).expand(outShape), shapes[2]);
            }
            return grads;
        }
    }

    // ------------------------------------------------------------------ isnan, isinf, isfinite, logical ops

    static Tensor isnan(Tensor x) {
        nonNull("isnan", x, "input");
        return x.ne(x);
    }

    static Tensor isinf(Tensor x) {
        nonNull("isinf", x, "input");
        if (!x.dtype().isFloatingPoint()) {
            return x.ne(x);
        }
        return x.abs().eq(Double.POSITIVE_INFINITY);
    }

    static Tensor isfinite(Tensor x) {
        nonNull("isfinite", x, "input");
        if (!x.dtype().isFloatingPoint()) {
            return x.eq(x);
        }
        return x.abs().lt(Double.POSITIVE_INFINITY);
    }

    static Tensor logicalNot(Tensor x) {
        nonNull("logical_not", x, "input");
        return x.eq(0.0);
    }

    /** Truth as int64 0/1, so that a product is "and" and a sum is "or" (any dtypes, broadcast). */
    private static Tensor truth(Tensor x) {
        return x.ne(0.0).toLong();
    }

    static Tensor logicalAnd(Tensor a, Tensor b) {
        nonNull("logical_and", a, "input");
        nonNull("logical_and", b, "other");
        return truth(a).mul(truth(b)).ne(0.0);
    }

    static Tensor logicalOr(Tensor a, Tensor b) {
        nonNull("logical_or", a, "input");
        nonNull("logical_or", b, "other");
        return truth(a).add(truth(b)).ne(0.0);
    }

    // ------------------------------------------------------------------ parametrized activations

    private static void requireFloat(String op, Tensor x) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": \"" + op + "\" not implemented for '" + x.dtype().torchName()
                    + "' (shape " + Shapes.str(x.shape) + "); convert with float() first");
        }
    }

    /** {@code F.leaky_relu(x, negative_slope)}: {@code x > 0 ? x : x * slope}. */
    static Tensor leakyRelu(Tensor x, double negativeSlope) {
        nonNull("leaky_relu", x, "input");
        requireFloat("leaky_relu", x);
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            // PyTorch's select, x > 0 ? x : x * slope: -0.0 stays -0.0 (max(x, 0) + slope * min(x, 0) gave +0.0)
            out = Tensor.where(x.gt(0.0), x, x.mul(negativeSlope));
        }
        if (Tensor.needsGrad(x)) {
            Tensor.record(out, new ActivationNode("LeakyReluBackward0", x, Kind.LEAKY, negativeSlope, 0));
        }
        return out;
    }

    /** {@code F.elu(x, alpha)}: {@code x > 0 ? x : alpha * (e^x - 1)}. */
    static Tensor elu(Tensor x, double alpha) {
        nonNull("elu", x, "input");
        requireFloat("elu", x);
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor pos = Pointwise.scalar(BinaryOp.MAXIMUM, "elu", x, 0.0, false);
            Tensor neg = Pointwise.scalar(BinaryOp.MINIMUM, "elu", x, 0.0, false);
            // + 0.0: PyTorch's negative branch (exp(x) - 1) * alpha is +0.0 at x = -0.0, where the clamps and
            // expm1 keep -0.0 (a negative alpha, which would give -0.0 there, is not matched)
            out = pos.add(neg.expm1().mul(alpha)).add_(0.0);
        }
        if (Tensor.needsGrad(x)) {
            Tensor.record(out, new ActivationNode("EluBackward0", x, Kind.ELU, alpha, 0));
        }
        return out;
    }

    /** {@code F.softplus(x, beta, threshold)}: {@code log(1 + e^(beta x)) / beta}, or x where {@code beta x > threshold}. */
    static Tensor softplus(Tensor x, double beta, double threshold) {
        nonNull("softplus", x, "input");
        requireFloat("softplus", x);
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor bx = x.mul(beta);
            Tensor linear = Pointwise.mask(BinaryOp.GT, bx, threshold);
            // exp only below the threshold, so the unselected branch is finite.
            Tensor capped = Pointwise.scalar(BinaryOp.MINIMUM, "softplus", bx, threshold, false);
            Tensor soft = capped.exp().log1p().div(beta);
            // x where linear, kept finite elsewhere (its product with 0 must not be NaN): beyond threshold / beta
            // on the linear side, above it for a positive beta and below it for a negative one
            Tensor big = Pointwise.scalar(beta > 0 ? BinaryOp.MAXIMUM : BinaryOp.MINIMUM, "softplus", x,
                    threshold / beta, false);
            out = big.mul(linear).add(soft.mul(linear.rsub(1.0)));
            // NaN stays NaN: the mask is 0 for NaN and soft is NaN.
        }
        if (Tensor.needsGrad(x)) {
            Tensor.record(out, new ActivationNode("SoftplusBackward0", x, Kind.SOFTPLUS, beta, threshold));
        }
        return out;
    }

    /** {@code F.hardtanh(x, min_val, max_val)}; {@code relu6} is {@code hardtanh(x, 0, 6)}. */
    static Tensor hardtanh(Tensor x, double minVal, double maxVal) {
        nonNull("hardtanh", x, "input");
        if (x.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("hardtanh: \"clamp_scalar_cpu\" not implemented for 'Bool' (shape "
                    + Shapes.str(x.shape) + ")");
        }
        if (x.dtype() == DType.UINT8 && (minVal < 0 || maxVal < 0)) {
            throw new IllegalArgumentException("hardtanh: cannot do hardtanh on an unsigned type with negative limits "
                    + "(min_val " + minVal + ", max_val " + maxVal + ", a torch.uint8 tensor of shape " + Shapes.str(x.shape) + ")");
        }
        if (x.dtype().isIntegral()) {
            // PyTorch converts the bounds to the integer type (toward zero, wrapping: -1 is 255 for uint8) and
            // keeps the dtype; no gradient.
            Tensor lo = Tensor.full(Shapes.SCALAR, (long) minVal, x.dtype(), x.device());
            Tensor hi = Tensor.full(Shapes.SCALAR, (long) maxVal, x.dtype(), x.device());
            return x.maximum(lo).minimum(hi);
        }
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor lo = Pointwise.scalar(BinaryOp.MAXIMUM, "hardtanh", x, minVal, false);
            out = Pointwise.scalar(BinaryOp.MINIMUM, "hardtanh", lo, maxVal, false);
        }
        if (Tensor.needsGrad(x)) {
            Tensor.record(out, new ActivationNode("HardtanhBackward0", x, Kind.HARDTANH, minVal, maxVal));
        }
        return out;
    }

    enum Kind { LEAKY, ELU, SOFTPLUS, HARDTANH }

    /** The parametrized activations' gradients, as PyTorch's *_backward kernels. */
    static final class ActivationNode extends NamedNode {
        private final Kind kind;
        private final double a;
        private final double b;

        ActivationNode(String name, Tensor x, Kind kind, double a, double b) {
            super(name, x);
            this.kind = kind;
            this.a = a;
            this.b = b;
            save(x);
        }

        @Override
        Tensor[] backward(Tensor g) {
            return new Tensor[] {gradient(g, saved(0))};
        }

        /**
         * With a graph (create_graph): PyTorch's {@code LeakyReluBackwardBackward0}, {@code EluBackwardBackward0},
         * ...: the same backward of the new gradient for {@code g}, {@code gg g f''(x)} for {@code x}.
         */
        @Override
        Tensor[] backwardWithGraph(Tensor g) {
            java.util.function.UnaryOperator<Tensor> curvature = switch (kind) {
                case LEAKY, HARDTANH -> null;
                // x > 0 ? 0 : alpha e^x
                case ELU -> x -> Pointwise.mask(BinaryOp.LE, x, 0.0).mul(
                        Pointwise.scalar(BinaryOp.MINIMUM, "elu", x, 0.0, false).exp().mul(a));
                // beta x > threshold ? 0 : beta z / (z + 1)^2, z = e^(beta x)
                case SOFTPLUS -> x -> {
                    Tensor bx = x.mul(a);
                    Tensor z = Pointwise.scalar(BinaryOp.MINIMUM, "softplus", bx, b, false).exp();
                    Tensor z1 = z.add(1.0);
                    return Pointwise.mask(BinaryOp.LE, bx, b).mul(z.mul(a).div(z1.mul(z1)));
                };
            };
            return new Tensor[] {DoubleBackward.pointwise(name().replace("Backward0", "BackwardBackward0"), g, saved(0),
                    this::gradient, curvature)};
        }

        private Tensor gradient(Tensor g, Tensor x) {
            Tensor pos = Pointwise.mask(BinaryOp.GT, x, 0.0);
            Tensor gx = switch (kind) {
                // x > 0 ? g : g * slope
                case LEAKY -> g.mul(pos.add(pos.rsub(1.0).mul(a)));
                // x > 0 ? g : g * alpha * e^x (PyTorch's elu_backward on the input)
                case ELU -> {
                    Tensor neg = Pointwise.mask(BinaryOp.LE, x, 0.0);   // NaN takes the positive branch, as PyTorch
                    // NaN replaced by 1 before exp (pow(x, 1) = x, pow(NaN, 0) = 1), so 0 * exp(NaN) cannot leak.
                    Tensor clean = Pointwise.binary(BinaryOp.POW, "elu", x, Pointwise.mask(BinaryOp.EQ, x, x));
                    yield g.mul(neg.rsub(1.0).add(neg.mul(
                            Pointwise.scalar(BinaryOp.MINIMUM, "elu", clean, 0.0, false).exp().mul(a))));
                }
                // beta x > threshold ? g : g * z / (z + 1), z = e^(beta x)
                case SOFTPLUS -> {
                    Tensor bx = x.mul(a);
                    Tensor linear = Pointwise.mask(BinaryOp.GT, bx, b);
                    Tensor z = Pointwise.scalar(BinaryOp.MINIMUM, "softplus", bx, b, false).exp();
                    yield g.mul(linear.add(linear.rsub(1.0).mul(z.div(z.add(1.0)))));
                }
                // x <= min || x >= max ? 0 : g (so NaN passes, as PyTorch's hardtanh_backward)
                case HARDTANH -> Pointwise.gradThrough(g, Pointwise.mask(BinaryOp.LE, x, a).rsub(1.0)
                        .mul(Pointwise.mask(BinaryOp.GE, x, b).rsub(1.0)));
            };
            return gx;
        }
    }
}

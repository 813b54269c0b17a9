package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;

/**
 * Stateless building blocks, PyTorch's {@code torch.nn.functional}: what {@code nn} modules call.
 */
public final class Functional {
    private Functional() {
    }

    // ---------------------------------------------------------------- activations (issue 14)

    /**
     * {@code F.leaky_relu(input, negative_slope)}.
     *
     * @param input the input
     * @param negativeSlope the slope for negative inputs (PyTorch's default 0.01)
     * @return a new tensor
     */
    public static Tensor leakyRelu(Tensor input, double negativeSlope) {
        return MathOps.leakyRelu(input, negativeSlope);
    }

    /**
     * {@code F.elu(input, alpha)}.
     *
     * @param input the input
     * @param alpha the scale of the negative part (PyTorch's default 1)
     * @return a new tensor
     */
    public static Tensor elu(Tensor input, double alpha) {
        return MathOps.elu(input, alpha);
    }

    /**
     * {@code F.softplus(input, beta, threshold)}.
     *
     * @param input the input
     * @param beta the sharpness (PyTorch's default 1)
     * @param threshold above which ({@code beta x}) the function is the identity (default 20)
     * @return a new tensor
     */
    public static Tensor softplus(Tensor input, double beta, double threshold) {
        return MathOps.softplus(input, beta, threshold);
    }

    /**
     * {@code F.hardtanh(input, min_val, max_val)}.
     *
     * @param input the input
     * @param minVal the lower bound (PyTorch's default -1)
     * @param maxVal the upper bound (default 1)
     * @return a new tensor
     */
    public static Tensor hardtanh(Tensor input, double minVal, double maxVal) {
        return MathOps.hardtanh(input, minVal, maxVal);
    }

    /**
     * {@code F.relu6(input)}, {@code hardtanh(input, 0, 6)}.
     *
     * @param input the input
     * @return a new tensor
     */
    public static Tensor relu6(Tensor input) {
        return MathOps.hardtanh(input, 0.0, 6.0);
    }

    /**
     * {@code F.gelu(input, approximate)}.
     *
     * @param input the input
     * @param approximate {@code "none"} or {@code "tanh"}
     * @return a new tensor
     */
    public static Tensor gelu(Tensor input, String approximate) {
        return input.gelu(approximate);
    }

    /**
     * {@code F.silu(input)}.
     *
     * @param input the input
     * @return a new tensor
     */
    public static Tensor silu(Tensor input) {
        return input.silu();
    }

    /**
     * {@code F.mish(input)}.
     *
     * @param input the input
     * @return a new tensor
     */
    public static Tensor mish(Tensor input) {
        return input.mish();
    }

    /**
     * {@code F.logsigmoid(input)}.
     *
     * @param input the input
     * @return a new tensor
     */
    public static Tensor logsigmoid(Tensor input) {
        return input.logsigmoid();
    }

    /**
     * {@code F.softmax(input, dim)}.
     *
     * @param input the input
     * @param dim the dimension whose slices sum to 1
     * @return a new tensor
     */
    public static Tensor softmax(Tensor input, int dim) {
        return input.softmax(dim);
    }

    /**
     * {@code F.log_softmax(input, dim)}.
     *
     * @param input the input
     * @param dim the dimension to normalize over
     * @return a new tensor
     */
    public static Tensor logSoftmax(Tensor input, int dim) {
        return input.logSoftmax(dim);
    }

    /**
     * {@code input @ weight^T + bias}, PyTorch's {@code F.linear}: weight is {@code [out, in]},
     * bias {@code [out]} or null. A 2-D input is computed as one {@code addmm}, like PyTorch.
     *
     * @param input the input, {@code [*, in]}
     * @param weight the weight, {@code [out, in]}
     * @param bias the bias, {@code [out]}, or null for none
     * @return a new tensor of shape {@code [*, out]}
     */
    public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        if (input == null || weight == null) {
            throw new IllegalArgumentException("linear: expected input and weight tensors, got null");
        }
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("linear: weight must be 2-D [out_features, in_features], got shape "
                    + Shapes.str(weight.shape));
        }
        int in = weight.shape[1];
        if (input.dim() == 0 || input.shape[input.dim() - 1] != in) {
            throw new IllegalArgumentException("linear: input of shape " + Shapes.str(input.shape)
                    + " cannot be multiplied by weight of shape " + Shapes.str(weight.shape) + " (expected the last "
                    + "dimension of the input to be in_features = " + in + ")");
        }
        Products.checkOperands("linear", input, weight);
        if (bias != null) {
            Products.checkOperands("linear", input, bias);
            if (bias.dim() != 1 || bias.shape[0] != weight.shape[0]) {
                throw new IllegalArgumentException("linear: bias of shape " + Shapes.str(bias.shape)
                        + " does not match weight of shape " + Shapes.str(weight.shape) + " (expected ["
                        + weight.shape[0] + "])");
            }
        }
        if (input.dim() == 2 && bias != null) {
            return Products.addmm(bias, input, weight);
        }
        if (input.dim() == 3 && bias != null && input.isContiguous()) {
            // PyTorch's fused path for contiguous 3-D input: addmm on a 2-D view, viewed back
            int[] s = input.shape;
            return Products.addmm(bias, input.view(s[0] * s[1], in), weight).view(s[0], s[1], weight.shape[0]);
        }
        Tensor out = input.matmul(weight.t());
        return bias == null ? out : out.add(bias);
    }

    /**
     * Mean squared error, PyTorch's {@code F.mse_loss}. Unlike PyTorch, which only warns, input and
     * target of different shapes are an error: the classic cause is a {@code [N, 1]} prediction
     * against an {@code [N]} target, which silently broadcasts to {@code [N, N]}.
     *
     * @param input the prediction
     * @param target the target, of the same shape as {@code input}
     * @param reduction how the squared errors are combined
     * @return a 0-d tensor for {@code MEAN} and {@code SUM}, else a tensor of the input's shape
     */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        return mseLoss(input, target, reduction, false);
    }

    /**
     * {@link #mseLoss(Tensor, Tensor, Reduction)}, allowing broadcasting between input and target when asked.
     *
     * @param input the prediction
     * @param target the target
     * @param reduction how the squared errors are combined
     * @param broadcast whether shapes that differ but broadcast are accepted
     * @return a 0-d tensor for {@code MEAN} and {@code SUM}, else a tensor of the broadcast shape
     */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction, boolean broadcast) {
        if (input == null || target == null || reduction == null) {
            throw new IllegalArgumentException("mse_loss: expected input, target and reduction, got null");
        }
        Pointwise.checkSameDevice("mse_loss", input, target);
        if (!broadcast && !Arrays.equals(input.shape, target.shape)) {
            throw new IllegalArgumentException("mse_loss: input shape " + Shapes.str(input.shape)
                    + " and target shape " + Shapes.str(target.shape) + " differ; expected equal shapes (they would "
                    + "broadcast, which is almost always a bug; if you mean it, use new MSELoss().broadcasting() or "
                    + "Functional.mseLoss(input, target, reduction, true))");
        }
        Shapes.broadcast("mse_loss", input.shape, target.shape);   // named here, not as the inner sub
        if (input.dtype != target.dtype) {
            throw new IllegalArgumentException("mse_loss: input is " + input.dtype + " but target is " + target.dtype
                    + "; expected the same dtype");
        }
        Tensor out;
        Tensor diff;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            diff = input.sub(target);
            out = switch (reduction) {
                case NONE -> diff.mul(diff);
                case SUM -> Reductions.sumOfSquares(diff);
                case MEAN -> Reductions.sumOfSquares(diff).div(diff.numel());
            };
        }
        if (Tensor.needsGrad(input, target)) {
            Tensor.record(out, new MseNode(input, target, diff, reduction, out.numel() == 1 && reduction != Reduction.NONE
                    ? Shapes.numel(Shapes.broadcast("mse_loss", input.shape, target.shape)) : 1));
        }
        return out;
    }

    /** Gradient of MSE: {@code (x - y) * (norm * g)} with norm {@code 2/N} (mean) or 2, as PyTorch computes it. */
    static final class MseNode extends Node {
        private final Reduction reduction;
        private final int count;
        private final int[] inShape;
        private final int[] targetShape;

        MseNode(Tensor input, Tensor target, Tensor diff, Reduction reduction, int count) {
            super(input, target);
            this.reduction = reduction;
            this.count = count;
            this.inShape = input.shape;
            this.targetShape = target.shape;
            // input and target only for the in-place check; the forward's x - y is reused, not recomputed.
            save(input, target, diff);
            ownSaved(2);
        }

        @Override
        public String name() {
            return "MseLossBackward0";
        }

        @Override
        Tensor[] backward(Tensor g) {
            double norm = reduction == Reduction.MEAN ? 2.0 / count : 2.0;
            saved(0);
            saved(1);
            Tensor gradInput = saved(2).mul(g.mul(norm));
            return new Tensor[] {
                next[0] == null ? null : Reductions.sumTo(gradInput, inShape),
                next[1] == null ? null : Reductions.sumTo(gradInput.neg(), targetShape)
            };
        }
    }
}

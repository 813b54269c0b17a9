package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;
import org.grad4j.spi.BinaryOp;

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
     * {@code F.relu(input)}: {@link Tensor#relu()}.
     *
     * @param input the input
     * @return a new tensor
     */
    public static Tensor relu(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("relu: expected an input tensor, got null");
        }
        return input.relu();
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
        return input("gelu", input).gelu(approximate);
    }

    /**
     * {@code F.silu(input)}.
     *
     * @param input the input
     * @return a new tensor
     */
    public static Tensor silu(Tensor input) {
        return input("silu", input).silu();
    }

    /**
     * {@code F.mish(input)}.
     *
     * @param input the input
     * @return a new tensor
     */
    public static Tensor mish(Tensor input) {
        return input("mish", input).mish();
    }

    /**
     * {@code F.logsigmoid(input)}.
     *
     * @param input the input
     * @return a new tensor
     */
    public static Tensor logsigmoid(Tensor input) {
        return input("logsigmoid", input).logsigmoid();
    }

    /**
     * {@code F.softmax(input, dim)}.
     *
     * @param input the input
     * @param dim the dimension whose slices sum to 1
     * @return a new tensor
     */
    public static Tensor softmax(Tensor input, int dim) {
        return input("softmax", input).softmax(dim);
    }

    /**
     * {@code F.log_softmax(input, dim)}.
     *
     * @param input the input
     * @param dim the dimension to normalize over
     * @return a new tensor
     */
    public static Tensor logSoftmax(Tensor input, int dim) {
        return input("log_softmax", input).logSoftmax(dim);
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
     * Batch normalization, PyTorch's {@code F.batch_norm}: over every dimension but dim 1 (the channels) of an
     * {@code [N, C, ...]} input. With {@code training}, the batch's statistics normalize, and the running
     * statistics (when given) are updated in place: {@code running = momentum * batch + (1 - momentum) * running},
     * with the unbiased batch variance. Without, the running statistics normalize (PyTorch's CPU kernel bit for bit).
     * The result's grad_fn is {@code NativeBatchNormBackward0}.
     *
     * @param input the input, {@code [N, C, ...]}
     * @param runningMean {@code [C]}, or null (only when training)
     * @param runningVar {@code [C]}, or null (only when training)
     * @param weight {@code [C]}, or null
     * @param bias {@code [C]}, or null
     * @param training whether to use (and update) batch statistics
     * @param momentum the weight of the batch statistics in the running ones
     * @param eps added to the variance
     * @return the normalized input, of its shape
     * @throws IllegalArgumentException on a channel count mismatch, a missing running statistic in evaluation, or
     *         a single value per channel when training
     */
    public static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            boolean training, double momentum, double eps) {
        return NormOps.batchNorm(input, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    /**
     * Layer normalization over the last {@code normalizedShape.length} dimensions, PyTorch's {@code F.layer_norm}
     * (grad_fn {@code NativeLayerNormBackward0}). The caller has checked that the input ends in
     * {@code normalizedShape} and that weight and bias (or null) have that shape.
     *
     * @param input the input, {@code [*, normalizedShape]}
     * @param normalizedShape the trailing shape normalized over
     * @param weight of {@code normalizedShape}, or null
     * @param bias of {@code normalizedShape}, or null
     * @param eps added to the variance
     * @return the normalized input, of its shape
     */
    public static Tensor layerNorm(Tensor input, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return NormOps.layerNorm(input, normalizedShape, weight, bias, eps);
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
        DTypes.requireFloating("mse_loss", input);   // PyTorch has no integer mse kernel
        if (reduction != Reduction.NONE && Arrays.equals(input.shape, target.shape)) {
            Tensor fused = fusedMseLoss(input, target, reduction);
            if (fused != null) {
                return fused;
            }
        }
        Tensor out;
        Tensor diff;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            diff = input.sub(target);
            out = switch (reduction) {
                case NONE -> diff.mul(diff);
                case SUM -> PrimitiveReductions.sumOfSquares(diff);
                case MEAN -> meanOfSum(PrimitiveReductions.sumOfSquares(diff), diff.numel());
            };
        }
        if (Tensor.needsGrad(input, target)) {
            Tensor.record(out, new MseNode(input, target, diff, reduction, out.numel() == 1 && reduction != Reduction.NONE
                    ? Shapes.numel(Shapes.broadcast("mse_loss", input.shape, target.shape)) : 1));
        }
        return out;
    }

    /**
     * The backend's one-call {@code mse_loss} (the bits of the sub, sum-of-squares, div sequence below), or
     * null where it does not fuse these operands. No difference tensor: the backward recomputes it, as PyTorch's.
     */
    private static Tensor fusedMseLoss(Tensor input, Tensor target, Reduction reduction) {
        int n = input.numel();
        Tensor out = Tensor.empty(Shapes.SCALAR, input.dtype, input.storage.backend);
        if (!input.storage.backend.fused().mseLoss(input.shape, input.strided(), target.strided(),
                reduction == Reduction.MEAN ? n : 1, out.storage.buffer)) {
            out.storage.release();
            return null;
        }
        if (Tensor.needsGrad(input, target)) {
            Tensor.record(out, new MseNode(input, target, null, reduction, n));
        }
        return out;
    }

    /**
     * PyTorch's mean of a fresh sum: {@code sum.div_(n)} in place, as its {@code mean} divides the sum it
     * just made (the same bits as an out-of-place division, one tensor fewer).
     */
    private static Tensor meanOfSum(Tensor sum, int n) {
        if (!sum.dtype.isFloatingPoint()) {
            return sum.div(n);   // true division: an integer sum gives a floating mean
        }
        sum.storage.backend.binaryScalar(BinaryOp.DIV, sum.shape, sum.strided(), n, false, sum.strided());
        return sum;
    }

    /**
     * {@code fresh * g}, written into {@code fresh} (a temporary of the caller's that nobody else holds) when
     * no graph is being recorded and the dtypes agree; otherwise the recorded, out-of-place product.
     */
    private static Tensor timesInPlace(Tensor fresh, Tensor g) {
        if (fresh.dtype != g.dtype || GradMode.isEnabled()) {
            return fresh.mul(g);
        }
        if (!Shapes.broadcastsTo(g.shape, fresh.shape)) {
            return fresh.mul(g);
        }
        fresh.storage.backend.binary(BinaryOp.MUL, fresh.shape, fresh.strided(), g.stridedAs(fresh.shape), fresh.strided());
        return fresh;
    }

    /** Gradient of MSE: {@code norm * (x - y) * g} with norm {@code 2/N} (mean) or 2, in PyTorch's order. */
    static final class MseNode extends Node {
        private final Reduction reduction;
        private final int count;
        private final int[] inShape;
        private final int[] targetShape;

        /** Whether the forward's {@code x - y} is saved (index 2); else the backward recomputes it. */
        private final boolean diffSaved;

        MseNode(Tensor input, Tensor target, Tensor diff, Reduction reduction, int count) {
            super(input, target);
            this.reduction = reduction;
            this.count = count;
            this.inShape = input.shape;
            this.targetShape = target.shape;
            this.diffSaved = diff != null;
            if (diffSaved) {
                // input and target only for the in-place check; the forward's x - y is reused, not recomputed.
                save(input, target, diff);
                ownSaved(2);
            } else {
                save(input, target);
            }
        }

        @Override
        public String name() {
            return "MseLossBackward0";
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor gradInput = gradInput(g);
            return new Tensor[] {
                next[0] == null ? null : PrimitiveReductions.sumTo(gradInput, inShape),
                next[1] == null ? null : PrimitiveReductions.sumTo(gradInput.neg(), targetShape)
            };
        }

        /** PyTorch's {@code mse_loss_backward} of the broadcast shape: norm * (x - y) * g, rounded in that order. */
        private Tensor gradInput(Tensor g) {
            double norm = reduction == Reduction.MEAN ? 2.0 / count : 2.0;
            Tensor x = saved(0);
            Tensor y = saved(1);
            Tensor gradInput = diffSaved ? null : fusedGradient(x, y, norm, g);
            if (gradInput == null) {
                gradInput = timesInPlace((diffSaved ? saved(2) : x.sub(y)).mul(norm), g);
            }
            return gradInput;
        }

        /** The same gradient recorded as PyTorch's {@code MseLossBackwardBackward0} (create_graph). */
        @Override
        Tensor[] backwardWithGraph(Tensor g) {
            Tensor first;
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                first = gradInput(g);
            }
            Tensor gradInput = DoubleBackward.mseLossBackward(first, g, saved(0), saved(1), count,
                    reduction == Reduction.MEAN, reduction != Reduction.NONE);
            return new Tensor[] {
                next[0] == null ? null : PrimitiveReductions.sumTo(gradInput, inShape),
                next[1] == null ? null : PrimitiveReductions.sumTo(gradInput.neg(), targetShape)
            };
        }
    }

    /**
     * The backend's one-call {@code norm * (x - y) * g} for same-shape operands, or null where it does not
     * fuse them; the caller then composes the primitives.
     */
    private static Tensor fusedGradient(Tensor x, Tensor y, double norm, Tensor g) {
        if (g.dtype != x.dtype || g.storage.backend != x.storage.backend || !Shapes.broadcastsTo(g.shape, x.shape)) {
            return null;
        }
        Tensor out = Tensor.empty(x.shape, x.dtype, x.storage.backend);
        if (!x.storage.backend.fused().mseLossBackward(x.shape, x.strided(), y.strided(), norm, g.stridedAs(x.shape),
                out.strided())) {
            out.storage.release();
            return null;
        }
        return out;
    }

    // ---------------------------------------------------------------- losses (logic in Losses)

    /**
     * Cross-entropy with the mean reduction and no options, PyTorch's {@code F.cross_entropy(input, target)}.
     *
     * @param input unnormalized scores (logits), {@code [N, C]}, {@code [N, C, d1, ...]} or unbatched {@code [C]}
     * @param target int64 class indices ({@code [N]}, {@code [N, d1, ...]} or 0-d), or class probabilities of the
     *     input's shape and dtype
     * @return the 0-d loss
     */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return crossEntropy(input, target, null, -100, Reduction.MEAN, 0.0);
    }

    /**
     * Cross-entropy, PyTorch's {@code F.cross_entropy}: {@code log_softmax} over the class dimension (1, or 0 for an
     * unbatched input) followed by {@link #nllLoss} for class indices, or {@code -sum(target * log_softmax)} for
     * class probabilities (a target of the input's shape).
     *
     * @param input unnormalized scores, {@code [N, C]}, {@code [N, C, d1, ...]} or {@code [C]}
     * @param target int64 class indices or floating class probabilities of the input's shape
     * @param weight a rescaling weight per class, {@code [C]} of the input's dtype, or null
     * @param ignoreIndex a class index whose elements contribute neither loss nor gradient (PyTorch's default -100);
     *     only for class indices
     * @param reduction NONE (one loss per element), MEAN (weighted mean over non-ignored elements; with
     *     probabilities, divided by the number of elements), SUM
     * @param labelSmoothing in [0, 1]: mixes the target with the uniform distribution
     * @return the loss
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction,
            double labelSmoothing) {
        return Losses.crossEntropy(input, target, weight, reduction, ignoreIndex, labelSmoothing);
    }

    /**
     * Negative log-likelihood with the mean reduction, PyTorch's {@code F.nll_loss(input, target)}.
     *
     * @param input log-probabilities, {@code [N, C]}, {@code [N, C, d1, ...]} or {@code [C]}
     * @param target int64 class indices, {@code [N]}, {@code [N, d1, ...]} or 0-d
     * @return the 0-d loss
     */
    public static Tensor nllLoss(Tensor input, Tensor target) {
        return nllLoss(input, target, null, -100, Reduction.MEAN);
    }

    /**
     * Negative log-likelihood, PyTorch's {@code F.nll_loss}: {@code -weight[t] * input[t]} per element; MEAN divides
     * the sum by the sum of the weights of the non-ignored elements (NaN when all are ignored, as PyTorch).
     *
     * @param input log-probabilities, {@code [N, C]}, {@code [N, C, d1, ...]} or {@code [C]}
     * @param target int64 class indices in {@code [0, C)} or {@code ignoreIndex}
     * @param weight a weight per class, {@code [C]}, or null
     * @param ignoreIndex the class index to ignore (PyTorch's default -100)
     * @param reduction NONE, MEAN or SUM
     * @return the loss
     */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        return Losses.nllLoss(input, target, weight, reduction, ignoreIndex);
    }

    /**
     * Binary cross-entropy of probabilities, PyTorch's {@code F.binary_cross_entropy} with the mean reduction.
     *
     * @param input probabilities in [0, 1]
     * @param target targets of the input's shape and dtype
     * @return the 0-d loss
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
        return binaryCrossEntropy(input, target, null, Reduction.MEAN);
    }

    /**
     * Binary cross-entropy of probabilities, PyTorch's {@code F.binary_cross_entropy}:
     * {@code -w (y log x + (1 - y) log(1 - x))}, each log clamped at -100 as PyTorch does.
     *
     * @param input probabilities in [0, 1]
     * @param target targets of the input's shape and dtype (differentiable)
     * @param weight an elementwise weight broadcastable to the input, or null
     * @param reduction NONE, MEAN or SUM
     * @return the loss
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        return Losses.binaryCrossEntropy(input, target, weight, reduction);
    }

    /**
     * Binary cross-entropy of logits with the mean reduction, PyTorch's {@code F.binary_cross_entropy_with_logits}.
     *
     * @param input logits
     * @param target targets of the input's shape and dtype
     * @return the 0-d loss
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return binaryCrossEntropyWithLogits(input, target, null, Reduction.MEAN, null);
    }

    /**
     * Binary cross-entropy of logits, PyTorch's {@code F.binary_cross_entropy_with_logits}, in its stable form
     * (never {@code log(sigmoid(x))}).
     *
     * @param input logits
     * @param target targets of the input's shape and dtype (differentiable)
     * @param weight an elementwise weight broadcastable to the input, or null
     * @param reduction NONE, MEAN or SUM
     * @param posWeight a weight of the positive examples broadcastable to the input (typically {@code [C]}), or null
     * @return the loss
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Reduction reduction,
            Tensor posWeight) {
        return Losses.binaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction);
    }

    /**
     * Mean absolute error, PyTorch's {@code F.l1_loss}: {@code |x - y|} reduced. Input and target must have equal
     * shapes, as in {@link #mseLoss(Tensor, Tensor, Reduction)}.
     *
     * @param input the prediction
     * @param target the target (differentiable)
     * @param reduction NONE, MEAN or SUM
     * @return the loss
     */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        return Losses.l1Loss(input, target, reduction);
    }

    /**
     * Smooth L1, PyTorch's {@code F.smooth_l1_loss}: {@code 0.5 z^2 / beta} for {@code z = |x - y| < beta}, else
     * {@code z - 0.5 beta} (plain L1 for beta 0).
     *
     * @param input the prediction
     * @param target the target of the same shape (differentiable)
     * @param reduction NONE, MEAN or SUM
     * @param beta the threshold, at least 0 (PyTorch's default 1.0)
     * @return the loss
     */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta) {
        return Losses.smoothL1Loss(input, target, reduction, beta);
    }

    /**
     * Huber loss, PyTorch's {@code F.huber_loss}: {@code 0.5 z^2} for {@code z = |x - y| < delta}, else
     * {@code delta (z - 0.5 delta)}.
     *
     * @param input the prediction
     * @param target the target of the same shape (differentiable)
     * @param reduction NONE, MEAN or SUM
     * @param delta the threshold, positive (PyTorch's default 1.0)
     * @return the loss
     */
    public static Tensor huberLoss(Tensor input, Tensor target, Reduction reduction, double delta) {
        return Losses.huberLoss(input, target, reduction, delta);
    }

    /**
     * Kullback-Leibler divergence, PyTorch's {@code F.kl_div}: {@code y (log y - x)} per element, {@code x} being
     * log-probabilities ({@code exp(y) (y - x)} when {@code logTarget}). PyTorch's {@code reduction='mean'}
     * averages over all elements; {@link #klDivBatchmean} gives the mathematically correct 'batchmean'.
     *
     * @param input log-probabilities
     * @param target probabilities (log-probabilities when {@code logTarget}) of the input's shape (differentiable)
     * @param reduction NONE, MEAN or SUM
     * @param logTarget whether the target is given as log-probabilities
     * @return the loss
     */
    public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean logTarget) {
        return Losses.klDiv(input, target, reduction, false, logTarget);
    }

    /**
     * {@link #klDiv} with PyTorch's {@code reduction='batchmean'}: the sum divided by the batch size
     * (the input's first dimension; the plain sum for a 0-d input).
     *
     * @param input log-probabilities
     * @param target probabilities (log-probabilities when {@code logTarget}) of the input's shape
     * @param logTarget whether the target is given as log-probabilities
     * @return the 0-d loss
     */
    public static Tensor klDivBatchmean(Tensor input, Tensor target, boolean logTarget) {
        return Losses.klDiv(input, target, Reduction.SUM, true, logTarget);
    }

    // ---------------------------------------------------------------- indexing (logic in Joining)

    /**
     * Pads the last dimensions ({@code F.pad}): {@code pad} lists (left, right) for the last dimension first, then
     * the one before; constant padding may be negative (cropping). reflect and replicate pad 1 to 3 trailing
     * dimensions of a batched or unbatched input, as PyTorch's; circular pads every dimension after the first two of
     * a 3-D to 5-D input (at most once around; negative values crop), as PyTorch 1.13's {@code _pad_circular}.
     *
     * @param input the tensor
     * @param pad pairs of padding sizes, last dimension first
     * @param mode "constant", "reflect", "replicate" or "circular"
     * @param value the fill value of constant padding
     * @return a new tensor
     */
    public static Tensor pad(Tensor input, int[] pad, String mode, double value) {
        return Joining.pad(input, pad, mode, value);
    }

    /**
     * {@code F.pad(input, pad)}: constant padding with zeros.
     *
     * @param input the tensor
     * @param pad pairs of padding sizes, last dimension first
     * @return a new tensor
     */
    public static Tensor pad(Tensor input, int[] pad) {
        return Joining.pad(input, pad, "constant", 0.0);
    }

    /**
     * One-hot encoding of an int64 tensor ({@code F.one_hot}): int64 result with a trailing class dimension.
     *
     * @param tensor class indices, non-negative
     * @param numClasses the number of classes, or -1 to use the largest index plus one
     * @return a new int64 tensor of shape {@code tensor.shape + [numClasses]}
     */
    public static Tensor oneHot(Tensor tensor, int numClasses) {
        return Joining.oneHot(tensor, numClasses);
    }

    /**
     * Rows of {@code weight} at the int64 positions of {@code input} ({@code F.embedding}).
     *
     * @param input int64 indices of any shape
     * @param weight the [num_embeddings, embedding_dim] table
     * @return a new tensor of shape {@code input.shape + [embedding_dim]}
     */
    public static Tensor embedding(Tensor input, Tensor weight) {
        return Joining.embedding(input, weight, Integer.MIN_VALUE);
    }

    /**
     * {@code F.embedding(input, weight, padding_idx)}: the row {@code paddingIdx} gets no gradient.
     *
     * @param input int64 indices of any shape
     * @param weight the [num_embeddings, embedding_dim] table
     * @param paddingIdx the padding row; negative counts from the end
     * @return a new tensor of shape {@code input.shape + [embedding_dim]}
     */
    public static Tensor embedding(Tensor input, Tensor weight, int paddingIdx) {
        return Joining.embedding(input, weight, paddingIdx);
    }

    /**
     * {@code F.embedding(input, weight, padding_idx, max_norm, norm_type)}: before the lookup, each distinct
     * looked-up row of {@code weight} whose {@code normType}-norm exceeds {@code maxNorm} is scaled down to
     * {@code maxNorm} in place (PyTorch's {@code embedding_renorm_}, under no_grad: the weight's version changes).
     *
     * @param input int64 indices of any shape
     * @param weight the [num_embeddings, embedding_dim] table; modified in place
     * @param paddingIdx the padding row (negative counts from the end), or {@code Integer.MIN_VALUE} for none
     * @param maxNorm the largest norm a looked-up row keeps
     * @param normType the p of the norm (PyTorch's default is 2)
     * @return a new tensor of shape {@code input.shape + [embedding_dim]}
     */
    public static Tensor embedding(Tensor input, Tensor weight, int paddingIdx, double maxNorm, double normType) {
        if (Double.isNaN(maxNorm)) {
            throw new IllegalArgumentException("embedding: max_norm must be a number, got NaN");
        }
        return Joining.embedding(input, weight, paddingIdx, maxNorm, normType);
    }

    /**
     * {@code F.conv2d(input, weight, bias)}: stride 1, no padding, no dilation, one group.
     *
     * @param input {@code [N, C, H, W]}, or {@code [C, H, W]} unbatched
     * @param weight {@code [out_channels, C, kH, kW]}
     * @param bias {@code [out_channels]}, or null
     * @return {@code [N, out_channels, H - kH + 1, W - kW + 1]}
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias) {
        return Convolution.conv2d(input, weight, bias, new int[] {1}, new int[] {0}, new int[] {1}, 1);
    }

    /**
     * {@code F.conv2d(input, weight, bias, stride, padding, dilation, groups)} (zero padding). Sizes are one int
     * for both dimensions or two ({@code {height, width}}), as PyTorch's int-or-tuple. Results agree with
     * PyTorch's within rounding (its kernels sum in another order).
     *
     * @param input {@code [N, C, H, W]}, or {@code [C, H, W]} unbatched
     * @param weight {@code [out_channels, C / groups, kH, kW]}
     * @param bias {@code [out_channels]}, or null
     * @param stride the step between windows, at least 1
     * @param padding zeros added on both sides, at least 0
     * @param dilation the spacing between a window's elements, at least 1
     * @param groups channel groups (divides C and out_channels)
     * @return {@code [N, out_channels, outH, outW]}
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
            int groups) {
        return Convolution.conv2d(input, weight, bias, stride, padding, dilation, groups);
    }

    /**
     * {@code F.conv2d(input, weight, bias, stride, padding="same"|"valid", dilation, groups)}: {@code "same"}
     * keeps the input's height and width (stride 1 only; an odd total padding puts the extra row and column at the
     * bottom and right, as PyTorch), {@code "valid"} is no padding.
     *
     * @param input {@code [N, C, H, W]}, or {@code [C, H, W]} unbatched
     * @param weight {@code [out_channels, C / groups, kH, kW]}
     * @param bias {@code [out_channels]}, or null
     * @param stride the step between windows ({@code 1} for "same")
     * @param padding {@code "same"} or {@code "valid"}
     * @param dilation the spacing between a window's elements
     * @param groups channel groups
     * @return {@code [N, out_channels, outH, outW]}
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation,
            int groups) {
        return Convolution.conv2d(input, weight, bias, stride, padding, dilation, groups);
    }

    /**
     * {@code F.adaptive_avg_pool2d(input, output_size)}: means over the windows that cut the height and width into
     * {@code outputSize} parts (PyTorch's start {@code floor(i*H/OH)} and end {@code ceil((i+1)*H/OH)}).
     *
     * @param input {@code [N, C, H, W]} or {@code [C, H, W]}
     * @param outputSize one int (square) or two
     * @return {@code [..., OH, OW]}
     */
    public static Tensor adaptiveAvgPool2d(Tensor input, int[] outputSize) {
        return Convolution.adaptiveAvgPool2d(input, outputSize);
    }

    /**
     * {@code F.max_pool2d(input, kernel_size)}: windows of {@code kernelSize}, stride equal to it.
     *
     * @param input {@code [N, C, H, W]} or {@code [C, H, W]}
     * @param kernelSize one or two ints
     * @return the windows' maxima
     */
    public static Tensor maxPool2d(Tensor input, int[] kernelSize) {
        return Pools.maxPool2d(input, kernelSize, null, new int[] {0}, new int[] {1}, false).values();
    }

    /**
     * {@code F.max_pool2d(input, kernel_size, stride, padding, dilation)} (floor mode). The gradient goes to the
     * first maximum of each window, as PyTorch's.
     *
     * @param input {@code [N, C, H, W]} or {@code [C, H, W]}
     * @param kernelSize one or two ints
     * @param stride one or two ints, or null (or empty) for the kernel size
     * @param padding implicit -inf padding, at most half the kernel
     * @param dilation the spacing between a window's elements
     * @return the windows' maxima
     */
    public static Tensor maxPool2d(Tensor input, int[] kernelSize, int[] stride, int[] padding, int[] dilation) {
        return Pools.maxPool2d(input, kernelSize, stride, padding, dilation, false).values();
    }

    /**
     * {@code F.avg_pool2d(input, kernel_size)}: windows of {@code kernelSize}, stride equal to it.
     *
     * @param input {@code [N, C, H, W]} or {@code [C, H, W]}
     * @param kernelSize one or two ints
     * @return the windows' means
     */
    public static Tensor avgPool2d(Tensor input, int[] kernelSize) {
        return Pools.avgPool2d(input, kernelSize, null, new int[] {0}, false, true, null);
    }

    /**
     * {@code F.avg_pool2d(input, kernel_size, stride, padding)} (floor mode, zero padding counted in the mean).
     *
     * @param input {@code [N, C, H, W]} or {@code [C, H, W]}
     * @param kernelSize one or two ints
     * @param stride one or two ints, or null (or empty) for the kernel size
     * @param padding zeros added on both sides, at most half the kernel
     * @return the windows' means
     */
    public static Tensor avgPool2d(Tensor input, int[] kernelSize, int[] stride, int[] padding) {
        return Pools.avgPool2d(input, kernelSize, stride, padding, false, true, null);
    }

    /**
     * {@code F.max_pool2d(input, kernel_size)} with one int: square windows, stride equal to the kernel.
     *
     * @param input {@code [N, C, H, W]} or {@code [C, H, W]}
     * @param kernelSize the window's height and width
     * @return the windows' maxima (grad_fn MaxPool2DWithIndicesBackward0)
     */
    public static Tensor maxPool2d(Tensor input, int kernelSize) {
        return maxPool2d(input, new int[] {kernelSize});
    }

    /**
     * {@code F.max_pool2d(input, kernel_size, stride)} with ints.
     *
     * @param input {@code [N, C, H, W]} or {@code [C, H, W]}
     * @param kernelSize the window's height and width
     * @param stride the step in both directions
     * @return the windows' maxima
     */
    public static Tensor maxPool2d(Tensor input, int kernelSize, int stride) {
        return maxPool2d(input, new int[] {kernelSize}, new int[] {stride}, new int[] {0}, new int[] {1});
    }

    /**
     * {@code F.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode)}. In ceil mode the output size
     * rounds up, the last window starting inside the input or its left padding (PyTorch's rule).
     *
     * @param input {@code [N, C, H, W]} or {@code [C, H, W]}
     * @param kernelSize one or two ints
     * @param stride one or two ints, or null (or empty) for the kernel size
     * @param padding implicit -inf padding, at most half the kernel
     * @param dilation the spacing between a window's elements
     * @param ceilMode round the output size up
     * @return the windows' maxima
     */
    public static Tensor maxPool2d(Tensor input, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
            boolean ceilMode) {
        return Pools.maxPool2d(input, kernelSize, stride, padding, dilation, ceilMode).values();
    }

    /**
     * {@code F.max_pool2d(..., return_indices=True)} ({@code F.max_pool2d_with_indices}): the maxima and, as int64,
     * the flat index {@code h * W + w} of each within its input plane (the first maximum of the window), as
     * {@link #maxUnpool2d} takes them.
     *
     * @param input {@code [N, C, H, W]} or {@code [C, H, W]}
     * @param kernelSize one or two ints
     * @param stride one or two ints, or null (or empty) for the kernel size
     * @param padding implicit -inf padding, at most half the kernel
     * @param dilation the spacing between a window's elements
     * @param ceilMode round the output size up
     * @return the maxima (grad_fn MaxPool2DWithIndicesBackward0) and their indices
     */
    public static ValuesIndices maxPool2dWithIndices(Tensor input, int[] kernelSize, int[] stride, int[] padding,
            int[] dilation, boolean ceilMode) {
        return Pools.maxPool2d(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    /**
     * {@code F.max_unpool2d(input, indices, kernel_size, stride, padding, output_size)}: zeros with each value of
     * {@code input} written at its index (from {@link #maxPool2dWithIndices}) in its output plane.
     *
     * @param input {@code [N, C, H, W]} or {@code [C, H, W]}
     * @param indices int64, of the input's shape
     * @param kernelSize one or two ints
     * @param stride one or two ints, or null (or empty) for the kernel size
     * @param padding one or two ints, or null for 0
     * @param outputSize the output's height and width (optionally with the leading sizes), or null for
     *     {@code (in - 1) * stride - 2 * padding + kernel}
     * @return the unpooled tensor (grad_fn MaxUnpool2DBackward0)
     */
    public static Tensor maxUnpool2d(Tensor input, Tensor indices, int[] kernelSize, int[] stride, int[] padding,
            int[] outputSize) {
        return Pools.maxUnpool2d(input, indices, kernelSize, stride, padding, outputSize);
    }

    /**
     * {@code F.avg_pool2d(input, kernel_size)} with one int, as PyTorch's tutorials call it.
     *
     * @param input {@code [N, C, H, W]} or {@code [C, H, W]}
     * @param kernelSize the window's height and width
     * @return the windows' means (grad_fn AvgPool2DBackward0)
     */
    public static Tensor avgPool2d(Tensor input, int kernelSize) {
        return avgPool2d(input, new int[] {kernelSize});
    }

    /**
     * {@code F.avg_pool2d(input, kernel_size, stride)} with ints.
     *
     * @param input {@code [N, C, H, W]} or {@code [C, H, W]}
     * @param kernelSize the window's height and width
     * @param stride the step in both directions
     * @return the windows' means
     */
    public static Tensor avgPool2d(Tensor input, int kernelSize, int stride) {
        return avgPool2d(input, new int[] {kernelSize}, new int[] {stride}, new int[] {0});
    }

    /**
     * {@code F.avg_pool2d(input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override)}:
     * each window's sum over {@code divisorOverride} if given, else over the window's size clipped to the padded
     * input ({@code countIncludePad}) or to the input.
     *
     * @param input {@code [N, C, H, W]} or {@code [C, H, W]}
     * @param kernelSize one or two ints
     * @param stride one or two ints, or null (or empty) for the kernel size
     * @param padding zeros added on both sides, at most half the kernel
     * @param ceilMode round the output size up
     * @param countIncludePad count the padding in the divisor (PyTorch's default true)
     * @param divisorOverride the divisor of every window (not 0), or null
     * @return the windows' means
     */
    public static Tensor avgPool2d(Tensor input, int[] kernelSize, int[] stride, int[] padding, boolean ceilMode,
            boolean countIncludePad, Integer divisorOverride) {
        return Pools.avgPool2d(input, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /** The input of a one-tensor function, refused with the op's name when null. */
    private static Tensor input(String op, Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException(op + ": expected an input tensor, got null");
        }
        return input;
    }

    // ---------------------------------------------------------------- nnmore: activations

    /**
     * {@code F.selu(input)}: {@code scale * (x > 0 ? x : alpha * (e^x - 1))} with PyTorch's constants (grad_fn
     * EluBackward0).
     *
     * @param input a floating tensor
     * @return a new tensor
     */
    public static Tensor selu(Tensor input) {
        return Activations.selu(input, "EluBackward0");
    }

    /**
     * {@code F.selu(input, inplace)}.
     *
     * @param input a floating tensor
     * @param inplace whether to overwrite {@code input} (grad_fn EluBackward1)
     * @return a new tensor, or {@code input} itself
     */
    public static Tensor selu(Tensor input, boolean inplace) {
        return inplace ? Activations.inPlace("selu_", input, x -> Activations.selu(x, "EluBackward1")) : selu(input);
    }

    /**
     * {@code F.celu(input, alpha)}: {@code x > 0 ? x : alpha * (e^(x / alpha) - 1)} (grad_fn CeluBackward0).
     *
     * @param input a floating tensor
     * @param alpha not 0 (PyTorch's default 1)
     * @return a new tensor
     */
    public static Tensor celu(Tensor input, double alpha) {
        return Activations.celu(input, alpha, "CeluBackward0");
    }

    /**
     * {@code F.celu(input, alpha, inplace)}.
     *
     * @param input a floating tensor
     * @param alpha not 0
     * @param inplace whether to overwrite {@code input} (grad_fn CeluBackward1)
     * @return a new tensor, or {@code input} itself
     */
    public static Tensor celu(Tensor input, double alpha, boolean inplace) {
        return inplace ? Activations.inPlace("celu_", input, x -> Activations.celu(x, alpha, "CeluBackward1"))
                : celu(input, alpha);
    }

    /**
     * {@code F.hardswish(input)}: {@code x * min(max(x + 3, 0), 6) / 6}.
     *
     * @param input a floating tensor
     * @return a new tensor
     */
    public static Tensor hardswish(Tensor input) {
        return Activations.hardswish(input);
    }

    /**
     * {@code F.hardswish(input, inplace)}.
     *
     * @param input a floating tensor
     * @param inplace whether to overwrite {@code input}
     * @return a new tensor, or {@code input} itself
     */
    public static Tensor hardswish(Tensor input, boolean inplace) {
        return inplace ? Activations.inPlace("hardswish_", input, Activations::hardswish) : hardswish(input);
    }

    /**
     * {@code F.hardsigmoid(input)}: {@code min(max(x + 3, 0), 6) / 6}.
     *
     * @param input a floating tensor
     * @return a new tensor
     */
    public static Tensor hardsigmoid(Tensor input) {
        return Activations.hardsigmoid(input);
    }

    /**
     * {@code F.hardsigmoid(input, inplace)}.
     *
     * @param input a floating tensor
     * @param inplace whether to overwrite {@code input}
     * @return a new tensor, or {@code input} itself
     */
    public static Tensor hardsigmoid(Tensor input, boolean inplace) {
        return inplace ? Activations.inPlace("hardsigmoid_", input, Activations::hardsigmoid) : hardsigmoid(input);
    }

    /**
     * {@code F.softsign(input)}: {@code x / (1 + |x|)}, PyTorch's composite (grad_fn DivBackward0).
     *
     * @param input the input (an integer tensor gives the default dtype, as the division)
     * @return a new tensor
     */
    public static Tensor softsign(Tensor input) {
        return Activations.softsign(input);
    }

    /**
     * {@code F.tanhshrink(input)}: {@code x - tanh(x)} (grad_fn SubBackward0).
     *
     * @param input the input
     * @return a new tensor
     */
    public static Tensor tanhshrink(Tensor input) {
        return Activations.tanhshrink(input);
    }

    /**
     * {@code F.softshrink(input, lambd)}: {@code x > lambd ? x - lambd : x < -lambd ? x + lambd : 0}.
     *
     * @param input a floating tensor
     * @param lambd at least 0 (PyTorch's default 0.5)
     * @return a new tensor
     */
    public static Tensor softshrink(Tensor input, double lambd) {
        return Activations.softshrink(input, lambd);
    }

    /**
     * {@code F.hardshrink(input, lambd)}: {@code |x| <= lambd ? 0 : x}.
     *
     * @param input a floating tensor
     * @param lambd the threshold (PyTorch's default 0.5)
     * @return a new tensor
     */
    public static Tensor hardshrink(Tensor input, double lambd) {
        return Activations.hardshrink(input, lambd);
    }

    /**
     * {@code F.threshold(input, threshold, value)}: {@code x <= threshold ? value : x}; an integer tensor keeps its
     * dtype (the numbers converted to it).
     *
     * @param input the input
     * @param threshold the threshold
     * @param value the value below it
     * @return a new tensor
     */
    public static Tensor threshold(Tensor input, double threshold, double value) {
        return Activations.threshold(input, threshold, value, "ThresholdBackward0");
    }

    /**
     * {@code F.threshold(input, threshold, value, inplace)}.
     *
     * @param input the input
     * @param threshold the threshold
     * @param value the value below it
     * @param inplace whether to overwrite {@code input} (grad_fn ThresholdBackward1)
     * @return a new tensor, or {@code input} itself
     */
    public static Tensor threshold(Tensor input, double threshold, double value, boolean inplace) {
        return inplace ? Activations.inPlace("threshold_", input,
                x -> Activations.threshold(x, threshold, value, "ThresholdBackward1")) : threshold(input, threshold, value);
    }

    /**
     * {@code F.glu(input, dim)}: {@code a * sigmoid(b)} of the halves {@code a, b} along {@code dim}.
     *
     * @param input a floating tensor whose size at {@code dim} is even
     * @param dim the dimension to halve (PyTorch's default -1)
     * @return a new tensor
     */
    public static Tensor glu(Tensor input, int dim) {
        return Activations.glu(input, dim);
    }

    /**
     * {@code F.softmin(input, dim)}: {@code softmax(-x, dim)}.
     *
     * @param input the input
     * @param dim the dimension whose slices sum to 1
     * @return a new tensor
     */
    public static Tensor softmin(Tensor input, int dim) {
        return Activations.softmin(input, dim);
    }

    /**
     * {@code F.softmin(input)} without a dim: PyTorch's deprecated implicit choice, 0 for 0-, 1- and 3-d inputs,
     * else 1.
     *
     * @param input the input
     * @return a new tensor
     */
    public static Tensor softmin(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("softmin: expected an input tensor, got null");
        }
        return Activations.softmin(input, Activations.implicitDim(input));
    }

    /**
     * {@code F.prelu(input, weight)}: {@code x > 0 ? x : weight * x}, one weight per channel (dimension 1) or one
     * for all.
     *
     * @param input a floating tensor
     * @param weight 1 or {@code input.size(1)} weights, 0-d or 1-d
     * @return a new tensor
     */
    public static Tensor prelu(Tensor input, Tensor weight) {
        return Activations.prelu(input, weight);
    }

    // ---------------------------------------------------------------- nnmore: layers

    /**
     * {@code F.conv1d(input, weight, bias, stride, padding, dilation, groups)} (grad_fn ConvolutionBackward0).
     *
     * @param input {@code [N, C, L]} or unbatched {@code [C, L]}
     * @param weight {@code [out_channels, C / groups, kW]}
     * @param bias {@code [out_channels]}, or null
     * @param stride one int, at least 1
     * @param padding one int, at least 0
     * @param dilation one int, at least 1
     * @param groups channel groups
     * @return {@code [N, out_channels, L_out]}
     */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
            int groups) {
        return NnLayers.conv1d(input, weight, bias, stride, padding, dilation, groups);
    }

    /**
     * {@code F.conv1d} with PyTorch's string padding, {@code "same"} (stride 1) or {@code "valid"}.
     *
     * @param input {@code [N, C, L]} or {@code [C, L]}
     * @param weight {@code [out_channels, C / groups, kW]}
     * @param bias {@code [out_channels]}, or null
     * @param stride one int
     * @param padding {@code "same"} or {@code "valid"}
     * @param dilation one int
     * @param groups channel groups
     * @return the convolution
     */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation,
            int groups) {
        return NnLayers.conv1d(input, weight, bias, stride, padding, dilation, groups);
    }

    /**
     * {@code F.max_pool1d(input, kernel_size, stride, padding, dilation)}.
     *
     * @param input {@code [N, C, L]} or {@code [C, L]}
     * @param kernelSize one int
     * @param stride one int, or null / empty for the kernel size (PyTorch's default)
     * @param padding one int, at most half the kernel
     * @param dilation one int
     * @return the pooled tensor (grad_fn SqueezeBackward1, as PyTorch's)
     */
    public static Tensor maxPool1d(Tensor input, int[] kernelSize, int[] stride, int[] padding, int[] dilation) {
        return Pools.maxPool1d(input, kernelSize, stride, padding, dilation, false, false).values();
    }

    /**
     * {@code F.max_pool1d(input, kernel_size)} with one int: stride equal to the kernel.
     *
     * @param input {@code [N, C, L]} or {@code [C, L]}
     * @param kernelSize the window's length
     * @return the pooled tensor
     */
    public static Tensor maxPool1d(Tensor input, int kernelSize) {
        return maxPool1d(input, new int[] {kernelSize}, null, new int[] {0}, new int[] {1});
    }

    /**
     * {@code F.max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode)}.
     *
     * @param input {@code [N, C, L]} or {@code [C, L]}
     * @param kernelSize one int
     * @param stride one int, or null / empty for the kernel size
     * @param padding one int, at most half the kernel
     * @param dilation one int
     * @param ceilMode round the output size up
     * @return the pooled tensor
     */
    public static Tensor maxPool1d(Tensor input, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
            boolean ceilMode) {
        return Pools.maxPool1d(input, kernelSize, stride, padding, dilation, ceilMode, false).values();
    }

    /**
     * {@code F.max_pool1d(..., return_indices=True)}: the maxima and their int64 positions along the length.
     *
     * @param input {@code [N, C, L]} or {@code [C, L]}
     * @param kernelSize one int
     * @param stride one int, or null / empty for the kernel size
     * @param padding one int, at most half the kernel
     * @param dilation one int
     * @param ceilMode round the output size up
     * @return the maxima (grad_fn SqueezeBackward1) and their indices
     */
    public static ValuesIndices maxPool1dWithIndices(Tensor input, int[] kernelSize, int[] stride, int[] padding,
            int[] dilation, boolean ceilMode) {
        return Pools.maxPool1d(input, kernelSize, stride, padding, dilation, ceilMode, true);
    }

    /**
     * {@code F.avg_pool1d(input, kernel_size, stride, padding)} (padding counted in the mean, PyTorch's default).
     *
     * @param input {@code [N, C, L]} or {@code [C, L]}
     * @param kernelSize one int
     * @param stride one int, or null / empty for the kernel size
     * @param padding one int
     * @return the pooled tensor
     */
    public static Tensor avgPool1d(Tensor input, int[] kernelSize, int[] stride, int[] padding) {
        return Pools.avgPool1d(input, kernelSize, stride, padding, false, true);
    }

    /**
     * {@code F.avg_pool1d(input, kernel_size)} with one int: stride equal to the kernel.
     *
     * @param input {@code [N, C, L]} or {@code [C, L]}
     * @param kernelSize the window's length
     * @return the pooled tensor
     */
    public static Tensor avgPool1d(Tensor input, int kernelSize) {
        return avgPool1d(input, new int[] {kernelSize}, null, new int[] {0});
    }

    /**
     * {@code F.avg_pool1d(input, kernel_size, stride, padding, ceil_mode, count_include_pad)}.
     *
     * @param input {@code [N, C, L]} or {@code [C, L]}
     * @param kernelSize one int
     * @param stride one int, or null / empty for the kernel size
     * @param padding one int, at most half the kernel
     * @param ceilMode round the output size up
     * @param countIncludePad count the padding in the divisor (PyTorch's default true)
     * @return the pooled tensor
     */
    public static Tensor avgPool1d(Tensor input, int[] kernelSize, int[] stride, int[] padding, boolean ceilMode,
            boolean countIncludePad) {
        return Pools.avgPool1d(input, kernelSize, stride, padding, ceilMode, countIncludePad);
    }

    /**
     * {@code F.adaptive_avg_pool1d(input, output_size)}.
     *
     * @param input {@code [N, C, L]} or {@code [C, L]}
     * @param outputSize the output's length
     * @return the pooled tensor
     */
    public static Tensor adaptiveAvgPool1d(Tensor input, int outputSize) {
        return NnLayers.adaptiveAvgPool1d(input, outputSize);
    }

    /**
     * {@code F.group_norm(input, num_groups, weight, bias, eps)} (grad_fn NativeGroupNormBackward0).
     *
     * @param input {@code [N, C, ...]}
     * @param numGroups dividing C
     * @param weight {@code [C]}, or null
     * @param bias {@code [C]}, or null
     * @param eps added to the variance (PyTorch's default 1e-5)
     * @return the normalised input
     */
    public static Tensor groupNorm(Tensor input, int numGroups, Tensor weight, Tensor bias, double eps) {
        return NnLayers.groupNorm(input, numGroups, weight, bias, eps);
    }

    /**
     * {@code F.instance_norm(input, running_mean, running_var, weight, bias, use_input_stats, momentum, eps)}: each
     * (sample, channel) normalised over the rest; the running statistics (when given and using input statistics)
     * move toward the batch's mean of the per-instance ones.
     *
     * @param input {@code [N, C, ...]}
     * @param runningMean {@code [C]}, or null
     * @param runningVar {@code [C]}, or null
     * @param weight {@code [C]}, or null
     * @param bias {@code [C]}, or null
     * @param useInputStats true: normalise with each instance's statistics; false: with the running ones
     * @param momentum the running statistics' update weight (0.1)
     * @param eps added to the variance (1e-5)
     * @return the normalised input (grad_fn ViewBackward0, as PyTorch's)
     */
    public static Tensor instanceNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            boolean useInputStats, double momentum, double eps) {
        return NnLayers.instanceNorm(input, runningMean, runningVar, weight, bias, useInputStats, momentum, eps);
    }

    /**
     * {@code F.cosine_similarity(x1, x2, dim, eps)}: {@code sum(x1 / max(||x1||, eps) * x2 / max(||x2||, eps))}.
     *
     * @param x1 the first input
     * @param x2 the second, broadcastable with it
     * @param dim the dimension of the vectors (PyTorch's default 1)
     * @param eps the norms' floor (1e-8)
     * @return the similarities, without {@code dim}
     */
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2, int dim, double eps) {
        return NnLayers.cosineSimilarity(x1, x2, dim, eps);
    }

    /**
     * {@code F.pairwise_distance(x1, x2, p, eps, keepdim)}: {@code ||x1 - x2 + eps||_p} over the last dimension.
     *
     * @param x1 the first input
     * @param x2 the second, broadcastable with it
     * @param p the norm's order (2)
     * @param eps added to the difference (1e-6)
     * @param keepdim whether the last dimension stays, of size 1
     * @return the distances
     */
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps, boolean keepdim) {
        return NnLayers.pairwiseDistance(x1, x2, p, eps, keepdim);
    }

    /**
     * {@code F.normalize(input, p, dim, eps)}: {@code x / max(||x||_p over dim, eps)}.
     *
     * @param input the input
     * @param p the norm's order (2)
     * @param dim the dimension (1)
     * @param eps the norm's floor (1e-12)
     * @return the normalised input
     */
    public static Tensor normalize(Tensor input, double p, int dim, double eps) {
        return NnLayers.normalize(input, p, dim, eps);
    }

    /**
     * {@code F.dropout2d(input, p, training, inplace)}: whole channels zeroed with probability p (one draw per
     * sample and channel, {@code [N, C, ...]}), the rest scaled by {@code 1 / (1 - p)}; a 3-D input is read as
     * {@code (N, C, L)}, as PyTorch 1.13 does.
     *
     * @param input {@code [N, C, ...]}
     * @param p the probability of zeroing a channel
     * @param training false: the input itself
     * @param inplace whether to multiply the input in place
     * @param generator the source of the draws
     * @return the result
     */
    public static Tensor dropout2d(Tensor input, double p, boolean training, boolean inplace, Generator generator) {
        return featureDropout("dropout2d", input, p, training, inplace, generator, false);
    }

    /**
     * {@code F.dropout1d(input, p, training, inplace)}: channel dropout of {@code [N, C, L]} or unbatched
     * {@code [C, L]}.
     *
     * @param input a 2-D or 3-D tensor
     * @param p the probability of zeroing a channel
     * @param training false: the input itself
     * @param inplace whether to multiply the input in place
     * @param generator the source of the draws
     * @return the result
     */
    public static Tensor dropout1d(Tensor input, double p, boolean training, boolean inplace, Generator generator) {
        return featureDropout("dropout1d", input, p, training, inplace, generator, true);
    }

    private static Tensor featureDropout(String op, Tensor input, double p, boolean training, boolean inplace,
            Generator generator, boolean oneD) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(op + ": dropout probability has to be between 0 and 1, but got " + p);
        }
        if (input == null || generator == null) {
            throw new IllegalArgumentException(op + ": expected an input tensor and a Generator, got null");
        }
        if (oneD && input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException(op + ": Expected 2D or 3D input, but received a " + input.dim()
                    + "D input. Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial "
                    + "dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).");
        }
        if (!oneD && input.dim() < 2) {
            throw new IllegalArgumentException(op + ": Feature dropout requires at least 2 dimensions in the input, got "
                    + input.dim() + " (shape " + Arrays.toString(input.shape()) + ")");
        }
        if (p == 0 || !training || input.numel() == 0) {
            return input;
        }
        if (p == 1) {
            Tensor zero = Tensor.full(new int[0], 0.0, input.dtype(), input.device());
            return inplace ? input.mul_(zero) : input.mul(zero);
        }
        boolean unbatched = oneD && input.dim() == 2;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        Tensor out = NnLayers.featureDropout(x, p, inplace && !unbatched, generator);
        if (unbatched) {
            return inplace ? input.copy_(out.squeeze(0)) : out.squeeze(0);
        }
        return out;
    }

    // ---------------------------------------------------------------- nnmore: losses

    /**
     * {@code F.margin_ranking_loss(input1, input2, target, margin, reduction)}: {@code max(0, -y (x1 - x2) + margin)}.
     *
     * @param input1 the first scores
     * @param input2 the second scores, of the same dimensions
     * @param target 1 or -1 per element
     * @param margin PyTorch's default 0
     * @param reduction NONE, MEAN or SUM
     * @return the loss
     */
    public static Tensor marginRankingLoss(Tensor input1, Tensor input2, Tensor target, double margin,
            Reduction reduction) {
        return MoreLosses.marginRanking(input1, input2, target, margin, reduction);
    }

    /**
     * {@code F.hinge_embedding_loss(input, target, margin, reduction)}: x where y is 1, {@code max(0, margin - x)}
     * where y is -1.
     *
     * @param input the distances
     * @param target 1 or -1 per element
     * @param margin PyTorch's default 1
     * @param reduction NONE, MEAN or SUM
     * @return the loss
     */
    public static Tensor hingeEmbeddingLoss(Tensor input, Tensor target, double margin, Reduction reduction) {
        return MoreLosses.hingeEmbedding(input, target, margin, reduction);
    }

    /**
     * {@code F.soft_margin_loss(input, target, reduction)}: {@code log(1 + exp(-y x))}.
     *
     * @param input the scores
     * @param target 1 or -1 per element
     * @param reduction NONE, MEAN or SUM
     * @return the loss (grad_fn SoftMarginLossBackward0)
     */
    public static Tensor softMarginLoss(Tensor input, Tensor target, Reduction reduction) {
        return MoreLosses.softMargin(input, target, reduction);
    }

    /**
     * {@code F.multilabel_soft_margin_loss(input, target, weight, reduction)}: per sample, the mean over classes of
     * {@code -(y logsigmoid(x) + (1 - y) logsigmoid(-x))}, each class weighted.
     *
     * @param input {@code [N, C]} scores
     * @param target {@code [N, C]} of 0 and 1
     * @param weight {@code [C]}, or null
     * @param reduction NONE (one loss per sample), MEAN or SUM
     * @return the loss
     */
    public static Tensor multilabelSoftMarginLoss(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        return MoreLosses.multilabelSoftMargin(input, target, weight, reduction);
    }

    /**
     * {@code F.cosine_embedding_loss(input1, input2, target, margin, reduction)}: {@code 1 - cos} where y is 1,
     * {@code max(0, cos - margin)} where y is -1.
     *
     * @param input1 {@code [N, D]} (or {@code [D]} with a 0-d target)
     * @param input2 of the same shape
     * @param target {@code [N]} of 1 and -1
     * @param margin PyTorch's default 0
     * @param reduction NONE, MEAN or SUM
     * @return the loss
     */
    public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target, double margin,
            Reduction reduction) {
        return MoreLosses.cosineEmbedding(input1, input2, target, margin, reduction);
    }

    /**
     * {@code F.triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap, reduction)}:
     * {@code max(0, margin + d(a, p) - d(a, n))} with the pairwise distance d.
     *
     * @param anchor {@code [N, D]} or {@code [D]}
     * @param positive of the anchor's dimensions
     * @param negative of the anchor's dimensions
     * @param margin PyTorch's default 1
     * @param p the distance's norm (2)
     * @param eps added to the differences (1e-6)
     * @param swap whether {@code d(a, n)} becomes {@code min(d(a, n), d(p, n))}
     * @param reduction NONE, MEAN or SUM
     * @return the loss
     */
    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative, double margin, double p,
            double eps, boolean swap, Reduction reduction) {
        return MoreLosses.tripletMargin(anchor, positive, negative, margin, p, eps, swap, reduction);
    }

    /**
     * {@code F.multi_margin_loss(input, target, p, margin, weight, reduction)}: per sample
     * {@code sum_{j != y} max(0, margin - x[y] + x[j])^p * w[y] / C}.
     *
     * @param input {@code [N, C]} or {@code [C]}
     * @param target {@code [N]} (or 0-d) int64 class indices
     * @param p 1 or 2
     * @param margin PyTorch's default 1
     * @param weight {@code [C]}, or null
     * @param reduction NONE, MEAN or SUM
     * @return the loss (grad_fn MultiMarginLossBackward0)
     */
    public static Tensor multiMarginLoss(Tensor input, Tensor target, int p, double margin, Tensor weight,
            Reduction reduction) {
        return MoreLosses.multiMargin(input, target, p, margin, weight, reduction);
    }

    /**
     * {@code F.poisson_nll_loss(input, target, log_input, full, eps, reduction)}.
     *
     * @param input the (log-)rates
     * @param target the counts
     * @param logInput true: {@code exp(x) - t x}; false: {@code x - t log(x + eps)}
     * @param full whether to add Stirling's approximation where {@code t > 1}
     * @param eps PyTorch's default 1e-8
     * @param reduction NONE, MEAN or SUM
     * @return the loss
     */
    public static Tensor poissonNllLoss(Tensor input, Tensor target, boolean logInput, boolean full, double eps,
            Reduction reduction) {
        return MoreLosses.poissonNll(input, target, logInput, full, eps, reduction);
    }

    /**
     * {@code F.gaussian_nll_loss(input, target, var, full, eps, reduction)}:
     * {@code 0.5 (log v + (x - t)^2 / v)} with {@code v = max(var, eps)} (the clamp passes the gradient).
     *
     * @param input the means
     * @param target the targets
     * @param var the variances: the input's shape, or one fewer dimension, or a last dimension of 1
     * @param full whether to add {@code 0.5 log(2 pi)}
     * @param eps PyTorch's default 1e-6
     * @param reduction NONE, MEAN or SUM
     * @return the loss
     */
    public static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var, boolean full, double eps,
            Reduction reduction) {
        return MoreLosses.gaussianNll(input, target, var, full, eps, reduction);
    }

    /**
     * {@code F.interpolate(input, size, scale_factor, mode, align_corners)} for {@code "nearest"} ({@code [N, C, L]}
     * and {@code [N, C, H, W]}), {@code "linear"} ({@code [N, C, L]}) and {@code "bilinear"} ({@code [N, C, H, W]}).
     *
     * @param input the input
     * @param size the output's spatial sizes (one int for all), or null
     * @param scaleFactor the multipliers of the spatial sizes (one for all), or null; exactly one of size and
     *        scaleFactor
     * @param mode {@code "nearest"}, {@code "linear"} or {@code "bilinear"}
     * @param alignCorners null (False for the linear modes; must be null for nearest), true or false
     * @return the resampled input (grad_fn Upsample*Backward1)
     */
    public static Tensor interpolate(Tensor input, int[] size, double[] scaleFactor, String mode, Boolean alignCorners) {
        return NnLayers.interpolate(input, size, scaleFactor, mode, alignCorners);
    }

    /**
     * {@code F.interpolate(input, size, scale_factor, mode, align_corners, recompute_scale_factor)}: modes
     * {@code "nearest"}, {@code "nearest-exact"}, {@code "linear"}, {@code "bilinear"} (bit for bit with PyTorch's
     * CPU kernels), {@code "bicubic"}, {@code "trilinear"} (within rounding) and {@code "area"} (adaptive average
     * pooling). With {@code recomputeScaleFactor} true the output
     * size {@code floor(in * scale)} is computed and the kernels interpolate with {@code in / out}, not the scale.
     *
     * @param input {@code [N, C, L]}, {@code [N, C, H, W]} or {@code [N, C, D, H, W]}
     * @param size the output's spatial sizes (one int for all), or null
     * @param scaleFactor the multipliers (one for all), or null
     * @param mode the interpolation
     * @param alignCorners null, or true / false for linear, bilinear, bicubic and trilinear
     * @param recomputeScaleFactor null, or whether to interpolate with the recomputed scale (only with a scale factor)
     * @return the resampled input
     */
    public static Tensor interpolate(Tensor input, int[] size, double[] scaleFactor, String mode, Boolean alignCorners,
            Boolean recomputeScaleFactor) {
        return NnLayers.interpolate(input, size, scaleFactor, mode, alignCorners, recomputeScaleFactor);
    }

    /**
     * {@code F.adaptive_max_pool2d(input, output_size)}: the max of each adaptive window (the first maximum).
     *
     * @param input {@code [N, C, H, W]} or {@code [C, H, W]}
     * @param outputSize one or two ints
     * @return the pooled tensor (grad_fn AdaptiveMaxPool2DBackward0)
     */
    public static Tensor adaptiveMaxPool2d(Tensor input, int[] outputSize) {
        return NnLayers.adaptiveMaxPool2d(input, outputSize);
    }

    /**
     * {@code F.adaptive_max_pool2d(input, output_size, return_indices=True)}: the maxima and their flat per-plane
     * indices {@code h * W + w} (int64).
     *
     * @param input {@code [N, C, H, W]} or {@code [C, H, W]}
     * @param outputSize one or two ints
     * @return values (grad_fn AdaptiveMaxPool2DBackward0) and indices
     */
    public static ValuesIndices adaptiveMaxPool2dWithIndices(Tensor input, int[] outputSize) {
        return NnLayers.adaptiveMaxPool2dWithIndices(input, outputSize);
    }

    /**
     * {@code F.adaptive_max_pool1d(input, output_size)}: the max of each adaptive window along the length.
     *
     * @param input {@code [N, C, L]} or {@code [C, L]}
     * @param outputSize the output's length
     * @return the pooled tensor (grad_fn SqueezeBackward1)
     */
    public static Tensor adaptiveMaxPool1d(Tensor input, int outputSize) {
        return NnLayers.adaptiveMaxPool1d(input, outputSize).values();
    }

    /**
     * {@code F.adaptive_max_pool1d(input, output_size, return_indices=True)}.
     *
     * @param input {@code [N, C, L]} or {@code [C, L]}
     * @param outputSize the output's length
     * @return the maxima and their int64 positions along the length
     */
    public static ValuesIndices adaptiveMaxPool1dWithIndices(Tensor input, int outputSize) {
        return NnLayers.adaptiveMaxPool1d(input, outputSize);
    }

    /**
     * {@code F.conv_transpose2d(input, weight, bias, stride, padding, output_padding, groups, dilation)}.
     *
     * @param input {@code [N, C_in, H, W]} or {@code [C_in, H, W]}
     * @param weight {@code [C_in, C_out / groups, kH, kW]}
     * @param bias {@code [C_out]}, or null
     * @param stride one or two ints
     * @param padding one or two ints (removed from each side of the output)
     * @param outputPadding one or two ints added at the bottom and right, smaller than the stride or the dilation
     * @param groups channel groups
     * @param dilation one or two ints
     * @return {@code [N, C_out, (H - 1) s - 2 p + d (kH - 1) + op + 1, ...]} (grad_fn ConvolutionBackward0)
     */
    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
            int[] outputPadding, int groups, int[] dilation) {
        return NnLayers.convTranspose2d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    // ---------------------------------------------------------------- layers3: 3-d convolutions and poolings, shuffles

    /**
     * {@code F.conv3d(input, weight, bias, stride, padding, dilation, groups)}.
     *
     * @param input {@code [N, C, D, H, W]} or {@code [C, D, H, W]}
     * @param weight {@code [out_channels, C / groups, kD, kH, kW]}
     * @param bias {@code [out_channels]}, or null
     * @param stride one or three ints, at least 1
     * @param padding one or three ints (zeros on both sides), at least 0
     * @param dilation one or three ints, at least 1
     * @param groups channel groups
     * @return {@code [N, out_channels, oD, oH, oW]} (grad_fn ConvolutionBackward0)
     */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
            int groups) {
        return Layers3.conv3d(input, weight, bias, stride, padding, dilation, groups);
    }

    /**
     * {@code F.conv3d} with PyTorch's string padding, {@code "same"} (stride 1) or {@code "valid"}.
     *
     * @param input {@code [N, C, D, H, W]} or {@code [C, D, H, W]}
     * @param weight {@code [out_channels, C / groups, kD, kH, kW]}
     * @param bias {@code [out_channels]}, or null
     * @param stride one or three ints
     * @param padding {@code "same"} or {@code "valid"}
     * @param dilation one or three ints
     * @param groups channel groups
     * @return the convolution
     */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation,
            int groups) {
        return Layers3.conv3d(input, weight, bias, stride, padding, dilation, groups);
    }

    /**
     * {@code F.conv_transpose1d(input, weight, bias, stride, padding, output_padding, groups, dilation)}.
     *
     * @param input {@code [N, C_in, L]} or {@code [C_in, L]}
     * @param weight {@code [C_in, C_out / groups, kW]}
     * @param bias {@code [C_out]}, or null
     * @param stride one int
     * @param padding one int (removed from both ends of the output)
     * @param outputPadding one int added at the end, smaller than the stride or the dilation
     * @param groups channel groups
     * @param dilation one int
     * @return {@code [N, C_out, (L - 1) s - 2 p + d (kW - 1) + op + 1]} (grad_fn ConvolutionBackward0)
     */
    public static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
            int[] outputPadding, int groups, int[] dilation) {
        return Layers3.convTranspose1d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    /**
     * {@code F.conv_transpose3d(input, weight, bias, stride, padding, output_padding, groups, dilation)}.
     *
     * @param input {@code [N, C_in, D, H, W]} or {@code [C_in, D, H, W]}
     * @param weight {@code [C_in, C_out / groups, kD, kH, kW]}
     * @param bias {@code [C_out]}, or null
     * @param stride one or three ints
     * @param padding one or three ints (removed from both ends of each output dim)
     * @param outputPadding one or three ints added at the end, smaller than the stride or the dilation
     * @param groups channel groups
     * @param dilation one or three ints
     * @return the transposed convolution (grad_fn ConvolutionBackward0)
     */
    public static Tensor convTranspose3d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
            int[] outputPadding, int groups, int[] dilation) {
        return Layers3.convTranspose3d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    /**
     * {@code F.max_pool3d(input, kernel_size, stride, padding, dilation, ceil_mode)}.
     *
     * @param input {@code [N, C, D, H, W]} or {@code [C, D, H, W]}
     * @param kernelSize one or three ints
     * @param stride one or three ints, or null / empty for the kernel size
     * @param padding one or three ints (implicit -inf), at most half the kernel
     * @param dilation one or three ints
     * @param ceilMode round the output size up
     * @return the maxima (grad_fn MaxPool3DWithIndicesBackward0)
     */
    public static Tensor maxPool3d(Tensor input, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
            boolean ceilMode) {
        return Layers3.maxPool3d(input, kernelSize, stride, padding, dilation, ceilMode).values();
    }

    /**
     * {@code F.max_pool3d(..., return_indices=True)}.
     *
     * @param input {@code [N, C, D, H, W]} or {@code [C, D, H, W]}
     * @param kernelSize one or three ints
     * @param stride one or three ints, or null / empty for the kernel size
     * @param padding one or three ints, at most half the kernel
     * @param dilation one or three ints
     * @param ceilMode round the output size up
     * @return the maxima and their flat per-volume indices {@code t * H * W + h * W + w} (int64)
     */
    public static ValuesIndices maxPool3dWithIndices(Tensor input, int[] kernelSize, int[] stride, int[] padding,
            int[] dilation, boolean ceilMode) {
        return Layers3.maxPool3d(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    /**
     * {@code F.avg_pool3d(input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override)}.
     *
     * @param input {@code [N, C, D, H, W]} or {@code [C, D, H, W]}
     * @param kernelSize one or three ints
     * @param stride one or three ints, or null / empty for the kernel size
     * @param padding one or three ints (zeros), at most half the kernel
     * @param ceilMode round the output size up
     * @param countIncludePad whether the padding counts in the divisor
     * @param divisorOverride the divisor of every window, or null
     * @return the averages (grad_fn AvgPool3DBackward0)
     */
    public static Tensor avgPool3d(Tensor input, int[] kernelSize, int[] stride, int[] padding, boolean ceilMode,
            boolean countIncludePad, Integer divisorOverride) {
        return Layers3.avgPool3d(input, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /**
     * {@code F.adaptive_avg_pool3d(input, output_size)}.
     *
     * @param input {@code [N, C, D, H, W]} or {@code [C, D, H, W]}
     * @param outputSize one or three non-negative ints
     * @return {@code [..., oD, oH, oW]} (grad_fn AdaptiveAvgPool3DBackward0; MeanBackward1 for 1 x 1 x 1)
     */
    public static Tensor adaptiveAvgPool3d(Tensor input, int[] outputSize) {
        return Layers3.adaptiveAvgPool3d(input, outputSize);
    }

    /**
     * {@code F.adaptive_max_pool3d(input, output_size)}.
     *
     * @param input {@code [N, C, D, H, W]} or {@code [C, D, H, W]}
     * @param outputSize one or three non-negative ints
     * @return the maxima (grad_fn AdaptiveMaxPool3DBackward0)
     */
    public static Tensor adaptiveMaxPool3d(Tensor input, int[] outputSize) {
        return Layers3.adaptiveMaxPool3d(input, outputSize).values();
    }

    /**
     * {@code F.adaptive_max_pool3d(input, output_size, return_indices=True)}.
     *
     * @param input {@code [N, C, D, H, W]} or {@code [C, D, H, W]}
     * @param outputSize one or three non-negative ints
     * @return the maxima and their flat per-volume indices (int64)
     */
    public static ValuesIndices adaptiveMaxPool3dWithIndices(Tensor input, int[] outputSize) {
        return Layers3.adaptiveMaxPool3d(input, outputSize);
    }

    /**
     * {@code F.pixel_shuffle(input, upscale_factor)}.
     *
     * @param input {@code [*, C * r * r, H, W]}
     * @param upscaleFactor r, positive
     * @return {@code [*, C, H * r, W * r]} (grad_fn PixelShuffleBackward0)
     */
    public static Tensor pixelShuffle(Tensor input, int upscaleFactor) {
        return Layers3.pixelShuffle(input, upscaleFactor);
    }

    /**
     * {@code F.pixel_unshuffle(input, downscale_factor)}.
     *
     * @param input {@code [*, C, H * r, W * r]}
     * @param downscaleFactor r, positive
     * @return {@code [*, C * r * r, H, W]} (grad_fn PixelUnshuffleBackward0)
     */
    public static Tensor pixelUnshuffle(Tensor input, int downscaleFactor) {
        return Layers3.pixelUnshuffle(input, downscaleFactor);
    }

    /**
     * {@code F.channel_shuffle(input, groups)}.
     *
     * @param input {@code [N, C, *]}, at least 3 dimensions
     * @param groups dividing C
     * @return the channels regrouped
     */
    public static Tensor channelShuffle(Tensor input, int groups) {
        return Layers3.channelShuffle(input, groups);
    }

    /**
     * {@code F.unfold(input, kernel_size, dilation, padding, stride)} (im2col).
     *
     * @param input {@code [N, C, H, W]} or {@code [C, H, W]}
     * @param kernelSize one or two ints
     * @param dilation one or two ints
     * @param padding one or two ints (zeros on both sides)
     * @param stride one or two ints
     * @return {@code [N, C * kH * kW, L]} (grad_fn Im2ColBackward0)
     */
    public static Tensor unfold(Tensor input, int[] kernelSize, int[] dilation, int[] padding, int[] stride) {
        return Layers3.unfold(input, kernelSize, dilation, padding, stride);
    }

    /**
     * {@code F.fold(input, output_size, kernel_size, dilation, padding, stride)} (col2im): overlapping values add.
     *
     * @param input {@code [N, C * kH * kW, L]} or {@code [C * kH * kW, L]}
     * @param outputSize one or two ints
     * @param kernelSize one or two ints
     * @param dilation one or two ints
     * @param padding one or two ints
     * @param stride one or two ints
     * @return {@code [N, C, outputSize]} (grad_fn Col2ImBackward0)
     */
    public static Tensor fold(Tensor input, int[] outputSize, int[] kernelSize, int[] dilation, int[] padding,
            int[] stride) {
        return Layers3.fold(input, outputSize, kernelSize, dilation, padding, stride);
    }

    /**
     * {@code F.bilinear(input1, input2, weight, bias)}: {@code x1^T W[o] x2 + b[o]}.
     *
     * @param input1 {@code [*, in1]}
     * @param input2 {@code [*, in2]}, the same leading dimensions
     * @param weight {@code [out, in1, in2]}
     * @param bias {@code [out]}, or null
     * @return {@code [*, out]}
     */
    public static Tensor bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor bias) {
        return Layers3.bilinear(input1, input2, weight, bias);
    }

    /**
     * {@code F.lp_pool1d(input, norm_type, kernel_size, stride, ceil_mode)}: the p-norm of each window.
     *
     * @param input {@code [N, C, L]} or {@code [C, L]}
     * @param normType p
     * @param kernelSize one int
     * @param stride one int, or null for the kernel size
     * @param ceilMode round the output size up
     * @return {@code (sum of x^p)^(1/p)} per window (grad_fn PowBackward0)
     */
    public static Tensor lpPool1d(Tensor input, double normType, int[] kernelSize, int[] stride, boolean ceilMode) {
        return Layers3.lpPool(1, input, normType, kernelSize, stride, ceilMode);
    }

    /**
     * {@code F.lp_pool2d(input, norm_type, kernel_size, stride, ceil_mode)}: the p-norm of each window.
     *
     * @param input {@code [N, C, H, W]} or {@code [C, H, W]}
     * @param normType p
     * @param kernelSize one or two ints
     * @param stride one or two ints, or null for the kernel size
     * @param ceilMode round the output size up
     * @return {@code (sum of x^p)^(1/p)} per window (grad_fn PowBackward0)
     */
    public static Tensor lpPool2d(Tensor input, double normType, int[] kernelSize, int[] stride, boolean ceilMode) {
        return Layers3.lpPool(2, input, normType, kernelSize, stride, ceilMode);
    }

    /**
     * {@code F.local_response_norm(input, size, alpha, beta, k)}.
     *
     * @param input {@code [N, C, *]}, at least 3 dimensions
     * @param size the neighbouring channels in the sum
     * @param alpha the sum's scale
     * @param beta the exponent
     * @param k the additive constant
     * @return {@code x / (k + alpha / size * sum of x^2 over the neighbours)^beta} (grad_fn DivBackward0)
     */
    public static Tensor localResponseNorm(Tensor input, int size, double alpha, double beta, double k) {
        return Layers3.localResponseNorm(input, size, alpha, beta, k);
    }

    /**
     * {@code F.alpha_dropout(input, p, training, inplace)}, drawing from {@code generator} as PyTorch draws.
     *
     * @param input the input
     * @param p the probability of an element to be dropped, in [0, 1]
     * @param training whether to drop (otherwise the identity)
     * @param inplace whether to change {@code input}
     * @param generator the source of the mask
     * @return the result (grad_fn AddBackward0)
     */
    public static Tensor alphaDropout(Tensor input, double p, boolean training, boolean inplace, Generator generator) {
        return Layers3.alphaDropout(input, p, training, false, inplace, generator);
    }

    /**
     * {@code F.feature_alpha_dropout(input, p, training, inplace)}: alpha dropout of whole channels.
     *
     * @param input {@code [N, C, *]}
     * @param p the probability of a channel to be dropped, in [0, 1]
     * @param training whether to drop (otherwise the identity)
     * @param inplace whether to change {@code input}
     * @param generator the source of the mask
     * @return the result (grad_fn AddBackward0)
     */
    public static Tensor featureAlphaDropout(Tensor input, double p, boolean training, boolean inplace,
            Generator generator) {
        return Layers3.alphaDropout(input, p, training, true, inplace, generator);
    }

    /**
     * {@code F.rrelu(input, lower, upper, training, inplace)}, drawing from {@code generator} as PyTorch draws.
     *
     * @param input the input
     * @param lower the least negative slope
     * @param upper the greatest negative slope
     * @param training random slopes (otherwise their mean)
     * @param inplace whether to change {@code input}
     * @param generator the source of the slopes
     * @return the result (grad_fn RreluWithNoiseBackward0)
     */
    public static Tensor rrelu(Tensor input, double lower, double upper, boolean training, boolean inplace,
            Generator generator) {
        return Layers3.rrelu(input, lower, upper, training, inplace, generator);
    }

    /**
     * {@code F.embedding_bag(input, weight, offsets, max_norm, norm_type, scale_grad_by_freq, mode, sparse=False,
     * per_sample_weights, include_last_offset, padding_idx)}.
     *
     * @param input int64 indices: 1-D with {@code offsets}, or 2-D (one bag per row, offsets null)
     * @param weight {@code [num_embeddings, embedding_dim]}
     * @param offsets each bag's start in a 1-D input (int64), or null
     * @param maxNorm renormalises the looked-up rows to at most this norm in place, or NaN for none
     * @param normType the norm's p
     * @param scaleGradByFreq scale the weight's gradient by the inverse frequency of each index in the input
     * @param mode "sum", "mean" or "max"
     * @param perSampleWeights weights of the input's shape (mode "sum" only), or null
     * @param includeLastOffset whether {@code offsets} ends with the end of the last bag
     * @param paddingIdx an index whose entries are skipped, or null
     * @return {@code [bags, embedding_dim]} (grad_fn EmbeddingBagBackward0)
     */
    public static Tensor embeddingBag(Tensor input, Tensor weight, Tensor offsets, double maxNorm, double normType,
            boolean scaleGradByFreq, String mode, Tensor perSampleWeights, boolean includeLastOffset,
            Integer paddingIdx) {
        return Layers3.embeddingBag(input, weight, offsets, maxNorm, normType, scaleGradByFreq, mode, perSampleWeights,
                includeLastOffset, paddingIdx);
    }

    // ---------------------------------------------------------------- nn4 (logic in Nn4)

    /**
     * {@code F.max_unpool1d(input, indices, kernel_size, stride, padding, output_size)}: the partial inverse of
     * {@link #maxPool1dWithIndices}; PyTorch 1.13 computes it as max_unpool2d with a trailing unit dim, so its
     * grad_fn is {@code SqueezeBackward1}.
     *
     * @param input {@code [N, C, L]} or {@code [C, L]}
     * @param indices the int64 indices of the max pooling that made {@code input}
     * @param kernelSize one int
     * @param stride one int, or null for the kernel size
     * @param padding one int (null: 0)
     * @param outputSize null, or the length (optionally with the leading sizes)
     * @return the unpooled tensor
     */
    public static Tensor maxUnpool1d(Tensor input, Tensor indices, int[] kernelSize, int[] stride, int[] padding,
            int[] outputSize) {
        return Nn4.maxUnpool1d(input, indices, kernelSize, stride, padding, outputSize);
    }

    /**
     * {@code F.max_unpool3d(input, indices, kernel_size, stride, padding, output_size)}: each value written at its
     * index in its zeroed (D, H, W) volume.
     *
     * @param input {@code [N, C, D, H, W]} or {@code [C, D, H, W]}
     * @param indices the int64 indices of the max pooling that made {@code input}
     * @param kernelSize one or three ints
     * @param stride one or three ints, or null for the kernel size
     * @param padding one or three ints (null: 0)
     * @param outputSize null, or the three sizes (optionally with the leading two)
     * @return the unpooled tensor
     */
    public static Tensor maxUnpool3d(Tensor input, Tensor indices, int[] kernelSize, int[] stride, int[] padding,
            int[] outputSize) {
        return Nn4.maxUnpool3d(input, indices, kernelSize, stride, padding, outputSize);
    }

    /**
     * {@code F.dropout3d(input, p, training, inplace)}: whole channels of {@code [N, C, D, H, W]} zeroed with
     * probability p (one Bernoulli draw per sample and channel), the rest scaled by {@code 1 / (1 - p)}; any other rank
     * is read as unbatched, as PyTorch 1.13 does (with a warning there).
     *
     * @param input the input
     * @param p the probability of zeroing a channel, in [0, 1]
     * @param training false: the input itself
     * @param inplace whether to multiply the input in place
     * @param generator the source of the draws
     * @return the result
     */
    public static Tensor dropout3d(Tensor input, double p, boolean training, boolean inplace, Generator generator) {
        return Nn4.dropout3d(input, p, training, inplace, generator);
    }

    /**
     * {@code F.upsample(input, size, scale_factor, mode, align_corners)}: deprecated in PyTorch, the same as
     * {@link #interpolate(Tensor, int[], double[], String, Boolean)}.
     *
     * @param input the input
     * @param size the output's spatial sizes, or null
     * @param scaleFactor the multipliers, or null
     * @param mode the interpolation mode ({@code "nearest"} in PyTorch's default)
     * @param alignCorners null, true or false
     * @return the resized input
     */
    public static Tensor upsample(Tensor input, int[] size, double[] scaleFactor, String mode, Boolean alignCorners) {
        return NnLayers.interpolate(input, size, scaleFactor, mode, alignCorners);
    }

    /**
     * {@code F.upsample_nearest(input, size, scale_factor)}: interpolate in mode {@code "nearest"}.
     *
     * @param input the input
     * @param size the output's spatial sizes, or null
     * @param scaleFactor the multipliers, or null
     * @return the resized input
     */
    public static Tensor upsampleNearest(Tensor input, int[] size, double[] scaleFactor) {
        return NnLayers.interpolate(input, size, scaleFactor, "nearest", null);
    }

    /**
     * {@code F.upsample_bilinear(input, size, scale_factor)}: interpolate in mode {@code "bilinear"} with
     * {@code align_corners=True}.
     *
     * @param input {@code [N, C, H, W]}
     * @param size the output's height and width, or null
     * @param scaleFactor the multipliers, or null
     * @return the resized input
     */
    public static Tensor upsampleBilinear(Tensor input, int[] size, double[] scaleFactor) {
        return NnLayers.interpolate(input, size, scaleFactor, "bilinear", true);
    }

    /**
     * {@code F.grid_sample(input, grid)} with PyTorch's defaults: bilinear, zero padding, {@code align_corners=False}.
     *
     * @param input {@code [N, C, H, W]} or {@code [N, C, D, H, W]}
     * @param grid {@code [N, H_out, W_out, 2]} or {@code [N, D_out, H_out, W_out, 3]}, (x, y[, z]) in [-1, 1]
     * @return the sampled values, {@code [N, C, H_out, W_out]} or {@code [N, C, D_out, H_out, W_out]}
     */
    public static Tensor gridSample(Tensor input, Tensor grid) {
        return Nn4.gridSample(input, grid, "bilinear", "zeros", null);
    }

    /**
     * {@code F.grid_sample(input, grid, mode, padding_mode, align_corners)}: the input's values at the grid's
     * normalized locations (x along the width), with ATen's CPU arithmetic; gradients to the input and the grid
     * (zero for the grid in nearest mode, as PyTorch's).
     *
     * @param input {@code [N, C, H, W]} or {@code [N, C, D, H, W]}
     * @param grid {@code [N, H_out, W_out, 2]} or {@code [N, D_out, H_out, W_out, 3]}
     * @param mode {@code "bilinear"}, {@code "nearest"} or {@code "bicubic"} (4-D input only)
     * @param paddingMode {@code "zeros"}, {@code "border"} or {@code "reflection"}
     * @param alignCorners whether -1 and 1 are the corner pixels' centers (null: false, PyTorch's default)
     * @return the sampled values
     */
    public static Tensor gridSample(Tensor input, Tensor grid, String mode, String paddingMode, Boolean alignCorners) {
        return Nn4.gridSample(input, grid, mode, paddingMode, alignCorners);
    }

    /**
     * {@code F.affine_grid(theta, size, align_corners)}: the sampling grid of a batch of affine maps, for
     * {@link #gridSample}.
     *
     * @param theta {@code [N, 2, 3]} for a 4-D size, {@code [N, 3, 4]} for a 5-D one
     * @param size the output's size, {@code [N, C, H, W]} or {@code [N, C, D, H, W]}
     * @param alignCorners as for grid_sample (null: false, PyTorch's default)
     * @return {@code [N, H, W, 2]} or {@code [N, D, H, W, 3]}
     */
    public static Tensor affineGrid(Tensor theta, int[] size, Boolean alignCorners) {
        return Nn4.affineGrid(theta, size, alignCorners);
    }

    /**
     * {@code F.gumbel_softmax(logits, tau=1, hard=False, dim=-1)}, drawing from the default generator.
     *
     * @param logits unnormalized log-probabilities
     * @param tau the temperature
     * @param hard whether to return one-hot vectors (straight-through gradient)
     * @return the samples
     */
    public static Tensor gumbelSoftmax(Tensor logits, double tau, boolean hard) {
        return Nn4.gumbelSoftmax(logits, tau, hard, -1, Generator.defaultGenerator());
    }

    /**
     * {@code F.gumbel_softmax(logits, tau, hard, dim=dim)}: {@code softmax((logits + g) / tau)} with Gumbel noise
     * {@code g = -log(E)}, E drawn as PyTorch's {@code exponential_} from the generator (the same draws for the same
     * state); with {@code hard}, the one-hot argmax minus the detached soft sample plus the soft sample.
     *
     * @param logits unnormalized log-probabilities
     * @param tau the temperature
     * @param hard whether to return one-hot vectors
     * @param dim the dimension of the softmax
     * @param generator the source of the draws
     * @return the samples
     */
    public static Tensor gumbelSoftmax(Tensor logits, double tau, boolean hard, int dim, Generator generator) {
        return Nn4.gumbelSoftmax(logits, tau, hard, dim, generator);
    }

    /**
     * {@code F.multilabel_margin_loss(input, target, reduction)}: per sample, the hinge {@code max(0, 1 - x[j] + x[i])}
     * summed over the target classes j (target's leading entries up to the first -1) and the other classes i, over
     * the class count.
     *
     * @param input {@code [N, C]}, {@code [C]} or a scalar
     * @param target int64 class indices of the input's shape, each row ended by -1 or full
     * @param reduction how to reduce the per-sample losses
     * @return the loss
     */
    public static Tensor multilabelMarginLoss(Tensor input, Tensor target, Reduction reduction) {
        return Nn4.multilabelMargin(input, target, reduction);
    }

    /**
     * {@code F.triplet_margin_with_distance_loss(anchor, positive, negative, distance_function, margin, swap,
     * reduction)}: {@code max(d(a, p) - d(a, n) + margin, 0)}, with {@code d(a, n)} replaced by
     * {@code min(d(a, n), d(p, n))} when {@code swap}.
     *
     * @param anchor the anchors
     * @param positive the positive examples
     * @param negative the negative examples
     * @param distanceFunction a distance of two tensors, or null for {@link #pairwiseDistance} (p=2, eps=1e-6)
     * @param margin the margin (1.0)
     * @param swap whether to use the distance swap
     * @param reduction how to reduce the losses
     * @return the loss
     */
    public static Tensor tripletMarginWithDistanceLoss(Tensor anchor, Tensor positive, Tensor negative,
            java.util.function.BinaryOperator<Tensor> distanceFunction, double margin, boolean swap,
            Reduction reduction) {
        return Nn4.tripletMarginWithDistance(anchor, positive, negative, distanceFunction, margin, swap, reduction);
    }

    /**
     * {@code F.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank, reduction, zero_infinity)}: the
     * connectionist temporal classification loss, computed as ATen's CPU kernel (forward and gradient).
     *
     * @param logProbs {@code [T, N, C]} log-probabilities (log_softmax over C), or unbatched {@code [T, C]}
     * @param targets {@code [N, S]} padded labels or their 1-d concatenation (integers; converted to int64)
     * @param inputLengths int tensor of the N input lengths (at most T)
     * @param targetLengths int tensor of the N target lengths
     * @param blank the blank label (0)
     * @param reduction NONE, SUM, or MEAN (each loss over its target length, then the batch mean)
     * @param zeroInfinity whether infinite losses (impossible alignments) and their gradients become 0
     * @return the loss
     */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths, int blank,
            Reduction reduction, boolean zeroInfinity) {
        return Nn4.ctcLoss(logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
    }

    /**
     * {@link #ctcLoss(Tensor, Tensor, Tensor, Tensor, int, Reduction, boolean)} with the lengths as arrays (PyTorch's
     * tuples).
     *
     * @param logProbs {@code [T, N, C]} log-probabilities, or unbatched {@code [T, C]}
     * @param targets {@code [N, S]} padded labels or their 1-d concatenation
     * @param inputLengths the N input lengths
     * @param targetLengths the N target lengths
     * @param blank the blank label
     * @param reduction how to reduce the per-sample losses
     * @param zeroInfinity whether infinite losses and their gradients become 0
     * @return the loss
     */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, long[] inputLengths, long[] targetLengths, int blank,
            Reduction reduction, boolean zeroInfinity) {
        return Nn4.ctcLoss(logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
    }

    /**
     * {@code F.fractional_max_pool2d(input, kernel_size, output_size, output_ratio, _random_samples=s)}: max pooling
     * over pseudo-random windows of the given size whose starts spread the output over the input; the samples (one
     * per sample, channel and dim, in [0, 1)) are drawn from {@code generator} as PyTorch's
     * {@code torch.rand(N, C, 2, dtype=input.dtype)} when {@code randomSamples} is null.
     *
     * @param input {@code [N, C, H, W]} or {@code [C, H, W]}
     * @param kernelSize one or 2 ints
     * @param outputSize one or 2 ints (H, W), or null when {@code outputRatio} is given
     * @param outputRatio one or 2 ratios in (0, 1) of the input's sizes, or null
     * @param randomSamples {@code [N, C, 2]} samples in [0, 1), or null to draw them
     * @param generator the source of the draws (used only without {@code randomSamples})
     * @return the pooled input
     */
    public static Tensor fractionalMaxPool2d(Tensor input, int[] kernelSize, int[] outputSize, double[] outputRatio,
            Tensor randomSamples, Generator generator) {
        return Nn4.fractionalMaxPool(2, input, kernelSize, outputSize, outputRatio, randomSamples, generator).values();
    }

    /**
     * {@link #fractionalMaxPool2d} with {@code return_indices=True}: the values and the int64 flat indices of each
     * maximum in its input plane.
     *
     * @param input {@code [N, C, H, W]} or {@code [C, H, W]}
     * @param kernelSize one or 2 ints
     * @param outputSize one or 2 ints, or null when {@code outputRatio} is given
     * @param outputRatio one or 2 ratios in (0, 1), or null
     * @param randomSamples {@code [N, C, 2]} samples in [0, 1), or null to draw them
     * @param generator the source of the draws
     * @return the values and indices
     */
    public static ValuesIndices fractionalMaxPool2dWithIndices(Tensor input, int[] kernelSize, int[] outputSize,
            double[] outputRatio, Tensor randomSamples, Generator generator) {
        return Nn4.fractionalMaxPool(2, input, kernelSize, outputSize, outputRatio, randomSamples, generator);
    }

    /**
     * {@code F.fractional_max_pool3d(input, kernel_size, output_size, output_ratio, _random_samples=s)}: max pooling
     * over pseudo-random windows of the given size whose starts spread the output over the input; the samples (one
     * per sample, channel and dim, in [0, 1)) are drawn from {@code generator} as PyTorch's
     * {@code torch.rand(N, C, 3, dtype=input.dtype)} when {@code randomSamples} is null.
     *
     * @param input {@code [N, C, T, H, W]} or {@code [C, T, H, W]}
     * @param kernelSize one or 3 ints
     * @param outputSize one or 3 ints (T, H, W), or null when {@code outputRatio} is given
     * @param outputRatio one or 3 ratios in (0, 1) of the input's sizes, or null
     * @param randomSamples {@code [N, C, 3]} samples in [0, 1), or null to draw them
     * @param generator the source of the draws (used only without {@code randomSamples})
     * @return the pooled input
     */
    public static Tensor fractionalMaxPool3d(Tensor input, int[] kernelSize, int[] outputSize, double[] outputRatio,
            Tensor randomSamples, Generator generator) {
        return Nn4.fractionalMaxPool(3, input, kernelSize, outputSize, outputRatio, randomSamples, generator).values();
    }

    /**
     * {@link #fractionalMaxPool3d} with {@code return_indices=True}: the values and the int64 flat indices of each
     * maximum in its input plane.
     *
     * @param input {@code [N, C, T, H, W]} or {@code [C, T, H, W]}
     * @param kernelSize one or 3 ints
     * @param outputSize one or 3 ints, or null when {@code outputRatio} is given
     * @param outputRatio one or 3 ratios in (0, 1), or null
     * @param randomSamples {@code [N, C, 3]} samples in [0, 1), or null to draw them
     * @param generator the source of the draws
     * @return the values and indices
     */
    public static ValuesIndices fractionalMaxPool3dWithIndices(Tensor input, int[] kernelSize, int[] outputSize,
            double[] outputRatio, Tensor randomSamples, Generator generator) {
        return Nn4.fractionalMaxPool(3, input, kernelSize, outputSize, outputRatio, randomSamples, generator);
    }

    /**
     * {@code F.pdist(input, p)}: the p-norm distance between each pair of rows i &lt; j (see {@link Tensor#pdist}).
     *
     * @param input a 2-D tensor
     * @param p a non-negative order
     * @return {@code [n (n - 1) / 2]}
     */
    public static Tensor pdist(Tensor input, double p) {
        return Shape2Stats.pdist(input, p);
    }

    /**
     * {@code F.pdist(input)}: Euclidean distances between the pairs of rows.
     *
     * @param input a 2-D tensor
     * @return {@code [n (n - 1) / 2]}
     */
    public static Tensor pdist(Tensor input) {
        return Shape2Stats.pdist(input, 2);
    }
}

package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;
import org.grad4j.spi.Backend;
import org.grad4j.spi.BinaryOp;

/**
 * The losses of {@code torch.nn.functional} beyond {@code mse_loss}, with PyTorch 1.13's formulas, op order,
 * grad_fn names and error messages. Losses that PyTorch writes as a composite of tensor ops (cross-entropy with
 * probabilities or label smoothing, l1, kl_div) are composed from grad4j's ops, so their grad_fn is the last
 * op's, as in PyTorch; the others (nll, binary cross-entropy, smooth L1, Huber) compute their forward without
 * recording and record one node with PyTorch's backward formula.
 *
 * <p>Values: within one ulp of the result's scale of PyTorch 1.13's on the CPU backend (LossConformance's golden
 * cases, float32 and float64); nll_loss's reduced forward and total weight are summed in its kernel's cascade
 * order, so they are PyTorch's bits for given log-probabilities.
 *
 * <p>nll_loss picks each element's class and weight with {@code gather}; its backward scatters
 * {@code -weight[target]} times the gradient into zeros, as PyTorch's kernel (no {@code [N, C]} one-hot: the
 * forward is O(elements), not O(elements x classes)).
 */
final class Losses {
    private Losses() {
    }

    // ------------------------------------------------------------------------------------- helpers

    static String torchTypeName(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            case INT64 -> "Long";
            case BOOL -> "Bool";
            case INT32, UINT8 -> DTypes.typeName(dtype);
        };
    }

    private static void nonNull(String op, Tensor input, Tensor target, Object reduction) {
        if (input == null || target == null || reduction == null) {
            throw new IllegalArgumentException(op + ": expected input, target and reduction, got null");
        }
        Pointwise.checkSameDevice(op, input, target);
    }

    private static void floating(String op, String what, Tensor t) {
        if (!t.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": " + what + " must be float32 or float64, got " + t.dtype);
        }
    }

    /** Input and target of equal shapes and the same floating dtype (grad4j, like MSELoss, refuses broadcasting). */
    private static void sameShapeAndType(String op, Tensor input, Tensor target) {
        if (!Arrays.equals(input.shape, target.shape)) {
            throw new IllegalArgumentException(op + ": input shape " + Shapes.str(input.shape) + " and target shape "
                    + Shapes.str(target.shape) + " differ; expected equal shapes (using a target size that is "
                    + "different to the input size is deprecated in PyTorch; broadcasting is almost always a bug)");
        }
        floating(op, "input", input);
        if (input.dtype != target.dtype) {
            throw new IllegalArgumentException(op + ": expected scalar type " + torchTypeName(input.dtype)
                    + " but found " + torchTypeName(target.dtype) + " (input is " + input.dtype + ", target is "
                    + target.dtype + "; expected the same dtype)");
        }
    }

    /** An optional elementwise weight: broadcastable to the input, of its dtype and device. */
    private static void elementWeight(String op, String name, Tensor weight, Tensor input) {
        if (weight == null) {
            return;
        }
        Pointwise.checkSameDevice(op, input, weight);
        int[] b = Shapes.broadcast(op, weight.shape, input.shape);
        if (!Arrays.equals(b, input.shape)) {
            throw new IllegalArgumentException(op + ": " + name + " of shape " + Shapes.str(weight.shape)
                    + " does not broadcast to the input's shape " + Shapes.str(input.shape));
        }
        if (weight.dtype != input.dtype) {
            throw new IllegalArgumentException(op + ": expected scalar type " + torchTypeName(input.dtype)
                    + " but found " + torchTypeName(weight.dtype) + " (" + name + " is " + weight.dtype
                    + ", input is " + input.dtype + ")");
        }
    }

    /** PyTorch refuses a weight requiring grad where its kernel has no derivative for it. */
    private static void notDifferentiable(String op, String kernel, Tensor weight) {
        notDifferentiable(op, kernel, "weight", weight);
    }

    /** PyTorch's refusal of an argument its kernel has no derivative for, when it requires grad under grad mode. */
    static void notDifferentiable(String op, String kernel, String argument, Tensor t) {
        if (t != null && t.requiresGrad() && GradMode.isEnabled()) {
            throw new IllegalArgumentException(op + ": The function '" + kernel + "' is not differentiable with "
                    + "respect to argument '" + argument + "'. This input cannot have requires_grad True. (detach() the "
                    + argument + ")");
        }
    }

    /** Applies the reduction to an unreduced loss (PyTorch's apply_loss_reduction), recording as usual. */
    private static Tensor reduce(Tensor loss, Reduction reduction) {
        return switch (reduction) {
            case NONE -> loss;
            case MEAN -> loss.mean();
            case SUM -> loss.sum();
        };
    }

    private static Tensor maxScalar(Tensor t, double s) {
        return Pointwise.scalar(BinaryOp.MAXIMUM, "max", t, s, false);
    }

    private static Tensor minScalar(Tensor t, double s) {
        return Pointwise.scalar(BinaryOp.MINIMUM, "min", t, s, false);
    }

    /** {@code shape} of rank {@code rank} with {@code c} at {@code dim} and 1 elsewhere. */
    private static int[] classShape(int rank, int dim, int c) {
        int[] s = new int[Math.max(rank, 1)];
        Arrays.fill(s, 1);
        s[dim] = c;
        return s;
    }

    // ------------------------------------------------------------------------------------- nll / cross-entropy

    static void checkClassWeight(String op, Tensor weight, Tensor input, int classes) {
        if (weight == null) {
            return;
        }
        Pointwise.checkSameDevice(op, input, weight);
        if (weight.dim() != 1 || weight.numel() != classes) {
            throw new IllegalArgumentException(op + ": weight tensor should be defined either for all " + classes
                    + " classes or no classes but got weight tensor of shape: " + Shapes.str(weight.shape));
        }
        if (weight.dtype != input.dtype) {
            throw new IllegalArgumentException(op + ": expected scalar type " + torchTypeName(input.dtype)
                    + " but found " + torchTypeName(weight.dtype) + " (weight is " + weight.dtype + ", input is "
                    + input.dtype + ")");
        }
    }

    static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, Reduction reduction, long ignoreIndex) {
        return nllLoss("nll_loss", input, DTypes.legacyIndex(target), weight, reduction, ignoreIndex);
    }

    private static Tensor nllLoss(String op, Tensor input, Tensor target, Tensor weight, Reduction reduction,
            long ignoreIndex) {
        nonNull(op, input, target, reduction);
        floating(op, "input", input);
        int rank = input.dim();
        if (rank == 0) {
            throw new IllegalArgumentException(op + ": input tensor should be 1D, 2D or more (class dimension "
                    + "second), got a 0-d tensor");
        }
        if (target.dtype != DType.INT64) {
            throw new IllegalArgumentException(op + ": expected scalar type Long but found "
                    + torchTypeName(target.dtype) + " (target of shape " + Shapes.str(target.shape) + " holds class "
                    + "indices and must be int64; for class probabilities pass a target of the input's shape "
                    + Shapes.str(input.shape) + " to cross_entropy)");
        }
        if (rank <= 2 && target.dim() > 1) {
            throw new IllegalArgumentException(op + ": 0D or 1D target tensor expected, multi-target not supported "
                    + "(input " + Shapes.str(input.shape) + ", target " + Shapes.str(target.shape) + ")");
        }
        if (rank == 1 && target.dim() != 0) {
            throw new IllegalArgumentException(op + ": an unbatched input of shape " + Shapes.str(input.shape)
                    + " expects a 0-d target, got shape " + Shapes.str(target.shape));
        }
        if (rank == 2 && (target.dim() == 0 || target.shape[0] != input.shape[0])) {
            throw new IllegalArgumentException(op + ": Expected input batch_size (" + input.shape[0]
                    + ") to match target batch_size (" + (target.dim() == 0 ? 0 : target.shape[0]) + ").");
        }
        if (rank >= 3) {
            int[] expected = new int[rank - 1];
            expected[0] = input.shape[0];
            System.arraycopy(input.shape, 2, expected, 1, rank - 2);
            if (!Arrays.equals(expected, target.shape)) {
                throw new IllegalArgumentException(op + ": Expected target size " + Shapes.str(expected) + ", got "
                        + Shapes.str(target.shape) + " (input " + Shapes.str(input.shape) + ")");
            }
        }
        Pointwise.checkSameDevice(op, input, target);
        int classDim = rank == 1 ? 0 : 1;
        int classes = input.shape[classDim];
        checkClassWeight(op, weight, input, classes);
        notDifferentiable(op, "nll_loss_forward", weight);
        boolean anyIgnored = false;
        long[] targets = target.toLongArray();
        for (long t : targets) {
            anyIgnored |= t == ignoreIndex;
            if (t != ignoreIndex && (t < 0 || t >= classes)) {
                throw new IndexOutOfBoundsException(op + ": Target " + t + " is out of bounds. (expected a class "
                        + "index in [0, " + classes + ") or ignore_index " + ignoreIndex + ")");
            }
        }
        // PyTorch's nll_loss_nd: 1-D and 2-D use nll_loss; 4-D nll_loss2d; 3-D and 5-D+ nll_loss2d on a
        // [N, C, 1, -1] view, the unreduced result viewed back (grad_fn ViewBackward0).
        String name = rank <= 2 ? "NllLossBackward0" : "NllLoss2DBackward0";
        boolean viewBack = reduction == Reduction.NONE && (rank == 3 || rank > 4);
        Tensor out;
        Tensor w;      // weight[target] (1 without a weight), 0 on ignored elements
        Tensor safe;   // the target with ignored elements sent to class 0, unsqueezed at the class dim
        Tensor ignoredAt = null;   // where the target is ignored, when it is anywhere (the backward's zeros)
        double totalWeight;
        // Nothing ignored and no class weight (a classifier's usual step): every weight is 1, so -x * 1 is -x,
        // no element needs masking and the total weight is the element count (exact below 2^24, as the sum of
        // those ones is); the same values and bits with a third of the small tensor ops.
        boolean plain = weight == null && !anyIgnored && target.numel() <= (1 << 24);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            if (plain) {
                safe = target.unsqueeze(classDim);
                w = Tensor.full(target.shape, 1.0, input.dtype, input.device());
                Tensor loss = input.detach().gather(classDim, safe).squeeze(classDim).neg();
                totalWeight = target.numel();
                out = reduction == Reduction.NONE ? loss
                        : reduced(loss, null, targets, ignoreIndex, reduction, input.dtype, input.device(), null);
            } else {
                // O(elements), not O(elements * classes): gathers, no one-hot
                Tensor ignoredMask = target.eq((long) ignoreIndex);
                if (anyIgnored) {
                    ignoredAt = ignoredMask;
                }
                safe = target.maskedFill(ignoredMask, 0.0).unsqueeze(classDim);
                if (weight == null) {
                    w = target.ne((long) ignoreIndex).to(input.dtype);
                } else {
                    w = weight.detach().gather(0, safe.reshape(-1)).reshape(target.shape).maskedFill(ignoredMask, 0.0);
                }
                Tensor x = input.detach().gather(classDim, safe).squeeze(classDim);
                Tensor loss = x.neg().mul(w).maskedFill(ignoredMask, 0.0);
                if (reduction == Reduction.NONE) {
                    totalWeight = w.sum().item();
                    out = loss;
                } else {
                    double[] total = new double[1];
                    out = reduced(loss, w, targets, ignoreIndex, reduction, input.dtype, input.device(), total);
                    totalWeight = total[0];
                }
            }
            if (rank == 1 && reduction == Reduction.NONE) {
                // an unbatched input takes PyTorch's reducing path even unreduced: its one term is added to a zero
                // accumulator, so -0.0 comes out +0.0
                out = out.add(0.0);
            }
        }
        if (Tensor.needsGrad(input)) {
            int[] outShape = out.shape;
            if (viewBack) {
                out = out.reshape(input.shape[0], 1, Shapes.numel(Arrays.copyOfRange(out.shape, 1, out.shape.length)));
            }
            // the plain path's index is a view of the caller's target: not this op's to free
            Tensor.record(out, new NllNode(name, input, w, safe, !plain, ignoredAt, reduction, classDim,
                    totalWeight));
            if (viewBack) {
                out = out.view(outShape);
            }
        }
        return out;
    }

    /**
     * The reduced nll_loss as PyTorch 1.13's CPU kernels sum it ({@code nll_loss_out_frame},
     * {@code nll_loss2d_forward_out_frame}): over the elements in order, skipping ignored ones, into eight partial
     * sums in the input's dtype, each carried into the next level when the element index is a multiple of
     * 16^(level+1); then the partials added in order, and for mean divided by the total weight summed the same way
     * (the count without a class weight). The sums run on the host, as the kernel's loop does.
     *
     * @param loss the per-element {@code -x[t] * weight[t]} (0 where ignored), in the target's order
     * @param w the per-element weights, or null for none (the total weight is then the count)
     * @param totalOut receives the total weight, or null
     */
    private static Tensor reduced(Tensor loss, Tensor w, long[] targets, long ignoreIndex, Reduction reduction,
            DType dtype, Device device, double[] totalOut) {
        double[] values = loss.toDoubleArray();
        double[] weights = w == null ? null : w.toDoubleArray();
        boolean single = dtype == DType.FLOAT32;
        double[] lossSums = new double[8];
        double[] weightSums = new double[8];
        long count = 0;
        for (int b = 0; b < values.length; b++) {
            if (targets[b] == ignoreIndex) {
                continue;
            }
            count++;
            lossSums[0] = round(lossSums[0] + values[b], single);
            weightSums[0] = round(weightSums[0] + (weights == null ? 1.0 : weights[b]), single);
            for (int j = 0; j + 1 < 8; j++) {
                if ((b & (15L << (j * 4))) != 0) {
                    break;
                }
                lossSums[j + 1] = round(lossSums[j + 1] + lossSums[j], single);
                weightSums[j + 1] = round(weightSums[j + 1] + weightSums[j], single);
                lossSums[j] = 0;
                weightSums[j] = 0;
            }
        }
        double sum = 0;
        double total = 0;
        for (int j = 0; j < 8; j++) {
            sum = round(sum + lossSums[j], single);
            total = round(total + weightSums[j], single);
        }
        if (weights == null) {
            total = round(count, single);
        }
        if (totalOut != null) {
            totalOut[0] = total;
        }
        double v = reduction == Reduction.SUM ? sum : round(sum / total, single);
        if (values.length == 0 && reduction == Reduction.MEAN) {
            v = Double.NaN;   // PyTorch fills quiet_NaN (sign clear) for an empty target; 0/0 on x86 sets the sign
        }
        return Tensor.full(new int[0], v, dtype, device);
    }

    private static double round(double v, boolean single) {
        return single ? (float) v : v;
    }

    /**
     * nll_loss's backward: {@code -weight[t]} times the output gradient at each target class (divided by the
     * total weight for mean; zero when every element is ignored, as PyTorch), scattered into zeros as
     * PyTorch's kernel writes it: one value per element, so no one-hot pattern is kept.
     */
    static final class NllNode extends Node {
        private final String name;
        private final Reduction reduction;
        private final int classDim;
        private final double totalWeight;
        private final int[] inShape;
        private final DType dtype;
        private final Device device;
        private final boolean hasIgnored;

        NllNode(String name, Tensor input, Tensor w, Tensor safe, boolean ownSafe, Tensor ignoredAt,
                Reduction reduction, int classDim, double totalWeight) {
            super(input);
            this.name = name;
            this.reduction = reduction;
            this.classDim = classDim;
            this.totalWeight = totalWeight;
            this.inShape = input.shape;
            this.dtype = input.dtype;
            this.device = input.device();
            this.hasIgnored = ignoredAt != null;
            this.hasBackwardThrough = classDim == inShape.length - 1;
            if (ignoredAt == null) {
                save(w, safe);
            } else {
                save(w, safe, ignoredAt);
                ownSaved(2);
            }
            ownSaved(0);
            if (ownSafe) {
                ownSaved(1);
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor safe = saved(1);
            if (reduction == Reduction.MEAN && totalWeight == 0.0) {
                return new Tensor[] {Tensor.full(inShape, 0.0, dtype, device)};
            }
            Tensor values = values(g);
            if (classDim == inShape.length - 1 && values.dtype == dtype) {
                // [N, C] or [C]: the zeros and the scattered values in one pass where the backend fuses them
                Backend backend = values.storage.backend;
                int classes = inShape[classDim];
                Tensor gx = Tensor.empty(inShape, dtype, backend);
                if (backend.fused().nllLossBackward(gx.numel() / classes, classes, safe.strided(), values.strided(),
                        gx.strided())) {
                    return new Tensor[] {gx};
                }
                gx.storage.release();
            }
            Tensor zeros = Tensor.full(inShape, 0.0, dtype, device);
            Indexing.scatterInto(zeros, classDim, safe, values, false);   // zeros is this pass's own
            return new Tensor[] {zeros};
        }

        /**
         * With a graph (create_graph): the gradient depends on {@code g} alone, so it carries history only when
         * {@code g} does; then the values are scattered by the recorded {@code scatter}.
         */
        @Override
        Tensor[] backwardWithGraph(Tensor g) {
            if (!g.requiresGrad() || (reduction == Reduction.MEAN && totalWeight == 0.0)) {
                try (GradMode.Scope ignored = GradMode.noGrad()) {
                    return backward(g);
                }
            }
            return new Tensor[] {Tensor.full(inShape, 0.0, dtype, device).scatter(classDim, saved(1), values(g))};
        }

        /**
         * Through log_softmax over the class dim (cross_entropy, or log_softmax then nll_loss), the input's
         * gradient without the [N, C] gradient of log_softmax's output in between, where the backend has the
         * one-pass kernel ({@link org.grad4j.spi.FusedKernels#nllLogSoftmaxBackward}: the bits of the two
         * steps, as it runs log_softmax's own row kernel on each row of that gradient). [N, C] and [C] inputs;
         * others, and a mean over no weight at all, run the two steps.
         */
        @Override
        Tensor[] backwardThrough(Node next, Tensor g) {
            if (!(next instanceof SoftmaxOps.SoftmaxNode softmax) || !softmax.isLog() || softmax.dim() != classDim
                    || classDim != inShape.length - 1 || (reduction == Reduction.MEAN && totalWeight == 0.0)
                    || GradMode.isEnabled()) {
                return null;
            }
            Tensor safe = saved(1);
            Tensor values = values(g);
            Tensor y = softmax.saved(0);
            Backend backend = y.storage.backend;
            if (values.dtype != dtype || y.dtype != dtype || !y.isContiguous() || y.numel() == 0
                    || values.storage.backend != backend) {
                return null;
            }
            int classes = inShape[classDim];
            Tensor gx = Tensor.empty(inShape, dtype, backend);
            if (backend.fused().nllLogSoftmaxBackward(gx.numel() / classes, classes, safe.strided(), values.strided(),
                    y.strided(), gx.strided())) {
                return new Tensor[] {gx};
            }
            gx.storage.release();
            return null;
        }

        /** Each element's gradient at its target class, unsqueezed at the class dim: {@code -weight[t]} times the coefficient. */
        private Tensor values(Tensor g) {
            Tensor w = saved(0);
            Tensor coefficient = switch (reduction) {
                case NONE -> g.reshape(w.shape);   // the unreduced loss, possibly viewed as [N, 1, -1]
                case SUM -> g;
                case MEAN -> g.div(totalWeight);
            };
            Tensor values = w.neg().mul(coefficient);
            if (hasIgnored) {
                // PyTorch writes nothing for an ignored element: +0.0, where -0 * coefficient would be -0.0
                values = values.maskedFill(saved(2), 0.0);
            }
            return values.unsqueeze(classDim);
        }
    }

    static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction, long ignoreIndex,
            double labelSmoothing) {
        String op = "cross_entropy";
        nonNull(op, input, target, reduction);
        floating(op, "input", input);
        if (!(labelSmoothing >= 0.0 && labelSmoothing <= 1.0)) {
            throw new IllegalArgumentException(op + ": label_smoothing must be between 0.0 and 1.0. Got: "
                    + labelSmoothing);
        }
        if (input.dim() == 0) {
            throw new IllegalArgumentException(op + ": input tensor should be 1D, 2D or more (class dimension "
                    + "second), got a 0-d tensor");
        }
        int classDim = input.dim() == 1 ? 0 : 1;
        int classes = input.shape[classDim];
        target = DTypes.legacyIndex(target);
        if (Arrays.equals(input.shape, target.shape)) {
            return crossEntropyProbabilities(input, target, weight, reduction, ignoreIndex, labelSmoothing, classDim,
                    classes);
        }
        if (labelSmoothing <= 0.0) {
            // log_softmax's output is this call's own: nll_loss reads it, LogSoftmaxBackward0 saves it
            Tensor logp = input.logSoftmax(classDim);
            Tensor out = nllLoss(op, logp, target, weight, reduction, ignoreIndex);
            Node.freeWithGraph(logp, out);
            return out;
        }
        // PyTorch's cross_entropy_loss_label_smoothing: (1 - ls) * nll + ls / C * smooth
        Tensor logp = input.logSoftmax(classDim);
        Tensor nll = nllLoss(op, logp, target, weight, reduction, ignoreIndex);
        Tensor valid;
        Tensor ignoredMask;
        Tensor denominator = null;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            ignoredMask = target.eq((long) ignoreIndex);
            valid = target.ne((long) ignoreIndex).to(input.dtype);
            if (reduction == Reduction.MEAN) {
                if (weight == null) {
                    denominator = valid.sum();
                } else {
                    Tensor t = target.unsqueeze(classDim);
                    Tensor idx = Tensor.arange(classes).to(input.device())
                            .reshape(classShape(input.dim(), classDim, classes));
                    Tensor oneHot = t.eq(idx).to(input.dtype)
                            .mul(valid.unsqueeze(classDim));
                    denominator = oneHot.mul(weight.reshape(classShape(input.dim(), classDim, classes))).sum();
                }
            }
        }
        Tensor weighted = weight == null ? logp
                : logp.mul(weight.reshape(classShape(input.dim(), classDim, classes)));
        // masked_fill as PyTorch: every element ignored gives mean 0/0 = nan with zero gradients
        Tensor smooth = weighted.sum(new int[] {classDim}, false).neg().maskedFill(ignoredMask, 0.0);
        Tensor ret = switch (reduction) {
            case NONE -> smooth;
            case SUM -> smooth.sum();
            case MEAN -> smooth.sum().div(denominator);
        };
        return nll.mul(1.0 - labelSmoothing).add(ret.mul(labelSmoothing / classes));
    }

    private static Tensor crossEntropyProbabilities(Tensor input, Tensor target, Tensor weight, Reduction reduction,
            long ignoreIndex, double labelSmoothing, int classDim, int classes) {
        String op = "cross_entropy";
        if (!target.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": Expected floating point type for target with class "
                    + "probabilities, got " + torchTypeName(target.dtype) + " (a target of the input's shape "
                    + Shapes.str(input.shape) + " holds class probabilities; class indices have shape "
                    + "[N, d1, ...] without the class dimension)");
        }
        if (ignoreIndex >= 0) {   // PyTorch's check: the default -100 (any negative index) passes
            throw new IllegalArgumentException(op + ": ignore_index is not supported for floating point target (got "
                    + "ignore_index " + ignoreIndex + " with a target of class probabilities)");
        }
        if (target.dtype != input.dtype) {
            throw new IllegalArgumentException(op + ": expected scalar type " + torchTypeName(input.dtype)
                    + " but found " + torchTypeName(target.dtype) + " (input is " + input.dtype + ", target is "
                    + target.dtype + ")");
        }
        checkClassWeight(op, weight, input, classes);
        Tensor logp = input.logSoftmax(classDim);
        Tensor t = labelSmoothing > 0.0 ? target.mul(1.0 - labelSmoothing).add(labelSmoothing / classes) : target;
        Tensor prod = logp.mul(t);
        if (weight != null) {
            prod = prod.mul(input.dim() > 1 ? weight.reshape(classShape(input.dim(), classDim, classes)) : weight);
        }
        return switch (reduction) {
            case NONE -> prod.sum(new int[] {classDim}, false).neg();
            case SUM -> prod.sum().neg();
            // an empty batch: PyTorch fills the sum with nan in place (grad_fn stays NegBackward0)
            case MEAN -> input.numel() == 0 ? prod.sum().mul(Double.NaN).neg()
                    : divBackward1(prod.sum().neg(), (double) (input.numel() / classes));
        };
    }

    /** {@code t / s} recorded as PyTorch's C++-side division by a number (grad_fn DivBackward1). */
    private static Tensor divBackward1(Tensor t, double s) {
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = t.div(s);
        }
        if (Tensor.needsGrad(t)) {
            Tensor.record(out, new DivScalarNode(t, s));
        }
        return out;
    }

    static final class DivScalarNode extends Node {
        private final double s;

        DivScalarNode(Tensor in, double s) {
            super(in);
            this.s = s;
        }

        @Override
        public String name() {
            return "DivBackward1";
        }

        @Override
        Tensor[] backward(Tensor g) {
            return new Tensor[] {g.div(s)};
        }
    }

    // ------------------------------------------------------------------------------------- binary cross-entropy

    static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        String op = "binary_cross_entropy";
        nonNull(op, input, target, reduction);
        sameShapeAndType(op, input, target);
        elementWeight(op, "weight", weight, input);
        notDifferentiable(op, op, weight);
        Tensor out;
        Tensor unreduced;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor inRange = Pointwise.mask(BinaryOp.GE, input, 0.0).mul(Pointwise.mask(BinaryOp.LE, input, 1.0));
            if (inRange.sum().item() != input.numel()) {
                throw new IllegalArgumentException(op + ": all elements of input should be between 0 and 1 (input "
                        + "of shape " + Shapes.str(input.shape) + " holds values outside [0, 1] or NaN; for "
                        + "logits use binary_cross_entropy_with_logits)");
            }
            // PyTorch: (y - 1) * max(log1p(-x), -100) - y * max(log(x), -100)
            Tensor a = target.sub(1.0).mul(maxScalar(input.neg().log1p(), -100.0));
            Tensor b = target.mul(maxScalar(input.log(), -100.0));
            unreduced = a.sub(b);
            if (weight != null) {
                unreduced = unreduced.mul(weight);
            }
            out = reduce(unreduced, reduction);
        }
        if (Tensor.needsGrad(input, target)) {
            Tensor.record(out, new BceNode(input, target, weight, reduction));
        }
        return out;
    }

    /**
     * binary_cross_entropy's backward: input {@code g (x - y) / max((1 - x) x, 1e-12)}, target
     * {@code g (log(1 - x) - log(x))} (each clamped at -100), times the weight, divided by the count for mean.
     */
    static final class BceNode extends Node {
        private final Reduction reduction;
        private final boolean hasWeight;

        BceNode(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
            super(input, target);
            this.reduction = reduction;
            this.hasWeight = weight != null;
            if (hasWeight) {
                save(input, target, weight);
            } else {
                save(input, target);
            }
        }

        @Override
        public String name() {
            return "BinaryCrossEntropyBackward0";
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor x = saved(0);
            Tensor y = saved(1);
            Tensor w = hasWeight ? saved(2) : null;
            Tensor gg = reduction == Reduction.MEAN ? g.div(x.numel()) : g;
            Tensor gx = null;
            Tensor gy = null;
            if (next[0] != null) {
                gx = x.sub(y).div(maxScalar(x.rsub(1.0).mul(x), 1e-12)).mul(gg);
                gx = w == null ? gx : gx.mul(w);
            }
            if (next[1] != null) {
                gy = maxScalar(x.neg().log1p(), -100.0).sub(maxScalar(x.log(), -100.0)).mul(gg);
                gy = w == null ? gy : gy.mul(w);
            }
            return new Tensor[] {gx, gy};
        }
    }

    static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
            Reduction reduction) {
        String op = "binary_cross_entropy_with_logits";
        nonNull(op, input, target, reduction);
        if (!Arrays.equals(input.shape, target.shape)) {
            throw new IllegalArgumentException(op + ": Target size " + Shapes.str(target.shape)
                    + " must be the same as input size " + Shapes.str(input.shape));
        }
        sameShapeAndType(op, input, target);
        elementWeight(op, "weight", weight, input);
        elementWeight(op, "pos_weight", posWeight, input);
        notDifferentiable(op, op, "weight", weight);
        notDifferentiable(op, op, "pos_weight", posWeight);
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            // PyTorch 1.13's op order: m = max(-x, 0);
            // (1 - y) x + [1 + (p - 1) y] * (log(exp(-m) + exp(-x - m)) + m)   (p = pos_weight)
            // (1 - y) x + m + log(exp(-m) + exp(-x - m))                          (no pos_weight)
            Tensor m = maxScalar(input.neg(), 0.0);
            Tensor lse = m.neg().exp().add(input.neg().sub(m).exp()).log();
            Tensor loss;
            if (posWeight != null) {
                Tensor logWeight = posWeight.sub(1.0).mul(target).add(1.0);
                loss = target.rsub(1.0).mul(input).add(logWeight.mul(lse.add(m)));
            } else {
                loss = target.rsub(1.0).mul(input).add(m).add(lse);
            }
            if (weight != null) {
                loss = loss.mul(weight);
            }
            out = reduce(loss, reduction);
        }
        if (Tensor.needsGrad(input, target)) {
            Tensor.record(out, new BceLogitsNode(input, target, weight, posWeight, reduction));
        }
        return out;
    }

    /**
     * binary_cross_entropy_with_logits's backward: input {@code (sigmoid(x) - y) g}, or with pos_weight
     * {@code ((p y + 1 - y) sigmoid(x) - p y) g}; target {@code -x g}, or {@code (logsigmoid(-x) - p logsigmoid(x)) g};
     * times the weight, divided by the count for mean.
     */
    static final class BceLogitsNode extends Node {
        private final Reduction reduction;
        private final int weightAt;
        private final int posWeightAt;

        BceLogitsNode(Tensor input, Tensor target, Tensor weight, Tensor posWeight, Reduction reduction) {
            super(input, target);
            this.reduction = reduction;
            // saved: input, target, then the weights that exist
            this.weightAt = weight == null ? -1 : 2;
            this.posWeightAt = posWeight == null ? -1 : weight == null ? 2 : 3;
            if (weight != null && posWeight != null) {
                save(input, target, weight, posWeight);
            } else if (weight != null || posWeight != null) {
                save(input, target, weight != null ? weight : posWeight);
            } else {
                save(input, target);
            }
        }

        @Override
        public String name() {
            return "BinaryCrossEntropyWithLogitsBackward0";
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor x = saved(0);
            Tensor y = saved(1);
            Tensor w = weightAt < 0 ? null : saved(weightAt);
            Tensor p = posWeightAt < 0 ? null : saved(posWeightAt);
            Tensor gx = null;
            Tensor gy = null;
            if (next[0] != null) {
                if (p != null) {
                    Tensor t = p.mul(y);
                    gx = t.add(1.0).sub(y).mul(x.sigmoid()).sub(t);
                } else {
                    gx = x.sigmoid().sub(y);
                }
                gx = gx.mul(g);
                if (w != null) {
                    gx = gx.mul(w);
                }
                if (reduction == Reduction.MEAN) {
                    gx = PrimitiveReductions.divScalar(gx, x.numel());
                }
            }
            if (next[1] != null) {
                gy = p != null ? x.neg().logsigmoid().sub(x.logsigmoid().mul(p)).mul(g) : x.neg().mul(g);
                if (w != null) {
                    gy = gy.mul(w);
                }
                if (reduction == Reduction.MEAN) {
                    gy = PrimitiveReductions.divScalar(gy, x.numel());
                }
            }
            return new Tensor[] {gx, gy};
        }
    }

    // ------------------------------------------------------------------------------------- regression losses

    static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        String op = "l1_loss";
        nonNull(op, input, target, reduction);
        sameShapeAndType(op, input, target);
        return reduce(input.sub(target).abs(), reduction);
    }

    static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta) {
        String op = "smooth_l1_loss";
        nonNull(op, input, target, reduction);
        if (!(beta >= 0.0)) {
            throw new IllegalArgumentException(op + ": smooth_l1_loss does not support negative values for beta. "
                    + "(got beta = " + beta + ")");
        }
        sameShapeAndType(op, input, target);
        return piecewise(op, input, target, reduction, beta, false);
    }

    static Tensor huberLoss(Tensor input, Tensor target, Reduction reduction, double delta) {
        String op = "huber_loss";
        nonNull(op, input, target, reduction);
        if (!(delta > 0.0)) {
            throw new IllegalArgumentException(op + ": huber_loss does not support non-positive values for delta. "
                    + "(got delta = " + delta + ")");
        }
        sameShapeAndType(op, input, target);
        return piecewise(op, input, target, reduction, delta, true);
    }

    /**
     * smooth_l1: {@code z < beta ? 0.5 z z / beta : z - 0.5 beta}; huber: {@code z < delta ? 0.5 z z :
     * delta (z - 0.5 delta)}, with {@code z = |x - y|}. The quadratic branch is evaluated on {@code min(z, k)}
     * so that the discarded branch never overflows into {@code 0 * inf}.
     */
    private static Tensor piecewise(String op, Tensor input, Tensor target, Reduction reduction, double k,
            boolean huber) {
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor z = input.sub(target).abs();
            Tensor loss;
            if (!huber && k == 0.0) {
                loss = z;
            } else {
                Tensor quadratic = Pointwise.mask(BinaryOp.LT, z, k);
                Tensor zc = minScalar(z, k);
                Tensor q = huber ? zc.mul(0.5).mul(zc) : zc.mul(0.5).mul(zc).div(k);
                Tensor l = huber ? z.sub(0.5 * k).mul(k) : z.sub(0.5 * k);
                loss = quadratic.mul(q).add(quadratic.rsub(1.0).mul(l));
            }
            out = reduce(loss, reduction);
        }
        if (Tensor.needsGrad(input, target)) {
            Tensor.record(out, new PiecewiseNode(input, target, reduction, k, huber));
        }
        return out;
    }

    /**
     * smooth_l1 / huber backward with {@code d = x - y}: {@code d <= -k ? -s : d >= k ? s : q} where s = 1
     * (smooth L1) or k (Huber) and q the quadratic's slope, d / beta or d; the target gets the negation.
     */
    static final class PiecewiseNode extends Node {
        private final Reduction reduction;
        private final double k;
        private final boolean huber;

        PiecewiseNode(Tensor input, Tensor target, Reduction reduction, double k, boolean huber) {
            super(input, target);
            this.reduction = reduction;
            this.k = k;
            this.huber = huber;
            save(input, target);
        }

        @Override
        public String name() {
            return huber ? "HuberLossBackward0" : "SmoothL1LossBackward0";
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor d = saved(0).sub(saved(1));
            Tensor gg = reduction == Reduction.MEAN ? g.div(d.numel()) : g;
            return new Tensor[] {
                next[0] == null ? null : slope(d).mul(gg),
                // PyTorch's target gradient is the backward with input and target swapped: equal to the
                // negated input gradient except at d == 0 with beta == 0, where both take the d <= -0 branch
                next[1] == null ? null : slope(saved(1).sub(saved(0))).mul(gg)
            };
        }

        /** d <= -k ? -s : d >= k ? s : the quadratic's slope (d / beta, or d); s = 1 (smooth L1) or k (Huber). */
        private Tensor slope(Tensor d) {
            double s = huber ? k : 1.0;
            Tensor below = Pointwise.mask(BinaryOp.LE, d, -k);
            Tensor above = Pointwise.mask(BinaryOp.GE, d, k).mul(below.rsub(1.0));
            Tensor slope = above.sub(below).mul(s);
            if (k > 0.0) {
                Tensor inside = below.add(above).rsub(1.0);
                slope = slope.add(inside.mul(huber ? d : d.div(k)));
            }
            return slope;
        }
    }

    // ------------------------------------------------------------------------------------- kl_div

    /** kl_div; {@code batchmean} sums and divides by the batch size (the first dimension), as PyTorch's Python does. */
    static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean batchmean, boolean logTarget) {
        String op = "kl_div";
        nonNull(op, input, target, reduction);
        sameShapeAndType(op, input, target);
        Tensor loss;
        if (logTarget) {
            loss = target.exp().mul(target.sub(input));
        } else {
            // xlogy(y, y) - y * x, with xlogy(0, 0) = 0: y * log(y + (y == 0))
            Tensor zero;
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                zero = Pointwise.mask(BinaryOp.EQ, target, 0.0);
            }
            loss = target.mul(target.add(zero).log()).sub(target.mul(input));
        }
        if (batchmean) {
            Tensor s = loss.sum();
            return input.dim() == 0 ? s : s.div(input.shape[0]);
        }
        return reduce(loss, reduction);
    }
}

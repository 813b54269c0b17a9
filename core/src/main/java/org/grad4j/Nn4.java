package org.grad4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Function;

import org.grad4j.autograd.Autograd;
import org.grad4j.autograd.GradMode;
import org.grad4j.spi.BinaryOp;

/**
 * The nn4 layers' functional forms: max_unpool1d/3d, dropout3d, grid_sample, affine_grid, gumbel_softmax,
 * multilabel_margin_loss and triplet_margin_with_distance_loss. Composites of existing ops; where PyTorch's result
 * carries a node of its own name (GridSampler2DBackward0, AffineGridGeneratorBackward0) the composite runs on
 * detached leaves behind one node of that name ({@link #named}).
 */
final class Nn4 {
    private Nn4() {
    }

    /** {@link NnLayers#named} handing zeros to inputs the inner graph does not reach, as PyTorch's kernels do. */
    static Tensor named(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        return NnLayers.named(name, true, f, inputs);
    }

    // ---------------------------------------------------------------- unpooling

    /** PyTorch's _unpool_output_size, in F.max_unpool1d/3d's Python: the default, or output_size checked. */
    static int[] unpoolOutputSize(String op, int[] in, int[] k, int[] s, int[] p, int[] outputSize) {
        int d = k.length;
        int[] dflt = new int[d];
        for (int i = 0; i < d; i++) {
            dflt[i] = (in[in.length - d + i] - 1) * s[i] + k[i] - 2 * p[i];
        }
        if (outputSize == null) {
            return dflt;
        }
        int[] given = outputSize.length == d + 2 ? Arrays.copyOfRange(outputSize, 2, d + 2) : outputSize;
        if (given.length != d) {
            throw new IllegalArgumentException(op + ": output_size should be a sequence containing " + d + " or "
                    + (d + 2) + " elements, but it has a length of '" + given.length + "'");
        }
        for (int i = 0; i < d; i++) {
            int min = dflt[i] - s[i];
            int max = dflt[i] + s[i];
            if (!(min < given[i] && given[i] < max)) {
                throw new IllegalArgumentException(op + ": invalid output_size \"" + Arrays.toString(given) + "\" (dim "
                        + i + " must be between " + min + " and " + max + ")");
            }
        }
        return given;
    }

    /** One int for every dim, or d ints; null stays null. */
    private static int[] tuple(String op, String what, int[] v, int d) {
        if (v == null) {
            return null;
        }
        if (v.length == 1) {
            int[] out = new int[d];
            Arrays.fill(out, v[0]);
            return out;
        }
        if (v.length != d) {
            throw new IllegalArgumentException(op + ": " + what + " must be " + (d == 1 ? "one int" : "one int or " + d
                    + " ints") + ", got " + Arrays.toString(v));
        }
        return v.clone();
    }

    /** F.max_unpool1d: max_unpool2d of the input with a trailing unit dim, squeezed back (SqueezeBackward1). */
    static Tensor maxUnpool1d(Tensor input, Tensor indices, int[] kernel, int[] stride, int[] padding,
            int[] outputSize) {
        String op = "max_unpool1d";
        Indexing.nonNull(op, input, indices);
        int[] k = tuple(op, "kernel_size", kernel, 1);
        if (k == null) {
            throw new IllegalArgumentException(op + ": kernel_size must be one int, got null");
        }
        int[] s = stride == null ? k : tuple(op, "stride", stride, 1);
        int[] p = padding == null ? new int[] {0} : tuple(op, "padding", padding, 1);
        if (input.dim() == 0) {
            throw new IllegalArgumentException(op + ": Input to max_unpooling2d should be a 3d or 4d Tensor, but got a "
                    + "tensor with 1 dimensions.");
        }
        int[] size = unpoolOutputSize(op, input.shape(), k, s, p, outputSize);
        try {
            return Pools.maxUnpool2d(input.unsqueeze(-1), indices.dim() == 0 ? indices : indices.unsqueeze(-1),
                    new int[] {k[0], 1}, new int[] {s[0], 1}, new int[] {p[0], 0}, new int[] {size[0], 1}).squeeze(-1);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new IllegalArgumentException(m.startsWith("max_unpool2d: ") ? op + ": " + m.substring(14) : m, e);
        }
    }

    /** F.max_unpool3d: each value scattered to its index in its (D, H, W) plane; MaxUnpool3DBackward0 gathers. */
    static Tensor maxUnpool3d(Tensor input, Tensor indices, int[] kernel, int[] stride, int[] padding,
            int[] outputSize) {
        String op = "max_unpool3d";
        Indexing.nonNull(op, input, indices);
        int[] k = tuple(op, "kernel_size", kernel, 3);
        if (k == null) {
            throw new IllegalArgumentException(op + ": kernel_size must be one int or 3 ints, got null");
        }
        int[] s = stride == null ? k : tuple(op, "stride", stride, 3);
        int[] p = padding == null ? new int[3] : tuple(op, "padding", padding, 3);
        if (input.dim() < 3) {
            throw new IllegalArgumentException(op + ": Input to max_unpooling3d should be a 4d or 5d Tensor, but got a "
                    + "tensor with " + input.dim() + " dimensions.");
        }
        int[] out = unpoolOutputSize(op, input.shape(), k, s, p, outputSize);
        if (indices.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": elements in indices should be type int64");
        }
        if (input.dim() != 4 && input.dim() != 5) {
            throw new IllegalArgumentException(op + ": Input to max_unpooling3d should be a 4d or 5d Tensor, but got a "
                    + "tensor with " + input.dim() + " dimensions.");
        }
        if (!Arrays.equals(input.shape(), indices.shape())) {
            throw new IllegalArgumentException(op + ": Expected shape of indices to be same as that of the input tensor ("
                    + Shapes.str(input.shape()) + ") but got indices tensor with shape: " + Shapes.str(indices.shape()));
        }
        for (int i = 1; i < input.dim(); i++) {
            if (input.size(i) == 0) {
                throw new IllegalArgumentException(op + ": max_unpooling3d_forward_out_cpu(): Expected input to have "
                        + "non-zero size for non-batch dimensions, but got " + Shapes.str(input.shape())
                        + " with dimension " + i + " being empty.");
            }
        }
        if (out[0] <= 0 || out[1] <= 0 || out[2] <= 0) {
            throw new IllegalArgumentException(op + ": MaxUnpooling3d: output_size must be greater than zero");
        }
        if (s[0] <= 0 || s[1] <= 0 || s[2] <= 0) {
            throw new IllegalArgumentException(op + ": strides should be greater than zero, but got stride: "
                    + Shapes.str(s));
        }
        if (!input.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": \"max_unpooling3d_forward_out\" not implemented for '"
                    + DTypes.typeName(input.dtype()) + "'");
        }
        int inPlane = input.size(-1) * input.size(-2) * input.size(-3);
        int planes = (int) (input.numel() / Math.max(1, inPlane));
        long plane = (long) out[0] * out[1] * out[2];
        Shapes.checkIndexable(op, new int[] {planes, out[0], out[1], out[2]});
        Tensor flat = indices.reshape(planes, inPlane);
        Long invalid = null;
        for (long v : flat.contiguous().toLongArray()) {
            if (v < 0 || v >= plane) {
                invalid = v;   // PyTorch's kernel reports the last one
            }
        }
        if (invalid != null) {
            throw new IllegalArgumentException(op + ": Found an invalid max index: " + invalid
                    + " (output volumes are of size " + out[0] + "x" + out[1] + "x" + out[2]);
        }
        int[] shape = input.shape();
        System.arraycopy(out, 0, shape, shape.length - 3, 3);
        Tensor y;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            y = Tensor.zeroed(op, new int[] {planes, (int) plane}, input.dtype(), input.backend())
                    .scatter(1, flat, input.reshape(planes, inPlane)).reshape(shape);
        }
        if (Tensor.needsGrad(input)) {
            int[] inShape = input.shape();
            Tensor.record(y, new Indexing.FnNode("MaxUnpool3DBackward0",
                    g -> new Tensor[] {g.reshape(planes, (int) plane).gather(1, flat).reshape(inShape)}, input));
        }
        return y;
    }

    // ---------------------------------------------------------------- dropout3d

    /** F.dropout3d: feature dropout of [N, C, D, H, W]; any other rank is read as unbatched (PyTorch warns). */
    static Tensor dropout3d(Tensor input, double p, boolean training, boolean inplace, Generator generator) {
        String op = "dropout3d";
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(op + ": dropout probability has to be between 0 and 1, but got " + p);
        }
        if (input == null || generator == null) {
            throw new IllegalArgumentException(op + ": expected an input tensor and a Generator, got null");
        }
        boolean batched = input.dim() == 5;
        Tensor x = batched ? input : input.unsqueeze(0);
        if (x.dim() < 2) {
            throw new IllegalArgumentException(op + ": Feature dropout requires at least 2 dimensions in the input");
        }
        if (p == 0 || !training || input.numel() == 0) {
            return batched ? input : x.squeeze(0);
        }
        Tensor out;
        if (p == 1) {
            Tensor zero = Tensor.full(new int[0], 0.0, input.dtype(), input.device());
            out = inplace && batched ? input.mul_(zero) : x.mul(zero);
        } else {
            out = NnLayers.featureDropout(x, p, inplace && batched, generator);
        }
        if (batched) {
            return out;
        }
        return inplace ? input.copy_(out.squeeze(0)) : out.squeeze(0);
    }

    // ---------------------------------------------------------------- gumbel_softmax

    /** F.gumbel_softmax: softmax((logits - log(Exp(1))) / tau), straight-through one-hot when hard. */
    static Tensor gumbelSoftmax(Tensor logits, double tau, boolean hard, int dim, Generator generator) {
        String op = "gumbel_softmax";
        Indexing.nonNull(op, logits, generator);
        if (!logits.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": \"exponential_cpu\" not implemented for '"
                    + DTypes.typeName(logits.dtype()) + "'");
        }
        Tensor gumbels;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            gumbels = Tensor.zerosLike(logits).contiguous().exponential_(1.0, generator).log().neg();
        }
        Tensor ySoft = logits.add(gumbels).div(tau).softmax(dim);
        if (!hard) {
            return ySoft;
        }
        Tensor index = ySoft.max(dim, true).indices();
        Tensor yHard = Tensor.zerosLike(logits).scatter(dim, index, 1.0);
        return yHard.sub(ySoft.detach()).add(ySoft);
    }

    // ---------------------------------------------------------------- losses

    /** F.triplet_margin_with_distance_loss: clamp(d(a, p) - d(a, n) + margin, min=0), reduced. */
    static Tensor tripletMarginWithDistance(Tensor anchor, Tensor positive, Tensor negative,
            BinaryOperator<Tensor> distance, double margin, boolean swap, Reduction reduction) {
        String op = "triplet_margin_with_distance_loss";
        Indexing.nonNull(op, anchor, positive, negative);
        if (reduction == null) {
            throw new IllegalArgumentException(op + ": reduction must be NONE, MEAN or SUM, got null");
        }
        BinaryOperator<Tensor> d = distance != null ? distance
                : (x1, x2) -> NnLayers.pairwiseDistance(x1, x2, 2.0, 1e-6, false);
        Tensor pos = d.apply(anchor, positive);
        Tensor neg = d.apply(anchor, negative);
        if (pos == null || neg == null) {
            throw new IllegalArgumentException(op + ": the distance function returned null");
        }
        if (swap) {
            Tensor sw = d.apply(positive, negative);
            if (sw == null) {
                throw new IllegalArgumentException(op + ": the distance function returned null");
            }
            neg = neg.minimum(sw);
        }
        // torch.clamp(min=0.0): ClampBackward1 (clampMin would be clamp_min's ClampMinBackward0)
        Tensor out = pos.sub(neg).add(margin).clamp(0.0, Double.POSITIVE_INFINITY);
        return switch (reduction) {
            case MEAN -> out.mean();
            case SUM -> out.sum();
            case NONE -> out;
        };
    }

    /**
     * F.multilabel_margin_loss with ATen's CPU kernel: per sample, {@code sum over targets j (until the first -1) and
     * non-targets i of max(0, 1 - x[j] + x[i])}, divided by the class count; the sums run in double (ATen's
     * accumulate type), the terms in the input's dtype. The gradient is the kernel's, times grad_output.
     */
    static Tensor multilabelMargin(Tensor input, Tensor target, Reduction reduction) {
        String op = "multilabel_margin_loss";
        Indexing.nonNull(op, input, target);
        if (reduction == null) {
            throw new IllegalArgumentException(op + ": reduction must be NONE, MEAN or SUM, got null");
        }
        int nd = input.dim();
        if (!(nd == 2 && input.size(1) != 0 || nd == 1 && input.size(0) != 0 || nd == 0)) {
            throw new IllegalArgumentException(op + ": Expected non-empty vector or matrix with optional 0-dim batch "
                    + "size, but got: " + Shapes.str(input.shape()));
        }
        int nframe = nd <= 1 ? 1 : input.size(0);
        int dim = nd == 0 ? 1 : input.size(nd - 1);
        boolean consistent = nd <= 1 ? target.dim() <= 1 && target.numel() == dim
                : target.dim() == 2 && target.size(0) == nframe && target.size(1) == dim;
        if (!consistent) {
            throw new IllegalArgumentException(op + ": inconsistent size " + Shapes.str(target.shape())
                    + " for argument #2 'target'");
        }
        if (target.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": expected scalar type Long but found "
                    + DTypes.typeName(target.dtype()));
        }
        if (!input.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": \"multilabel_margin_loss_forward_out_frame\" not implemented for '"
                    + DTypes.typeName(input.dtype()) + "'");
        }
        long[] t = target.contiguous().toLongArray();
        for (long v : t) {
            if (v < -1 || v >= dim) {
                throw new IllegalArgumentException(op + ": argument #2 'target' is out of range");
            }
        }
        boolean f32 = input.dtype() == DType.FLOAT32;
        double[] x = input.detach().contiguous().toDoubleArray();
        double[] per = new double[nframe];
        double total = 0;
        double g = reduction == Reduction.MEAN ? 1.0 / ((double) nframe * dim) : 1.0 / dim;
        double gs = f32 ? (float) g : g;
        double[] grad = new double[nframe * dim];
        for (int n = 0; n < nframe; n++) {
            boolean[] isTarget = new boolean[dim];
            for (int j = 0; j < dim && t[n * dim + j] >= 0; j++) {
                isTarget[(int) t[n * dim + j]] = true;
            }
            double sum = 0;
            for (int j = 0; j < dim && t[n * dim + j] >= 0; j++) {
                int tj = (int) t[n * dim + j];
                double xt = x[n * dim + tj];
                for (int i = 0; i < dim; i++) {
                    if (!isTarget[i]) {
                        double z = f32 ? (float) ((float) (1 - xt) + x[n * dim + i]) : 1 - xt + x[n * dim + i];
                        if (z > 0) {
                            sum += z;
                            int a = n * dim + tj;
                            int b = n * dim + i;
                            grad[a] = f32 ? (float) (grad[a] - gs) : grad[a] - gs;
                            grad[b] = f32 ? (float) (grad[b] + gs) : grad[b] + gs;
                        }
                    }
                }
            }
            total += sum;
            per[n] = f32 ? (float) sum / (float) dim : sum / dim;
        }
        Tensor out;
        int[] gradShape = input.shape();
        if (reduction != Reduction.NONE || nd <= 1) {
            // ATen accumulates in double whenever the result is a scalar (a 1-d input's unreduced loss too)
            double v = total / dim;
            if (reduction == Reduction.MEAN) {
                v /= nframe;
            }
            out = Tensor.full(new int[0], v, input.dtype(), input.device());
        } else {
            out = Tensor.of(per, input.dtype(), input.device(), nframe);
        }
        if (Tensor.needsGrad(input)) {
            Tensor gi = Tensor.of(grad, input.dtype(), input.device(), gradShape);
            boolean scalar = out.dim() == 0;
            Tensor.record(out, new Indexing.FnNode("MultilabelMarginLossBackward0",
                    go -> new Tensor[] {gi.mul(scalar ? go : go.reshape(nframe, 1))}, input));
        }
        return out;
    }

    // ---------------------------------------------------------------- ctc_loss

    /**
     * F.ctc_loss with ATen's CPU algorithm: per sample, the forward variables alpha in log space over the extended
     * target (blanks between the labels), the negative log-likelihood from the last two; the backward node computes
     * beta and the gradient of eq. (16) the same way. Every step rounds in the input's dtype, as ATen's scalar_t.
     * {@code zero_infinity} zeroes infinite losses and their gradients; mean divides each loss by its target length
     * (at least 1) and averages.
     */
    static Tensor ctcLoss(Tensor logProbs, Tensor targets, long[] inputLengths, long[] targetLengths, int blank,
            Reduction reduction, boolean zeroInfinity) {
        String op = "ctc_loss";
        Indexing.nonNull(op, logProbs, targets, inputLengths, targetLengths);
        if (reduction == null) {
            throw new IllegalArgumentException(op + ": reduction must be NONE, MEAN or SUM, got null");
        }
        if (!logProbs.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": ctc_loss only supports floating-point dtypes");
        }
        boolean batched = logProbs.dim() == 3;
        Tensor lp = batched ? logProbs : logProbs.unsqueeze(1);
        String from = " (while checking arguments for ctc_loss_cpu)";
        if (lp.dim() != 3) {
            throw new IllegalArgumentException(op + ": Expected 3-dimensional tensor, but got " + lp.dim()
                    + "-dimensional tensor for argument #1 'log_probs'" + from);
        }
        if (targets.dim() < 1 || targets.dim() > 2) {
            throw new IllegalArgumentException(op + ": Expected " + (targets.dim() < 1 ? "at least 1" : "at most 2")
                    + " dimensions, but got " + targets.dim() + "-dimensional tensor for argument #2 'targets'" + from);
        }
        if (targets.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(op + ": expected integer targets, got " + targets.dtype().torchName());
        }
        int maxT = lp.size(0);
        int batch = lp.size(1);
        int classes = lp.size(2);
        if (blank < 0 || blank >= classes) {
            throw new IllegalArgumentException(op + ": blank must be in label range");
        }
        if (inputLengths.length != batch) {
            throw new IllegalArgumentException(op + ": input_lengths must be of size batch_size");
        }
        if (targetLengths.length != batch) {
            throw new IllegalArgumentException(op + ": target_lengths must be of size batch_size");
        }
        long[] tg = targets.to(DType.INT64).contiguous().toLongArray();
        int[] offsets = new int[batch];
        int maxS = 0;
        for (int b = 0; b < batch; b++) {
            if (targetLengths[b] < 0 || inputLengths[b] < 0) {
                throw new IllegalArgumentException(op + ": expected non-negative lengths, got input_lengths "
                        + Arrays.toString(inputLengths) + " and target_lengths " + Arrays.toString(targetLengths));
            }
            maxS = (int) Math.max(maxS, targetLengths[b]);
        }
        int targetStride;
        if (targets.dim() == 1) {
            long pos = 0;
            for (int b = 0; b < batch; b++) {
                offsets[b] = (int) pos;
                pos += targetLengths[b];
            }
            if (targets.size(0) != pos) {
                throw new IllegalArgumentException(op + ": Expected tensor to have size " + pos + " at dimension 0, but "
                        + "got size " + targets.size(0) + " for argument #2 'targets'" + from);
            }
            targetStride = 1;
        } else {
            if (targets.size(0) != batch) {
                throw new IllegalArgumentException(op + ": Expected tensor to have size " + batch + " at dimension 0, "
                        + "but got size " + targets.size(0) + " for argument #2 'targets'" + from);
            }
            if (targets.size(1) < maxS) {
                throw new IllegalArgumentException(op + ": Expected tensor to have size at least " + maxS + " at "
                        + "dimension 1, but got size " + targets.size(1) + " for argument #2 'targets'" + from);
            }
            for (int b = 0; b < batch; b++) {
                offsets[b] = b * targets.size(1);
            }
            targetStride = 1;
        }
        for (int b = 0; b < batch; b++) {
            if (inputLengths[b] > maxT) {
                throw new IllegalArgumentException(op + ": Expected input_lengths to have value at most " + maxT
                        + ", but got value " + inputLengths[b] + from);
            }
            for (int i = 0; i < targetLengths[b]; i++) {
                long label = tg[offsets[b] + i * targetStride];
                if (label < 0 || label >= classes) {
                    throw new IllegalArgumentException(op + ": target " + label + " of sample " + b + " is out of the "
                            + "label range [0, " + classes + ")");
                }
            }
        }
        Ctc ctc = new Ctc(lp.detach().contiguous().toDoubleArray(), lp.dtype() == DType.FLOAT32, maxT, batch, classes,
                tg, offsets, inputLengths, targetLengths, blank);
        Tensor nll = Tensor.of(ctc.forward(), lp.dtype(), lp.device(), batch);
        if (Tensor.needsGrad(lp)) {
            Tensor lpIn = lp;
            Tensor.record(nll, new Indexing.FnNode("CtcLossBackward0", go -> new Tensor[] {
                Tensor.of(ctc.backward(go.contiguous().toDoubleArray(), zeroInfinity), lpIn.dtype(), lpIn.device(),
                        maxT, batch, classes)}, lp));
        }
        Tensor res = nll;
        if (zeroInfinity) {
            res = Tensor.where(res.eq(Double.POSITIVE_INFINITY), Tensor.zeros(new int[0], res.dtype()).to(res.device()),
                    res);
        }
        if (reduction == Reduction.MEAN) {
            double[] tl = new double[batch];
            for (int b = 0; b < batch; b++) {
                tl[b] = Math.max(1, targetLengths[b]);
            }
            return res.div(Tensor.of(tl, res.dtype(), res.device(), batch)).mean();
        }
        if (reduction == Reduction.SUM) {
            return res.sum();
        }
        return batched ? res : res.squeeze(0);
    }

    /** ctc_loss with the lengths as int tensors (0-d or 1-d), converted to arrays as ATen's Tensor overload. */
    static Tensor ctcLoss(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths, int blank,
            Reduction reduction, boolean zeroInfinity) {
        String op = "ctc_loss";
        Indexing.nonNull(op, logProbs, targets, inputLengths, targetLengths);
        if (inputLengths.isFloatingPoint() || inputLengths.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(op + ": input_lengths must be integral");
        }
        if (targetLengths.isFloatingPoint() || targetLengths.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(op + ": target_lengths must be integral");
        }
        return ctcLoss(logProbs, targets, inputLengths.to(DType.INT64).contiguous().toLongArray(),
                targetLengths.to(DType.INT64).contiguous().toLongArray(), blank, reduction, zeroInfinity);
    }

    /** The CTC forward-backward of one batch, on the host; values rounded to float after each step for float32. */
    private static final class Ctc {
        private static final double NEG_INF = Double.NEGATIVE_INFINITY;
        private final double[] lp;   // [T, N, C]
        private final boolean f32;
        private final int maxT;
        private final int batch;
        private final int classes;
        private final long[] targets;
        private final int[] offsets;
        private final long[] inputLengths;
        private final long[] targetLengths;
        private final int blank;
        private final double[][] alpha;   // per sample, [T, 2 S + 1]
        private double[] nll;

        Ctc(double[] lp, boolean f32, int maxT, int batch, int classes, long[] targets, int[] offsets,
                long[] inputLengths, long[] targetLengths, int blank) {
            this.lp = lp;
            this.f32 = f32;
            this.maxT = maxT;
            this.batch = batch;
            this.classes = classes;
            this.targets = targets;
            this.offsets = offsets;
            this.inputLengths = inputLengths;
            this.targetLengths = targetLengths;
            this.blank = blank;
            this.alpha = new double[batch][];
        }

        private double r(double v) {
            return f32 ? (float) v : v;
        }

        private double exp(double v) {
            return r(Math.exp(v));
        }

        private double log(double v) {
            return r(Math.log(v));
        }

        private double logProb(int t, int b, int c) {
            return lp[(t * batch + b) * classes + c];
        }

        /** The s-th symbol of sample b's extended target: blank at even s, the (s - 1) / 2-th label at odd s. */
        private int prime(int b, int s) {
            return s % 2 == 0 ? blank : (int) targets[offsets[b] + s / 2];
        }

        double[] forward() {
            nll = new double[batch];
            for (int b = 0; b < batch; b++) {
                int len = (int) inputLengths[b];
                int tl = (int) targetLengths[b];
                int width = 2 * tl + 1;
                double[] la = new double[Math.max(len, 1) * width];
                Arrays.fill(la, NEG_INF);
                alpha[b] = la;
                if (len == 0) {
                    nll[b] = -(tl == 0 ? 0.0 : NEG_INF);
                    continue;
                }
                la[0] = logProb(0, b, blank);
                if (tl > 0) {
                    la[1] = logProb(0, b, prime(b, 1));
                }
                for (int t = 1; t < len; t++) {
                    for (int s = 0; s < width; s++) {
                        int cur = prime(b, s);
                        double la1 = la[(t - 1) * width + s];
                        double lamax = la1;
                        double la2 = NEG_INF;
                        double la3 = NEG_INF;
                        if (s > 0) {
                            la2 = la[(t - 1) * width + s - 1];
                            lamax = Math.max(lamax, la2);
                        }
                        if (s > 1 && prime(b, s - 2) != cur) {
                            la3 = la[(t - 1) * width + s - 2];
                            lamax = Math.max(lamax, la3);
                        }
                        if (lamax == NEG_INF) {
                            lamax = 0;
                        }
                        double sum = r(r(exp(r(la1 - lamax)) + exp(r(la2 - lamax))) + exp(r(la3 - lamax)));
                        la[t * width + s] = r(r(log(sum) + lamax) + logProb(t, b, cur));
                    }
                }
                double[] last = la;
                int end = (len - 1) * width;
                if (tl == 0) {
                    nll[b] = -last[end];
                } else {
                    double l1 = last[end + 2 * tl];
                    double l2 = last[end + 2 * tl - 1];
                    double m = Math.max(l1, l2);
                    m = m == NEG_INF ? 0 : m;
                    nll[b] = -r(log(r(exp(r(l1 - m)) + exp(r(l2 - m)))) + m);
                }
            }
            return nll.clone();
        }

        /** d(sum_b go[b] nll[b]) / d log_probs, [T, N, C], as ATen's ctc_loss_backward_cpu_template. */
        double[] backward(double[] go, boolean zeroInfinity) {
            double[] grad = new double[maxT * batch * classes];
            for (int b = 0; b < batch; b++) {
                int len = (int) inputLengths[b];
                int tl = (int) targetLengths[b];
                if (zeroInfinity && nll[b] == Double.POSITIVE_INFINITY) {
                    continue;   // zeros
                }
                int width = 2 * tl + 1;
                double[] la = alpha[b];
                double[] lb = new double[Math.max(len, 1) * width];
                Arrays.fill(lb, NEG_INF);
                double[] g = new double[Math.max(len, 1) * classes];   // log of sum alpha beta per (t, class)
                Arrays.fill(g, NEG_INF);
                if (len > 0) {
                    int t = len - 1;
                    lb[t * width + 2 * tl] = logProb(t, b, blank);
                    g[t * classes + blank] = r(la[t * width + 2 * tl] + lb[t * width + 2 * tl]);
                    if (tl > 0) {
                        int cur = prime(b, 2 * tl - 1);
                        lb[t * width + 2 * tl - 1] = logProb(t, b, cur);
                        g[t * classes + cur] = r(la[t * width + 2 * tl - 1] + lb[t * width + 2 * tl - 1]);
                    }
                }
                for (int t = len - 2; t >= 0; t--) {
                    for (int s = 2 * tl; s >= 0; s--) {
                        double lb1 = lb[(t + 1) * width + s];
                        double lbmax = lb1;
                        double lb2 = NEG_INF;
                        double lb3 = NEG_INF;
                        int cur = prime(b, s);
                        if (s < 2 * tl) {
                            lb2 = lb[(t + 1) * width + s + 1];
                            lbmax = Math.max(lbmax, lb2);
                        }
                        if (s < 2 * tl - 1 && prime(b, s + 2) != cur) {
                            lb3 = lb[(t + 1) * width + s + 2];
                            lbmax = Math.max(lbmax, lb3);
                        }
                        if (lbmax == NEG_INF) {
                            lbmax = 0;
                        }
                        double sum = r(r(exp(r(lb1 - lbmax)) + exp(r(lb2 - lbmax))) + exp(r(lb3 - lbmax)));
                        lb[t * width + s] = r(r(log(sum) + lbmax) + logProb(t, b, cur));
                        double lab = r(la[t * width + s] + lb[t * width + s]);
                        int at = t * classes + cur;
                        if (g[at] == NEG_INF) {
                            g[at] = lab;
                        } else {
                            double max = Math.max(g[at], lab);
                            g[at] = r(log(r(exp(r(g[at] - max)) + exp(r(lab - max)))) + max);
                        }
                    }
                }
                double gr = go[b];
                for (int t = 0; t < len; t++) {
                    for (int c = 0; c < classes; c++) {
                        double l = logProb(t, b, c);
                        double res = g[t * classes + c];
                        grad[(t * batch + b) * classes + c] = r(r(exp(l) - exp(r(r(res + nll[b]) - l))) * gr);
                    }
                }
            }
            return grad;
        }
    }

    // ---------------------------------------------------------------- fractional max pooling

    /**
     * F.fractional_max_pool2d/3d_with_indices: per plane, window starts from ATen's interval sequence
     * {@code (int) ((i + u) * alpha) - (int) (u * alpha)}, {@code alpha = (in - k) / (out - 1)} in the input's dtype
     * (the last window ends at the border), u one sample per plane and dim (samples drawn as
     * {@code torch.rand(N, C, d, dtype)} when none are given); the first maximum (or NaN) of each window.
     */
    static ValuesIndices fractionalMaxPool(int d, Tensor input, int[] kernelSize, int[] outputSize,
            double[] outputRatio, Tensor randomSamples, Generator generator) {
        String op = "fractional_max_pool" + d + "d";
        Indexing.nonNull(op, input, kernelSize);
        if (outputSize == null && outputRatio == null) {
            throw new IllegalArgumentException(op + ": fractional_max_pool" + d + "d requires specifying either an "
                    + "output_size or an output_ratio");
        }
        int[] k = tuple(op, "kernel_size", kernelSize, d);
        int[] out;
        if (outputSize != null) {
            out = tuple(op, "output_size", outputSize, d);
        } else {
            if (outputRatio.length != 1 && outputRatio.length != d) {
                throw new IllegalArgumentException(op + ": output_ratio must be one number or " + d + ", got "
                        + Arrays.toString(outputRatio));
            }
            if (input.dim() < d) {
                throw new IllegalArgumentException(op + ": Expected " + (d + 1) + "D or " + (d + 2) + "D tensor, but got: "
                        + Shapes.str(input.shape()));
            }
            out = new int[d];
            for (int i = 0; i < d; i++) {
                out[i] = (int) (input.size(input.dim() - d + i) * outputRatio[outputRatio.length == 1 ? 0 : i]);
            }
        }
        if (input.dim() != d + 1 && input.dim() != d + 2) {
            throw new IllegalArgumentException(op + ": fractional_max_pool" + d + "d(): Expected " + (d + 1) + "D or "
                    + (d + 2) + "D tensor, but got: " + Shapes.str(input.shape()));
        }
        for (int i = 1; i < input.dim(); i++) {
            if (input.size(i) <= 0) {
                throw new IllegalArgumentException(op + ": fractional_max_pool" + d + "d(): Expected input to have "
                        + "non-zero size for non-batch dimensions, but got" + Shapes.str(input.shape()) + " with dimension "
                        + i + " being empty.");
            }
        }
        String[] names = d == 2 ? new String[] {"height", "width"} : new String[] {"time", "height", "width"};
        int[] in = Arrays.copyOfRange(input.shape(), input.dim() - d, input.dim());
        for (int i = 0; i < d; i++) {
            if ((long) out[i] + k[i] - 1 > in[i]) {
                throw new IllegalArgumentException(op + ": fractional_max_pool" + d + "d(): pool " + names[i] + " " + k[i]
                        + " too large relative to input " + names[i] + " " + in[i]);
            }
            if (out[i] < 0 || k[i] <= 0) {
                throw new IllegalArgumentException(op + ": expected positive kernel_size and non-negative output_size, "
                        + "got " + Arrays.toString(k) + " and " + Arrays.toString(out));
            }
        }
        if (!input.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": \"fractional_max_pool" + d + "d_out_frame\" not implemented for '"
                    + DTypes.typeName(input.dtype()) + "'");
        }
        boolean batched = input.dim() == d + 2;
        int n = batched ? input.size(0) : 1;
        int c = input.size(batched ? 1 : 0);
        Tensor samples = randomSamples;
        if (samples == null) {
            if (generator == null) {
                throw new IllegalArgumentException(op + ": expected a Generator or _random_samples, got null");
            }
            samples = TypedCreation.random("rand", new int[] {n, c, d}, input.dtype(), generator, false);
        }
        if (samples.dim() != 3 || samples.size(0) < n || samples.size(1) != c || samples.size(2) != d) {
            throw new IllegalArgumentException(op + ": expected _random_samples of shape " + Shapes.str(new int[] {n, c, d})
                    + ", got " + Shapes.str(samples.shape()));
        }
        boolean f32 = input.dtype() == DType.FLOAT32;
        double[] u = samples.to(input.dtype()).contiguous().toDoubleArray();
        double[] x = input.detach().contiguous().toDoubleArray();
        int inPlane = 1;
        int outPlane = 1;
        for (int i = 0; i < d; i++) {
            inPlane *= in[i];
            outPlane *= out[i];
        }
        int planes = n * c;
        double[] values = new double[planes * outPlane];
        long[] idx = new long[planes * outPlane];
        int[] pos = new int[d];
        for (int p = 0; p < planes; p++) {
            int[][] starts = new int[d][];
            for (int i = 0; i < d; i++) {
                // 2-d: sample 0 is the width's, 1 the height's; 3-d: time, height, width
                int sample = d == 2 ? 1 - i : i;
                starts[i] = intervals(u[p * d + sample], in[i], out[i], k[i], f32);
            }
            for (int o = 0; o < outPlane; o++) {
                int rest = o;
                for (int i = d - 1; i >= 0; i--) {
                    pos[i] = rest % out[i];
                    rest /= out[i];
                }
                double max = Double.NEGATIVE_INFINITY;
                int base = 0;
                for (int i = 0; i < d; i++) {
                    base = base * in[i] + starts[i][pos[i]];
                }
                int maxIndex = base;
                int windows = 1;
                for (int i = 0; i < d; i++) {
                    windows *= k[i];
                }
                for (int wdx = 0; wdx < windows; wdx++) {
                    int r = wdx;
                    int at = 0;
                    int[] off = new int[d];
                    for (int i = d - 1; i >= 0; i--) {
                        off[i] = r % k[i];
                        r /= k[i];
                    }
                    for (int i = 0; i < d; i++) {
                        at = at * in[i] + starts[i][pos[i]] + off[i];
                    }
                    double v = x[p * inPlane + at];
                    if (v > max || Double.isNaN(v)) {
                        max = v;
                        maxIndex = at;
                    }
                }
                values[p * outPlane + o] = max;
                idx[p * outPlane + o] = maxIndex;
            }
        }
        int[] shape = input.shape();
        System.arraycopy(out, 0, shape, shape.length - d, d);
        Tensor y = Tensor.of(values, input.dtype(), input.device(), shape);
        Tensor indices = Tensor.of(idx, shape).to(input.device());
        if (Tensor.needsGrad(input)) {
            int[] inShape = input.shape();
            int ip = inPlane;
            int op2 = outPlane;
            Tensor flat = indices.reshape(planes, op2);
            Tensor.record(y, new Indexing.FnNode("FractionalMaxPool" + d + "DBackward0", g -> new Tensor[] {
                Tensor.zeros(new int[] {planes, ip}).to(g.dtype()).to(g.device())
                        .scatterAdd(1, flat, g.reshape(planes, op2)).reshape(inShape)}, input));
        }
        return new ValuesIndices(y, indices);
    }

    /** ATen's fractional_max_pool generate_intervals, in the input's dtype. */
    private static int[] intervals(double sample, int in, int out, int pool, boolean f32) {
        int[] seq = new int[out];
        if (out > 1) {
            double alpha = f32 ? (float) (in - pool) / (float) (out - 1) : (double) (in - pool) / (out - 1);
            for (int i = 0; i < out - 1; i++) {
                double a = f32 ? (float) ((float) (i + sample) * alpha) : (i + sample) * alpha;
                double b = f32 ? (float) (sample * alpha) : sample * alpha;
                seq[i] = (int) a - (int) b;
            }
        }
        if (out > 0) {
            seq[out - 1] = in - pool;
        }
        return seq;
    }

    // ---------------------------------------------------------------- affine_grid

    /** A linspace(-1, 1, n) as ATen's affine grid builds it (scaled by (n - 1) / n unless align_corners), n <= 1: 0. */
    private static double[] steps(int n, boolean corners, DType dt) {
        double[] v = new double[n];
        if (n <= 1) {
            return v;
        }
        double[] r = Creation.linspaceValues(-1.0, 1.0, n, dt);
        for (int i = 0; i < n; i++) {
            v[i] = corners ? r[i] : dt == DType.FLOAT32 ? (float) ((float) (r[i] * (n - 1)) / n) : r[i] * (n - 1) / n;
        }
        return v;
    }

    /** F.affine_grid: the base grid (x, y[, z], 1) times theta transposed, one bmm (AffineGridGeneratorBackward0). */
    static Tensor affineGrid(Tensor theta, int[] size, Boolean alignCorners) {
        String op = "affine_grid";
        Indexing.nonNull(op, theta, size);
        boolean corners = alignCorners != null && alignCorners;
        if (!theta.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": Expected theta to have floating point type, but got "
                    + theta.dtype().torchName());
        }
        int[] ts = theta.shape();
        String got = "torch.Size(" + Shapes.str(ts) + ")";
        int d;
        if (size.length == 4) {
            if (theta.dim() != 3 || ts[1] != 2 || ts[2] != 3) {
                throw new IllegalArgumentException(op + ": Expected a batch of 2D affine matrices of shape Nx2x3 for size "
                        + Shapes.str(size) + ". Got " + got + ".");
            }
            d = 2;
        } else if (size.length == 5) {
            if (theta.dim() != 3 || ts[1] != 3 || ts[2] != 4) {
                throw new IllegalArgumentException(op + ": Expected a batch of 3D affine matrices of shape Nx3x4 for size "
                        + Shapes.str(size) + ". Got " + got + ".");
            }
            d = 3;
        } else {
            throw new IllegalArgumentException(op + ": affine_grid only supports 4D and 5D sizes, for 2D and 3D affine "
                    + "transforms, respectively. Got size " + Shapes.str(size) + ".");
        }
        int minSpatial = Integer.MAX_VALUE;
        int min = Integer.MAX_VALUE;
        for (int i = 0; i < size.length; i++) {
            min = Math.min(min, size[i]);
            if (i >= 2) {
                minSpatial = Math.min(minSpatial, size[i]);
            }
        }
        if (!(corners && minSpatial == 1) && min <= 0) {
            throw new IllegalArgumentException(op + ": Expected non-zero, positive output size. Got " + Shapes.str(size));
        }
        int n = size[0];
        if (ts[0] != n) {
            throw new IllegalArgumentException(op + ": Expected theta's batch size " + ts[0] + " to equal size[0] = " + n);
        }
        int[] spatial = Arrays.copyOfRange(size, 2, size.length);   // (H, W) or (D, H, W)
        long volume = 1;
        for (int v : spatial) {
            volume *= Math.max(v, 0);
            if (volume * n * (d + 1) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(op + ": a grid of size " + Shapes.str(size) + " has more than "
                        + Integer.MAX_VALUE + " elements");
            }
        }
        int points = (int) volume;
        DType dt = theta.dtype();
        double[] base = Allocation.guard(op, new int[] {points, d + 1}, dt, null, () -> new double[points * (d + 1)]);
        double[][] lin = new double[d][];
        for (int k = 0; k < d; k++) {   // component k runs along spatial dim d - 1 - k (x along W)
            lin[k] = steps(spatial[d - 1 - k], corners, dt);
        }
        for (int pt = 0; pt < points; pt++) {
            int rest = pt;
            for (int k = 0; k < d; k++) {
                int extent = spatial[d - 1 - k];
                base[pt * (d + 1) + k] = lin[k][rest % extent];
                rest /= extent;
            }
            base[pt * (d + 1) + d] = 1.0;
        }
        Tensor baseGrid = Tensor.of(base, dt, theta.device(), 1, points, d + 1).expand(n, points, d + 1);
        int[] outShape = new int[d + 2];
        outShape[0] = n;
        System.arraycopy(spatial, 0, outShape, 1, d);
        outShape[d + 1] = d;
        return named("AffineGridGeneratorBackward0",
                in -> baseGrid.bmm(in[0].transpose(1, 2)).reshape(outShape), theta);
    }

    // ---------------------------------------------------------------- grid_sample

    /**
     * F.grid_sample with ATen's CPU kernels: the 2-d one's vectorized arithmetic (unnormalize as {@code (g + 1) * s
     * - 0.5}, reflection by folding with trunc), the 3-d one's scalar arithmetic (fmod, floor flips); corner values
     * gathered, out-of-bounds ones masked to zero, weighted in the kernels' order. Clipping passes the gradient only
     * strictly inside the border, as ATen's; nearest hands the grid a zero gradient.
     */
    static Tensor gridSample(Tensor input, Tensor grid, String mode, String paddingMode, Boolean alignCorners) {
        String op = "grid_sample";
        Indexing.nonNull(op, input, grid);
        if (!"bilinear".equals(mode) && !"nearest".equals(mode) && !"bicubic".equals(mode)) {
            throw new IllegalArgumentException(op + ": nn.functional.grid_sample(): expected mode to be 'bilinear', "
                    + "'nearest' or 'bicubic', but got: '" + mode + "'");
        }
        if (!"zeros".equals(paddingMode) && !"border".equals(paddingMode) && !"reflection".equals(paddingMode)) {
            throw new IllegalArgumentException(op + ": nn.functional.grid_sample(): expected padding_mode to be 'zeros', "
                    + "'border', or 'reflection', but got: '" + paddingMode + "'");
        }
        boolean corners = alignCorners != null && alignCorners;
        if (!input.device().equals(grid.device())) {
            throw new IllegalArgumentException(op + ": grid_sampler(): expected input and grid to be on same device, but "
                    + "input is on " + input.device() + " and grid is on " + grid.device());
        }
        String sizes = "input with sizes " + Shapes.str(input.shape()) + " and grid with sizes " + Shapes.str(grid.shape());
        if (input.dim() < 3 || grid.dim() < 3) {
            throw new IllegalArgumentException(op + ": grid_sampler(): expected 4D or 5D input and grid with same number "
                    + "of dimensions, but got " + sizes);
        }
        if (input.size(0) != grid.size(0)) {
            throw new IllegalArgumentException(op + ": grid_sampler(): expected grid and input to have same batch size, "
                    + "but got " + sizes);
        }
        int d = input.dim() - 2;
        if (grid.size(-1) != d) {
            throw new IllegalArgumentException(op + ": grid_sampler(): expected grid to have size " + d + " in last "
                    + "dimension, but got grid with sizes " + Shapes.str(grid.shape()));
        }
        for (int i = 2; i < input.dim(); i++) {
            if (input.size(i) <= 0) {
                throw new IllegalArgumentException(op + ": grid_sampler(): expected input to have non-empty spatial "
                        + "dimensions, but input has sizes " + Shapes.str(input.shape()) + " with dimension " + i
                        + " being empty");
            }
        }
        if (d == 2 || d == 3) {
            if (grid.dim() != input.dim()) {
                throw new IllegalArgumentException(op + ": grid_sampler(): expected " + (d + 2) + "D input and grid with "
                        + "same number of dimensions, but got " + sizes);
            }
        } else {
            throw new IllegalArgumentException(op + ": grid_sampler(): expected 5D input and grid with same number of "
                    + "dimensions, but got " + sizes);
        }
        if (d == 3 && mode.equals("bicubic")) {
            throw new IllegalArgumentException(op + ": grid_sampler(): bicubic interpolation only supports 4D input");
        }
        if (!input.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": \"grid_sampler_" + d + "d_cpu\" not implemented for '"
                    + DTypes.typeName(input.dtype()) + "'");
        }
        if (input.dtype() != grid.dtype()) {
            throw new IllegalArgumentException(op + ": expected scalar type " + DTypes.typeName(input.dtype())
                    + " but found " + DTypes.typeName(grid.dtype()) + " (grid_sampler(): input and grid must have the "
                    + "same dtype)");
        }
        Sampler s = new Sampler(input.shape(), grid.shape(), mode, paddingMode, corners);
        String name = d == 2 ? "GridSampler2DBackward0" : "GridSampler3DBackward0";
        boolean gridGrad = Tensor.needsGrad(grid);
        if (!Tensor.needsGrad(input) && !gridGrad) {
            Tensor[] parts = new Tensor[d];
            for (int k = 0; k < d; k++) {
                parts[k] = grid.select(-1, k);
            }
            return s.apply(input, parts);
        }
        // the composite runs on detached leaves, the grid split into its components: their gradients are stacked
        // back (a copy), so a -0.0 of a clipped coordinate survives as in ATen's kernel
        List<Tensor> wanted = new ArrayList<>();
        Tensor x = input.detach().requiresGrad_(input.requiresGrad());
        if (x.requiresGrad()) {
            wanted.add(x);
        }
        Tensor[] parts = new Tensor[d];
        for (int k = 0; k < d; k++) {
            parts[k] = grid.detach().select(-1, k).contiguous();
            if (gridGrad) {
                parts[k].requiresGrad_(true);
                wanted.add(parts[k]);
            }
        }
        Tensor inner = s.apply(x, parts);
        Tensor out = inner.detach();
        boolean inputGrad = x.requiresGrad();
        Tensor.record(out, new Indexing.FnNode(name, g -> {
            Tensor[] gs = inner.gradFn() == null ? new Tensor[wanted.size()]
                    : Autograd.grad(inner, wanted, g, true, true);
            Tensor gi = null;
            int at = 0;
            if (inputGrad) {
                gi = gs[at] != null ? gs[at] : Tensor.zerosLike(input);
                at++;
            }
            Tensor gg = null;
            if (gridGrad) {
                List<Tensor> comps = new ArrayList<>();
                for (int k = 0; k < d; k++, at++) {
                    comps.add(gs[at] != null ? gs[at] : Tensor.zerosLike(parts[k]));
                }
                gg = Tensor.stack(comps, -1);
            }
            return new Tensor[] {gi, gg};
        }, input, grid));
        return out;
    }

    /** One grid_sample configuration: the composite over (N, C, L) values and (N, P) coordinates. */
    private static final class Sampler {
        private final int n;
        private final int c;
        private final int d;
        private final int[] spatial;   // (H, W) or (D, H, W)
        private final int[] outShape;
        private final int points;
        private final String mode;
        private final String padding;
        private final boolean corners;

        Sampler(int[] in, int[] grid, String mode, String padding, boolean corners) {
            this.n = in[0];
            this.c = in[1];
            this.d = in.length - 2;
            this.spatial = Arrays.copyOfRange(in, 2, in.length);
            int p = 1;
            for (int i = 1; i <= d; i++) {
                p *= grid[i];
            }
            this.points = p;
            this.outShape = new int[d + 2];
            outShape[0] = n;
            outShape[1] = c;
            System.arraycopy(grid, 1, outShape, 2, d);
            this.mode = mode;
            this.padding = padding;
            this.corners = corners;
        }

        /** The extent of grid component k (x: the last spatial dim). */
        private int extent(int k) {
            return spatial[d - 1 - k];
        }

        /** The sampled values of {@code input} at the grid whose components (x, y[, z]) are {@code grid}. */
        Tensor apply(Tensor input, Tensor[] grid) {
            if (n == 0 || c == 0 || points == 0) {
                // nothing to sample: zeros of the output's shape (the caller gives the inputs zero gradients)
                return Tensor.zeros(outShape).to(input.dtype()).to(input.device());
            }
            Tensor src = input.reshape(n, c, -1);
            Tensor[] coord = new Tensor[d];
            for (int k = 0; k < d; k++) {
                Tensor u = unnormalize(grid[k].reshape(n, points), extent(k));
                coord[k] = mode.equals("bicubic") ? u : pad(u, extent(k));
            }
            Tensor out = switch (mode) {
                case "nearest" -> nearest(src, coord);
                case "bicubic" -> bicubic(src, coord);
                default -> d == 2 ? bilinear2d(src, coord) : trilinear(src, coord);
            };
            return out.reshape(outShape);
        }

        private Tensor unnormalize(Tensor g, int size) {
            if (d == 2) {   // the vectorized kernel's ComputeLocation
                return corners ? g.add(1.0).mul((size - 1) / 2.0) : g.add(1.0).mul(size / 2.0).sub(0.5);
            }
            return corners ? g.add(1.0).div(2.0).mul(size - 1) : g.add(1.0).mul(size).sub(1.0).div(2.0);
        }

        /** compute_coordinates: border clips, reflection reflects then clips. */
        private Tensor pad(Tensor x, int size) {
            return switch (padding) {
                case "border" -> clip(x, size - 1);
                case "reflection" -> d == 2 ? reflectVec(x, size) : clip(reflectScalar(x, size), size - 1);
                default -> x;
            };
        }

        /**
         * clamp(x, 0, max) whose gradient is the incoming one times 1 strictly inside (0, max), else 0 (so -0.0 for a
         * negative gradient), as ATen's clip_coordinates_set_grad.
         */
        private static Tensor clip(Tensor x, double max) {
            Tensor y;
            Tensor inside;
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                y = x.detach().clamp(0.0, max);
                inside = Pointwise.mask(BinaryOp.GT, x.detach(), 0.0).mul(Pointwise.mask(BinaryOp.LT, x.detach(), max));
            }
            if (Tensor.needsGrad(x)) {
                Tensor.record(y, new Indexing.FnNode("ClipCoordinatesBackward", g -> new Tensor[] {g.mul(inside)}, x));
            }
            return y;
        }

        private Tensor zeros(Tensor like) {
            return Tensor.zeros(like.shape()).to(like.dtype()).to(like.device());
        }

        /**
         * The vectorized kernel's reflect_coordinates, then clip_coordinates: fold |x - low| by the period, take the
         * nearer reflection, clamp. Its gradient is the incoming one times +-1 (a flip xor a negative x - low) strictly
         * inside the border, else times +0 (ATen masks the product with the clip's bits, so the incoming sign stays).
         */
        private Tensor reflectVec(Tensor x, int size) {
            if (corners && size <= 1) {
                return zeros(x);
            }
            double twice = corners ? 2.0 * (size - 1) : 2.0 * size;
            Tensor y;
            Tensor sign;
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                Tensor in = corners ? x.detach() : x.detach().add(0.5);
                Tensor a = in.abs();
                Tensor extra = a.sub(a.div(twice).trunc().mul(twice));
                Tensor reflected = extra.rsub(twice);
                Tensor r = Tensor.where(extra.gt(reflected), reflected, extra);
                r = corners ? r : r.sub(0.5);
                double max = size - 1;
                y = r.clamp(0.0, max);
                Tensor inside = r.gt(0.0).logicalAnd(r.lt(max));
                sign = Tensor.where(inside, flipSign(Pointwise.mask(BinaryOp.GT, extra, reflected),
                        Pointwise.mask(BinaryOp.LT, in, 0.0)), 0.0);
            }
            return withGradient(y, x, sign);
        }

        /** The scalar kernel's reflect_coordinates: fmod by the span, odd flips mirrored; gradient times +-1. */
        private Tensor reflectScalar(Tensor x, int size) {
            int twiceLow = corners ? 0 : -1;
            int twiceHigh = corners ? 2 * (size - 1) : 2 * size - 1;
            if (twiceLow == twiceHigh) {
                return zeros(x);
            }
            double min = twiceLow / 2.0;
            double span = (twiceHigh - twiceLow) / 2.0;
            Tensor y;
            Tensor sign;
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                Tensor in = x.detach().sub(min);
                Tensor a = in.abs();
                Tensor extra = a.fmod(span);
                Tensor odd = a.div(span).floor().remainder(2.0).eq(1.0);
                y = Tensor.where(odd, extra.rsub(span).add(min), extra.add(min));
                sign = flipSign(Pointwise.mask(BinaryOp.EQ, a.div(span).floor().remainder(2.0), 1.0),
                        Pointwise.mask(BinaryOp.LT, in, 0.0));
            }
            return withGradient(y, x, sign);
        }

        /** -1 where exactly one of the two 0/1 masks is set, else 1. */
        private static Tensor flipSign(Tensor flip, Tensor negative) {
            return flip.sub(negative).abs().mul(-2.0).add(1.0);
        }

        /** {@code y} on x's graph with the gradient {@code g * factor}. */
        private static Tensor withGradient(Tensor y, Tensor x, Tensor factor) {
            if (Tensor.needsGrad(x)) {
                Tensor.record(y, new Indexing.FnNode("ReflectCoordinatesBackward", g -> new Tensor[] {g.mul(factor)}, x));
            }
            return y;
        }

        /** The values at integral coordinates {@code at} (component k along extent(k)), zero outside. */
        private Tensor values(Tensor src, Tensor[] at) {
            Tensor valid = null;
            Tensor index = null;
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                for (int k = 0; k < d; k++) {
                    Tensor ok = at[k].gt(-1.0).logicalAnd(at[k].lt((double) extent(k)));
                    valid = valid == null ? ok : valid.logicalAnd(ok);
                }
                long stride = 1;
                for (int k = 0; k < d; k++) {
                    Tensor i = Tensor.where(valid, at[k], 0.0).to(DType.INT64).mul(stride);
                    index = index == null ? i : index.add(i);
                    stride *= extent(k);
                }
            }
            Tensor v = src.gather(2, index.unsqueeze(1).expand(n, c, points));
            return Tensor.where(valid.unsqueeze(1), v, 0.0);
        }

        private Tensor nearest(Tensor src, Tensor[] coord) {
            Tensor[] at = new Tensor[d];
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                for (int k = 0; k < d; k++) {
                    at[k] = coord[k].detach().round();
                }
            }
            return values(src, at);
        }

        private Tensor bilinear2d(Tensor src, Tensor[] coord) {
            Tensor x = coord[0];
            Tensor y = coord[1];
            Tensor xw;
            Tensor yn;
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                xw = x.detach().floor();
                yn = y.detach().floor();
            }
            Tensor w = x.sub(xw);
            Tensor e = w.rsub(1.0);
            Tensor nn = y.sub(yn);
            Tensor s = nn.rsub(1.0);
            Tensor xe = xw.add(1.0);
            Tensor ys = yn.add(1.0);
            Tensor out = values(src, new Tensor[] {xw, yn}).mul(s.mul(e).unsqueeze(1));
            out = out.add(values(src, new Tensor[] {xe, yn}).mul(s.mul(w).unsqueeze(1)));
            out = out.add(values(src, new Tensor[] {xw, ys}).mul(nn.mul(e).unsqueeze(1)));
            return out.add(values(src, new Tensor[] {xe, ys}).mul(nn.mul(w).unsqueeze(1)));
        }

        private Tensor trilinear(Tensor src, Tensor[] coord) {
            Tensor[] lo = new Tensor[3];
            Tensor[] hi = new Tensor[3];
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                for (int k = 0; k < 3; k++) {
                    lo[k] = coord[k].detach().floor();
                    hi[k] = lo[k].add(1.0);
                }
            }
            // ATen's corner order: t(op) / b(ottom) in z, n / s in y, w / e in x
            Tensor out = null;
            for (int corner = 0; corner < 8; corner++) {
                boolean zb = (corner & 4) != 0;
                boolean ys = (corner & 2) != 0;
                boolean xe = (corner & 1) != 0;
                Tensor wx = xe ? coord[0].sub(lo[0]) : hi[0].sub(coord[0]);
                Tensor wy = ys ? coord[1].sub(lo[1]) : hi[1].sub(coord[1]);
                Tensor wz = zb ? coord[2].sub(lo[2]) : hi[2].sub(coord[2]);
                Tensor v = values(src, new Tensor[] {xe ? hi[0] : lo[0], ys ? hi[1] : lo[1], zb ? hi[2] : lo[2]});
                Tensor term = v.mul(wx.mul(wy).mul(wz).unsqueeze(1));
                out = out == null ? term.add(0.0) : out.add(term);
            }
            return out;
        }

        /** The cubic convolution coefficients (A = -0.75) of the four taps at t, in the vectorized kernel's order. */
        private static Tensor[] cubic(Tensor t) {
            double a = -0.75;
            Tensor x0 = t.add(1.0);
            Tensor x1 = t;
            Tensor x2 = t.rsub(1.0);
            Tensor x3 = t.rsub(2.0);
            return new Tensor[] {outer(x0, a), inner(x1, a), inner(x2, a), outer(x3, a)};
        }

        /** ((A + 2) x - (A + 3)) x x + 1. */
        private static Tensor inner(Tensor x, double a) {
            return x.mul(a + 2).sub(a + 3).mul(x).mul(x).add(1.0);
        }

        /** ((A x - 5 A) x + 8 A) x - 4 A. */
        private static Tensor outer(Tensor x, double a) {
            return x.mul(a).sub(5 * a).mul(x).add(8 * a).mul(x).sub(4 * a);
        }

        private Tensor bicubic(Tensor src, Tensor[] coord) {
            Tensor x = coord[0];
            Tensor y = coord[1];
            Tensor ix;
            Tensor iy;
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                ix = x.detach().floor();
                iy = y.detach().floor();
            }
            Tensor[] cx = cubic(x.sub(ix));
            Tensor[] cy = cubic(y.sub(iy));
            Tensor[] tx = new Tensor[4];
            Tensor[] ty = new Tensor[4];
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                for (int i = 0; i < 4; i++) {
                    tx[i] = pad(ix.add(i - 1.0), extent(0));
                    ty[i] = pad(iy.add(i - 1.0), extent(1));
                }
            }
            Tensor out = null;
            for (int i = 0; i < 4; i++) {
                Tensor row = null;
                for (int j = 0; j < 4; j++) {
                    Tensor term = values(src, new Tensor[] {tx[j], ty[i]}).mul(cx[j].unsqueeze(1));
                    row = row == null ? term : row.add(term);
                }
                Tensor term = row.mul(cy[i].unsqueeze(1));
                out = out == null ? term : out.add(term);
            }
            return out;
        }
    }
}

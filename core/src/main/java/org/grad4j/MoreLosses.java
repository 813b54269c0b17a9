package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;

/**
 * The nnmore losses, each composed of existing ops in PyTorch 1.13's order (ATen's composite losses and the Python
 * ones of {@code torch.nn.functional}), so their grad_fn is PyTorch's last op; soft_margin_loss and
 * multi_margin_loss, ATen kernels of their own, record one node of PyTorch's name over the composite
 * ({@link NnLayers#named}).
 */
final class MoreLosses {
    private MoreLosses() {
    }

    static Tensor reduce(Tensor loss, Reduction reduction) {
        return switch (reduction) {
            case NONE -> loss;
            case MEAN -> loss.mean();
            case SUM -> loss.sum();
        };
    }

    private static void nonNull(String op, Reduction reduction, Tensor... ts) {
        for (Tensor t : ts) {
            if (t == null) {
                throw new IllegalArgumentException(op + ": expected input tensors, got null");
            }
        }
        if (reduction == null) {
            throw new IllegalArgumentException(op + ": reduction must be NONE, MEAN or SUM, got null");
        }
    }

    /** {@code max(0, -target * (x1 - x2) + margin)}. */
    static Tensor marginRanking(Tensor x1, Tensor x2, Tensor target, double margin, Reduction reduction) {
        nonNull("margin_ranking_loss", reduction, x1, x2, target);
        if (x1.dim() != x2.dim() || x1.dim() != target.dim()) {
            throw new IllegalArgumentException("margin_ranking_loss: margin_ranking_loss : All input tensors should have "
                    + "same dimension but got sizes: input1: " + size(x1) + ", input2: " + size(x2) + ", target: "
                    + size(target) + " ");
        }
        return reduce(target.neg().mul(x1.sub(x2)).add(margin).clampMin(0.0), reduction);
    }

    private static String size(Tensor t) {
        return "torch.Size(" + Arrays.toString(t.shape()) + ")";
    }

    /** {@code target != 1 ? max(0, margin - x) : 0} plus {@code target != -1 ? x : 0}. */
    static Tensor hingeEmbedding(Tensor x, Tensor target, double margin, Reduction reduction) {
        nonNull("hinge_embedding_loss", reduction, x, target);
        Tensor marginClamp = x.rsub(margin).clampMin(0.0);
        Tensor outMargin = Tensor.where(target.ne(1.0), marginClamp, 0.0);
        Tensor outSelf = Tensor.where(target.ne(-1.0), x, 0.0);
        return reduce(outMargin.add(outSelf), reduction);
    }

    /** {@code log(1 + exp(-target * x))} (grad_fn SoftMarginLossBackward0). */
    static Tensor softMargin(Tensor x, Tensor target, Reduction reduction) {
        nonNull("soft_margin_loss", reduction, x, target);
        if (!Arrays.equals(x.shape(), target.shape())) {
            Shapes.broadcast("soft_margin_loss", x.shape(), target.shape());
        }
        Losses.notDifferentiable("soft_margin_loss", "soft_margin_loss", "target", target);
        return NnLayers.named("SoftMarginLossBackward0",
                in -> reduce(in[0].neg().mul(in[1]).exp().log1p(), reduction), x, target);
    }

    /** Python's: {@code -(t logsigmoid(x) + (1 - t) logsigmoid(-x))}, weighted, summed over classes / C. */
    static Tensor multilabelSoftMargin(Tensor x, Tensor target, Tensor weight, Reduction reduction) {
        nonNull("multilabel_soft_margin_loss", reduction, x, target);
        Tensor loss = target.mul(x.logsigmoid()).add(target.rsub(1.0).mul(x.neg().logsigmoid())).neg();
        if (weight != null) {
            loss = loss.mul(weight);
        }
        int classDim = x.dim() - 1;
        int c = x.dim() == 0 ? 1 : x.shape()[classDim];
        loss = loss.sum(new int[] {classDim}, false).div((double) c);
        return reduce(loss, reduction);
    }

    /** ATen's: {@code where(t == 1, 1 - cos, 0) + where(t == -1, max(0, cos - margin), 0)}. */
    /** ATen's cosine_embedding_loss adds a float 1e-12 to the squared magnitudes, in double too. */
    private static final double EPSILON = 1e-12f;

    static Tensor cosineEmbedding(Tensor x1, Tensor x2, Tensor target, double margin, Reduction reduction) {
        nonNull("cosine_embedding_loss", reduction, x1, x2, target);
        int t = target.dim();
        if (t != 0 && t != 1) {
            throw new IllegalArgumentException("cosine_embedding_loss: 0D or 1D target tensor expected, multi-target not "
                    + "supported");
        }
        if (t == 1 && (x1.dim() != 2 || x2.dim() != 2)) {
            throw new IllegalArgumentException("cosine_embedding_loss: 1D target tensor expects 2D input tensors, but "
                    + "found inputs with sizes " + Arrays.toString(x1.shape()) + " and " + Arrays.toString(x2.shape())
                    + ".");
        }
        if (t == 0 && (x1.dim() != 1 || x2.dim() != 1)) {
            throw new IllegalArgumentException("cosine_embedding_loss: 0D target tensor expects 1D input tensors, but "
                    + "found inputs with sizes " + Arrays.toString(x1.shape()) + " and " + Arrays.toString(x2.shape())
                    + ".");
        }
        int[] d = {t};
        Tensor prodSum = x1.mul(x2).sum(d, false);
        Tensor mag1 = x1.mul(x1).sum(d, false).add(EPSILON);
        Tensor mag2 = x2.mul(x2).sum(d, false).add(EPSILON);
        Tensor cos = prodSum.div(mag1.mul(mag2).sqrt());
        Tensor pos = cos.rsub(1.0);
        Tensor neg = cos.sub(margin).clampMin(0.0);
        Tensor out = Tensor.where(target.eq(1.0), pos, 0.0).add(Tensor.where(target.eq(-1.0), neg, 0.0));
        return reduce(out, reduction);
    }

    /** {@code max(0, margin + d(a, p) - d(a, n))}, d the pairwise distance; swap takes min(d(a, n), d(p, n)). */
    static Tensor tripletMargin(Tensor anchor, Tensor positive, Tensor negative, double margin, double p, double eps,
            boolean swap, Reduction reduction) {
        nonNull("triplet_margin_loss", reduction, anchor, positive, negative);
        if (anchor.dim() != positive.dim() || anchor.dim() != negative.dim()) {
            throw new IllegalArgumentException("triplet_margin_loss: All inputs should have same dimension but got "
                    + anchor.dim() + "D, " + positive.dim() + "D and " + negative.dim() + "D inputs.");
        }
        Tensor dPos = NnLayers.pairwiseDistance(anchor, positive, p, eps, false);
        Tensor dNeg = NnLayers.pairwiseDistance(anchor, negative, p, eps, false);
        if (swap) {
            dNeg = dNeg.minimum(NnLayers.pairwiseDistance(positive, negative, p, eps, false));
        }
        return reduce(dPos.add(margin).sub(dNeg).clampMin(0.0), reduction);
    }

    /**
     * ATen's multi_margin_loss: per sample, {@code sum_{j != y} max(0, margin - x[y] + x[j])^p * w[y] / C}
     * (grad_fn MultiMarginLossBackward0).
     */
    static Tensor multiMargin(Tensor x, Tensor target, int p, double margin, Tensor weight, Reduction reduction) {
        nonNull("multi_margin_loss", reduction, x, target);
        if (p != 1 && p != 2) {
            throw new IllegalArgumentException("multi_margin_loss: only p == 1 and p == 2 supported");
        }
        if (x.dim() > 2 || (x.dim() == 2 && x.shape()[1] == 0)) {
            throw new IllegalArgumentException("multi_margin_loss: Expected non-empty vector or matrix with optional "
                    + "0-dim batch size, but got: " + Arrays.toString(x.shape()));
        }
        boolean vector = x.dim() <= 1;
        int n = vector ? 1 : x.shape()[0];
        int c = x.dim() == 0 ? 1 : x.shape()[x.dim() - 1];
        if (target.numel() != n || (target.dim() > 1)) {
            throw new IllegalArgumentException("multi_margin_loss: inconsistent target size, expected " + n + " but got "
                    + Arrays.toString(target.shape()));
        }
        if (target.dtype() != DType.INT64) {
            throw new IllegalArgumentException("multi_margin_loss: expected an int64 target, got "
                    + target.dtype().torchName());
        }
        long[] labels = target.toLongArray();
        for (long l : labels) {
            if (l < 0 || l >= c) {
                throw new IllegalArgumentException("multi_margin_loss: target out of range");
            }
        }
        if (weight != null && (weight.dim() != 1 || weight.numel() != c)) {
            throw new IllegalArgumentException("multi_margin_loss: inconsistent weight size, expected " + c + " but got "
                    + Arrays.toString(weight.shape()));
        }
        Tensor y = target.reshape(n, 1);
        Tensor xs = x.reshape(n, c);
        Tensor notTarget = Tensor.arange(c).to(x.device()).reshape(1, c).ne(y);
        Tensor wy = weight == null ? null : weight.gather(0, target.reshape(n)).reshape(n, 1);
        Tensor out;
        Tensor z;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            z = xs.gather(1, y).rsub(margin).add(xs);   // margin - x[y] + x[j]
            Tensor zc = z.clampMin(0.0);
            Tensor h = p == 2 ? zc.mul(zc) : zc;
            if (wy != null) {
                h = h.mul(wy);
            }
            Tensor per = Tensor.where(notTarget, h, 0.0).sum(new int[] {1}, false).div((double) c);
            out = reduce(vector ? per.reshape() : per, reduction);
        }
        if (Tensor.needsGrad(x)) {
            // PyTorch's backward kernel: h = (p == 1 ? g : 2 g z) * w[y] where z > 0 (else 0) off the target, minus
            // their sum at the target, then times grad_output (so a stopped element is 0 * grad_output, -0.0 there)
            double g = reduction == Reduction.MEAN ? 1.0 / ((double) n * c) : 1.0 / c;
            double gs = x.dtype() == DType.FLOAT32 ? (float) g : g;
            int[] shape = x.shape();
            Tensor.record(out, new Indexing.FnNode("MultiMarginLossBackward0", go -> {
                Tensor h = p == 1 ? Pointwise.mask(org.grad4j.spi.BinaryOp.GT, z, 0.0).mul(gs) : z.mul(2 * gs);
                h = Tensor.where(z.gt(0.0).logicalAnd(notTarget), h, 0.0);
                if (wy != null) {
                    h = h.mul(wy);
                }
                Tensor atTarget = h.sum(new int[] {1}, true).rsub(0.0);
                Tensor base = Tensor.where(notTarget, h, atTarget);
                Tensor scale = reduction == Reduction.NONE ? go.reshape(n, 1) : go;
                return new Tensor[] {base.mul(scale).reshape(shape)};
            }, x));
        }
        return out;
    }

    /** {@code exp(x) - t x} (log_input) or {@code x - t log(x + eps)}, plus Stirling's term where {@code t > 1}. */
    static Tensor poissonNll(Tensor x, Tensor target, boolean logInput, boolean full, double eps, Reduction reduction) {
        nonNull("poisson_nll_loss", reduction, x, target);
        Tensor loss = logInput ? x.exp().sub(target.mul(x)) : x.sub(target.mul(x.add(eps).log()));
        if (full) {
            Tensor stirling = target.mul(target.log()).sub(target).add(target.mul(2 * Math.PI).log().mul(0.5));
            loss = loss.add(stirling.maskedFill(target.le(1.0), 0.0));
        }
        return reduce(loss, reduction);
    }

    /** Python's: {@code 0.5 (log(max(var, eps)) + (x - t)^2 / max(var, eps))}, plus {@code 0.5 log(2 pi)} if full. */
    static Tensor gaussianNll(Tensor x, Tensor target, Tensor var, boolean full, double eps, Reduction reduction) {
        nonNull("gaussian_nll_loss", reduction, x, target, var);
        int[] xs = x.shape();
        int[] vs = var.shape();
        if (!Arrays.equals(xs, vs)) {
            int[] lead = Arrays.copyOf(xs, Math.max(xs.length - 1, 0));
            if (xs.length > 0 && Arrays.equals(lead, vs)) {
                var = var.unsqueeze(-1);
            } else if (!(vs.length > 0 && xs.length > 0 && Arrays.equals(lead, Arrays.copyOf(vs, vs.length - 1))
                    && vs[vs.length - 1] == 1)) {
                throw new IllegalArgumentException("gaussian_nll_loss: var is of incorrect size");
            }
        }
        if (var.lt(0.0).any().item() != 0.0) {
            throw new IllegalArgumentException("gaussian_nll_loss: var has negative entry/entries");
        }
        var = var.clone();
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            var.clampMin_(eps);
        }
        Tensor diff = x.sub(target);
        Tensor loss = var.log().add(diff.pow(2.0).div(var)).mul(0.5);
        if (full) {
            loss = loss.add(0.5 * Math.log(2 * Math.PI));
        }
        return reduce(loss, reduction);
    }
}

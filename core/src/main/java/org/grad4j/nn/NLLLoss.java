package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;

/**
 * Negative log-likelihood of log-probabilities, PyTorch's {@code nn.NLLLoss}: usually after {@code logSoftmax}.
 *
 * <pre>{@code
 * Tensor loss = new NLLLoss().forward(logits.logSoftmax(1), labels);   // labels int64 [N]
 * }</pre>
 */
public final class NLLLoss {
    private final Tensor weight;
    private final long ignoreIndex;
    private final Reduction reduction;

    /** No weight, ignore_index -100, mean reduction: PyTorch's defaults. */
    public NLLLoss() {
        this(null, -100, Reduction.MEAN);
    }

    /**
     * PyTorch's defaults with the given reduction.
     *
     * @param reduction NONE, MEAN or SUM
     */
    public NLLLoss(Reduction reduction) {
        this(null, -100, reduction);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param weight a weight per class, {@code [C]}, or null
     * @param ignoreIndex the class index to ignore (PyTorch's default -100)
     * @param reduction NONE, MEAN or SUM
     */
    public NLLLoss(Tensor weight, long ignoreIndex, Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("NLLLoss: reduction must be NONE, MEAN or SUM, got null");
        }
        this.weight = weight;
        this.ignoreIndex = ignoreIndex;
        this.reduction = reduction;
    }

    /**
     * The loss of {@code input} against {@code target}.
     *
     * @param input log-probabilities, {@code [N, C]}, {@code [N, C, d1, ...]} or {@code [C]}
     * @param target int64 class indices
     * @return the loss, as {@link Functional#nllLoss(Tensor, Tensor, Tensor, long, Reduction)} computes it
     */
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.nllLoss(input, target, weight, ignoreIndex, reduction);
    }

    /**
     * The reduction.
     *
     * @return how the per-element losses are combined
     */
    public Reduction reduction() {
        return reduction;
    }

    @Override
    public String toString() {
        return "NLLLoss()";
    }
}

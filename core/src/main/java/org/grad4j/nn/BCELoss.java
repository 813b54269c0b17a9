package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;

/**
 * Binary cross-entropy of probabilities, PyTorch's {@code nn.BCELoss}: {@code -w (y log x + (1 - y) log(1 - x))},
 * each log clamped at -100 as PyTorch does. For logits prefer {@link BCEWithLogitsLoss}, which is stable.
 *
 * <pre>{@code
 * Tensor loss = new BCELoss().forward(probabilities, targets);
 * }</pre>
 */
public final class BCELoss {
    private final Tensor weight;
    private final Reduction reduction;

    /** No weight, mean reduction. */
    public BCELoss() {
        this(null, Reduction.MEAN);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param weight an elementwise weight broadcastable to the input, or null
     * @param reduction NONE, MEAN or SUM
     */
    public BCELoss(Tensor weight, Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("BCELoss: reduction must be NONE, MEAN or SUM, got null");
        }
        this.weight = weight;
        this.reduction = reduction;
    }

    /**
     * The loss of {@code input} against {@code target}.
     *
     * @param input probabilities in [0, 1]
     * @param target targets of the input's shape and dtype
     * @return the loss, as {@link Functional#binaryCrossEntropy(Tensor, Tensor, Tensor, Reduction)} computes it
     */
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.binaryCrossEntropy(input, target, weight, reduction);
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
        return "BCELoss()";
    }
}

package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;

/**
 * Binary cross-entropy of logits, PyTorch's {@code nn.BCEWithLogitsLoss}: a sigmoid and {@link BCELoss} in one,
 * computed in a stable form (large logits neither overflow nor lose the gradient).
 *
 * <pre>{@code
 * Tensor loss = new BCEWithLogitsLoss().forward(logits, targets);
 * }</pre>
 */
public final class BCEWithLogitsLoss {
    private final Tensor weight;
    private final Reduction reduction;
    private final Tensor posWeight;

    /** No weights, mean reduction. */
    public BCEWithLogitsLoss() {
        this(null, Reduction.MEAN, null);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param weight an elementwise weight broadcastable to the input, or null
     * @param reduction NONE, MEAN or SUM
     * @param posWeight a weight of positive examples broadcastable to the input (typically one per class), or null
     */
    public BCEWithLogitsLoss(Tensor weight, Reduction reduction, Tensor posWeight) {
        if (reduction == null) {
            throw new IllegalArgumentException("BCEWithLogitsLoss: reduction must be NONE, MEAN or SUM, got null");
        }
        this.weight = weight;
        this.reduction = reduction;
        this.posWeight = posWeight;
    }

    /**
     * The loss of {@code input} against {@code target}.
     *
     * @param input logits
     * @param target targets of the input's shape and dtype
     * @return the loss, as {@link Functional#binaryCrossEntropyWithLogits(Tensor, Tensor, Tensor, Reduction, Tensor)}
     *     computes it
     */
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.binaryCrossEntropyWithLogits(input, target, weight, reduction, posWeight);
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
        return "BCEWithLogitsLoss()";
    }
}

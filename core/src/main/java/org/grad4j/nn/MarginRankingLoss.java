package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;

/** Ranking hinge loss, PyTorch's {@code nn.MarginRankingLoss(margin=0.0, reduction="mean")}. */
public final class MarginRankingLoss {
    private final double margin;
    private final Reduction reduction;

    /** PyTorch's defaults. */
    public MarginRankingLoss() {
        this(0.0, Reduction.MEAN);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param margin the margin
     * @param reduction NONE, MEAN or SUM
     */
    public MarginRankingLoss(double margin, Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("MarginRankingLoss: reduction must be NONE, MEAN or SUM, got null");
        }
        this.margin = margin;
        this.reduction = reduction;
    }

    /**
     * The loss.
     *
     * @param input1 the first scores
     * @param input2 the second scores
     * @param target 1 or -1 per element
     * @return the loss, as {@link Functional} computes it
     */
    public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
        return Functional.marginRankingLoss(input1, input2, target, margin, reduction);
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
        return "MarginRankingLoss()";
    }
}

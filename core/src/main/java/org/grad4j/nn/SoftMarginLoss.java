package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;

/** Two-class logistic loss, PyTorch's {@code nn.SoftMarginLoss(reduction="mean")}. */
public final class SoftMarginLoss {
    private final Reduction reduction;

    /** PyTorch's defaults. */
    public SoftMarginLoss() {
        this(Reduction.MEAN);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param reduction NONE, MEAN or SUM
     */
    public SoftMarginLoss(Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("SoftMarginLoss: reduction must be NONE, MEAN or SUM, got null");
        }
        this.reduction = reduction;
    }

    /**
     * The loss.
     *
     * @param input the scores
     * @param target 1 or -1 per element
     * @return the loss, as {@link Functional} computes it
     */
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.softMarginLoss(input, target, reduction);
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
        return "SoftMarginLoss()";
    }
}

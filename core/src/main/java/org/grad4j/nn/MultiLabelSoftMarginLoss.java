package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;

/** Multi-label one-versus-all logistic loss, PyTorch's {@code nn.MultiLabelSoftMarginLoss(weight=None, reduction="mean")}. */
public final class MultiLabelSoftMarginLoss {
    private final Tensor weight;
    private final Reduction reduction;

    /** PyTorch's defaults. */
    public MultiLabelSoftMarginLoss() {
        this(null, Reduction.MEAN);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param weight {@code [C]} class weights, or null
     * @param reduction NONE, MEAN or SUM
     */
    public MultiLabelSoftMarginLoss(Tensor weight, Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("MultiLabelSoftMarginLoss: reduction must be NONE, MEAN or SUM, got null");
        }
        this.weight = weight;
        this.reduction = reduction;
    }

    /**
     * The loss.
     *
     * @param input {@code [N, C]} scores
     * @param target {@code [N, C]} of 0 and 1
     * @return the loss, as {@link Functional} computes it
     */
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.multilabelSoftMarginLoss(input, target, weight, reduction);
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
        return "MultiLabelSoftMarginLoss()";
    }
}

package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;

/** Multi-class hinge loss, PyTorch's {@code nn.MultiMarginLoss(p=1, margin=1.0, weight=None, reduction="mean")}. */
public final class MultiMarginLoss {
    private final int p;
    private final double margin;
    private final Tensor weight;
    private final Reduction reduction;

    /** PyTorch's defaults. */
    public MultiMarginLoss() {
        this(1, 1.0, null, Reduction.MEAN);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param p 1 or 2
     * @param margin the margin
     * @param weight {@code [C]} class weights, or null
     * @param reduction NONE, MEAN or SUM
     */
    public MultiMarginLoss(int p, double margin, Tensor weight, Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("MultiMarginLoss: reduction must be NONE, MEAN or SUM, got null");
        }
        this.p = p;
        this.margin = margin;
        this.weight = weight;
        this.reduction = reduction;
    }

    /**
     * The loss.
     *
     * @param input {@code [N, C]} scores
     * @param target {@code [N]} int64 classes
     * @return the loss, as {@link Functional} computes it
     */
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.multiMarginLoss(input, target, p, margin, weight, reduction);
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
        return "MultiMarginLoss()";
    }
}

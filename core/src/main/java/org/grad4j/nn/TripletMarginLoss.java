package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;

/** Triplet loss, PyTorch's {@code nn.TripletMarginLoss(margin=1.0, p=2.0, eps=1e-06, swap=False, reduction="mean")}. */
public final class TripletMarginLoss {
    private final double margin;
    private final double p;
    private final double eps;
    private final boolean swap;
    private final Reduction reduction;

    /** PyTorch's defaults. */
    public TripletMarginLoss() {
        this(1.0, 2.0, 1e-6, false, Reduction.MEAN);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param margin the margin
     * @param p the distance's norm
     * @param eps added to the differences
     * @param swap whether to use the distance swap
     * @param reduction NONE, MEAN or SUM
     */
    public TripletMarginLoss(double margin, double p, double eps, boolean swap, Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("TripletMarginLoss: reduction must be NONE, MEAN or SUM, got null");
        }
        this.margin = margin;
        this.p = p;
        this.eps = eps;
        this.swap = swap;
        this.reduction = reduction;
    }

    /**
     * The loss.
     *
     * @param anchor the anchors
     * @param positive the positive examples
     * @param negative the negative examples
     * @return the loss, as {@link Functional} computes it
     */
    public Tensor forward(Tensor anchor, Tensor positive, Tensor negative) {
        return Functional.tripletMarginLoss(anchor, positive, negative, margin, p, eps, swap, reduction);
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
        return "TripletMarginLoss()";
    }
}

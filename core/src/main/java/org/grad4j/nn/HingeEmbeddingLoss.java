package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;

/** Hinge embedding loss, PyTorch's {@code nn.HingeEmbeddingLoss(margin=1.0, reduction="mean")}. */
public final class HingeEmbeddingLoss {
    private final double margin;
    private final Reduction reduction;

    /** PyTorch's defaults. */
    public HingeEmbeddingLoss() {
        this(1.0, Reduction.MEAN);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param margin the margin
     * @param reduction NONE, MEAN or SUM
     */
    public HingeEmbeddingLoss(double margin, Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("HingeEmbeddingLoss: reduction must be NONE, MEAN or SUM, got null");
        }
        this.margin = margin;
        this.reduction = reduction;
    }

    /**
     * The loss.
     *
     * @param input the distances
     * @param target 1 or -1 per element
     * @return the loss, as {@link Functional} computes it
     */
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.hingeEmbeddingLoss(input, target, margin, reduction);
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
        return "HingeEmbeddingLoss()";
    }
}

package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;

/** Cosine embedding loss, PyTorch's {@code nn.CosineEmbeddingLoss(margin=0.0, reduction="mean")}. */
public final class CosineEmbeddingLoss {
    private final double margin;
    private final Reduction reduction;

    /** PyTorch's defaults. */
    public CosineEmbeddingLoss() {
        this(0.0, Reduction.MEAN);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param margin the margin
     * @param reduction NONE, MEAN or SUM
     */
    public CosineEmbeddingLoss(double margin, Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("CosineEmbeddingLoss: reduction must be NONE, MEAN or SUM, got null");
        }
        this.margin = margin;
        this.reduction = reduction;
    }

    /**
     * The loss.
     *
     * @param input1 {@code [N, D]}
     * @param input2 {@code [N, D]}
     * @param target {@code [N]} of 1 and -1
     * @return the loss, as {@link Functional} computes it
     */
    public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
        return Functional.cosineEmbeddingLoss(input1, input2, target, margin, reduction);
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
        return "CosineEmbeddingLoss()";
    }
}

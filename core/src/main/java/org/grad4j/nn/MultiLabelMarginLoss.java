package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.MultiLabelMarginLoss(reduction='mean')}: the multi-class multi-label hinge loss; see
 * {@link Functional#multilabelMarginLoss}.
 */
public final class MultiLabelMarginLoss {
    private final Reduction reduction;

    /** {@code MultiLabelMarginLoss()}: the mean over the batch. */
    public MultiLabelMarginLoss() {
        this(Reduction.MEAN);
    }

    /**
     * Every option.
     *
     * @param reduction how to reduce the per-sample losses
     */
    public MultiLabelMarginLoss(Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("MultiLabelMarginLoss: reduction must be NONE, MEAN or SUM, got null");
        }
        this.reduction = reduction;
    }

    /**
     * The loss of {@code input} against {@code target}.
     *
     * @param input {@code [N, C]} or {@code [C]}
     * @param target int64 class indices of the input's shape, each row ended by -1 or full
     * @return the loss
     */
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.multilabelMarginLoss(input, target, reduction);
    }

    /**
     * The reduction.
     *
     * @return how the losses are reduced
     */
    public Reduction reduction() {
        return reduction;
    }

    @Override
    public String toString() {
        return "MultiLabelMarginLoss()";
    }
}

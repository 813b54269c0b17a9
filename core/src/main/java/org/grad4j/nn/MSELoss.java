package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;

/**
 * Mean squared error, PyTorch's {@code nn.MSELoss}. Its gradient is {@code 2 (x - y) / N} (mean) or
 * {@code 2 (x - y)} (sum): the factor 2 that hand-written versions forget.
 *
 * <pre>{@code
 * Tensor loss = new MSELoss().forward(prediction, target);
 * }</pre>
 *
 * Input and target must have equal shapes (PyTorch only warns); {@link #broadcasting()} allows broadcasting.
 */
public final class MSELoss {
    private final Reduction reduction;
    private final boolean broadcast;

    /** Mean reduction. */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    /**
     * The given reduction.
     *
     * @param reduction how the squared errors are combined
     */
    public MSELoss(Reduction reduction) {
        this(reduction, false);
    }

    private MSELoss(Reduction reduction, boolean broadcast) {
        if (reduction == null) {
            throw new IllegalArgumentException("MSELoss: reduction must be NONE, MEAN or SUM, got null");
        }
        this.reduction = reduction;
        this.broadcast = broadcast;
    }

    /**
     * The same loss, accepting input and target shapes that broadcast to each other.
     *
     * @return a new loss with the same reduction; this one is unchanged
     */
    public MSELoss broadcasting() {
        return new MSELoss(reduction, true);
    }

    /**
     * The loss of {@code input} against {@code target}.
     *
     * @param input the prediction
     * @param target the target
     * @return the loss, as {@link org.grad4j.Functional#mseLoss(Tensor, Tensor, Reduction, boolean)} computes it
     */
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.mseLoss(input, target, reduction, broadcast);
    }

    /**
     * The reduction.
     *
     * @return how the squared errors are combined
     */
    public Reduction reduction() {
        return reduction;
    }

    @Override
    public String toString() {
        return "MSELoss()";
    }
}

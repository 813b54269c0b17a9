package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;

/**
 * Mean absolute error, PyTorch's {@code nn.L1Loss}. Input and target must have equal shapes (PyTorch only warns).
 *
 * <pre>{@code
 * Tensor loss = new L1Loss().forward(prediction, target);
 * }</pre>
 */
public final class L1Loss {
    private final Reduction reduction;

    /** Mean reduction. */
    public L1Loss() {
        this(Reduction.MEAN);
    }

    /**
     * The given reduction.
     *
     * @param reduction NONE, MEAN or SUM
     */
    public L1Loss(Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("L1Loss: reduction must be NONE, MEAN or SUM, got null");
        }
        this.reduction = reduction;
    }

    /**
     * The loss of {@code input} against {@code target}.
     *
     * @param input the prediction
     * @param target the target, of the same shape
     * @return the loss, as {@link Functional#l1Loss(Tensor, Tensor, Reduction)} computes it
     */
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.l1Loss(input, target, reduction);
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
        return "L1Loss()";
    }
}

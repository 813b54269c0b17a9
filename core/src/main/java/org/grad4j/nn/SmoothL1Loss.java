package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;

/**
 * Smooth L1, PyTorch's {@code nn.SmoothL1Loss}: quadratic below {@code beta}, linear above.
 * Input and target must have equal shapes.
 *
 * <pre>{@code
 * Tensor loss = new SmoothL1Loss().forward(prediction, target);
 * }</pre>
 */
public final class SmoothL1Loss {
    private final Reduction reduction;
    private final double beta;

    /** Mean reduction, beta 1.0: PyTorch's defaults. */
    public SmoothL1Loss() {
        this(Reduction.MEAN, 1.0);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param reduction NONE, MEAN or SUM
     * @param beta the threshold, at least 0
     */
    public SmoothL1Loss(Reduction reduction, double beta) {
        if (reduction == null) {
            throw new IllegalArgumentException("SmoothL1Loss: reduction must be NONE, MEAN or SUM, got null");
        }
        this.reduction = reduction;
        this.beta = beta;
    }

    /**
     * The loss of {@code input} against {@code target}.
     *
     * @param input the prediction
     * @param target the target, of the same shape
     * @return the loss, as {@link Functional#smoothL1Loss(Tensor, Tensor, Reduction, double)} computes it
     */
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.smoothL1Loss(input, target, reduction, beta);
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
        return "SmoothL1Loss()";
    }
}

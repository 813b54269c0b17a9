package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;

/**
 * Huber loss, PyTorch's {@code nn.HuberLoss}: quadratic below {@code delta}, linear (slope delta)
 * above. Input and target must have equal shapes.
 *
 * <pre>{@code
 * Tensor loss = new HuberLoss().forward(prediction, target);
 * }</pre>
 */
public final class HuberLoss {
    private final Reduction reduction;
    private final double delta;

    /** Mean reduction, delta 1.0: PyTorch's defaults. */
    public HuberLoss() {
        this(Reduction.MEAN, 1.0);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param reduction NONE, MEAN or SUM
     * @param delta the threshold, positive
     */
    public HuberLoss(Reduction reduction, double delta) {
        if (reduction == null) {
            throw new IllegalArgumentException("HuberLoss: reduction must be NONE, MEAN or SUM, got null");
        }
        this.reduction = reduction;
        this.delta = delta;
    }

    /**
     * The loss of {@code input} against {@code target}.
     *
     * @param input the prediction
     * @param target the target, of the same shape
     * @return the loss, as {@link Functional#huberLoss(Tensor, Tensor, Reduction, double)} computes it
     */
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.huberLoss(input, target, reduction, delta);
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
        return "HuberLoss()";
    }
}

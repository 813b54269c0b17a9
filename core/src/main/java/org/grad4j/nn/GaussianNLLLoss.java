package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;

/** Gaussian negative log-likelihood, PyTorch's {@code nn.GaussianNLLLoss(full=False, eps=1e-06, reduction="mean")}. */
public final class GaussianNLLLoss {
    private final boolean full;
    private final double eps;
    private final Reduction reduction;

    /** PyTorch's defaults. */
    public GaussianNLLLoss() {
        this(false, 1e-6, Reduction.MEAN);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param full whether to add the constant
     * @param eps the variances' floor
     * @param reduction NONE, MEAN or SUM
     */
    public GaussianNLLLoss(boolean full, double eps, Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("GaussianNLLLoss: reduction must be NONE, MEAN or SUM, got null");
        }
        this.full = full;
        this.eps = eps;
        this.reduction = reduction;
    }

    /**
     * The loss.
     *
     * @param input the means
     * @param target the targets
     * @param var the variances
     * @return the loss, as {@link Functional} computes it
     */
    public Tensor forward(Tensor input, Tensor target, Tensor var) {
        return Functional.gaussianNllLoss(input, target, var, full, eps, reduction);
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
        return "GaussianNLLLoss()";
    }
}

package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;

/** Poisson negative log-likelihood, PyTorch's {@code nn.PoissonNLLLoss(log_input=True, full=False, eps=1e-08, reduction="mean")}. */
public final class PoissonNLLLoss {
    private final boolean logInput;
    private final boolean full;
    private final double eps;
    private final Reduction reduction;

    /** PyTorch's defaults. */
    public PoissonNLLLoss() {
        this(true, false, 1e-8, Reduction.MEAN);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param logInput whether the input is the log-rate
     * @param full whether to add Stirling's term
     * @param eps added inside the log when not logInput
     * @param reduction NONE, MEAN or SUM
     */
    public PoissonNLLLoss(boolean logInput, boolean full, double eps, Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("PoissonNLLLoss: reduction must be NONE, MEAN or SUM, got null");
        }
        this.logInput = logInput;
        this.full = full;
        this.eps = eps;
        this.reduction = reduction;
    }

    /**
     * The loss.
     *
     * @param input the (log-)rates
     * @param target the counts
     * @return the loss, as {@link Functional} computes it
     */
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.poissonNllLoss(input, target, logInput, full, eps, reduction);
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
        return "PoissonNLLLoss()";
    }
}

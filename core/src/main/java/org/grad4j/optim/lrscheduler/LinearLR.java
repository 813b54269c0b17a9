package org.grad4j.optim.lrscheduler;

import java.util.Map;

import org.grad4j.optim.Optimizer;

/**
 * Scales each group's learning rate linearly from {@code startFactor} to {@code endFactor} times the base
 * rate over {@code totalIters} epochs, PyTorch's {@code LinearLR} (its recursive form).
 */
public final class LinearLR extends LRScheduler {
    private final double startFactor;
    private final double endFactor;
    private final int totalIters;

    /**
     * PyTorch's defaults: from 1/3 to 1 over 5 epochs.
     *
     * @param optimizer the optimizer
     */
    public LinearLR(Optimizer optimizer) {
        this(optimizer, 1.0 / 3, 1.0, 5);
    }

    /**
     * Like {@code LinearLR(optimizer, start_factor, end_factor, total_iters)}.
     *
     * @param optimizer the optimizer
     * @param startFactor the factor at epoch 0, in (0, 1]
     * @param endFactor the factor from epoch {@code totalIters} on, in [0, 1]
     * @param totalIters the number of epochs of the ramp
     * @throws IllegalArgumentException if a factor is out of range
     */
    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        this(optimizer, startFactor, endFactor, totalIters, -1);
    }

    /**
     * Like {@code LinearLR(optimizer, start_factor, end_factor, total_iters, last_epoch)}: resumes after epoch
     * {@code lastEpoch}.
     *
     * @param optimizer the optimizer; resuming, each group must have {@code "initial_lr"}
     * @param startFactor the factor at epoch 0, in [0, 1] (PyTorch 1.13 accepts 0; its next step divides by 0)
     * @param endFactor the factor from epoch {@code totalIters} on, in [0, 1]
     * @param totalIters the number of epochs of the ramp
     * @param lastEpoch the index of the last epoch, -1 to start
     * @throws IllegalArgumentException if a factor is out of range (PyTorch 1.13's messages), or resuming without
     *         {@code "initial_lr"}
     */
    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters, int lastEpoch) {
        super(checked(optimizer, startFactor, endFactor), lastEpoch);
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        initialStep();
    }

    /** PyTorch's checks, before the base constructor touches the groups. */
    private static Optimizer checked(Optimizer optimizer, double startFactor, double endFactor) {
        check(!(startFactor > 1.0 || startFactor < 0), "LinearLR: Starting multiplicative factor expected to be between "
                + "0 and 1.");
        check(!(endFactor > 1.0 || endFactor < 0), "LinearLR: Ending multiplicative factor expected to be between 0 "
                + "and 1.");
        return optimizer;
    }

    @Override
    protected double[] getLr() {
        int epoch = lastEpoch();
        // the recursive form: each step scales the groups' current rates (by exactly 1 after total_iters)
        double f;
        if (epoch == 0) {
            f = startFactor;
        } else if (epoch > totalIters) {
            f = 1.0;
        } else {
            double denominator = totalIters * startFactor + (epoch - 1) * (endFactor - startFactor);
            if (denominator == 0) {
                throw new IllegalStateException("LinearLR.step: ZeroDivisionError: float division by zero (start_factor "
                        + startFactor + ", end_factor " + endFactor + ", epoch " + epoch + "), as PyTorch 1.13");
            }
            f = 1. + (endFactor - startFactor) / denominator;
        }
        double[] lrs = groupLrs();
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = lrs[i] * f;
        }
        return lrs;
    }

    @Override
    double[] closedFormLr() {
        if (totalIters == 0) {
            throw new IllegalStateException("LinearLR.step: ZeroDivisionError: division by zero (total_iters is 0), as "
                    + "PyTorch 1.13");
        }
        double f = startFactor + (endFactor - startFactor) * Math.min(totalIters, lastEpoch()) / totalIters;
        double[] lrs = new double[groupLrs().length];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = baseLr(i) * f;
        }
        return lrs;
    }

    @Override
    void putArguments(Map<String, Object> out) {
        out.put("start_factor", startFactor);
        out.put("end_factor", endFactor);
        out.put("total_iters", totalIters);
    }
}

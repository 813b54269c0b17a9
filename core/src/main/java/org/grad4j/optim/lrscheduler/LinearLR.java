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
        super(optimizer);
        check(startFactor <= 1.0 && startFactor > 0, "LinearLR: Starting multiplicative factor expected to be "
                + "greater than 0 and less or equal to 1, got " + startFactor);
        check(endFactor <= 1.0 && endFactor >= 0, "LinearLR: Ending multiplicative factor expected to be between 0 "
                + "and 1, got " + endFactor);
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        initialStep();
    }

    @Override
    protected double[] getLr() {
        int epoch = lastEpoch();
        // the recursive form: each step scales the groups' current rates (by exactly 1 after total_iters)
        double f = epoch == 0 ? startFactor
                : epoch > totalIters ? 1.0
                : 1. + (endFactor - startFactor) / (totalIters * startFactor + (epoch - 1) * (endFactor - startFactor));
        double[] lrs = groupLrs();
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = lrs[i] * f;
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

package org.grad4j.optim.lrscheduler;

import java.util.Map;

import org.grad4j.optim.Optimizer;

/**
 * Multiplies each group's learning rate by {@code factor} until epoch {@code totalIters}, then restores it,
 * PyTorch's {@code ConstantLR} (its recursive form: {@code lr * factor} at epoch 0, {@code lr * (1 / factor)} at
 * epoch {@code totalIters}).
 */
public final class ConstantLR extends LRScheduler {
    private final double factor;
    private final int totalIters;

    /**
     * PyTorch's defaults: a third of the rate for 5 epochs.
     *
     * @param optimizer the optimizer
     */
    public ConstantLR(Optimizer optimizer) {
        this(optimizer, 1.0 / 3, 5);
    }

    /**
     * Like {@code ConstantLR(optimizer, factor, total_iters)}.
     *
     * @param optimizer the optimizer
     * @param factor the factor until {@code totalIters}, in [0, 1]
     * @param totalIters the number of epochs with the reduced rate
     * @throws IllegalArgumentException if {@code factor} is out of range
     */
    public ConstantLR(Optimizer optimizer, double factor, int totalIters) {
        this(optimizer, factor, totalIters, -1);
    }

    /**
     * Like {@code ConstantLR(optimizer, factor, total_iters, last_epoch)}: resumes after epoch {@code lastEpoch}.
     *
     * @param optimizer the optimizer; resuming, each group must have {@code "initial_lr"}
     * @param factor the factor until {@code totalIters}, in [0, 1]
     * @param totalIters the number of epochs with the reduced rate
     * @param lastEpoch the index of the last epoch, -1 to start
     * @throws IllegalArgumentException if {@code factor} is out of range (PyTorch's message), or resuming without
     *         {@code "initial_lr"}
     */
    public ConstantLR(Optimizer optimizer, double factor, int totalIters, int lastEpoch) {
        super(checked(optimizer, factor), lastEpoch);
        this.factor = factor;
        this.totalIters = totalIters;
        initialStep();
    }

    private static Optimizer checked(Optimizer optimizer, double factor) {
        check(!(factor > 1.0 || factor < 0), "ConstantLR: Constant multiplicative factor expected to be between 0 and 1.");
        return optimizer;
    }

    @Override
    protected double[] getLr() {
        double[] lrs = groupLrs();
        int epoch = lastEpoch();
        if (epoch == 0) {
            for (int i = 0; i < lrs.length; i++) {
                lrs[i] = lrs[i] * factor;
            }
        } else if (epoch == totalIters) {
            if (factor == 0) {
                throw new IllegalStateException("ConstantLR.step: ZeroDivisionError: float division by zero (factor 0 "
                        + "at total_iters " + totalIters + "), as PyTorch 1.13");
            }
            for (int i = 0; i < lrs.length; i++) {
                lrs[i] = lrs[i] * (1.0 / factor);
            }
        }
        return lrs;
    }

    @Override
    double[] closedFormLr() {
        double f = factor + (lastEpoch() >= totalIters ? 1 - factor : 0.0);
        double[] lrs = new double[groupLrs().length];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = baseLr(i) * f;
        }
        return lrs;
    }

    @Override
    void putArguments(Map<String, Object> out) {
        out.put("factor", factor);
        out.put("total_iters", totalIters);
    }
}

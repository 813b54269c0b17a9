package org.grad4j.optim.lrscheduler;

import java.util.Map;

import org.grad4j.optim.Optimizer;

/** Multiplies each group's learning rate by {@code gamma} every epoch, PyTorch's {@code ExponentialLR}. */
public final class ExponentialLR extends LRScheduler {
    private final double gamma;

    /**
     * Like {@code ExponentialLR(optimizer, gamma)}.
     *
     * @param optimizer the optimizer
     * @param gamma the multiplicative factor
     */
    public ExponentialLR(Optimizer optimizer, double gamma) {
        this(optimizer, gamma, -1);
    }

    /**
     * Like {@code ExponentialLR(optimizer, gamma, last_epoch)}: resumes after epoch {@code lastEpoch}.
     *
     * @param optimizer the optimizer; resuming, each group must have {@code "initial_lr"}
     * @param gamma the multiplicative factor
     * @param lastEpoch the index of the last epoch, -1 to start
     * @throws IllegalArgumentException if resuming without {@code "initial_lr"}
     */
    public ExponentialLR(Optimizer optimizer, double gamma, int lastEpoch) {
        super(optimizer, lastEpoch);
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected double[] getLr() {
        double[] lrs = groupLrs();
        if (lastEpoch() == 0) {
            return lrs;
        }
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = lrs[i] * gamma;
        }
        return lrs;
    }

    @Override
    double[] closedFormLr() {
        double f = PyMath.pow(gamma, lastEpoch());
        double[] lrs = new double[groupLrs().length];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = baseLr(i) * f;
        }
        return lrs;
    }

    @Override
    void putArguments(Map<String, Object> out) {
        out.put("gamma", gamma);
    }
}

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
        super(optimizer);
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
    void putArguments(Map<String, Object> out) {
        out.put("gamma", gamma);
    }
}

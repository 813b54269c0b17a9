package org.grad4j.optim.lrscheduler;

import java.util.Map;

import org.grad4j.optim.Optimizer;

/**
 * Multiplies each group's learning rate by {@code gamma} every {@code stepSize} epochs, PyTorch's
 * {@code StepLR}: {@code lr = lr * gamma} at epochs stepSize, 2*stepSize, ...
 */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    /**
     * Decays by 0.1 every {@code stepSize} epochs, like {@code StepLR(optimizer, step_size)}.
     *
     * @param optimizer the optimizer
     * @param stepSize the period of the decay, in epochs (positive)
     */
    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    /**
     * Like {@code StepLR(optimizer, step_size, gamma=gamma)}.
     *
     * @param optimizer the optimizer
     * @param stepSize the period of the decay, in epochs (positive)
     * @param gamma the multiplicative factor
     * @throws IllegalArgumentException if {@code stepSize} is not positive
     */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        check(stepSize > 0, "StepLR: step_size must be positive, got " + stepSize);
        this.stepSize = stepSize;
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected double[] getLr() {
        double[] lrs = groupLrs();
        if (lastEpoch() == 0 || lastEpoch() % stepSize != 0) {
            return lrs;
        }
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = lrs[i] * gamma;
        }
        return lrs;
    }

    @Override
    void putArguments(Map<String, Object> out) {
        out.put("step_size", stepSize);
        out.put("gamma", gamma);
    }
}

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
        this(optimizer, stepSize, gamma, -1);
    }

    /**
     * Like {@code StepLR(optimizer, step_size, gamma, last_epoch)}: resumes after epoch {@code lastEpoch}.
     *
     * @param optimizer the optimizer; resuming, each group must have {@code "initial_lr"}
     * @param stepSize the period of the decay, in epochs (positive)
     * @param gamma the multiplicative factor
     * @param lastEpoch the index of the last epoch, -1 to start
     * @throws IllegalArgumentException if {@code stepSize} is not positive, or resuming without {@code "initial_lr"}
     */
    public StepLR(Optimizer optimizer, int stepSize, double gamma, int lastEpoch) {
        super(checked(optimizer, stepSize), lastEpoch);
        this.stepSize = stepSize;
        this.gamma = gamma;
        initialStep();
    }

    /** Checked before the base constructor touches the groups (PyTorch 1.13 fails at the first modulo instead). */
    private static Optimizer checked(Optimizer optimizer, int stepSize) {
        check(stepSize > 0, "StepLR: step_size must be positive, got " + stepSize);
        return optimizer;
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
    double[] closedFormLr() {
        double f = PyMath.pow(gamma, Math.floorDiv(lastEpoch(), stepSize));
        double[] lrs = new double[groupLrs().length];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = baseLr(i) * f;
        }
        return lrs;
    }

    @Override
    void putArguments(Map<String, Object> out) {
        out.put("step_size", stepSize);
        out.put("gamma", gamma);
    }
}

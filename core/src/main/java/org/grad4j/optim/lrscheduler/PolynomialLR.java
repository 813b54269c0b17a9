package org.grad4j.optim.lrscheduler;

import java.util.Map;

import org.grad4j.optim.Optimizer;

/**
 * Decays each group's learning rate polynomially to 0 over {@code totalIters} epochs, PyTorch 1.13's
 * {@code PolynomialLR} in its recursive form:
 * {@code lr_t = lr_{t-1} * ((1 - t/T) / (1 - (t-1)/T))^power} for {@code 0 < t <= T}, unchanged after.
 */
public final class PolynomialLR extends LRScheduler {
    private final int totalIters;
    private final double power;

    /**
     * PyTorch's defaults: linear decay over 5 epochs.
     *
     * @param optimizer the optimizer
     */
    public PolynomialLR(Optimizer optimizer) {
        this(optimizer, 5, 1.0);
    }

    /**
     * Like {@code PolynomialLR(optimizer, total_iters, power)}.
     *
     * @param optimizer the optimizer
     * @param totalIters the number of epochs of the decay
     * @param power the power of the polynomial
     */
    public PolynomialLR(Optimizer optimizer, int totalIters, double power) {
        this(optimizer, totalIters, power, -1);
    }

    /**
     * Like {@code PolynomialLR(optimizer, total_iters, power, last_epoch)}: resumes after epoch {@code lastEpoch}.
     *
     * @param optimizer the optimizer; resuming, each group must have {@code "initial_lr"}
     * @param totalIters the number of epochs of the decay
     * @param power the power of the polynomial
     * @param lastEpoch the index of the last epoch, -1 to start
     * @throws IllegalArgumentException if resuming without {@code "initial_lr"}
     */
    public PolynomialLR(Optimizer optimizer, int totalIters, double power, int lastEpoch) {
        super(optimizer, lastEpoch);
        this.totalIters = totalIters;
        this.power = power;
        initialStep();
    }

    @Override
    protected double[] getLr() {
        double[] lrs = groupLrs();
        int epoch = lastEpoch();
        if (epoch == 0 || epoch > totalIters) {
            return lrs;
        }
        double decay = PyMath.pow((1.0 - (double) epoch / totalIters) / (1.0 - (double) (epoch - 1) / totalIters), power);
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = lrs[i] * decay;
        }
        return lrs;
    }

    @Override
    double[] closedFormLr() {
        if (totalIters == 0) {
            throw new IllegalStateException("PolynomialLR.step: ZeroDivisionError: division by zero (total_iters is 0), "
                    + "as PyTorch 1.13");
        }
        double f = PyMath.pow(1.0 - (double) Math.min(totalIters, lastEpoch()) / totalIters, power);
        double[] lrs = new double[groupLrs().length];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = baseLr(i) * f;
        }
        return lrs;
    }

    @Override
    void putArguments(Map<String, Object> out) {
        out.put("total_iters", totalIters);
        out.put("power", power);
    }
}

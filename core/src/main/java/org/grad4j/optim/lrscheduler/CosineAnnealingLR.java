package org.grad4j.optim.lrscheduler;

import java.util.Map;

import org.grad4j.optim.Optimizer;

/**
 * Cosine annealing from the base learning rate to {@code etaMin} over {@code tMax} epochs, then back up,
 * PyTorch's {@code CosineAnnealingLR} in its recursive form (what {@code step()} computes, in PyTorch's
 * order of operations, so the float64 values are PyTorch's bit for bit):
 * <pre>
 * lr_t = (1 + cos(pi*t/T)) / (1 + cos(pi*(t-1)/T)) * (lr_{t-1} - eta_min) + eta_min
 * lr_t = lr_{t-1} + (base_lr - eta_min) * (1 - cos(pi/T)) / 2      when (t - 1 - T) % 2T == 0
 * </pre>
 */
public final class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    /**
     * Anneals to 0, like {@code CosineAnnealingLR(optimizer, T_max)}.
     *
     * @param optimizer the optimizer
     * @param tMax the half period, in epochs (positive)
     */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0.0);
    }

    /**
     * Like {@code CosineAnnealingLR(optimizer, T_max, eta_min=etaMin)}.
     *
     * @param optimizer the optimizer
     * @param tMax the half period, in epochs (positive)
     * @param etaMin the minimum learning rate
     * @throws IllegalArgumentException if {@code tMax} is not positive
     */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        this(optimizer, tMax, etaMin, -1);
    }

    /**
     * Like {@code CosineAnnealingLR(optimizer, T_max, eta_min, last_epoch)}: resumes after epoch {@code lastEpoch}
     * (its first step then uses the closed form, as PyTorch's).
     *
     * @param optimizer the optimizer; resuming, each group must have {@code "initial_lr"}
     * @param tMax the half period, in epochs (positive)
     * @param etaMin the minimum learning rate
     * @param lastEpoch the index of the last epoch, -1 to start
     * @throws IllegalArgumentException if {@code tMax} is not positive, or resuming without {@code "initial_lr"}
     */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin, int lastEpoch) {
        super(checked(optimizer, tMax), lastEpoch);
        this.tMax = tMax;
        this.etaMin = etaMin;
        initialStep();
    }

    /** Checked before the base constructor touches the groups (PyTorch 1.13 fails at the first modulo instead). */
    private static Optimizer checked(Optimizer optimizer, int tMax) {
        check(tMax > 0, "CosineAnnealingLR: T_max must be positive, got " + tMax);
        return optimizer;
    }

    @Override
    protected double[] getLr() {
        double[] lrs = groupLrs();
        int epoch = lastEpoch();
        if (epoch == 0) {
            return lrs;
        }
        for (int i = 0; i < lrs.length; i++) {
            double base = baseLr(i);
            if (stepCount() == 1 && epoch > 0) {
                lrs[i] = etaMin + (base - etaMin) * (1 + PyMath.cos(epoch * Math.PI / tMax)) / 2;
            } else if (Math.floorMod(epoch - 1 - tMax, 2 * tMax) == 0) {
                lrs[i] = lrs[i] + (base - etaMin) * (1 - PyMath.cos(Math.PI / tMax)) / 2;
            } else {
                lrs[i] = (1 + PyMath.cos(Math.PI * epoch / tMax)) / (1 + PyMath.cos(Math.PI * (epoch - 1) / tMax))
                        * (lrs[i] - etaMin) + etaMin;
            }
        }
        return lrs;
    }

    @Override
    double[] closedFormLr() {
        double[] lrs = new double[groupLrs().length];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = etaMin + (baseLr(i) - etaMin) * (1 + PyMath.cos(Math.PI * lastEpoch() / tMax)) / 2;
        }
        return lrs;
    }

    @Override
    void putArguments(Map<String, Object> out) {
        out.put("T_max", tMax);
        out.put("eta_min", etaMin);
    }
}

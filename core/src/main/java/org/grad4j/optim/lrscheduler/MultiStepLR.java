package org.grad4j.optim.lrscheduler;

import java.util.HashMap;
import java.util.Map;

import org.grad4j.optim.Optimizer;

/**
 * Multiplies each group's learning rate by {@code gamma} at each milestone epoch, PyTorch's
 * {@code MultiStepLR}; a milestone listed k times multiplies by {@code gamma^k}.
 */
public final class MultiStepLR extends LRScheduler {
    private final Map<Integer, Integer> milestones = new HashMap<>();
    private final double gamma;

    /**
     * Decays by 0.1 at each milestone, like {@code MultiStepLR(optimizer, milestones)}.
     *
     * @param optimizer the optimizer
     * @param milestones the epochs at which to decay
     */
    public MultiStepLR(Optimizer optimizer, int[] milestones) {
        this(optimizer, milestones, 0.1);
    }

    /**
     * Like {@code MultiStepLR(optimizer, milestones, gamma=gamma)}.
     *
     * @param optimizer the optimizer
     * @param milestones the epochs at which to decay (any order; repeats count)
     * @param gamma the multiplicative factor
     * @throws IllegalArgumentException if {@code milestones} is null
     */
    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        this(optimizer, milestones, gamma, -1);
    }

    /**
     * Like {@code MultiStepLR(optimizer, milestones, gamma, last_epoch)}: resumes after epoch {@code lastEpoch}.
     *
     * @param optimizer the optimizer; resuming, each group must have {@code "initial_lr"}
     * @param milestones the epochs at which to decay (any order; repeats count)
     * @param gamma the multiplicative factor
     * @param lastEpoch the index of the last epoch, -1 to start
     * @throws IllegalArgumentException if {@code milestones} is null, or resuming without {@code "initial_lr"}
     */
    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma, int lastEpoch) {
        super(checked(optimizer, milestones), lastEpoch);
        for (int m : milestones) {
            this.milestones.merge(m, 1, Integer::sum);
        }
        this.gamma = gamma;
        initialStep();
    }

    private static Optimizer checked(Optimizer optimizer, int[] milestones) {
        check(milestones != null, "MultiStepLR: expected milestones, got null");
        return optimizer;
    }

    @Override
    protected double[] getLr() {
        double[] lrs = groupLrs();
        Integer count = milestones.get(lastEpoch());
        if (count == null) {
            return lrs;
        }
        double factor = PyMath.pow(gamma, count);
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = lrs[i] * factor;
        }
        return lrs;
    }

    @Override
    double[] closedFormLr() {
        int passed = 0;   // bisect_right over the sorted milestones, repeats included
        for (Map.Entry<Integer, Integer> e : milestones.entrySet()) {
            if (e.getKey() <= lastEpoch()) {
                passed += e.getValue();
            }
        }
        double f = PyMath.pow(gamma, passed);
        double[] lrs = new double[groupLrs().length];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = baseLr(i) * f;
        }
        return lrs;
    }

    @Override
    void putArguments(Map<String, Object> out) {
        out.put("milestones", new java.util.TreeMap<>(milestones));
        out.put("gamma", gamma);
    }
}

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
        super(optimizer);
        check(milestones != null, "MultiStepLR: expected milestones, got null");
        for (int m : milestones) {
            this.milestones.merge(m, 1, Integer::sum);
        }
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected double[] getLr() {
        double[] lrs = groupLrs();
        Integer count = milestones.get(lastEpoch());
        if (count == null) {
            return lrs;
        }
        double factor = Math.pow(gamma, count);
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = lrs[i] * factor;
        }
        return lrs;
    }

    @Override
    void putArguments(Map<String, Object> out) {
        out.put("milestones", new java.util.TreeMap<>(milestones));
        out.put("gamma", gamma);
    }
}

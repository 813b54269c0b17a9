package org.grad4j.optim.lrscheduler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.grad4j.optim.Optimizer;
import org.grad4j.optim.ParamGroup;

/**
 * Base of the epoch-based schedulers, PyTorch's {@code _LRScheduler}: sets each group's
 * {@code "initial_lr"} (if absent), keeps the base learning rates, and on every {@link #step()}
 * increments {@link #lastEpoch()} and writes {@link #getLr()}'s values into the groups.
 * A subclass computes in {@link #getLr()} and calls {@link #initialStep()} at the end of its constructor
 * (PyTorch's first, implicit step, which sets epoch 0's rates).
 */
public abstract class LRScheduler {
    private final Optimizer optimizer;
    private final double[] baseLrs;
    private int lastEpoch = -1;
    private int stepCount;
    private List<Double> lastLr = List.of();

    /**
     * Attaches to {@code optimizer}: each group gets {@code "initial_lr"} = its {@code "lr"} unless it has one.
     *
     * @param optimizer the optimizer whose learning rates this scheduler sets
     * @throws IllegalArgumentException if {@code optimizer} is null
     */
    protected LRScheduler(Optimizer optimizer) {
        if (optimizer == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected an optimizer, got null");
        }
        this.optimizer = optimizer;
        List<ParamGroup> groups = optimizer.paramGroups();
        baseLrs = new double[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup g = groups.get(i);
            if (!g.has("initial_lr")) {
                g.set("initial_lr", g.lr());
            }
            baseLrs[i] = g.getDouble("initial_lr");
        }
    }

    /** PyTorch's implicit first step; call it last in a subclass constructor. */
    protected final void initialStep() {
        stepCount = 0;
        step();
    }

    /**
     * The learning rates for epoch {@link #lastEpoch()}, one per group; called by {@link #step()} after it
     * incremented the epoch (PyTorch's {@code get_lr()}).
     *
     * @return the new learning rate of each group
     */
    protected abstract double[] getLr();

    /**
     * Advances one epoch (or one batch, for schedulers stepped per batch) and sets each group's learning
     * rate. Call it after {@code optimizer.step()}.
     *
     * @throws IllegalStateException if a parameter group was added after the scheduler was created
     */
    public void step() {
        int groupCount = optimizer.paramGroups().size();
        if (groupCount != baseLrs.length) {
            throw new IllegalStateException(getClass().getSimpleName() + ".step: the optimizer has " + groupCount
                    + " parameter groups but had " + baseLrs.length + " when the scheduler was created; create the "
                    + "scheduler after adding every group");
        }
        stepCount++;
        lastEpoch++;
        double[] values = getLr();
        List<ParamGroup> groups = optimizer.paramGroups();
        List<Double> lrs = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).setLr(values[i]);
            lrs.add(groups.get(i).lr());
        }
        lastLr = Collections.unmodifiableList(lrs);
    }

    /**
     * The learning rates this scheduler set last, one per group (PyTorch's {@code get_last_lr()}).
     *
     * @return an unmodifiable list
     */
    public List<Double> getLastLr() {
        return lastLr;
    }

    /**
     * The current epoch: 0 after construction, incremented by each {@link #step()}.
     *
     * @return the epoch index
     */
    public int lastEpoch() {
        return lastEpoch;
    }

    /**
     * The optimizer this scheduler drives.
     *
     * @return the optimizer
     */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** How many times {@link #step()} ran, the implicit first step included. */
    int stepCount() {
        return stepCount;
    }

    /** The base learning rates ({@code "initial_lr"} of each group when attached). */
    double baseLr(int group) {
        return baseLrs[group];
    }

    /** The current learning rate of each group. */
    double[] groupLrs() {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] lrs = new double[groups.size()];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = groups.get(i).lr();
        }
        return lrs;
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}

package org.grad4j.optim.lrscheduler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.grad4j.optim.Optimizer;
import org.grad4j.optim.ParamGroup;

/**
 * Runs schedulers one after another, switching at the milestone epochs, PyTorch's {@code SequentialLR}: epochs
 * before {@code milestones[0]} step the first scheduler, and so on; at a milestone the next scheduler restarts
 * with {@code step(0)} (its closed form at epoch 0, where it has one).
 *
 * <pre>{@code
 * LRScheduler warmup = new LinearLR(opt, 0.1, 1.0, 5);
 * LRScheduler decay = new CosineAnnealingLR(opt, 95);
 * SequentialLR sched = new SequentialLR(opt, List.of(warmup, decay), new int[] {5});
 * }</pre>
 *
 * <p>As in PyTorch, the constructor resets the groups' rates to {@code "initial_lr"}, moves every scheduler back
 * one epoch and re-runs the first one's initial step.
 */
public final class SequentialLR extends LRScheduler {
    private final List<LRScheduler> schedulers;
    private final int[] milestones;

    /**
     * Like {@code SequentialLR(optimizer, schedulers, milestones)}.
     *
     * @param optimizer the optimizer every scheduler drives
     * @param schedulers the schedulers, in order
     * @param milestones the epochs at which to switch to the next one ({@code schedulers.size() - 1} of them)
     * @throws IllegalArgumentException if a scheduler drives another optimizer or the counts disagree
     */
    public SequentialLR(Optimizer optimizer, List<? extends LRScheduler> schedulers, int[] milestones) {
        this(optimizer, schedulers, milestones, -1);
    }

    /**
     * Like {@code SequentialLR(optimizer, schedulers, milestones, last_epoch)}: its own epoch starts at
     * {@code lastEpoch + 1} (the schedulers keep theirs, one back).
     *
     * @param optimizer the optimizer every scheduler drives
     * @param schedulers the schedulers, in order
     * @param milestones the epochs at which to switch to the next one ({@code schedulers.size() - 1} of them)
     * @param lastEpoch the index of the last epoch, -1 to start
     * @throws IllegalArgumentException if a scheduler drives another optimizer or the counts disagree (PyTorch's
     *         messages)
     */
    public SequentialLR(Optimizer optimizer, List<? extends LRScheduler> schedulers, int[] milestones, int lastEpoch) {
        super(checked(optimizer, schedulers, milestones), true);
        this.schedulers = List.copyOf(schedulers);
        this.milestones = milestones.clone();
        setLastEpoch(lastEpoch + 1);
        for (ParamGroup g : optimizer.paramGroups()) {
            g.setLr(g.getDouble("initial_lr"));
        }
        for (LRScheduler s : this.schedulers) {   // "undo" the step the schedulers took when constructed
            s.setLastEpoch(s.lastEpoch() - 1);
        }
        this.schedulers.get(0).initialStep();
        setLastLr(this.schedulers.get(0).getLastLr());
    }

    private static Optimizer checked(Optimizer optimizer, List<? extends LRScheduler> schedulers, int[] milestones) {
        check(optimizer != null, "SequentialLR: expected an optimizer, got null");
        check(schedulers != null && milestones != null, "SequentialLR: expected schedulers and milestones, got null");
        List<?> raw = schedulers;   // a raw list may hold anything
        for (int i = 0; i < raw.size(); i++) {
            check(raw.get(i) instanceof LRScheduler, "SequentialLR: expected a scheduler at index " + i + ", got "
                    + (raw.get(i) == null ? "null" : raw.get(i).getClass().getSimpleName()));
            check(((LRScheduler) raw.get(i)).optimizer() == optimizer, "SequentialLR: Sequential Schedulers expects all "
                    + "schedulers to belong to the same optimizer, but got schedulers at index " + i + " to be different "
                    + "than the optimizer passed in.");
        }
        check(milestones.length == schedulers.size() - 1, "SequentialLR: Sequential Schedulers expects number of "
                + "schedulers provided to be one more than the number of milestone points, but got number of schedulers "
                + schedulers.size() + " and the number of milestones to be equal to " + milestones.length);
        for (ParamGroup g : optimizer.paramGroups()) {
            check(g.has("initial_lr"), "SequentialLR: KeyError: 'initial_lr'");
        }
        return optimizer;
    }

    /** Python's {@code bisect_right(milestones, x)}, as written (the milestones are not sorted first). */
    private int bisectRight(int x) {
        int lo = 0;
        int hi = milestones.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x < milestones[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Steps the scheduler of the current epoch; at a milestone, the next one starts with {@code step(0)}. */
    @Override
    public void step() {
        int epoch = lastEpoch() + 1;
        setLastEpoch(epoch);
        int idx = bisectRight(epoch);
        LRScheduler scheduler = schedulers.get(idx);
        if (idx > 0 && milestones[idx - 1] == epoch) {
            scheduler.step(0);
        } else {
            scheduler.step();
        }
        setLastLr(scheduler.getLastLr());
    }

    /**
     * Not supported: PyTorch's {@code SequentialLR.step()} takes no epoch.
     *
     * @param epoch ignored
     * @throws IllegalStateException always
     */
    @Override
    public void step(int epoch) {
        throw new IllegalStateException("SequentialLR.step: takes no epoch (PyTorch's SequentialLR.step() has no epoch "
                + "argument), got " + epoch);
    }

    @Override
    protected double[] getLr() {
        throw new IllegalStateException("SequentialLR: its schedulers compute the learning rates");
    }

    /**
     * The schedulers, in order.
     *
     * @return an unmodifiable list
     */
    public List<LRScheduler> schedulers() {
        return schedulers;
    }

    /**
     * PyTorch's {@code state_dict()}: {@code _milestones}, {@code last_epoch}, {@code _last_lr}, then
     * {@code _schedulers}, the state dicts of the schedulers.
     *
     * @return a new ordered map
     */
    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Integer> ms = new ArrayList<>();
        for (int m : milestones) {
            ms.add(m);
        }
        out.put("_milestones", ms);
        out.put("last_epoch", lastEpoch());
        out.put("_last_lr", new ArrayList<>(getLastLr()));
        out.put("_schedulers", Wrapped.states(schedulers));
        return out;
    }

    /**
     * PyTorch's {@code load_state_dict(sd)}: its epoch and last rates, and each scheduler's state. The milestones
     * must equal this one's; on any error nothing is changed.
     *
     * @param state a map from {@link #stateDict()} (or PyTorch's)
     * @throws IllegalArgumentException if an entry is missing or wrong, or a scheduler's state does not load
     */
    @Override
    public void loadStateDict(Map<String, ?> state) {
        String name = "SequentialLR.loadStateDict";
        check(state != null, name + ": expected a state dict, got null");
        List<Integer> own = new ArrayList<>();
        for (int m : milestones) {
            own.add(m);
        }
        if (state.containsKey("_milestones") && !sameValue(own, state.get("_milestones"))) {
            throw new IllegalArgumentException(name + ": the state dict has _milestones=" + state.get("_milestones")
                    + ", this scheduler has " + own + "; construct it with the saved arguments");
        }
        int epoch = integer(name, state, "last_epoch");
        double[] last = doubles(name, state, "_last_lr");
        Wrapped.load(name, schedulers, state);
        setLastEpoch(epoch);
        List<Double> l = new ArrayList<>();
        for (double v : last) {
            l.add(v);
        }
        setLastLr(l);
    }
}

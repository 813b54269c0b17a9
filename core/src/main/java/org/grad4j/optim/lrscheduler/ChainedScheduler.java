package org.grad4j.optim.lrscheduler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.grad4j.optim.ParamGroup;

/**
 * Steps several schedulers of one optimizer together, PyTorch's {@code ChainedScheduler}: each {@link #step()}
 * calls every scheduler's {@code step()} in order, so chainable schedulers compound (e.g. a warmup times a decay).
 *
 * <pre>{@code
 * ChainedScheduler sched = new ChainedScheduler(List.of(new ConstantLR(opt, 0.1, 2), new ExponentialLR(opt, 0.9)));
 * }</pre>
 */
public final class ChainedScheduler extends LRScheduler {
    private final List<LRScheduler> schedulers;

    /**
     * Like {@code ChainedScheduler(schedulers)}.
     *
     * @param schedulers the schedulers, all of one optimizer
     * @throws IllegalArgumentException if there are none or they drive different optimizers (PyTorch's message)
     */
    public ChainedScheduler(List<? extends LRScheduler> schedulers) {
        super(checked(schedulers).get(0).optimizer(), true);
        this.schedulers = List.copyOf(schedulers);
        setLastLr(groupLrList());
    }

    private static List<? extends LRScheduler> checked(List<? extends LRScheduler> schedulers) {
        check(schedulers != null && !schedulers.isEmpty(), "ChainedScheduler: expected at least one scheduler, got "
                + (schedulers == null ? "null" : "none"));
        List<?> raw = schedulers;   // a raw list may hold anything
        for (int i = 0; i < raw.size(); i++) {
            check(raw.get(i) instanceof LRScheduler, "ChainedScheduler: expected a scheduler at index " + i + ", got "
                    + (raw.get(i) == null ? "null" : raw.get(i).getClass().getSimpleName()));
            check(((LRScheduler) raw.get(i)).optimizer() == ((LRScheduler) raw.get(0)).optimizer(), "ChainedScheduler: ChainedScheduler "
                    + "expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and " + i
                    + " to be different");
        }
        return schedulers;
    }

    private List<Double> groupLrList() {
        List<Double> out = new ArrayList<>();
        for (ParamGroup g : optimizer().paramGroups()) {
            out.add(g.lr());
        }
        return out;
    }

    /** Steps every scheduler, in order. */
    @Override
    public void step() {
        for (LRScheduler s : schedulers) {
            s.step();
        }
        setLastLr(groupLrList());
    }

    /**
     * Not supported: PyTorch's {@code ChainedScheduler.step()} takes no epoch.
     *
     * @param epoch ignored
     * @throws IllegalStateException always
     */
    @Override
    public void step(int epoch) {
        throw new IllegalStateException("ChainedScheduler.step: takes no epoch (PyTorch's ChainedScheduler.step() has "
                + "no epoch argument), got " + epoch);
    }

    /**
     * Not supported: a ChainedScheduler has no epoch of its own (PyTorch's has no {@code last_epoch}); ask its
     * {@link #schedulers()}.
     *
     * @return never
     * @throws IllegalStateException always
     */
    @Override
    public int lastEpoch() {
        throw new IllegalStateException("ChainedScheduler has no last_epoch (neither has PyTorch's); ask its schedulers");
    }

    @Override
    protected double[] getLr() {
        throw new IllegalStateException("ChainedScheduler: its schedulers compute the learning rates");
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
     * PyTorch's {@code state_dict()}: {@code _last_lr}, then {@code _schedulers}, the state dicts of the schedulers.
     *
     * @return a new ordered map
     */
    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("_last_lr", new ArrayList<>(getLastLr()));
        out.put("_schedulers", Wrapped.states(schedulers));
        return out;
    }

    /**
     * PyTorch's {@code load_state_dict(sd)}: the last rates and each scheduler's state; on any error nothing is
     * changed.
     *
     * @param state a map from {@link #stateDict()} (or PyTorch's)
     * @throws IllegalArgumentException if an entry is missing or wrong, or a scheduler's state does not load
     */
    @Override
    public void loadStateDict(Map<String, ?> state) {
        String name = "ChainedScheduler.loadStateDict";
        check(state != null, name + ": expected a state dict, got null");
        double[] last = doubles(name, state, "_last_lr");
        Wrapped.load(name, schedulers, state);
        List<Double> l = new ArrayList<>();
        for (double v : last) {
            l.add(v);
        }
        setLastLr(l);
    }
}

package org.grad4j.optim.lrscheduler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        this(optimizer, -1);
    }

    /**
     * Attaches to {@code optimizer}, PyTorch's {@code _LRScheduler(optimizer, last_epoch)}: with
     * {@code lastEpoch == -1} each group gets {@code "initial_lr"} = its {@code "lr"} unless it has one; otherwise
     * (resuming) every group must already have {@code "initial_lr"}. The base learning rates are the groups'
     * {@code "initial_lr"}. The subclass's {@link #initialStep()} then moves to epoch {@code lastEpoch + 1}.
     *
     * @param optimizer the optimizer whose learning rates this scheduler sets
     * @param lastEpoch the index of the last epoch, -1 to start from the beginning
     * @throws IllegalArgumentException if {@code optimizer} is null, or resuming and a group has no
     *         {@code "initial_lr"} (PyTorch's KeyError)
     */
    protected LRScheduler(Optimizer optimizer, int lastEpoch) {
        if (optimizer == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected an optimizer, got null");
        }
        this.optimizer = optimizer;
        List<ParamGroup> groups = optimizer.paramGroups();
        if (lastEpoch != -1) {
            for (int i = 0; i < groups.size(); i++) {
                if (!groups.get(i).has("initial_lr")) {
                    throw new IllegalArgumentException(getClass().getSimpleName() + ": KeyError: \"param 'initial_lr' "
                            + "is not specified in param_groups[" + i + "] when resuming an optimizer\"");
                }
            }
        }
        baseLrs = new double[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup g = groups.get(i);
            if (!g.has("initial_lr")) {
                g.set("initial_lr", g.lr());
            }
            baseLrs[i] = g.getDouble("initial_lr");
        }
        this.lastEpoch = lastEpoch;
    }

    /** For the schedulers that wrap others (SequentialLR, ChainedScheduler): no base rates, no initial step. */
    LRScheduler(Optimizer optimizer, boolean wrapper) {
        this.optimizer = optimizer;
        this.baseLrs = new double[0];
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
        checkGroups();
        stepCount++;
        lastEpoch++;
        apply(getLr());
    }

    /**
     * PyTorch's deprecated {@code scheduler.step(epoch)}: jumps to {@code epoch} and sets the rates from the
     * scheduler's closed form where PyTorch has one ({@code StepLR}, {@code MultiStepLR}, {@code ConstantLR},
     * {@code LinearLR}, {@code ExponentialLR}, {@code CosineAnnealingLR}, {@code PolynomialLR}), otherwise from
     * its recursive {@link #getLr()} at that epoch, exactly as PyTorch 1.13 (whose values then depend on the
     * current rates). {@code SequentialLR} calls it with 0 at each milestone.
     *
     * @param epoch the epoch to move to
     * @throws IllegalStateException if a parameter group was added after the scheduler was created
     */
    public void step(int epoch) {
        checkGroups();
        stepCount++;
        lastEpoch = epoch;
        double[] values = closedFormLr();
        apply(values != null ? values : getLr());
    }

    /** PyTorch's {@code _get_closed_form_lr()} at {@link #lastEpoch()}, or null where PyTorch has none. */
    double[] closedFormLr() {
        return null;
    }

    void checkGroups() {
        int groupCount = optimizer.paramGroups().size();
        if (groupCount != baseLrs.length) {
            throw new IllegalStateException(getClass().getSimpleName() + ".step: the optimizer has " + groupCount
                    + " parameter groups but had " + baseLrs.length + " when the scheduler was created; create the "
                    + "scheduler after adding every group");
        }
    }

    /** Writes the rates into the groups and remembers them as {@link #getLastLr()}. */
    void apply(double[] values) {
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
     * The base learning rates, PyTorch's {@code scheduler.base_lrs}: each group's {@code "initial_lr"} when the
     * scheduler was created (CyclicLR: its {@code baseLr}).
     *
     * @return a new list, one per group
     */
    public List<Double> baseLrs() {
        List<Double> out = new ArrayList<>();
        for (double b : baseLrs) {
            out.add(b);
        }
        return out;
    }

    /**
     * The current epoch, PyTorch's {@code last_epoch}: 0 after construction ({@code lastEpoch + 1} when resuming),
     * incremented by each {@link #step()}, set by {@link #step(int)}.
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

    /**
     * PyTorch's {@code scheduler.state_dict()}: the scheduler's own arguments under PyTorch's names (e.g.
     * {@code step_size}, {@code gamma}), then {@code base_lrs}, {@code last_epoch}, {@code verbose},
     * {@code _step_count}, {@code _get_lr_called_within_step} and {@code _last_lr}, in PyTorch's order. Numbers
     * are Integer or Double, lists are {@code List}s.
     *
     * @return a new ordered map
     */
    public Map<String, Object> stateDict() {
        Map<String, Object> out = new LinkedHashMap<>();
        putArguments(out);
        List<Double> base = new ArrayList<>();
        for (double b : baseLrs) {
            base.add(b);
        }
        out.put("base_lrs", base);
        out.put("last_epoch", lastEpoch);
        out.put("verbose", false);
        out.put("_step_count", stepCount);
        out.put("_get_lr_called_within_step", false);
        out.put("_last_lr", new ArrayList<>(lastLr));
        putTrailing(out);
        return out;
    }

    /**
     * PyTorch's {@code scheduler.load_state_dict(sd)}: continues from a saved point ({@code last_epoch},
     * {@code _step_count}, {@code base_lrs}, {@code _last_lr}). The arguments it holds must equal this scheduler's
     * (construct it with the same ones; PyTorch would adopt the saved ones silently). The optimizer's learning
     * rates are not changed: load the optimizer's state dict too, as in PyTorch.
     *
     * @param state a map from {@link #stateDict()} (or PyTorch's, with numbers as Integer/Long/Double)
     * @throws IllegalArgumentException if an entry is missing or of the wrong type, an argument differs, or the
     *         number of learning rates is not the number of parameter groups; nothing is changed then
     */
    public void loadStateDict(Map<String, ?> state) {
        String name = getClass().getSimpleName() + ".loadStateDict";
        if (state == null) {
            throw new IllegalArgumentException(name + ": expected a state dict, got null");
        }
        Map<String, Object> own = new LinkedHashMap<>();
        putArguments(own);
        Set<String> loaded = stateKeys();
        for (Map.Entry<String, Object> e : own.entrySet()) {
            if (!loaded.contains(e.getKey()) && state.containsKey(e.getKey())
                    && !sameValue(e.getValue(), state.get(e.getKey()))) {
                throw new IllegalArgumentException(name + ": the state dict has " + e.getKey() + "=" + state.get(e.getKey())
                        + ", this scheduler has " + e.getValue() + "; construct it with the saved arguments");
            }
        }
        double[] base = doubles(name, state, "base_lrs");
        int epoch = integer(name, state, "last_epoch");
        int steps = integer(name, state, "_step_count");
        double[] last = state.containsKey("_last_lr") ? doubles(name, state, "_last_lr") : null;
        if (base.length != baseLrs.length || (last != null && last.length != baseLrs.length)) {
            throw new IllegalArgumentException(name + ": the state dict has " + base.length + " learning rates, the "
                    + "optimizer " + baseLrs.length + " parameter groups");
        }
        loadOwnState(name, state).run();
        System.arraycopy(base, 0, baseLrs, 0, base.length);
        lastEpoch = epoch;
        stepCount = steps;
        if (last != null) {
            List<Double> l = new ArrayList<>();
            for (double v : last) {
                l.add(v);
            }
            lastLr = Collections.unmodifiableList(l);
        }
    }

    /**
     * The keys among {@link #putArguments}'s that are state, loaded by {@link #loadOwnState} rather than compared
     * (CosineAnnealingWarmRestarts' {@code T_cur}, ...).
     */
    Set<String> stateKeys() {
        return Set.of();
    }

    /**
     * Checks the subclass's state entries of a state dict and returns what sets them; it runs after every check
     * passed, so a failed load changes nothing.
     */
    Runnable loadOwnState(String name, Map<String, ?> state) {
        return () -> {
        };
    }

    /** Replaces the base learning rates (CyclicLR's {@code base_lrs = base_lr} after its initial step). */
    void setBaseLrs(double[] values) {
        System.arraycopy(values, 0, baseLrs, 0, baseLrs.length);
    }

    /** Sets {@link #getLastLr()} (for the wrapping schedulers). */
    void setLastLr(List<Double> values) {
        lastLr = Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** Sets the epoch (SequentialLR's "undo" of its schedulers' first step, CosineAnnealingWarmRestarts). */
    void setLastEpoch(int epoch) {
        lastEpoch = epoch;
    }

    /** Adds the scheduler's own arguments under PyTorch's names, in PyTorch's order (before {@code base_lrs}). */
    void putArguments(Map<String, Object> out) {
    }

    /** Adds entries PyTorch lists after {@code _last_lr} ({@code LambdaLR}'s {@code lr_lambdas}). */
    void putTrailing(Map<String, Object> out) {
    }

    static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!sameValue(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                Object other = y.get(e.getKey());
                if (other == null && e.getKey() instanceof Number n) {
                    other = findNumberKey(y, n);
                }
                if (!sameValue(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return a == null ? b == null : a.equals(b);
    }

    /** The value under a number key given as another Number type or as its decimal string (a JSON key). */
    private static Object findNumberKey(Map<?, ?> m, Number key) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (e.getKey() instanceof Number k && k.doubleValue() == key.doubleValue()
                    || e.getKey() instanceof String text && text.equals(String.valueOf(key.longValue()))
                    && key.doubleValue() == key.longValue()) {
                return e.getValue();
            }
        }
        return null;
    }

    static int integer(String name, Map<String, ?> state, String key) {
        Object v = state.get(key);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException(name + ": expected an integer '" + key + "', got " + v);
        }
        return n.intValue();
    }

    static double number(String name, Map<String, ?> state, String key) {
        Object v = state.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException(name + ": expected a number '" + key + "', got " + v);
        }
        return n.doubleValue();
    }

    static double[] doubles(String name, Map<String, ?> state, String key) {
        Object v = state.get(key);
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException(name + ": expected a list '" + key + "', got " + v);
        }
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Number n)) {
                throw new IllegalArgumentException(name + ": expected numbers in '" + key + "', got " + l);
            }
            out[i] = n.doubleValue();
        }
        return out;
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

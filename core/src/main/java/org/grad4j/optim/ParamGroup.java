package org.grad4j.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.grad4j.Tensor;

/**
 * One of an optimizer's parameter groups, PyTorch's {@code optimizer.param_groups[i]}: its parameters
 * and its options under PyTorch's names ({@code "lr"}, {@code "betas"}, {@code "weight_decay"}, ...).
 * Options are read at every {@link Optimizer#step()}, so a change (a scheduler's, or {@link #setLr})
 * applies from the next step on.
 *
 * <p>Values are {@link Double} (numbers), {@link Boolean} (flags), an unmodifiable {@code List<Double>}
 * (PyTorch's tuples: Adam's {@code betas}), or a {@link String} or null (LBFGS's {@code line_search_fn}, None or
 * {@code "strong_wolfe"}). Schedulers add their own keys ({@code "initial_lr"}, {@code "max_lr"}, ...) as
 * PyTorch's do.
 */
public final class ParamGroup {
    private final Optimizer owner;
    private final List<Tensor> params;
    private final Map<String, Object> options;
    /** Counts the changes of {@link #options}: {@link #set} and {@link #replaceOptions} are the only writers. */
    private int version;

    ParamGroup(Optimizer owner, List<Tensor> params, Map<String, Object> options) {
        this.owner = owner;
        this.params = Collections.unmodifiableList(new ArrayList<>(params));
        this.options = options;
    }

    /**
     * The parameters of this group, in order.
     *
     * @return an unmodifiable list of the parameters themselves
     */
    public List<Tensor> params() {
        return params;
    }

    /**
     * The learning rate, {@code group["lr"]}.
     *
     * @return the current learning rate
     */
    public double lr() {
        return getDouble("lr");
    }

    /**
     * Sets the learning rate, {@code group["lr"] = lr}; used from the next step on. As in PyTorch, the
     * value is not range-checked (schedulers may go below zero).
     *
     * @param lr the new learning rate
     */
    public void setLr(double lr) {
        set("lr", lr);
    }

    /**
     * Whether the group has an option of that name.
     *
     * @param key an option name, PyTorch's spelling
     * @return true if present
     */
    public boolean has(String key) {
        return options.containsKey(key);
    }

    /**
     * An option's value: a {@link Double}, a {@link Boolean}, a {@code List<Double>}, or a {@link String} or null
     * (PyTorch's None) for LBFGS's {@code line_search_fn}.
     *
     * @param key an option name, PyTorch's spelling ({@code "lr"}, {@code "betas"}, ...)
     * @return the value
     * @throws IllegalArgumentException if the group has no such option
     */
    public Object get(String key) {
        Object v = options.get(key);
        if (v == null && !options.containsKey(key)) {
            throw new IllegalArgumentException(owner.name() + ": parameter group has no option '" + key + "'; it has "
                    + options.keySet());
        }
        return v;
    }

    /**
     * A numeric option's value.
     *
     * @param key an option name, PyTorch's spelling
     * @return the value
     * @throws IllegalArgumentException if the group has no such option or it is not a number
     */
    public double getDouble(String key) {
        Object v = options.get(key);
        if (v instanceof Double d) {
            return d;
        }
        throw new IllegalArgumentException(owner.name() + ": option '" + key + "' is " + (v == null ? "absent" : v)
                + ", expected a number; the group has " + options.keySet());
    }

    boolean getBoolean(String key) {
        return (Boolean) options.get(key);
    }

    @SuppressWarnings("unchecked")
    List<Double> getList(String key) {
        return (List<Double>) options.get(key);
    }

    /**
     * Sets an option, {@code group[key] = value}. The type is checked (a number, a boolean, a tuple of the
     * right length); as in PyTorch, the range is not (the constructor and {@link Optimizer#addParamGroup}
     * check ranges). On error the group is unchanged.
     *
     * @param key an option name, PyTorch's spelling
     * @param value a number, a boolean, or for a tuple option a {@code List} of numbers or a {@code double[]}
     * @throws IllegalArgumentException if the value has the wrong type
     */
    public void set(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(options);
        copy.put(key, value);
        Map<String, Object> checked = owner.checkOptions(copy, false);
        options.clear();
        options.putAll(checked);
        version++;
    }

    /**
     * The options, PyTorch's group dict without {@code "params"}.
     *
     * @return an unmodifiable view of the options, in PyTorch's order
     */
    public Map<String, Object> options() {
        return Collections.unmodifiableMap(options);
    }

    void replaceOptions(Map<String, Object> checked) {
        options.clear();
        options.putAll(checked);
        version++;
    }

    /** Changes with every change of the options, so an optimizer may keep what it read from them. */
    int version() {
        return version;
    }

    @Override
    public String toString() {
        return "ParamGroup(" + params.size() + " params, " + options + ")";
    }
}

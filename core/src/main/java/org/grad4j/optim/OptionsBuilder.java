package org.grad4j.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.grad4j.Tensor;

/**
 * What the optimizers' builders share: the parameters, and the options as PyTorch's param_group entries in
 * PyTorch's order (seeded with the optimizer's defaults), with the setters of the options every optimizer
 * has, and {@code build()}. Each builder adds the setters of its own options.
 *
 * @param <B> the builder itself, which every setter returns
 * @param <O> the optimizer it builds
 */
abstract class OptionsBuilder<B extends OptionsBuilder<B, O>, O extends Optimizer> {
    final List<Tensor> params;
    private final Function<B, O> factory;
    private final Map<String, Object> options = new LinkedHashMap<>();

    /**
     * {@code factory}: the optimizer's constructor from this builder; {@code defaults}: PyTorch's option names
     * and default values, alternating, in PyTorch's order.
     */
    OptionsBuilder(List<Tensor> params, Function<B, O> factory, Object... defaults) {
        this.params = params;
        this.factory = factory;
        for (int i = 0; i < defaults.length; i += 2) {
            options.put((String) defaults[i], defaults[i + 1]);
        }
    }

    /** The options under PyTorch's names; the optimizer copies them. */
    final Map<String, Object> options() {
        return options;
    }

    /** Sets the option PyTorch calls {@code name}. */
    @SuppressWarnings("unchecked")
    final B set(String name, Object value) {
        options.put(name, value);
        return (B) this;
    }

    /**
     * Weight decay, an L2 penalty (default 0; AdamW's default is 0.01 and decouples it from the gradient).
     *
     * @param value the weight decay, non-negative
     * @return this builder
     */
    public B weightDecay(double value) {
        return set("weight_decay", value);
    }

    /**
     * Maximize the objective instead of minimizing (default false).
     *
     * @param value whether to step along the gradient rather than against it
     * @return this builder
     */
    public B maximize(boolean value) {
        return set("maximize", value);
    }

    /**
     * The optimizer; validates the options as PyTorch does.
     *
     * @return a new optimizer
     * @throws IllegalArgumentException if an option is out of range
     */
    @SuppressWarnings("unchecked")
    public O build() {
        return factory.apply((B) this);
    }
}

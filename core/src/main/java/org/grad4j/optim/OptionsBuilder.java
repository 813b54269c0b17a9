package org.grad4j.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.grad4j.Tensor;

/**
 * What the optimizers' builders share: the parameters, and the options as PyTorch's param_group entries in
 * PyTorch's order (seeded with the optimizer's defaults), and {@code build()}. Each builder adds the setters
 * of its own options (only those PyTorch 1.13 has for that optimizer).
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

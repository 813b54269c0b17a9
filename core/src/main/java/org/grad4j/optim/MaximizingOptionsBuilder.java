package org.grad4j.optim;

import java.util.List;
import java.util.function.Function;

import org.grad4j.Tensor;

/**
 * The adaptive optimizers' builders that also take PyTorch 1.13's {@code maximize} (Adam, AdamW, Adagrad, RMSprop,
 * Adamax, Adadelta; NAdam and RAdam gained it only later).
 *
 * @param <B> the builder itself, which every setter returns
 * @param <O> the optimizer it builds
 */
abstract class MaximizingOptionsBuilder<B extends MaximizingOptionsBuilder<B, O>, O extends Optimizer>
        extends AdaptiveOptionsBuilder<B, O> {
    MaximizingOptionsBuilder(List<Tensor> params, Function<B, O> factory, Object... defaults) {
        super(params, factory, defaults);
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
}

package org.grad4j.optim;

import java.util.List;
import java.util.function.Function;

import org.grad4j.Tensor;

/**
 * The builders of the optimizers that scale by a running statistic of the gradient (Adam, AdamW, Adagrad,
 * RMSprop): a learning rate with a default, and an epsilon in the denominator.
 *
 * @param <B> the builder itself, which every setter returns
 * @param <O> the optimizer it builds
 */
abstract class AdaptiveOptionsBuilder<B extends AdaptiveOptionsBuilder<B, O>, O extends Optimizer>
        extends OptionsBuilder<B, O> {
    AdaptiveOptionsBuilder(List<Tensor> params, Function<B, O> factory, Object... defaults) {
        super(params, factory, defaults);
    }

    /**
     * Learning rate (default 1e-3 for Adam and AdamW, 1e-2 for Adagrad and RMSprop).
     *
     * @param value the learning rate, non-negative
     * @return this builder
     */
    public B lr(double value) {
        return set("lr", value);
    }

    /**
     * Term added to the denominator for numerical stability (default 1e-8; Adagrad's is 1e-10).
     *
     * @param value the epsilon, non-negative
     * @return this builder
     */
    public B eps(double value) {
        return set("eps", value);
    }
}

package org.grad4j.optim;

import java.util.List;
import java.util.function.Function;

import org.grad4j.Tensor;

/**
 * The builders of the optimizers that scale by a running statistic of the gradient (Adam, AdamW, Adagrad,
 * RMSprop, Adamax, Adadelta, NAdam, RAdam): a learning rate with a default, an epsilon in the denominator and
 * weight decay. Those of them that can maximize in PyTorch 1.13 extend {@link MaximizingOptionsBuilder}.
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
     * Learning rate (default 1e-3 for Adam, AdamW and RAdam, 1e-2 for Adagrad and RMSprop, 2e-3 for Adamax and
     * NAdam, 1.0 for Adadelta).
     *
     * @param value the learning rate, non-negative
     * @return this builder
     */
    public B lr(double value) {
        return set("lr", value);
    }

    /**
     * Term added to the denominator for numerical stability (default 1e-8; Adagrad's is 1e-10, Adadelta's 1e-6).
     *
     * @param value the epsilon, non-negative
     * @return this builder
     */
    public B eps(double value) {
        return set("eps", value);
    }

    /**
     * Weight decay, an L2 penalty added to the gradient (default 0; AdamW's default is 0.01 and decouples it from
     * the gradient).
     *
     * @param value the weight decay, non-negative
     * @return this builder
     */
    public B weightDecay(double value) {
        return set("weight_decay", value);
    }
}

package org.grad4j.optim;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.grad4j.Tensor;

/**
 * Builds an {@link Adam} or {@link AdamW}: every option defaults to PyTorch's default for that optimizer
 * (weight decay 0 for Adam, 0.01 for AdamW). Get one from {@link Adam#builder} or {@link AdamW#builder}.
 *
 * @param <O> the optimizer it builds
 */
public final class AdamBuilder<O extends Optimizer> {
    private final List<Tensor> params;
    private final Function<AdamBuilder<O>, O> factory;
    private double lr = 1e-3;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double eps = 1e-8;
    private double weightDecay;
    private boolean amsgrad;
    private boolean maximize;

    AdamBuilder(List<Tensor> params, double weightDecay, Function<AdamBuilder<O>, O> factory) {
        this.params = params;
        this.weightDecay = weightDecay;
        this.factory = factory;
    }

    /** The options as PyTorch names them in param_groups. */
    Map<String, Object> options() {
        return AdamFamily.options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    List<Tensor> params() {
        return params;
    }

    /**
     * Learning rate (default 1e-3).
     *
     * @param value the learning rate, non-negative
     * @return this builder
     */
    public AdamBuilder<O> lr(double value) {
        this.lr = value;
        return this;
    }

    /**
     * Coefficients of the running averages of the gradient and its square (default 0.9, 0.999).
     *
     * @param beta1 the first moment's coefficient, in [0, 1)
     * @param beta2 the second moment's coefficient, in [0, 1)
     * @return this builder
     */
    public AdamBuilder<O> betas(double beta1, double beta2) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        return this;
    }

    /**
     * Term added to the denominator for numerical stability (default 1e-8).
     *
     * @param value the epsilon, non-negative
     * @return this builder
     */
    public AdamBuilder<O> eps(double value) {
        this.eps = value;
        return this;
    }

    /**
     * Weight decay (default 0 for Adam, 0.01 for AdamW).
     *
     * @param value the weight decay, non-negative
     * @return this builder
     */
    public AdamBuilder<O> weightDecay(double value) {
        this.weightDecay = value;
        return this;
    }

    /**
     * Use the AMSGrad variant (default false).
     *
     * @param value whether to normalize by the running maximum of the second moment
     * @return this builder
     */
    public AdamBuilder<O> amsgrad(boolean value) {
        this.amsgrad = value;
        return this;
    }

    /**
     * Maximize the objective instead of minimizing (default false).
     *
     * @param value whether to step along the gradient rather than against it
     * @return this builder
     */
    public AdamBuilder<O> maximize(boolean value) {
        this.maximize = value;
        return this;
    }

    /**
     * The optimizer; validates the options as PyTorch does.
     *
     * @return a new optimizer
     * @throws IllegalArgumentException if an option is out of range
     */
    public O build() {
        return factory.apply(this);
    }
}

package org.grad4j.optim;

import java.util.List;
import java.util.function.Function;

import org.grad4j.Tensor;

/**
 * Builds an {@link Adam} or {@link AdamW}: every option defaults to PyTorch's default for that optimizer
 * (weight decay 0 for Adam, 0.01 for AdamW). Get one from {@link Adam#builder} or {@link AdamW#builder}.
 *
 * @param <O> the optimizer it builds
 */
public final class AdamBuilder<O extends Optimizer> extends MaximizingOptionsBuilder<AdamBuilder<O>, O> {
    AdamBuilder(List<Tensor> params, double weightDecay, Function<AdamBuilder<O>, O> factory) {
        super(params, factory, "lr", 1e-3, "betas", List.of(0.9, 0.999), "eps", 1e-8, "weight_decay", weightDecay,
                "amsgrad", false, "maximize", false);
    }

    List<Tensor> params() {
        return params;
    }

    /**
     * Coefficients of the running averages of the gradient and its square (default 0.9, 0.999).
     *
     * @param beta1 the first moment's coefficient, in [0, 1)
     * @param beta2 the second moment's coefficient, in [0, 1)
     * @return this builder
     */
    public AdamBuilder<O> betas(double beta1, double beta2) {
        return set("betas", List.of(beta1, beta2));
    }

    /**
     * Use the AMSGrad variant (default false).
     *
     * @param value whether to normalize by the running maximum of the second moment
     * @return this builder
     */
    public AdamBuilder<O> amsgrad(boolean value) {
        return set("amsgrad", value);
    }
}

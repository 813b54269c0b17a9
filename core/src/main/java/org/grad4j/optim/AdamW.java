package org.grad4j.optim;

import java.util.List;

import org.grad4j.Tensor;

/**
 * AdamW, PyTorch's {@code torch.optim.AdamW}: Adam with decoupled weight decay
 * ({@code p *= 1 - lr*weight_decay} before the moment update), optional AMSGrad and maximize.
 * Its arithmetic is PyTorch 1.13's CPU update, rounding for rounding (see the conformance suite's
 * golden trajectories); the update is described on {@code AdamFamily}'s source.
 *
 * <pre>{@code
 * AdamW opt = AdamW.builder(model.parameters()).lr(1e-3).weightDecay(0.01).build();
 * opt.zeroGrad(); loss.backward(); opt.step();
 * }</pre>
 *
 * Options (PyTorch's names in the groups and the state dict): {@code lr} (default 1e-3), {@code betas}
 * (0.9, 0.999), {@code eps} (1e-8), {@code weight_decay} (0.01), {@code amsgrad} (false), {@code maximize} (false).
 * State per parameter: {@code step}, {@code exp_avg}, {@code exp_avg_sq}, and {@code max_exp_avg_sq} with amsgrad.
 */
public final class AdamW extends AdamFamily {
    /**
     * AdamW with PyTorch's defaults, like {@code torch.optim.AdamW(params)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     */
    public AdamW(List<Tensor> params) {
        this(builder(params));
    }

    /**
     * AdamW with learning rate {@code lr} and PyTorch's other defaults, like {@code torch.optim.AdamW(params, lr=lr)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     * @param lr the learning rate, non-negative
     */
    public AdamW(List<Tensor> params, double lr) {
        this(builder(params).lr(lr));
    }

    private AdamW(Builder b) {
        super("AdamW", b.params, options(b.lr, b.beta1, b.beta2, b.eps, b.weightDecay, b.amsgrad, b.maximize), true);
    }

    /**
     * A builder for every option.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     * @return a new builder with PyTorch's defaults
     */
    public static Builder builder(List<Tensor> params) {
        return new Builder(params);
    }

    /** Builds an {@link AdamW}; every option defaults to PyTorch's default. */
    public static final class Builder {
        private final List<Tensor> params;
        private double lr = 1e-3;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private double weightDecay = 1e-2;
        private boolean amsgrad;
        private boolean maximize;

        private Builder(List<Tensor> params) {
            this.params = params;
        }

        /**
         * Learning rate (default 1e-3).
         *
         * @param value the learning rate, non-negative
         * @return this builder
         */
        public Builder lr(double value) {
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
        public Builder betas(double beta1, double beta2) {
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
        public Builder eps(double value) {
            this.eps = value;
            return this;
        }

        /**
         * Weight decay (default 0.01).
         *
         * @param value the weight decay, non-negative
         * @return this builder
         */
        public Builder weightDecay(double value) {
            this.weightDecay = value;
            return this;
        }

        /**
         * Use the AMSGrad variant (default false).
         *
         * @param value whether to normalize by the running maximum of the second moment
         * @return this builder
         */
        public Builder amsgrad(boolean value) {
            this.amsgrad = value;
            return this;
        }

        /**
         * Maximize the objective instead of minimizing (default false).
         *
         * @param value whether to step along the gradient rather than against it
         * @return this builder
         */
        public Builder maximize(boolean value) {
            this.maximize = value;
            return this;
        }

        /**
         * The optimizer; validates the options as PyTorch does.
         *
         * @return a new optimizer
         * @throws IllegalArgumentException if an option is out of range
         */
        public AdamW build() {
            return new AdamW(this);
        }
    }
}

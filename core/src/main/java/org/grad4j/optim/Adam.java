package org.grad4j.optim;

import java.util.List;

import org.grad4j.Tensor;

/**
 * Adam, PyTorch's {@code torch.optim.Adam}: first and second moment estimates with bias correction,
 * L2 weight decay added to the gradient, optional AMSGrad and maximize.
 * Its arithmetic is PyTorch 1.13's CPU update, rounding for rounding (see the conformance suite's
 * golden trajectories); the update is described on {@code AdamFamily}'s source.
 *
 * <pre>{@code
 * Adam opt = Adam.builder(model.parameters()).lr(1e-3).betas(0.9, 0.999).build();
 * opt.zeroGrad(); loss.backward(); opt.step();
 * }</pre>
 *
 * Options (PyTorch's names in the groups and the state dict): {@code lr} (default 1e-3), {@code betas}
 * (0.9, 0.999), {@code eps} (1e-8), {@code weight_decay} (0), {@code amsgrad} (false), {@code maximize} (false).
 * State per parameter: {@code step}, {@code exp_avg}, {@code exp_avg_sq}, and {@code max_exp_avg_sq} with amsgrad.
 */
public final class Adam extends AdamFamily {
    /**
     * Adam with PyTorch's defaults, like {@code torch.optim.Adam(params)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     */
    public Adam(List<Tensor> params) {
        this(builder(params));
    }

    /**
     * Adam with learning rate {@code lr} and PyTorch's other defaults, like {@code torch.optim.Adam(params, lr=lr)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     * @param lr the learning rate, non-negative
     */
    public Adam(List<Tensor> params, double lr) {
        this(builder(params).lr(lr));
    }

    private Adam(Builder b) {
        super("Adam", b.params, options(b.lr, b.beta1, b.beta2, b.eps, b.weightDecay, b.amsgrad, b.maximize), false);
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

    /** Builds an {@link Adam}; every option defaults to PyTorch's default. */
    public static final class Builder {
        private final List<Tensor> params;
        private double lr = 1e-3;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private double weightDecay = 0;
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
         * Weight decay (default 0).
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
        public Adam build() {
            return new Adam(this);
        }
    }
}

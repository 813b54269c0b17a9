package org.grad4j.optim;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.grad4j.Tensor;

/**
 * NAdam, PyTorch's {@code torch.optim.NAdam}: Adam with Nesterov momentum and a momentum schedule, with PyTorch
 * 1.13's CPU arithmetic ({@code _single_tensor_nadam}), rounding for rounding:
 * <pre>
 * step += 1;  g = fma(wd, p, g) if wd != 0
 * mu = b1 * (1 - 0.5 * 0.96^(step * momentum_decay));  mu_next likewise with step + 1   (in double)
 * mu_product *= mu;  mu_product_next = mu_product * mu * mu_next                      (float32, PyTorch's 0-d tensors)
 * m = fma(1-b1, g, m*b1);  v = fma((1-b2)*g, g, v*b2)
 * denom = sqrt(v / (1 - b2^step)) + eps
 * p = p + (-lr*(1-mu)/(1-mu_product) * g) / denom;  p = p + (-lr*mu_next/(1-mu_product_next) * m) / denom
 * </pre>
 * PyTorch 1.13's NAdam has no {@code maximize}.
 *
 * <pre>{@code
 * NAdam opt = NAdam.builder(model.parameters()).lr(2e-3).momentumDecay(4e-3).build();
 * }</pre>
 *
 * Options: {@code lr} (default 2e-3), {@code betas} (0.9, 0.999), {@code eps} (1e-8), {@code weight_decay} (0),
 * {@code momentum_decay} (4e-3). State per parameter: {@code step}, {@code mu_product} (one float32 number),
 * {@code exp_avg}, {@code exp_avg_sq}.
 */
public final class NAdam extends Optimizer {
    /**
     * NAdam with PyTorch's defaults, like {@code torch.optim.NAdam(params)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     */
    public NAdam(List<Tensor> params) {
        this(builder(params));
    }

    /**
     * NAdam with learning rate {@code lr}, like {@code torch.optim.NAdam(params, lr=lr)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     * @param lr the learning rate, non-negative
     */
    public NAdam(List<Tensor> params, double lr) {
        this(builder(params).lr(lr));
    }

    private NAdam(Builder b) {
        super("NAdam", b.params, b.options(), Set.of("exp_avg", "exp_avg_sq"));
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

    @Override
    void validate(Map<String, Object> o) {
        Optimizers.checkNonNegative("NAdam", o, "lr", "learning rate", "eps", "epsilon value");
        Optimizers.checkBetas("NAdam", o);
        Optimizers.checkNonNegative("NAdam", o, "weight_decay", "weight_decay value", "momentum_decay",
                "momentum_decay value");
    }

    @Override
    Set<String> scalarStateKeys() {
        return Set.of("mu_product");
    }

    @Override
    Set<String> floatOptions() {
        return Set.of("lr", "betas", "eps", "momentum_decay");
    }

    /** One step of every parameter that has a gradient; all gradients are checked before anything is written. */
    @Override
    public void step() {
        stepEachParameter();
    }

    @Override
    void update(ParamGroup group, Tensor p, Tensor grad) {
        List<Double> betas = group.getList("betas");
        double beta1 = betas.get(0);
        double beta2 = betas.get(1);
        double lr = group.getDouble("lr");
        double eps = group.getDouble("eps");
        double wd = group.getDouble("weight_decay");
        double momentumDecay = group.getDouble("momentum_decay");
        ParamState st = state(p);
        if (!st.tensors.containsKey("exp_avg")) {
            st.scalars.put("mu_product", 1.0);
        }
        st = started(p, "exp_avg", "exp_avg_sq");
        st.incrementStep();
        double step = st.step;
        double biasCorrection2 = 1 - Math.pow(beta2, step);
        Tensor g = grad;
        if (wd != 0) {
            g = g.clone().add_(p, wd);
        }
        double mu = beta1 * (1. - 0.5 * Math.pow(0.96, step * momentumDecay));
        double muNext = beta1 * (1. - 0.5 * Math.pow(0.96, (step + 1) * momentumDecay));
        // mu_product is a float32 0-d tensor in PyTorch: each product rounds to float32, the Python floats too.
        double muProduct = (float) (st.scalars.getOrDefault("mu_product", 1.0) * (float) mu);
        double muProductNext = (float) ((float) (muProduct * (float) mu) * (float) muNext);
        st.scalars.put("mu_product", muProduct);
        Tensor expAvg = st.tensors.get("exp_avg");
        Tensor expAvgSq = st.tensors.get("exp_avg_sq");
        expAvg.mul_(beta1).add_(g, 1 - beta1);
        expAvgSq.mul_(beta2).addcmul_(g, g, 1 - beta2);
        Tensor denom = expAvgSq.div(biasCorrection2).sqrt().add_(eps);
        p.addcdiv_(g, denom, -lr * (1. - mu) / (1. - muProduct));
        p.addcdiv_(expAvg, denom, -lr * muNext / (1. - muProductNext));
    }

    /** Builds an {@link NAdam}; every option defaults to PyTorch's default. */
    public static final class Builder extends AdaptiveOptionsBuilder<Builder, NAdam> {
        private Builder(List<Tensor> params) {
            super(params, NAdam::new, "lr", 2e-3, "betas", List.of(0.9, 0.999), "eps", 1e-8, "weight_decay", 0.0,
                    "momentum_decay", 4e-3);
        }

        /**
         * Coefficients of the running averages of the gradient and its square (default 0.9, 0.999).
         *
         * @param beta1 the first moment's coefficient, in [0, 1)
         * @param beta2 the second moment's coefficient, in [0, 1)
         * @return this builder
         */
        public Builder betas(double beta1, double beta2) {
            return set("betas", List.of(beta1, beta2));
        }

        /**
         * Momentum decay, the {@code psi} of the momentum schedule {@code 0.96^(step * psi)} (default 4e-3).
         *
         * @param value the momentum decay, non-negative
         * @return this builder
         */
        public Builder momentumDecay(double value) {
            return set("momentum_decay", value);
        }
    }

    @Override
    List<String> torchGroupKeys() {
        return List.of("lr", "betas", "eps", "weight_decay", "momentum_decay", "foreach");
    }
}

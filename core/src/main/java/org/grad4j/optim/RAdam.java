package org.grad4j.optim;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.grad4j.Tensor;

/**
 * RAdam, PyTorch's {@code torch.optim.RAdam}: Adam with a rectified adaptive learning rate, with PyTorch 1.13's
 * CPU arithmetic ({@code _single_tensor_radam}), rounding for rounding:
 * <pre>
 * step += 1;  g = fma(wd, p, g) if wd != 0
 * m = fma(1-b1, g, m*b1);  v = fma((1-b2)*g, g, v*b2)
 * rho_inf = 2/(1-b2) - 1;  rho_t = rho_inf - 2*step*b2^step / (1-b2^step)        (in double)
 * rho_t &gt; 5: rect = sqrt((rho_t-4)(rho_t-2)rho_inf / ((rho_inf-4)(rho_inf-2)rho_t))
 *            p = p - (m/(1-b1^step)) * lr * (reciprocal(sqrt(v) + eps) * sqrt(1-b2^step)) * rect
 * else:      p = p - (m/(1-b1^step)) * lr
 * </pre>
 * (Python's {@code float / tensor} is {@code tensor.reciprocal() * float}.) PyTorch 1.13's RAdam has no
 * {@code maximize}.
 *
 * <pre>{@code
 * RAdam opt = RAdam.builder(model.parameters()).lr(1e-3).build();
 * }</pre>
 *
 * Options: {@code lr} (default 1e-3), {@code betas} (0.9, 0.999), {@code eps} (1e-8), {@code weight_decay} (0).
 * State per parameter: {@code step}, {@code exp_avg}, {@code exp_avg_sq}.
 */
public final class RAdam extends Optimizer {
    /**
     * RAdam with PyTorch's defaults, like {@code torch.optim.RAdam(params)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     */
    public RAdam(List<Tensor> params) {
        this(builder(params));
    }

    /**
     * RAdam with learning rate {@code lr}, like {@code torch.optim.RAdam(params, lr=lr)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     * @param lr the learning rate, non-negative
     */
    public RAdam(List<Tensor> params, double lr) {
        this(builder(params).lr(lr));
    }

    private RAdam(Builder b) {
        super("RAdam", b.params, b.options(), Set.of("exp_avg", "exp_avg_sq"));
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
        Optimizers.checkNonNegative("RAdam", o, "lr", "learning rate", "eps", "epsilon value");
        Optimizers.checkBetas("RAdam", o);
        Optimizers.checkNonNegative("RAdam", o, "weight_decay", "weight_decay value");
    }

    @Override
    Set<String> floatOptions() {
        return Set.of("lr", "betas", "eps");
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
        ParamState st = started(p, "exp_avg", "exp_avg_sq");
        st.incrementStep();
        double step = st.step;
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2 = 1 - Math.pow(beta2, step);
        Tensor g = grad;
        if (wd != 0) {
            g = g.clone().add_(p, wd);
        }
        Tensor expAvg = st.tensors.get("exp_avg");
        Tensor expAvgSq = st.tensors.get("exp_avg_sq");
        expAvg.mul_(beta1).add_(g, 1 - beta1);
        expAvgSq.mul_(beta2).addcmul_(g, g, 1 - beta2);
        Tensor corrected = expAvg.div(biasCorrection1);
        double rhoInf = 2 / (1 - beta2) - 1;
        double rhoT = rhoInf - 2 * step * Math.pow(beta2, step) / biasCorrection2;
        if (rhoT > 5.) {
            double rect = Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
            Tensor adaptiveLr = expAvgSq.sqrt().add_(eps).reciprocal().mul(Math.sqrt(biasCorrection2));
            p.add_(corrected.mul(lr).mul(adaptiveLr).mul(rect), -1.0);
        } else {
            p.add_(corrected.mul(lr), -1.0);
        }
    }

    /** Builds an {@link RAdam}; every option defaults to PyTorch's default. */
    public static final class Builder extends AdaptiveOptionsBuilder<Builder, RAdam> {
        private Builder(List<Tensor> params) {
            super(params, RAdam::new, "lr", 1e-3, "betas", List.of(0.9, 0.999), "eps", 1e-8, "weight_decay", 0.0);
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
    }

    @Override
    List<String> torchGroupKeys() {
        return List.of("lr", "betas", "eps", "weight_decay", "foreach");
    }
}

package org.grad4j.optim;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.grad4j.Tensor;

/**
 * Adamax, PyTorch's {@code torch.optim.Adamax}: Adam with the infinity norm, with PyTorch 1.13's CPU arithmetic
 * ({@code _single_tensor_adamax}), rounding for rounding:
 * <pre>
 * g = maximize ? -grad : grad;  step += 1;  g = fma(wd, p, g) if wd != 0
 * m = fma(1-b1, g, m*b1)                    (mul_, then add_(g, alpha=1-b1))
 * u = max(u*b2, |g| + eps)                  (amax of the two, NaN-propagating)
 * p = p + (-(lr / (1 - b1^step)) * m) / u   (addcdiv_)
 * </pre>
 *
 * <pre>{@code
 * Adamax opt = Adamax.builder(model.parameters()).lr(2e-3).betas(0.9, 0.999).build();
 * }</pre>
 *
 * Options: {@code lr} (default 2e-3), {@code betas} (0.9, 0.999), {@code eps} (1e-8), {@code weight_decay} (0),
 * {@code maximize} (false). State per parameter: {@code step}, {@code exp_avg}, {@code exp_inf}.
 */
public final class Adamax extends Optimizer {
    /**
     * Adamax with PyTorch's defaults, like {@code torch.optim.Adamax(params)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     */
    public Adamax(List<Tensor> params) {
        this(builder(params));
    }

    /**
     * Adamax with learning rate {@code lr}, like {@code torch.optim.Adamax(params, lr=lr)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     * @param lr the learning rate, non-negative
     */
    public Adamax(List<Tensor> params, double lr) {
        this(builder(params).lr(lr));
    }

    private Adamax(Builder b) {
        super("Adamax", b.params, b.options(), Set.of("exp_avg", "exp_inf"));
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
        Optimizers.checkNonNegative("Adamax", o, "lr", "learning rate", "eps", "epsilon value");
        Optimizers.checkBetas("Adamax", o);
        Optimizers.checkNonNegative("Adamax", o, "weight_decay", "weight_decay value");
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
        ParamState st = started(p, "exp_avg", "exp_inf");
        st.incrementStep();
        Tensor expAvg = st.tensors.get("exp_avg");
        Tensor expInf = st.tensors.get("exp_inf");
        Tensor g = group.getBoolean("maximize") ? grad.neg() : grad;
        if (wd != 0) {
            g = g.clone().add_(p, wd);   // grad.add(param, alpha=wd), rounded once as PyTorch's CPU add
        }
        expAvg.mul_(beta1).add_(g, 1 - beta1);
        Tensor norm = g.abs().add_(eps);
        expInf.copy_(expInf.mul_(beta2).maximum(norm));
        double clr = lr / (1 - Math.pow(beta1, st.step));
        p.addcdiv_(expAvg, expInf, -clr);
    }

    /** Builds an {@link Adamax}; every option defaults to PyTorch's default. */
    public static final class Builder extends MaximizingOptionsBuilder<Builder, Adamax> {
        private Builder(List<Tensor> params) {
            super(params, Adamax::new, "lr", 2e-3, "betas", List.of(0.9, 0.999), "eps", 1e-8, "weight_decay", 0.0,
                    "maximize", false);
        }

        /**
         * Coefficients of the running average of the gradient and of the decay of the infinity norm
         * (default 0.9, 0.999).
         *
         * @param beta1 the first moment's coefficient, in [0, 1)
         * @param beta2 the infinity norm's decay, in [0, 1)
         * @return this builder
         */
        public Builder betas(double beta1, double beta2) {
            return set("betas", List.of(beta1, beta2));
        }
    }

    @Override
    List<String> torchGroupKeys() {
        return List.of("lr", "betas", "eps", "weight_decay", "foreach", "maximize");
    }
}

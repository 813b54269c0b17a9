package org.grad4j.optim;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.grad4j.Tensor;

/**
 * Adadelta, PyTorch's {@code torch.optim.Adadelta}, with PyTorch 1.13's CPU arithmetic
 * ({@code _single_tensor_adadelta}), rounding for rounding:
 * <pre>
 * g = maximize ? -grad : grad;  g = fma(wd, p, g) if wd != 0;  step += 1
 * v = fma((1-rho)*g, g, v*rho)                                 (mul_, addcmul_)
 * delta = sqrt(u + eps) / sqrt(v + eps) * g
 * u = fma((1-rho)*delta, delta, u*rho)
 * p = fma(-lr, delta, p)
 * </pre>
 *
 * <pre>{@code
 * Adadelta opt = Adadelta.builder(model.parameters()).rho(0.9).build();   // lr 1.0
 * }</pre>
 *
 * Options: {@code lr} (default 1.0), {@code rho} (0.9), {@code eps} (1e-6), {@code weight_decay} (0),
 * {@code maximize} (false). State per parameter: {@code step}, {@code square_avg}, {@code acc_delta}.
 */
public final class Adadelta extends Optimizer {
    /**
     * Adadelta with PyTorch's defaults, like {@code torch.optim.Adadelta(params)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     */
    public Adadelta(List<Tensor> params) {
        this(builder(params));
    }

    /**
     * Adadelta with learning rate {@code lr}, like {@code torch.optim.Adadelta(params, lr=lr)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     * @param lr the coefficient that scales delta before it is applied, non-negative
     */
    public Adadelta(List<Tensor> params, double lr) {
        this(builder(params).lr(lr));
    }

    private Adadelta(Builder b) {
        super("Adadelta", b.params, b.options(), Set.of("square_avg", "acc_delta"));
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
        Optimizers.checkNonNegative("Adadelta", o, "lr", "learning rate");
        double rho = (Double) o.get("rho");
        Optimizers.check(rho >= 0.0 && rho <= 1.0, "Adadelta: Invalid rho value: " + Optimizers.py(rho)
                + " (expected 0 <= rho <= 1)");
        Optimizers.checkNonNegative("Adadelta", o, "eps", "epsilon value", "weight_decay", "weight_decay value");
    }

    @Override
    Set<String> floatOptions() {
        return Set.of("lr", "rho", "eps");
    }

    /** One step of every parameter that has a gradient; all gradients are checked before anything is written. */
    @Override
    public void step() {
        stepEachParameter();
    }

    @Override
    void update(ParamGroup group, Tensor p, Tensor grad) {
        double lr = group.getDouble("lr");
        double rho = group.getDouble("rho");
        double eps = group.getDouble("eps");
        double wd = group.getDouble("weight_decay");
        ParamState st = started(p, "square_avg", "acc_delta");
        st.incrementStep();
        Tensor g = group.getBoolean("maximize") ? grad.neg() : grad;
        if (wd != 0) {
            g = g.clone().add_(p, wd);
        }
        Tensor squareAvg = st.tensors.get("square_avg");
        Tensor accDelta = st.tensors.get("acc_delta");
        squareAvg.mul_(rho).addcmul_(g, g, 1 - rho);
        Tensor std = squareAvg.add(eps).sqrt_();
        Tensor delta = accDelta.add(eps).sqrt_().div_(std).mul_(g);
        accDelta.mul_(rho).addcmul_(delta, delta, 1 - rho);
        p.add_(delta, -lr);
    }

    /** Builds an {@link Adadelta}; every option defaults to PyTorch's default. */
    public static final class Builder extends MaximizingOptionsBuilder<Builder, Adadelta> {
        private Builder(List<Tensor> params) {
            super(params, Adadelta::new, "lr", 1.0, "rho", 0.9, "eps", 1e-6, "weight_decay", 0.0, "maximize", false);
        }

        /**
         * Coefficient of the running averages of the squared gradient and of the squared update (default 0.9).
         *
         * @param value rho, in [0, 1]
         * @return this builder
         */
        public Builder rho(double value) {
            return set("rho", value);
        }
    }

    @Override
    List<String> torchGroupKeys() {
        return List.of("lr", "rho", "eps", "weight_decay", "maximize", "foreach");
    }
}

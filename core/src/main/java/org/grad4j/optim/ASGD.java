package org.grad4j.optim;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.grad4j.Tensor;

/**
 * Averaged SGD, PyTorch's {@code torch.optim.ASGD}, with PyTorch 1.13's CPU arithmetic ({@code _single_tensor_asgd}),
 * rounding for rounding:
 * <pre>
 * g = maximize ? -grad : grad;  step += 1;  g = fma(wd, p, g) if wd != 0
 * p *= 1 - lambd * eta;  p = fma(-eta, g, p)
 * ax = mu != 1 ? ax + (p - ax) * mu : p
 * eta = lr / (1 + lambd * lr * step)^alpha;  mu = 1 / max(1, step - t0)     (float32, PyTorch's 0-d tensors)
 * </pre>
 * {@code eta} starts at the group's {@code lr} (rounded to float32) and {@code mu} at 1, on a parameter's first step.
 *
 * <pre>{@code
 * ASGD opt = ASGD.builder(model.parameters()).lr(0.01).t0(100).build();
 * }</pre>
 *
 * Options: {@code lr} (default 1e-2), {@code lambd} (1e-4), {@code alpha} (0.75), {@code t0} (1e6),
 * {@code weight_decay} (0), {@code maximize} (false). State per parameter: {@code step}, {@code eta}, {@code mu}
 * (one float32 number each) and {@code ax}, the average of the parameter.
 */
public final class ASGD extends Optimizer {
    /**
     * ASGD with PyTorch's defaults, like {@code torch.optim.ASGD(params)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     */
    public ASGD(List<Tensor> params) {
        this(builder(params));
    }

    /**
     * ASGD with learning rate {@code lr}, like {@code torch.optim.ASGD(params, lr=lr)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     * @param lr the learning rate, non-negative
     */
    public ASGD(List<Tensor> params, double lr) {
        this(builder(params).lr(lr));
    }

    private ASGD(Builder b) {
        super("ASGD", b.params, b.options(), Set.of("ax"));
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
        Optimizers.checkNonNegative("ASGD", o, "lr", "learning rate", "weight_decay", "weight_decay value");
    }

    @Override
    Set<String> scalarStateKeys() {
        return Set.of("eta", "mu");
    }

    @Override
    Set<String> floatOptions() {
        return Set.of("lr", "lambd", "alpha", "t0");
    }

    /** One step of every parameter that has a gradient; all gradients are checked before anything is written. */
    @Override
    public void step() {
        stepEachParameter();
    }

    @Override
    void update(ParamGroup group, Tensor p, Tensor grad) {
        double lr = group.getDouble("lr");
        double lambd = group.getDouble("lambd");
        double alpha = group.getDouble("alpha");
        double t0 = group.getDouble("t0");
        double wd = group.getDouble("weight_decay");
        ParamState st = state(p);
        if (!st.tensors.containsKey("ax")) {
            st.scalars.put("eta", (double) (float) lr);
            st.scalars.put("mu", 1.0);
        }
        st = started(p, "ax", null);
        st.incrementStep();
        double step = st.step;
        double eta = st.scalars.getOrDefault("eta", (double) (float) lr);
        double mu = st.scalars.getOrDefault("mu", 1.0);
        Tensor g = group.getBoolean("maximize") ? grad.neg() : grad;
        if (wd != 0) {
            g = g.clone().add_(p, wd);
        }
        p.mul_(1 - lambd * eta);
        p.add_(g, -eta);
        Tensor ax = st.tensors.get("ax");
        if (mu != 1) {
            ax.add_(p.sub(ax).mul(mu));
        } else {
            ax.copy_(p);
        }
        st.scalars.put("eta", (double) (float) (lr / Math.pow(1 + lambd * lr * step, alpha)));
        st.scalars.put("mu", (double) (float) (1 / Math.max(1, step - t0)));
    }

    /** Builds an {@link ASGD}; every option defaults to PyTorch's default. */
    public static final class Builder extends OptionsBuilder<Builder, ASGD> {
        private Builder(List<Tensor> params) {
            super(params, ASGD::new, "lr", 1e-2, "lambd", 1e-4, "alpha", 0.75, "t0", 1e6, "weight_decay", 0.0,
                    "maximize", false);
        }

        /**
         * Learning rate (default 1e-2).
         *
         * @param value the learning rate, non-negative
         * @return this builder
         */
        public Builder lr(double value) {
            return set("lr", value);
        }

        /**
         * Decay term (default 1e-4).
         *
         * @param value lambda
         * @return this builder
         */
        public Builder lambd(double value) {
            return set("lambd", value);
        }

        /**
         * Power of the learning rate's decay, {@code eta = lr / (1 + lambd*lr*step)^alpha} (default 0.75).
         *
         * @param value alpha
         * @return this builder
         */
        public Builder alpha(double value) {
            return set("alpha", value);
        }

        /**
         * The step from which parameters are averaged (default 1e6).
         *
         * @param value t0
         * @return this builder
         */
        public Builder t0(double value) {
            return set("t0", value);
        }

        /**
         * Weight decay, an L2 penalty added to the gradient (default 0).
         *
         * @param value the weight decay, non-negative
         * @return this builder
         */
        public Builder weightDecay(double value) {
            return set("weight_decay", value);
        }

        /**
         * Maximize the objective instead of minimizing (default false).
         *
         * @param value whether to step along the gradient rather than against it
         * @return this builder
         */
        public Builder maximize(boolean value) {
            return set("maximize", value);
        }
    }

    @Override
    List<String> torchGroupKeys() {
        return List.of("lr", "lambd", "alpha", "t0", "weight_decay", "foreach", "maximize");
    }
}

package org.grad4j.optim;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.grad4j.MemoryScope;
import org.grad4j.Tensor;

/**
 * Rprop, PyTorch's {@code torch.optim.Rprop}: resilient backpropagation, each element with its own step size that
 * grows while the gradient keeps its sign and shrinks when it flips, with PyTorch 1.13's CPU arithmetic
 * ({@code _single_tensor_rprop}):
 * <pre>
 * g = maximize ? -grad : grad;  step += 1
 * s = sign(g * prev);  factor = etaplus where s &gt; 0, etaminus where s &lt; 0, 1 where s == 0 (NaN stays)
 * step_size = clamp(step_size * factor, step_size_min, step_size_max)
 * g = 0 where the sign flipped;  p = p - sign(g) * step_size   (addcmul_);  prev = g
 * </pre>
 * The step sizes start at the group's {@code lr} (PyTorch's lazy state, made on a parameter's first step).
 *
 * <pre>{@code
 * Rprop opt = Rprop.builder(model.parameters()).lr(0.01).etas(0.5, 1.2).stepSizes(1e-6, 50).build();
 * }</pre>
 *
 * Options: {@code lr} (default 1e-2), {@code etas} (0.5, 1.2), {@code step_sizes} (1e-6, 50), {@code maximize}
 * (false). State per parameter: {@code step}, {@code prev}, {@code step_size}.
 */
public final class Rprop extends Optimizer {
    /**
     * Rprop with PyTorch's defaults, like {@code torch.optim.Rprop(params)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     */
    public Rprop(List<Tensor> params) {
        this(builder(params));
    }

    /**
     * Rprop with learning rate (initial step size) {@code lr}, like {@code torch.optim.Rprop(params, lr=lr)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     * @param lr the initial step size, non-negative
     */
    public Rprop(List<Tensor> params, double lr) {
        this(builder(params).lr(lr));
    }

    private Rprop(Builder b) {
        super("Rprop", b.params, b.options(), Set.of("prev", "step_size"));
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
        Optimizers.checkNonNegative("Rprop", o, "lr", "learning rate");
        List<?> etas = (List<?>) o.get("etas");
        double minus = (Double) etas.get(0);
        double plus = (Double) etas.get(1);
        Optimizers.check(0.0 < minus && minus < 1.0 && 1.0 < plus, "Rprop: Invalid eta values: " + Optimizers.py(minus)
                + ", " + Optimizers.py(plus) + " (expected 0 < etaminus < 1 < etaplus)");
    }

    @Override
    Set<String> floatOptions() {
        return Set.of("lr", "etas");
    }

    /** One step of every parameter that has a gradient; all gradients are checked before anything is written. */
    @Override
    public void step() {
        stepEachParameter();
    }

    @Override
    void update(ParamGroup group, Tensor p, Tensor grad) {
        List<Double> etas = group.getList("etas");
        double etaminus = etas.get(0);
        double etaplus = etas.get(1);
        List<Double> stepSizes = group.getList("step_sizes");
        ParamState st = state(p);
        if (!st.tensors.containsKey("prev")) {
            st.step = 0;
            st.hasStep = true;
            st.tensors.put("prev", zerosLike(p));
            st.tensors.put("step_size", MemoryScope.keep(Tensor.full(p.shape(), group.getDouble("lr"), p.dtype(),
                    p.device())));
        }
        st.incrementStep();
        Tensor prev = st.tensors.get("prev");
        Tensor stepSize = st.tensors.get("step_size");
        Tensor g = group.getBoolean("maximize") ? grad.neg() : grad;
        Tensor sign = g.mul(prev).sign();
        // PyTorch assigns in this order; etaplus > 0 and etaminus > 0, so each mask sees the original sign.
        Tensor flipped = sign.lt(0);
        sign.maskedFill_(sign.gt(0), etaplus);
        sign.maskedFill_(flipped, etaminus);
        sign.maskedFill_(sign.eq(0), 1);
        stepSize.mul_(sign).clamp_(stepSizes.get(0), stepSizes.get(1));
        g = g.clone().maskedFill_(flipped, 0);
        p.addcmul_(g.sign(), stepSize, -1);
        prev.copy_(g);
    }

    /** Builds an {@link Rprop}; every option defaults to PyTorch's default. */
    public static final class Builder extends OptionsBuilder<Builder, Rprop> {
        private Builder(List<Tensor> params) {
            super(params, Rprop::new, "lr", 1e-2, "etas", List.of(0.5, 1.2), "step_sizes", List.of(1e-6, 50.0),
                    "maximize", false);
        }

        /**
         * Learning rate, the initial step size of every element (default 1e-2).
         *
         * @param value the learning rate, non-negative
         * @return this builder
         */
        public Builder lr(double value) {
            return set("lr", value);
        }

        /**
         * Multiplicative decrease and increase factors of the step sizes (default 0.5, 1.2).
         *
         * @param etaminus the factor when the gradient's sign flips, in (0, 1)
         * @param etaplus the factor when it keeps its sign, above 1
         * @return this builder
         */
        public Builder etas(double etaminus, double etaplus) {
            return set("etas", List.of(etaminus, etaplus));
        }

        /**
         * Minimal and maximal step sizes (default 1e-6, 50).
         *
         * @param min the smallest step size
         * @param max the largest step size
         * @return this builder
         */
        public Builder stepSizes(double min, double max) {
            return set("step_sizes", List.of(min, max));
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
        return List.of("lr", "etas", "step_sizes", "foreach", "maximize");
    }
}

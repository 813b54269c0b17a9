package org.grad4j.optim;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.grad4j.MemoryScope;
import org.grad4j.Tensor;
import org.grad4j.internal.Internals;

/**
 * Adagrad, PyTorch's {@code torch.optim.Adagrad}, with PyTorch 1.13's CPU arithmetic
 * ({@code _single_tensor_adagrad}), rounding for rounding:
 * <pre>
 * step += 1;  g = maximize ? -grad : grad;  g = fma(wd, p, g) if wd != 0
 * clr = lr / (1 + (step - 1) * lr_decay)
 * sum = fma(g, g, sum)                      (addcmul_ with value 1)
 * p = p + (-clr*g) / (sqrt(sum) + eps)      (addcdiv_)
 * </pre>
 * As in PyTorch, the state ({@code step} = 0 and {@code sum} filled with {@code initial_accumulator_value})
 * exists from construction; a group added later gets it when added (PyTorch 1.13 fails on such a group).
 *
 * <pre>{@code
 * Adagrad opt = Adagrad.builder(model.parameters()).lr(0.01).lrDecay(1e-4).build();
 * }</pre>
 *
 * Options: {@code lr} (default 1e-2), {@code lr_decay} (0), {@code weight_decay} (0),
 * {@code initial_accumulator_value} (0), {@code eps} (1e-10), {@code maximize} (false).
 */
public final class Adagrad extends Optimizer {
    /**
     * Adagrad with PyTorch's defaults, like {@code torch.optim.Adagrad(params)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     */
    public Adagrad(List<Tensor> params) {
        this(builder(params));
    }

    /**
     * Adagrad with learning rate {@code lr}, like {@code torch.optim.Adagrad(params, lr=lr)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     * @param lr the learning rate, non-negative
     */
    public Adagrad(List<Tensor> params, double lr) {
        this(builder(params).lr(lr));
    }

    private Adagrad(Builder b) {
        super("Adagrad", b.params, b.options(), Set.of("sum"));
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
        Optimizers.checkNonNegative("Adagrad", o, "lr", "learning rate", "lr_decay", "lr_decay value", "weight_decay",
                "weight_decay value", "initial_accumulator_value", "initial_accumulator_value value", "eps",
                "epsilon value");
    }

    @Override
    void initState(ParamGroup group, Tensor p) {
        ParamState st = state(p);
        if (!st.hasStep) {
            st.step = 0;
            st.hasStep = true;
        }
        if (!st.tensors.containsKey("sum")) {
            double init = group.getDouble("initial_accumulator_value");
            st.tensors.put("sum", MemoryScope.keep(Tensor.full(p.shape(), init, p.dtype(), p.device())));
        }
    }

    @Override
    Set<String> floatOptions() {
        return Set.of("lr", "eps");
    }

    /** One step of every parameter that has a gradient; all gradients are checked before anything is written. */
    @Override
    public void step() {
        stepEachParameter();
    }

    @Override
    void update(ParamGroup group, Tensor p, Tensor grad) {
        double lr = group.getDouble("lr");
        double lrDecay = group.getDouble("lr_decay");
        double wd = group.getDouble("weight_decay");
        double eps = group.getDouble("eps");
        boolean maximize = group.getBoolean("maximize");
        ParamState st = state(p);
        st.incrementStep();
        double clr = lr / (1 + (st.step - 1) * lrDecay);
        Tensor sum = st.tensors.get("sum");
        if (fusedStep(p, grad, sum, clr, eps, wd, maximize)) {
            return;
        }
        Tensor g = maximize ? grad.neg() : grad;
        if (wd != 0) {
            g = g.clone().add_(p, wd);
        }
        sum.addcmul_(g, g, 1);
        Tensor std = sum.sqrt().add_(eps);
        p.addcdiv_(g, std, -clr);
    }

    /**
     * The whole update of one parameter in one backend call ({@code FusedKernels.adagradStep}: the bits of
     * the primitives in {@link #update}); false (nothing written) where the backend does not fuse it.
     */
    private static boolean fusedStep(Tensor p, Tensor grad, Tensor sum, double clr, double eps, double wd,
            boolean maximize) {
        if (sum == null || !p.device().equals(grad.device())) {
            return false;
        }
        Internals.TensorAccess t = Internals.tensors();
        boolean done = t.backend(p).fused().adagradStep(t.shape(p), t.strided(p), t.strided(grad), t.strided(sum), clr,
                eps, wd, maximize);
        if (done) {
            t.bumpVersion(p);
            t.bumpVersion(sum);
        }
        return done;
    }

    /** Builds an {@link Adagrad}; every option defaults to PyTorch's default. */
    public static final class Builder extends MaximizingOptionsBuilder<Builder, Adagrad> {
        private Builder(List<Tensor> params) {
            super(params, Adagrad::new, "lr", 1e-2, "lr_decay", 0.0, "eps", 1e-10, "weight_decay", 0.0,
                    "initial_accumulator_value", 0.0, "maximize", false);
        }

        /**
         * Learning-rate decay: step {@code t} uses {@code lr / (1 + (t-1)*lr_decay)} (default 0).
         *
         * @param value the decay, non-negative
         * @return this builder
         */
        public Builder lrDecay(double value) {
            return set("lr_decay", value);
        }

        /**
         * Starting value of the squared-gradient sums (default 0).
         *
         * @param value the initial accumulator value, non-negative
         * @return this builder
         */
        public Builder initialAccumulatorValue(double value) {
            return set("initial_accumulator_value", value);
        }
    }

    @Override
    List<String> torchGroupKeys() {
        return List.of("lr", "lr_decay", "eps", "weight_decay", "initial_accumulator_value", "foreach", "maximize");
    }
}

package org.grad4j.optim;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.grad4j.Tensor;
import org.grad4j.internal.Internals;

/**
 * RMSprop, PyTorch's {@code torch.optim.RMSprop}, with PyTorch 1.13's CPU arithmetic
 * ({@code _single_tensor_rmsprop}), rounding for rounding:
 * <pre>
 * g = maximize ? -grad : grad;  g = fma(wd, p, g) if wd != 0
 * v = fma((1-alpha)*g, g, v*alpha)                              (mul_, addcmul_)
 * centered: a = fma(1-alpha, g, a*alpha);  avg = sqrt(fma(-a, a, v))   else avg = sqrt(v)
 * avg = avg + eps
 * momentum &gt; 0: buf = buf*momentum + g/avg;  p = fma(-lr, buf, p)
 * else:         p = p + (-lr*g)/avg                            (addcdiv_)
 * </pre>
 *
 * <pre>{@code
 * RMSprop opt = RMSprop.builder(model.parameters()).lr(0.01).momentum(0.9).centered(true).build();
 * }</pre>
 *
 * Options: {@code lr} (default 1e-2), {@code alpha} (0.99), {@code eps} (1e-8), {@code weight_decay} (0),
 * {@code momentum} (0), {@code centered} (false), {@code maximize} (false). State per parameter:
 * {@code step}, {@code square_avg}, {@code momentum_buffer} (momentum &gt; 0), {@code grad_avg} (centered).
 */
public final class RMSprop extends Optimizer {
    /**
     * RMSprop with PyTorch's defaults, like {@code torch.optim.RMSprop(params)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     */
    public RMSprop(List<Tensor> params) {
        this(builder(params));
    }

    /**
     * RMSprop with learning rate {@code lr}, like {@code torch.optim.RMSprop(params, lr=lr)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     * @param lr the learning rate, non-negative
     */
    public RMSprop(List<Tensor> params, double lr) {
        this(builder(params).lr(lr));
    }

    private RMSprop(Builder b) {
        super("RMSprop", b.params, b.options(), Set.of("square_avg", "momentum_buffer", "grad_avg"));
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
        Optimizers.checkNonNegative("RMSprop", o, "lr", "learning rate", "eps", "epsilon value", "momentum",
                "momentum value", "weight_decay", "weight_decay value", "alpha", "alpha value");
    }

    @Override
    Set<String> floatOptions() {
        return Set.of("lr", "alpha", "eps");
    }

    /** One step of every parameter that has a gradient; all gradients are checked before anything is written. */
    @Override
    public void step() {
        stepEachParameter();
    }

    @Override
    void update(ParamGroup group, Tensor p, Tensor grad) {
        double lr = group.getDouble("lr");
        double alpha = group.getDouble("alpha");
        double eps = group.getDouble("eps");
        double wd = group.getDouble("weight_decay");
        double momentum = group.getDouble("momentum");
        boolean centered = group.getBoolean("centered");
        boolean maximize = group.getBoolean("maximize");
        ParamState st = started(p, "square_avg", null);
        st.zerosIfWanted(momentum > 0, "momentum_buffer", p);
        st.zerosIfWanted(centered, "grad_avg", p);
        st.incrementStep();
        Map<String, Tensor> s = st.tensors;
        if (fusedStep(p, grad, s, lr, alpha, eps, wd, momentum, centered, maximize)) {
            return;
        }
        Tensor g = maximize ? grad.neg() : grad;
        if (wd != 0) {
            g = g.clone().add_(p, wd);
        }
        Tensor squareAvg = s.get("square_avg");
        squareAvg.mul_(alpha).addcmul_(g, g, 1 - alpha);
        Tensor avg;
        if (centered) {
            Tensor gradAvg = s.get("grad_avg");
            gradAvg.mul_(alpha).add_(g, 1 - alpha);
            avg = squareAvg.clone().addcmul_(gradAvg, gradAvg, -1).sqrt();
        } else {
            avg = squareAvg.sqrt();
        }
        avg.add_(eps);
        if (momentum > 0) {
            Tensor buf = s.get("momentum_buffer");
            buf.mul_(momentum).addcdiv_(g, avg, 1);
            p.add_(buf, -lr);
        } else {
            p.addcdiv_(g, avg, -lr);
        }
    }

    /**
     * The whole update of one parameter in one backend call ({@code FusedKernels.rmspropStep}: the bits of
     * the primitives in {@link #update}); false (nothing written) where the backend does not fuse it.
     */
    private static boolean fusedStep(Tensor p, Tensor grad, Map<String, Tensor> s, double lr, double alpha, double eps,
            double wd, double momentum, boolean centered, boolean maximize) {
        if (!p.device().equals(grad.device())) {
            return false;
        }
        Tensor squareAvg = s.get("square_avg");
        Tensor gradAvg = centered ? s.get("grad_avg") : null;
        Tensor buf = momentum > 0 ? s.get("momentum_buffer") : null;
        Internals.TensorAccess t = Internals.tensors();
        boolean done = t.backend(p).fused().rmspropStep(t.shape(p), t.strided(p), t.strided(grad), t.strided(squareAvg),
                gradAvg == null ? null : t.strided(gradAvg), buf == null ? null : t.strided(buf), lr, alpha, eps, wd,
                momentum, maximize);
        if (done) {
            for (Tensor x : new Tensor[] {p, squareAvg, gradAvg, buf}) {
                if (x != null) {
                    t.bumpVersion(x);
                }
            }
        }
        return done;
    }

    /** Builds an {@link RMSprop}; every option defaults to PyTorch's default. */
    public static final class Builder extends MaximizingOptionsBuilder<Builder, RMSprop> {
        private Builder(List<Tensor> params) {
            super(params, RMSprop::new, "lr", 1e-2, "momentum", 0.0, "alpha", 0.99, "eps", 1e-8, "centered", false,
                    "weight_decay", 0.0, "maximize", false);
        }

        /**
         * Smoothing constant of the squared-gradient average (default 0.99).
         *
         * @param value the smoothing constant, non-negative
         * @return this builder
         */
        public Builder alpha(double value) {
            return set("alpha", value);
        }

        /**
         * Momentum factor (default 0).
         *
         * @param value the momentum factor, non-negative
         * @return this builder
         */
        public Builder momentum(double value) {
            return set("momentum", value);
        }

        /**
         * Centered RMSprop: normalize by the estimated variance of the gradient (default false).
         *
         * @param value whether to subtract the squared mean gradient
         * @return this builder
         */
        public Builder centered(boolean value) {
            return set("centered", value);
        }
    }

    @Override
    List<String> torchGroupKeys() {
        return List.of("lr", "momentum", "alpha", "eps", "centered", "weight_decay", "foreach", "maximize", "differentiable");
    }
}

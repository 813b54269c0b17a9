package org.grad4j.optim;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.grad4j.MemoryScope;
import org.grad4j.Tensor;
import org.grad4j.internal.Internals;

/**
 * Stochastic gradient descent with PyTorch's options and its exact arithmetic:
 * maximize (negate), weight decay ({@code g + wd*p}), momentum (buffer = {@code g} on the first
 * step, then {@code mu*buf + (1-dampening)*g}), nesterov ({@code g + mu*buf}), and the update
 * {@code p = fma(-lr, g, p)}, rounded once as PyTorch's CPU {@code add_(g, alpha=-lr)} does.
 *
 * <pre>{@code
 * SGD opt = SGD.builder(model.parameters(), 0.1).momentum(0.9).build();
 * opt.zeroGrad(); loss.backward(); opt.step();
 * }</pre>
 */
public final class SGD extends Optimizer {
    /**
     * Plain SGD with learning rate {@code lr}, like {@code torch.optim.SGD(params, lr=lr)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     * @param lr the learning rate, non-negative
     */
    public SGD(List<Tensor> params, double lr) {
        this(builder(params, lr));
    }

    private SGD(Builder b) {
        super("SGD", b.params, b.options(), Set.of("momentum_buffer"));
    }

    @Override
    void validate(Map<String, Object> o) {
        Optimizers.checkNonNegative("SGD", o, "lr", "learning rate", "momentum", "momentum value", "weight_decay",
                "weight_decay value");
        double momentum = (Double) o.get("momentum");
        double dampening = (Double) o.get("dampening");
        if (Double.isNaN(dampening)) {
            throw new IllegalArgumentException("SGD: Invalid dampening value: NaN");
        }
        if ((Boolean) o.get("nesterov") && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum requires a momentum and zero dampening (got momentum="
                    + momentum + ", dampening=" + dampening + ")");
        }
    }

    /**
     * Options beyond the learning rate.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     * @param lr the learning rate, non-negative
     * @return a new builder with PyTorch's defaults for the other options
     */
    public static Builder builder(List<Tensor> params, double lr) {
        return new Builder(params, lr);
    }

    /** A group's options as read for the update, kept while the group's options do not change. */
    private record Options(ParamGroup group, int version, double lr, double momentum, double dampening,
            double weightDecay, boolean nesterov, boolean maximize) {
        static Options of(ParamGroup g) {
            return new Options(g, g.version(), g.getDouble("lr"), g.getDouble("momentum"), g.getDouble("dampening"),
                    g.getDouble("weight_decay"), g.getBoolean("nesterov"), g.getBoolean("maximize"));
        }
    }

    /** The options of the group last updated: six map lookups per group change, not per parameter and step. */
    private Options options;

    /** One step of every parameter that has a gradient; all gradients are checked before anything is written. */
    @Override
    public void step() {
        stepEachParameter();
    }

    @Override
    void update(ParamGroup group, Tensor p, Tensor grad) {
        Options o = options;
        if (o == null || o.group != group || o.version != group.version()) {
            o = Options.of(group);
            options = o;
        }
        if (!fusedStep(o, p, grad)) {
            p.add_(direction(group, p, grad), -o.lr);
        }
    }

    /**
     * The whole update of one parameter in one backend call ({@code FusedKernels.sgdStep}: the bits of
     * {@link #direction} and the {@code add_}), once the momentum buffer exists; false (nothing written)
     * where the backend does not fuse it.
     */
    private boolean fusedStep(Options o, Tensor p, Tensor grad) {
        Internals.TensorAccess t = Internals.tensors();
        if (t.backend(p) != t.backend(grad)) {
            return false;
        }
        Tensor buf = o.momentum == 0 ? null : state(p).tensors.get("momentum_buffer");
        if (o.momentum != 0 && buf == null) {
            return false;   // the first step clones the direction into a new buffer
        }
        boolean done = t.backend(p).fused().sgdStep(t.shape(p), t.strided(p), t.strided(grad),
                buf == null ? null : t.strided(buf), o.lr, o.momentum, o.dampening, o.weightDecay, o.nesterov,
                o.maximize);
        if (done) {
            t.bumpVersion(p);
            if (buf != null) {
                t.bumpVersion(buf);
            }
        }
        return done;
    }

    private Tensor direction(ParamGroup group, Tensor p, Tensor grad) {
        double weightDecay = group.getDouble("weight_decay");
        double momentum = group.getDouble("momentum");
        Tensor d = group.getBoolean("maximize") ? grad.neg() : grad;
        if (weightDecay != 0) {
            d = d.clone().add_(p, weightDecay);
        }
        if (momentum == 0) {
            return d;
        }
        Map<String, Tensor> st = state(p).tensors;
        Tensor buf = st.get("momentum_buffer");
        if (buf == null) {
            buf = MemoryScope.keep(d.clone());
            st.put("momentum_buffer", buf);
        } else {
            buf.mul_(momentum).add_(d, 1 - group.getDouble("dampening"));
        }
        return group.getBoolean("nesterov") ? d.clone().add_(buf, momentum) : buf;
    }

    /**
     * The momentum buffer of parameter {@code index}, or null before the first step (or without momentum).
     *
     * @param index the parameter's position in {@link #parameters()}
     * @return the buffer itself, or null
     */
    public Tensor momentumBuffer(int index) {
        checkIndex("momentumBuffer", index);
        ParamState s = existingState(parameters().get(index));
        return s == null ? null : s.tensors.get("momentum_buffer");
    }

    /**
     * Replaces the momentum buffer of parameter {@code index} (used when restoring a checkpoint).
     *
     * @param index the parameter's position in {@link #parameters()}
     * @param buffer the new buffer, of the parameter's shape and dtype, or null to drop it
     * @throws IllegalArgumentException if {@code buffer} does not match the parameter
     */
    public void setMomentumBuffer(int index, Tensor buffer) {
        checkIndex("setMomentumBuffer", index);
        Tensor p = parameters().get(index);
        if (buffer != null && (!Arrays.equals(buffer.shape(), p.shape()) || buffer.dtype() != p.dtype())) {
            throw new IllegalArgumentException("SGD.setMomentumBuffer: buffer " + Arrays.toString(buffer.shape())
                    + " " + buffer.dtype() + " does not match parameter " + index + " " + Arrays.toString(p.shape())
                    + " " + p.dtype());
        }
        if (buffer == null) {
            ParamState s = existingState(p);
            if (s != null) {
                s.tensors.remove("momentum_buffer");
            }
        } else {
            state(p).tensors.put("momentum_buffer", MemoryScope.keep(buffer.detach().clone()));
        }
    }

    private void checkIndex(String op, int index) {
        int n = parameters().size();
        if (index < 0 || index >= n) {
            throw new IndexOutOfBoundsException("SGD." + op + ": parameter index " + index + " is out of range; expected 0 to "
                    + (n - 1) + " (the optimizer has " + n + " parameters)");
        }
    }

    /** Builds an {@link SGD}; every option defaults to PyTorch's default. */
    public static final class Builder extends OptionsBuilder<Builder, SGD> {
        private Builder(List<Tensor> params, double lr) {
            super(params, SGD::new, "lr", lr, "momentum", 0.0, "dampening", 0.0, "weight_decay", 0.0, "nesterov", false,
                    "maximize", false);
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
         * Dampening for momentum (default 0).
         *
         * @param value the dampening, applied to the gradient added to the buffer
         * @return this builder
         */
        public Builder dampening(double value) {
            return set("dampening", value);
        }

        /**
         * Nesterov momentum (default false).
         *
         * @param value whether to use Nesterov momentum (needs momentum &gt; 0 and zero dampening)
         * @return this builder
         */
        public Builder nesterov(boolean value) {
            return set("nesterov", value);
        }

        /**
         * Weight decay, an L2 penalty (default 0).
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
        return List.of("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize", "foreach", "differentiable");
    }
}

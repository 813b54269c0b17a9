package org.grad4j.optim;

import java.util.List;

import org.grad4j.MemoryScope;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;

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
    private final double lr;
    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;
    private final boolean maximize;
    private final Tensor[] momentumBuffers;

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
        super("SGD", b.params);
        if (!(b.lr >= 0.0)) {
            throw new IllegalArgumentException("SGD: Invalid learning rate: " + b.lr + " (expected >= 0)");
        }
        if (!(b.momentum >= 0.0)) {
            throw new IllegalArgumentException("SGD: Invalid momentum value: " + b.momentum + " (expected >= 0)");
        }
        if (!(b.weightDecay >= 0.0)) {
            throw new IllegalArgumentException("SGD: Invalid weight_decay value: " + b.weightDecay + " (expected >= 0)");
        }
        if (Double.isNaN(b.dampening)) {
            throw new IllegalArgumentException("SGD: Invalid dampening value: NaN");
        }
        if (b.nesterov && (b.momentum <= 0 || b.dampening != 0)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum requires a momentum and zero dampening (got momentum="
                    + b.momentum + ", dampening=" + b.dampening + ")");
        }
        this.lr = b.lr;
        this.momentum = b.momentum;
        this.dampening = b.dampening;
        this.weightDecay = b.weightDecay;
        this.nesterov = b.nesterov;
        this.maximize = b.maximize;
        this.momentumBuffers = new Tensor[b.params.size()];
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

    @Override
    public void step() {
        List<Tensor> params = parameters();
        checkStepInputs("SGD.step", momentumBuffers);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                Tensor g = p.grad();
                if (g == null) {
                    continue;
                }
                p.add_(direction(i, p, g), -lr);
            }
        }
    }

    private Tensor direction(int i, Tensor p, Tensor grad) {
        Tensor d = maximize ? grad.neg() : grad;
        if (weightDecay != 0) {
            d = d.clone().add_(p, weightDecay);
        }
        if (momentum == 0) {
            return d;
        }
        Tensor buf = momentumBuffers[i];
        if (buf == null) {
            buf = MemoryScope.keep(d.clone());
            momentumBuffers[i] = buf;
        } else {
            buf.mul_(momentum).add_(d, 1 - dampening);
        }
        return nesterov ? d.clone().add_(buf, momentum) : buf;
    }

    /**
     * The momentum buffer of parameter {@code index}, or null before the first step (or without momentum).
     *
     * @param index the parameter's position in {@link #parameters()}
     * @return the buffer itself, or null
     */
    public Tensor momentumBuffer(int index) {
        checkIndex("momentumBuffer", index);
        return momentumBuffers[index];
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
        if (buffer != null && (!java.util.Arrays.equals(buffer.shape(), p.shape()) || buffer.dtype() != p.dtype())) {
            throw new IllegalArgumentException("SGD.setMomentumBuffer: buffer " + java.util.Arrays.toString(buffer.shape())
                    + " " + buffer.dtype() + " does not match parameter " + index + " " + java.util.Arrays.toString(p.shape())
                    + " " + p.dtype());
        }
        momentumBuffers[index] = buffer == null ? null : MemoryScope.keep(buffer.detach().clone());
    }

    private void checkIndex(String op, int index) {
        if (index < 0 || index >= momentumBuffers.length) {
            throw new IndexOutOfBoundsException("SGD." + op + ": parameter index " + index + " is out of range; expected 0 to "
                    + (momentumBuffers.length - 1) + " (the optimizer has " + momentumBuffers.length + " parameters)");
        }
    }

    @Override
    public String toString() {
        return "SGD (lr: " + lr + ", momentum: " + momentum + ", dampening: " + dampening + ", weight_decay: "
                + weightDecay + ", nesterov: " + nesterov + ", maximize: " + maximize + ")";
    }

    /** Builds an {@link SGD}; every option defaults to PyTorch's default. */
    public static final class Builder {
        private final List<Tensor> params;
        private final double lr;
        private double momentum;
        private double dampening;
        private double weightDecay;
        private boolean nesterov;
        private boolean maximize;

        private Builder(List<Tensor> params, double lr) {
            this.params = params;
            this.lr = lr;
        }

        /**
         * Momentum factor (default 0).
         *
         * @param value the momentum factor, non-negative
         * @return this builder
         */
        public Builder momentum(double value) {
            this.momentum = value;
            return this;
        }

        /**
         * Dampening for momentum (default 0).
         *
         * @param value the dampening, applied to the gradient added to the buffer
         * @return this builder
         */
        public Builder dampening(double value) {
            this.dampening = value;
            return this;
        }

        /**
         * L2 penalty (default 0).
         *
         * @param value the weight decay, non-negative
         * @return this builder
         */
        public Builder weightDecay(double value) {
            this.weightDecay = value;
            return this;
        }

        /**
         * Nesterov momentum (default false).
         *
         * @param value whether to use Nesterov momentum (needs momentum &gt; 0 and zero dampening)
         * @return this builder
         */
        public Builder nesterov(boolean value) {
            this.nesterov = value;
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
        public SGD build() {
            return new SGD(this);
        }
    }
}

package org.grad4j.nn;

import org.grad4j.Tensor;

/** Applies {@link Tensor#softplus(double, double)}, PyTorch's {@code nn.Softplus(beta, threshold)}. */
public final class Softplus extends Module {
    private final double beta;
    private final double threshold;
    /** Whether the settings are PyTorch's integer defaults, which its repr prints without a fraction. */
    private final boolean defaults;

    /** {@code Softplus(beta=1, threshold=20)}. */
    public Softplus() {
        this.beta = 1.0;
        this.threshold = 20.0;
        this.defaults = true;
    }

    /**
     * The module with these settings.
     *
     * @param beta the sharpness
     * @param threshold above which ({@code beta x}) the function is the identity
     */
    public Softplus(double beta, double threshold) {
        this.beta = beta;
        this.threshold = threshold;
        this.defaults = false;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("Softplus.forward: expected an input tensor, got null");
        }
        return input.softplus(beta, threshold);
    }

    @Override
    protected String extraRepr() {
        return defaults ? "beta=1, threshold=20" : "beta=" + beta + ", threshold=" + threshold;
    }
}

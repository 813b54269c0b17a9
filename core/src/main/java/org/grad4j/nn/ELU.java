package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;

/** Applies {@link Tensor#elu(double)}, PyTorch's {@code nn.ELU(alpha)}. */
public final class ELU extends Module {
    private final double alpha;

    /** {@code ELU(alpha=1.0)}. */
    public ELU() {
        this(1.0);
    }

    /**
     * The module with these settings.
     *
     * @param alpha the scale of the negative part
     */
    public ELU(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("ELU.forward: expected an input tensor, got null");
        }
        return input.elu(alpha);
    }

    @Override
    protected String extraRepr() {
        return "alpha=" + PythonFloat.repr(alpha);
    }
}

package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;

/** Applies {@link Tensor#leakyRelu(double)}, PyTorch's {@code nn.LeakyReLU(negative_slope)}. */
public final class LeakyReLU extends Module {
    private final double negativeSlope;

    /** {@code LeakyReLU(negative_slope=0.01)}. */
    public LeakyReLU() {
        this(0.01);
    }

    /**
     * The module with these settings.
     *
     * @param negativeSlope the slope for negative inputs
     */
    public LeakyReLU(double negativeSlope) {
        this.negativeSlope = negativeSlope;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("LeakyReLU.forward: expected an input tensor, got null");
        }
        return input.leakyRelu(negativeSlope);
    }

    @Override
    protected String extraRepr() {
        return "negative_slope=" + PythonFloat.repr(negativeSlope);
    }
}

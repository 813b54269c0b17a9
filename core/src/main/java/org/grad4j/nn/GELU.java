package org.grad4j.nn;

import org.grad4j.Tensor;

/** Applies {@link Tensor#gelu(String)}, PyTorch's {@code nn.GELU(approximate)}. */
public final class GELU extends Module {
    private final String approximate;

    /** {@code GELU(approximate='none')}, the exact GELU. */
    public GELU() {
        this("none");
    }

    /**
     * The module with these settings.
     *
     * @param approximate {@code "none"} or {@code "tanh"}
     */
    public GELU(String approximate) {
        if (!"none".equals(approximate) && !"tanh".equals(approximate)) {
            throw new IllegalArgumentException("GELU: approximate must be 'none' or 'tanh', got '" + approximate + "'");
        }
        this.approximate = approximate;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("GELU.forward: expected an input tensor, got null");
        }
        return input.gelu(approximate);
    }

    @Override
    protected String extraRepr() {
        return "approximate='" + approximate + "'";
    }
}

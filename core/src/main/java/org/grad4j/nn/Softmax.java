package org.grad4j.nn;

import org.grad4j.Tensor;

/** Applies {@link Tensor#softmax(int)}, PyTorch's {@code nn.Softmax(dim)}. */
public final class Softmax extends Module {
    private final int dim;

    /**
     * The module with these settings.
     *
     * @param dim the dimension whose slices sum to 1; negative counts from the end
     */
    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("Softmax.forward: expected an input tensor, got null");
        }
        return input.softmax(dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}

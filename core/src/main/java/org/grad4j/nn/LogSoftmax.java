package org.grad4j.nn;

import org.grad4j.Tensor;

/** Applies {@link Tensor#logSoftmax(int)}, PyTorch's {@code nn.LogSoftmax(dim)}. */
public final class LogSoftmax extends Module {
    private final int dim;

    /**
     * The module with these settings.
     *
     * @param dim the dimension to normalize over; negative counts from the end
     */
    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("LogSoftmax.forward: expected an input tensor, got null");
        }
        return input.logSoftmax(dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}

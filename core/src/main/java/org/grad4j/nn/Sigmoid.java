package org.grad4j.nn;

import org.grad4j.Tensor;

/** Applies {@link Tensor#sigmoid()} elementwise, PyTorch's {@code nn.Sigmoid}. */
public final class Sigmoid extends Module {
    /** The activation; it has no parameters. */
    public Sigmoid() {
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("Sigmoid.forward: expected an input tensor, got null");
        }
        return input.sigmoid();
    }
}

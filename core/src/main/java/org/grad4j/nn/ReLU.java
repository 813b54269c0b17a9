package org.grad4j.nn;

import org.grad4j.Tensor;

/** Applies {@link Tensor#relu()} elementwise, PyTorch's {@code nn.ReLU}. */
public final class ReLU extends Module {
    /** The activation; it has no parameters. */
    public ReLU() {
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("ReLU.forward: expected an input tensor, got null");
        }
        return input.relu();
    }
}

package org.grad4j.nn;

import org.grad4j.Tensor;

/** Applies {@link Tensor#tanh()} elementwise, PyTorch's {@code nn.Tanh}. */
public final class Tanh extends Module {
    /** The activation; it has no parameters. */
    public Tanh() {
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("Tanh.forward: expected an input tensor, got null");
        }
        return input.tanh();
    }
}

package org.grad4j.nn;

import org.grad4j.Tensor;

/** Applies {@link Tensor#mish()}, PyTorch's {@code nn.Mish}. */
public final class Mish extends Module {
    /** The activation; it has no parameters. */
    public Mish() {
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("Mish.forward: expected an input tensor, got null");
        }
        return input.mish();
    }
}

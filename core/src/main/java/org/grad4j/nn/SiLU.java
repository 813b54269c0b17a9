package org.grad4j.nn;

import org.grad4j.Tensor;

/** Applies {@link Tensor#silu()}, PyTorch's {@code nn.SiLU}. */
public final class SiLU extends Module {
    /** The activation; it has no parameters. */
    public SiLU() {
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("SiLU.forward: expected an input tensor, got null");
        }
        return input.silu();
    }
}

package org.grad4j.nn;

import org.grad4j.Tensor;

/** Applies {@link Tensor#sigmoid()} elementwise, PyTorch's {@code nn.Sigmoid}. */
public final class Sigmoid extends Module {
    /** The activation; it has no parameters. */
    public Sigmoid() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.sigmoid();
    }
}

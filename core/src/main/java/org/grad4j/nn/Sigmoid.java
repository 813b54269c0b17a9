package org.grad4j.nn;

import org.grad4j.Tensor;

/** Applies {@link Tensor#sigmoid()} elementwise, PyTorch's {@code nn.Sigmoid}. */
public final class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.sigmoid();
    }
}

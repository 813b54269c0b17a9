package org.grad4j.nn;

import org.grad4j.Tensor;

/** Applies {@link Tensor#relu6()}, PyTorch's {@code nn.ReLU6} ({@code hardtanh(x, 0, 6)}). */
public final class ReLU6 extends Module {
    /** The activation; it has no parameters. */
    public ReLU6() {
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("ReLU6.forward: expected an input tensor, got null");
        }
        return input.relu6();
    }
}

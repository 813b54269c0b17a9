package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/** Applies {@link Functional#tanhshrink(Tensor)}, {@code x - tanh(x)}, PyTorch's {@code nn.Tanhshrink()}; it has no parameters. */
public final class Tanhshrink extends Module {
    /** The activation. */
    public Tanhshrink() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.tanhshrink(input);
    }
}

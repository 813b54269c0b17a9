package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/** Applies {@link Functional#softsign(Tensor)}, {@code x / (1 + |x|)}, PyTorch's {@code nn.Softsign()}; it has no parameters. */
public final class Softsign extends Module {
    /** The activation. */
    public Softsign() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.softsign(input);
    }
}

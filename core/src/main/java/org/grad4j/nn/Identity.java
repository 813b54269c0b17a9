package org.grad4j.nn;

import org.grad4j.Tensor;

/** Returns its input unchanged, PyTorch's {@code nn.Identity}: a placeholder where a layer is optional. */
public class Identity extends Module {
    /** The identity; it has no parameters. */
    public Identity() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return input;
    }
}

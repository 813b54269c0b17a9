package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/** Applies {@link Functional#hardsigmoid(Tensor)} (PyTorch prints no inplace flag), PyTorch's {@code nn.Hardsigmoid(inplace=False)}; it has no parameters. */
public final class Hardsigmoid extends Module {
    private final boolean inplace;

    /** The activation, out of place. */
    public Hardsigmoid() {
        this(false);
    }

    /**
     * PyTorch's {@code nn.Hardsigmoid(inplace)}.
     *
     * @param inplace whether forward overwrites its input (which must not be a leaf that requires grad)
     */
    public Hardsigmoid(boolean inplace) {
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.hardsigmoid(input, inplace);
    }
}

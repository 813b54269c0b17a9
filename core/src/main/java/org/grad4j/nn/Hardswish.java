package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/** Applies {@link Functional#hardswish(Tensor)} (PyTorch prints no inplace flag), PyTorch's {@code nn.Hardswish(inplace=False)}; it has no parameters. */
public final class Hardswish extends Module {
    private final boolean inplace;

    /** The activation, out of place. */
    public Hardswish() {
        this(false);
    }

    /**
     * PyTorch's {@code nn.Hardswish(inplace)}.
     *
     * @param inplace whether forward overwrites its input (which must not be a leaf that requires grad)
     */
    public Hardswish(boolean inplace) {
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.hardswish(input, inplace);
    }
}

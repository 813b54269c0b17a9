package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/** Applies {@link Functional#selu(Tensor)}, PyTorch's {@code nn.SELU(inplace=False)}; it has no parameters. */
public final class SELU extends Module {
    private final boolean inplace;

    /** The activation, out of place. */
    public SELU() {
        this(false);
    }

    /**
     * PyTorch's {@code nn.SELU(inplace)}.
     *
     * @param inplace whether forward overwrites its input (which must not be a leaf that requires grad)
     */
    public SELU(boolean inplace) {
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.selu(input, inplace);
    }

    @Override
    protected String extraRepr() {
        return inplace ? "inplace=True" : "";
    }
}

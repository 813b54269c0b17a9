package org.grad4j.nn;

import org.grad4j.Tensor;

/** Applies {@link Tensor#relu()} elementwise, PyTorch's {@code nn.ReLU}; {@code inplace} uses {@link Tensor#relu_()}. */
public final class ReLU extends Module {
    private final boolean inplace;

    /** The activation; it has no parameters. */
    public ReLU() {
        this(false);
    }

    /**
     * PyTorch's {@code nn.ReLU(inplace)}.
     *
     * @param inplace whether forward overwrites its input (which must not be a leaf that requires grad)
     */
    public ReLU(boolean inplace) {
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("ReLU.forward: expected an input tensor, got null");
        }
        return inplace ? input.relu_() : input.relu();
    }

    @Override
    protected String extraRepr() {
        return inplace ? "inplace=True" : "";
    }
}

package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;

/** Applies {@link Functional#softshrink(Tensor, double)}, PyTorch's {@code nn.Softshrink(lambd=0.5)}. */
public final class Softshrink extends Module {
    private final double lambd;

    /** {@code Softshrink(lambd=0.5)}. */
    public Softshrink() {
        this(0.5);
    }

    /**
     * The module with this threshold.
     *
     * @param lambd the threshold
     */
    public Softshrink(double lambd) {
        this.lambd = lambd;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.softshrink(input, lambd);
    }

    @Override
    protected String extraRepr() {
        return PythonFloat.repr(lambd);
    }
}

package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;

/** Applies {@link Functional#hardshrink(Tensor, double)}, PyTorch's {@code nn.Hardshrink(lambd=0.5)}. */
public final class Hardshrink extends Module {
    private final double lambd;

    /** {@code Hardshrink(lambd=0.5)}. */
    public Hardshrink() {
        this(0.5);
    }

    /**
     * The module with this threshold.
     *
     * @param lambd the threshold
     */
    public Hardshrink(double lambd) {
        this.lambd = lambd;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.hardshrink(input, lambd);
    }

    @Override
    protected String extraRepr() {
        return PythonFloat.repr(lambd);
    }
}

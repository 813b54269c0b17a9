package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/** Applies {@link Functional#softmin(Tensor, int)}, PyTorch's {@code nn.Softmin(dim=None)}. */
public final class Softmin extends Module {
    private final Integer dim;

    /** {@code Softmin()}: PyTorch's deprecated implicit dimension ({@link Functional#softmin(Tensor)}). */
    public Softmin() {
        this.dim = null;
    }

    /**
     * The module over {@code dim}.
     *
     * @param dim the dimension whose slices sum to 1; negative counts from the end
     */
    public Softmin(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return dim == null ? Functional.softmin(input) : Functional.softmin(input, dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + (dim == null ? "None" : dim.toString());
    }
}

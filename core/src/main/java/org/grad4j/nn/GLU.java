package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/** Applies {@link Functional#glu(Tensor, int)}, PyTorch's {@code nn.GLU(dim=-1)}. */
public final class GLU extends Module {
    private final int dim;

    /** {@code GLU(dim=-1)}. */
    public GLU() {
        this(-1);
    }

    /**
     * The module halving {@code dim}.
     *
     * @param dim the dimension to halve; negative counts from the end
     */
    public GLU(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.glu(input, dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}

package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;

/** Applies {@link Functional#celu(Tensor, double)}, PyTorch's {@code nn.CELU(alpha=1.0, inplace=False)}. */
public final class CELU extends Module {
    private final double alpha;
    private final boolean inplace;

    /** {@code CELU(alpha=1.0)}. */
    public CELU() {
        this(1.0, false);
    }

    /**
     * {@code CELU(alpha)}.
     *
     * @param alpha not 0
     */
    public CELU(double alpha) {
        this(alpha, false);
    }

    /**
     * Every option.
     *
     * @param alpha not 0 (checked on forward, as PyTorch)
     * @param inplace whether forward overwrites its input
     */
    public CELU(double alpha, boolean inplace) {
        this.alpha = alpha;
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.celu(input, alpha, inplace);
    }

    @Override
    protected String extraRepr() {
        return "alpha=" + PythonFloat.repr(alpha) + (inplace ? ", inplace=True" : "");
    }
}

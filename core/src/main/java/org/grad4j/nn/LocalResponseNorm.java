package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;

/**
 * PyTorch's {@code nn.LocalResponseNorm(size, alpha=1e-4, beta=0.75, k=1.0)}; see
 * {@link Functional#localResponseNorm}.
 */
public class LocalResponseNorm extends Module {
    private final int size;
    private final double alpha;
    private final double beta;
    private final double k;

    /**
     * {@code LocalResponseNorm(size)}: alpha 1e-4, beta 0.75, k 1.
     *
     * @param size the neighbouring channels in the sum
     */
    public LocalResponseNorm(int size) {
        this(size, 1e-4, 0.75, 1.0);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param size the neighbouring channels in the sum
     * @param alpha the sum's scale
     * @param beta the exponent
     * @param k the additive constant
     */
    public LocalResponseNorm(int size, double alpha, double beta, double k) {
        this.size = size;
        this.alpha = alpha;
        this.beta = beta;
        this.k = k;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.localResponseNorm(input, size, alpha, beta, k);
    }

    @Override
    protected String extraRepr() {
        return size + ", alpha=" + PythonFloat.repr(alpha) + ", beta=" + PythonFloat.repr(beta) + ", k="
                + PythonFloat.repr(k);
    }
}

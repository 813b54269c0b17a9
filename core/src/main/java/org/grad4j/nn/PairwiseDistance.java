package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/** PyTorch's {@code nn.PairwiseDistance(p=2, eps=1e-6, keepdim=False)}; it takes two inputs. */
public final class PairwiseDistance {
    private final double p;
    private final double eps;
    private final boolean keepdim;

    /** {@code PairwiseDistance(p=2, eps=1e-6, keepdim=False)}. */
    public PairwiseDistance() {
        this(2.0, 1e-6, false);
    }

    /**
     * Every option.
     *
     * @param p the norm's order
     * @param eps added to the difference
     * @param keepdim whether the last dimension stays, of size 1
     */
    public PairwiseDistance(double p, double eps, boolean keepdim) {
        this.p = p;
        this.eps = eps;
        this.keepdim = keepdim;
    }

    /**
     * The distances of {@code x1} and {@code x2}.
     *
     * @param x1 the first input
     * @param x2 the second
     * @return {@link Functional#pairwiseDistance(Tensor, Tensor, double, double, boolean)}
     */
    public Tensor forward(Tensor x1, Tensor x2) {
        return Functional.pairwiseDistance(x1, x2, p, eps, keepdim);
    }

    @Override
    public String toString() {
        return "PairwiseDistance()";
    }
}

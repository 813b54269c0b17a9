package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/** PyTorch's {@code nn.CosineSimilarity(dim=1, eps=1e-8)}; it takes two inputs. */
public final class CosineSimilarity {
    private final int dim;
    private final double eps;

    /** {@code CosineSimilarity(dim=1, eps=1e-8)}. */
    public CosineSimilarity() {
        this(1, 1e-8);
    }

    /**
     * Every option.
     *
     * @param dim the dimension of the vectors
     * @param eps the norms' floor
     */
    public CosineSimilarity(int dim, double eps) {
        this.dim = dim;
        this.eps = eps;
    }

    /**
     * The similarities of {@code x1} and {@code x2}.
     *
     * @param x1 the first input
     * @param x2 the second, broadcastable with it
     * @return {@link Functional#cosineSimilarity(Tensor, Tensor, int, double)}
     */
    public Tensor forward(Tensor x1, Tensor x2) {
        return Functional.cosineSimilarity(x1, x2, dim, eps);
    }

    @Override
    public String toString() {
        return "CosineSimilarity()";
    }
}

package org.grad4j.distributions;

import java.util.Arrays;

import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * PyTorch 1.13's {@code torch.distributions.Independent}: the rightmost {@code reinterpretedBatchNdims} batch
 * dimensions of a base distribution become event dimensions, so logProb and entropy sum over them.
 */
public final class Independent extends Distribution {
    private final Distribution base;
    private final int ndims;

    /**
     * Reinterprets batch dimensions of {@code base} as event dimensions.
     *
     * @param base the base distribution
     * @param reinterpretedBatchNdims how many of its rightmost batch dimensions, at most its batch rank
     */
    public Independent(Distribution base, int reinterpretedBatchNdims) {
        this(base, reinterpretedBatchNdims, shape(base, reinterpretedBatchNdims));
    }

    private Independent(Distribution base, int ndims, int[] shape) {
        super(Arrays.copyOf(shape, shape.length - ndims - base.eventShape().length),
                Arrays.copyOfRange(shape, shape.length - ndims - base.eventShape().length, shape.length),
                base.validateArgs);
        this.base = base;
        this.ndims = ndims;
    }

    private static int[] shape(Distribution base, int ndims) {
        Distribution.nonNull(base, "Independent: base distribution is null");
        int rank = base.batchShape().length;
        if (ndims < 0 || ndims > rank) {
            throw new IllegalArgumentException("Independent: Expected reinterpreted_batch_ndims <= "
                    + "len(base_distribution.batch_shape), actual " + ndims + " vs " + rank
                    + (ndims < 0 ? " (a negative count)" : ""));
        }
        return Shape.concat(base.batchShape(), base.eventShape(), new int[0]);
    }

    /**
     * The base distribution.
     *
     * @return base
     */
    public Distribution baseDist() {
        return base;
    }

    /**
     * How many batch dimensions were reinterpreted.
     *
     * @return reinterpreted_batch_ndims
     */
    public int reinterpretedBatchNdims() {
        return ndims;
    }

    @Override
    public boolean hasRsample() {
        return base.hasRsample();
    }

    @Override
    public boolean hasEnumerateSupport() {
        return false;
    }

    @Override
    Tensor draw(Generator generator, int[] shape) {
        return base.draw(generator, shape);
    }

    /** PyTorch's _sum_rightmost: the sum over the last {@code ndims} dimensions. */
    private Tensor sumRightmost(Tensor t) {
        if (ndims == 0) {
            return t;
        }
        int[] s = t.shape();
        int[] r = Arrays.copyOf(s, s.length - ndims + 1);
        r[r.length - 1] = -1;
        return t.reshape(r).sum(-1);
    }

    @Override
    public Tensor logProb(Tensor value) {
        Tensor logProb;
        try {
            logProb = base.logProb(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Independent: " + e.getMessage(), e);
        }
        return sumRightmost(logProb);
    }

    @Override
    public Tensor cdf(Tensor value) {
        throw new UnsupportedOperationException("Independent.cdf: not implemented in PyTorch 1.13");
    }

    @Override
    public Tensor icdf(Tensor value) {
        throw new UnsupportedOperationException("Independent.icdf: not implemented in PyTorch 1.13");
    }

    @Override
    public Tensor entropy() {
        return sumRightmost(base.entropy());
    }

    @Override
    public Tensor mean() {
        return base.mean();
    }

    @Override
    public Tensor variance() {
        return base.variance();
    }

    @Override
    public Independent expand(int... batchShape) {
        Distribution.nonNull(batchShape, "Independent.expand: batchShape is null");
        int[] event = eventShape();
        int[] baseShape = Shape.concat(batchShape, Arrays.copyOf(event, ndims), new int[0]);
        return new Independent(base.expand(baseShape), ndims);
    }

    @Override
    String[] paramNames() {
        return new String[0];
    }

    @Override
    Tensor param(String name) {
        throw new IllegalStateException("Independent has no parameter in its repr");
    }

    @Override
    public String toString() {
        return "Independent(" + base + ", " + ndims + ")";
    }
}

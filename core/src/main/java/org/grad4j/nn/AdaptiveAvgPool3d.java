package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.AdaptiveAvgPool3d(output_size)}: one or three sizes, a
 * null size (PyTorch's None) keeping the input's; see {@link Functional#adaptiveAvgPool3d}.
 */
public final class AdaptiveAvgPool3d extends Module {
    private final OptionalSizes3d outputSize;

    /**
     * A layer giving {@code outputSize} in every dimension, or one size per dimension.
     *
     * @param outputSize one or three non-negative ints
     */
    public AdaptiveAvgPool3d(int... outputSize) {
        this(OptionalSizes3d.boxed(outputSize));
    }

    /**
     * A layer with PyTorch's optional sizes.
     *
     * @param outputSize one or three sizes, null keeping the input's size in that dimension
     */
    public AdaptiveAvgPool3d(Integer[] outputSize) {
        this.outputSize = OptionalSizes3d.of("AdaptiveAvgPool3d", outputSize);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.adaptiveAvgPool3d(input, outputSize.resolve("adaptive_avg_pool3d", input));
    }

    @Override
    protected String extraRepr() {
        return outputSize.repr();
    }
}

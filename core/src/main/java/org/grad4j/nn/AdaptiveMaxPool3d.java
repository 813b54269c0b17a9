package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.ValuesIndices;

/**
 * PyTorch's {@code nn.AdaptiveMaxPool3d(output_size, return_indices=False)}: one or three sizes, a
 * null size (PyTorch's None) keeping the input's; see {@link Functional#adaptiveMaxPool3d}.
 */
public final class AdaptiveMaxPool3d extends Module {
    private final OptionalSizes3d outputSize;
    private final boolean returnIndices;

    /**
     * A layer giving {@code outputSize} in every dimension, or one size per dimension.
     *
     * @param outputSize one or three non-negative ints
     */
    public AdaptiveMaxPool3d(int... outputSize) {
        this(OptionalSizes3d.boxed(outputSize), false);
    }

    /**
     * A layer with PyTorch's optional sizes.
     *
     * @param outputSize one or three sizes, null keeping the input's size in that dimension
     * @param returnIndices whether {@link #forwardWithIndices} is the layer's call
     */
    public AdaptiveMaxPool3d(Integer[] outputSize, boolean returnIndices) {
        this.outputSize = OptionalSizes3d.of("AdaptiveMaxPool3d", outputSize);
        this.returnIndices = returnIndices;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.adaptiveMaxPool3d(input, outputSize.resolve("adaptive_max_pool3d", input));
    }

    /**
     * PyTorch's call with {@code return_indices=True}: the maxima and their flat per-volume indices.
     *
     * @param input {@code [N, C, D, H, W]} or {@code [C, D, H, W]}
     * @return values and int64 indices
     */
    public ValuesIndices forwardWithIndices(Tensor input) {
        return Functional.adaptiveMaxPool3dWithIndices(input, outputSize.resolve("adaptive_max_pool3d", input));
    }

    /**
     * PyTorch's {@code return_indices} attribute.
     *
     * @return whether the layer was built to be called through {@link #forwardWithIndices}
     */
    public boolean returnIndices() {
        return returnIndices;
    }

    @Override
    protected String extraRepr() {
        return outputSize.repr();
    }
}

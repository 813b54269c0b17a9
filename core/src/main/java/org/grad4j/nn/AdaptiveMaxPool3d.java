package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.ValuesIndices;

/**
 * PyTorch's {@code nn.AdaptiveMaxPool3d(output_size, return_indices=False)}: one or three sizes, a
 * null size (PyTorch's None) keeping the input's; see {@link Functional#adaptiveMaxPool3d}.
 */
public final class AdaptiveMaxPool3d extends Module {
    private final Integer[] outputSize;
    private final boolean returnIndices;

    /**
     * A layer giving {@code outputSize} in every dimension, or one size per dimension.
     *
     * @param outputSize one or three non-negative ints
     */
    public AdaptiveMaxPool3d(int... outputSize) {
        this(boxed(outputSize), false);
    }

    /**
     * A layer with PyTorch's optional sizes.
     *
     * @param outputSize one or three sizes, null keeping the input's size in that dimension
     * @param returnIndices whether {@link #forwardWithIndices} is the layer's call
     */
    public AdaptiveMaxPool3d(Integer[] outputSize, boolean returnIndices) {
        if (outputSize == null || (outputSize.length != 1 && outputSize.length != 3)
                || (outputSize.length == 1 && outputSize[0] == null)) {
            throw new IllegalArgumentException("AdaptiveMaxPool3d: expected one or three sizes for output_size");
        }
        this.outputSize = outputSize.clone();
        this.returnIndices = returnIndices;
    }

    private static Integer[] boxed(int[] v) {
        if (v == null) {
            return null;
        }
        Integer[] out = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    /** The sizes with PyTorch's None replaced by the input's (F.adaptive_*_pool3d's _list_with_default). */
    private int[] resolve(Tensor input) {
        int[] out = new int[outputSize.length];
        for (int i = 0; i < out.length; i++) {
            if (outputSize[i] == null) {
                if (input == null || input.dim() <= 3) {
                    throw new IllegalArgumentException("adaptive_max_pool3d: Input dimension should be at least 4, "
                            + "got " + (input == null ? "null" : java.util.Arrays.toString(input.shape())));
                }
                out[i] = input.size(input.dim() - 3 + i);
            } else {
                out[i] = outputSize[i];
            }
        }
        return out;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.adaptiveMaxPool3d(input, resolve(input));
    }

    /**
     * PyTorch's call with {@code return_indices=True}: the maxima and their flat per-volume indices.
     *
     * @param input {@code [N, C, D, H, W]} or {@code [C, D, H, W]}
     * @return values and int64 indices
     */
    public ValuesIndices forwardWithIndices(Tensor input) {
        return Functional.adaptiveMaxPool3dWithIndices(input, resolve(input));
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
        if (outputSize.length == 1) {
            return "output_size=" + outputSize[0];
        }
        return "output_size=(" + (outputSize[0] == null ? "None" : outputSize[0]) + ", "
                + (outputSize[1] == null ? "None" : outputSize[1]) + ", "
                + (outputSize[2] == null ? "None" : outputSize[2]) + ")";
    }
}

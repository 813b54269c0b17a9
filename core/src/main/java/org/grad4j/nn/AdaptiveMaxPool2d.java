package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.ValuesIndices;

/**
 * PyTorch's {@code nn.AdaptiveMaxPool2d(output_size, return_indices=False)}; {@link #forwardWithIndices} is the
 * call with indices.
 */
public final class AdaptiveMaxPool2d extends Module {
    private final int[] outputSize;
    private final boolean returnIndices;

    /**
     * The module.
     *
     * @param outputSize one int (square output) or {@code {height, width}}
     */
    public AdaptiveMaxPool2d(int... outputSize) {
        this(outputSize, false);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param outputSize one int (square output) or {@code {height, width}}
     * @param returnIndices whether {@link #forwardWithIndices} is the layer's call ({@link #forward} gives the values)
     */
    public AdaptiveMaxPool2d(int[] outputSize, boolean returnIndices) {
        if (outputSize == null || (outputSize.length != 1 && outputSize.length != 2)) {
            throw new IllegalArgumentException("AdaptiveMaxPool2d: expected one or two ints for output_size");
        }
        this.outputSize = outputSize.clone();
        this.returnIndices = returnIndices;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.adaptiveMaxPool2d(input, outputSize);
    }

    /**
     * PyTorch's call with {@code return_indices=True}.
     *
     * @param input {@code [N, C, H, W]} or {@code [C, H, W]}
     * @return the maxima and their flat per-plane int64 indices
     */
    public ValuesIndices forwardWithIndices(Tensor input) {
        return Functional.adaptiveMaxPool2dWithIndices(input, outputSize);
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
        return "output_size=" + (outputSize.length == 1 ? Integer.toString(outputSize[0])
                : "(" + outputSize[0] + ", " + outputSize[1] + ")");
    }
}

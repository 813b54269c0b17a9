package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/** PyTorch's {@code nn.AdaptiveMaxPool2d(output_size)} (without {@code return_indices}). */
public final class AdaptiveMaxPool2d extends Module {
    private final int[] outputSize;

    /**
     * The module.
     *
     * @param outputSize one int (square output) or {@code {height, width}}
     */
    public AdaptiveMaxPool2d(int... outputSize) {
        if (outputSize == null || (outputSize.length != 1 && outputSize.length != 2)) {
            throw new IllegalArgumentException("AdaptiveMaxPool2d: expected one or two ints for output_size");
        }
        this.outputSize = outputSize.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.adaptiveMaxPool2d(input, outputSize);
    }

    @Override
    protected String extraRepr() {
        return "output_size=" + (outputSize.length == 1 ? Integer.toString(outputSize[0])
                : "(" + outputSize[0] + ", " + outputSize[1] + ")");
    }
}

package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/** PyTorch's {@code nn.AdaptiveAvgPool2d}: see {@link Functional#adaptiveAvgPool2d}. */
public class AdaptiveAvgPool2d extends Module {
    private final int[] outputSize;

    /**
     * A pooling layer to a square output.
     *
     * @param outputSize the output's height and width (1 for global average pooling)
     */
    public AdaptiveAvgPool2d(int outputSize) {
        this(new int[] {outputSize});
    }

    /**
     * A pooling layer.
     *
     * @param outputSize one int (square) or two ({@code {height, width}})
     */
    public AdaptiveAvgPool2d(int[] outputSize) {
        this.outputSize = outputSize == null ? null : outputSize.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.adaptiveAvgPool2d(input, outputSize);
    }

    @Override
    protected String extraRepr() {
        return "output_size=" + MaxPool2d.arg(outputSize);
    }
}

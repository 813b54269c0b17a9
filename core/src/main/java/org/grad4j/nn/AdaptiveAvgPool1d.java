package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/** PyTorch's {@code nn.AdaptiveAvgPool1d(output_size)}. */
public final class AdaptiveAvgPool1d extends Module {
    private final int outputSize;

    /**
     * The module.
     *
     * @param outputSize the output's length
     */
    public AdaptiveAvgPool1d(int outputSize) {
        this.outputSize = outputSize;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.adaptiveAvgPool1d(input, outputSize);
    }

    @Override
    protected String extraRepr() {
        return "output_size=" + outputSize;
    }
}

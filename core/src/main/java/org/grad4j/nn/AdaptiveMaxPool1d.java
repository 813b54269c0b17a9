package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.ValuesIndices;

/** PyTorch's {@code nn.AdaptiveMaxPool1d(output_size, return_indices=False)}. */
public final class AdaptiveMaxPool1d extends Module {
    private final int outputSize;
    private final boolean returnIndices;

    /**
     * The module.
     *
     * @param outputSize the output's length
     */
    public AdaptiveMaxPool1d(int outputSize) {
        this(outputSize, false);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param outputSize the output's length
     * @param returnIndices whether {@link #forwardWithIndices} is the layer's call ({@link #forward} gives the values)
     */
    public AdaptiveMaxPool1d(int outputSize, boolean returnIndices) {
        this.outputSize = outputSize;
        this.returnIndices = returnIndices;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.adaptiveMaxPool1d(input, outputSize);
    }

    /**
     * PyTorch's call with {@code return_indices=True}.
     *
     * @param input {@code [N, C, L]} or {@code [C, L]}
     * @return the maxima and their int64 positions along the length
     */
    public ValuesIndices forwardWithIndices(Tensor input) {
        return Functional.adaptiveMaxPool1dWithIndices(input, outputSize);
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
        return "output_size=" + outputSize;
    }
}

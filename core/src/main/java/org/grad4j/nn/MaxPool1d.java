package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.ValuesIndices;

/**
 * PyTorch's {@code nn.MaxPool1d(kernel_size, stride=kernel_size, padding=0, dilation=1, return_indices=False,
 * ceil_mode=False)}.
 */
public final class MaxPool1d extends Module {
    private final int kernelSize;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final boolean returnIndices;
    private final boolean ceilMode;

    /**
     * Windows of {@code kernelSize}, stride {@code kernelSize}.
     *
     * @param kernelSize the window's length
     */
    public MaxPool1d(int kernelSize) {
        this(kernelSize, kernelSize, 0, 1);
    }

    /**
     * Floor mode, values only.
     *
     * @param kernelSize the window's length
     * @param stride the step
     * @param padding implicit -inf padding on both sides, at most half the window
     * @param dilation the spacing of the window's elements
     */
    public MaxPool1d(int kernelSize, int stride, int padding, int dilation) {
        this(kernelSize, stride, padding, dilation, false, false);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param kernelSize the window's length
     * @param stride the step
     * @param padding implicit -inf padding on both sides, at most half the window
     * @param dilation the spacing of the window's elements
     * @param returnIndices whether {@link #forwardWithIndices} is the layer's call ({@link #forward} gives the values)
     * @param ceilMode round the output size up
     */
    public MaxPool1d(int kernelSize, int stride, int padding, int dilation, boolean returnIndices, boolean ceilMode) {
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.returnIndices = returnIndices;
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.maxPool1d(input, new int[] {kernelSize}, new int[] {stride}, new int[] {padding},
                new int[] {dilation}, ceilMode);
    }

    /**
     * PyTorch's call with {@code return_indices=True}.
     *
     * @param input {@code [N, C, L]} or {@code [C, L]}
     * @return the maxima and their int64 positions along the length
     */
    public ValuesIndices forwardWithIndices(Tensor input) {
        return Functional.maxPool1dWithIndices(input, new int[] {kernelSize}, new int[] {stride}, new int[] {padding},
                new int[] {dilation}, ceilMode);
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
        return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding + ", dilation=" + dilation
                + ", ceil_mode=" + (ceilMode ? "True" : "False");
    }
}

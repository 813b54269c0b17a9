package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/** PyTorch's {@code nn.MaxPool1d(kernel_size, stride=kernel_size, padding=0, dilation=1)}. */
public final class MaxPool1d extends Module {
    private final int kernelSize;
    private final int stride;
    private final int padding;
    private final int dilation;

    /**
     * Windows of {@code kernelSize}, stride {@code kernelSize}.
     *
     * @param kernelSize the window's length
     */
    public MaxPool1d(int kernelSize) {
        this(kernelSize, kernelSize, 0, 1);
    }

    /**
     * Every option.
     *
     * @param kernelSize the window's length
     * @param stride the step
     * @param padding implicit -inf padding on both sides, at most half the window
     * @param dilation the spacing of the window's elements
     */
    public MaxPool1d(int kernelSize, int stride, int padding, int dilation) {
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.maxPool1d(input, new int[] {kernelSize}, new int[] {stride}, new int[] {padding},
                new int[] {dilation});
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding + ", dilation=" + dilation
                + ", ceil_mode=False";
    }
}

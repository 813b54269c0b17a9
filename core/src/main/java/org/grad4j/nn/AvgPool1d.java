package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.AvgPool1d(kernel_size, stride=kernel_size, padding=0, ceil_mode=False,
 * count_include_pad=True)}.
 */
public final class AvgPool1d extends Module {
    private final int kernelSize;
    private final int stride;
    private final int padding;
    private final boolean ceilMode;
    private final boolean countIncludePad;

    /**
     * Windows of {@code kernelSize}, stride {@code kernelSize}.
     *
     * @param kernelSize the window's length
     */
    public AvgPool1d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    /**
     * Every option.
     *
     * @param kernelSize the window's length
     * @param stride the step
     * @param padding zero padding on both sides, at most half the window
     */
    public AvgPool1d(int kernelSize, int stride, int padding) {
        this(kernelSize, stride, padding, false, true);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param kernelSize the window's length
     * @param stride the step
     * @param padding zero padding on both sides, at most half the window
     * @param ceilMode round the output size up
     * @param countIncludePad count the padding in the divisor
     */
    public AvgPool1d(int kernelSize, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.avgPool1d(input, new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, ceilMode,
                countIncludePad);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=(" + kernelSize + ",), stride=(" + stride + ",), padding=(" + padding + ",)";
    }
}

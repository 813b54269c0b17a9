package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.AvgPool2d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
 * divisor_override=None)}; see {@link Functional#avgPool2d}.
 */
public class AvgPool2d extends Module {
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;
    private final boolean ceilMode;
    private final boolean countIncludePad;
    private final Integer divisorOverride;

    /**
     * Windows of {@code kernelSize}, stride equal to it.
     *
     * @param kernelSize the window's height and width
     */
    public AvgPool2d(int kernelSize) {
        this(new int[] {kernelSize}, null, new int[] {0});
    }

    /**
     * A pooling layer.
     *
     * @param kernelSize one or two ints
     * @param stride one or two ints, or null for the kernel size
     * @param padding one or two ints, at most half the kernel
     */
    public AvgPool2d(int[] kernelSize, int[] stride, int[] padding) {
        this(kernelSize, stride, padding, false, true, null);
    }

    /**
     * Square windows with a stride.
     *
     * @param kernelSize the window's height and width
     * @param stride the step in both directions
     */
    public AvgPool2d(int kernelSize, int stride) {
        this(new int[] {kernelSize}, new int[] {stride}, new int[] {0});
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param kernelSize one or two ints
     * @param stride one or two ints, or null for the kernel size
     * @param padding one or two ints, at most half the kernel
     * @param ceilMode round the output size up
     * @param countIncludePad count the zero padding in the divisor
     * @param divisorOverride every window's divisor (not 0), or null
     */
    public AvgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad,
            Integer divisorOverride) {
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.divisorOverride = divisorOverride;
        this.kernelSize = kernelSize == null ? null : kernelSize.clone();
        this.stride = stride == null ? null : stride.clone();
        this.padding = padding == null ? null : padding.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.avgPool2d(input, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + MaxPool2d.arg(kernelSize) + ", stride=" + MaxPool2d.arg(stride == null ? kernelSize : stride)
                + ", padding=" + MaxPool2d.arg(padding);
    }
}

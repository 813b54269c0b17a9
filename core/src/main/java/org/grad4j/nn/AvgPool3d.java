package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.AvgPool3d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
 * divisor_override=None)}; see {@link Functional#avgPool3d}.
 */
public class AvgPool3d extends Module {
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;
    private final boolean ceilMode;
    private final boolean countIncludePad;
    private final Integer divisorOverride;

    /**
     * Cubic windows of {@code kernelSize}, stride equal to it.
     *
     * @param kernelSize the window's depth, height and width
     */
    public AvgPool3d(int kernelSize) {
        this(new int[] {kernelSize}, null, new int[] {0}, false, true, null);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param kernelSize one or three ints
     * @param stride one or three ints, or null for the kernel size
     * @param padding one or three ints, at most half the kernel
     * @param ceilMode round the output size up
     * @param countIncludePad count the zero padding in the divisor
     * @param divisorOverride every window's divisor (not 0), or null
     */
    public AvgPool3d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad,
            Integer divisorOverride) {
        this.kernelSize = kernelSize == null ? null : kernelSize.clone();
        this.stride = stride == null ? null : stride.clone();
        this.padding = padding == null ? null : padding.clone();
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.divisorOverride = divisorOverride;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.avgPool3d(input, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + Layers3Args.arg(kernelSize) + ", stride="
                + Layers3Args.arg(stride == null ? kernelSize : stride) + ", padding=" + Layers3Args.arg(padding);
    }
}

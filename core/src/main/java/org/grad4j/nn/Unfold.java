package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.Unfold(kernel_size, dilation=1, padding=0, stride=1)}: the sliding blocks of an image as
 * columns; see {@link Functional#unfold}.
 */
public class Unfold extends Module {
    private final int[] kernelSize;
    private final int[] dilation;
    private final int[] padding;
    private final int[] stride;

    /**
     * Blocks of {@code kernelSize}, dilation 1, no padding, stride 1.
     *
     * @param kernelSize one or two ints
     */
    public Unfold(int... kernelSize) {
        this(kernelSize, new int[] {1}, new int[] {0}, new int[] {1});
    }

    /**
     * Every option, in PyTorch's order; each one or two ints.
     *
     * @param kernelSize the block's height and width
     * @param dilation the spacing of the block's elements
     * @param padding the zeros added on each side
     * @param stride the step between blocks
     */
    public Unfold(int[] kernelSize, int[] dilation, int[] padding, int[] stride) {
        this.kernelSize = kernelSize == null ? null : kernelSize.clone();
        this.dilation = dilation == null ? null : dilation.clone();
        this.padding = padding == null ? null : padding.clone();
        this.stride = stride == null ? null : stride.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.unfold(input, kernelSize, dilation, padding, stride);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + Layers3Args.arg(kernelSize) + ", dilation=" + Layers3Args.arg(dilation) + ", padding="
                + Layers3Args.arg(padding) + ", stride=" + Layers3Args.arg(stride);
    }
}

package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.Fold(output_size, kernel_size, dilation=1, padding=0, stride=1)}: columns of sliding blocks
 * summed back into an image; see {@link Functional#fold}.
 */
public class Fold extends Module {
    private final int[] outputSize;
    private final int[] kernelSize;
    private final int[] dilation;
    private final int[] padding;
    private final int[] stride;

    /**
     * Every option, in PyTorch's order; each one or two ints.
     *
     * @param outputSize the image's height and width
     * @param kernelSize the block's height and width
     * @param dilation the spacing of the block's elements
     * @param padding the zeros added on each side
     * @param stride the step between blocks
     */
    public Fold(int[] outputSize, int[] kernelSize, int[] dilation, int[] padding, int[] stride) {
        this.outputSize = outputSize == null ? null : outputSize.clone();
        this.kernelSize = kernelSize == null ? null : kernelSize.clone();
        this.dilation = dilation == null ? null : dilation.clone();
        this.padding = padding == null ? null : padding.clone();
        this.stride = stride == null ? null : stride.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.fold(input, outputSize, kernelSize, dilation, padding, stride);
    }

    @Override
    protected String extraRepr() {
        return "output_size=" + Layers3Args.arg(outputSize) + ", kernel_size=" + Layers3Args.arg(kernelSize)
                + ", dilation=" + Layers3Args.arg(dilation) + ", padding=" + Layers3Args.arg(padding) + ", stride="
                + Layers3Args.arg(stride);
    }
}

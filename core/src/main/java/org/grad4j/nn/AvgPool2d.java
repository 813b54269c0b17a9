package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/** PyTorch's {@code nn.AvgPool2d} (floor mode, padding counted); see {@link Functional#avgPool2d}. */
public class AvgPool2d extends Module {
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;

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
        this.kernelSize = kernelSize == null ? null : kernelSize.clone();
        this.stride = stride == null ? null : stride.clone();
        this.padding = padding == null ? null : padding.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.avgPool2d(input, kernelSize, stride, padding);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + MaxPool2d.arg(kernelSize) + ", stride=" + MaxPool2d.arg(stride == null ? kernelSize : stride)
                + ", padding=" + MaxPool2d.arg(padding);
    }
}

package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/** PyTorch's {@code nn.MaxPool2d} (floor mode, no indices returned); see {@link Functional#maxPool2d}. */
public class MaxPool2d extends Module {
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;

    /**
     * Windows of {@code kernelSize}, stride equal to it.
     *
     * @param kernelSize the window's height and width
     */
    public MaxPool2d(int kernelSize) {
        this(new int[] {kernelSize}, null, new int[] {0}, new int[] {1});
    }

    /**
     * A pooling layer.
     *
     * @param kernelSize one or two ints
     * @param stride one or two ints, or null for the kernel size
     * @param padding one or two ints (implicit -inf), at most half the kernel
     * @param dilation one or two ints
     */
    public MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation) {
        this.kernelSize = kernelSize == null ? null : kernelSize.clone();
        this.stride = stride == null ? null : stride.clone();
        this.padding = padding == null ? null : padding.clone();
        this.dilation = dilation == null ? null : dilation.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.maxPool2d(input, kernelSize, stride, padding, dilation);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + arg(kernelSize) + ", stride=" + arg(stride == null ? kernelSize : stride) + ", padding="
                + arg(padding) + ", dilation=" + arg(dilation) + ", ceil_mode=False";
    }

    /** An int or a tuple as the constructor got it, as PyTorch's repr prints it. */
    static String arg(int[] v) {
        return v == null ? "None" : v.length == 1 ? Integer.toString(v[0]) : Conv2d.tuple(v);
    }
}

package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.ValuesIndices;

/**
 * PyTorch's {@code nn.MaxPool2d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False,
 * ceil_mode=False)}; see {@link Functional#maxPool2d} and, for the indices, {@link #forwardWithIndices}.
 */
public class MaxPool2d extends Module {
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final boolean returnIndices;
    private final boolean ceilMode;

    /**
     * Windows of {@code kernelSize}, stride equal to it.
     *
     * @param kernelSize the window's height and width
     */
    public MaxPool2d(int kernelSize) {
        this(new int[] {kernelSize}, null, new int[] {0}, new int[] {1});
    }

    /**
     * Square windows with a stride.
     *
     * @param kernelSize the window's height and width
     * @param stride the step in both directions
     */
    public MaxPool2d(int kernelSize, int stride) {
        this(new int[] {kernelSize}, new int[] {stride}, new int[] {0}, new int[] {1});
    }

    /**
     * A pooling layer (floor mode, values only).
     *
     * @param kernelSize one or two ints
     * @param stride one or two ints, or null for the kernel size
     * @param padding one or two ints (implicit -inf), at most half the kernel
     * @param dilation one or two ints
     */
    public MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation) {
        this(kernelSize, stride, padding, dilation, false, false);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param kernelSize one or two ints
     * @param stride one or two ints, or null for the kernel size
     * @param padding one or two ints (implicit -inf), at most half the kernel
     * @param dilation one or two ints
     * @param returnIndices whether {@link #forwardWithIndices} is the layer's call ({@link #forward} gives the values)
     * @param ceilMode round the output size up
     */
    public MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean returnIndices,
            boolean ceilMode) {
        this.kernelSize = kernelSize == null ? null : kernelSize.clone();
        this.stride = stride == null ? null : stride.clone();
        this.padding = padding == null ? null : padding.clone();
        this.dilation = dilation == null ? null : dilation.clone();
        this.returnIndices = returnIndices;
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.maxPool2d(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    /**
     * PyTorch's call with {@code return_indices=True}: the maxima and their flat per-plane indices.
     *
     * @param input {@code [N, C, H, W]} or {@code [C, H, W]}
     * @return values and int64 indices, as {@link MaxUnpool2d} takes them
     */
    public ValuesIndices forwardWithIndices(Tensor input) {
        return Functional.maxPool2dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode);
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
        return "kernel_size=" + arg(kernelSize) + ", stride=" + arg(stride == null ? kernelSize : stride) + ", padding="
                + arg(padding) + ", dilation=" + arg(dilation)
                + ", ceil_mode=" + (ceilMode ? "True" : "False");
    }

    /** An int or a tuple as the constructor got it, as PyTorch's repr prints it. */
    static String arg(int[] v) {
        return v == null ? "None" : v.length == 1 ? Integer.toString(v[0]) : Conv2d.tuple(v);
    }
}

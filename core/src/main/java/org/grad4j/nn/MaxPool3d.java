package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.ValuesIndices;

/**
 * PyTorch's {@code nn.MaxPool3d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False,
 * ceil_mode=False)}; see {@link Functional#maxPool3d} and, for the indices, {@link #forwardWithIndices}.
 */
public class MaxPool3d extends Module {
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final boolean returnIndices;
    private final boolean ceilMode;

    /**
     * Cubic windows of {@code kernelSize}, stride equal to it.
     *
     * @param kernelSize the window's depth, height and width
     */
    public MaxPool3d(int kernelSize) {
        this(new int[] {kernelSize}, null, new int[] {0}, new int[] {1}, false, false);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param kernelSize one or three ints
     * @param stride one or three ints, or null for the kernel size
     * @param padding one or three ints (implicit -inf), at most half the kernel
     * @param dilation one or three ints
     * @param returnIndices whether {@link #forwardWithIndices} is the layer's call ({@link #forward} gives the values)
     * @param ceilMode round the output size up
     */
    public MaxPool3d(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean returnIndices,
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
        return Functional.maxPool3d(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    /**
     * PyTorch's call with {@code return_indices=True}: the maxima and their flat per-volume indices.
     *
     * @param input {@code [N, C, D, H, W]} or {@code [C, D, H, W]}
     * @return values and int64 indices
     */
    public ValuesIndices forwardWithIndices(Tensor input) {
        return Functional.maxPool3dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode);
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
        return "kernel_size=" + Layers3Args.arg(kernelSize) + ", stride="
                + Layers3Args.arg(stride == null ? kernelSize : stride) + ", padding=" + Layers3Args.arg(padding)
                + ", dilation=" + Layers3Args.arg(dilation) + ", ceil_mode=" + (ceilMode ? "True" : "False");
    }
}

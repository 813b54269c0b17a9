package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.MaxUnpool3d(kernel_size, stride=None, padding=0)}: the partial inverse of {@link MaxPool3d},
 * taking the indices of {@link MaxPool3d#forwardWithIndices}; see {@link Functional#maxUnpool3d}.
 */
public final class MaxUnpool3d extends Module {
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;

    /**
     * Cubic windows, stride equal to them.
     *
     * @param kernelSize the window's depth, height and width
     */
    public MaxUnpool3d(int kernelSize) {
        this(new int[] {kernelSize}, null, new int[] {0});
    }

    /**
     * Every option.
     *
     * @param kernelSize one or three ints
     * @param stride one or three ints, or null for the kernel size
     * @param padding one or three ints
     */
    public MaxUnpool3d(int[] kernelSize, int[] stride, int[] padding) {
        this.kernelSize = kernelSize == null ? null : kernelSize.clone();
        this.stride = stride == null ? null : stride.clone();
        this.padding = padding == null ? null : padding.clone();
    }

    /**
     * The layer needs the indices too: call {@link #forward(Tensor, Tensor, int[])}.
     *
     * @param input unused
     * @return never
     * @throws IllegalArgumentException always
     */
    @Override
    public Tensor forward(Tensor input) {
        throw new IllegalArgumentException("MaxUnpool3d: forward() missing 1 required positional argument: 'indices'");
    }

    /**
     * Unpools {@code input} to the default output size.
     *
     * @param input {@code [N, C, D, H, W]} or {@code [C, D, H, W]}
     * @param indices the int64 indices of the max pooling that made {@code input}
     * @return the unpooled tensor
     */
    public Tensor forward(Tensor input, Tensor indices) {
        return forward(input, indices, null);
    }

    /**
     * Unpools {@code input} to {@code outputSize}.
     *
     * @param input {@code [N, C, D, H, W]} or {@code [C, D, H, W]}
     * @param indices the int64 indices of the max pooling that made {@code input}
     * @param outputSize the output's depth, height and width (optionally with the leading sizes), or null
     * @return the unpooled tensor
     */
    public Tensor forward(Tensor input, Tensor indices, int[] outputSize) {
        return Functional.maxUnpool3d(input, indices, kernelSize, stride, padding, outputSize);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + tuple(kernelSize) + ", stride=" + tuple(stride == null ? kernelSize : stride)
                + ", padding=" + tuple(padding);
    }

    /** PyTorch stores the module's sizes as triples. */
    private static String tuple(int[] v) {
        if (v == null) {
            return "None";
        }
        int[] t = v.length == 1 ? new int[] {v[0], v[0], v[0]} : v;
        return "(" + t[0] + ", " + t[1] + ", " + t[2] + ")";
    }
}

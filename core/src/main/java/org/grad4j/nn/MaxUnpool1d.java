package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.MaxUnpool1d(kernel_size, stride=None, padding=0)}: the partial inverse of {@link MaxPool1d},
 * taking the indices of {@link MaxPool1d}'s indices ({@link Functional#maxPool1dWithIndices}); see {@link Functional#maxUnpool1d}.
 */
public final class MaxUnpool1d extends Module {
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;

    /**
     * Windows of one length, stride equal to them.
     *
     * @param kernelSize the window's length
     */
    public MaxUnpool1d(int kernelSize) {
        this(new int[] {kernelSize}, null, new int[] {0});
    }

    /**
     * Every option.
     *
     * @param kernelSize one int
     * @param stride one int, or null for the kernel size
     * @param padding one int
     */
    public MaxUnpool1d(int[] kernelSize, int[] stride, int[] padding) {
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
        throw new IllegalArgumentException("MaxUnpool1d: forward() missing 1 required positional argument: 'indices'");
    }

    /**
     * Unpools {@code input} to the default output size.
     *
     * @param input {@code [N, C, L]} or {@code [C, L]}
     * @param indices the int64 indices of the max pooling that made {@code input}
     * @return the unpooled tensor
     */
    public Tensor forward(Tensor input, Tensor indices) {
        return forward(input, indices, null);
    }

    /**
     * Unpools {@code input} to {@code outputSize}.
     *
     * @param input {@code [N, C, L]} or {@code [C, L]}
     * @param indices the int64 indices of the max pooling that made {@code input}
     * @param outputSize the output's length (optionally with the leading sizes), or null
     * @return the unpooled tensor
     */
    public Tensor forward(Tensor input, Tensor indices, int[] outputSize) {
        return Functional.maxUnpool1d(input, indices, kernelSize, stride, padding, outputSize);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + tuple(kernelSize) + ", stride=" + tuple(stride == null ? kernelSize : stride)
                + ", padding=" + tuple(padding);
    }

    /** PyTorch stores the module's sizes as 1-tuples. */
    private static String tuple(int[] v) {
        return v == null ? "None" : "(" + v[0] + ",)";
    }
}

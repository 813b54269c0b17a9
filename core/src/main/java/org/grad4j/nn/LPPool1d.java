package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.LPPool1d(norm_type, kernel_size, stride=None, ceil_mode=False)}: the p-norm of each window
 * of {@code [N, C, L]} or {@code [C, L]}; see {@link Functional#lpPool1d}.
 */
public class LPPool1d extends LPPoolNd {
    /**
     * Windows of {@code kernelSize}, stride equal to it.
     *
     * @param normType p
     * @param kernelSize the window's size
     */
    public LPPool1d(double normType, int kernelSize) {
        this(normType, new int[] {kernelSize}, null, false);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param normType p
     * @param kernelSize one int
     * @param stride one int, or null for the kernel size
     * @param ceilMode round the output size up
     */
    public LPPool1d(double normType, int[] kernelSize, int[] stride, boolean ceilMode) {
        super(normType, kernelSize, stride, ceilMode);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.lpPool1d(input, normType, kernelSize, stride, ceilMode);
    }
}

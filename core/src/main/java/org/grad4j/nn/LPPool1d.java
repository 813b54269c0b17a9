package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;

/**
 * PyTorch's {@code nn.LPPool1d(norm_type, kernel_size, stride=None, ceil_mode=False)}: the p-norm of each window
 * of {@code [N, C, L]} or {@code [C, L]}; see {@link Functional#lpPool1d}.
 */
public class LPPool1d extends Module {
    private final double normType;
    private final int[] kernelSize;
    private final int[] stride;
    private final boolean ceilMode;

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
        this.normType = normType;
        this.kernelSize = kernelSize == null ? null : kernelSize.clone();
        this.stride = stride == null ? null : stride.clone();
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.lpPool1d(input, normType, kernelSize, stride, ceilMode);
    }

    @Override
    protected String extraRepr() {
        // an integral p prints as the int PyTorch's users pass (LPPool2d(2, 3) prints norm_type=2)
        String p = normType == Math.rint(normType) && Math.abs(normType) < 1e15 ? Long.toString((long) normType)
                : PythonFloat.repr(normType);
        return "norm_type=" + p + ", kernel_size=" + Layers3Args.arg(kernelSize) + ", stride="
                + Layers3Args.arg(stride) + ", ceil_mode=" + (ceilMode ? "True" : "False");
    }
}

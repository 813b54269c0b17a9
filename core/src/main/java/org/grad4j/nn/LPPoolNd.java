package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;

/**
 * What {@link LPPool1d} and {@link LPPool2d} share, as PyTorch's {@code _LPPoolNd}: the options and the repr; a
 * subclass runs its functional form.
 */
abstract class LPPoolNd extends Module {
    final double normType;
    final int[] kernelSize;
    final int[] stride;
    final boolean ceilMode;

    LPPoolNd(double normType, int[] kernelSize, int[] stride, boolean ceilMode) {
        this.normType = normType;
        this.kernelSize = kernelSize == null ? null : kernelSize.clone();
        this.stride = stride == null ? null : stride.clone();
        this.ceilMode = ceilMode;
    }

    @Override
    public abstract Tensor forward(Tensor input);

    @Override
    protected String extraRepr() {
        // an integral p prints as the int PyTorch's users pass (LPPool2d(2, 3) prints norm_type=2)
        String p = normType == Math.rint(normType) && Math.abs(normType) < 1e15 ? Long.toString((long) normType)
                : PythonFloat.repr(normType);
        return "norm_type=" + p + ", kernel_size=" + Layers3Args.arg(kernelSize) + ", stride="
                + Layers3Args.arg(stride) + ", ceil_mode=" + (ceilMode ? "True" : "False");
    }
}

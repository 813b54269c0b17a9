package org.grad4j.cpu;

import org.grad4j.spi.Strided;

/**
 * ReLU's backward in one pass over contiguous floating operands: the gradient where the output is not 0, else
 * +0.0 (PyTorch's threshold_backward, a select: a negative, infinite or NaN gradient stops there), without the
 * mask tensors of the composite ({@code Derivatives}' rule gives the same bits). The composite's mask went
 * through the generic comparison loop, ~13% of the Digits example's training samples; this is one loop and no
 * allocation.
 */
final class ReluKernels {
    private ReluKernels() {
    }

    /**
     * ReLU's gradient {@code gradInput = output != 0 ? grad : +0.0}; all three contiguous and of one floating
     * dtype, else false (nothing written).
     */
    static boolean reluBackward(int[] shape, Strided grad, Strided output, Strided gradInput) {
        return OutputBackward.run(shape, grad, output, gradInput, ReluKernels::reluBackwardRow);
    }

    private static void reluBackwardRow(CpuBuffer g, int go, CpuBuffer y, int yo, CpuBuffer o, int oo, int n) {
        if (g.f != null) {
            float[] gf = g.f;
            float[] yf = y.f;
            float[] of = o.f;
            for (int i = 0; i < n; i++) {
                of[oo + i] = yf[yo + i] != 0.0f ? gf[go + i] : 0.0f;
            }
        } else {
            double[] gd = g.d;
            double[] yd = y.d;
            double[] od = o.d;
            for (int i = 0; i < n; i++) {
                od[oo + i] = yd[yo + i] != 0.0 ? gd[go + i] : 0.0;
            }
        }
    }
}

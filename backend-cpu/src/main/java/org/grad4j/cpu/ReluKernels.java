package org.grad4j.cpu;

import org.grad4j.spi.Strided;

/**
 * ReLU's backward {@code grad * (output != 0)} in one pass over contiguous floating operands, without the 0/1
 * mask tensor the composite makes ({@code NE} then {@code MUL}): the same products, so the same bits. The
 * composite's mask went through the generic per-element comparison loop, ~13% of the Digits example's
 * training samples; this is one loop and no allocation.
 */
final class ReluKernels {
    private ReluKernels() {
    }

    /**
     * ReLU's gradient {@code gradInput = grad * (output != 0 ? 1 : 0)}, the bits of {@code MUL(grad, NE(output, 0))}
     * (so {@code -0.0} for a negative gradient where the output is 0, NaN for an infinite one, as that product);
     * all three contiguous and of one floating dtype, else false (nothing written).
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
                of[oo + i] = gf[go + i] * (yf[yo + i] != 0.0f ? 1.0f : 0.0f);
            }
        } else {
            double[] gd = g.d;
            double[] yd = y.d;
            double[] od = o.d;
            for (int i = 0; i < n; i++) {
                od[oo + i] = gd[go + i] * (yd[yo + i] != 0.0 ? 1.0 : 0.0);
            }
        }
    }
}

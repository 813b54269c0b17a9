package org.grad4j.cpu;

import org.grad4j.spi.Strided;

/**
 * Tanh's backward {@code grad * (1 - output * output)} in one pass over contiguous floating operands, as PyTorch's
 * CPU kernel rounds it: {@code 1 - output * output} is one fused multiply-add there (its compiler contracts the
 * vectorised expression), then the product with {@code grad}. It also saves the two temporaries of the composite
 * ({@code MUL}, {@code RSUB}, {@code MUL}, which create_graph still uses and rounds three times): a small model's
 * tanh layer (RoundHarness's 1-32-1 MLP) paid two tensors and two backend calls per step for them.
 */
final class TanhKernels {
    private TanhKernels() {
    }

    /**
     * Tanh's gradient {@code gradInput = grad * fma(-output, output, 1)}, PyTorch's bits; all three contiguous and of
     * one floating dtype, else false (nothing written).
     */
    static boolean tanhBackward(int[] shape, Strided grad, Strided output, Strided gradInput) {
        return OutputBackward.run(shape, grad, output, gradInput, TanhKernels::row);
    }

    private static void row(CpuBuffer g, int go, CpuBuffer y, int yo, CpuBuffer o, int oo, int n) {
        if (g.f != null) {
            float[] gf = g.f;
            float[] yf = y.f;
            float[] of = o.f;
            for (int i = 0; i < n; i++) {
                float v = yf[yo + i];
                of[oo + i] = gf[go + i] * Math.fma(-v, v, 1.0f);
            }
        } else {
            double[] gd = g.d;
            double[] yd = y.d;
            double[] od = o.d;
            for (int i = 0; i < n; i++) {
                double v = yd[yo + i];
                od[oo + i] = gd[go + i] * Math.fma(-v, v, 1.0);
            }
        }
    }
}

package org.grad4j.cpu;

import org.grad4j.spi.Strided;

/**
 * Tanh's backward {@code grad * (1 - output * output)} (and SiLU's, from the input) in one pass over contiguous floating operands, as PyTorch's
 * CPU kernel rounds it: {@code 1 - output * output} is one fused multiply-add there (its compiler contracts the
 * vectorised expression), then the product with {@code grad}. It also saves the two temporaries of the composite
 * ({@code MUL}, {@code RSUB}, {@code MUL}, which create_graph still uses and rounds three times): a small model's
 * tanh layer (RoundHarness's 1-32-1 MLP) paid two tensors and two backend calls per step for them.
 */
final class TanhKernels {
    private TanhKernels() {
    }

    /**
     * SiLU's gradient {@code (grad * s) * fma(x, 1 - s, 1)}, {@code s} the sigmoid of the input with PyTorch's exp:
     * PyTorch's bits (its compiler fuses {@code 1 + x * (1 - s)}); contiguous operands of one floating dtype, else
     * false (nothing written).
     */
    static boolean siluBackward(int[] shape, Strided grad, Strided input, Strided gradInput) {
        return OutputBackward.run(shape, grad, input, gradInput, TanhKernels::siluRow);
    }

    private static void siluRow(CpuBuffer g, int go, CpuBuffer x, int xo, CpuBuffer o, int oo, int n) {
        if (g.f != null) {
            for (int i = 0; i < n; i++) {
                float v = x.f[xo + i];
                float s = 1f / (1f + FastMath.exp(-v));
                o.f[oo + i] = (g.f[go + i] * s) * Math.fma(v, 1f - s, 1f);
            }
        } else {
            for (int i = 0; i < n; i++) {
                double v = x.d[xo + i];
                double s = 1.0 / (1.0 + FastMath.exp(-v));
                o.d[oo + i] = (g.d[go + i] * s) * Math.fma(v, 1.0 - s, 1.0);
            }
        }
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

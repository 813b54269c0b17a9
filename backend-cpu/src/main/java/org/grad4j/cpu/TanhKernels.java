package org.grad4j.cpu;

import org.grad4j.spi.Strided;

/**
 * Tanh's backward {@code grad * (1 - output * output)} in one pass over contiguous floating operands, without
 * the two temporaries the composite makes ({@code MUL}, {@code RSUB}, then {@code MUL}): the same three
 * operations in the same order, each rounded to the dtype (float arithmetic for float32 rounds + - * as the
 * composite's kernels do), so the same bits. A small model's tanh layer (RoundHarness's 1-32-1 MLP) paid two
 * tensors and two backend calls per step for them.
 */
final class TanhKernels {
    private TanhKernels() {
    }

    /**
     * Tanh's gradient {@code gradInput = grad * (1 - output * output)}, the bits of
     * {@code MUL(grad, RSUB(MUL(output, output), 1))}; all three contiguous and of one floating dtype, else
     * false (nothing written).
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
                of[oo + i] = gf[go + i] * (1.0f - v * v);
            }
        } else {
            double[] gd = g.d;
            double[] yd = y.d;
            double[] od = o.d;
            for (int i = 0; i < n; i++) {
                double v = yd[yo + i];
                od[oo + i] = gd[go + i] * (1.0 - v * v);
            }
        }
    }
}

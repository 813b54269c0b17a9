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

    /** Elements per piece of a split loop, as {@link CpuBackend}'s. */
    private static final int GRAIN = Workers.PARALLEL_MIN / 4;

    /**
     * Tanh's gradient {@code gradInput = grad * (1 - output * output)}, the bits of
     * {@code MUL(grad, RSUB(MUL(output, output), 1))}; all three contiguous and of one floating dtype, else
     * false (nothing written).
     */
    static boolean tanhBackward(int[] shape, Strided grad, Strided output, Strided gradInput) {
        CpuBuffer g = CpuBackend.buf(grad.buffer());
        CpuBuffer y = CpuBackend.buf(output.buffer());
        CpuBuffer o = CpuBackend.buf(gradInput.buffer());
        boolean f32 = g.f != null && y.f != null && o.f != null;
        boolean f64 = g.d != null && y.d != null && o.d != null;
        if (!(f32 || f64) || Loops.flatStride(shape, grad.strides()) != 1 || Loops.flatStride(shape, output.strides()) != 1
                || Loops.flatStride(shape, gradInput.strides()) != 1) {
            return false;
        }
        int n = Loops.numel(shape);
        int go = grad.offset();
        int yo = output.offset();
        int oo = gradInput.offset();
        if (!Workers.splits(n)) {
            row(g, go, y, yo, o, oo, n);
        } else {
            Workers.forRange(n, GRAIN, (from, to) -> row(g, go + from, y, yo + from, o, oo + from, to - from));
        }
        return true;
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

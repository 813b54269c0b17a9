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

    /** Elements per piece of a split loop, as {@link CpuBackend}'s. */
    private static final int GRAIN = Workers.PARALLEL_MIN / 4;

    /**
     * ReLU's gradient {@code gradInput = grad * (output != 0 ? 1 : 0)}, the bits of {@code MUL(grad, NE(output, 0))}
     * (so {@code -0.0} for a negative gradient where the output is 0, NaN for an infinite one, as that product);
     * all three contiguous and of one floating dtype, else false (nothing written).
     */
    static boolean reluBackward(int[] shape, Strided grad, Strided output, Strided gradInput) {
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
            reluBackwardRow(g, go, y, yo, o, oo, n);
        } else {
            Workers.forRange(n, GRAIN, (from, to) -> reluBackwardRow(g, go + from, y, yo + from, o, oo + from, to - from));
        }
        return true;
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

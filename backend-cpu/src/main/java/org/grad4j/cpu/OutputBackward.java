package org.grad4j.cpu;

import org.grad4j.spi.Strided;

/**
 * The shared frame of the activation backwards computed from the forward's output ({@link ReluKernels},
 * {@link TanhKernels}): the operand check (all three contiguous, one floating dtype) and the split over the
 * workers; each kernel brings its one loop.
 */
final class OutputBackward {
    private OutputBackward() {
    }

    /** Elements per piece of a split loop, as {@link CpuBackend}'s. */
    private static final int GRAIN = Workers.PARALLEL_MIN / 4;

    /** One kernel's loop over {@code n} elements of grad, output and gradInput from the given offsets. */
    interface Pass {
        void run(CpuBuffer grad, int go, CpuBuffer output, int yo, CpuBuffer gradInput, int oo, int n);
    }

    /**
     * Runs {@code pass} over the whole of three contiguous operands of one floating dtype, split over the
     * workers when large; false (nothing written) for any other operands.
     */
    static boolean run(int[] shape, Strided grad, Strided output, Strided gradInput, Pass pass) {
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
            pass.run(g, go, y, yo, o, oo, n);
        } else {
            Workers.forRange(n, GRAIN, (from, to) -> pass.run(g, go + from, y, yo + from, o, oo + from, to - from));
        }
        return true;
    }
}

package org.grad4j.cpu;

import org.grad4j.spi.Buffer;
import org.grad4j.spi.FusedKernels;
import org.grad4j.spi.Strided;

/** The CPU's fused kernels: each one pass over contiguous operands, declining (false) otherwise. */
final class CpuFused implements FusedKernels {
    static final CpuFused INSTANCE = new CpuFused();

    private CpuFused() {
    }

    /** No squared temporary; the same bits as squaring, then summing in PyTorch's order. */
    @Override
    public boolean sumOfSquares(int[] shape, Strided in, Buffer out) {
        if (Loops.flatStride(shape, in.strides()) != 1 || !in.buffer().dtype().isFloatingPoint()) {
            return false;
        }
        CpuBackend.buf(out).set(0, TorchSum.sumContiguous(CpuBackend.buf(in.buffer()), in.offset(), Loops.numel(shape), true));
        return true;
    }

    /** Contiguous operands of one dtype at one offset; see {@link OptimKernels}. */
    @Override
    public boolean adamStep(int[] shape, Strided param, Strided grad, Strided expAvg, Strided expAvgSq,
            Strided maxExpAvgSq, double beta1, double beta2, double eps, double lr, double weightDecay,
            boolean decoupled, boolean maximize, double stepSize, double biasCorrection2Sqrt) {
        return OptimKernels.adam(shape, param, grad, expAvg, expAvgSq, maxExpAvgSq, beta1, beta2, eps, lr,
                weightDecay, decoupled, maximize, stepSize, biasCorrection2Sqrt);
    }

    /** A contiguous int64 operand; see {@link IndexKernels#allInRange}. */
    @Override
    public int allInRange(int[] shape, Strided in, long size) {
        CpuBuffer b = CpuBackend.buf(in.buffer());
        if (b.l == null || Loops.flatStride(shape, in.strides()) != 1) {
            return -1;
        }
        return IndexKernels.allInRange(b.l, in.offset(), Loops.numel(shape), size) ? 1 : 0;
    }

    /** Contiguous operands of one dtype at one offset; see {@link OptimKernels}. */
    @Override
    public boolean sgdStep(int[] shape, Strided param, Strided grad, Strided momentumBuffer, double lr,
            double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize) {
        return OptimKernels.sgd(shape, param, grad, momentumBuffer, lr, momentum, dampening, weightDecay, nesterov,
                maximize);
    }

    /** Contiguous operands of one dtype at one offset; see {@link OptimKernels}. */
    @Override
    public boolean rmspropStep(int[] shape, Strided param, Strided grad, Strided squareAvg, Strided gradAvg,
            Strided momentumBuffer, double lr, double alpha, double eps, double weightDecay, double momentum,
            boolean maximize) {
        return OptimKernels.rmsprop(shape, param, grad, squareAvg, gradAvg, momentumBuffer, lr, alpha, eps,
                weightDecay, momentum, maximize);
    }

    /** Contiguous operands of one dtype at one offset; see {@link OptimKernels}. */
    @Override
    public boolean adagradStep(int[] shape, Strided param, Strided grad, Strided sum, double clr, double eps,
            double weightDecay, boolean maximize) {
        return OptimKernels.adagrad(shape, param, grad, sum, clr, eps, weightDecay, maximize);
    }
}

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

    /** Contiguous operands of one floating dtype, small enough for one thread; see {@link MseKernels}. */
    @Override
    public boolean mseLoss(int[] shape, Strided a, Strided b, double divisor, Buffer out) {
        return MseKernels.loss(shape, a, b, divisor, out);
    }

    /** Contiguous operands (the gradient may be one element), small enough for one thread; see {@link MseKernels}. */
    @Override
    public boolean mseLossBackward(int[] shape, Strided a, Strided b, double norm, Strided grad, Strided out) {
        return MseKernels.backward(shape, a, b, norm, grad, out);
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

    /** Every layout: the check is one compare per index read; see {@link IndexKernels#gather}. */
    @Override
    public int gatherInRange(int[] shape, Strided src, int srcDimStride, Strided index, Strided out, long size) {
        return IndexKernels.gather(shape, src, srcDimStride, index, out, size) ? 1 : 0;
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

    /** Contiguous operands of one floating dtype only (core makes them so); see {@link SoftmaxKernels}. */
    @Override
    public boolean softmax(int[] shape, int dim, boolean log, Strided in, Strided out) {
        if (!softmaxOperands(shape, dim, in, out, out)) {
            return false;
        }
        int[] s = outerSizeInner(shape, dim);
        SoftmaxKernels.forward(CpuBackend.buf(in.buffer()), in.offset(), CpuBackend.buf(out.buffer()), out.offset(),
                s[0], s[1], s[2], log);
        return true;
    }

    @Override
    public boolean softmaxBackward(int[] shape, int dim, boolean log, Strided grad, Strided output,
            Strided gradInput) {
        if (!softmaxOperands(shape, dim, grad, output, gradInput)) {
            return false;
        }
        int[] s = outerSizeInner(shape, dim);
        SoftmaxKernels.backward(CpuBackend.buf(grad.buffer()), grad.offset(), CpuBackend.buf(output.buffer()),
                output.offset(), CpuBackend.buf(gradInput.buffer()), gradInput.offset(), s[0], s[1], s[2], log);
        return true;
    }

    /** Contiguous operands of one floating dtype; see {@link ReluKernels#reluBackward}. */
    @Override
    public boolean reluBackward(int[] shape, Strided grad, Strided output, Strided gradInput) {
        return ReluKernels.reluBackward(shape, grad, output, gradInput);
    }

    /** An int64 target, values of the contiguous destination's dtype; see {@link NllKernels}. */
    @Override
    public boolean nllLossBackward(int rows, int classes, Strided target, Strided values, Strided gradInput) {
        return NllKernels.backward(rows, classes, target, values, gradInput);
    }

    /** As {@link #nllLossBackward} then {@link #softmaxBackward}, in one pass; see {@link NllKernels}. */
    @Override
    public boolean nllLogSoftmaxBackward(int rows, int classes, Strided target, Strided values, Strided output,
            Strided gradInput) {
        return NllKernels.logSoftmaxBackward(rows, classes, target, values, output, gradInput);
    }

    /** Contiguous operands of one floating dtype; see {@link TanhKernels#tanhBackward}. */
    @Override
    public boolean tanhBackward(int[] shape, Strided grad, Strided output, Strided gradInput) {
        return TanhKernels.tanhBackward(shape, grad, output, gradInput);
    }

    /** Contiguous operands of one floating dtype; see {@link TanhKernels#siluBackward}. */
    @Override
    public boolean siluBackward(int[] shape, Strided grad, Strided input, Strided gradInput) {
        return TanhKernels.siluBackward(shape, grad, input, gradInput);
    }

    private static boolean softmaxOperands(int[] shape, int dim, Strided a, Strided b, Strided c) {
        if (shape.length == 0 || dim < 0 || dim >= shape.length || Loops.numel(shape) == 0) {
            return false;
        }
        var dtype = a.buffer().dtype();
        return dtype.isFloatingPoint() && b.buffer().dtype() == dtype && c.buffer().dtype() == dtype
                && Loops.flatStride(shape, a.strides()) == 1 && Loops.flatStride(shape, b.strides()) == 1
                && Loops.flatStride(shape, c.strides()) == 1;
    }

    /** {@code [prod(shape[..dim)), shape[dim], prod(shape(dim..])]}. */
    static int[] outerSizeInner(int[] shape, int dim) {
        int outer = 1;
        int inner = 1;
        for (int d = 0; d < dim; d++) {
            outer *= shape[d];
        }
        for (int d = dim + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        return new int[] {outer, shape[dim], inner};
    }
}

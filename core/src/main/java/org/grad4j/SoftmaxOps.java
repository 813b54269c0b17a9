package org.grad4j;

import org.grad4j.autograd.GradMode;
import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.FusedKernels;

/**
 * softmax, log_softmax and logsumexp: stable forms (the maximum subtracted before {@code exp}) with PyTorch's
 * backward formulas and grad_fn names. The forward runs without recording, the op records one node.
 * Where the backend has them ({@link FusedKernels#softmax}, {@code softmaxBackward}), the forward and the
 * first-order backward are one kernel each (the CPU's give PyTorch's bits over any dim: VectorMathConformance,
 * Softmax2Conformance); otherwise the composite below runs. logsumexp is PyTorch's composite, op by op.
 */
final class SoftmaxOps {
    private SoftmaxOps() {
    }

    static Tensor softmax(Tensor x, int dim, boolean log) {
        String op = log ? "log_softmax" : "softmax";
        nonNull(op, x);
        DTypes.requireFloating(op, x);
        int d = Shapes.dim(op, dim, x.dim());
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            if (x.numel() == 0) {
                out = x.clone();
            } else if (x.dim() == 0) {
                // a 0-d softmax is over one element: PyTorch's x - max gives +0.0 (NaN for inf and NaN)
                out = log ? x.sub(x) : x.sub(x).add(1.0);
            } else {
                out = fused(x, d, log);
                if (out == null) {
                    Tensor shifted = x.sub(PrimitiveReductions.amax(op, x, new int[] {d}));
                    Tensor exps = shifted.exp();
                    Tensor sums = exps.sum(new int[] {d}, true);
                    out = log ? shifted.sub(sums.log()) : exps.div(sums);
                }
            }
        }
        if (Tensor.needsGrad(x)) {
            Tensor.record(out, new SoftmaxNode(x, out, d, log));
        }
        return out;
    }

    static Tensor logsumexp(Tensor x0, int[] dims, boolean keepdim) {
        nonNull("logsumexp", x0);
        // PyTorch 1.13 takes the logsumexp of integers and bools in the default dtype.
        Tensor x = x0.dtype.isFloatingPoint() ? x0 : x0.to(Tensor.defaultDType());
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            if (x.numel() == 0) {
                out = x.exp().sum(dims, keepdim).log();   // log(0) = -inf, as PyTorch
            } else {
                // PyTorch 1.13's composite to the bit: amax, exp(x - max), at::sum's order (sum's), log, + max.
                // PyTorch zeroes infinite maxima so that inf - inf never happens; clamping them to the largest
                // finite value gives the same results (-inf for a row of -inf, +inf for a row holding +inf).
                // No fused kernel: a one-pass row sum would not be at::sum's cascade.
                double largest = x.dtype == DType.FLOAT32 ? Float.MAX_VALUE : Double.MAX_VALUE;
                Tensor max = PrimitiveReductions.amax("logsumexp", x, dims);
                max = Pointwise.scalar(BinaryOp.MAXIMUM, "logsumexp", max, -largest, false);
                max = Pointwise.scalar(BinaryOp.MINIMUM, "logsumexp", max, largest, false);
                Tensor sum = x.sub(max).exp().sum(dims, true).log().add(max);
                out = keepdim ? sum : sum.reshape(PrimitiveReductions.droppedShape("logsumexp", x, dims));
            }
        }
        if (Tensor.needsGrad(x)) {
            Tensor.record(out, new LogsumexpNode(x, out, dims, keepdim));
        }
        return out;
    }

    /** The backend's one-pass kernel on a contiguous copy of {@code x}, or null where it has none. */
    private static Tensor fused(Tensor x, int d, boolean log) {
        if (x.storage.backend.fused() == FusedKernels.NONE) {
            return null;
        }
        Tensor xc = x.contiguous();
        Tensor out = Tensor.empty(x.shape, x.dtype, x.storage.backend);
        boolean done = x.storage.backend.fused().softmax(x.shape, d, log, xc.strided(), out.strided());
        releaseCopy(xc, x);
        if (done) {
            return out;
        }
        out.storage.release();
        return null;
    }

    /** The fused backward of {@link #fused}, or null where the backend has none. */
    private static Tensor fusedBackward(Tensor g, Tensor y, int d, boolean log) {
        if (y.storage.backend.fused() == FusedKernels.NONE) {
            return null;
        }
        Tensor gc = g.contiguous();
        Tensor yc = y.contiguous();
        Tensor gx = Tensor.empty(y.shape, y.dtype, y.storage.backend);
        boolean done = g.dtype == y.dtype && g.storage.backend == y.storage.backend
                && y.storage.backend.fused().softmaxBackward(y.shape, d, log, gc.strided(), yc.strided(), gx.strided());
        releaseCopy(gc, g);
        releaseCopy(yc, y);
        if (done) {
            return gx;
        }
        gx.storage.release();
        return null;
    }

    /** Frees a contiguous copy made only for a kernel call (its array goes back to the backend's cache). */
    private static void releaseCopy(Tensor copy, Tensor original) {
        if (copy != original) {
            copy.storage.release();
        }
    }

    private static void nonNull(String op, Tensor x) {
        if (x == null) {
            throw new IllegalArgumentException(op + ": expected a tensor, got null");
        }
    }

    /** softmax: {@code y (g - sum(g y))}; log_softmax: {@code g - exp(y) sum(g)}, over the softmax dim. */
    static final class SoftmaxNode extends Node {
        private final int dim;
        private final boolean log;

        SoftmaxNode(Tensor in, Tensor out, int dim, boolean log) {
            super(in);
            this.dim = dim;
            this.log = log;
            save(out.detach());
        }

        @Override
        public String name() {
            return log ? "LogSoftmaxBackward0" : "SoftmaxBackward0";
        }

        /** The softmax dim. */
        int dim() {
            return dim;
        }

        /** Whether this is log_softmax's node. */
        boolean isLog() {
            return log;
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor y = savedOutput(0);
            if (y.dim() == 0) {
                // the formulas below over one element: g - g y is +0.0, as PyTorch's, where g * 0 is -0.0 for g < 0
                return new Tensor[] {log ? g.sub(g.mul(y.exp())) : y.mul(g.sub(g.mul(y)))};
            }
            if (!GradMode.isEnabled() && y.numel() > 0) {   // create_graph needs the differentiable composite
                Tensor gx = fusedBackward(g, y, dim, log);
                if (gx != null) {
                    return new Tensor[] {gx};
                }
            }
            int[] d = {dim};
            Tensor gx = log ? g.sub(y.exp().mul(g.sum(d, true))) : y.mul(g.sub(g.mul(y).sum(d, true)));
            return new Tensor[] {gx};
        }

        /** PyTorch's {@code _softmax_backward_data} / {@code _log_softmax_backward_data} as recorded ops. */
        @Override
        Tensor[] backwardWithGraph(Tensor g) {
            Tensor first;
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                first = backward(g)[0];
            }
            Tensor y = savedOutput(0);
            int d = y.dim() == 0 ? 0 : dim;
            return new Tensor[] {log ? DoubleBackward.logSoftmaxBackwardData(first, g, y, d)
                    : DoubleBackward.softmaxBackwardData(first, g, y, d)};
        }
    }

    /** logsumexp: {@code g exp(x - result)}, the gradient broadcast back over the reduced dims. */
    static final class LogsumexpNode extends Node {
        private final int[] dims;
        private final boolean keepdim;

        LogsumexpNode(Tensor in, Tensor out, int[] dims, boolean keepdim) {
            super(in);
            this.dims = dims;
            this.keepdim = keepdim;
            save(in, out.detach());
        }

        @Override
        public String name() {
            return "LogsumexpBackward0";
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor x = saved(0);
            Tensor result = savedOutput(1);
            int[] kept = PrimitiveReductions.keptShape("logsumexp", x, dims);
            Tensor r = keepdim ? result : result.reshape(kept);
            Tensor gk = keepdim ? g : g.reshape(kept);
            return new Tensor[] {gk.mul(x.sub(r).exp())};
        }
    }
}

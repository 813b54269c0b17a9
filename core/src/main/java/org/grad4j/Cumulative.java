package org.grad4j;

import java.util.ArrayList;
import java.util.List;

import org.grad4j.autograd.GradMode;
import org.grad4j.spi.BinaryOp;

/**
 * {@code torch.cumprod}: the forward is {@link ComposedReductions#scan} (PyTorch's sequential loop with a double running
 * product, so bit-exact), the backward PyTorch 1.13's {@code cumprod_backward} step by step, written with tensor ops
 * so it runs on every backend and is itself differentiable: without zeros {@code reversed_cumsum(out * g) / x};
 * with zeros the O(n) masked form for a first-order backward, and the O(n^2) form of omitted products when the
 * backward itself records a graph ({@code createGraph}), as PyTorch switches on grad mode.
 */
final class Cumulative {
    private Cumulative() {
    }

    /** {@code torch.cumprod(t, dim)}: int64, int32, uint8 and bool give int64, as PyTorch. */
    static Tensor cumprod(Tensor t, int dim) {
        if (t == null) {
            throw new IllegalArgumentException("cumprod: expected a tensor, got null");
        }
        int d = Shapes.dim("cumprod", dim, t.dim());
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor x = t.dtype.isFloatingPoint() ? t : t.to(DType.INT64);
            out = ComposedReductions.scan(x, d, BinaryOp.MUL, false, false);
        }
        if (Tensor.needsGrad(t)) {
            Tensor.record(out, new CumprodNode(t, out, d));
        }
        return out;
    }

    /** PyTorch's {@code reversed_cumsum}: {@code w.flip(dim).cumsum(dim).flip(dim)}. */
    private static Tensor reversedCumsum(Tensor w, int dim) {
        return w.flip(dim).cumsum(dim).flip(dim);
    }

    static final class CumprodNode extends Node {
        private final int dim;

        CumprodNode(Tensor in, Tensor out, int dim) {
            super(in);
            this.dim = dim;
            save(in, out.detach());
        }

        @Override
        public String name() {
            return "CumprodBackward0";
        }

        @Override
        Tensor[] backward(Tensor g) {
            return new Tensor[] {grad(g, saved(0), savedOutput(1), dim)};
        }
    }

    static Tensor grad(Tensor g, Tensor x, Tensor out, int dim) {
        if (x.numel() <= 1 || x.shape[dim] == 1) {
            return g;
        }
        Tensor w = out.mul(g);
        Tensor isZero = x.eq(0.0);
        if (isZero.sum().itemLong() == 0) {
            return reversedCumsum(w, dim).div(x);
        }
        if (!GradMode.isEnabled()) {
            return gradWithZeros(g, x, out, w, isZero, dim);
        }
        return gradQuadratic(g, x, dim);
    }

    /**
     * The first-order form with zeros: before the first zero z1 the no-zero formula on the prefix; at z1 the sum of
     * {@code g[j] * prod(x[z1+1..j]) * out[z1-1]} up to the second zero; after z1 nothing (every product holds a zero).
     */
    private static Tensor gradWithZeros(Tensor g, Tensor x, Tensor out, Tensor w, Tensor isZero, int dim) {
        Tensor zerosSoFar = isZero.cumsum(dim);
        Tensor beforeFirst = zerosSoFar.eq(0.0);
        Tensor beforePart = reversedCumsum(w.maskedFill(beforeFirst.logicalNot(), 0.0), dim).div(x);
        Tensor inFirst = zerosSoFar.eq(1.0);
        Tensor firstZero = inFirst.logicalAnd(isZero);
        Tensor between = inFirst.logicalAnd(isZero.logicalNot());
        int n = x.shape[dim];
        Tensor prefix = Tensor.cat(List.of(Tensor.onesLike(out.narrow(dim, 0, 1)), out.narrow(dim, 0, n - 1)), dim);
        Tensor atFirst = x.maskedFill(between.logicalNot(), 1.0).cumprod(dim)
                .mul(g.maskedFill(zerosSoFar.ne(1.0), 0.0))
                .sum(new int[] {dim}, true)
                .mul(prefix);
        Tensor zero = Tensor.zerosLike(g);
        return Tensor.where(beforeFirst, beforePart, Tensor.where(firstZero, atFirst, zero));
    }

    /** grad[k] = sum over j >= k of g[j] * prod(x[..k-1]) * prod(x[k+1..j]): differentiable at zeros. */
    private static Tensor gradQuadratic(Tensor g, Tensor x, int dim) {
        int n = x.shape[dim];
        Tensor ones = Tensor.onesLike(x.narrow(dim, 0, 1));
        List<Tensor> parts = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            Tensor omitted;
            if (k == 0) {
                omitted = Tensor.cat(List.of(ones, x.narrow(dim, 1, n - 1).cumprod(dim)), dim);
            } else if (k == n - 1) {
                omitted = x.narrow(dim, 0, k).prod(dim, true);
            } else {
                Tensor until = x.narrow(dim, 0, k).prod(dim, true);
                Tensor from = x.narrow(dim, k + 1, n - k - 1).cumprod(dim);
                omitted = Tensor.cat(List.of(until, until.expand(from.shape()).mul(from)), dim);
            }
            parts.add(g.narrow(dim, k, n - k).mul(omitted).sum(new int[] {dim}, false));
        }
        return Tensor.stack(parts, dim);
    }
}

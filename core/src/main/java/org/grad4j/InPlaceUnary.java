package org.grad4j;

import java.util.Arrays;
import java.util.function.UnaryOperator;

import org.grad4j.spi.UnaryOp;

/**
 * In-place variants of out-of-place ops ({@code relu_}, {@code exp_}, {@code clamp_}, {@code masked_fill_},
 * {@code scatter_}, ...):
 * the out-of-place op computes the result (same bits, same node and grad_fn name as PyTorch's in-place op), which
 * is then written into {@code self} and, under autograd, recorded by {@link ViewInPlace#rebase} (through views too).
 */
final class InPlaceUnary {
    private InPlaceUnary() {
    }

    /**
     * Runs {@code op} in place.
     *
     * @param savesInput whether the op's backward reads its input (abs, pow, clamp), which the write overwrites: it
     *     then runs on a copy, as PyTorch saves {@code original_self}
     */
    static Tensor apply(String op, Tensor self, boolean savesInput, UnaryOperator<Tensor> f) {
        return apply(op, self, self, savesInput, f);
    }

    /**
     * {@link #apply(String, Tensor, boolean, UnaryOperator)} for an op that also reads {@code other} (recorded when
     * {@code other} requires grad, as masked_fill_'s tensor value).
     */
    static Tensor apply(String op, Tensor self, Tensor other, boolean savesInput, UnaryOperator<Tensor> f) {
        Pointwise.checkInPlace(op, self);
        if (Tensor.needsGrad(self, other)) {
            Tensor result = f.apply(savesInput ? self.clone() : self);
            DTypes.checkCast(op, result.dtype, self);
            checkFits(op, self, result);
            return Pointwise.rebaseInPlace(op, self, result);
        }
        Tensor result = f.apply(self);
        DTypes.checkCast(op, result.dtype, self);
        checkFits(op, self, result);
        self.storage.backend.unary(UnaryOp.COPY, self.shape, result.stridedAs(self.shape), self.strided());
        return self.bumpVersion();
    }

    /**
     * An in-place op writes into {@code self}, so an operand may broadcast to self's shape but not beyond it:
     * PyTorch's refusal, before anything is written.
     */
    private static void checkFits(String op, Tensor self, Tensor result) {
        int[] r = result.shape;
        int[] s = self.shape;
        boolean fits = r.length <= s.length;
        for (int i = 1; fits && i <= r.length; i++) {
            int dim = r[r.length - i];
            fits = dim == s[s.length - i] || dim == 1;
        }
        if (!fits) {
            throw new IllegalArgumentException(op + ": output with shape " + Shapes.str(s)
                    + " doesn't match the broadcast shape " + Shapes.str(r));
        }
    }

    static Tensor maskedFill(Tensor self, Tensor mask, double value) {
        checkMask(self, mask);
        return apply("masked_fill_", self, false, x -> x.maskedFill(mask, value));
    }

    static Tensor maskedFill(Tensor self, Tensor mask, Tensor value) {
        checkMask(self, mask);
        Pointwise.checkSameDevice("masked_fill_", self, value);
        return apply("masked_fill_", self, value, false, x -> x.maskedFill(mask, value));
    }

    static Tensor scatter(Tensor self, int dim, Tensor index, double value) {
        return apply("scatter_", self, false, x -> x.scatter(dim, index, value));
    }

    static Tensor scatter(Tensor self, int dim, Tensor index, Tensor src) {
        if (src == null) {
            throw new IllegalArgumentException("scatter_: expected a src tensor, got null (pass a value for a scalar)");
        }
        return apply("scatter_", self, src, false, x -> x.scatter(dim, index, src));
    }

    private static void checkMask(Tensor self, Tensor mask) {
        Pointwise.checkSameDevice("masked_fill_", self, mask);
        int[] shape = Shapes.broadcast("masked_fill_", self.shape, mask.shape);
        if (!Arrays.equals(shape, self.shape)) {
            throw new IllegalArgumentException("masked_fill_: output with shape " + Shapes.str(self.shape)
                    + " doesn't match the broadcast shape " + Shapes.str(shape) + " (mask has shape "
                    + Shapes.str(mask.shape) + ")");
        }
        InPlace.checkNoPartialOverlap("masked_fill_", self, mask);
    }
}

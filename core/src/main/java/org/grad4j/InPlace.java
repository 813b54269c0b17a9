package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;

/**
 * The checks every in-place write makes on the tensor written to, beyond the leaf rule: one place,
 * called by {@code Pointwise.checkInPlace}, so a new in-place op cannot forget them.
 */
final class InPlace {
    private InPlace() {
    }

    static void checkWritable(String op, Tensor self) {
        if (hasInternalOverlap(self)) {
            throw new IllegalArgumentException(op + ": unsupported operation: more than one element of the written-to "
                    + "tensor refers to a single memory location (shape " + Shapes.str(self.shape) + ", stride "
                    + Arrays.toString(self.strides) + "). Please clone() the tensor before performing the operation.");
        }
        if (self.isNoGradView() && GradMode.isEnabled()) {
            throw new IllegalStateException(op + ": a view was created in no_grad mode and is being modified inplace "
                    + "with grad mode enabled (shape " + Shapes.str(self.shape) + "). Given that this use case is "
                    + "ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and "
                    + "the inplace either both inside the GradMode.noGrad() block (if you don't want the inplace to be "
                    + "tracked) or both outside (if you want the inplace to be tracked).");
        }
    }

    /**
     * Refuses an in-place op whose input shares memory with the tensor written to, other than being
     * that very view (a.add_(a) is fine; a.add_(a.t()) or a.add_(a[0]) would read elements already
     * overwritten). PyTorch refuses these too.
     */
    static void checkNoPartialOverlap(String op, Tensor self, Tensor other) {
        if (other == null || other.storage != self.storage || Shapes.numel(self.shape) == 0
                || Shapes.numel(other.shape) == 0) {
            return;
        }
        if (other.offset == self.offset && sameOrder(self, Shapes.broadcastStrides(other.shape, other.strides, self.shape))) {
            return;   // the same elements in the same order: each is read before it is written
        }
        long[] a = span(self);
        long[] b = span(other);
        if (a[0] <= b[1] && b[0] <= a[1]) {
            throw new IllegalArgumentException(op + ": unsupported operation: some elements of the input tensor (shape "
                    + Shapes.str(other.shape) + ") and the written-to tensor (shape " + Shapes.str(self.shape)
                    + ") refer to a single memory location. Please clone() the tensor before performing the operation.");
        }
    }

    /** Whether {@code strides} (of the input, broadcast to self's shape) walk self's elements in self's order. */
    private static boolean sameOrder(Tensor self, int[] strides) {
        if (strides.length != self.shape.length) {
            return false;
        }
        for (int d = 0; d < strides.length; d++) {
            if (self.shape[d] > 1 && strides[d] != self.strides[d]) {
                return false;
            }
        }
        return true;
    }

    /** The first and last storage element {@code t} addresses. */
    private static long[] span(Tensor t) {
        long lo = t.offset;
        long hi = t.offset;
        for (int d = 0; d < t.shape.length; d++) {
            long reach = (long) (t.shape[d] - 1) * t.strides[d];
            if (reach < 0) {
                lo += reach;
            } else {
                hi += reach;
            }
        }
        return new long[] {lo, hi};
    }

    /**
     * Whether two indices of {@code t} address one memory location. grad4j's views make such
     * tensors only by broadcasting (expand, stride 0 over a size above 1); PyTorch refuses writes to them.
     */
    static boolean hasInternalOverlap(Tensor t) {
        if (Shapes.numel(t.shape) <= 1) {
            return false;
        }
        for (int d = 0; d < t.shape.length; d++) {
            if (t.strides[d] == 0 && t.shape[d] > 1) {
                return true;
            }
        }
        return false;
    }
}

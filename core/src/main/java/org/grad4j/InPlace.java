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
     * overwritten). PyTorch refuses these too, and only these: where either tensor is not dense (a column of a
     * matrix, a strided slice), it cannot tell cheaply and lets the op run (y[:, 0].add_(y[:, 1]) is fine).
     */
    static void checkNoPartialOverlap(String op, Tensor self, Tensor other) {
        if (other == null || !other.storage.sameMemory(self.storage) || Shapes.numel(self.shape) == 0
                || Shapes.numel(other.shape) == 0) {
            return;
        }
        if (other.offset == self.offset && sameOrder(self, Shapes.broadcastStrides(other.shape, other.strides, self.shape))) {
            return;   // the same elements in the same order: each is read before it is written
        }
        if (!isNonOverlappingAndDense(self) || !isNonOverlappingAndDense(other)) {
            return;   // PyTorch's "too hard" answer: no refusal
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

    /** PyTorch's is_non_overlapping_and_dense: some order of the dimensions makes the strides contiguous. */
    private static boolean isNonOverlappingAndDense(Tensor t) {
        int r = t.shape.length;
        if (r == 1) {
            return t.shape[0] < 2 || t.strides[0] == 1;
        }
        Integer[] perm = new Integer[r];
        for (int i = 0; i < r; i++) {
            perm[i] = i;
        }
        // by stride, the dimensions of size 0 and 1 last (a stable sort, as the order among ties does not matter)
        Arrays.sort(perm, (x, y) -> {
            boolean sx = t.shape[x] < 2;
            boolean sy = t.shape[y] < 2;
            return sx != sy ? (sx ? 1 : -1) : sx ? 0 : Integer.compare(t.strides[x], t.strides[y]);
        });
        long required = 1;
        for (int i = 0; i < r; i++) {
            int size = t.shape[perm[i]];
            if (size < 2) {
                return true;
            }
            if (t.strides[perm[i]] != required) {
                return false;
            }
            required *= size;
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

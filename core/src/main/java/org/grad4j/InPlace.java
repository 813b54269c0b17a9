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

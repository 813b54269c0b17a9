package org.grad4j;

import java.util.Arrays;

/**
 * PyTorch's {@code addcmul_} and {@code addcdiv_} with the rounding of its CPU kernels, measured against
 * PyTorch 1.13 (float32 and float64, vectorised body and scalar tail alike):
 * {@code addcmul_} is {@code fma(value*t1, t2, self)} (the product {@code value*t1} rounded, then one
 * fused multiply-add), {@code addcdiv_} is {@code self + (value*t1)/t2} with three roundings. The scalar
 * {@code value} is rounded to the tensor's dtype first, as PyTorch does.
 */
final class PointwiseFused {
    private PointwiseFused() {
    }

    static Tensor addcmul(Tensor self, Tensor t1, Tensor t2, double value) {
        check("addcmul_", self, t1, t2);
        if (!self.dtype().isFloatingPoint()) {
            if (self.dtype() == DType.BOOL) {
                throw new IllegalArgumentException("addcmul_: \"addcmul_cpu_out\" not implemented for 'Bool'");
            }
            // integers: exact in any order (wrapping as PyTorch's kernel); value truncated to an integer, as there
            return self.add_(t1.mul(t2).mul((long) value));
        }
        if (Tensor.needsGrad(self, t1, t2)) {
            // Differentiable composition (two roundings more than the fused kernel).
            return self.add_(t1.mul(value).mul(t2));
        }
        Tensor a = t1.to(self.dtype());
        if (value != 1.0) {
            a = a.mul(value);
        }
        Tensor b = t2.to(self.dtype());
        self.backend().fma(self.shape(), a.stridedAs(self.shape()), b.stridedAs(self.shape()), self.strided());
        return self.bumpVersion();
    }

    static Tensor addcdiv(Tensor self, Tensor t1, Tensor t2, double value) {
        check("addcdiv_", self, t1, t2);
        if (!t1.dtype().isFloatingPoint() && !t2.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("addcdiv_: Integer division with addcdiv is no longer supported, and in a "
                    + "future  release addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv "
                    + "behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) "
                    + "for integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future "
                    + "addcdiv behavior is just the latter implementation: (input + value * tensor1 / tensor2), for all "
                    + "dtypes. (tensor1 " + t1.dtype().torchName() + ", tensor2 " + t2.dtype().torchName() + ")");
        }
        Tensor a = t1.to(self.dtype());
        if (value != 1.0) {
            a = a.mul(value);
        }
        return self.add_(a.div(t2.to(self.dtype())));
    }

    private static void check(String op, Tensor self, Tensor t1, Tensor t2) {
        if (t1 == null || t2 == null) {
            throw new IllegalArgumentException(op + ": expected two tensors, got " + (t1 == null ? "null" : "a tensor")
                    + " and " + (t2 == null ? "null" : "a tensor"));
        }
        Pointwise.checkInPlace(op, self);
        Pointwise.checkSameDevice(op, self, t1);
        Pointwise.checkSameDevice(op, self, t2);
        DTypes.checkCast(op, DTypes.promote(self.dtype(), DTypes.promote(t1.dtype(), t2.dtype())), self);
        int[] shape = Shapes.broadcast(op, Shapes.broadcast(op, self.shape(), t1.shape()), t2.shape());
        if (!Arrays.equals(shape, self.shape())) {
            throw new IllegalArgumentException(op + ": output with shape " + Shapes.str(self.shape())
                    + " doesn't match the broadcast shape " + Shapes.str(shape) + " (tensor1 " + Shapes.str(t1.shape())
                    + ", tensor2 " + Shapes.str(t2.shape()) + ")");
        }
    }
}

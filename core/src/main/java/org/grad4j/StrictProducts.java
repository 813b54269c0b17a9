package org.grad4j;

import org.grad4j.autograd.GradMode;

/**
 * PyTorch's fixed-rank products ({@code mm}, {@code bmm}, {@code dot}, {@code mv}, {@code outer}) and closeness
 * tests ({@code isclose}, {@code allclose}, {@code equal}). The products check ranks strictly, as PyTorch does,
 * then run {@link Products}' GEMM paths, so their bits are {@code matmul}'s (PyTorch's matmul dispatches to these).
 */
final class StrictProducts {
    private StrictProducts() {
    }

    private static IllegalArgumentException rank(String op, String what, Tensor a, Tensor b) {
        return new IllegalArgumentException(op + ": " + what + ", but got shapes " + Shapes.str(a.shape) + " and "
                + Shapes.str(b.shape));
    }

    /** The checks of every product: a tensor, one device, one dtype, and a dtype with a GEMM kernel. */
    private static boolean checkDTypes(String op, Tensor a, Tensor b) {
        Pointwise.checkSameDevice(op, a, b);
        if (a.dtype != b.dtype) {
            throw new IllegalArgumentException(op + ": expected both operands to have the same dtype, but found "
                    + DTypes.typeName(a.dtype) + " and " + DTypes.typeName(b.dtype) + " (shapes " + Shapes.str(a.shape)
                    + " and " + Shapes.str(b.shape) + "); convert one with to(DType)");
        }
        if (a.dtype == DType.BOOL) {
            throw new IllegalArgumentException(op + ": not implemented for 'Bool' (shapes " + Shapes.str(a.shape)
                    + " and " + Shapes.str(b.shape) + "); convert both with toLong() or toFloat()");
        }
        return DTypes.isInteger(a.dtype);
    }

    static Tensor mm(Tensor a, Tensor b) {
        Pointwise.checkSameDevice("mm", a, b);
        if (a.dim() != 2 || b.dim() != 2) {
            throw rank("mm", (a.dim() != 2 ? "self" : "mat2") + " must be a matrix (2-D)", a, b);
        }
        if (a.shape[1] != b.shape[0]) {
            throw new IllegalArgumentException("mm: mat1 and mat2 shapes cannot be multiplied (" + a.shape[0] + "x"
                    + a.shape[1] + " and " + b.shape[0] + "x" + b.shape[1] + ")");
        }
        return checkDTypes("mm", a, b) ? DTypes.integerMatmul(a, b) : Products.mm(a, b);
    }

    static Tensor bmm(Tensor a, Tensor b) {
        Pointwise.checkSameDevice("bmm", a, b);
        if (a.dim() != 3 || b.dim() != 3) {
            throw rank("bmm", (a.dim() != 3 ? "batch1" : "batch2") + " must be a 3D tensor", a, b);
        }
        if (a.shape[0] != b.shape[0] || a.shape[2] != b.shape[1]) {
            throw new IllegalArgumentException("bmm: expected size for first two dimensions of batch2 tensor to be: ["
                    + a.shape[0] + ", " + a.shape[2] + "] but got: [" + b.shape[0] + ", " + b.shape[1] + "] (shapes "
                    + Shapes.str(a.shape) + " and " + Shapes.str(b.shape) + ")");
        }
        return checkDTypes("bmm", a, b) ? DTypes.integerMatmul(a, b) : Products.mm(a, b);
    }

    static Tensor dot(Tensor a, Tensor b) {
        Pointwise.checkSameDevice("dot", a, b);
        if (a.dim() != 1 || b.dim() != 1) {
            throw rank("dot", "1D tensors expected", a, b);
        }
        if (a.shape[0] != b.shape[0]) {
            throw new IllegalArgumentException("dot: inconsistent tensor size, expected tensors of the same number of "
                    + "elements, but got " + a.shape[0] + " and " + b.shape[0] + " elements");
        }
        return checkDTypes("dot", a, b) ? DTypes.integerMatmul(a, b) : Products.matmul(a, b);   // DotBackward0
    }

    static Tensor mv(Tensor a, Tensor v) {
        Pointwise.checkSameDevice("mv", a, v);
        if (a.dim() != 2 || v.dim() != 1) {
            throw rank("mv", "expected a matrix (2-D) and a vector (1-D)", a, v);
        }
        if (a.shape[1] != v.shape[0]) {
            throw new IllegalArgumentException("mv: size mismatch, got matrix " + a.shape[0] + "x" + a.shape[1]
                    + " and vector of " + v.shape[0] + " elements");
        }
        return checkDTypes("mv", a, v) ? DTypes.integerMatmul(a, v) : Products.matmul(a, v);   // MvBackward0
    }

    /** PyTorch's outer: {@code self.reshape(n, 1) * vec2}, so promotion and grad_fn (MulBackward0) are mul's. */
    static Tensor outer(Tensor a, Tensor b) {
        Pointwise.checkSameDevice("outer", a, b);
        if (a.dim() != 1 || b.dim() != 1) {
            throw rank("outer", "expected 1-D arguments self and vec2 (" + (a.dim() != 1 ? "self" : "vec2") + " is "
                    + (a.dim() != 1 ? a.dim() : b.dim()) + "-D)", a, b);
        }
        return a.reshape(a.shape[0], 1).mul(b);
    }

    /** PyTorch's isclose: {@code self == other}, or both finite-close: {@code |self - other| <= atol + |rtol * other|}. */
    static Tensor isclose(String op, Tensor a, Tensor b, double rtol, double atol, boolean equalNan) {
        Pointwise.checkSameDevice(op, a, b);
        if (a.dtype != b.dtype) {
            throw new IllegalArgumentException(op + ": " + DTypes.typeName(a.dtype) + " did not match "
                    + DTypes.typeName(b.dtype) + " (shapes " + Shapes.str(a.shape) + " and " + Shapes.str(b.shape)
                    + "); convert one with to(DType)");
        }
        Shapes.broadcast(op, a.shape, b.shape);   // PyTorch's broadcast error, naming this op
        if (!(rtol >= 0)) {
            throw new IllegalArgumentException(op + ": rtol must be greater than or equal to zero, but got " + rtol);
        }
        if (!(atol >= 0)) {
            throw new IllegalArgumentException(op + ": atol must be greater than or equal to zero, but got " + atol);
        }
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor close = a.eq(b);
            if (equalNan && a.dtype.isFloatingPoint()) {
                close = close.logicalOr(a.ne(a).logicalAnd(b.ne(b)));
            }
            if (rtol == 0 && atol == 0) {
                return close;
            }
            // PyTorch's order and dtypes: bool operands in the default dtype, the scalars in the tensors' dtype
            Tensor x = a.dtype == DType.BOOL ? a.to(Tensor.defaultDType()) : a;
            Tensor y = b.dtype == DType.BOOL ? b.to(Tensor.defaultDType()) : b;
            Tensor allowed = y.mul(rtol).abs().add(atol);
            Tensor actual = x.sub(y).abs();
            return close.logicalOr(actual.isfinite().logicalAnd(actual.le(allowed)));
        }
    }

    static boolean allclose(Tensor a, Tensor b, double rtol, double atol, boolean equalNan) {
        Tensor close = isclose("allclose", a, b, rtol, atol, equalNan);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return close.all().itemLong() != 0;
        }
    }

    /** torch.equal: same shape and equal values (compared in the promoted dtype; NaN is unequal). */
    static boolean equal(Tensor a, Tensor b) {
        Pointwise.checkSameDevice("equal", a, b);
        if (!java.util.Arrays.equals(a.shape, b.shape)) {
            return false;
        }
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return a.numel() == 0 || a.eq(b).all().itemLong() != 0;
        }
    }
}

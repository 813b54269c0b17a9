package org.grad4j;

import org.grad4j.spi.Backend;
import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.Buffer;
import org.grad4j.spi.ReduceOp;
import org.grad4j.spi.UnaryOp;

/**
 * Integer (int64, int32, uint8) and bool tensors: PyTorch's type promotion, creation from Java arrays, conversions, and the
 * ops whose result dtype differs from their operands' (comparisons, true division, argmax).
 */
final class DTypes {
    private DTypes() {
    }

    /**
     * {@code torch.promote_types} over grad4j's dtypes, a chain here: bool < uint8 < int32 < int64 < float32 <
     * float64 (PyTorch's lattice has no other path between these).
     */
    private static int rank(DType t) {
        return switch (t) {
            case BOOL -> 0;
            case UINT8 -> 1;
            case INT32 -> 2;
            case INT64 -> 3;
            case FLOAT32 -> 4;
            case FLOAT64 -> 5;
        };
    }

    static DType promote(DType a, DType b) {
        return rank(a) >= rank(b) ? a : b;
    }

    /** PyTorch's categories for result_type: bool 0, integers 1, floating 2. */
    private static int category(DType t) {
        return t == DType.BOOL ? 0 : t.isFloatingPoint() ? 2 : 1;
    }

    /**
     * {@code torch.result_type(a, b)} of two tensors: a 0-d tensor (as a Python number, which grad4j passes as
     * a 0-d tensor) does not change the dtype of a tensor with dimensions of its own or a higher category:
     * int32 [3] + int64 0-d gives int32, float32 [3] + float64 0-d gives float32, while uint8 [3] + float64 0-d
     * gives float64 and bool [3] + int64 0-d gives int64.
     */
    static DType resultType(Tensor a, Tensor b) {
        boolean za = a.dim() == 0;
        boolean zb = b.dim() == 0;
        if (za == zb) {
            return promote(a.dtype, b.dtype);
        }
        DType dims = za ? b.dtype : a.dtype;
        DType zero = za ? a.dtype : b.dtype;
        return category(zero) > category(dims) ? promote(dims, zero) : dims;
    }

    /**
     * Whether a value of {@code from} may be written into a tensor of {@code to} in place (PyTorch's
     * {@code can_cast}): never to a lower category (float to integer, integer to bool); narrowing within one
     * (int32 into uint8, float64 into float32) is allowed and wraps or rounds.
     */
    static boolean canCast(DType from, DType to) {
        return category(from) <= category(to);
    }

    static String typeName(DType t) {
        return switch (t) {
            case BOOL -> "Bool";
            case UINT8 -> "Byte";
            case INT32 -> "Int";
            case INT64 -> "Long";
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
        };
    }

    static void checkCast(String op, DType result, Tensor self) {
        if (!canCast(result, self.dtype)) {
            throw new IllegalArgumentException(op + ": result type " + typeName(result)
                    + " can't be cast to the desired output type " + typeName(self.dtype) + " (self is a "
                    + self.dtype.torchName() + " tensor of shape " + Shapes.str(self.shape) + ")");
        }
    }

    /**
     * The dtype {@code op} computes in, given the operands' promoted dtype: true division of integers
     * is in the default float dtype; bool refuses what PyTorch refuses.
     */
    static DType computeType(BinaryOp op, String name, DType promoted) {
        if (op == BinaryOp.DIV && !promoted.isFloatingPoint()) {
            return Tensor.defaultDType();
        }
        if (promoted == DType.BOOL) {
            switch (op) {
                case SUB -> throw new IllegalArgumentException(name + ": subtraction, the `-` operator, with two bool "
                        + "tensors is not supported; use logical_xor() instead");
                case POW, FLOOR_DIVIDE, REMAINDER -> throw new IllegalArgumentException(name + ": not implemented for 'Bool' "
                        + "(both operands are torch.bool)");
                default -> { }
            }
        }
        return promoted;
    }

    /** PyTorch refuses {@code -} whenever an operand is a bool tensor, whatever the other operand. */
    static void checkBoolSub(BinaryOp op, String name, Tensor a, DType other) {
        if (op == BinaryOp.SUB && (a.dtype == DType.BOOL || other == DType.BOOL)) {
            throw new IllegalArgumentException(name + ": subtraction, the `-` operator, with a bool tensor is not "
                    + "supported (shape " + Shapes.str(a.shape) + ", dtypes " + a.dtype.torchName() + " and "
                    + other.torchName() + "); to invert a mask use logical_not()");
        }
    }

    /** Unary ops of an integer or bool tensor, with PyTorch's result dtypes and refusals. */
    static Tensor integerUnary(UnaryOp op, Tensor a) {
        switch (op) {
            case EXP, LOG, SQRT, TANH, SIGMOID -> {
                return Pointwise.unary(op, a.to(Tensor.defaultDType()));
            }
            case COPY, SIGN -> { }
            case NEG -> {
                if (a.dtype == DType.BOOL) {
                    throw new IllegalArgumentException("neg: negation, the `-` operator, on a bool tensor is not "
                            + "supported; to invert a mask use logical_not() (shape " + Shapes.str(a.shape) + ")");
                }
            }
            case ABS, RELU -> {
                if (a.dtype == DType.BOOL) {
                    throw new IllegalArgumentException(op.name().toLowerCase(java.util.Locale.ROOT)
                            + ": not implemented for 'Bool' (a torch.bool tensor of shape " + Shapes.str(a.shape) + ")");
                }
            }
        }
        Tensor out = Tensor.empty(a.shape, a.dtype, a.storage.backend);
        a.storage.backend.unary(op, a.shape, a.strided(), out.strided());
        return out;
    }

    /**
     * {@code op(a, s)} with a Python int {@code s}: int64 arithmetic for int64 and bool tensors (exact,
     * through a 0-d int64 tensor), floating arithmetic for floating tensors.
     */
    static Tensor scalarLong(BinaryOp op, String name, Tensor a, long s, boolean scalarFirst) {
        if (a.dtype.isFloatingPoint()) {
            return Pointwise.scalar(op, name, a, s, scalarFirst);
        }
        if (op == BinaryOp.POW && !scalarFirst && s < 0) {
            throw new IllegalArgumentException(name + ": integers to negative integer powers are not allowed (exponent "
                    + s + ", base a " + a.dtype.torchName() + " tensor of shape " + Shapes.str(a.shape) + ")");
        }
        checkBoolSub(op, name, a, DType.INT64);
        Tensor b = of(new long[] {s}, DType.INT64, a.storage.backend, Shapes.SCALAR);
        // A Python int against a bool tensor computes in int64 (a 0-d int64 tensor outranks bool).
        return scalarFirst ? Pointwise.binary(op, name, b, a) : Pointwise.binary(op, name, a, b);
    }

    static Tensor of(long[] data, DType dtype, Backend backend, int[] shape) {
        Buffer buffer = backend.upload(data, dtype);
        return new Tensor(new Tensor.Storage(buffer, backend), shape, Shapes.contiguousStrides(shape), 0, dtype);
    }

    static long[] fromBooleans(boolean[] data) {
        long[] v = new long[data.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = data[i] ? 1 : 0;
        }
        return v;
    }

    /** {@code torch.arange} of integers: int64, {@code ceil((end - start) / step)} values. */
    static long[] arange(long start, long end, long step) {
        if (step == 0 || (end - start > 0 && step < 0) || (end - start < 0 && step > 0)) {
            throw new IllegalArgumentException("arange: upper bound and larger bound inconsistent with step sign "
                    + "(start " + start + ", end " + end + ", step " + step + ")");
        }
        long span = end - start;
        long n = span == 0 ? 0 : (Math.abs(span) + Math.abs(step) - 1) / Math.abs(step);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("arange: " + n + " values do not fit in one tensor (start " + start
                    + ", end " + end + ", step " + step + ")");
        }
        long[] v = new long[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = start + i * step;
        }
        return v;
    }

    static long[] toLongArray(Tensor t) {
        Tensor c = t.contiguous();
        long[] v = new long[c.numel()];
        c.storage.backend.download(c.buffer(), c.offset, v);
        return v;
    }

    /** Reductions of int64/bool inputs: sum into int64, like PyTorch; mean refuses. */
    static DType reduceType(ReduceOp op, String name, Tensor t) {
        if (op == ReduceOp.ARGMAX) {
            if (t.dtype == DType.BOOL) {
                throw new IllegalArgumentException(name + ": not implemented for 'Bool' (a torch.bool tensor of shape "
                        + Shapes.str(t.shape) + ")");
            }
            return DType.INT64;
        }
        return op == ReduceOp.SUM && !t.dtype.isFloatingPoint() ? DType.INT64 : t.dtype;
    }
}

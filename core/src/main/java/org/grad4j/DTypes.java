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
     * PyTorch's {@code combine_categories}: the dtype of a group that ranks {@code higher} (dimensioned tensors
     * over 0-d tensors over Python numbers) wins over {@code lower} unless {@code lower} is of a higher category
     * (bool &lt; integers &lt; floating); {@code null} stands for an empty group.
     */
    static DType combine(DType higher, DType lower) {
        if (higher == null || lower == null) {
            return higher == null ? lower : higher;
        }
        if (higher.isFloatingPoint()) {
            return higher;
        }
        return higher == DType.BOOL || lower.isFloatingPoint() ? promote(higher, lower) : higher;
    }

    /**
     * {@code torch.result_type} of tensors (null entries skipped) and Python numbers, each number given as the
     * dtype PyTorch wraps it in: int64 for an int, the default dtype for a float. Dimensioned tensors outrank
     * 0-d tensors, which outrank numbers, unless the lower group is of a higher category:
     * {@code clamp(uint8 [n], 0, 5)} stays uint8, {@code clamp(uint8 [n], 0.5, 5)} is float32.
     */
    static DType resultType(Tensor[] tensors, DType... numbers) {
        DType dims = null;
        DType zeros = null;
        for (Tensor t : tensors) {
            if (t != null && t.dim() == 0) {
                zeros = zeros == null ? t.dtype : promote(zeros, t.dtype);
            } else if (t != null) {
                dims = dims == null ? t.dtype : promote(dims, t.dtype);
            }
        }
        DType wrapped = null;
        for (DType n : numbers) {
            wrapped = wrapped == null ? n : promote(wrapped, n);
        }
        return combine(dims, combine(zeros, wrapped));
    }

    /** The dtype PyTorch wraps a Python number in for {@link #resultType(Tensor[], DType...)}. */
    static DType wrapped(boolean integral) {
        return integral ? DType.INT64 : Tensor.defaultDType();
    }

    /**
     * A Python int as the 0-d operand of an op that converts its numbers to the result dtype (where):
     * of {@code other}'s dtype when that is integral or floating, int64 beside bool, checked for overflow.
     */
    static Tensor wrappedNumber(String op, long v, Tensor other) {
        DType dt = resultType(new Tensor[] {other}, DType.INT64);
        checkFits(op, v, dt, other);
        return of(new long[] {v}, DType.INT64, other.storage.backend, Shapes.SCALAR).to(dt);
    }

    /** {@link #wrappedNumber(String, long, Tensor)} for a Python float: the default dtype beside an integer tensor. */
    static Tensor wrappedNumber(String op, double v, Tensor other) {
        DType dt = resultType(new Tensor[] {other}, Tensor.defaultDType());
        checkFits(op, v, dt, other);
        return Tensor.full(Shapes.SCALAR, v, dt, other.device());
    }

    /** C++'s name of a dtype's element type, as PyTorch's overflow message spells it. */
    private static String cName(DType t) {
        return switch (t) {
            case BOOL -> "bool";
            case UINT8 -> "uint8_t";
            case INT32 -> "int";
            case INT64 -> "int64_t";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
        };
    }

    /**
     * PyTorch's checked conversion of a Python int into {@code dt} (c10's {@code overflows}), used where an op
     * converts its number arguments to the result dtype (clamp, where, masked_fill): int32 takes its range,
     * uint8 takes [-255, 255] (a negative value wraps, as two's complement), the others every long.
     * Arithmetic and comparisons wrap without this check.
     */
    static void checkFits(String op, long v, DType dt, Tensor self) {
        if (overflows(v, dt)) {   // the message only when it is needed: this runs on every masked_fill
            checkFits(op, v, dt, describe(self));
        }
    }

    /**
     * The check of {@link #checkFits(String, long, DType, String)} for a Java double given where PyTorch takes any
     * number (full, fill_): an integral value acts as the Python int a Java literal stands for ({@code full(shape, -1,
     * UINT8)} is 255, as {@code torch.full(..., -1, dtype=torch.uint8)}), any other as a Python float.
     */
    /** {@link #checkFill(String, double, DType, String)} describing the tensor by {@code shape}, built only to throw. */
    static void checkFill(String op, double v, DType dt, int[] shape) {
        boolean integral = v == Math.rint(v) && Math.abs(v) < 0x1p63;
        if (integral ? overflows((long) v, dt) : overflows(v, dt)) {
            checkFill(op, v, dt, "shape " + Shapes.str(shape));
        }
    }

    static void checkFill(String op, double v, DType dt, String what) {
        if (v == Math.rint(v) && Math.abs(v) < 0x1p63) {
            checkFits(op, (long) v, dt, what);
        } else {
            checkFits(op, v, dt, what);
        }
    }

    static void checkFits(String op, long v, DType dt, String what) {
        if (overflows(v, dt)) {
            throw overflow(op, Long.toString(v), dt, what);
        }
    }

    private static boolean overflows(long v, DType dt) {
        return switch (dt) {
            case UINT8 -> v > 255 || v < -255;
            case INT32 -> v != (int) v;
            default -> false;
        };
    }

    private static String describe(Tensor self) {
        return "with a " + self.dtype.torchName() + " tensor of shape " + Shapes.str(self.shape);
    }

    /** {@link #checkFits(String, long, DType, Tensor)} for a Python float: NaN and inf only into floating dtypes. */
    static void checkFits(String op, double v, DType dt, Tensor self) {
        if (overflows(v, dt)) {
            checkFits(op, v, dt, describe(self));
        }
    }

    static void checkFits(String op, double v, DType dt, String what) {
        if (overflows(v, dt)) {
            throw overflow(op, Double.toString(v), dt, what);
        }
    }

    private static boolean overflows(double v, DType dt) {
        return switch (dt) {
            case FLOAT64, BOOL -> false;
            case FLOAT32 -> !Double.isInfinite(v) && Math.abs(v) > Float.MAX_VALUE;
            case UINT8 -> !(v >= 0 && v <= 255);
            case INT32 -> !(v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE);
            case INT64 -> !(v >= -0x1p63 && v <= 0x1p63);
        };
    }

    private static IllegalArgumentException overflow(String op, String v, DType dt, String what) {
        return new IllegalArgumentException(op + ": value cannot be converted to type " + cName(dt)
                + " without overflow: " + v + " (the result dtype is " + dt.torchName() + ", " + what + ")");
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
        switch (op) {   // opsmore
            case ATAN2, COPYSIGN, XLOGY, ZETA, XLOG1PY -> {   // special: zeta, xlog1py
                if (!promoted.isFloatingPoint()) {
                    return Tensor.defaultDType();
                }
            }
            case HYPOT, LOGADDEXP, LOGADDEXP2, IGAMMA, IGAMMAC, NEXTAFTER -> {   // special: igamma, igammac; math2
                if (!promoted.isFloatingPoint()) {
                    throw new IllegalArgumentException(name + ": \"" + name + "_cpu\" not implemented for '"
                            + typeName(promoted) + "' (both operands are integer or bool; convert with toFloat() first)");
                }
            }
            case FMOD -> {
                if (promoted == DType.BOOL) {
                    throw new IllegalArgumentException(name + ": \"fmod_cpu\" not implemented for 'Bool'");
                }
            }
            default -> { }
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
            case EXP, LOG, SQRT, TANH, SIGMOID, SIN, COS, TAN, ERF, RSQRT, LOG2, LOG10, EXP2, LOG1P, EXPM1, RECIPROCAL -> {
                return Pointwise.unary(op, a.to(Tensor.defaultDType()));
            }
            case ASIN, ACOS, ATAN, SINH, COSH, ASINH, ACOSH, ATANH, ERFC, SINC, LOGIT -> {   // opsmore
                return Pointwise.unary(op, a.to(Tensor.defaultDType()));
            }
            case ERFINV, LGAMMA, DIGAMMA, TRIGAMMA, I0, I0E, I1, I1E, NDTRI, LOG_NDTR, ERFCX, ENTR -> {   // special
                return Pointwise.unary(op, a.to(Tensor.defaultDType()));
            }
            case FRAC -> throw new IllegalArgumentException("frac: \"frac_cpu\" not implemented for '" + typeName(a.dtype)
                    + "' (a " + a.dtype.torchName() + " tensor of shape " + Shapes.str(a.shape) + ")");
            case FLOOR, CEIL, ROUND, TRUNC -> {
                // Rounding an integer is the integer itself (PyTorch 1.13 returns a copy); bool has no kernel.
                if (a.dtype == DType.BOOL) {
                    throw notForBool(op, a);
                }
                return a.clone();
            }
            case SILU, MISH, LOGSIGMOID, GELU, GELU_TANH -> throw new IllegalArgumentException(
                    op.name().toLowerCase(java.util.Locale.ROOT) + ": not implemented for '" + typeName(a.dtype)
                    + "' (a " + a.dtype.torchName() + " tensor of shape " + Shapes.str(a.shape)
                    + "); convert with toFloat() first");
            case COPY, SIGN, SGN -> { }
            case NEG -> {
                if (a.dtype == DType.BOOL) {
                    throw new IllegalArgumentException("neg: negation, the `-` operator, on a bool tensor is not "
                            + "supported; to invert a mask use logical_not() (shape " + Shapes.str(a.shape) + ")");
                }
            }
            case ABS, RELU -> {
                if (a.dtype == DType.BOOL) {
                    throw notForBool(op, a);
                }
            }
        }
        Tensor out = Tensor.empty(a.shape, a.dtype, a.storage.backend);
        a.storage.backend.unary(op, a.shape, a.strided(), out.strided());
        return out;
    }

    private static IllegalArgumentException notForBool(UnaryOp op, Tensor a) {
        return new IllegalArgumentException(op.name().toLowerCase(java.util.Locale.ROOT)
                + ": not implemented for 'Bool' (a torch.bool tensor of shape " + Shapes.str(a.shape) + ")");
    }

    /** PyTorch has no softmax (or other floating-only kernel) for integer and bool tensors. */
    static void requireFloating(String op, Tensor a) {
        if (!a.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": not implemented for '" + typeName(a.dtype) + "' (a "
                    + a.dtype.torchName() + " tensor of shape " + Shapes.str(a.shape) + "); convert with toFloat() first");
        }
    }

    /**
     * {@code op(a, s)} with a Python int {@code s}: arithmetic (or comparison) in an integer tensor's dtype, int64
     * for a bool tensor (exact, through a 0-d tensor), floating arithmetic for floating tensors.
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
        // A Python int takes the tensor's integer dtype, wrapping (uint8 + 300 adds 44), also for a 0-d tensor;
        // against a bool tensor it computes in int64.
        DType dt = resultType(new Tensor[] {a}, DType.INT64);
        if (op == BinaryOp.POW && !scalarFirst) {
            checkFits(name, s, dt, a);   // PyTorch converts an integer exponent with its overflow check
        }
        Tensor b = of(new long[] {s}, DType.INT64, a.storage.backend, Shapes.SCALAR);
        if (op != BinaryOp.DIV) {   // true division converts the int itself to float, unwrapped
            b = b.to(dt);
        }
        return scalarFirst ? Pointwise.binary(op, name, b, a) : Pointwise.binary(op, name, a, b);
    }

    /**
     * A class-index target as nll_loss reads it: PyTorch 1.13 still takes uint8 (Byte) class indices beside int64,
     * so those are widened; every other dtype is left for the op's own check.
     */
    static Tensor legacyIndex(Tensor target) {
        return target != null && target.dtype == DType.UINT8 ? target.to(DType.INT64) : target;
    }

    static boolean isInteger(DType t) {
        return t == DType.INT64 || t == DType.INT32 || t == DType.UINT8;
    }

    /**
     * {@code torch.matmul} of two integer tensors of one dtype, exact with PyTorch's wrap-around: products summed in
     * int64 (the sum wraps as int64 does, and modulo 2^32 or 2^8 that equals PyTorch's int32 or uint8 accumulation),
     * then converted back. Composed as a broadcast product and a sum, so it needs m*k*n elements of memory: meant
     * for the small integer products of tests and index arithmetic, not for speed.
     */
    static Tensor integerMatmul(Tensor a, Tensor b) {
        Pointwise.checkSameDevice("matmul", a, b);
        Products.checkMatmulShapes(a, b);
        int ra = a.dim();
        int rb = b.dim();
        Tensor a2 = ra == 1 ? a.unsqueeze(0) : a;
        Tensor b2 = rb == 1 ? b.unsqueeze(1) : b;
        Tensor out = a2.unsqueeze(-1).mul(b2.unsqueeze(-3)).sum(new int[] {-2}, false).to(a.dtype);
        if (ra == 1) {
            out = out.squeeze(-2);
        }
        return rb == 1 ? out.squeeze(-1) : out;
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
        if (step == 0) {
            throw new IllegalArgumentException("arange: step must be nonzero (start " + start + ", end " + end + ")");
        }
        if ((end > start && step < 0) || (end < start && step > 0)) {
            throw new IllegalArgumentException("arange: upper bound and larger bound inconsistent with step sign "
                    + "(start " + start + ", end " + end + ", step " + step + ")");
        }
        long span;
        try {
            span = Math.abs(Math.subtractExact(end, start));
        } catch (ArithmeticException overflow) {
            span = -1;
        }
        if (span < 0) {
            throw new IllegalArgumentException("arange: invalid size, possible overflow? (start " + start + ", end " + end
                    + ", step " + step + ")");
        }
        long absStep = step == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(step);   // same count: span < 2^63
        long n = span == 0 ? 0 : span / absStep + (span % absStep == 0 ? 0 : 1);
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

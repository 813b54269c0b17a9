package org.grad4j;

import java.util.function.LongBinaryOperator;

import org.grad4j.autograd.GradMode;

/**
 * PyTorch's bitwise ops ({@code bitwise_and}, {@code bitwise_or}, {@code bitwise_xor}, {@code bitwise_not}) on integer
 * and bool tensors, and {@code logical_xor}. The bitwise ops compute on the host, as {@link Sorting} and
 * {@code nonzero} do: integer masks and flags are small and rarely on a hot path, and no backend needs a kernel for
 * them. Floating tensors are refused as PyTorch refuses them; nothing here has a gradient.
 */
final class Bitwise {
    private Bitwise() {
    }

    enum Op {
        AND("bitwise_and", (x, y) -> x & y),
        OR("bitwise_or", (x, y) -> x | y),
        XOR("bitwise_xor", (x, y) -> x ^ y);

        final String torchName;
        final LongBinaryOperator f;

        Op(String torchName, LongBinaryOperator f) {
            this.torchName = torchName;
            this.f = f;
        }
    }

    private static void requireIntegral(String op, Tensor x, String which) {
        if (x == null) {
            throw new IllegalArgumentException(op + ": expected a tensor for '" + which + "', got null");
        }
        if (x.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": \"" + op + "_cpu\" not implemented for '" + DTypes.typeName(x.dtype)
                    + "' (a " + x.dtype.torchName() + " tensor of shape " + Shapes.str(x.shape)
                    + "); bitwise ops take integer and bool tensors");
        }
    }

    static Tensor binary(Op op, Tensor a, Tensor b) {
        requireIntegral(op.torchName, a, "input");
        requireIntegral(op.torchName, b, "other");
        Pointwise.checkSameDevice(op.torchName, a, b);
        DType dt = DTypes.resultType(a, b);
        int[] shape = Shapes.broadcast(op.torchName, a.shape, b.shape);
        long[] x = values(a, shape);
        long[] y = values(b, shape);
        long[] out = new long[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = op.f.applyAsLong(x[i], y[i]);
        }
        return result(out, dt, a, shape);
    }

    /** With a Python int: the tensor's integer dtype (a bool tensor gives int64), as PyTorch's wrapped number. */
    static Tensor scalar(Op op, Tensor a, long s) {
        requireIntegral(op.torchName, a, "input");
        DType dt = DTypes.resultType(new Tensor[] {a}, DType.INT64);
        Tensor b = DTypes.of(new long[] {s}, DType.INT64, a.storage.backend, Shapes.SCALAR);
        return binary(op, a, dt == DType.INT64 ? b : b.to(dt));
    }

    /** With a Python bool: a bool tensor stays bool, an integer one keeps its dtype. */
    static Tensor scalar(Op op, Tensor a, boolean s) {
        requireIntegral(op.torchName, a, "input");
        Tensor b = DTypes.of(new long[] {s ? 1 : 0}, DType.BOOL, a.storage.backend, Shapes.SCALAR);
        return binary(op, a, b);
    }

    static Tensor not(Tensor a) {
        requireIntegral("bitwise_not", a, "input");
        long[] x = values(a, a.shape);
        long[] out = new long[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.dtype == DType.BOOL ? 1 - x[i] : ~x[i];
        }
        return result(out, a.dtype, a, a.shape);
    }

    /** {@code logical_xor}: truth of either but not both, any dtypes, a bool result (on the device). */
    static Tensor logicalXor(Tensor a, Tensor b) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("logical_xor: expected tensors, got null");
        }
        Pointwise.checkSameDevice("logical_xor", a, b);
        Shapes.broadcast("logical_xor", a.shape, b.shape);
        return a.ne(0.0).ne(b.ne(0.0));
    }

    /** The values of {@code t} broadcast to {@code shape}, row-major, as longs (bool as 0/1). */
    private static long[] values(Tensor t, int[] shape) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return t.expand(shape).toLongArray();
        }
    }

    /** The host results as a tensor of {@code dtype} on {@code like}'s device, wrapped into the dtype's range. */
    private static Tensor result(long[] v, DType dtype, Tensor like, int[] shape) {
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (dtype) {
                case BOOL -> v[i] != 0 ? 1 : 0;
                case UINT8 -> v[i] & 0xFF;
                case INT32 -> (int) v[i];
                default -> v[i];
            };
        }
        return DTypes.of(v, dtype, like.storage.backend, shape.clone());
    }
}

package org.grad4j;

/**
 * Element type of a tensor: PyTorch's two floating-point types, its 64-bit integer ({@code torch.int64},
 * PyTorch's {@code long}), its boolean, its 32-bit integer ({@code torch.int32}) and its unsigned byte
 * ({@code torch.uint8}). The default for new tensors is {@link #FLOAT32}, as in PyTorch,
 * and can be changed (to a floating type) with {@link Tensor#setDefaultDType}.
 */
public enum DType {
    /** IEEE-754 binary32, PyTorch's {@code torch.float32}. */
    FLOAT32("torch.float32", 4),
    /** IEEE-754 binary64, PyTorch's {@code torch.float64}. */
    FLOAT64("torch.float64", 8),
    /** Two's-complement 64-bit integer, PyTorch's {@code torch.int64} ({@code torch.long}); wraps on overflow. */
    INT64("torch.int64", 8),
    /** {@code true} or {@code false}, one byte per element, PyTorch's {@code torch.bool}. */
    BOOL("torch.bool", 1),
    /** Two's-complement 32-bit integer, PyTorch's {@code torch.int32} ({@code torch.int}); wraps on overflow. */
    INT32("torch.int32", 4),
    /** Unsigned 8-bit integer, 0 to 255, PyTorch's {@code torch.uint8}; wraps modulo 256. */
    UINT8("torch.uint8", 1);

    private final String torchName;
    private final int byteSize;

    DType(String torchName, int byteSize) {
        this.torchName = torchName;
        this.byteSize = byteSize;
    }

    /**
     * PyTorch's name, as printed in {@code dtype=} suffixes: {@code torch.float64}.
     *
     * @return the name, e.g. {@code torch.float32}
     */
    public String torchName() {
        return torchName;
    }

    /**
     * PyTorch's printing of a dtype, as {@link #torchName()}: {@code print(t.dtype)} shows {@code torch.float32}.
     *
     * @return the name, e.g. {@code torch.float32}
     */
    @Override
    public String toString() {
        return torchName;
    }

    /**
     * Bytes per element.
     *
     * @return 4 for float32 and int32, 8 for float64 and int64, 1 for bool and uint8
     */
    public int byteSize() {
        return byteSize;
    }

    /**
     * Whether this is a floating-point type, like {@code dtype.is_floating_point}: only such tensors
     * can require gradients.
     *
     * @return true for float32 and float64
     */
    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /**
     * Rounds {@code value} to this type, the way storing it in a tensor of this type does: float32
     * rounds to nearest, int64 truncates toward zero (NaN and out-of-range values give
     * {@code Long.MIN_VALUE}, as PyTorch on x86 does), int32 truncates likewise ({@code Integer.MIN_VALUE} out of
     * range), uint8 truncates to int64 and keeps the low 8 bits (PyTorch's x86 results: -1.5 gives 255, 300.7
     * gives 44), bool gives 1 for every non-zero value (NaN included) and 0 for zero.
     *
     * @param value the value to round
     * @return {@code value} as this type would store it, widened back to double
     */
    public double round(double value) {
        return switch (this) {
            case FLOAT32 -> (double) (float) value;
            case FLOAT64 -> value;
            case INT64 -> (double) toLong(value);
            case BOOL -> value != 0.0 ? 1.0 : 0.0;
            case INT32 -> (double) toInt32(value);
            case UINT8 -> (double) (toLong(value) & 0xFF);
        };
    }

    /** Whether this is one of the integer types (int64, int32, uint8; not bool). */
    boolean isIntegral() {
        return this == INT64 || this == INT32 || this == UINT8;
    }

    /** {@code value} converted to int32 as PyTorch's CPU kernels do on x86 ({@code cvttsd2si}, 32-bit). */
    static int toInt32(double value) {
        if (value >= 0x1p31 || !(value > -0x1p31 - 1.0)) {
            return Integer.MIN_VALUE;
        }
        return (int) value;
    }

    /** An integer stored in this integer or bool type: wraps to int32 or uint8, 0/1 for bool. */
    long wrap(long value) {
        return switch (this) {
            case INT32 -> (int) value;
            case UINT8 -> value & 0xFF;
            case BOOL -> value != 0 ? 1 : 0;
            default -> value;
        };
    }

    /**
     * {@code value} converted to int64 as PyTorch's CPU kernels convert on x86 ({@code cvttsd2si}):
     * truncation toward zero, and {@code Long.MIN_VALUE} for NaN and values outside int64's range.
     */
    static long toLong(double value) {
        // -2^63 is representable; 2^63 and above, NaN, and below -2^63 give the "integer indefinite" value.
        if (value >= 0x1p63 || !(value >= -0x1p63)) {
            return Long.MIN_VALUE;
        }
        return (long) value;
    }
}

package org.grad4j.spi;

/**
 * Elementwise binary primitives. Comparisons ({@link #isComparison()}) write {@code true}/{@code false}
 * into a bool output. Each other op is computed in the operands' dtype with a single rounding, as
 * PyTorch's CPU kernels do.
 */
public enum BinaryOp {
    /** {@code a + b}. */ ADD,
    /** {@code a - b}. */ SUB,
    /** {@code a * b}. */ MUL,
    /** {@code a / b}. */ DIV,
    /**
     * {@code pow(a, b)} with C's (and PyTorch's) semantics, which differ from {@link Math#pow} in two cases:
     * {@code pow(1, b) = 1} for every {@code b}, NaN included, and {@code pow(-1, ±inf) = 1}.
     */
    POW,
    /** {@code max(a, b)}, NaN if either is NaN (PyTorch's {@code maximum}). */ MAXIMUM,
    /** {@code min(a, b)}, NaN if either is NaN (PyTorch's {@code minimum}). */ MINIMUM,
    /** {@code a == b ? 1 : 0}. */ EQ,
    /** {@code a > b ? 1 : 0}. */ GT,
    /** {@code a < b ? 1 : 0}. */ LT,
    /** {@code a != b} (true when either is NaN). */ NE,
    /** {@code a <= b}. */ LE,
    /** {@code a >= b}. */ GE,
    /** {@code a / b} rounded toward negative infinity, PyTorch 1.13's {@code floor_divide} (Python's {@code //}). */
    FLOOR_DIVIDE;

    /**
     * Whether this op compares its operands and writes a bool result.
     *
     * @return true for EQ, NE, LT, LE, GT and GE
     */
    public boolean isComparison() {
        return this == EQ || this == NE || this == LT || this == LE || this == GT || this == GE;
    }
}

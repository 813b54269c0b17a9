package org.grad4j.spi;

/** Elementwise unary primitives. {@link #COPY} also converts between dtypes. */
public enum UnaryOp {
    /** Identity; converts when input and output dtypes differ. */ COPY,
    /** {@code -x}. */ NEG,
    /** {@code e^x}. */ EXP,
    /** Natural logarithm. */ LOG,
    /** Square root. */ SQRT,
    /** Absolute value. */ ABS,
    /** {@code max(x, 0)}, NaN stays NaN. */ RELU,
    /** Hyperbolic tangent. */ TANH,
    /** {@code 1 / (1 + e^-x)}. */ SIGMOID,
    /** -1, 0 or 1 (NaN stays NaN). */ SIGN
}

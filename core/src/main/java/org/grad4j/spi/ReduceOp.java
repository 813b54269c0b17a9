package org.grad4j.spi;

/** Reductions over a set of axes. */
public enum ReduceOp {
    /** Sum; an empty reduction gives 0. */ SUM,
    /** Maximum; NaN wins, as in PyTorch. */ MAX,
    /**
     * Index of the maximum along the single reduced axis (first occurrence; a NaN counts as the
     * maximum), written as a floating-point value of the output dtype.
     */
    ARGMAX
}

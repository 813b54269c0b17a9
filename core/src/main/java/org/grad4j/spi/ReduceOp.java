package org.grad4j.spi;

/** The op table's reductions over a set of axes: each is one {@link Backend#reduce} kernel. */
public enum ReduceOp {
    /** Sum; an empty reduction gives 0. An int64 or bool input sums exactly into an int64 output. */ SUM,
    /** Maximum; NaN wins, as in PyTorch. */ MAX,
    /**
     * Index of the maximum along the single reduced axis (first occurrence; a NaN counts as the
     * maximum), written into an int64 output.
     */
    ARGMAX
}

package org.grad4j;

/** How a loss combines its per-element values: PyTorch's {@code reduction=} argument (ATen's {@code at::Reduction}). */
public enum Reduction {
    /** Keep one loss per element. */
    NONE,
    /** The mean over all elements (the default). */
    MEAN,
    /** The sum over all elements. */
    SUM
}

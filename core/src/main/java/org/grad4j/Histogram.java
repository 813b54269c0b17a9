package org.grad4j;

/**
 * The result of {@link Tensor#histogram(Tensor, int, double[], Tensor, boolean)}: PyTorch's {@code (hist,
 * bin_edges)} from {@code torch.histogram}.
 *
 * @param hist     the count (or weight sum, or density) of each bin, in the input's dtype
 * @param binEdges the bins' edges, one more than the bins
 */
public record Histogram(Tensor hist, Tensor binEdges) {
}

package org.grad4j;

/**
 * The result of {@link Tensor#unique(boolean, boolean, boolean)}: PyTorch's tuple from {@code torch.unique} with
 * {@code return_inverse} and {@code return_counts}.
 *
 * @param values the distinct values in ascending order, 1-D, in the input's dtype
 * @param inverse for each input element, the int64 position of its value in {@code values} (the input's shape),
 *                or null when not asked for
 * @param counts how often each value occurs (int64, like {@code values}), or null when not asked for
 */
public record Unique(Tensor values, Tensor inverse, Tensor counts) {
}

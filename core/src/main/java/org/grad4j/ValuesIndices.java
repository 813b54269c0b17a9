package org.grad4j;

/**
 * The result of {@link Tensor#max(int, boolean)} and {@link Tensor#min(int, boolean)}: PyTorch's
 * {@code torch.return_types.max} named tuple, with its fields {@code values} and {@code indices}.
 *
 * @param values the extreme values, in the input's dtype (differentiable)
 * @param indices the int64 position of the first extreme along the reduced dimension
 */
public record ValuesIndices(Tensor values, Tensor indices) {
}

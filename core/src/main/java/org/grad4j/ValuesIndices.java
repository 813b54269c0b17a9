package org.grad4j;

/**
 * The result of {@link Tensor#max(int, boolean)}, {@link Tensor#min(int, boolean)}, {@link Tensor#sort(int, boolean)},
 * {@link Tensor#topk(int, int, boolean, boolean)}, median, nanmedian, kthvalue, mode, cummax and cummin: PyTorch's
 * {@code torch.return_types} named tuples, with their fields {@code values} and {@code indices}.
 *
 * @param values the values, in the input's dtype (differentiable)
 * @param indices their int64 positions along the dimension (for max and min: the first extreme's)
 */
public record ValuesIndices(Tensor values, Tensor indices) {
}

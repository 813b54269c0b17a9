package org.grad4j;

/**
 * The result of {@link Tensor#aminmax()}: PyTorch's {@code torch.return_types.aminmax} named tuple, with its fields
 * {@code min} and {@code max}.
 *
 * @param min the minimum, in the input's dtype
 * @param max the maximum, in the input's dtype
 */
public record MinMax(Tensor min, Tensor max) {
}

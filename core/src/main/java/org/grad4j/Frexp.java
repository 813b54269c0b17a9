package org.grad4j;

/**
 * The result of {@link Tensor#frexp()}: PyTorch's {@code torch.return_types.frexp}, {@code input = mantissa *
 * 2^exponent}.
 *
 * @param mantissa the mantissas, in the input's dtype, with magnitude in [0.5, 1) (0, ±inf and NaN kept);
 *                 differentiable (grad_fn FrexpBackward0)
 * @param exponent the int32 exponents (0 for 0, ±inf and NaN)
 */
public record Frexp(Tensor mantissa, Tensor exponent) {
}

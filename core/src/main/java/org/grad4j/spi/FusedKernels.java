package org.grad4j.spi;

/**
 * Optional fused kernels: one pass where the primitives would take several. None is required; a
 * backend offers the ones it has through {@link Backend#fused()}, and core falls back to the
 * primitives when a method returns false. Each kernel must give exactly the bits of the primitive
 * sequence it replaces (its javadoc names that sequence), so fusing never changes a result, unless
 * its javadoc states an error bound instead (softmax: a faster {@code exp}, as PyTorch's).
 *
 * <p>Every method returns false by default, so adding a kernel here breaks no backend.
 */
public interface FusedKernels {
    /** The backend without fused kernels. */
    FusedKernels NONE = new FusedKernels() {
    };

    /**
     * The sum of the squares of all elements of {@code in}, into element 0 of {@code out}: MSE
     * loss's reduction. The bits of squaring into a tensor of {@code in}'s dtype (each square
     * rounded) and then {@link ReduceOp#SUM} over every axis. Returns false, leaving {@code out} as
     * it was, where this backend does not fuse it (for these operands).
     *
     * @param shape the shape of {@code in}
     * @param in the operand, laid out over {@code shape}
     * @param out the destination, of {@code in}'s dtype, at least one element
     * @return whether the sum was written
     */
    default boolean sumOfSquares(int[] shape, Strided in, Buffer out) {
        return false;
    }

    /**
     * softmax (or, with {@code log}, log_softmax) of {@code in} over {@code dim}, into {@code out} of the
     * same shape and dtype: {@code exp(x - max) / sum(exp(x - max))}, or {@code (x - max) - log(sum(...))},
     * the maximum and sum over {@code dim}. Unlike {@link #sumOfSquares} not bit-exact with the primitives
     * (amax, sub, exp, sum, div or log): its {@code exp} and summation order may differ, within a few ulps of
     * the result's scale, as PyTorch's own vectorised kernel differs from its composite. A row holding NaN
     * or {@code +inf}, or all {@code -inf}, gives NaN, as the composite. Returns false, leaving {@code out}
     * as it was, where this backend does not fuse it (for these operands).
     *
     * @param shape the shape of both operands, at least one dim and one element
     * @param dim the softmax dim, {@code 0 <= dim < shape.length}
     * @param log log_softmax instead of softmax
     * @param in the operand, floating point
     * @param out the destination, of {@code in}'s dtype, written whole
     * @return whether {@code out} was written
     */
    default boolean softmax(int[] shape, int dim, boolean log, Strided in, Strided out) {
        return false;
    }

    /**
     * The gradient of {@link #softmax} with respect to its input, from the output gradient {@code grad}
     * and the forward's result {@code output}: softmax {@code output * (grad - sum(grad * output))},
     * log_softmax {@code grad - exp(output) * sum(grad)}, the sums over {@code dim}. Within a few ulps of
     * the result's scale of those primitives (as {@link #softmax}). Returns false, leaving
     * {@code gradInput} as it was, where this backend does not fuse it.
     *
     * @param shape the shape of all three operands, at least one dim and one element
     * @param dim the softmax dim
     * @param log log_softmax's gradient instead of softmax's
     * @param grad the gradient of the output, floating point
     * @param output the forward's result, of {@code grad}'s dtype
     * @param gradInput the destination, of {@code grad}'s dtype, written whole
     * @return whether {@code gradInput} was written
     */
    default boolean softmaxBackward(int[] shape, int dim, boolean log, Strided grad, Strided output,
            Strided gradInput) {
        return false;
    }

    /**
     * logsumexp of {@code in} over {@code dim}, into the contiguous {@code out} of {@code in}'s shape without
     * {@code dim}: {@code log(sum(exp(x - m))) + m}, {@code m} the maximum clamped to the dtype's finite range
     * (a row of {@code -inf} gives {@code -inf}, one holding {@code +inf} gives {@code +inf}, NaN gives NaN).
     * Within a few ulps of the result's scale of the primitives, as {@link #softmax}. Returns false, leaving
     * {@code out} as it was, where this backend does not fuse it.
     *
     * @param shape the shape of {@code in}, at least one dim and one element
     * @param dim the reduced dim
     * @param in the operand, floating point
     * @param out the destination, of {@code in}'s dtype, {@code numel / shape[dim]} elements, written whole
     * @return whether {@code out} was written
     */
    default boolean logsumexp(int[] shape, int dim, Strided in, Buffer out) {
        return false;
    }
}

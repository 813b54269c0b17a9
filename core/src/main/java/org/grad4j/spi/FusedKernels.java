package org.grad4j.spi;

/**
 * Optional fused kernels: one pass where the primitives would take several. None is required; a
 * backend offers the ones it has through {@link Backend#fused()}, and core falls back to the
 * primitives when a method returns false. Each kernel must give exactly the bits of the primitive
 * sequence it replaces (its javadoc names that sequence), so fusing never changes a result.
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
}

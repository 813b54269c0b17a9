package org.grad4j.spi;

/**
 * A batched, row-major general matrix product {@code C[i] = alpha * op(A[i]) * op(B[i]) + beta * C[i]}
 * for {@code i < batch}, in BLAS terms. {@code op(A)} is {@code m x k}, {@code op(B)} is {@code k x n},
 * {@code C} is {@code m x n}. A matrix that is not transposed is stored row by row with leading
 * dimension {@code ld} (distance between rows); a transposed one is the row-major storage of its
 * transpose. When {@code beta == 0}, C's previous contents are ignored (NaN included).
 *
 * @param transA  whether A is stored transposed ({@code k x m} row-major)
 * @param transB  whether B is stored transposed ({@code n x k} row-major)
 * @param m       rows of C
 * @param n       columns of C
 * @param k       inner dimension
 * @param batch   number of products (1 for a plain GEMM)
 * @param alpha   scale of the product
 * @param a       A's buffer
 * @param aOffset A's first element
 * @param lda     A's leading dimension
 * @param strideA elements between consecutive A matrices (0 broadcasts one A over the batch)
 * @param b       B's buffer
 * @param bOffset B's first element
 * @param ldb     B's leading dimension
 * @param strideB elements between consecutive B matrices (0 broadcasts)
 * @param beta    scale of C's previous contents
 * @param c       C's buffer
 * @param cOffset C's first element
 * @param ldc     C's leading dimension
 * @param strideC elements between consecutive C matrices
 */
public record Gemm(boolean transA, boolean transB, int m, int n, int k, int batch, double alpha,
                   Buffer a, int aOffset, int lda, int strideA,
                   Buffer b, int bOffset, int ldb, int strideB,
                   double beta, Buffer c, int cOffset, int ldc, int strideC) {
}

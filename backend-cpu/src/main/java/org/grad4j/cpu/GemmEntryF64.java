package org.grad4j.cpu;

/**
 * {@link VectorGemm}'s float64 path: checks, the choice of kernel by size, and the reference-order
 * scalar loops. Names no incubator type (the kernels load only when {@link VectorGemm#isAvailable()}).
 * The float32 class is generated from this 64-bit source (see package-info).
 */
final class GemmEntryF64 {
    private GemmEntryF64() {
    }

    /** {@link VectorGemm}{@code .gemm} for float64 (its contract and exceptions are documented there). */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        VectorGemm.checkSizes(m, n, k);
        if (m == 0 || n == 0) {
            return;
        }
        VectorGemm.checkMatrix("C", c.length, cOff, m, n, ldc);
        if (alpha == 0.0 || k == 0) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        VectorGemm.checkMatrix("A", a.length, aOff, transA ? k : m, transA ? m : k, lda);
        VectorGemm.checkMatrix("B", b.length, bOff, transB ? n : k, transB ? k : n, ldb);
        long fmas = (long) m * n * k;
        if (VectorGemm.isAvailable() && fmas > VectorGemm.REFERENCE_MAX_FMAS) {
            VectorGemmKernel.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else if (VectorGemm.isAvailable() && fmas >= VectorGemm.SMALL_FMAS) {
            VectorDotGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            scalar(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    private static void scale(int m, int n, double beta, double[] c, int cOff, int ldc) {
        if (beta == 1.0) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[row + j] = beta == 0.0 ? 0.0 : beta * c[row + j];
            }
        }
    }

    /**
     * Plain loops in the reference BLAS order: {@code C(i,j) = alpha * (0 + a(i,0)*b(0,j) + ...)
     * + beta * C(i,j)}, the sum in increasing k with each product rounded (Java never fuses a
     * multiply-add). With alpha 1 this is both of netlib's dgemm loop forms, beta's term last as
     * its transposed-A form adds it, which is the form PyTorch's addmm (Linear) takes.
     */
    static void scalar(boolean transA, boolean transB, int m, int n, int k, double alpha,
                       double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                       double beta, double[] c, int cOff, int ldc) {
        int aRow = transA ? 1 : lda; // step between rows i of op(A)
        int aCol = transA ? lda : 1; // step between columns p of op(A)
        int bRow = transB ? 1 : ldb; // step between rows p of op(B)
        int bCol = transB ? ldb : 1; // step between columns j of op(B)
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * aRow;
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                int bj = bOff + j * bCol;
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    s += a[ai + p * aCol] * b[bj + p * bRow];
                }
                c[ci + j] = beta == 0.0 ? alpha * s : alpha * s + beta * c[ci + j];
            }
        }
    }
}

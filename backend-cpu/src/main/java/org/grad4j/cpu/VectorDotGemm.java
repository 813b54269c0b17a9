package org.grad4j.cpu;

/**
 * Small products in the reference BLAS order on Vector API lanes: every {@code C(i, j)} is
 * {@code 0 + a(i,0)*b(0,j) + a(i,1)*b(1,j) + ...} in increasing k, each product rounded on its own
 * (a multiply, then an add: no fused multiply-add), then {@code alpha * sum + beta * C}. Lanes run
 * over adjacent columns j, so each lane is one output's in-order dot product and the bits equal
 * {@link VectorGemm#scalar}'s. A transposed B is first copied to k x n rows (a thread-local scratch).
 * Uses the GEMM kernel's species only (see {@link VectorReduce} on why). The loops are in
 * {@link VectorDotGemmF64} and its generated float32 twin (see package-info).
 */
final class VectorDotGemm {
    private VectorDotGemm() {
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        VectorDotGemmF64.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        VectorDotGemmF32.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }
}

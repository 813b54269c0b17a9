package org.grad4j.cpu;

/**
 * Large products on a JVM without the Vector API: {@code C = alpha * op(A) * op(B) + beta * C}
 * ({@code beta == 0}: C's old contents ignored), dense row-major, rows of C split over {@link Workers}. op(B) and C are held as
 * one array per row, so the inner loop indexes every array with the same {@code j}: C2
 * auto-vectorises that form (it cannot prove that differently offset arrays do not overlap). Each
 * element of C starts at {@code beta * c} and adds its k terms {@code (alpha * a) * b} in increasing
 * k, whatever the thread count.
 */
final class PlainGemm {
    /** Columns of C per pass, and rows of op(B) per pass: a 128 x 512 block of B stays in L2. */
    static final int NB = 512;
    static final int KB = 128;
    /** Rows of C per work item. */
    static final int ROWS = 8;

    private PlainGemm() {
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int lda, double[] b,
            int ldb, double beta, double[] c, int ldc) {
        PlainGemmF64.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int lda, float[] b,
            int ldb, float beta, float[] c, int ldc) {
        PlainGemmF32.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }
}

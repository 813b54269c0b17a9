package org.grad4j.cpu;

/**
 * {@link PlainGemm}'s loops for float64. The float32 class is generated from this 64-bit source
 * (see package-info).
 */
final class PlainGemmF64 {
    private PlainGemmF64() {
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int lda, double[] b,
            int ldb, double beta, double[] c, int ldc) {
        double[][] br = new double[k][];
        Workers.forRange(k, 16, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                br[p] = transB ? new double[n] : java.util.Arrays.copyOfRange(b, p * ldb, p * ldb + n);
            }
            if (transB) { // 16 rows of op(B) at a time: one pass over B^T's lines per 16 values
                for (int q0 = p0; q0 < p1; q0 += 16) {
                    int q1 = Math.min(p1, q0 + 16);
                    for (int j = 0; j < n; j++) {
                        int off = j * ldb;
                        for (int q = q0; q < q1; q++) {
                            br[q][j] = b[off + q];
                        }
                    }
                }
            }
        });
        Workers.forRange(m, PlainGemm.ROWS, (i0, i1) -> {
            double[][] cr = new double[i1 - i0][n];
            if (beta != 0) {
                for (int i = i0; i < i1; i++) {
                    double[] ci = cr[i - i0];
                    int off = i * ldc;
                    for (int j = 0; j < n; j++) {
                        ci[j] = beta * c[off + j];
                    }
                }
            }
            for (int j0 = 0; j0 < n; j0 += PlainGemm.NB) {
                int j1 = Math.min(n, j0 + PlainGemm.NB);
                for (int p0 = 0; p0 < k; p0 += PlainGemm.KB) {
                    int p1 = Math.min(k, p0 + PlainGemm.KB);
                    for (int i = i0; i < i1; i++) {
                        double[] ci = cr[i - i0];
                        int p = p0;
                        for (; p + 4 <= p1; p += 4) {
                            double a0 = alpha * a(transA, a, lda, i, p);
                            double a1 = alpha * a(transA, a, lda, i, p + 1);
                            double a2 = alpha * a(transA, a, lda, i, p + 2);
                            double a3 = alpha * a(transA, a, lda, i, p + 3);
                            double[] b0 = br[p];
                            double[] b1 = br[p + 1];
                            double[] b2 = br[p + 2];
                            double[] b3 = br[p + 3];
                            for (int j = j0; j < j1; j++) {
                                ci[j] = ci[j] + a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
                            }
                        }
                        for (; p < p1; p++) {
                            double a0 = alpha * a(transA, a, lda, i, p);
                            double[] b0 = br[p];
                            for (int j = j0; j < j1; j++) {
                                ci[j] = ci[j] + a0 * b0[j];
                            }
                        }
                    }
                }
            }
            for (int i = i0; i < i1; i++) {
                System.arraycopy(cr[i - i0], 0, c, i * ldc, n);
            }
        });
    }

    private static double a(boolean transA, double[] a, int lda, int i, int p) {
        return transA ? a[p * lda + i] : a[i * lda + p];
    }
}

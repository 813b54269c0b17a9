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
    private static final int NB = 512;
    private static final int KB = 128;
    /** Rows of C per work item. */
    private static final int ROWS = 8;

    private PlainGemm() {
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
        Workers.forRange(m, ROWS, (i0, i1) -> {
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
            for (int j0 = 0; j0 < n; j0 += NB) {
                int j1 = Math.min(n, j0 + NB);
                for (int p0 = 0; p0 < k; p0 += KB) {
                    int p1 = Math.min(k, p0 + KB);
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

    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int lda, float[] b,
            int ldb, float beta, float[] c, int ldc) {
        float[][] br = new float[k][];
        Workers.forRange(k, 16, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                br[p] = transB ? new float[n] : java.util.Arrays.copyOfRange(b, p * ldb, p * ldb + n);
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
        Workers.forRange(m, ROWS, (i0, i1) -> {
            float[][] cr = new float[i1 - i0][n];
            if (beta != 0) {
                for (int i = i0; i < i1; i++) {
                    float[] ci = cr[i - i0];
                    int off = i * ldc;
                    for (int j = 0; j < n; j++) {
                        ci[j] = beta * c[off + j];
                    }
                }
            }
            for (int j0 = 0; j0 < n; j0 += NB) {
                int j1 = Math.min(n, j0 + NB);
                for (int p0 = 0; p0 < k; p0 += KB) {
                    int p1 = Math.min(k, p0 + KB);
                    for (int i = i0; i < i1; i++) {
                        float[] ci = cr[i - i0];
                        int p = p0;
                        for (; p + 4 <= p1; p += 4) {
                            float a0 = alpha * a(transA, a, lda, i, p);
                            float a1 = alpha * a(transA, a, lda, i, p + 1);
                            float a2 = alpha * a(transA, a, lda, i, p + 2);
                            float a3 = alpha * a(transA, a, lda, i, p + 3);
                            float[] b0 = br[p];
                            float[] b1 = br[p + 1];
                            float[] b2 = br[p + 2];
                            float[] b3 = br[p + 3];
                            for (int j = j0; j < j1; j++) {
                                ci[j] = ci[j] + a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
                            }
                        }
                        for (; p < p1; p++) {
                            float a0 = alpha * a(transA, a, lda, i, p);
                            float[] b0 = br[p];
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

    private static float a(boolean transA, float[] a, int lda, int i, int p) {
        return transA ? a[p * lda + i] : a[i * lda + p];
    }
}

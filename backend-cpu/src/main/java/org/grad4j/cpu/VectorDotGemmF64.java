package org.grad4j.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorDotGemm}'s loops for float64. The float32 class is generated from this 64-bit
 * source (see package-info).
 */
final class VectorDotGemmF64 {
    private static final VectorSpecies<Double> DS = VectorGemmKernel.DS;
    private static final int DL = DS.length();
    private static final ThreadLocal<double[][]> D_SCRATCH = ThreadLocal.withInitial(() -> new double[1][0]);
    private static final ThreadLocal<double[][]> D_SCRATCH_C = ThreadLocal.withInitial(() -> new double[1][0]);

    private VectorDotGemmF64() {
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        if (n == 1 && !transA) {
            // op(A) x: each element is a contiguous dot over a row of A; the transposed form would first
            // copy all of A transposed (m x k), which costs as much as the scalar dots themselves
            GemmEntryF64.scalar(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (n < DL && m >= DL) {
            transposed(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (transB) {
            double[][] holder = D_SCRATCH.get();
            if (holder[0].length < k * n) {
                holder[0] = new double[k * n];
            }
            double[] bt = holder[0];
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    bt[p * n + j] = b[bOff + j * ldb + p];
                }
            }
            b = bt;
            bOff = 0;
            ldb = n;
        }
        int aRow = transA ? 1 : lda;
        int aCol = transA ? lda : 1;
        int vecEnd = n - n % DL;
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * aRow;
            int ci = cOff + i * ldc;
            int j = 0;
            for (; j + 2 * DL <= vecEnd; j += 2 * DL) {
                DoubleVector s0 = DoubleVector.zero(DS);
                DoubleVector s1 = DoubleVector.zero(DS);
                for (int p = 0; p < k; p++) {
                    double x = a[ai + p * aCol];
                    int bp = bOff + p * ldb + j;
                    s0 = s0.add(DoubleVector.fromArray(DS, b, bp).mul(x));
                    s1 = s1.add(DoubleVector.fromArray(DS, b, bp + DL).mul(x));
                }
                finish(s0, alpha, beta, c, ci + j);
                finish(s1, alpha, beta, c, ci + j + DL);
            }
            for (; j < vecEnd; j += DL) {
                DoubleVector s0 = DoubleVector.zero(DS);
                for (int p = 0; p < k; p++) {
                    s0 = s0.add(DoubleVector.fromArray(DS, b, bOff + p * ldb + j).mul(a[ai + p * aCol]));
                }
                finish(s0, alpha, beta, c, ci + j);
            }
            for (; j < n; j++) {
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    s += a[ai + p * aCol] * b[bOff + p * ldb + j];
                }
                c[ci + j] = beta == 0.0 ? alpha * s : alpha * s + beta * c[ci + j];
            }
        }
    }

    /**
     * A product narrower than a vector, whose every column would take the scalar loop (Linear(256,
     * 10)'s 64 x 10 output in float32), as {@code C^T = op(B)^T op(A)^T}, lanes over C's rows: each
     * element is still its own in-order dot product with the same final step, so the bits do not
     * change. (Where only some columns are scalar, as float64's two of ten, it measured no faster.)
     */
    private static void transposed(boolean transA, boolean transB, int m, int n, int k, double alpha,
                                   double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                                   double beta, double[] c, int cOff, int ldc) {
        double[][] holder = D_SCRATCH_C.get();
        if (holder[0].length < n * m) {
            holder[0] = new double[n * m];
        }
        double[] ct = holder[0];
        if (beta != 0.0) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    ct[j * m + i] = c[cOff + i * ldc + j];
                }
            }
        }
        gemm(!transB, !transA, n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, ct, 0, m);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[cOff + i * ldc + j] = ct[j * m + i];
            }
        }
    }

    private static void finish(DoubleVector s, double alpha, double beta, double[] c, int at) {
        DoubleVector r = s.mul(alpha);
        if (beta != 0.0) {
            r = r.add(DoubleVector.fromArray(DS, c, at).mul(beta));
        }
        r.intoArray(c, at);
    }
}

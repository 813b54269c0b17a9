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
    private static final ThreadLocal<double[][]> D_SCRATCH_T = ThreadLocal.withInitial(() -> new double[1][0]);

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
            if (2 * n >= DL) {
                narrow(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            } else {
                transposed(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }
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
        // the last n % DL columns of a row at least a vector wide: one more vector over the row's last DL
        // columns (lanes still one element's in-order dot each), of which only the new lanes are stored
        boolean overlapTail = vecEnd < n && n > DL;
        double[] tail = overlapTail ? scratch(D_SCRATCH_T, DL) : null;
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * aRow;
            int ci = cOff + i * ldc;
            int j = 0;
            // four independent sums in flight: the adds' latency, not their throughput, bounds these loops
            for (; j + 4 * DL <= vecEnd; j += 4 * DL) {
                DoubleVector s0 = DoubleVector.zero(DS);
                DoubleVector s1 = DoubleVector.zero(DS);
                DoubleVector s2 = DoubleVector.zero(DS);
                DoubleVector s3 = DoubleVector.zero(DS);
                for (int p = 0; p < k; p++) {
                    double x = a[ai + p * aCol];
                    int bp = bOff + p * ldb + j;
                    s0 = s0.add(DoubleVector.fromArray(DS, b, bp).mul(x));
                    s1 = s1.add(DoubleVector.fromArray(DS, b, bp + DL).mul(x));
                    s2 = s2.add(DoubleVector.fromArray(DS, b, bp + 2 * DL).mul(x));
                    s3 = s3.add(DoubleVector.fromArray(DS, b, bp + 3 * DL).mul(x));
                }
                finish(s0, alpha, beta, c, ci + j);
                finish(s1, alpha, beta, c, ci + j + DL);
                finish(s2, alpha, beta, c, ci + j + 2 * DL);
                finish(s3, alpha, beta, c, ci + j + 3 * DL);
            }
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
            if (j < vecEnd && overlapTail) {
                // the row's last full vector and its tail together: two sums in flight
                int j0 = n - DL;
                DoubleVector s0 = DoubleVector.zero(DS);
                DoubleVector s1 = DoubleVector.zero(DS);
                for (int p = 0; p < k; p++) {
                    double x = a[ai + p * aCol];
                    int bp = bOff + p * ldb;
                    s0 = s0.add(DoubleVector.fromArray(DS, b, bp + j).mul(x));
                    s1 = s1.add(DoubleVector.fromArray(DS, b, bp + j0).mul(x));
                }
                finish(s0, alpha, beta, c, ci + j);
                finishTail(s1, alpha, beta, c, ci, j0, vecEnd, n, tail);
                continue;
            }
            for (; j < vecEnd; j += DL) {
                DoubleVector s0 = DoubleVector.zero(DS);
                for (int p = 0; p < k; p++) {
                    s0 = s0.add(DoubleVector.fromArray(DS, b, bOff + p * ldb + j).mul(a[ai + p * aCol]));
                }
                finish(s0, alpha, beta, c, ci + j);
            }
            if (overlapTail) {
                int j0 = n - DL;
                DoubleVector s0 = DoubleVector.zero(DS);
                for (int p = 0; p < k; p++) {
                    s0 = s0.add(DoubleVector.fromArray(DS, b, bOff + p * ldb + j0).mul(a[ai + p * aCol]));
                }
                finishTail(s0, alpha, beta, c, ci, j0, vecEnd, n, tail);
                continue;
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

    /** A thread's scratch array of at least {@code size} elements. */
    private static double[] scratch(ThreadLocal<double[][]> local, int size) {
        double[][] holder = local.get();
        if (holder[0].length < size) {
            holder[0] = new double[size];
        }
        return holder[0];
    }

    /**
     * {@link #finish} of the vector over columns [j0, j0 + DL) of row ci into {@code tail}, storing only
     * columns [from, n): the lanes below {@code from} were already stored by the row's full vectors.
     */
    private static void finishTail(DoubleVector s, double alpha, double beta, double[] c, int ci, int j0, int from, int n,
                                   double[] tail) {
        DoubleVector r = s.mul(alpha);
        if (beta != 0.0) {
            // lanes below from read C's new values, but are not stored
            r = r.add(DoubleVector.fromArray(DS, c, ci + j0).mul(beta));
        }
        r.intoArray(tail, 0);
        for (int q = from; q < n; q++) {
            c[ci + q] = tail[q - j0];
        }
    }

    /**
     * A product at least half a vector but less than a vector wide (Linear(256, 10)'s 64 x 10 output in
     * float32): op(B) copied into a scratch one vector wide (zero lanes past n), then one vector per row of C,
     * four rows in flight; each lane is still its own element's in-order dot product with the same final step,
     * and only the row's n lanes are stored. Unlike {@link #transposed}, which copies all of op(A) (m x k), it
     * copies only op(B) (k x n), and it reads A in place.
     */
    private static void narrow(boolean transA, boolean transB, int m, int n, int k, double alpha,
                               double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                               double beta, double[] c, int cOff, int ldc) {
        double[] bt = scratch(D_SCRATCH, k * DL);
        for (int p = 0; p < k; p++) {
            int d = p * DL;
            for (int j = 0; j < n; j++) {
                bt[d + j] = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
            }
            for (int j = n; j < DL; j++) {
                bt[d + j] = 0.0;
            }
        }
        double[] tail = scratch(D_SCRATCH_T, DL);
        int aRow = transA ? 1 : lda;
        int aCol = transA ? lda : 1;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int a0 = aOff + i * aRow;
            int a1 = a0 + aRow;
            int a2 = a1 + aRow;
            int a3 = a2 + aRow;
            DoubleVector s0 = DoubleVector.zero(DS);
            DoubleVector s1 = DoubleVector.zero(DS);
            DoubleVector s2 = DoubleVector.zero(DS);
            DoubleVector s3 = DoubleVector.zero(DS);
            for (int p = 0; p < k; p++) {
                DoubleVector bv = DoubleVector.fromArray(DS, bt, p * DL);
                int q = p * aCol;
                s0 = s0.add(bv.mul(a[a0 + q]));
                s1 = s1.add(bv.mul(a[a1 + q]));
                s2 = s2.add(bv.mul(a[a2 + q]));
                s3 = s3.add(bv.mul(a[a3 + q]));
            }
            finishNarrow(s0, alpha, beta, c, cOff + i * ldc, n, tail);
            finishNarrow(s1, alpha, beta, c, cOff + (i + 1) * ldc, n, tail);
            finishNarrow(s2, alpha, beta, c, cOff + (i + 2) * ldc, n, tail);
            finishNarrow(s3, alpha, beta, c, cOff + (i + 3) * ldc, n, tail);
        }
        for (; i < m; i++) {
            int a0 = aOff + i * aRow;
            DoubleVector s0 = DoubleVector.zero(DS);
            for (int p = 0; p < k; p++) {
                s0 = s0.add(DoubleVector.fromArray(DS, bt, p * DL).mul(a[a0 + p * aCol]));
            }
            finishNarrow(s0, alpha, beta, c, cOff + i * ldc, n, tail);
        }
    }

    /** {@link #finish} of a row's first n lanes (the rest of the vector lies past the row), through {@code tail}. */
    private static void finishNarrow(DoubleVector s, double alpha, double beta, double[] c, int ci, int n, double[] tail) {
        s.mul(alpha).intoArray(tail, 0);
        for (int q = 0; q < n; q++) {
            c[ci + q] = beta == 0.0 ? tail[q] : tail[q] + c[ci + q] * beta;
        }
    }

    /**
     * A product narrower than a vector, whose every column would take the scalar loop (Linear(256,
     * 10)'s 64 x 10 output in float32), as {@code C^T = op(B)^T op(A)^T}, lanes over C's rows: each
     * element is still its own in-order dot product with the same final step, so the bits do not
     * change. (Where the row is at least a vector wide, as float64's ten columns, the direct form covers
     * the columns past the last full vector with one more vector over the row's last lanes.)
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

package org.grad4j.cpu;

import java.util.Arrays;

/**
 * Small and mid-size products in plain Java loops that give the same bits as the Vector API kernels:
 * {@link #reference} as {@link VectorDotGemm} (the reference BLAS order, no FMA) and {@link #fused} as the
 * blocked kernel ({@code VectorGemmKernel}: per k-block an FMA chain in increasing k, then
 * {@code c = fma(acc, alpha, c)}).
 *
 * <p>Why: until C2 has compiled it, Vector API code runs in the interpreter or C1, which box every vector
 * and run each lane operation through a lambda, tens of times slower than plain scalar code; and C2
 * compiling it costs about a second of CPU. A short training run (Digits: 1,350 steps of 32-row products)
 * spends most of its time there. These loops run acceptably interpreted, compile cheaply, and C2
 * auto-vectorises their inner loops: every array in them is indexed by the same {@code j} (op(B) is
 * copied to one array per row, into a thread-local scratch), the form C2 vectorises. Each element of C is
 * one chain over k, unchanged by blocking or transposition, so the bits equal the SIMD kernels' (tested in
 * SmallGemmTest). {@link GemmEntryF64} chooses between them. The float32 class is generated from this
 * 64-bit source (see package-info).
 */
final class SmallGemmF64 {
    private SmallGemmF64() {
    }

    /** Below this many columns (and with at least as many rows) C is computed transposed: longer inner loops. */
    private static final int LANES = 8 /* f32: 16 */;

    /** Most elements of op(B) (or op(A), transposed) a product copies to the scratch: 1 MiB of float64. */
    private static final int MAX_PACKED = 1 << 17;

    /** Whether {@link #reference} or {@link #fused} keeps its scratch small for this product. */
    static boolean fits(int m, int n, int k) {
        long packed = (long) k * (n < LANES && m >= LANES ? m : n);
        return packed <= MAX_PACKED;
    }

    /** Whether {@link #fusedPanels} keeps its scratch small for products of this depth. */
    static boolean panelsFit(int k) {
        return (long) k * LANES <= MAX_PACKED;
    }

    /**
     * {@link #fused}'s bits for products of any width: C's columns in panels whose packed op(B) stays within
     * the scratch limit, C's rows split over the workers (each element is still one chain over k, so neither
     * cut changes a bit). For a large product while the blocked kernel is still cold ({@code GemmEntryF64}).
     * Requires {@link #panelsFit}; arguments already validated, m, n, k, alpha non-trivial.
     */
    static void fusedPanels(boolean transA, boolean transB, int m, int n, int k, double alpha,
                            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
        int width = Math.max(LANES, MAX_PACKED / k / LANES * LANES);
        Workers.forRange(m, PANEL_ROW_GRAIN, (from, to) -> {
            int ao = aOff + (transA ? from : from * lda);
            for (int j0 = 0; j0 < n; j0 += width) {
                int w = Math.min(width, n - j0);
                int bo = bOff + (transB ? j0 * ldb : j0);
                fusedRows(transA, transB, to - from, w, k, alpha, a, ao, lda, b, bo, ldb, beta, c, cOff + from * ldc + j0,
                        ldc);
            }
        });
    }

    /** Fewest rows of C a piece of {@link #fusedPanels} takes: each piece packs all of op(B) once. */
    private static final int PANEL_ROW_GRAIN = 16;

    /** Per-thread scratch: op(B) as one array per row, a row of sums, C transposed. */
    private static final class Scratch {
        private double[][] rows = new double[0][];
        private double[] acc = new double[0];
        private double[] ct = new double[0];

        double[][] rows(int k, int n) {
            if (rows.length < k || rows.length > 0 && rows[0].length < n) {
                int width = Math.max(n, rows.length > 0 ? rows[0].length : 0);
                rows = new double[Math.max(k, rows.length)][width];
            }
            return rows;
        }

        double[] acc(int n) {
            if (acc.length < n) {
                acc = new double[n];
            }
            return acc;
        }

        double[] ct(int size) {
            if (ct.length < size) {
                ct = new double[size];
            }
            return ct;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Copies op(B) (k x n) to rows[p][0..n). */
    private static void packRows(boolean transB, int k, int n, double[] b, int bOff, int ldb, double[][] rows) {
        if (!transB) {
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, bOff + p * ldb, rows[p], 0, n);
            }
            return;
        }
        for (int j = 0; j < n; j++) {
            int bj = bOff + j * ldb;
            for (int p = 0; p < k; p++) {
                rows[p][j] = b[bj + p];
            }
        }
    }

    /**
     * Computes C^T = op(B)^T op(A)^T into a scratch (C^T's rows are C's columns), by {@code fused} or the
     * reference loops, then copies it back. Each element's arithmetic is unchanged.
     */
    private static void transposed(boolean fused, boolean transA, boolean transB, int m, int n, int k, double alpha,
                                   double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                                   double beta, double[] c, int cOff, int ldc) {
        double[] ct = SCRATCH.get().ct(n * m);
        if (beta != 0.0) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    ct[j * m + i] = c[cOff + i * ldc + j];
                }
            }
        }
        if (fused) {
            fusedRows(!transB, !transA, n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, ct, 0, m);
        } else {
            referenceRows(!transB, !transA, n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, ct, 0, m);
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[cOff + i * ldc + j] = ct[j * m + i];
            }
        }
    }

    /**
     * {@code C = alpha * op(A) op(B) + beta * C} in the reference BLAS order, the bits of
     * {@link VectorDotGemm} and {@link VectorGemm#scalar}: {@code alpha * (0 + a0*b0 + a1*b1 + ...)} with each
     * product rounded, then {@code + beta * C}. Arguments already validated, m, n, k, alpha non-trivial.
     */
    static void reference(boolean transA, boolean transB, int m, int n, int k, double alpha,
                          double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                          double beta, double[] c, int cOff, int ldc) {
        if (n < LANES && m >= LANES) {
            transposed(false, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            referenceRows(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    private static void referenceRows(boolean transA, boolean transB, int m, int n, int k, double alpha,
                                      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                                      double beta, double[] c, int cOff, int ldc) {
        Scratch s = SCRATCH.get();
        double[][] rows = s.rows(k, n);
        packRows(transB, k, n, b, bOff, ldb, rows);
        double[] acc = s.acc(n);
        int aRow = transA ? 1 : lda;
        int aCol = transA ? lda : 1;
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * aRow;
            Arrays.fill(acc, 0, n, 0.0);
            int p = 0;
            // four terms per pass, added left to right: the in-order sum, with a quarter of the stores
            for (; p + 4 <= k; p += 4) {
                double x0 = a[ai + p * aCol];
                double x1 = a[ai + (p + 1) * aCol];
                double x2 = a[ai + (p + 2) * aCol];
                double x3 = a[ai + (p + 3) * aCol];
                double[] b0 = rows[p];
                double[] b1 = rows[p + 1];
                double[] b2 = rows[p + 2];
                double[] b3 = rows[p + 3];
                for (int j = 0; j < n; j++) {
                    acc[j] = acc[j] + x0 * b0[j] + x1 * b1[j] + x2 * b2[j] + x3 * b3[j];
                }
            }
            for (; p < k; p++) {
                double x0 = a[ai + p * aCol];
                double[] b0 = rows[p];
                for (int j = 0; j < n; j++) {
                    acc[j] = acc[j] + x0 * b0[j];
                }
            }
            int ci = cOff + i * ldc;
            if (beta == 0.0) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] = alpha * acc[j];
                }
            } else {
                for (int j = 0; j < n; j++) {
                    c[ci + j] = alpha * acc[j] + beta * c[ci + j];
                }
            }
        }
    }

    /**
     * {@code C = alpha * op(A) op(B) + beta * C} with the blocked SIMD kernel's bits: for each k-block of
     * {@code VectorGemmKernel}'s KC in increasing order, {@code acc} is an FMA chain over the block from 0
     * in increasing k and {@code c = fma(acc, alpha, cIn)}, cIn being C (C scaled by beta, or 0 when beta
     * is 0, in the first block). Arguments already validated, m, n, k, alpha non-trivial.
     */
    static void fused(boolean transA, boolean transB, int m, int n, int k, double alpha,
                      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                      double beta, double[] c, int cOff, int ldc) {
        if (n < LANES && m >= LANES) {
            transposed(true, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            fusedRows(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    private static void fusedRows(boolean transA, boolean transB, int m, int n, int k, double alpha,
                                  double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                                  double beta, double[] c, int cOff, int ldc) {
        Scratch s = SCRATCH.get();
        double[][] rows = s.rows(k, n);
        packRows(transB, k, n, b, bOff, ldb, rows);
        double[] acc = s.acc(n);
        int aRow = transA ? 1 : lda;
        int aCol = transA ? lda : 1;
        int kcMax = VectorGemmKernel.D_KC;
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * aRow;
            int ci = cOff + i * ldc;
            for (int pc = 0; pc < k; pc += kcMax) {
                int pe = Math.min(k, pc + kcMax);
                Arrays.fill(acc, 0, n, 0.0);
                int p = pc;
                for (; p + 4 <= pe; p += 4) {
                    double x0 = a[ai + p * aCol];
                    double x1 = a[ai + (p + 1) * aCol];
                    double x2 = a[ai + (p + 2) * aCol];
                    double x3 = a[ai + (p + 3) * aCol];
                    double[] b0 = rows[p];
                    double[] b1 = rows[p + 1];
                    double[] b2 = rows[p + 2];
                    double[] b3 = rows[p + 3];
                    for (int j = 0; j < n; j++) {
                        acc[j] = Math.fma(x3, b3[j], Math.fma(x2, b2[j], Math.fma(x1, b1[j], Math.fma(x0, b0[j], acc[j]))));
                    }
                }
                for (; p < pe; p++) {
                    double x0 = a[ai + p * aCol];
                    double[] b0 = rows[p];
                    for (int j = 0; j < n; j++) {
                        acc[j] = Math.fma(x0, b0[j], acc[j]);
                    }
                }
                int mode = VectorGemmKernel.cMode(pc == 0, beta);
                if (mode == VectorGemmKernel.C_ADD) {
                    for (int j = 0; j < n; j++) {
                        c[ci + j] = Math.fma(acc[j], alpha, c[ci + j]);
                    }
                } else if (mode == VectorGemmKernel.C_ZERO) {
                    for (int j = 0; j < n; j++) {
                        c[ci + j] = Math.fma(acc[j], alpha, 0.0);
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        c[ci + j] = Math.fma(acc[j], alpha, c[ci + j] * beta);
                    }
                }
            }
        }
    }
}

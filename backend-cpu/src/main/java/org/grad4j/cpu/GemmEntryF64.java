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
        if (fmas > VectorGemm.REFERENCE_MAX_FMAS && VectorGemm.isAvailable()) {
            if (VectorGemmKernel.tasks(m, n, k) == 1 && SmallGemmF64.fits(m, n, k)) {
                boolean simd = blockedFmas >= WARM_FMAS;
                blockedFmas += fmas;
                if (simd) {
                    VectorGemmKernel.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                } else {
                    SmallGemmF64.fused(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                }
            } else if (kernelWins < KERNEL_PROOFS && tastes < MAX_TASTES && fmas >= TASTE_MIN_FMAS
                    && m >= 2 * TASTE_ROWS && SmallGemmF64.panelsFit(k)) {
                taste(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            } else {
                VectorGemmKernel.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }
        } else if (fmas >= VectorGemm.SMALL_FMAS && (n > 1 || transA) && SmallGemmF64.fits(m, n, k)) {
            boolean simd = referenceFmas >= WARM_FMAS && VectorGemm.isAvailable();
            referenceFmas += fmas;
            if (simd) {
                VectorDotGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            } else {
                SmallGemmF64.reference(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }
        } else if (fmas >= VectorGemm.SMALL_FMAS && VectorGemm.isAvailable()) {
            VectorDotGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            scalar(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /**
     * Multiply-adds a JVM runs in {@link SmallGemmF64}'s plain loops before it switches a kind of product
     * (reference-order, or single-threaded blocked) to the Vector API kernel, which gives the same bits.
     * That kernel is faster once C2 has compiled it (2-6x on Digits' five training products), but until then
     * it runs tens of times slower, and compiling it costs CPU: a rent-or-buy choice. 2^32 multiply-adds
     * cost the plain loops a few tenths of a second more than the compiled kernel, about what the switch
     * costs, so a short run (Digits, 30 epochs: about 1e9) never pays for the kernel's warm-up and a long one
     * soon stops paying the plain loops' extra. Large products (split over threads) take the kernel as soon as
     * it has been compiled ({@link #taste}).
     */
    static final long WARM_FMAS = 1L << 32;
    /**
     * Multiply-adds of this dtype's products so far, by kind (racy counts from concurrent callers are
     * fine: they only choose between two paths with the same bits).
     */
    private static long referenceFmas;
    private static long blockedFmas;

    /** Rows of C a cold large product gives the blocked kernel; see {@link #taste}. */
    static final int TASTE_ROWS = 16;
    /**
     * Fewest multiply-adds of a product that {@link #taste} takes. Measured in fresh JVMs on a quiet 2-core
     * machine (tools/bench/FirstSteps, two runs each): with the wide layer's products (2^28 each) the first step
     * took 0.84-1.14 s instead of 1.56-1.88 s, and the first 3 s ran about as many steps (float32 164 and 321
     * against 192 and 158, float64 106 and 71 against 87 and 86); with the MLP 784-256-10's (2^23.6) the first
     * step took 0.36-0.41 s instead of 0.43-0.52 s but the next ones stayed slow longer (2,942 and 3,152 steps
     * in 3 s against 3,100 and 3,960), so products of that size go to the kernel at once, as before.
     */
    static final long TASTE_MIN_FMAS = 1L << 26;
    /** Times the kernel must beat the plain loops before large products go to it whole. */
    private static final int KERNEL_PROOFS = 3;
    /** Tastes after which large products go to the kernel whole in any case (it is compiled by then). */
    private static final int MAX_TASTES = 64;
    /** How often the kernel has beaten the plain loops, and been tasted, so far (racy counts are fine, as above). */
    private static int kernelWins;
    private static int tastes;

    /**
     * A large (multi-threaded) product while the blocked kernel may still be cold: its first
     * {@link #TASTE_ROWS} rows by the kernel on this thread, the rest by {@link SmallGemmF64#fusedPanels}
     * on all cores, with the same bits. Until C2 has compiled it, the Vector API kernel runs tens of times
     * slower than plain loops: a fresh JVM's first wide-layer step ({@code Linear(1024, 1024)}, batch 256)
     * took 2-4 s against PyTorch's 75 ms, and the MLP 784-256-10's first steps 0.1-0.9 s each. The slice keeps
     * the kernel running, so that it gets compiled, on a small share of the work; once it has done its share
     * per multiply-add on one thread more than twice as fast as the plain loops did theirs per thread (their
     * wall time times the worker count, so a compiled kernel is needed to win) {@link #KERNEL_PROOFS} times, or
     * after {@link #MAX_TASTES} tastes, large products go to it whole.
     */
    static void taste(boolean transA, boolean transB, int m, int n, int k, double alpha,
                      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                      double beta, double[] c, int cOff, int ldc) {
        int r = TASTE_ROWS;
        long t0 = System.nanoTime();
        VectorGemmKernel.gemmBlock(transA, transB, r, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        long t1 = System.nanoTime();
        SmallGemmF64.fusedPanels(transA, transB, m - r, n, k, alpha, a, aOff + (transA ? r : r * lda), lda, b, bOff, ldb,
                beta, c, cOff + r * ldc, ldc);
        long t2 = System.nanoTime();
        tastes++;
        if (2 * (t1 - t0) * (long) (m - r) < (t2 - t1) * (long) r * Workers.THREADS) {
            kernelWins++;
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
            int j = 0;
            // Four columns at a time: four independent in-order sums, each element's bits unchanged, but
            // four chains in flight instead of one (the JIT-cold and no-Vector-API path of small products).
            for (; j + 4 <= n; j += 4) {
                int bj = bOff + j * bCol;
                double s0 = 0.0;
                double s1 = 0.0;
                double s2 = 0.0;
                double s3 = 0.0;
                for (int p = 0; p < k; p++) {
                    double x = a[ai + p * aCol];
                    int bp = bj + p * bRow;
                    s0 += x * b[bp];
                    s1 += x * b[bp + bCol];
                    s2 += x * b[bp + 2 * bCol];
                    s3 += x * b[bp + 3 * bCol];
                }
                c[ci + j] = beta == 0.0 ? alpha * s0 : alpha * s0 + beta * c[ci + j];
                c[ci + j + 1] = beta == 0.0 ? alpha * s1 : alpha * s1 + beta * c[ci + j + 1];
                c[ci + j + 2] = beta == 0.0 ? alpha * s2 : alpha * s2 + beta * c[ci + j + 2];
                c[ci + j + 3] = beta == 0.0 ? alpha * s3 : alpha * s3 + beta * c[ci + j + 3];
            }
            for (; j < n; j++) {
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

package org.grad4j.cpu;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import org.grad4j.Config;

/**
 * The SIMD half of {@link VectorGemm}: its entry points, shapes, block sizes and threading policy.
 * This class and the ones it calls name {@code jdk.incubator.vector} types, so they are loaded only
 * after {@link VectorGemm} has seen the module in the boot layer. By responsibility:
 * {@code VectorGemmF64} (threads and cache blocking), {@code VectorPackF64} (packing),
 * {@code VectorMicroF64} (register kernels), {@link Transpose16} (float32 register transposes);
 * each F64 class is the source of its generated F32 twin (see package-info).
 *
 * <p>Layout (Goto/BLIS style): C is cut into column panels of {@code NC}, the inner dimension into
 * blocks of {@code KC}; for each (panel, block) op(B) is packed into slivers of {@code NR = 2}
 * vectors, then op(A) row blocks of {@code MC} are packed into slivers of {@code MR = 6} rows, and a
 * 6 x 2-vector register kernel (12 FMA accumulators) runs over every sliver pair. Each element of
 * C receives, for each k-block in increasing order, {@code c = fma(acc, alpha, c)} where
 * {@code acc} is a fused-multiply-add chain over that block in increasing k; this does not depend
 * on the tile the element falls in, so splitting C across threads never changes the result.
 */
final class VectorGemmKernel {
    private VectorGemmKernel() {
    }

    static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final int D_L = DS.length();
    static final int F_L = FS.length();

    /** Rows of the register tile. */
    static final int MR = 6;
    /** Columns of the register tile: two vectors. */
    static final int D_NR = 2 * D_L;
    static final int F_NR = 2 * F_L;

    // Cache blocking (elements). KC x NR of B stays in L1, MC x KC of A in L2, KC x NC of B in L3.
    static final int D_KC = Config.getInt("grad4j.gemm.f64.kc", 256);
    static final int D_MC = roundUp(Config.getInt("grad4j.gemm.f64.mc", 144), MR);
    static final int D_NC = roundUp(Config.getInt("grad4j.gemm.f64.nc", 1024), D_NR);
    static final int F_KC = Config.getInt("grad4j.gemm.f32.kc", 256);
    static final int F_MC = roundUp(Config.getInt("grad4j.gemm.f32.mc", 144), MR);
    static final int F_NC = roundUp(Config.getInt("grad4j.gemm.f32.nc", 2048), F_NR);

    /** Threads a large product is split over (the caller plus THREADS - 1 pool threads). */
    static final int THREADS = Workers.THREADS;
    /** Minimum multiply-adds per thread before a product is split. */
    static final long MIN_FMAS_PER_TASK = Config.getLong("grad4j.gemm.minFmasPerTask", 1L << 21);

    /** Sub-products per thread in a split product (1 measured best: each one repacks an operand). */
    static final int CHUNKS_PER_THREAD = Math.max(1, Config.getInt("grad4j.gemm.chunksPerThread", 1));
    /** "auto" (by packing cost), "rows" or "cols": which side of C a split product is cut along. */
    static final String SPLIT_BY = Config.getString("grad4j.gemm.splitBy", "auto");

    /**
     * Whether a split product is cut by columns of C (every part repacks op(A), m x k) rather than
     * by rows (every part repacks op(B), k x n). Packing op(A) costs about twice per element what
     * packing an untransposed B costs (vector copies), a transposed B about three times.
     */
    static boolean splitByColumns(boolean transB, int m, int n) {
        switch (SPLIT_BY) {
            case "rows":
                return false;
            case "cols":
                return true;
            default:
                return 2L * m <= (long) n * (transB ? 3 : 1);
        }
    }

    static int roundUp(int x, int to) {
        return (x + to - 1) / to * to;
    }

    /** Whether SIMD is worth using here: the preferred species holds at least two lanes. */
    static boolean usable() {
        return D_L >= 2 && F_L >= 2;
    }

    /** How many threads a product of this size is split over. */
    static int tasks(int m, int n, int k) {
        if (THREADS <= 1) {
            return 1;
        }
        long fmas = (long) m * n * k;
        long t = Math.min(THREADS, fmas / MIN_FMAS_PER_TASK);
        return (int) Math.max(1, t);
    }

    /** How the register kernel combines with C: add to it, ignore it (beta 0), or scale it by beta first. */
    static final int C_ADD = 0;
    static final int C_ZERO = 1;
    static final int C_SCALE = 2;

    /** The C operand of the first k-block's update: mode C_SCALE computes beta * c, as a separate pass would. */
    static int cMode(boolean firstBlock, double beta) {
        return !firstBlock || beta == 1.0 ? C_ADD : beta == 0.0 ? C_ZERO : C_SCALE;
    }

    /** Splits [0, units) into t nearly equal contiguous ranges; returns the start of range i. */
    static int split(int units, int t, int i) {
        return (int) ((long) units * i / t);
    }

    /** C = alpha * op(A) * op(B) + beta * C, arguments already validated, m, n, k, alpha non-trivial. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        VectorGemmF64.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** The float32 twin of the float64 {@code gemm}. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        VectorGemmF32.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * Whether {@code C = alpha * X * W^T + beta * C} (op(A) = X untransposed, op(B) = W^T) is computed as its
     * transpose with W's rows read in place ({@link VectorRowsGemmF64}): a product split over threads, below the
     * size whose first products are tasted ({@code GemmEntryF64.TASTE_MIN_FMAS}), with no more rows than columns,
     * so that the packed operand (X^T, m x k) is the smaller one. Same bits as {@link #gemm}.
     */
    static boolean byRows(boolean transA, boolean transB, int m, int n, int k) {
        long fmas = (long) m * n * k;
        return !transA && transB && m > 0 && m <= n && fmas > VectorGemm.REFERENCE_MAX_FMAS
                && fmas < GemmEntryF64.TASTE_MIN_FMAS && tasks(m, n, k) > 1;
    }

    /** {@link VectorRowsGemmF64#gemm} on {@link #tasks} threads, arguments already validated. */
    static void gemmByRows(int m, int n, int k, double alpha, double[] x, int xOff, int ldx,
                           double[] w, int wOff, int ldw, double beta, double[] c, int cOff, int ldc) {
        VectorRowsGemmF64.gemm(tasks(m, n, k), m, n, k, alpha, x, xOff, ldx, w, wOff, ldw, beta, c, cOff, ldc);
    }

    static void gemmByRows(int m, int n, int k, float alpha, float[] x, int xOff, int ldx,
                           float[] w, int wOff, int ldw, float beta, float[] c, int cOff, int ldc) {
        VectorRowsGemmF32.gemm(tasks(m, n, k), m, n, k, alpha, x, xOff, ldx, w, wOff, ldw, beta, c, cOff, ldc);
    }

    /** The product on t threads (one independent sub-product each); for tests, which force t. */
    static void gemmParallel(int t, boolean transA, boolean transB, int m, int n, int k, double alpha,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        VectorGemmF64.gemmParallel(t, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    static void gemmParallel(int t, boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        VectorGemmF32.gemmParallel(t, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** The single-threaded blocked product; beta is applied in the first k-block's update of C. */
    static void gemmBlock(boolean transA, boolean transB, int m, int n, int k, double alpha,
                          double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                          double beta, double[] c, int cOff, int ldc) {
        VectorGemmF64.gemmBlock(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    static void gemmBlock(boolean transA, boolean transB, int m, int n, int k, float alpha,
                          float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float beta, float[] c, int cOff, int ldc) {
        VectorGemmF32.gemmBlock(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * A tiny product through the vector path, compared with a scalar reference; false (never an
     * exception) if anything is off, so a broken or unaccelerated Vector API just disables the kernel.
     */
    static boolean selfTest() {
        if (!usable()) {
            return false;
        }
        int m = MR + 1;
        int n = D_NR + 3;
        int fn = F_NR + 3;
        int k = 5;
        double[] a = new double[m * k];
        double[] b = new double[k * fn];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 7) - 3;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (i % 5) - 2;
        }
        double[] c = new double[m * n];
        Arrays.fill(c, 1.0);
        gemmBlock(false, false, m, n, k, 2.0, a, 0, k, b, 0, n, 3.0, c, 0, n);
        float[] fa = new float[a.length];
        float[] fb = new float[b.length];
        for (int i = 0; i < a.length; i++) {
            fa[i] = (float) a[i];
        }
        for (int i = 0; i < b.length; i++) {
            fb[i] = (float) b[i];
        }
        float[] fc = new float[m * fn];
        Arrays.fill(fc, 1.0f);
        gemmBlock(false, false, m, fn, k, 2.0f, fa, 0, k, fb, 0, fn, 3.0f, fc, 0, fn);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < fn; j++) {
                double s = 0;
                double fs = 0;
                for (int p = 0; p < k; p++) {
                    if (j < n) {
                        s += a[i * k + p] * b[p * n + j];
                    }
                    fs += a[i * k + p] * b[p * fn + j];
                }
                // small integers: both paths are exact
                if (j < n && c[i * n + j] != 2.0 * s + 3.0) {
                    return false;
                }
                if (fc[i * fn + j] != (float) (2.0 * fs + 3.0)) {
                    return false;
                }
            }
        }
        return true;
    }
}
package org.grad4j.cpu;

import org.grad4j.Config;

/**
 * Row-major BLAS-style GEMM, {@code C = alpha * op(A) * op(B) + beta * C}, in pure Java on the
 * JDK's Vector API ({@code jdk.incubator.vector}) when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}.
 *
 * <p>This facade names no incubator type: it checks the boot layer once, and only then loads
 * {@link VectorGemmKernel}. Without the module {@link #isAvailable()} is false and {@code gemm}
 * still works through plain scalar loops (callers prefer PlainGemm for large products then). Products
 * up to {@link #REFERENCE_MAX_FMAS} run in the reference BLAS order (the tiny ones in scalar
 * loops that allocate nothing and start no thread).
 *
 * <p>Results are deterministic: for a given machine and shape, they do not depend on the number
 * of threads or on scheduling.
 *
 * <p>Settings ({@link Config}): {@code grad4j.cpu.threads} (see {@link Workers}),
 * {@code grad4j.cpu.vectorApi=false} (no Vector API), {@code grad4j.gemm.*} (blocking and splitting).
 */
final class VectorGemm {
    private VectorGemm() {
    }

    /**
     * Below this many multiply-adds the scalar loops win over packing (measured crossover on a Zen
     * core: about 8 x 8 x 8; a 1 x 1 x 1 product costs ~15 ns through the facade).
     */
    static final long SMALL_FMAS = Config.getLong("grad4j.gemm.smallFmas", 512);

    /** The setting that starts the JVM with the Vector API, for messages. */
    static final String FLAG = "--add-modules jdk.incubator.vector";

    /**
     * Up to this many multiply-adds (64 x 64 x 64) a product runs in the reference BLAS order,
     * PyTorch's with Debian's default libblas3: in-order dot products, each product rounded, no
     * FMA ({@link VectorDotGemm} on Vector API lanes, or {@link #scalar}). Above it the blocked SIMD
     * kernel's FMA order runs (within a few ulps; measured in VectorGemmTest).
     */
    static final long REFERENCE_MAX_FMAS = Config.getLong("grad4j.gemm.referenceMaxFmas", 64L * 64 * 64);

    /**
     * The probe's answer as constants, which the JIT folds on hot paths. The first use waits for
     * {@link VectorProbe} (started on a daemon thread when the backend opens); only paths that would run on
     * lanes ask, so small work never waits for it.
     */
    private static final class Answer {
        static final VectorProbe.Result RESULT = VectorProbe.SHARED.result();
        static final boolean AVAILABLE = RESULT.available();
        static final boolean LANES = RESULT.lanes();
    }

    /**
     * Why the SIMD kernel is or is not in use, e.g. {@code jdk.incubator.vector, 512-bit vectors}.
     *
     * @return the reason, in words
     */
    static String why() {
        return Answer.RESULT.why();
    }

    /** True when the kernel is off only because the JVM lacks the module: the case the slow-path warning is for. */
    static boolean moduleMissing() {
        return Answer.RESULT.moduleMissing();
    }

    /**
     * True when jdk.incubator.vector is in the boot layer (java --add-modules jdk.incubator.vector)
     * and the kernel works. Never throws, and never fails class loading when the module is absent.
     */
    static boolean isAvailable() {
        return Answer.AVAILABLE;
    }

    /**
     * Whether the kernels on {@link VectorReduce}'s 512-bit species (sums, softmax rows, elementwise) can run:
     * {@link #isAvailable()} and {@link VectorReduce#usable()}. Never throws when the module is absent.
     */
    static boolean lanesUsable() {
        return Answer.LANES;
    }

    /**
     * Row-major {@code C = alpha*op(A)*op(B) + beta*C} with BLAS semantics: op(A) is m x k, op(B) is
     * k x n; {@code transA} means A is stored as its k x m transpose (row-major, leading dimension
     * lda), likewise B. {@code beta == 0} ignores C's old contents (NaN included);
     * {@code alpha == 0} or {@code k == 0} reads neither A nor B.
     *
     * @throws IllegalArgumentException for negative sizes or leading dimensions too small
     * @throws IndexOutOfBoundsException when a matrix does not fit its array (nothing is written then)
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        GemmEntryF64.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** The float32 twin of {@link #gemm(boolean, boolean, int, int, int, double, double[], int, int, double[], int, int, double, double[], int, int)}. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        GemmEntryF32.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * Plain loops in the reference BLAS order (see {@code GemmEntryF64.scalar}); for tests, which
     * compare the vector paths with them.
     */
    static void scalar(boolean transA, boolean transB, int m, int n, int k, double alpha,
                       double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                       double beta, double[] c, int cOff, int ldc) {
        GemmEntryF64.scalar(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    static void scalar(boolean transA, boolean transB, int m, int n, int k, float alpha,
                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        GemmEntryF32.scalar(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    static void checkSizes(int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative size: m=" + m + " n=" + n + " k=" + k);
        }
    }

    /** A rows x cols matrix with leading dimension ld at offset off must lie inside [0, length). */
    static void checkMatrix(String name, int length, int off, int rows, int cols, int ld) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("ld" + name.toLowerCase(java.util.Locale.ROOT) + "=" + ld
                    + " < " + cols + " columns of " + name);
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long last = (long) off + (long) (rows - 1) * ld + cols - 1;
        if (off < 0 || last >= length) {
            throw new IndexOutOfBoundsException(name + ": " + rows + "x" + cols + " with ld " + ld
                    + " at offset " + off + " does not fit in an array of " + length);
        }
    }
}

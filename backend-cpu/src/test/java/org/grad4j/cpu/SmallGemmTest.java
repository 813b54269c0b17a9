package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link SmallGemmF64}'s plain loops give the bits of the Vector API kernels they stand in for while those are
 * cold: {@code reference} those of {@link VectorDotGemm} (and {@link VectorGemm#scalar}), {@code fused} those
 * of the blocked kernel, in float64 and float32, for every transpose, offsets, padded leading dimensions,
 * alpha and beta (0, 1, other), k over several k-blocks, and the shapes computed transposed (narrow C); and a
 * cold large product's mix of the blocked kernel and {@code fused}'s loops in panels over the workers.
 */
class SmallGemmTest {
    private static final int[] M = {1, 3, 10, 16, 17, 32, 33, 70};
    private static final int[] N = {1, 2, 7, 10, 16, 31, 64, 129};
    private static final int[] K = {1, 3, 4, 10, 64, 67};
    private static final double[][] ALPHA_BETA = {{1, 0}, {1, 1}, {0.75, -1.5}, {-2, 0}};

    private static void requireKernel() {
        Assumptions.assumeTrue(VectorGemm.isAvailable(), "this JVM runs without jdk.incubator.vector");
    }

    /** The plain loops under test: reference-order, fused (blocked order), or a cold large product's mix. */
    private enum Path { REFERENCE, FUSED, TASTE }

    private static void check(boolean fused, boolean ta, boolean tb, int m, int n, int k, double alpha, double beta,
                              int pad, SplittableRandom r) {
        check(fused ? Path.FUSED : Path.REFERENCE, ta, tb, m, n, k, alpha, beta, pad, r);
    }

    /** One case on both paths of one kind, in both dtypes; the padding around C must stay untouched. */
    private static void check(Path path, boolean ta, boolean tb, int m, int n, int k, double alpha, double beta,
                              int pad, SplittableRandom r) {
        int aOff = pad;
        int bOff = 2 * pad;
        int cOff = pad;
        int lda = (ta ? m : k) + pad;
        int ldb = (tb ? k : n) + pad;
        int ldc = n + pad;
        double[] a = random(r, aOff + (ta ? k : m) * lda);
        double[] b = random(r, bOff + (tb ? n : k) * ldb);
        double[] c0 = random(r, cOff + m * ldc + pad);
        if (beta == 0) {
            java.util.Arrays.fill(c0, Double.NaN); // ignored inside C, kept outside
        }
        double[] c1 = c0.clone();
        double[] c2 = c0.clone();
        float[] fa = toFloat(a);
        float[] fb = toFloat(b);
        float[] f1 = toFloat(c0);
        float[] f2 = toFloat(c0);
        if (path == Path.REFERENCE) {
            VectorDotGemm.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c1, cOff, ldc);
            SmallGemmF64.reference(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c2, cOff, ldc);
            VectorDotGemm.gemm(ta, tb, m, n, k, (float) alpha, fa, aOff, lda, fb, bOff, ldb, (float) beta, f1, cOff, ldc);
            SmallGemmF32.reference(ta, tb, m, n, k, (float) alpha, fa, aOff, lda, fb, bOff, ldb, (float) beta, f2, cOff, ldc);
        } else {
            VectorGemmKernel.gemmBlock(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c1, cOff, ldc);
            VectorGemmKernel.gemmBlock(ta, tb, m, n, k, (float) alpha, fa, aOff, lda, fb, bOff, ldb, (float) beta, f1, cOff, ldc);
            if (path == Path.FUSED) {
                SmallGemmF64.fused(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c2, cOff, ldc);
                SmallGemmF32.fused(ta, tb, m, n, k, (float) alpha, fa, aOff, lda, fb, bOff, ldb, (float) beta, f2, cOff, ldc);
            } else {
                GemmEntryF64.taste(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c2, cOff, ldc);
                GemmEntryF32.taste(ta, tb, m, n, k, (float) alpha, fa, aOff, lda, fb, bOff, ldb, (float) beta, f2, cOff, ldc);
            }
        }
        String what = path + " ta=" + ta + " tb=" + tb + " " + m + "x" + n + "x" + k
                + " alpha=" + alpha + " beta=" + beta + " pad=" + pad;
        for (int i = 0; i < c1.length; i++) {
            final int at = i;
            assertEquals(Double.doubleToRawLongBits(c1[i]), Double.doubleToRawLongBits(c2[i]), () -> what + " f64 at " + at);
            assertEquals(Float.floatToRawIntBits(f1[i]), Float.floatToRawIntBits(f2[i]), () -> what + " f32 at " + at);
        }
    }

    private static double[] random(SplittableRandom r, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            // float32 values, some negative zeros: the sums' signs of zero must agree too
            x[i] = r.nextInt(50) == 0 ? -0.0 : (float) (-1 + 2 * r.nextDouble());
        }
        return x;
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    @Test
    void referenceLoopsGiveTheDotKernelsBits() {
        requireKernel();
        SplittableRandom r = new SplittableRandom(16);
        int cases = 0;
        for (int m : M) {
            for (int n : N) {
                int k = K[r.nextInt(K.length)];
                double[] ab = ALPHA_BETA[r.nextInt(ALPHA_BETA.length)];
                check(false, r.nextBoolean(), r.nextBoolean(), m, n, k, ab[0], ab[1], r.nextInt(3), r);
                cases++;
            }
        }
        assertTrue(cases > 50);
    }

    @Test
    void fusedLoopsGiveTheBlockedKernelsBits() {
        requireKernel();
        SplittableRandom r = new SplittableRandom(17);
        for (int m : M) {
            for (int n : N) {
                int k = K[r.nextInt(K.length)];
                double[] ab = ALPHA_BETA[r.nextInt(ALPHA_BETA.length)];
                check(true, r.nextBoolean(), r.nextBoolean(), m, n, k, ab[0], ab[1], r.nextInt(3), r);
            }
        }
        // over several k-blocks (KC = 256): every block after the first adds to C
        int kc = VectorGemmKernel.D_KC;
        for (double[] ab : ALPHA_BETA) {
            check(true, false, true, 9, 40, 2 * kc + 5, ab[0], ab[1], 1, r);
            check(true, true, false, 20, 5, kc + 1, ab[0], ab[1], 0, r);
        }
    }

    @Test
    void digitsShapesAllTransposes() {
        requireKernel();
        SplittableRandom r = new SplittableRandom(18);
        int[][] shapes = {{32, 128, 64}, {32, 10, 128}, {32, 128, 10}, {10, 128, 32}, {128, 64, 32}, {359, 128, 64}, {359, 10, 128}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                check(false, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 1, t == 3 ? 1 : 0, 0, r);
                check(true, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 1, t == 3 ? 1 : 0, 0, r);
            }
        }
    }

    /**
     * A large product while the blocked kernel is cold ({@code GemmEntryF64.taste}: a slice of rows by the kernel,
     * the rest by {@code SmallGemmF64.fusedPanels} over the workers): the kernel's bits, for every transpose,
     * alpha and beta, k over several k-blocks, C wider than one packed panel (131,072 / k columns), and row
     * counts that do not divide into the workers' pieces.
     */
    @Test
    void coldLargeProductsGiveTheBlockedKernelsBits() {
        requireKernel();
        SplittableRandom r = new SplittableRandom(19);
        int[][] shapes = {{32, 40, 9}, {33, 17, 300}, {34, 1030, 40}, {33, 70, 2100}, {50, 700, 600}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                double[] ab = ALPHA_BETA[t];
                check(Path.TASTE, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], ab[0], ab[1], t == 3 ? 3 : 0, r);
            }
        }
    }
}

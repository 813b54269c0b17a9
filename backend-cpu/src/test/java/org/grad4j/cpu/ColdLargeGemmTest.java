package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A large product while the blocked kernel is cold ({@code GemmEntryF64.taste}: a slice of rows by the kernel,
 * the rest by {@code SmallGemmF64.fusedPanels} over the workers) gives the kernel's bits, in float64 and float32:
 * every transpose, offsets and padded leading dimensions, alpha and beta (0, 1, other), k over several k-blocks,
 * C wider than one packed panel, and row counts that do not divide into the workers' pieces.
 */
class ColdLargeGemmTest {
    private static final int[][] MNK = {{32, 40, 9}, {33, 17, 300}, {34, 1030, 40}, {33, 70, 2100}, {47, 9, 64}};
    private static final double[][] ALPHA_BETA = {{1, 0}, {1, 1}, {0.75, -1.5}, {-2, 0}};

    @Test
    void tastingGivesTheKernelsBits() {
        Assumptions.assumeTrue(VectorGemm.isAvailable(), "this JVM runs without jdk.incubator.vector");
        SplittableRandom r = new SplittableRandom(11);
        for (int[] s : MNK) {
            for (double[] ab : ALPHA_BETA) {
                for (int t = 0; t < 4; t++) {
                    check(t % 2 == 1, t / 2 == 1, s[0], s[1], s[2], ab[0], ab[1], t == 3 ? 3 : 0, r);
                }
            }
        }
    }

    @Test
    void panelsOfAnyWidthGiveFusedsBits() {
        Assumptions.assumeTrue(VectorGemm.isAvailable(), "this JVM runs without jdk.incubator.vector");
        SplittableRandom r = new SplittableRandom(12);
        // wider than a panel (131,072 / k columns) and more rows than one worker piece, every transpose
        int m = 50;
        int n = 700;
        int k = 600;
        for (int t = 0; t < 4; t++) {
            boolean ta = t % 2 == 1;
            boolean tb = t / 2 == 1;
            double[] a = random(r, m * k);
            double[] b = random(r, k * n);
            double[] c1 = random(r, m * n);
            double[] c2 = c1.clone();
            VectorGemmKernel.gemmBlock(ta, tb, m, n, k, 1.0, a, 0, ta ? m : k, b, 0, tb ? k : n, 1.0, c1, 0, n);
            SmallGemmF64.fusedPanels(ta, tb, m, n, k, 1.0, a, 0, ta ? m : k, b, 0, tb ? k : n, 1.0, c2, 0, n);
            for (int i = 0; i < c1.length; i++) {
                assertEquals(Double.doubleToRawLongBits(c1[i]), Double.doubleToRawLongBits(c2[i]),
                        "ta=" + ta + " tb=" + tb + " element " + i);
            }
        }
    }

    private static void check(boolean ta, boolean tb, int m, int n, int k, double alpha, double beta, int pad,
                              SplittableRandom r) {
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
        float[] f1 = toFloat(c0);
        float[] f2 = toFloat(c0);
        float[] fa = toFloat(a);
        float[] fb = toFloat(b);
        VectorGemmKernel.gemmBlock(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c1, cOff, ldc);
        GemmEntryF64.taste(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c2, cOff, ldc);
        VectorGemmKernel.gemmBlock(ta, tb, m, n, k, (float) alpha, fa, aOff, lda, fb, bOff, ldb, (float) beta, f1, cOff, ldc);
        GemmEntryF32.taste(ta, tb, m, n, k, (float) alpha, fa, aOff, lda, fb, bOff, ldb, (float) beta, f2, cOff, ldc);
        String what = "ta=" + ta + " tb=" + tb + " " + m + "x" + n + "x" + k + " alpha=" + alpha + " beta=" + beta
                + " pad=" + pad;
        for (int i = 0; i < c1.length; i++) {
            assertEquals(Double.doubleToRawLongBits(c1[i]), Double.doubleToRawLongBits(c2[i]), what + " f64 element " + i);
            assertEquals(Float.floatToRawIntBits(f1[i]), Float.floatToRawIntBits(f2[i]), what + " f32 element " + i);
        }
    }

    private static double[] random(SplittableRandom r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble(-1, 1);
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
}

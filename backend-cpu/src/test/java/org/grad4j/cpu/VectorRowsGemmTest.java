package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorRowsGemmF64} (X * W^T computed as W * X^T, W's rows read in place) gives the blocked kernel's
 * bits ({@link VectorGemmKernel#gemmParallel} on one thread): the MLP 784-256-10's forward, k past one and
 * several k-blocks with a short last block, row counts that leave a partial sliver of W's rows and of X's
 * rows, alpha and beta 0 / 1 / other, offsets and leading dimensions, one and two threads; C's padding is
 * never written. Also which products {@link VectorGemmKernel#byRows} sends there.
 */
class VectorRowsGemmTest {

    private static void check(int m, int n, int k, double alpha, double beta, int pad, int threads, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int xOff = pad;
        int wOff = pad + 1;
        int cOff = 2 * pad;
        int ldx = k + pad;
        int ldw = k + 2 * pad;
        int ldc = n + pad + 1;
        double[] x = new double[xOff + m * ldx];
        double[] w = new double[wOff + n * ldw];
        double[] c0 = new double[cOff + m * ldc + 3];
        fill(r, x);
        fill(r, w);
        fill(r, c0);
        double[] want = c0.clone();
        double[] got = c0.clone();
        VectorGemmKernel.gemmParallel(1, false, true, m, n, k, alpha, x, xOff, ldx, w, wOff, ldw, beta, want, cOff, ldc);
        VectorRowsGemmF64.gemm(threads, m, n, k, alpha, x, xOff, ldx, w, wOff, ldw, beta, got, cOff, ldc);
        float[] fx = floats(x);
        float[] fw = floats(w);
        float[] fwant = floats(c0);
        float[] fgot = floats(c0);
        VectorGemmKernel.gemmParallel(1, false, true, m, n, k, (float) alpha, fx, xOff, ldx, fw, wOff, ldw, (float) beta, fwant,
                cOff, ldc);
        VectorRowsGemmF32.gemm(threads, m, n, k, (float) alpha, fx, xOff, ldx, fw, wOff, ldw, (float) beta, fgot, cOff, ldc);
        String what = m + "x" + n + "x" + k + " alpha " + alpha + " beta " + beta + " pad " + pad + " threads " + threads;
        for (int i = 0; i < want.length; i++) {
            final int at = i;
            assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]),
                    () -> what + " f64 at " + at + ": " + want[at] + " vs " + got[at]);
            assertEquals(Float.floatToRawIntBits(fwant[i]), Float.floatToRawIntBits(fgot[i]),
                    () -> what + " f32 at " + at + ": " + fwant[at] + " vs " + fgot[at]);
        }
    }

    private static void fill(SplittableRandom r, double[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
        }
    }

    private static float[] floats(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    @Test
    void mlpForwardGivesTheBlockedKernelsBits() {
        Assumptions.assumeTrue(VectorGemm.isAvailable(), "this JVM runs without jdk.incubator.vector");
        // Linear(784, 256) on a batch of 64, onto its bias (beta 1)
        check(64, 256, 784, 1.0, 1.0, 0, 2, 1);
    }

    @Test
    void everyEdgeGivesTheBlockedKernelsBits() {
        Assumptions.assumeTrue(VectorGemm.isAvailable(), "this JVM runs without jdk.incubator.vector");
        int[][] shapes = {{1, 7, 3}, {5, 6, 255}, {6, 13, 256}, {7, 12, 257}, {15, 31, 513}, {16, 32, 300}, {17, 33, 40},
                {31, 20, 520}, {13, 40, 600}, {50, 20, 129}};
        double[][] alphaBeta = {{1, 0}, {1, 1}, {0.5, -1.25}, {-2, 0}};
        long seed = 10;
        for (int[] s : shapes) {
            for (int q = 0; q < 2; q++) {
                double[] ab = alphaBeta[(int) (seed % alphaBeta.length)];
                check(s[0], s[1], s[2], ab[0], ab[1], (int) (seed % 3), 1 + (int) (seed / 4 % 2), seed++);
            }
        }
    }

    @Test
    void byRowsTakesSplitForwardProductsOnly() {
        Assumptions.assumeTrue(VectorGemm.isAvailable(), "this JVM runs without jdk.incubator.vector");
        Assumptions.assumeTrue(VectorGemmKernel.THREADS > 1, "one thread: no product is split");
        assertTrue(VectorGemmKernel.byRows(false, true, 64, 256, 784), "the MLP's forward");
        assertFalse(VectorGemmKernel.byRows(true, false, 256, 784, 64), "its weight gradient");
        assertFalse(VectorGemmKernel.byRows(false, false, 64, 256, 784), "W untransposed");
        assertFalse(VectorGemmKernel.byRows(false, true, 256, 64, 784), "more rows than columns");
        assertFalse(VectorGemmKernel.byRows(false, true, 256, 1024, 1024), "the wide layer (tasted while cold)");
        assertFalse(VectorGemmKernel.byRows(false, true, 16, 32, 64), "a reference-order product");
    }
}

package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorDotGemm} gives the reference-order scalar loops' bits ({@link VectorGemm#scalar}) on every
 * column-loop form: four, two and one vectors at a time, a row's last full vector paired with the tail, the
 * tail as one more vector over the row's last lanes (only its new lanes stored), the scalar tail of rows
 * narrower than a vector, the one-vector-per-row form of outputs half a vector to a vector wide (the MLP's
 * 64 x 10 layer in float32) and the transposed form of narrower ones. Widths around every multiple of both dtypes' lane counts, all transposes, alpha, beta 0 / 1 /
 * other, offsets and leading dimensions; C's padding is never written.
 */
class VectorDotGemmTest {

    private static void check(boolean ta, boolean tb, int m, int n, int k, double alpha, double beta, int pad, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int aOff = pad;
        int bOff = pad + 1;
        int cOff = 2 * pad;
        int lda = (ta ? m : k) + pad;
        int ldb = (tb ? k : n) + pad;
        int ldc = n + pad + 1;
        double[] a = new double[aOff + (ta ? k : m) * lda];
        double[] b = new double[bOff + (tb ? n : k) * ldb];
        double[] c0 = new double[cOff + m * ldc + 3];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextDouble(-1, 1);
        }
        for (int i = 0; i < c0.length; i++) {
            c0[i] = (float) r.nextDouble(-1, 1);
        }
        float[] fa = new float[a.length];
        float[] fb = new float[b.length];
        float[] fc0 = new float[c0.length];
        for (int i = 0; i < a.length; i++) {
            fa[i] = (float) a[i];
        }
        for (int i = 0; i < b.length; i++) {
            fb[i] = (float) b[i];
        }
        for (int i = 0; i < c0.length; i++) {
            fc0[i] = (float) c0[i];
        }
        double[] want = c0.clone();
        double[] got = c0.clone();
        VectorGemm.scalar(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, want, cOff, ldc);
        VectorDotGemm.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, got, cOff, ldc);
        float[] fwant = fc0.clone();
        float[] fgot = fc0.clone();
        VectorGemm.scalar(ta, tb, m, n, k, (float) alpha, fa, aOff, lda, fb, bOff, ldb, (float) beta, fwant, cOff, ldc);
        VectorDotGemm.gemm(ta, tb, m, n, k, (float) alpha, fa, aOff, lda, fb, bOff, ldb, (float) beta, fgot, cOff, ldc);
        String what = (ta ? "T" : "N") + (tb ? "T" : "N") + " " + m + "x" + n + "x" + k + " alpha " + alpha + " beta " + beta
                + " pad " + pad;
        for (int i = 0; i < want.length; i++) {
            final int at = i;
            assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]),
                    () -> what + " f64 at " + at + ": " + want[at] + " vs " + got[at]);
            assertEquals(Float.floatToRawIntBits(fwant[i]), Float.floatToRawIntBits(fgot[i]),
                    () -> what + " f32 at " + at + ": " + fwant[at] + " vs " + fgot[at]);
        }
    }

    @Test
    void everyColumnLoopGivesTheReferenceBits() {
        Assumptions.assumeTrue(VectorGemm.isAvailable(), "this JVM runs without jdk.incubator.vector");
        int[] widths = {1, 3, 7, 8, 9, 10, 15, 16, 17, 23, 24, 25, 31, 32, 33, 40, 47, 48, 63, 64, 65, 70, 79, 80, 97};
        double[][] alphaBeta = {{1, 0}, {1, 1}, {0.5, -1.25}};
        long seed = 1;
        for (int n : widths) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    double[] ab = alphaBeta[(int) (seed % 3)];
                    int m = 1 + (int) (seed % 5) * 4; // 1 .. 17 rows: both the direct and the transposed form
                    check(ta, tb, m, n, 1 + (int) (seed % 40), ab[0], ab[1], (int) (seed % 3), seed++);
                }
            }
        }
    }

    @Test
    void narrowOutputsGiveTheReferenceBits() {
        Assumptions.assumeTrue(VectorGemm.isAvailable(), "this JVM runs without jdk.incubator.vector");
        // half a vector to one vector wide (float32 8..15 columns, float64 4..7), four rows at a time and the rest
        double[][] alphaBeta = {{1, 0}, {1, 1}, {0.5, -1.25}};
        long seed = 200;
        for (int n = 4; n < 16; n++) {
            for (int m : new int[] {16, 19, 64}) {
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        double[] ab = alphaBeta[(int) (seed % 3)];
                        check(ta, tb, m, n, 1 + (int) (seed % 37), ab[0], ab[1], (int) (seed % 3), seed++);
                    }
                }
            }
        }
    }

    @Test
    void mlpSmallProductsGiveTheReferenceBits() {
        Assumptions.assumeTrue(VectorGemm.isAvailable(), "this JVM runs without jdk.incubator.vector");
        // Linear(256, 10) forward onto its bias, its input's gradient g * W2 and its weight's gradient g^T * h
        check(false, true, 64, 10, 256, 1.0, 1.0, 0, 101);
        check(false, false, 64, 256, 10, 1.0, 0.0, 0, 102);
        check(true, false, 10, 256, 64, 1.0, 0.0, 0, 103);
    }
}

package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The blocked SIMD kernel's documented summation order, bit for bit, against a scalar emulation of it
 * ({@link VectorGemmKernel}): each element of C takes, for each k-block of KC in increasing order,
 * {@code acc = fma(a, b, acc)} from 0 in increasing k, then {@code c = fma(acc, alpha, c)}, where the first
 * block's c is C (beta 1), 0 (beta 0) or {@code beta * C}. On the MLP 784-256-10 step's two large products
 * (X * W^T with the bias in C; g^T * X) and shapes with edge tiles, several k-blocks, offsets and leading
 * dimensions, one thread and several. A faster kernel that changed any element's operations fails here
 * (the conformance goldens, from PyTorch, bound the error; this pins the bits).
 */
class BlockedOrderTest {

    private static void requireKernel() {
        Assumptions.assumeTrue(VectorGemm.isAvailable(), "this JVM runs without jdk.incubator.vector");
    }

    /** op(A)[i][p] for A stored row-major with leading dimension lda from offset aOff. */
    private static int at(boolean t, int i, int p, int off, int ld) {
        return t ? off + p * ld + i : off + i * ld + p;
    }

    private static double[] emulate(boolean ta, boolean tb, int m, int n, int k, double alpha, double[] a, int aOff,
                                    int lda, double[] b, int bOff, int ldb, double beta, double[] c0, int cOff, int ldc) {
        double[] c = c0.clone();
        int kc = VectorGemmKernel.D_KC;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int ci = cOff + i * ldc + j;
                double v = c[ci];
                for (int pc = 0; pc < k; pc += kc) {
                    double acc = 0.0;
                    for (int p = pc; p < Math.min(k, pc + kc); p++) {
                        acc = Math.fma(a[at(ta, i, p, aOff, lda)], b[at(tb, p, j, bOff, ldb)], acc);
                    }
                    double in = pc > 0 || beta == 1.0 ? v : beta == 0.0 ? 0.0 : v * beta;
                    v = Math.fma(acc, alpha, in);
                }
                c[ci] = v;
            }
        }
        return c;
    }

    private static float[] emulate(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int aOff,
                                   int lda, float[] b, int bOff, int ldb, float beta, float[] c0, int cOff, int ldc) {
        float[] c = c0.clone();
        int kc = VectorGemmKernel.F_KC;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int ci = cOff + i * ldc + j;
                float v = c[ci];
                for (int pc = 0; pc < k; pc += kc) {
                    float acc = 0f;
                    for (int p = pc; p < Math.min(k, pc + kc); p++) {
                        acc = Math.fma(a[at(ta, i, p, aOff, lda)], b[at(tb, p, j, bOff, ldb)], acc);
                    }
                    float in = pc > 0 || beta == 1f ? v : beta == 0f ? 0f : v * beta;
                    v = Math.fma(acc, alpha, in);
                }
                c[ci] = v;
            }
        }
        return c;
    }

    /** Routes: 0 VectorGemmKernel.gemm (threads by size), 1 gemmBlock, t >= 2 gemmParallel on t threads. */
    private static void check(boolean ta, boolean tb, int m, int n, int k, double alpha, double beta, int pad,
                              long seed, int... routes) {
        SplittableRandom r = new SplittableRandom(seed);
        int aOff = pad;
        int bOff = 2 * pad;
        int cOff = pad / 2;
        int lda = (ta ? m : k) + pad;
        int ldb = (tb ? k : n) + pad;
        int ldc = n + pad;
        double[] a = new double[aOff + (ta ? k : m) * lda];
        double[] b = new double[bOff + (tb ? n : k) * ldb];
        double[] c0 = new double[cOff + m * ldc];
        float[] fa = new float[a.length];
        float[] fb = new float[b.length];
        float[] fc0 = new float[c0.length];
        for (int i = 0; i < a.length; i++) {
            fa[i] = (float) r.nextDouble(-1, 1);
            a[i] = r.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.length; i++) {
            fb[i] = (float) r.nextDouble(-1, 1);
            b[i] = r.nextDouble(-1, 1);
        }
        for (int i = 0; i < c0.length; i++) {
            fc0[i] = (float) r.nextDouble(-1, 1);
            c0[i] = r.nextDouble(-1, 1);
        }
        double[] want = emulate(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c0, cOff, ldc);
        float[] fwant = emulate(ta, tb, m, n, k, (float) alpha, fa, aOff, lda, fb, bOff, ldb, (float) beta, fc0, cOff,
                ldc);
        String what = (ta ? "T" : "N") + (tb ? "T" : "N") + " " + m + "x" + n + "x" + k + " alpha " + alpha + " beta "
                + beta + " pad " + pad;
        for (int t : routes) {
            double[] c = c0.clone();
            float[] fc = fc0.clone();
            if (t == 0) {
                VectorGemmKernel.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                VectorGemmKernel.gemm(ta, tb, m, n, k, (float) alpha, fa, aOff, lda, fb, bOff, ldb, (float) beta, fc,
                        cOff, ldc);
            } else if (t == 1) {
                VectorGemmKernel.gemmBlock(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                VectorGemmKernel.gemmBlock(ta, tb, m, n, k, (float) alpha, fa, aOff, lda, fb, bOff, ldb, (float) beta,
                        fc, cOff, ldc);
            } else {
                VectorGemmKernel.gemmParallel(t, ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                VectorGemmKernel.gemmParallel(t, ta, tb, m, n, k, (float) alpha, fa, aOff, lda, fb, bOff, ldb,
                        (float) beta, fc, cOff, ldc);
            }
            for (int i = 0; i < c.length; i++) {
                final int at = i;
                final int route = t;
                assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(c[i]),
                        () -> what + " f64 route " + route + " at " + at + ": " + want[at] + " vs " + c[at]);
                assertEquals(Float.floatToRawIntBits(fwant[i]), Float.floatToRawIntBits(fc[i]),
                        () -> what + " f32 route " + route + " at " + at + ": " + fwant[at] + " vs " + fc[at]);
            }
        }
    }

    @Test
    void mlpStepProductsFollowTheDocumentedOrder() {
        requireKernel();
        // forward X * W1[256,784]^T onto the bias (beta 1), and the weight gradient g1^T * X (k = batch 64);
        // fewer rows of X and columns of the gradient than the benchmark's, as a cold kernel is slow in a test JVM
        check(false, true, 13, 256, 784, 1.0, 1.0, 0, 1, 0);
        check(true, false, 256, 100, 64, 1.0, 0.0, 0, 2, 0);
    }

    @Test
    void everyTransposeEdgeAndBetaFollowsTheDocumentedOrder() {
        requireKernel();
        int[][] shapes = {{13, 37, 600}, {7, 70, 257}, {50, 9, 513}, {1, 33, 300}, {31, 1, 40}, {6, 32, 256}};
        double[][] alphaBeta = {{1, 0}, {1, 1}, {-0.75, 0.5}, {2, -1.5}};
        long seed = 10;
        for (int[] s : shapes) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    double[] ab = alphaBeta[(int) (seed % alphaBeta.length)];
                    check(ta, tb, s[0], s[1], s[2], ab[0], ab[1], (int) (seed % 4), seed++, 0, 1, 2, 3);
                }
            }
        }
    }
}

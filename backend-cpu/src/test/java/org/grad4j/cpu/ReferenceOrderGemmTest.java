package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Products up to {@link VectorGemm#REFERENCE_MAX_FMAS} follow the reference BLAS order exactly:
 * each output is {@code alpha * (0 + a0*b0 + a1*b1 + ...)} with every product rounded, then
 * {@code + beta * C}, whichever path runs them (this test's own loop is the reference). Above the
 * limit the blocked SIMD kernel (FMA, k-blocks) runs; its distance from the reference order is
 * measured here and bounded.
 */
class ReferenceOrderGemmTest {
    /** The reference: one in-order dot product per output. */
    private static double[] reference(boolean ta, boolean tb, int m, int n, int k, double alpha, double[] a, double[] b,
                                      double beta, double[] c0, boolean f32) {
        double[] c = c0.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                if (f32) {
                    float s = 0f;
                    for (int p = 0; p < k; p++) {
                        s += (float) a[ta ? p * m + i : i * k + p] * (float) b[tb ? j * k + p : p * n + j];
                    }
                    float r = (float) alpha * s;
                    c[i * n + j] = beta == 0 ? r : r + (float) beta * (float) c[i * n + j];
                } else {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += a[ta ? p * m + i : i * k + p] * b[tb ? j * k + p : p * n + j];
                    }
                    c[i * n + j] = beta == 0 ? alpha * s : alpha * s + beta * c[i * n + j];
                }
            }
        }
        return c;
    }

    private static double[] random(Random r, int len, boolean f32) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            double v = -1 + 2 * r.nextDouble();
            x[i] = f32 ? (float) v : v;
        }
        return x;
    }

    private static double[] run(boolean ta, boolean tb, int m, int n, int k, double alpha, double[] a, double[] b,
                                double beta, double[] c0, boolean f32, boolean scalar) {
        if (!f32) {
            double[] c = c0.clone();
            if (scalar) {
                VectorGemm.scalar(ta, tb, m, n, k, alpha, a, 0, ta ? m : k, b, 0, tb ? k : n, beta, c, 0, n);
            } else {
                VectorGemm.gemm(ta, tb, m, n, k, alpha, a, 0, ta ? m : k, b, 0, tb ? k : n, beta, c, 0, n);
            }
            return c;
        }
        float[] af = new float[a.length];
        float[] bf = new float[b.length];
        float[] cf = new float[c0.length];
        for (int i = 0; i < a.length; i++) {
            af[i] = (float) a[i];
        }
        for (int i = 0; i < b.length; i++) {
            bf[i] = (float) b[i];
        }
        for (int i = 0; i < c0.length; i++) {
            cf[i] = (float) c0[i];
        }
        if (scalar) {
            VectorGemm.scalar(ta, tb, m, n, k, (float) alpha, af, 0, ta ? m : k, bf, 0, tb ? k : n, (float) beta, cf, 0, n);
        } else {
            VectorGemm.gemm(ta, tb, m, n, k, (float) alpha, af, 0, ta ? m : k, bf, 0, tb ? k : n, (float) beta, cf, 0, n);
        }
        double[] c = new double[cf.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = cf[i];
        }
        return c;
    }

    @Test
    void smallProductsAreInTheReferenceOrderOnEveryPath() {
        Random r = new Random(5);
        int[][] shapes = {{1, 1, 1}, {4, 1, 5}, {1, 1, 64}, {64, 1, 64}, {3, 2, 7}, {8, 8, 8}, {64, 64, 64}, {17, 33, 9},
            {64, 1, 3}, {1, 64, 64}, {5, 40, 31}, {64, 64, 1}, {2, 100, 700}, {64, 10, 256}, {20, 3, 50}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            assertTrue((long) m * n * k <= VectorGemm.REFERENCE_MAX_FMAS);
            for (boolean f32 : new boolean[] {false, true}) {
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) != 0;
                    boolean tb = (t & 2) != 0;
                    double[] a = random(r, m * k, f32);
                    double[] b = random(r, k * n, f32);
                    double[] c = random(r, m * n, f32);
                    for (double[] ab : new double[][] {{1, 0}, {1, 1}, {0.5, -2}}) {
                        double[] expected = reference(ta, tb, m, n, k, ab[0], a, b, ab[1], c, f32);
                        // the path VectorGemm picks, and the scalar loops (four columns at a time) for every shape
                        for (boolean scalar : new boolean[] {false, true}) {
                            double[] actual = run(ta, tb, m, n, k, ab[0], a, b, ab[1], c, f32, scalar);
                            for (int i = 0; i < expected.length; i++) {
                                assertEquals(expected[i], actual[i], 0.0, m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb
                                        + " f32=" + f32 + " alpha,beta=" + ab[0] + "," + ab[1] + " scalar=" + scalar
                                        + " element " + i);
                            }
                        }
                    }
                }
            }
        }
    }

    private static double ulps(double expected, double actual, boolean f32) {
        double ulp = f32 ? Math.ulp((float) expected) : Math.ulp(expected);
        return Math.abs(actual - expected) / ulp;
    }

    /**
     * The blocked SIMD kernel (above the limit): measured against the reference order on uniform
     * [-1, 1) operands, k from 64 to 1024, the largest difference counted in ulps of sqrt(k/3) (the
     * typical magnitude of these sums; a result near zero has no ulps to spare, so not in its own
     * ulps): 20 (float64) and 19 (float32) measured on 2026-12-01, bounded here by 32.
     */
    @Test
    void simdKernelStaysWithinItsMeasuredUlpBound() {
        assumeTrue(VectorGemm.isAvailable(), "no Vector API: products above the limit run in EJML");
        Random r = new Random(9);
        for (boolean f32 : new boolean[] {false, true}) {
            double worst = 0;
            for (int[] s : new int[][] {{65, 64, 64}, {128, 96, 256}, {64, 70, 1024}, {200, 33, 100}}) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                double[] a = random(r, m * k, f32);
                double[] b = random(r, k * n, f32);
                double[] c = new double[m * n];
                double[] expected = reference(false, true, m, n, k, 1, a, b, 0, c, f32);
                double[] actual = run(false, true, m, n, k, 1, a, b, 0, c, f32, false);
                for (int i = 0; i < expected.length; i++) {
                    // in ulps of sqrt(k), the typical magnitude of these sums, so cancellation does not inflate it
                    double scale = Math.sqrt(k / 3.0);
                    double ulp = f32 ? Math.ulp((float) scale) : Math.ulp(scale);
                    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / ulp);
                }
            }
            System.out.println("SIMD GEMM vs reference order, " + (f32 ? "float32" : "float64") + ": max " + worst
                    + " ulps of sqrt(k/3)");
            assertTrue(worst <= 32, "SIMD kernel " + worst + " ulps from the reference order");
        }
    }
}

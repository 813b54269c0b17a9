package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link PlainGemm} gives, bit for bit, {@code beta * c} plus the terms {@code (alpha * a[i][p]) * b[p][j]}
 * in increasing p without fused multiply-adds (EJML's order, which it replaces), for every transpose combination
 * and for sizes that leave remainders in each of its blocks.
 */
class PlainGemmTest {
    private static final int[][] SHAPES = {{1, 1, 1}, {3, 5, 7}, {37, 41, 29}, {9, 600, 131}, {70, 530, 260}};

    @Test
    void float64MatchesTheSequentialSumExactly() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int[] s : SHAPES) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                double[] a = rnd.doubles(m * k, -1, 1).toArray();
                double[] b = rnd.doubles(k * n, -1, 1).toArray();
                double[] c = new double[m * n];
                Arrays.fill(c, Double.NaN); // beta == 0: C's old contents are ignored
                double alpha = 0.75;
                PlainGemm.gemm(ta, tb, m, n, k, alpha, a, ta ? m : k, b, tb ? k : n, 0.0, c, n);
                double[] c0 = rnd.doubles(m * n, -1, 1).toArray();
                double[] c1 = c0.clone();
                PlainGemm.gemm(ta, tb, m, n, k, alpha, a, ta ? m : k, b, tb ? k : n, 0.5, c1, n);
                double[] want = new double[m * n];
                double[] want1 = new double[m * n];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double sum = 0;
                        double sum1 = 0.5 * c0[i * n + j];
                        for (int p = 0; p < k; p++) {
                            double av = ta ? a[p * m + i] : a[i * k + p];
                            double bv = tb ? b[j * k + p] : b[p * n + j];
                            sum = sum + (alpha * av) * bv;
                            sum1 = sum1 + (alpha * av) * bv;
                        }
                        want[i * n + j] = sum;
                        want1[i * n + j] = sum1;
                    }
                }
                assertArrayEquals(want, c, Arrays.toString(s) + " transA=" + ta + " transB=" + tb);
                assertArrayEquals(want1, c1, Arrays.toString(s) + " transA=" + ta + " transB=" + tb + " beta=0.5");
            }
        }
    }

    @Test
    void float32MatchesTheSequentialSumExactly() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int[] s : SHAPES) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                float[] a = new float[m * k];
                float[] b = new float[k * n];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) rnd.nextDouble(-1, 1);
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) rnd.nextDouble(-1, 1);
                }
                float[] c = new float[m * n];
                Arrays.fill(c, Float.NaN);
                float alpha = -1.5f;
                PlainGemm.gemm(ta, tb, m, n, k, alpha, a, ta ? m : k, b, tb ? k : n, 0f, c, n);
                float[] want = new float[m * n];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        float sum = 0;
                        for (int p = 0; p < k; p++) {
                            float av = ta ? a[p * m + i] : a[i * k + p];
                            float bv = tb ? b[j * k + p] : b[p * n + j];
                            sum = sum + (alpha * av) * bv;
                        }
                        want[i * n + j] = sum;
                    }
                }
                assertArrayEquals(want, c, Arrays.toString(s) + " transA=" + ta + " transB=" + tb);
            }
        }
    }
}

package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link PlainGemm} gives, bit for bit, the sum of {@code (alpha * a[i][p]) * b[p][j]} in increasing
 * p without fused multiply-adds (EJML's order, which it replaces), for every transpose combination
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
                Arrays.fill(c, Double.NaN); // C's old contents are ignored
                double alpha = 0.75;
                PlainGemm.gemm(ta, tb, m, n, k, alpha, a, ta ? m : k, b, tb ? k : n, c, n);
                double[] want = new double[m * n];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double sum = 0;
                        for (int p = 0; p < k; p++) {
                            double av = ta ? a[p * m + i] : a[i * k + p];
                            double bv = tb ? b[j * k + p] : b[p * n + j];
                            sum = sum + (alpha * av) * bv;
                        }
                        want[i * n + j] = sum;
                    }
                }
                assertArrayEquals(want, c, Arrays.toString(s) + " transA=" + ta + " transB=" + tb);
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
                PlainGemm.gemm(ta, tb, m, n, k, alpha, a, ta ? m : k, b, tb ? k : n, c, n);
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

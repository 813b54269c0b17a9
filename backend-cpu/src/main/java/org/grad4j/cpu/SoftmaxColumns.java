package org.grad4j.cpu;

import org.grad4j.spi.VectorLibm;

/**
 * softmax and log_softmax over a dim that is not the last, in the order of PyTorch 1.13's CPU kernels
 * ({@code _vec_softmax}, {@code _vec_logsoftmax}, {@code _vec_softmax_backward}, {@code _vec_log_softmax_backward}).
 * One slab {@code [size, inner]} (rows {@code inner} apart) at a time; PyTorch walks the inner dim in vectors of
 * {@link #FLOAT_LANES} float / {@link #DOUBLE_LANES} double columns, and the remaining {@code inner % lanes}
 * columns in scalar loops. Every column's reduction runs down the softmax dim, in the tensor's dtype, starting
 * from 0, so the order is the same for vector and scalar columns; what differs is the {@code exp}: SLEEF's in the
 * vector columns ({@link FastMath#exp}, PyTorch's bits), glibc's in the scalar ones, for which
 * {@link #scalarExp} stands in (the same up to one ulp in about 0.1% of values: Java has no glibc {@code exp}).
 *
 * <p>Measured against torch 1.13 (Debian's AVX2 build; {@code tools/golden/softmax2_golden.py}): the sums of the
 * backward are fused multiply-adds in both kinds of columns; softmax divides by the column sum (the last-dim
 * kernel multiplies by its reciprocal); log_softmax takes SLEEF's {@code log} of every column sum and its
 * maximum ignores NaN ({@code v > max ? v : max} from {@code -inf}), softmax's vector maximum propagates NaN and
 * its scalar one starts at the first row ({@code max < v ? v : max}). A NaN anywhere in a column still makes the
 * whole column NaN (through the sum). With the Vector API the SLEEF columns' exponentials run on 512-bit lanes
 * ({@link VectorSoftmax#expAddColumns}): every column is its own reduction, so the bits are the scalar loops'.
 */
final class SoftmaxColumns {
    /** PyTorch's AVX2 vector width in float32 columns. */
    static final int FLOAT_LANES = 8;
    /** PyTorch's AVX2 vector width in float64 columns. */
    static final int DOUBLE_LANES = 4;

    private SoftmaxColumns() {
    }

    /** glibc's {@code expf}, as near as Java gets: the double exp rounded to float. */
    static float scalarExp(float x) {
        return (float) StrictMath.exp(x);
    }

    /** glibc's {@code exp}, as near as Java gets. */
    static double scalarExp(double x) {
        return StrictMath.exp(x);
    }

    /**
     * One float32 slab forward into {@code o} (which may be {@code x}); {@code max} and {@code sum} are scratch
     * of at least {@code inner} elements.
     */
    static void forward(float[] x, int xi, float[] o, int oi, int size, int inner, boolean log, float[] max,
            float[] sum) {
        int vector = inner - inner % FLOAT_LANES;
        for (int j = 0; j < inner; j++) {
            max[j] = log ? Float.NEGATIVE_INFINITY : x[xi + j];
            sum[j] = 0f;
        }
        for (int k = log ? 0 : 1; k < size; k++) {
            int p = xi + k * inner;
            if (log) {
                int lanes = SoftmaxKernels.vector ? inner & -16 : 0;   // order-free: every column its own
                if (lanes > 0) {
                    VectorSoftmax.greaterColumns(x, p, max, lanes);
                }
                for (int j = lanes; j < inner; j++) {
                    float v = x[p + j];
                    max[j] = v > max[j] ? v : max[j];
                }
            } else {
                for (int j = 0; j < vector; j++) {
                    max[j] = Math.max(max[j], x[p + j]);
                }
                for (int j = vector; j < inner; j++) {
                    float v = x[p + j];
                    max[j] = max[j] < v ? v : max[j];
                }
            }
        }
        int lanes = SoftmaxKernels.vector ? vector & -16 : 0;   // the same exp, 16 columns at a time
        for (int k = 0; k < size; k++) {
            int p = xi + k * inner;
            int q = oi + k * inner;
            if (lanes > 0) {
                VectorSoftmax.expAddColumns(x, p, max, log ? null : o, q, sum, lanes);
            }
            for (int j = lanes; j < vector; j++) {
                float e = FastMath.exp(x[p + j] - max[j]);
                if (!log) {
                    o[q + j] = e;
                }
                sum[j] += e;
            }
            for (int j = vector; j < inner; j++) {
                float e = scalarExp(x[p + j] - max[j]);
                if (!log) {
                    o[q + j] = e;
                }
                sum[j] += e;
            }
        }
        if (log) {
            for (int j = 0; j < inner; j++) {
                sum[j] = VectorLibm.log(sum[j]);
            }
        }
        for (int k = 0; k < size; k++) {
            int p = xi + k * inner;
            int q = oi + k * inner;
            for (int j = 0; j < inner; j++) {
                o[q + j] = log ? (x[p + j] - max[j]) - sum[j] : o[q + j] / sum[j];
            }
        }
    }

    /** {@link #forward(float[], int, float[], int, int, int, boolean, float[], float[])} in float64. */
    static void forward(double[] x, int xi, double[] o, int oi, int size, int inner, boolean log, double[] max,
            double[] sum) {
        int vector = inner - inner % DOUBLE_LANES;
        for (int j = 0; j < inner; j++) {
            max[j] = log ? Double.NEGATIVE_INFINITY : x[xi + j];
            sum[j] = 0.0;
        }
        for (int k = log ? 0 : 1; k < size; k++) {
            int p = xi + k * inner;
            if (log) {
                int lanes = SoftmaxKernels.vector ? inner & -8 : 0;   // order-free: every column its own
                if (lanes > 0) {
                    VectorSoftmax.greaterColumns(x, p, max, lanes);
                }
                for (int j = lanes; j < inner; j++) {
                    double v = x[p + j];
                    max[j] = v > max[j] ? v : max[j];
                }
            } else {
                for (int j = 0; j < vector; j++) {
                    max[j] = Math.max(max[j], x[p + j]);
                }
                for (int j = vector; j < inner; j++) {
                    double v = x[p + j];
                    max[j] = max[j] < v ? v : max[j];
                }
            }
        }
        int lanes = SoftmaxKernels.vector ? vector & -8 : 0;   // the same exp, 8 columns at a time
        for (int k = 0; k < size; k++) {
            int p = xi + k * inner;
            int q = oi + k * inner;
            if (lanes > 0) {
                VectorSoftmax.expAddColumns(x, p, max, log ? null : o, q, sum, lanes);
            }
            for (int j = lanes; j < vector; j++) {
                double e = FastMath.exp(x[p + j] - max[j]);
                if (!log) {
                    o[q + j] = e;
                }
                sum[j] += e;
            }
            for (int j = vector; j < inner; j++) {
                double e = scalarExp(x[p + j] - max[j]);
                if (!log) {
                    o[q + j] = e;
                }
                sum[j] += e;
            }
        }
        if (log) {
            for (int j = 0; j < inner; j++) {
                sum[j] = VectorLibm.log(sum[j]);
            }
        }
        for (int k = 0; k < size; k++) {
            int p = xi + k * inner;
            int q = oi + k * inner;
            for (int j = 0; j < inner; j++) {
                o[q + j] = log ? (x[p + j] - max[j]) - sum[j] : o[q + j] / sum[j];
            }
        }
    }

    /**
     * One float32 slab's input gradient: softmax {@code y (g - sum(g y))} with the sum as fused multiply-adds,
     * log_softmax {@code g - exp(y) sum(g)} as one fused multiply-add; {@code sum} is scratch of {@code inner}.
     */
    static void backward(float[] g, int gi, float[] y, int yi, float[] gx, int oi, int size, int inner, boolean log,
            float[] sum) {
        int vector = inner - inner % FLOAT_LANES;
        int lanes = SoftmaxKernels.vector ? vector & -16 : 0;
        java.util.Arrays.fill(sum, 0, inner, 0f);
        for (int k = 0; k < size; k++) {
            int p = k * inner;
            for (int j = 0; j < inner; j++) {
                sum[j] = log ? sum[j] + g[gi + p + j] : Math.fma(g[gi + p + j], y[yi + p + j], sum[j]);
            }
        }
        for (int k = 0; k < size; k++) {
            int p = k * inner;
            if (log) {
                if (lanes > 0) {
                    VectorSoftmax.logSoftmaxGradColumns(g, gi + p, y, yi + p, sum, gx, oi + p, lanes);
                }
                for (int j = lanes; j < vector; j++) {
                    gx[oi + p + j] = Math.fma(-FastMath.exp(y[yi + p + j]), sum[j], g[gi + p + j]);
                }
                for (int j = vector; j < inner; j++) {
                    gx[oi + p + j] = Math.fma(-scalarExp(y[yi + p + j]), sum[j], g[gi + p + j]);
                }
            } else {
                for (int j = 0; j < inner; j++) {
                    gx[oi + p + j] = y[yi + p + j] * (g[gi + p + j] - sum[j]);
                }
            }
        }
    }

    /** {@link #backward(float[], int, float[], int, float[], int, int, int, boolean, float[])} in float64. */
    static void backward(double[] g, int gi, double[] y, int yi, double[] gx, int oi, int size, int inner,
            boolean log, double[] sum) {
        int vector = inner - inner % DOUBLE_LANES;
        int lanes = SoftmaxKernels.vector ? vector & -8 : 0;
        java.util.Arrays.fill(sum, 0, inner, 0.0);
        for (int k = 0; k < size; k++) {
            int p = k * inner;
            for (int j = 0; j < inner; j++) {
                sum[j] = log ? sum[j] + g[gi + p + j] : Math.fma(g[gi + p + j], y[yi + p + j], sum[j]);
            }
        }
        for (int k = 0; k < size; k++) {
            int p = k * inner;
            if (log) {
                if (lanes > 0) {
                    VectorSoftmax.logSoftmaxGradColumns(g, gi + p, y, yi + p, sum, gx, oi + p, lanes);
                }
                for (int j = lanes; j < vector; j++) {
                    gx[oi + p + j] = Math.fma(-FastMath.exp(y[yi + p + j]), sum[j], g[gi + p + j]);
                }
                for (int j = vector; j < inner; j++) {
                    gx[oi + p + j] = Math.fma(-scalarExp(y[yi + p + j]), sum[j], g[gi + p + j]);
                }
            } else {
                for (int j = 0; j < inner; j++) {
                    gx[oi + p + j] = y[yi + p + j] * (g[gi + p + j] - sum[j]);
                }
            }
        }
    }
}

package org.grad4j.cpu;

import org.grad4j.spi.VectorLibm;

/**
 * Fused softmax and log_softmax over one dim of contiguous operands, forward and backward. Viewed as
 * {@code [outer, size, inner]}: with {@code inner == 1} each row is contiguous and takes three
 * cache-resident passes (max; exp and sum; normalise), on Vector API lanes when {@link #vector} is set;
 * otherwise the {@code size} rows of a slab are walked {@code inner} apart in {@link SoftmaxColumns}, PyTorch's
 * non-last-dim kernels.
 *
 * <p>The maximum is subtracted before {@code exp} (the composite's stable form, NaN and infinities
 * included: a row holding NaN or {@code +inf}, or all {@code -inf}, gives NaN); {@code exp} is
 * {@link FastMath#exp}, PyTorch's to the bit; row sums run in PyTorch's order ({@link #torchSum}), so the bits do
 * not depend on the Vector API, on alignment or on the number of threads, and a contiguous row's are PyTorch's;
 * {@code log} is PyTorch's too ({@link VectorLibm#log}).
 */
final class SoftmaxKernels {
    private SoftmaxKernels() {
    }

    /**
     * Whether the rows run on Vector API lanes (same bits either way; tests switch it): false until
     * {@link VectorProbe} has answered, which sets it.
     */
    static boolean vector = VectorProbe.SHARED.lanesNow();

    /**
     * The sum of {@code a[ai, ai + n)} in the order of PyTorch 1.13's {@code vec::reduce_all} on its AVX2 kernels
     * (softmax's and log_softmax's row sums): eight lanes, lane {@code j} adding elements {@code j, j + 8, ...} in
     * turn and a tail of {@code k < 8} elements into lanes {@code 0..k-1}, then the lanes folded as a tree,
     * {@code ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7))}; a row shorter than eight, left to right.
     */
    static float torchSum(float[] a, int ai, int n) {
        if (n < 8) {
            float s = n == 0 ? 0f : a[ai];
            for (int i = 1; i < n; i++) {
                s += a[ai + i];
            }
            return s;
        }
        float l0 = a[ai];
        float l1 = a[ai + 1];
        float l2 = a[ai + 2];
        float l3 = a[ai + 3];
        float l4 = a[ai + 4];
        float l5 = a[ai + 5];
        float l6 = a[ai + 6];
        float l7 = a[ai + 7];
        int d = 8;
        for (int full = n - n % 8; d < full; d += 8) {
            int p = ai + d;
            l0 += a[p];
            l1 += a[p + 1];
            l2 += a[p + 2];
            l3 += a[p + 3];
            l4 += a[p + 4];
            l5 += a[p + 5];
            l6 += a[p + 6];
            l7 += a[p + 7];
        }
        return torchSumTail(l0, l1, l2, l3, l4, l5, l6, l7, a, ai + d, n - d);
    }

    /**
     * {@link #torchSum}'s end from its eight lanes: the {@code r < 16} elements left at {@code a[p]} (a further
     * block of eight, then a tail into the first lanes), then the fold.
     */
    static float torchSumTail(float l0, float l1, float l2, float l3, float l4, float l5, float l6, float l7,
            float[] a, int p, int r) {
        if (r >= 8) {
            l0 += a[p];
            l1 += a[p + 1];
            l2 += a[p + 2];
            l3 += a[p + 3];
            l4 += a[p + 4];
            l5 += a[p + 5];
            l6 += a[p + 6];
            l7 += a[p + 7];
            p += 8;
            r -= 8;
        }
        l0 = r > 0 ? l0 + a[p] : l0;
        l1 = r > 1 ? l1 + a[p + 1] : l1;
        l2 = r > 2 ? l2 + a[p + 2] : l2;
        l3 = r > 3 ? l3 + a[p + 3] : l3;
        l4 = r > 4 ? l4 + a[p + 4] : l4;
        l5 = r > 5 ? l5 + a[p + 5] : l5;
        l6 = r > 6 ? l6 + a[p + 6] : l6;
        return ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7));
    }

    /**
     * {@code vec::reduce_all}'s order for float64 (AVX2: four lanes, the tail into the first lanes, then the lanes
     * left to right); a row shorter than four, left to right.
     */
    static double torchSum(double[] a, int ai, int n) {
        if (n < 4) {
            double s = n == 0 ? 0.0 : a[ai];
            for (int i = 1; i < n; i++) {
                s += a[ai + i];
            }
            return s;
        }
        double l0 = a[ai];
        double l1 = a[ai + 1];
        double l2 = a[ai + 2];
        double l3 = a[ai + 3];
        int d = 4;
        for (int full = n - n % 4; d < full; d += 4) {
            int p = ai + d;
            l0 += a[p];
            l1 += a[p + 1];
            l2 += a[p + 2];
            l3 += a[p + 3];
        }
        return torchSumTail(l0, l1, l2, l3, a, ai + d, n - d);
    }

    /** {@link #torchSumTail} in float64: the {@code r < 8} elements left (four, then a tail), the fold. */
    static double torchSumTail(double l0, double l1, double l2, double l3, double[] a, int p, int r) {
        if (r >= 4) {
            l0 += a[p];
            l1 += a[p + 1];
            l2 += a[p + 2];
            l3 += a[p + 3];
            p += 4;
            r -= 4;
        }
        l0 = r > 0 ? l0 + a[p] : l0;
        l1 = r > 1 ? l1 + a[p + 1] : l1;
        l2 = r > 2 ? l2 + a[p + 2] : l2;
        return ((l0 + l1) + l2) + l3;
    }

    /**
     * {@code sum(a[i] * b[i])} as softmax's backward computes it on PyTorch's AVX2 kernels, whose compiler fuses
     * each lane's multiply-add: {@link #torchSum}'s lanes starting from the first products (rounded), then one FMA
     * per element; a row shorter than eight sums its rounded products left to right.
     */
    static float torchDot(float[] a, int ai, float[] b, int bi, int n) {
        if (n < 8) {
            float s = n == 0 ? 0f : a[ai] * b[bi];
            for (int i = 1; i < n; i++) {
                s += a[ai + i] * b[bi + i];
            }
            return s;
        }
        float l0 = a[ai] * b[bi];
        float l1 = a[ai + 1] * b[bi + 1];
        float l2 = a[ai + 2] * b[bi + 2];
        float l3 = a[ai + 3] * b[bi + 3];
        float l4 = a[ai + 4] * b[bi + 4];
        float l5 = a[ai + 5] * b[bi + 5];
        float l6 = a[ai + 6] * b[bi + 6];
        float l7 = a[ai + 7] * b[bi + 7];
        int d = 8;
        for (int full = n - n % 8; d < full; d += 8) {
            int p = ai + d;
            int q = bi + d;
            l0 = Math.fma(a[p], b[q], l0);
            l1 = Math.fma(a[p + 1], b[q + 1], l1);
            l2 = Math.fma(a[p + 2], b[q + 2], l2);
            l3 = Math.fma(a[p + 3], b[q + 3], l3);
            l4 = Math.fma(a[p + 4], b[q + 4], l4);
            l5 = Math.fma(a[p + 5], b[q + 5], l5);
            l6 = Math.fma(a[p + 6], b[q + 6], l6);
            l7 = Math.fma(a[p + 7], b[q + 7], l7);
        }
        return torchDotTail(l0, l1, l2, l3, l4, l5, l6, l7, a, ai + d, b, bi + d, n - d);
    }

    /** {@link #torchSumTail} for {@link #torchDot}: one FMA per element left. */
    static float torchDotTail(float l0, float l1, float l2, float l3, float l4, float l5, float l6, float l7,
            float[] a, int p, float[] b, int q, int r) {
        if (r >= 8) {
            l0 = Math.fma(a[p], b[q], l0);
            l1 = Math.fma(a[p + 1], b[q + 1], l1);
            l2 = Math.fma(a[p + 2], b[q + 2], l2);
            l3 = Math.fma(a[p + 3], b[q + 3], l3);
            l4 = Math.fma(a[p + 4], b[q + 4], l4);
            l5 = Math.fma(a[p + 5], b[q + 5], l5);
            l6 = Math.fma(a[p + 6], b[q + 6], l6);
            l7 = Math.fma(a[p + 7], b[q + 7], l7);
            p += 8;
            q += 8;
            r -= 8;
        }
        l0 = r > 0 ? Math.fma(a[p], b[q], l0) : l0;
        l1 = r > 1 ? Math.fma(a[p + 1], b[q + 1], l1) : l1;
        l2 = r > 2 ? Math.fma(a[p + 2], b[q + 2], l2) : l2;
        l3 = r > 3 ? Math.fma(a[p + 3], b[q + 3], l3) : l3;
        l4 = r > 4 ? Math.fma(a[p + 4], b[q + 4], l4) : l4;
        l5 = r > 5 ? Math.fma(a[p + 5], b[q + 5], l5) : l5;
        l6 = r > 6 ? Math.fma(a[p + 6], b[q + 6], l6) : l6;
        return ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7));
    }

    /** {@link #torchDot} in float64: four lanes folded left to right. */
    static double torchDot(double[] a, int ai, double[] b, int bi, int n) {
        if (n < 4) {
            double s = n == 0 ? 0.0 : a[ai] * b[bi];
            for (int i = 1; i < n; i++) {
                s += a[ai + i] * b[bi + i];
            }
            return s;
        }
        double l0 = a[ai] * b[bi];
        double l1 = a[ai + 1] * b[bi + 1];
        double l2 = a[ai + 2] * b[bi + 2];
        double l3 = a[ai + 3] * b[bi + 3];
        int d = 4;
        for (int full = n - n % 4; d < full; d += 4) {
            l0 = Math.fma(a[ai + d], b[bi + d], l0);
            l1 = Math.fma(a[ai + d + 1], b[bi + d + 1], l1);
            l2 = Math.fma(a[ai + d + 2], b[bi + d + 2], l2);
            l3 = Math.fma(a[ai + d + 3], b[bi + d + 3], l3);
        }
        return torchDotTail(l0, l1, l2, l3, a, ai + d, b, bi + d, n - d);
    }

    /** {@link #torchDotTail} in float64. */
    static double torchDotTail(double l0, double l1, double l2, double l3, double[] a, int p, double[] b, int q,
            int r) {
        if (r >= 4) {
            l0 = Math.fma(a[p], b[q], l0);
            l1 = Math.fma(a[p + 1], b[q + 1], l1);
            l2 = Math.fma(a[p + 2], b[q + 2], l2);
            l3 = Math.fma(a[p + 3], b[q + 3], l3);
            p += 4;
            q += 4;
            r -= 4;
        }
        l0 = r > 0 ? Math.fma(a[p], b[q], l0) : l0;
        l1 = r > 1 ? Math.fma(a[p + 1], b[q + 1], l1) : l1;
        l2 = r > 2 ? Math.fma(a[p + 2], b[q + 2], l2) : l2;
        return ((l0 + l1) + l2) + l3;
    }

    /**
     * {@code o[i] = exp(x[i] - max)} (none stored where {@code o} is null) and their {@link #torchSum}, in one
     * pass: the plain-JVM form of {@link VectorSoftmax#expSum}.
     */
    static float expSum(float[] x, int xi, float max, float[] o, int oi, int n) {
        if (n < 8) {
            float s = 0f;
            for (int i = 0; i < n; i++) {
                float e = FastMath.exp(x[xi + i] - max);
                if (o != null) {
                    o[oi + i] = e;
                }
                s = i == 0 ? e : s + e;
            }
            return s;
        }
        float l0 = 0f;
        float l1 = 0f;
        float l2 = 0f;
        float l3 = 0f;
        float l4 = 0f;
        float l5 = 0f;
        float l6 = 0f;
        float l7 = 0f;
        int full = n - n % 8;
        for (int d = 0; d < full; d += 8) {   // 0 + e is e: PyTorch's lanes start at the first block
            int p = xi + d;
            float e0 = FastMath.exp(x[p] - max);
            float e1 = FastMath.exp(x[p + 1] - max);
            float e2 = FastMath.exp(x[p + 2] - max);
            float e3 = FastMath.exp(x[p + 3] - max);
            float e4 = FastMath.exp(x[p + 4] - max);
            float e5 = FastMath.exp(x[p + 5] - max);
            float e6 = FastMath.exp(x[p + 6] - max);
            float e7 = FastMath.exp(x[p + 7] - max);
            if (o != null) {
                int q = oi + d;
                o[q] = e0;
                o[q + 1] = e1;
                o[q + 2] = e2;
                o[q + 3] = e3;
                o[q + 4] = e4;
                o[q + 5] = e5;
                o[q + 6] = e6;
                o[q + 7] = e7;
            }
            l0 += e0;
            l1 += e1;
            l2 += e2;
            l3 += e3;
            l4 += e4;
            l5 += e5;
            l6 += e6;
            l7 += e7;
        }
        int k = n - full;
        l0 = k > 0 ? l0 + tailExp(x, xi, max, o, oi, full) : l0;
        l1 = k > 1 ? l1 + tailExp(x, xi, max, o, oi, full + 1) : l1;
        l2 = k > 2 ? l2 + tailExp(x, xi, max, o, oi, full + 2) : l2;
        l3 = k > 3 ? l3 + tailExp(x, xi, max, o, oi, full + 3) : l3;
        l4 = k > 4 ? l4 + tailExp(x, xi, max, o, oi, full + 4) : l4;
        l5 = k > 5 ? l5 + tailExp(x, xi, max, o, oi, full + 5) : l5;
        l6 = k > 6 ? l6 + tailExp(x, xi, max, o, oi, full + 6) : l6;
        return ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7));
    }

    /** {@code exp(x[i] - max)}, stored in {@code o} unless it is null. */
    private static float tailExp(float[] x, int xi, float max, float[] o, int oi, int i) {
        float e = FastMath.exp(x[xi + i] - max);
        if (o != null) {
            o[oi + i] = e;
        }
        return e;
    }

    /** {@link #expSum(float[], int, float, float[], int, int)} in float64 (4 lanes). */
    static double expSum(double[] x, int xi, double max, double[] o, int oi, int n) {
        if (n < 4) {
            double s = 0.0;
            for (int i = 0; i < n; i++) {
                double e = FastMath.exp(x[xi + i] - max);
                if (o != null) {
                    o[oi + i] = e;
                }
                s = i == 0 ? e : s + e;
            }
            return s;
        }
        double l0 = 0.0;
        double l1 = 0.0;
        double l2 = 0.0;
        double l3 = 0.0;
        int full = n - n % 4;
        for (int d = 0; d < full; d += 4) {
            int p = xi + d;
            double e0 = FastMath.exp(x[p] - max);
            double e1 = FastMath.exp(x[p + 1] - max);
            double e2 = FastMath.exp(x[p + 2] - max);
            double e3 = FastMath.exp(x[p + 3] - max);
            if (o != null) {
                int q = oi + d;
                o[q] = e0;
                o[q + 1] = e1;
                o[q + 2] = e2;
                o[q + 3] = e3;
            }
            l0 += e0;
            l1 += e1;
            l2 += e2;
            l3 += e3;
        }
        int k = n - full;
        l0 = k > 0 ? l0 + tailExp(x, xi, max, o, oi, full) : l0;
        l1 = k > 1 ? l1 + tailExp(x, xi, max, o, oi, full + 1) : l1;
        l2 = k > 2 ? l2 + tailExp(x, xi, max, o, oi, full + 2) : l2;
        return ((l0 + l1) + l2) + l3;
    }

    private static double tailExp(double[] x, int xi, double max, double[] o, int oi, int i) {
        double e = FastMath.exp(x[xi + i] - max);
        if (o != null) {
            o[oi + i] = e;
        }
        return e;
    }

    /** A kernel over the slabs {@code [from, to)} of the outer dims. */
    private interface Slabs {
        void run(int from, int to);
    }

    /** Runs {@code body} over {@code outer} slabs of {@code size * inner} elements, split across cores when large. */
    private static void slabs(int outer, long slabElements, Slabs body) {
        long total = outer * slabElements;
        if (!Workers.splits(total) || outer < 2) {
            body.run(0, outer);
            return;
        }
        int grain = (int) Math.max(1, Workers.PARALLEL_MIN / Math.max(1, slabElements));
        Workers.forRange(outer, grain, body::run);
    }

    // ------------------------------------------------------------------ forward

    /**
     * softmax (or log_softmax) of {@code x} over the middle dim of {@code [outer, size, inner]}, into
     * {@code o}; both contiguous from their offsets, of one floating dtype; {@code size >= 1}.
     */
    static void forward(CpuBuffer x, int xo, CpuBuffer o, int oo, int outer, int size, int inner, boolean log) {
        long slab = (long) size * inner;
        if (x.f != null) {
            slabs(outer, slab, (from, to) -> {
                float[] max = inner == 1 ? null : new float[inner];
                float[] sums = inner == 1 ? null : new float[inner];
                for (int s = from; s < to; s++) {
                    int xi = xo + (int) (s * slab);
                    int oi = oo + (int) (s * slab);
                    if (inner == 1) {
                        rowF(x.f, xi, o.f, oi, size, log);
                    } else {
                        SoftmaxColumns.forward(x.f, xi, o.f, oi, size, inner, log, max, sums);
                    }
                }
            });
        } else {
            slabs(outer, slab, (from, to) -> {
                double[] max = inner == 1 ? null : new double[inner];
                double[] sums = inner == 1 ? null : new double[inner];
                for (int s = from; s < to; s++) {
                    int xi = xo + (int) (s * slab);
                    int oi = oo + (int) (s * slab);
                    if (inner == 1) {
                        rowD(x.d, xi, o.d, oi, size, log);
                    } else {
                        SoftmaxColumns.forward(x.d, xi, o.d, oi, size, inner, log, max, sums);
                    }
                }
            });
        }
    }

    /**
     * One contiguous row as PyTorch's {@code _vec_softmax_lastdim} / {@code _vec_log_softmax_lastdim}: the
     * exponentials of {@code x - max} and their {@link #torchSum} in one pass, then softmax {@code e * (1 / sum)}
     * (the exponentials stored in {@code o}, which may be {@code x}) or log_softmax {@code (x - max) - log(sum)}
     * (the exponentials only summed).
     */
    static void rowF(float[] x, int xi, float[] o, int oi, int n, boolean log) {
        boolean lanes = vector && n >= 16;
        float max = lanes ? VectorSoftmax.max(x, xi, n) : maxF(x, xi, n);
        float[] e = log ? null : o;
        float sum = lanes ? VectorSoftmax.expSum(x, xi, max, e, oi, n) : expSum(x, xi, max, e, oi, n);
        if (log) {
            float logSum = VectorLibm.log(sum);
            if (lanes) {
                VectorSoftmax.shiftLog(x, xi, max, logSum, o, oi, n);
            } else {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = (x[xi + i] - max) - logSum;
                }
            }
            return;
        }
        float inv = 1f / sum;
        if (lanes) {
            VectorSoftmax.scale(o, oi, inv, n);
        } else {
            for (int i = 0; i < n; i++) {
                o[oi + i] = o[oi + i] * inv;
            }
        }
    }

    private static float maxF(float[] x, int xi, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[xi + i]);
        }
        return max;
    }
    /** {@link #rowF} in float64. */
    static void rowD(double[] x, int xi, double[] o, int oi, int n, boolean log) {
        boolean lanes = vector && n >= 8;
        double max = lanes ? VectorSoftmax.max(x, xi, n) : maxD(x, xi, n);
        double[] e = log ? null : o;
        double sum = lanes ? VectorSoftmax.expSum(x, xi, max, e, oi, n) : expSum(x, xi, max, e, oi, n);
        if (log) {
            double logSum = VectorLibm.log(sum);
            if (lanes) {
                VectorSoftmax.shiftLog(x, xi, max, logSum, o, oi, n);
            } else {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = (x[xi + i] - max) - logSum;
                }
            }
            return;
        }
        double inv = 1.0 / sum;
        if (lanes) {
            VectorSoftmax.scale(o, oi, inv, n);
        } else {
            for (int i = 0; i < n; i++) {
                o[oi + i] = o[oi + i] * inv;
            }
        }
    }

    private static double maxD(double[] x, int xi, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[xi + i]);
        }
        return max;
    }

    // ------------------------------------------------------------------ backward

    /**
     * The input gradient {@code gx} from the output gradient {@code g} and the output {@code y}:
     * softmax {@code y (g - sum(g y))}, log_softmax {@code g - exp(y) sum(g)}, sums over the middle dim.
     */
    static void backward(CpuBuffer g, int go, CpuBuffer y, int yo, CpuBuffer gx, int xo, int outer, int size,
            int inner, boolean log) {
        long slab = (long) size * inner;
        if (g.f != null) {
            slabs(outer, slab, (from, to) -> {
                float[] sums = inner == 1 ? null : new float[inner];
                for (int s = from; s < to; s++) {
                    int off = (int) (s * slab);
                    if (inner == 1) {
                        gradRowF(g.f, go + off, y.f, yo + off, gx.f, xo + off, size, log);
                    } else {
                        SoftmaxColumns.backward(g.f, go + off, y.f, yo + off, gx.f, xo + off, size, inner, log, sums);
                    }
                }
            });
        } else {
            slabs(outer, slab, (from, to) -> {
                double[] tmp = inner == 1 ? null : new double[inner];
                for (int s = from; s < to; s++) {
                    int off = (int) (s * slab);
                    if (inner == 1) {
                        gradRowD(g.d, go + off, y.d, yo + off, gx.d, xo + off, size, log);
                    } else {
                        SoftmaxColumns.backward(g.d, go + off, y.d, yo + off, gx.d, xo + off, size, inner, log, tmp);
                    }
                }
            });
        }
    }

    /**
     * One contiguous row's gradient as PyTorch's AVX2 kernels compute it: log_softmax {@code g - exp(y) * sum(g)}
     * (one FMA: the compiler fuses it), softmax {@code (g - dot) * y} with {@link #torchDot}; the sums in
     * {@link #torchSum}'s order.
     */
    static void gradRowF(float[] g, int gi, float[] y, int yi, float[] gx, int oi, int n, boolean log) {
        boolean lanes = vector && n >= 16;
        if (log) {
            float sum = lanes ? VectorSoftmax.sum(g, gi, n) : torchSum(g, gi, n);
            if (lanes) {
                VectorSoftmax.logSoftmaxGrad(g, gi, y, yi, sum, gx, oi, n);
            } else {
                for (int i = 0; i < n; i++) {
                    gx[oi + i] = Math.fma(-FastMath.exp(y[yi + i]), sum, g[gi + i]);
                }
            }
            return;
        }
        float dot = lanes ? VectorSoftmax.dot(g, gi, y, yi, n) : torchDot(g, gi, y, yi, n);
        if (lanes) {
            VectorSoftmax.softmaxGrad(g, gi, y, yi, dot, gx, oi, n);
        } else {
            for (int i = 0; i < n; i++) {
                gx[oi + i] = y[yi + i] * (g[gi + i] - dot);
            }
        }
    }
    /** {@link #gradRowF} in float64. */
    static void gradRowD(double[] g, int gi, double[] y, int yi, double[] gx, int oi, int n, boolean log) {
        boolean lanes = vector && n >= 8;
        if (log) {
            double sum = lanes ? VectorSoftmax.sum(g, gi, n) : torchSum(g, gi, n);
            if (lanes) {
                VectorSoftmax.logSoftmaxGrad(g, gi, y, yi, sum, gx, oi, n);
            } else {
                for (int i = 0; i < n; i++) {
                    gx[oi + i] = Math.fma(-FastMath.exp(y[yi + i]), sum, g[gi + i]);
                }
            }
            return;
        }
        double dot = lanes ? VectorSoftmax.dot(g, gi, y, yi, n) : torchDot(g, gi, y, yi, n);
        if (lanes) {
            VectorSoftmax.softmaxGrad(g, gi, y, yi, dot, gx, oi, n);
        } else {
            for (int i = 0; i < n; i++) {
                gx[oi + i] = y[yi + i] * (g[gi + i] - dot);
            }
        }
    }

}

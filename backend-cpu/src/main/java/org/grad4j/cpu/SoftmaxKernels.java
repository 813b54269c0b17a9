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
        int k = n - d;
        int p = ai + d;
        l0 = k > 0 ? l0 + a[p] : l0;
        l1 = k > 1 ? l1 + a[p + 1] : l1;
        l2 = k > 2 ? l2 + a[p + 2] : l2;
        l3 = k > 3 ? l3 + a[p + 3] : l3;
        l4 = k > 4 ? l4 + a[p + 4] : l4;
        l5 = k > 5 ? l5 + a[p + 5] : l5;
        l6 = k > 6 ? l6 + a[p + 6] : l6;
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
        int k = n - d;
        int p = ai + d;
        l0 = k > 0 ? l0 + a[p] : l0;
        l1 = k > 1 ? l1 + a[p + 1] : l1;
        l2 = k > 2 ? l2 + a[p + 2] : l2;
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
        int k = n - d;
        int p = ai + d;
        int q = bi + d;
        l0 = k > 0 ? Math.fma(a[p], b[q], l0) : l0;
        l1 = k > 1 ? Math.fma(a[p + 1], b[q + 1], l1) : l1;
        l2 = k > 2 ? Math.fma(a[p + 2], b[q + 2], l2) : l2;
        l3 = k > 3 ? Math.fma(a[p + 3], b[q + 3], l3) : l3;
        l4 = k > 4 ? Math.fma(a[p + 4], b[q + 4], l4) : l4;
        l5 = k > 5 ? Math.fma(a[p + 5], b[q + 5], l5) : l5;
        l6 = k > 6 ? Math.fma(a[p + 6], b[q + 6], l6) : l6;
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
        int k = n - d;
        l0 = k > 0 ? Math.fma(a[ai + d], b[bi + d], l0) : l0;
        l1 = k > 1 ? Math.fma(a[ai + d + 1], b[bi + d + 1], l1) : l1;
        l2 = k > 2 ? Math.fma(a[ai + d + 2], b[bi + d + 2], l2) : l2;
        return ((l0 + l1) + l2) + l3;
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
                float[] scratch = inner == 1 && x.f == o.f ? new float[size] : null;   // in place: exps apart
                float[] max = inner == 1 ? null : new float[inner];
                float[] sums = inner == 1 ? null : new float[inner];
                for (int s = from; s < to; s++) {
                    int xi = xo + (int) (s * slab);
                    int oi = oo + (int) (s * slab);
                    if (inner == 1) {
                        rowF(x.f, xi, o.f, oi, size, log, scratch);
                    } else {
                        SoftmaxColumns.forward(x.f, xi, o.f, oi, size, inner, log, max, sums);
                    }
                }
            });
        } else {
            slabs(outer, slab, (from, to) -> {
                double[] scratch = inner == 1 && x.d == o.d ? new double[size] : null;
                double[] max = inner == 1 ? null : new double[inner];
                double[] sums = inner == 1 ? null : new double[inner];
                for (int s = from; s < to; s++) {
                    int xi = xo + (int) (s * slab);
                    int oi = oo + (int) (s * slab);
                    if (inner == 1) {
                        rowD(x.d, xi, o.d, oi, size, log, scratch);
                    } else {
                        SoftmaxColumns.forward(x.d, xi, o.d, oi, size, inner, log, max, sums);
                    }
                }
            });
        }
    }

    /**
     * One contiguous row as PyTorch's {@code _vec_softmax_lastdim} / {@code _vec_log_softmax_lastdim}: the
     * exponentials of {@code x - max}, their {@link #torchSum}, then softmax {@code e * (1 / sum)} or log_softmax
     * {@code (x - max) - log(sum)}. The exponentials go to {@code o} ({@code scratch} when not null: {@code o}
     * is {@code x}).
     */
    static void rowF(float[] x, int xi, float[] o, int oi, int n, boolean log, float[] scratch) {
        boolean lanes = vector && n >= 16;
        float max = lanes ? VectorSoftmax.max(x, xi, n) : maxF(x, xi, n);
        float[] e = scratch == null ? o : scratch;
        int ei = scratch == null ? oi : 0;
        if (lanes) {
            VectorSoftmax.expInto(x, xi, max, e, ei, n);
        } else {
            for (int i = 0; i < n; i++) {
                e[ei + i] = FastMath.exp(x[xi + i] - max);
            }
        }
        float sum = torchSum(e, ei, n);
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
        if (e != o) {
            System.arraycopy(e, ei, o, oi, n);
        }
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
    static void rowD(double[] x, int xi, double[] o, int oi, int n, boolean log, double[] scratch) {
        boolean lanes = vector && n >= 8;
        double max = lanes ? VectorSoftmax.max(x, xi, n) : maxD(x, xi, n);
        double[] e = scratch == null ? o : scratch;
        int ei = scratch == null ? oi : 0;
        if (lanes) {
            VectorSoftmax.expInto(x, xi, max, e, ei, n);
        } else {
            for (int i = 0; i < n; i++) {
                e[ei + i] = FastMath.exp(x[xi + i] - max);
            }
        }
        double sum = torchSum(e, ei, n);
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
        if (e != o) {
            System.arraycopy(e, ei, o, oi, n);
        }
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
            float sum = torchSum(g, gi, n);
            if (lanes) {
                VectorSoftmax.logSoftmaxGrad(g, gi, y, yi, sum, gx, oi, n);
            } else {
                for (int i = 0; i < n; i++) {
                    gx[oi + i] = Math.fma(-FastMath.exp(y[yi + i]), sum, g[gi + i]);
                }
            }
            return;
        }
        float dot = torchDot(g, gi, y, yi, n);
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
            double sum = torchSum(g, gi, n);
            if (lanes) {
                VectorSoftmax.logSoftmaxGrad(g, gi, y, yi, sum, gx, oi, n);
            } else {
                for (int i = 0; i < n; i++) {
                    gx[oi + i] = Math.fma(-FastMath.exp(y[yi + i]), sum, g[gi + i]);
                }
            }
            return;
        }
        double dot = torchDot(g, gi, y, yi, n);
        if (lanes) {
            VectorSoftmax.softmaxGrad(g, gi, y, yi, dot, gx, oi, n);
        } else {
            for (int i = 0; i < n; i++) {
                gx[oi + i] = y[yi + i] * (g[gi + i] - dot);
            }
        }
    }

}

package org.grad4j.cpu;

/**
 * Fused softmax and log_softmax over one dim of contiguous operands, forward and backward. Viewed as
 * {@code [outer, size, inner]}: with {@code inner == 1} each row is contiguous and takes three
 * cache-resident passes (max; exp and sum; normalise), on Vector API lanes when {@link #vector} is set;
 * otherwise the {@code size} rows of a slab are walked {@code inner} apart, with scalar loops.
 *
 * <p>The maximum is subtracted before {@code exp} (the composite's stable form, NaN and infinities
 * included: a row holding NaN or {@code +inf}, or all {@code -inf}, gives NaN); {@code exp} is
 * {@link FastMath#exp}, within 2 ulps; row sums run in 16 (float32) or 8 (float64) interleaved lanes
 * folded in order, so the bits do not depend on the Vector API, on alignment or on the number of threads.
 */
final class SoftmaxKernels {
    private SoftmaxKernels() {
    }

    /**
     * Whether the rows run on Vector API lanes (same bits either way; tests switch it): false until
     * {@link VectorProbe} has answered, which sets it.
     */
    static boolean vector = VectorProbe.SHARED.lanesNow();

    /** The lanes of a row sum folded in order: {@code ((l0 + l1) + l2) + ...}. */
    static float foldLanes(float[] lanes, int n) {
        float s = lanes[0];
        for (int i = 1; i < n; i++) {
            s += lanes[i];
        }
        return s;
    }

    static double foldLanes(double[] lanes, int n) {
        double s = lanes[0];
        for (int i = 1; i < n; i++) {
            s += lanes[i];
        }
        return s;
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
                float[] lanes = new float[16];
                float[] max = inner == 1 ? null : new float[inner];
                double[] sums = inner == 1 ? null : new double[inner];
                for (int s = from; s < to; s++) {
                    int xi = xo + (int) (s * slab);
                    int oi = oo + (int) (s * slab);
                    if (inner == 1) {
                        rowF(x.f, xi, o.f, oi, size, log, lanes);
                    } else {
                        slabF(x.f, xi, o.f, oi, size, inner, log, max, sums);
                    }
                }
            });
        } else {
            slabs(outer, slab, (from, to) -> {
                double[] lanes = new double[8];
                double[] tmp = inner == 1 ? null : new double[2 * inner];
                for (int s = from; s < to; s++) {
                    int xi = xo + (int) (s * slab);
                    int oi = oo + (int) (s * slab);
                    if (inner == 1) {
                        rowD(x.d, xi, o.d, oi, size, log, lanes);
                    } else {
                        slabD(x.d, xi, o.d, oi, size, inner, log, tmp);
                    }
                }
            });
        }
    }

    static void rowF(float[] x, int xi, float[] o, int oi, int n, boolean log, float[] lanes) {
        if (vector && n >= 16) {   // shorter rows are all tail: the same bits without the lanes' fold
            float max = VectorSoftmax.max(x, xi, n);
            if (log) {
                float sum = VectorSoftmax.sumExp(x, xi, max, null, 0, n, lanes);
                VectorSoftmax.shiftLog(x, xi, max, (float) Math.log(sum), o, oi, n);
            } else {
                VectorSoftmax.divide(o, oi, VectorSoftmax.sumExp(x, xi, max, o, oi, n, lanes), n);
            }
            return;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[xi + i]);
        }
        float sum = sumExpF(x, xi, max, log ? null : o, oi, n, lanes);
        if (log) {
            float logSum = (float) Math.log(sum);
            for (int i = 0; i < n; i++) {
                o[oi + i] = (x[xi + i] - max) - logSum;
            }
        } else {
            for (int i = 0; i < n; i++) {
                o[oi + i] = o[oi + i] / sum;
            }
        }
    }

    /** {@link VectorSoftmax#sumExp}'s lanes, one scalar at a time. */
    private static float sumExpF(float[] x, int xi, float max, float[] o, int oi, int n, float[] lanes) {
        int vn = n & -16;
        java.util.Arrays.fill(lanes, 0f);
        for (int i = 0; i < vn; i += 16) {
            for (int j = 0; j < 16; j++) {
                float e = FastMath.exp(x[xi + i + j] - max);
                if (o != null) {
                    o[oi + i + j] = e;
                }
                lanes[j] += e;
            }
        }
        return addExpTail(x, xi, max, o, oi, vn, n, vn == 0 ? 0f : foldLanes(lanes, 16));
    }

    /**
     * {@code s} plus {@code exp(x[i] - max)} for i in {@code [from, n)}, one at a time (a row's tail after its
     * lanes, scalar or vector), the exponentials also stored into {@code o} when it is not null.
     */
    static float addExpTail(float[] x, int xi, float max, float[] o, int oi, int from, int n, float s) {
        for (int i = from; i < n; i++) {
            float e = FastMath.exp(x[xi + i] - max);
            if (o != null) {
                o[oi + i] = e;
            }
            s += e;
        }
        return s;
    }

    /**
     * One slab whose rows are {@code inner} apart: {@code max} holds the running maximum per column, {@code sums}
     * the running sum, in float64 (a column's {@code size} terms are added one after another).
     */
    private static void slabF(float[] x, int xi, float[] o, int oi, int size, int inner, boolean log, float[] max,
            double[] sums) {
        java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
        java.util.Arrays.fill(sums, 0.0);
        for (int k = 0; k < size; k++) {
            int p = xi + k * inner;
            for (int j = 0; j < inner; j++) {
                max[j] = Math.max(max[j], x[p + j]);
            }
        }
        for (int k = 0; k < size; k++) {
            int p = xi + k * inner;
            int q = oi + k * inner;
            for (int j = 0; j < inner; j++) {
                float e = FastMath.exp(x[p + j] - max[j]);
                if (!log) {
                    o[q + j] = e;
                }
                sums[j] += e;
            }
        }
        float[] scale = new float[inner];
        for (int j = 0; j < inner; j++) {
            scale[j] = (float) (log ? Math.log(sums[j]) : sums[j]);
        }
        for (int k = 0; k < size; k++) {
            int p = xi + k * inner;
            int q = oi + k * inner;
            for (int j = 0; j < inner; j++) {
                o[q + j] = log ? (x[p + j] - max[j]) - scale[j] : o[q + j] / scale[j];
            }
        }
    }

    static void rowD(double[] x, int xi, double[] o, int oi, int n, boolean log, double[] lanes) {
        if (vector && n >= 8) {
            double max = VectorSoftmax.max(x, xi, n);
            if (log) {
                double sum = VectorSoftmax.sumExp(x, xi, max, null, 0, n, lanes);
                VectorSoftmax.shiftLog(x, xi, max, Math.log(sum), o, oi, n);
            } else {
                VectorSoftmax.divide(o, oi, VectorSoftmax.sumExp(x, xi, max, o, oi, n, lanes), n);
            }
            return;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[xi + i]);
        }
        double sum = sumExpD(x, xi, max, log ? null : o, oi, n, lanes);
        if (log) {
            double logSum = Math.log(sum);
            for (int i = 0; i < n; i++) {
                o[oi + i] = (x[xi + i] - max) - logSum;
            }
        } else {
            for (int i = 0; i < n; i++) {
                o[oi + i] = o[oi + i] / sum;
            }
        }
    }

    private static double sumExpD(double[] x, int xi, double max, double[] o, int oi, int n, double[] lanes) {
        int vn = n & -8;
        java.util.Arrays.fill(lanes, 0.0);
        for (int i = 0; i < vn; i += 8) {
            for (int j = 0; j < 8; j++) {
                double e = FastMath.exp(x[xi + i + j] - max);
                if (o != null) {
                    o[oi + i + j] = e;
                }
                lanes[j] += e;
            }
        }
        return addExpTail(x, xi, max, o, oi, vn, n, vn == 0 ? 0.0 : foldLanes(lanes, 8));
    }

    static double addExpTail(double[] x, int xi, double max, double[] o, int oi, int from, int n, double s) {
        for (int i = from; i < n; i++) {
            double e = FastMath.exp(x[xi + i] - max);
            if (o != null) {
                o[oi + i] = e;
            }
            s += e;
        }
        return s;
    }

    private static void slabD(double[] x, int xi, double[] o, int oi, int size, int inner, boolean log, double[] tmp) {
        java.util.Arrays.fill(tmp, 0, inner, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(tmp, inner, 2 * inner, 0.0);
        for (int k = 0; k < size; k++) {
            int p = xi + k * inner;
            for (int j = 0; j < inner; j++) {
                tmp[j] = Math.max(tmp[j], x[p + j]);
            }
        }
        for (int k = 0; k < size; k++) {
            int p = xi + k * inner;
            int q = oi + k * inner;
            for (int j = 0; j < inner; j++) {
                double e = FastMath.exp(x[p + j] - tmp[j]);
                if (!log) {
                    o[q + j] = e;
                }
                tmp[inner + j] += e;
            }
        }
        if (log) {
            for (int j = 0; j < inner; j++) {
                tmp[inner + j] = Math.log(tmp[inner + j]);
            }
        }
        for (int k = 0; k < size; k++) {
            int p = xi + k * inner;
            int q = oi + k * inner;
            for (int j = 0; j < inner; j++) {
                o[q + j] = log ? (x[p + j] - tmp[j]) - tmp[inner + j] : o[q + j] / tmp[inner + j];
            }
        }
    }

    /**
     * logsumexp over the middle dim of {@code [outer, size, inner]} into the contiguous {@code [outer, inner]}
     * {@code o}: the row maximum clamped to the finite range (so that {@code inf - inf} never happens), the
     * sum of exponentials as softmax's, {@code log(sum) + max}.
     */
    static void logsumexp(CpuBuffer x, int xo, CpuBuffer o, int outer, int size, int inner) {
        long slab = (long) size * inner;
        slabs(outer, slab, (from, to) -> {
            float[] lf = new float[16];
            double[] ld = new double[8];
            for (int s = from; s < to; s++) {
                int xi = xo + (int) (s * slab);
                for (int j = 0; j < inner; j++) {
                    int oi = s * inner + j;
                    if (x.f != null) {
                        o.f[oi] = inner == 1 ? lseRowF(x.f, xi, size, lf) : lseColumnF(x.f, xi + j, size, inner);
                    } else {
                        o.d[oi] = inner == 1 ? lseRowD(x.d, xi, size, ld) : lseColumnD(x.d, xi + j, size, inner);
                    }
                }
            }
        });
    }

    private static float lseRowF(float[] x, int xi, int n, float[] lanes) {
        float max;
        if (vector && n >= 16) {
            max = VectorSoftmax.max(x, xi, n);
        } else {
            max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, x[xi + i]);
            }
        }
        max = Math.min(Math.max(max, -Float.MAX_VALUE), Float.MAX_VALUE);
        float sum = vector && n >= 16 ? VectorSoftmax.sumExp(x, xi, max, null, 0, n, lanes)
                : sumExpF(x, xi, max, null, 0, n, lanes);
        return (float) Math.log(sum) + max;
    }

    private static double lseRowD(double[] x, int xi, int n, double[] lanes) {
        double max;
        if (vector && n >= 8) {
            max = VectorSoftmax.max(x, xi, n);
        } else {
            max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, x[xi + i]);
            }
        }
        max = Math.min(Math.max(max, -Double.MAX_VALUE), Double.MAX_VALUE);
        double sum = vector && n >= 8 ? VectorSoftmax.sumExp(x, xi, max, null, 0, n, lanes)
                : sumExpD(x, xi, max, null, 0, n, lanes);
        return Math.log(sum) + max;
    }

    /** One column {@code stride} apart, the sum in float64. */
    private static float lseColumnF(float[] x, int xi, int n, int stride) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[xi + i * stride]);
        }
        max = Math.min(Math.max(max, -Float.MAX_VALUE), Float.MAX_VALUE);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += FastMath.exp(x[xi + i * stride] - max);
        }
        return (float) Math.log(sum) + max;
    }

    private static double lseColumnD(double[] x, int xi, int n, int stride) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[xi + i * stride]);
        }
        max = Math.min(Math.max(max, -Double.MAX_VALUE), Double.MAX_VALUE);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += FastMath.exp(x[xi + i * stride] - max);
        }
        return Math.log(sum) + max;
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
                float[] lanes = new float[16];
                double[] tmp = inner == 1 ? null : new double[inner];
                for (int s = from; s < to; s++) {
                    int off = (int) (s * slab);
                    if (inner == 1) {
                        gradRowF(g.f, go + off, y.f, yo + off, gx.f, xo + off, size, log, lanes);
                    } else {
                        gradSlabF(g.f, go + off, y.f, yo + off, gx.f, xo + off, size, inner, log, tmp);
                    }
                }
            });
        } else {
            slabs(outer, slab, (from, to) -> {
                double[] lanes = new double[8];
                double[] tmp = inner == 1 ? null : new double[inner];
                for (int s = from; s < to; s++) {
                    int off = (int) (s * slab);
                    if (inner == 1) {
                        gradRowD(g.d, go + off, y.d, yo + off, gx.d, xo + off, size, log, lanes);
                    } else {
                        gradSlabD(g.d, go + off, y.d, yo + off, gx.d, xo + off, size, inner, log, tmp);
                    }
                }
            });
        }
    }

    static void gradRowF(float[] g, int gi, float[] y, int yi, float[] gx, int oi, int n, boolean log, float[] lanes) {
        if (vector && n >= 16) {
            if (log) {
                float sum = VectorSoftmax.dot(g, gi, null, 0, n, lanes);
                VectorSoftmax.logSoftmaxGrad(g, gi, y, yi, sum, gx, oi, n);
            } else {
                float dot = VectorSoftmax.dot(g, gi, y, yi, n, lanes);
                VectorSoftmax.softmaxGrad(g, gi, y, yi, dot, gx, oi, n);
            }
            return;
        }
        int vn = n & -16;
        java.util.Arrays.fill(lanes, 0f);
        for (int i = 0; i < vn; i += 16) {
            for (int j = 0; j < 16; j++) {
                lanes[j] = log ? lanes[j] + g[gi + i + j] : Math.fma(g[gi + i + j], y[yi + i + j], lanes[j]);
            }
        }
        float s = vn == 0 ? 0f : foldLanes(lanes, 16);
        for (int i = vn; i < n; i++) {
            s = log ? s + g[gi + i] : Math.fma(g[gi + i], y[yi + i], s);
        }
        for (int i = 0; i < n; i++) {
            gx[oi + i] = log ? g[gi + i] - FastMath.exp(y[yi + i]) * s : y[yi + i] * (g[gi + i] - s);
        }
    }

    /** One slab whose rows are {@code inner} apart; the column sums in float64, as {@link #slabF}'s. */
    private static void gradSlabF(float[] g, int gi, float[] y, int yi, float[] gx, int oi, int size, int inner,
            boolean log, double[] tmp) {
        java.util.Arrays.fill(tmp, 0.0);
        for (int k = 0; k < size; k++) {
            int p = k * inner;
            for (int j = 0; j < inner; j++) {
                tmp[j] += log ? g[gi + p + j] : (double) g[gi + p + j] * y[yi + p + j];
            }
        }
        float[] s = new float[inner];
        for (int j = 0; j < inner; j++) {
            s[j] = (float) tmp[j];
        }
        for (int k = 0; k < size; k++) {
            int p = k * inner;
            for (int j = 0; j < inner; j++) {
                gx[oi + p + j] = log ? g[gi + p + j] - FastMath.exp(y[yi + p + j]) * s[j]
                        : y[yi + p + j] * (g[gi + p + j] - s[j]);
            }
        }
    }

    static void gradRowD(double[] g, int gi, double[] y, int yi, double[] gx, int oi, int n, boolean log,
            double[] lanes) {
        if (vector && n >= 8) {
            if (log) {
                double sum = VectorSoftmax.dot(g, gi, null, 0, n, lanes);
                VectorSoftmax.logSoftmaxGrad(g, gi, y, yi, sum, gx, oi, n);
            } else {
                double dot = VectorSoftmax.dot(g, gi, y, yi, n, lanes);
                VectorSoftmax.softmaxGrad(g, gi, y, yi, dot, gx, oi, n);
            }
            return;
        }
        int vn = n & -8;
        java.util.Arrays.fill(lanes, 0.0);
        for (int i = 0; i < vn; i += 8) {
            for (int j = 0; j < 8; j++) {
                lanes[j] = log ? lanes[j] + g[gi + i + j] : Math.fma(g[gi + i + j], y[yi + i + j], lanes[j]);
            }
        }
        double s = vn == 0 ? 0.0 : foldLanes(lanes, 8);
        for (int i = vn; i < n; i++) {
            s = log ? s + g[gi + i] : Math.fma(g[gi + i], y[yi + i], s);
        }
        for (int i = 0; i < n; i++) {
            gx[oi + i] = log ? g[gi + i] - FastMath.exp(y[yi + i]) * s : y[yi + i] * (g[gi + i] - s);
        }
    }

    private static void gradSlabD(double[] g, int gi, double[] y, int yi, double[] gx, int oi, int size, int inner,
            boolean log, double[] tmp) {
        java.util.Arrays.fill(tmp, 0.0);
        for (int k = 0; k < size; k++) {
            int p = k * inner;
            for (int j = 0; j < inner; j++) {
                tmp[j] = log ? tmp[j] + g[gi + p + j] : Math.fma(g[gi + p + j], y[yi + p + j], tmp[j]);
            }
        }
        for (int k = 0; k < size; k++) {
            int p = k * inner;
            for (int j = 0; j < inner; j++) {
                gx[oi + p + j] = log ? g[gi + p + j] - FastMath.exp(y[yi + p + j]) * tmp[j]
                        : y[yi + p + j] * (g[gi + p + j] - tmp[j]);
            }
        }
    }
}

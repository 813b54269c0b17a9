package org.grad4j.cpu;

import java.util.Arrays;

import org.grad4j.spi.ReduceOp;

/** Reductions: every input element is visited once in row-major order and folded into its output slot. */
final class Reduce {
    private Reduce() {
    }

    static void run(ReduceOp op, int[] shape, CpuBuffer in, int offset, int[] strides, boolean[] reduced, CpuBuffer out) {
        int rank = shape.length;
        int[] outStrides = new int[rank];
        int s = 1;
        for (int d = rank - 1; d >= 0; d--) {
            outStrides[d] = reduced[d] ? 0 : s;
            s *= reduced[d] ? 1 : shape[d];
        }
        int outLength = s;
        if (op == ReduceOp.ARGMAX) {
            argmax(shape, in, offset, strides, reduced, out, outStrides);
            return;
        }
        if (outLength == 1 && op == ReduceOp.SUM && Loops.flatStride(shape, strides) == 1) {
            out.set(0, sumContiguous(in, offset, Loops.numel(shape), false));
            return;
        }
        if (op == ReduceOp.SUM && outLength > 1 && leadingAxesReduced(shape, reduced)
                && Loops.flatStride(shape, strides) == 1 && Workers.splits(Loops.numel(shape))) {
            sumLeadingAxes(in, offset, Loops.numel(shape) / outLength, outLength, out);
            return;
        }
        // Accumulate in double for both dtypes: float32 sums then round once.
        double[] acc = out.d != null ? out.d : new double[outLength];
        boolean max = op == ReduceOp.MAX;
        Arrays.fill(acc, 0, outLength, max ? Double.NEGATIVE_INFINITY : 0.0);
        Loops.forEachRow(shape, strides, null, outStrides, offset, 0, 0, (ia, sa, ib, sb, io, so, n) -> {
            if (max) {
                for (int i = 0; i < n; i++) {
                    double x = in.get(ia + i * sa);
                    double cur = acc[io + i * so];
                    if (x > cur || Double.isNaN(x)) {
                        if (!Double.isNaN(cur)) {
                            acc[io + i * so] = x;
                        }
                    }
                }
            } else if (so == 0) {
                double sum = 0;
                if (in.d != null) {
                    double[] x = in.d;
                    for (int i = 0; i < n; i++) {
                        sum += x[ia + i * sa];
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        sum += in.f[ia + i * sa];
                    }
                }
                acc[io] += sum;
            } else if (so == 1 && sa == 1 && in.f != null) {
                float[] x = in.f;
                for (int i = 0; i < n; i++) {
                    acc[io + i] += x[ia + i];
                }
            } else if (so == 1 && sa == 1) {
                double[] x = in.d;
                for (int i = 0; i < n; i++) {
                    acc[io + i] += x[ia + i];
                }
            } else {
                for (int i = 0; i < n; i++) {
                    acc[io + i * so] += in.get(ia + i * sa);
                }
            }
        });
        if (out.f != null) {
            for (int i = 0; i < outLength; i++) {
                out.f[i] = (float) acc[i];
            }
        }
    }

    /** Whether the Vector API forms of the sum loops can run (the same bits as the scalar loops). */
    private static final boolean VECTOR = vectorUsable();
    /** Below this many elements the scalar chains are as fast and allocate nothing. */
    private static final int VECTOR_MIN = 256;

    private static boolean vectorUsable() {
        try {
            return VectorGemm.isAvailable() && VectorReduce.usable();
        } catch (LinkageError e) {
            return false;
        }
    }

    /** Whether every reduced axis (of size above 1) comes before every kept one: a column sum. */
    private static boolean leadingAxesReduced(int[] shape, boolean[] reduced) {
        boolean kept = false;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) {
                continue;
            }
            if (!reduced[d]) {
                kept = true;
            } else if (kept) {
                return false;
            }
        }
        return true;
    }

    /**
     * Column sums of a contiguous [rows, cols] operand (a bias gradient), split by columns over the
     * worker threads: each column is summed over the rows in increasing order, as the sequential
     * loop does, so the bits do not depend on the split.
     */
    private static void sumLeadingAxes(CpuBuffer in, int offset, int rows, int cols, CpuBuffer out) {
        Workers.forRange(cols, Math.max(16, Workers.PARALLEL_MIN / 4 / Math.max(1, rows)), (from, to) -> {
            double[] acc = new double[to - from];
            int start = VECTOR ? VectorReduce.columnSums(in, offset, rows, cols, from, to, acc) : from;
            for (int r = 0; r < rows; r++) {
                int base = offset + r * cols + from;
                if (in.d != null) {
                    double[] x = in.d;
                    for (int c = start - from; c < acc.length; c++) {
                        acc[c] += x[base + c];
                    }
                } else {
                    float[] x = in.f;
                    for (int c = start - from; c < acc.length; c++) {
                        acc[c] += x[base + c];
                    }
                }
            }
            for (int c = 0; c < acc.length; c++) {
                out.set(from + c, acc[c]);
            }
        });
    }

    /**
     * Sum of {@code n} contiguous elements, or of their squares, in double: eight partial sums over
     * the elements whose index is 0..7 modulo 8, each in increasing order, combined pairwise. Eight
     * independent chains keep the adder busy (one sequential chain waits out the add's latency at
     * every element) and the pairwise combination is more accurate; the order depends only on n.
     * A float32 square is rounded to float32 before it is added, as a squared tensor would hold it.
     */
    static double sumContiguous(CpuBuffer in, int offset, int n, boolean squares) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int i = 0;
        if (VECTOR && n >= VECTOR_MIN) {
            double[] lanes = new double[8];
            i = VectorReduce.chains(in, offset, n, squares, lanes);
            s0 = lanes[0];
            s1 = lanes[1];
            s2 = lanes[2];
            s3 = lanes[3];
            s4 = lanes[4];
            s5 = lanes[5];
            s6 = lanes[6];
            s7 = lanes[7];
        }
        for (; i + 8 <= n; i += 8) {
            int p = offset + i;
            s0 += term(in, p, squares);
            s1 += term(in, p + 1, squares);
            s2 += term(in, p + 2, squares);
            s3 += term(in, p + 3, squares);
            s4 += term(in, p + 4, squares);
            s5 += term(in, p + 5, squares);
            s6 += term(in, p + 6, squares);
            s7 += term(in, p + 7, squares);
        }
        // the tail (at most 7 elements) continues the chains it belongs to
        int rest = n - i;
        int p = offset + i;
        s0 += rest > 0 ? term(in, p, squares) : 0;
        s1 += rest > 1 ? term(in, p + 1, squares) : 0;
        s2 += rest > 2 ? term(in, p + 2, squares) : 0;
        s3 += rest > 3 ? term(in, p + 3, squares) : 0;
        s4 += rest > 4 ? term(in, p + 4, squares) : 0;
        s5 += rest > 5 ? term(in, p + 5, squares) : 0;
        s6 += rest > 6 ? term(in, p + 6, squares) : 0;
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** Element {@code p}, or its square rounded to the buffer's dtype. */
    private static double term(CpuBuffer in, int p, boolean square) {
        if (in.d != null) {
            double x = in.d[p];
            return square ? x * x : x;
        }
        float x = in.f[p];
        return square ? x * x : x;
    }

    /** First index of the maximum along the single reduced axis; a NaN counts as the maximum. */
    private static void argmax(int[] shape, CpuBuffer in, int offset, int[] strides, boolean[] reduced, CpuBuffer out,
                               int[] outStrides) {
        int axis = 0;
        while (axis < shape.length && !reduced[axis]) {
            axis++;
        }
        if (axis == shape.length) {
            // 0-d input: the index is 0.
            out.set(0, 0.0);
            return;
        }
        int len = shape[axis];
        int[] keptShape = shape.clone();
        keptShape[axis] = 1;
        int outN = 1;
        for (int d : keptShape) {
            outN *= d;
        }
        int[] idx = new int[shape.length];
        for (int o = 0; o < outN; o++) {
            int rem = o;
            int base = offset;
            for (int d = shape.length - 1; d >= 0; d--) {
                idx[d] = rem % keptShape[d];
                rem /= keptShape[d];
                base += idx[d] * strides[d];
            }
            int best = 0;
            double bestValue = in.get(base);
            for (int p = 1; p < len && !Double.isNaN(bestValue); p++) {
                double x = in.get(base + p * strides[axis]);
                if (x > bestValue || Double.isNaN(x)) {
                    best = p;
                    bestValue = x;
                }
            }
            out.set(o, best);
        }
    }
}

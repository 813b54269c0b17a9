package org.grad4j.cpu;

import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.Strided;

/**
 * One-pass loops for the masks of gradient formulas, on contiguous floating operands: a comparison with a
 * number ({@code x != 0} as 1/0 in x's dtype, or as bool) and ReLU's backward {@code grad * (output != 0)}.
 * Each gives the bits of the general path it replaces ({@link IntKernels#scalar}, then {@code MUL}): a float32
 * compares in float exactly as its double widening does against the scalar rounded to float32, and
 * {@code g * 1} / {@code g * 0} are the same products. They exist because the general loops read and write
 * every element through {@link CpuBuffer#get}/{@link CpuBuffer#set} and {@link BinaryOp#apply}, several times
 * slower on the small activations of a training step (ReLU's mask was ~10% of the Digits example's step).
 */
final class MaskKernels {
    private MaskKernels() {
    }

    /** Elements per piece of a split loop, as {@link CpuBackend}'s. */
    private static final int GRAIN = Workers.PARALLEL_MIN / 4;

    /**
     * {@code out = cmp(a, s)} ({@code cmp(s, a)} when {@code scalarFirst}) as 1/0 for a contiguous float32 or
     * float64 {@code a} and a contiguous {@code out} of a's dtype or bool; false (nothing written) otherwise.
     */
    static boolean compareScalar(BinaryOp op, int[] shape, Strided a, double scalar, boolean scalarFirst, Strided out) {
        CpuBuffer x = CpuBackend.buf(a.buffer());
        CpuBuffer o = CpuBackend.buf(out.buffer());
        boolean sameFloat = (x.f != null && o.f != null) || (x.d != null && o.d != null);
        if (!op.isComparison() || !(sameFloat || (o.z != null && (x.f != null || x.d != null)))
                || Loops.flatStride(shape, a.strides()) != 1 || Loops.flatStride(shape, out.strides()) != 1) {
            return false;
        }
        // s OP v is v FLIP(OP) s: the same truth for every value, NaN included
        BinaryOp cmp = scalarFirst ? flip(op) : op;
        double s = x.dtype.round(scalar);
        int n = Loops.numel(shape);
        int xo = a.offset();
        int oo = out.offset();
        if (!Workers.splits(n)) {
            compareRow(cmp, x, xo, s, o, oo, n);
        } else {
            Workers.forRange(n, GRAIN, (from, to) -> compareRow(cmp, x, xo + from, s, o, oo + from, to - from));
        }
        return true;
    }

    private static BinaryOp flip(BinaryOp op) {
        return switch (op) {
            case LT -> BinaryOp.GT;
            case GT -> BinaryOp.LT;
            case LE -> BinaryOp.GE;
            case GE -> BinaryOp.LE;
            default -> op;   // EQ, NE
        };
    }

    private static void compareRow(BinaryOp op, CpuBuffer x, int xo, double s, CpuBuffer o, int oo, int n) {
        if (x.f != null) {
            float[] xf = x.f;
            float sf = (float) s;   // exact: s is already rounded to float32
            for (int i = 0; i < n; i++) {
                boolean hit = test(op, xf[xo + i], sf);
                if (o.f != null) {
                    o.f[oo + i] = hit ? 1.0f : 0.0f;
                } else {
                    o.z[oo + i] = hit ? (byte) 1 : (byte) 0;
                }
            }
        } else {
            double[] xd = x.d;
            for (int i = 0; i < n; i++) {
                boolean hit = test(op, xd[xo + i], s);
                if (o.d != null) {
                    o.d[oo + i] = hit ? 1.0 : 0.0;
                } else {
                    o.z[oo + i] = hit ? (byte) 1 : (byte) 0;
                }
            }
        }
    }

    private static boolean test(BinaryOp op, double v, double s) {
        return switch (op) {
            case EQ -> v == s;
            case NE -> v != s;
            case LT -> v < s;
            case LE -> v <= s;
            case GT -> v > s;
            case GE -> v >= s;
            default -> throw new IllegalStateException(op + " is not a comparison");
        };
    }

    /**
     * ReLU's gradient {@code gradInput = grad * (output != 0 ? 1 : 0)}, the bits of {@code MUL(grad, NE(output, 0))}
     * (so {@code -0.0} for a negative gradient where the output is 0, NaN for an infinite one, as that product);
     * all three contiguous and of one floating dtype, else false (nothing written).
     */
    static boolean reluBackward(int[] shape, Strided grad, Strided output, Strided gradInput) {
        CpuBuffer g = CpuBackend.buf(grad.buffer());
        CpuBuffer y = CpuBackend.buf(output.buffer());
        CpuBuffer o = CpuBackend.buf(gradInput.buffer());
        boolean f32 = g.f != null && y.f != null && o.f != null;
        boolean f64 = g.d != null && y.d != null && o.d != null;
        if (!(f32 || f64) || Loops.flatStride(shape, grad.strides()) != 1 || Loops.flatStride(shape, output.strides()) != 1
                || Loops.flatStride(shape, gradInput.strides()) != 1) {
            return false;
        }
        int n = Loops.numel(shape);
        int go = grad.offset();
        int yo = output.offset();
        int oo = gradInput.offset();
        if (!Workers.splits(n)) {
            reluBackwardRow(g, go, y, yo, o, oo, n);
        } else {
            Workers.forRange(n, GRAIN, (from, to) -> reluBackwardRow(g, go + from, y, yo + from, o, oo + from, to - from));
        }
        return true;
    }

    private static void reluBackwardRow(CpuBuffer g, int go, CpuBuffer y, int yo, CpuBuffer o, int oo, int n) {
        if (g.f != null) {
            float[] gf = g.f;
            float[] yf = y.f;
            float[] of = o.f;
            for (int i = 0; i < n; i++) {
                of[oo + i] = gf[go + i] * (yf[yo + i] != 0.0f ? 1.0f : 0.0f);
            }
        } else {
            double[] gd = g.d;
            double[] yd = y.d;
            double[] od = o.d;
            for (int i = 0; i < n; i++) {
                od[oo + i] = gd[go + i] * (yd[yo + i] != 0.0 ? 1.0 : 0.0);
            }
        }
    }
}

package org.grad4j.cpu;

import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.Strided;

/**
 * Comparisons (== != < <= > >=) of float32 or float64 operands into 1 / 0 of the same dtype (the masks of
 * gradient formulas, {@code Pointwise.mask}) or into bool, for a flat output and operands that are
 * contiguous or one broadcast element: branch-free rows ({@link VectorCompareF64} and its float32 twin when
 * the Vector API is there), split over {@link Workers} when large. Other layouts and dtypes are declined
 * (false, nothing written) and run {@link IntKernels}' general loops. Each element is the reference
 * comparison, {@code BinaryOp.apply}'s, whichever path computes it.
 */
final class CompareLoops {
    private CompareLoops() {
    }

    /** Whether these rows run (same results either way; a benchmark switches it to pair old and new). */
    static boolean enabled = true;

    /** Elements per piece of a split loop, as {@link CpuBackend}'s elementwise loops. */
    private static final int GRAIN = Workers.PARALLEL_MIN / 4;
    /** Rows shorter than one vector stay on the scalar loop. */
    private static final int VECTOR_MIN = 16;

    /** {@code s op x} as {@code x op' s}: the same truth for every pair, NaN included. */
    static BinaryOp swapped(BinaryOp op) {
        return switch (op) {
            case LT -> BinaryOp.GT;
            case LE -> BinaryOp.GE;
            case GT -> BinaryOp.LT;
            case GE -> BinaryOp.LE;
            default -> op;
        };
    }

    /** {@code x op scalar} (or {@code scalar op x}); false when declined. */
    static boolean scalar(BinaryOp op, int[] shape, Strided a, double scalar, boolean scalarFirst, Strided out) {
        CpuBuffer x = CpuBackend.buf(a.buffer());
        CpuBuffer o = CpuBackend.buf(out.buffer());
        if (!enabled || !op.isComparison() || !fits(x, o) || Loops.flatStride(shape, a.strides()) != 1
                || Loops.flatStride(shape, out.strides()) != 1) {
            return false;
        }
        // the scalar rounded to the operand's dtype first, as IntKernels.scalar and PyTorch do
        double s = x.dtype.round(scalar);
        run(scalarFirst ? swapped(op) : op, x, a.offset(), null, 0, s, o, out.offset(), Loops.numel(shape));
        return true;
    }

    /** {@code x op y}, each operand contiguous or one broadcast element; false when declined. */
    static boolean binary(BinaryOp op, int[] shape, Strided a, Strided b, Strided out) {
        CpuBuffer x = CpuBackend.buf(a.buffer());
        CpuBuffer y = CpuBackend.buf(b.buffer());
        CpuBuffer o = CpuBackend.buf(out.buffer());
        if (!enabled || !op.isComparison() || !fits(x, o) || y.dtype != x.dtype || Loops.flatStride(shape, out.strides()) != 1) {
            return false;
        }
        int flatA = Loops.flatStride(shape, a.strides());
        int flatB = Loops.flatStride(shape, b.strides());
        int n = Loops.numel(shape);
        if (flatA == 1 && flatB == 1) {
            run(op, x, a.offset(), y, b.offset(), 0, o, out.offset(), n);
        } else if (flatA == 1 && flatB == 0) {
            run(op, x, a.offset(), null, 0, y.get(b.offset()), o, out.offset(), n);
        } else if (flatA == 0 && flatB == 1) {
            run(swapped(op), y, b.offset(), null, 0, x.get(a.offset()), o, out.offset(), n);
        } else {
            return false;
        }
        return true;
    }

    /** A floating operand and an output of its dtype or bool. */
    private static boolean fits(CpuBuffer x, CpuBuffer o) {
        return (x.f != null && (o.f != null || o.z != null)) || (x.d != null && (o.d != null || o.z != null));
    }

    /** {@code n} elements: against {@code y} from {@code iy}, or against {@code s} when {@code y} is null. */
    private static void run(BinaryOp op, CpuBuffer x, int ix, CpuBuffer y, int iy, double s, CpuBuffer o, int io, int n) {
        if (n == 0) {
            return;
        }
        if (!Workers.splits(n)) {
            row(op, x, ix, y, iy, s, o, io, n);
            return;
        }
        Workers.forRange(n, GRAIN, (from, to) -> row(op, x, ix + from, y, iy + from, s, o, io + from, to - from));
    }

    private static void row(BinaryOp op, CpuBuffer x, int ix, CpuBuffer y, int iy, double s, CpuBuffer o, int io, int n) {
        // bool outputs: the scalar rows (a lane mask converted to bytes was 2x slower than them)
        boolean lanes = Kernels.vector && n >= VECTOR_MIN && o.z == null;
        if (x.f != null) {
            float sf = (float) s;   // exact: s was rounded to float32
            if (y == null && lanes) {
                VectorCompareF32.scalar(op, x.f, ix, sf, o.f, io, n);
            } else if (y == null && o.f != null) {
                scalar(op, x.f, ix, sf, o.f, io, n);
            } else if (y == null) {
                scalar(op, x.f, ix, sf, o.z, io, n);
            } else if (lanes) {
                VectorCompareF32.binary(op, x.f, ix, y.f, iy, o.f, io, n);
            } else if (o.f != null) {
                binary(op, x.f, ix, y.f, iy, o.f, io, n);
            } else {
                binary(op, x.f, ix, y.f, iy, o.z, io, n);
            }
            return;
        }
        if (y == null && lanes) {
            VectorCompareF64.scalar(op, x.d, ix, s, o.d, io, n);
        } else if (y == null && o.d != null) {
            scalar(op, x.d, ix, s, o.d, io, n);
        } else if (y == null) {
            scalar(op, x.d, ix, s, o.z, io, n);
        } else if (lanes) {
            VectorCompareF64.binary(op, x.d, ix, y.d, iy, o.d, io, n);
        } else if (o.d != null) {
            binary(op, x.d, ix, y.d, iy, o.d, io, n);
        } else {
            binary(op, x.d, ix, y.d, iy, o.z, io, n);
        }
    }

    /**
     * {@code a op b} as 1 or 0: an int select, which C2 compiles without a jump (a float or double select
     * becomes a branch). float32 operands widen to double exactly, so one form serves both.
     */
    static int test(BinaryOp op, double a, double b) {
        return switch (op) {
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            default -> throw new IllegalStateException(op + " is not a comparison");
        };
    }

    // The scalar rows: the fallback without the Vector API, and the vector rows' tails.

    static void scalar(BinaryOp op, float[] x, int ix, float s, float[] out, int io, int n) {
        for (int i = 0; i < n; i++) {
            out[io + i] = test(op, x[ix + i], s);
        }
    }

    static void scalar(BinaryOp op, float[] x, int ix, float s, byte[] out, int io, int n) {
        for (int i = 0; i < n; i++) {
            out[io + i] = (byte) test(op, x[ix + i], s);
        }
    }

    static void scalar(BinaryOp op, double[] x, int ix, double s, double[] out, int io, int n) {
        for (int i = 0; i < n; i++) {
            out[io + i] = test(op, x[ix + i], s);
        }
    }

    static void scalar(BinaryOp op, double[] x, int ix, double s, byte[] out, int io, int n) {
        for (int i = 0; i < n; i++) {
            out[io + i] = (byte) test(op, x[ix + i], s);
        }
    }

    static void binary(BinaryOp op, float[] x, int ix, float[] y, int iy, float[] out, int io, int n) {
        for (int i = 0; i < n; i++) {
            out[io + i] = test(op, x[ix + i], y[iy + i]);
        }
    }

    static void binary(BinaryOp op, float[] x, int ix, float[] y, int iy, byte[] out, int io, int n) {
        for (int i = 0; i < n; i++) {
            out[io + i] = (byte) test(op, x[ix + i], y[iy + i]);
        }
    }

    static void binary(BinaryOp op, double[] x, int ix, double[] y, int iy, double[] out, int io, int n) {
        for (int i = 0; i < n; i++) {
            out[io + i] = test(op, x[ix + i], y[iy + i]);
        }
    }

    static void binary(BinaryOp op, double[] x, int ix, double[] y, int iy, byte[] out, int io, int n) {
        for (int i = 0; i < n; i++) {
            out[io + i] = (byte) test(op, x[ix + i], y[iy + i]);
        }
    }
}

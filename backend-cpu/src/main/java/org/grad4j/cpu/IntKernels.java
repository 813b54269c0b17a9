package org.grad4j.cpu;

import org.grad4j.DType;
import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.ReduceOp;
import org.grad4j.spi.Strided;
import org.grad4j.spi.UnaryOp;

/**
 * Kernels for int64 and bool buffers, conversions between dtypes, and comparisons (which write bool
 * for every input dtype). Integer arithmetic is exact in {@code long} and wraps like C's int64_t;
 * nothing goes through double. Loops are plain strided loops: integer tensors are indices and
 * masks, rarely the hot path.
 */
final class IntKernels {
    private IntKernels() {
    }

    /** Whether a {@link CpuBackend#unary} call belongs here rather than in the float kernels. */
    static boolean handlesUnary(CpuBuffer in, CpuBuffer out) {
        return !in.dtype.isFloatingPoint() || !out.dtype.isFloatingPoint();
    }

    /** Whether a {@link CpuBackend#binary}/{@code binaryScalar} call belongs here. */
    static boolean handlesBinary(BinaryOp op, CpuBuffer a) {
        return op.isComparison() || !a.dtype.isFloatingPoint() || op == BinaryOp.FLOOR_DIVIDE;
    }

    static void fill(int[] shape, Strided out, double value) {
        CpuBuffer o = CpuBackend.buf(out.buffer());
        Loops.forEachRow(shape, null, null, out.strides(), 0, 0, out.offset(), (ia, sa, ib, sb, io, so, n) -> {
            for (int i = 0; i < n; i++) {
                o.set(io + i * so, value);
            }
        });
    }

    static void unary(UnaryOp op, int[] shape, Strided in, Strided out) {
        CpuBuffer a = CpuBackend.buf(in.buffer());
        CpuBuffer o = CpuBackend.buf(out.buffer());
        boolean exact = !a.dtype.isFloatingPoint() && !o.dtype.isFloatingPoint();
        Loops.forEachRow(shape, in.strides(), null, out.strides(), in.offset(), 0, out.offset(),
                (ia, sa, ib, sb, io, so, n) -> {
                    for (int i = 0; i < n; i++) {
                        int p = ia + i * sa;
                        int q = io + i * so;
                        if (op == UnaryOp.COPY) {
                            copy(a, p, o, q);
                        } else if (exact) {
                            o.setLong(q, unaryLong(op, a.getLong(p)));
                        } else {
                            throw new IllegalStateException("unary " + op + ": no kernel from " + a.dtype + " to " + o.dtype);
                        }
                    }
                });
    }

    /** One element converted between any two dtypes, rounding once. */
    private static void copy(CpuBuffer a, int p, CpuBuffer o, int q) {
        if (o.f != null) {
            // int64 -> float32 directly: through double it could round twice.
            o.f[q] = a.l != null ? (float) a.getLong(p) : (float) a.get(p);
        } else if (o.d != null) {
            o.d[q] = a.get(p);
        } else if (a.dtype.isFloatingPoint()) {
            o.set(q, a.get(p));
        } else {
            o.setLong(q, a.getLong(p));
        }
    }

    static long unaryLong(UnaryOp op, long x) {
        return switch (op) {
            case COPY -> x;
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN, SGN -> Long.signum(x);
            case RELU -> Math.max(x, 0);
            default -> throw new IllegalStateException("unary " + op + " has no integer kernel");
        };
    }

    static void binary(BinaryOp op, int[] shape, Strided a, Strided b, Strided out) {
        CpuBuffer x = CpuBackend.buf(a.buffer());
        CpuBuffer y = CpuBackend.buf(b.buffer());
        CpuBuffer o = CpuBackend.buf(out.buffer());
        boolean floating = x.dtype.isFloatingPoint();
        Loops.forEachRow(shape, a.strides(), b.strides(), out.strides(), a.offset(), b.offset(), out.offset(),
                (ia, sa, ib, sb, io, so, n) -> {
                    for (int i = 0; i < n; i++) {
                        int p = ia + i * sa;
                        int r = ib + i * sb;
                        int q = io + i * so;
                        if (floating) {
                            o.set(q, op.apply(x.get(p), y.get(r)));
                        } else if (op.isComparison()) {
                            o.z[q] = compare(op, x.getLong(p), y.getLong(r)) ? (byte) 1 : (byte) 0;
                        } else {
                            o.setLong(q, binaryLong(op, x.getLong(p), y.getLong(r)));
                        }
                    }
                });
    }

    /** {@code op(a, s)} or {@code op(s, a)}; an integer {@code a} takes an integral scalar (core checks). */
    static void scalar(BinaryOp op, int[] shape, Strided a, double scalar, boolean scalarFirst, Strided out) {
        CpuBuffer x = CpuBackend.buf(a.buffer());
        CpuBuffer o = CpuBackend.buf(out.buffer());
        boolean floating = x.dtype.isFloatingPoint();
        double sd = x.dtype.round(scalar);
        // Comparing integers with a non-integral number: exactly, in double, as the common dtype does.
        boolean exactLong = !floating && (sd == scalar || !op.isComparison());
        long sl = CpuBuffer.toLong(scalar);
        Loops.forEachRow(shape, a.strides(), null, out.strides(), a.offset(), 0, out.offset(),
                (ia, sa, ib, sb, io, so, n) -> {
                    for (int i = 0; i < n; i++) {
                        int p = ia + i * sa;
                        int q = io + i * so;
                        if (!exactLong) {
                            double v = floating ? x.get(p) : x.getLong(p);
                            double s = floating ? sd : scalar;
                            o.set(q, scalarFirst ? op.apply(s, v) : op.apply(v, s));
                        } else if (op.isComparison()) {
                            long v = x.getLong(p);
                            o.z[q] = (scalarFirst ? compare(op, sl, v) : compare(op, v, sl)) ? (byte) 1 : (byte) 0;
                        } else {
                            long v = x.getLong(p);
                            o.setLong(q, scalarFirst ? binaryLong(op, sl, v) : binaryLong(op, v, sl));
                        }
                    }
                });
    }

    /** An int64 comparison, exact (floating values compare through {@link BinaryOp#apply}, 1.0 or 0.0). */
    static boolean compare(BinaryOp op, long x, long y) {
        return switch (op) {
            case EQ -> x == y;
            case NE -> x != y;
            case LT -> x < y;
            case LE -> x <= y;
            case GT -> x > y;
            case GE -> x >= y;
            default -> throw new IllegalStateException(op + " is not a comparison");
        };
    }

    /** int64 arithmetic, exact and wrapping; on bool operands (0/1) ADD/MAXIMUM are or, MUL/MINIMUM and (stored as != 0). */
    static long binaryLong(BinaryOp op, long x, long y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case MAXIMUM, FMAX -> Math.max(x, y);   // integers have no NaN: fmax is max
            case MINIMUM, FMIN -> Math.min(x, y);
            case POW -> powLong(x, y);
            case FLOOR_DIVIDE -> {
                if (y == 0) {
                    throw new IllegalArgumentException("floor_divide: ZeroDivisionError (integer division by zero)");
                }
                yield Math.floorDiv(x, y);
            }
            case REMAINDER -> {
                if (y == 0) {
                    throw new IllegalArgumentException("remainder: ZeroDivisionError (integer division by zero)");
                }
                yield Math.floorMod(x, y);
            }
            case FMOD -> {   // C's %: the dividend's sign
                if (y == 0) {
                    throw new IllegalArgumentException("fmod: ZeroDivisionError (integer division by zero)");
                }
                yield x % y;
            }
            case HEAVISIDE -> x == 0 ? y : x > 0 ? 1 : 0;
            default -> throw new IllegalStateException(op + " has no integer kernel");
        };
    }

    /**
     * Integer power by squaring (wrapping). A negative exponent gives PyTorch's {@code powi}: 1 for base
     * 1, ±1 for base -1, else 0 (core refuses a negative Python-number exponent, as PyTorch does).
     */
    static long powLong(long base, long exp) {
        if (exp < 0) {
            return base == 1 ? 1 : base == -1 ? ((exp & 1) == 0 ? 1 : -1) : 0;
        }
        long result = 1;
        long b = base;
        long e = exp;
        while (e > 0) {
            if ((e & 1) != 0) {
                result *= b;
            }
            b *= b;
            e >>= 1;
        }
        return result;
    }

    /** SUM (into int64), MAX and ARGMAX (into int64) of an int64 or bool input, exactly. */
    static void reduce(ReduceOp op, int[] shape, CpuBuffer in, int offset, int[] strides, boolean[] reduced,
                       CpuBuffer out) {
        if (op == ReduceOp.ARGMAX) {
            ReduceKernels.argmax(shape, in, offset, strides, reduced, out);
            return;
        }
        int[] outStrides = ReduceKernels.outStrides(shape, reduced);
        int outLength = ReduceKernels.outLength(shape, reduced);
        long[] acc = new long[outLength];
        if (op == ReduceOp.MAX) {
            java.util.Arrays.fill(acc, Long.MIN_VALUE);
        }
        Loops.forEachRow(shape, strides, null, outStrides, offset, 0, 0, (ia, sa, ib, sb, io, so, n) -> {
            for (int i = 0; i < n; i++) {
                long v = in.getLong(ia + i * sa);
                int q = io + i * so;
                switch (op) {
                    case SUM -> acc[q] += v;
                    case MAX -> acc[q] = Math.max(acc[q], v);
                    default -> throw new IllegalStateException(op + " has no integer kernel");
                }
            }
        });
        for (int i = 0; i < outLength; i++) {
            out.setLong(i, acc[i]);
        }
    }
}

package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.grad4j.DType;
import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.Buffer;
import org.grad4j.spi.Strided;
import org.grad4j.spi.UnaryOp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The flat elementwise paths at lengths just below, at and above the split threshold ({@link Workers#PARALLEL_MIN},
 * with the surefire setting of 2 threads), odd lengths and short rows: every element equals the reference
 * ({@code BinaryOp.apply}, {@code UnaryOp.apply}) rounded to the output's dtype, for the fast rows (relu, neg,
 * sqrt, exp, copy, casts, + - * /, comparisons into the dtype or bool), operands at different offsets, a
 * broadcast element on either side, a scalar on either side and in-place outputs. Inputs include NaN, signed
 * zeros, infinities and values equal to the scalar.
 */
class SplitEdgeLoopsTest {
    private static final CpuBackend BE = CpuBackend.INSTANCE;
    private static final int[] LENGTHS = {1, 15, 17, 67, Workers.PARALLEL_MIN - 1, Workers.PARALLEL_MIN,
        Workers.PARALLEL_MIN + 1, 3 * Workers.PARALLEL_MIN + 7};
    private static final BinaryOp[] BINARY = {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MAXIMUM,
        BinaryOp.EQ, BinaryOp.NE, BinaryOp.LT, BinaryOp.LE, BinaryOp.GT, BinaryOp.GE};
    private static final double SCALAR = 0.5;

    private static double[] values(Random r, int n) {
        double[] special = {Double.NaN, 0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, SCALAR, -SCALAR,
            0.1, 1e-40};
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(8);
            v[i] = k == 0 ? special[r.nextInt(special.length)] : k == 1 ? Math.floor(r.nextGaussian() * 2) / 2 : r.nextGaussian();
        }
        return v;
    }

    private static Strided flat(Buffer b, int offset) {
        return new Strided(b, offset, new int[] {1});
    }

    /** {@code out[offset + i]} against {@code expected(i)} rounded to out's dtype, for i in [0, n). */
    private static void check(String what, Buffer out, int offset, int n, java.util.function.IntToDoubleFunction expected) {
        CpuBuffer o = (CpuBuffer) out;
        for (int i = 0; i < n; i++) {
            double e = expected.applyAsDouble(i);
            e = o.dtype == DType.BOOL ? (e != 0 ? 1 : 0) : o.dtype.round(e);
            double g = o.get(offset + i);
            if (Double.compare(e, g) != 0) {
                throw new AssertionError(what + " n=" + n + " at " + i + ": expected " + e + ", got " + g);
            }
        }
    }

    /**
     * {@code op.apply(x, y)}, except maximum at a tie of zeros of both signs inside the vector body of PyTorch's
     * loop over the whole flat row (the first {@code n - n % 16} float32 / {@code n - n % 8} float64 elements,
     * whatever the thread split), where PyTorch gives y ({@code Kernels.maxMinVectorBody}).
     */
    private static double reference(BinaryOp op, DType dt, int n, int i, double x, double y) {
        if (op == BinaryOp.MAXIMUM && x == y && i < n - n % (dt == DType.FLOAT64 ? 8 : 16)) {
            return y;
        }
        return op.apply(x, y);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void flatLoopsGiveTheReferenceAroundTheSplitThreshold(DType dt) {
        assertTrue(Workers.THREADS > 1 || !Workers.splits(Long.MAX_VALUE), "split paths need 2 threads (surefire sets them)");
        Random r = new Random(16);
        for (int n : LENGTHS) {
            int[] shape = {n};
            // operands at offsets 1 and 2 of larger buffers: rows that start at different indices
            CpuBuffer a = (CpuBuffer) BE.upload(values(r, n + 1), dt);
            CpuBuffer b = (CpuBuffer) BE.upload(values(r, n + 2), dt);
            Strided sa = flat(a, 1);
            Strided sb = flat(b, 2);
            for (UnaryOp op : new UnaryOp[] {UnaryOp.RELU, UnaryOp.NEG, UnaryOp.SQRT, UnaryOp.EXP, UnaryOp.COPY}) {
                Buffer out = BE.allocate(dt, n + 1);
                BE.unary(op, shape, sa, flat(out, 0));
                // float32 results are applyFloat's (exp is computed in float, as PyTorch's)
                java.util.function.IntToDoubleFunction want = dt == DType.FLOAT32
                        ? i -> op.applyFloat((float) a.get(1 + i)) : i -> op.apply(a.get(1 + i));
                check(op + " " + dt, out, 0, n, want);
                Buffer same = BE.allocate(dt, n + 1);   // same index as the input
                BE.unary(op, shape, sa, flat(same, 1));
                check(op + " same index " + dt, same, 1, n, want);
            }
            DType other = dt == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
            Buffer cast = BE.allocate(other, n);
            BE.unary(UnaryOp.COPY, shape, sa, flat(cast, 0));
            check("cast " + dt + " to " + other, cast, 0, n, i -> a.get(1 + i));
            for (BinaryOp op : BINARY) {
                for (DType outType : op.isComparison() ? new DType[] {dt, DType.BOOL} : new DType[] {dt}) {
                    String what = op + " " + dt + " into " + outType;
                    Buffer out = BE.allocate(outType, n);
                    BE.binary(op, shape, sa, sb, flat(out, 0));
                    check(what, out, 0, n, i -> reference(op, dt, n, i, a.get(1 + i), b.get(2 + i)));
                    // a broadcast element on either side
                    BE.binary(op, shape, sa, new Strided(b, 5 % (n + 2), new int[] {0}), flat(out, 0));
                    check(what + ", y broadcast", out, 0, n, i -> reference(op, dt, n, i, a.get(1 + i), b.get(5 % (n + 2))));
                    BE.binary(op, shape, new Strided(b, 3 % (n + 2), new int[] {0}), sa, flat(out, 0));
                    check(what + ", x broadcast", out, 0, n, i -> reference(op, dt, n, i, b.get(3 % (n + 2)), a.get(1 + i)));
                    // a scalar on either side; 0.1 is not a float32, so it must be rounded to the dtype first
                    for (double s : new double[] {SCALAR, 0.1, Double.NaN}) {
                        double rs = dt.round(s);
                        BE.binaryScalar(op, shape, sa, s, false, flat(out, 0));
                        check(what + " x op " + s, out, 0, n, i -> op.applyScalar(a.get(1 + i), rs));
                        BE.binaryScalar(op, shape, sa, s, true, flat(out, 0));
                        check(what + " " + s + " op x", out, 0, n, i -> op.apply(rs, a.get(1 + i)));
                    }
                }
            }
            // in place, as add_ / mul_: the output is the first operand
            double[] before = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                before[i] = a.get(i);
            }
            BE.binary(BinaryOp.ADD, shape, sa, sb, sa);
            check("add_ " + dt, a, 1, n, i -> before[1 + i] + b.get(2 + i));
            BE.binaryScalar(BinaryOp.MUL, shape, sa, 0.1, false, sa);
            check("mul_ " + dt, a, 1, n, i -> dt.round(before[1 + i] + b.get(2 + i)) * dt.round(0.1));
        }
    }

    /** Equal element by element (NaN equal to NaN), over {@code n} elements from 0. */
    private static void same(String what, Buffer expected, Buffer actual, int n) {
        CpuBuffer e = (CpuBuffer) expected;
        CpuBuffer g = (CpuBuffer) actual;
        for (int i = 0; i < n; i++) {
            if (e.dtype == DType.INT64 ? e.getLong(i) != g.getLong(i) : Double.compare(e.get(i), g.get(i)) != 0) {
                throw new AssertionError(what + " at " + i + ": expected " + e.get(i) + ", got " + g.get(i));
            }
        }
    }

    /**
     * IntKernels' loops (int64, bool, conversions, comparisons of strided operands) split into slabs of dim 0:
     * the same elements as one unsplit IntKernels call, for a transposed operand and a long flat one.
     */
    @org.junit.jupiter.api.Test
    void integerBoolAndStridedLoopsSplitIntoSlabsGiveTheUnsplitElements() {
        Random r = new Random(61);
        int rows = 301;
        int cols = 499;
        assertTrue(Workers.splits((long) rows * cols));
        int[] shape = {rows, cols};
        int n = rows * cols;
        Strided contiguous = new Strided(BE.upload(values(r, n), DType.FLOAT32), 0, new int[] {cols, 1});
        Strided transposed = new Strided(BE.upload(values(r, n), DType.FLOAT32), 0, new int[] {1, rows});
        Strided out = new Strided(BE.allocate(DType.BOOL, n), 0, new int[] {cols, 1});
        Strided ref = new Strided(BE.allocate(DType.BOOL, n), 0, new int[] {cols, 1});
        BE.binary(BinaryOp.GT, shape, transposed, contiguous, out);
        IntKernels.binary(BinaryOp.GT, shape, transposed, contiguous, ref);
        same("strided float32 gt into bool", ref.buffer(), out.buffer(), n);
        BE.binaryScalar(BinaryOp.LE, shape, transposed, 0.1, true, out);
        IntKernels.scalar(BinaryOp.LE, shape, transposed, 0.1, true, ref);
        same("0.1 <= strided float32", ref.buffer(), out.buffer(), n);
        Strided longs = new Strided(BE.allocate(DType.INT64, n), 0, new int[] {cols, 1});
        Strided longsRef = new Strided(BE.allocate(DType.INT64, n), 0, new int[] {cols, 1});
        BE.unary(UnaryOp.COPY, shape, transposed, longs);   // float32 -> int64, from a strided input
        IntKernels.unary(UnaryOp.COPY, shape, transposed, longsRef);
        same("strided float32 to int64", longsRef.buffer(), longs.buffer(), n);
        for (int len : new int[] {Workers.PARALLEL_MIN + 1, 3 * Workers.PARALLEL_MIN + 7}) {
            int[] flatShape = {len};
            long[] xs = new long[len];
            long[] ys = new long[len];
            for (int i = 0; i < len; i++) {
                xs[i] = r.nextLong() >> r.nextInt(64);
                ys[i] = r.nextInt(1000) - 500;
            }
            Strided x = flat(new CpuBuffer(BE, xs), 0);
            Strided y = flat(new CpuBuffer(BE, ys), 0);
            Strided o = flat(BE.allocate(DType.INT64, len), 0);
            Strided oRef = flat(BE.allocate(DType.INT64, len), 0);
            BE.binary(BinaryOp.ADD, flatShape, x, y, o);
            IntKernels.binary(BinaryOp.ADD, flatShape, x, y, oRef);
            same("int64 add, " + len, oRef.buffer(), o.buffer(), len);
            BE.binaryScalar(BinaryOp.MUL, flatShape, x, 3, false, o);
            IntKernels.scalar(BinaryOp.MUL, flatShape, x, 3, false, oRef);
            same("int64 * 3, " + len, oRef.buffer(), o.buffer(), len);
            Strided f = flat(BE.allocate(DType.FLOAT32, len), 0);
            Strided fRef = flat(BE.allocate(DType.FLOAT32, len), 0);
            BE.unary(UnaryOp.COPY, flatShape, x, f);
            IntKernels.unary(UnaryOp.COPY, flatShape, x, fRef);
            same("int64 to float32, " + len, fRef.buffer(), f.buffer(), len);
        }
    }

    /** Copies and casts of a transposed float operand (the strided rows): each element, rounded once. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void stridedCopiesAndCastsGiveEachElement(DType dt) {
        Random r = new Random(62);
        int rows = 301;
        int cols = 499;
        int[] shape = {rows, cols};
        CpuBuffer a = (CpuBuffer) BE.upload(values(r, rows * cols), DType.FLOAT64);
        CpuBuffer src = (CpuBuffer) BE.allocate(dt, rows * cols);
        BE.unary(UnaryOp.COPY, new int[] {rows * cols}, flat(a, 0), flat(src, 0));
        Strided transposed = new Strided(src, 0, new int[] {1, rows});
        for (DType to : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Buffer out = BE.allocate(to, rows * cols);
            BE.unary(UnaryOp.COPY, shape, transposed, new Strided(out, 0, new int[] {cols, 1}));
            check("transposed " + dt + " to " + to, out, 0, rows * cols, k -> src.get(k / cols + (k % cols) * rows));
            Buffer back = BE.allocate(to, rows * cols);   // strided on both sides: into a transposed output
            BE.unary(UnaryOp.COPY, shape, new Strided(src, 0, new int[] {cols, 1}), new Strided(back, 0, new int[] {1, rows}));
            check("into transposed " + dt + " to " + to, back, 0, rows * cols, k -> src.get(k % rows * cols + k / rows));
        }
    }
}

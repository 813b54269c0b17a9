package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import org.grad4j.DType;
import org.grad4j.spi.Backend;
import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.Buffer;
import org.grad4j.spi.Gemm;
import org.grad4j.spi.ReduceOp;
import org.grad4j.spi.Strided;
import org.grad4j.spi.UnaryOp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every {@link Backend} primitive against a naive reference computed here in double (rounded to the
 * dtype), on contiguous, transposed, padded, offset and stride-0 (broadcast) operands. Outputs are
 * written into buffers pre-filled with a sentinel, so a write outside the view fails too.
 */
public abstract class PrimitiveConformance extends DeviceConformance {
    private static final double SENTINEL = 12345.0;
    private final Random random = new Random(42);

    // ------------------------------------------------------------ operands

    /** A strided operand over a host copy of its buffer. */
    final class Operand {
        final double[] host;
        final int offset;
        final int[] strides;
        final Buffer buffer;

        Operand(double[] host, int offset, int[] strides, DType dtype) {
            for (int i = 0; i < host.length; i++) {
                host[i] = dtype.round(host[i]);
            }
            this.host = host;
            this.offset = offset;
            this.strides = strides;
            this.buffer = backend().upload(host, dtype);
        }

        Strided strided() {
            return new Strided(buffer, offset, strides);
        }

        double at(int[] index) {
            return host[position(index)];
        }

        int position(int[] index) {
            int p = offset;
            for (int d = 0; d < index.length; d++) {
                p += index[d] * strides[d];
            }
            return p;
        }

        double[] download() {
            double[] d = new double[buffer.length()];
            backend().download(buffer, 0, d);
            return d;
        }
    }

    /** The layouts every primitive is run on. */
    enum Layout { CONTIGUOUS, TRANSPOSED, PADDED_OFFSET, BROADCAST_ROWS, BROADCAST_ALL }

    /** Strides, offset and buffer length of a 2-D {@code rows x cols} operand in {@code layout}. */
    Operand operand(Layout layout, int rows, int cols, DType dtype, double lo, double hi) {
        int offset;
        int[] strides;
        int length;
        switch (layout) {
            case CONTIGUOUS -> { offset = 0; strides = new int[] {cols, 1}; length = rows * cols; }
            case TRANSPOSED -> { offset = 2; strides = new int[] {1, rows}; length = 2 + rows * cols; }
            case PADDED_OFFSET -> { offset = 5; strides = new int[] {2 * cols + 3, 2}; length = 5 + rows * (2 * cols + 3); }
            case BROADCAST_ROWS -> { offset = 1; strides = new int[] {0, 1}; length = 1 + cols; }
            case BROADCAST_ALL -> { offset = 3; strides = new int[] {0, 0}; length = 4; }
            default -> throw new IllegalStateException();
        }
        double[] host = new double[length];
        for (int i = 0; i < length; i++) {
            host[i] = lo + (hi - lo) * random.nextDouble();
        }
        return new Operand(host, offset, strides, dtype);
    }

    /** An output operand (never broadcast) filled with the sentinel. */
    Operand output(Layout layout, int rows, int cols, DType dtype) {
        Layout l = layout == Layout.BROADCAST_ROWS || layout == Layout.BROADCAST_ALL ? Layout.PADDED_OFFSET : layout;
        Operand o = operand(l, rows, cols, dtype, 0, 0);
        java.util.Arrays.fill(o.host, SENTINEL);
        return new Operand(o.host, o.offset, o.strides, dtype);
    }

    /** Checks out's view against expected(i, j) and that every element outside the view kept the sentinel. */
    void checkOutput(String what, Operand out, int rows, int cols, double[][] expected, double rtol, boolean exact) {
        double[] got = out.download();
        boolean[] inView = new boolean[got.length];
        double[] e = new double[rows * cols];
        double[] a = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int p = out.position(new int[] {i, j});
                inView[p] = true;
                e[i * cols + j] = expected[i][j];
                a[i * cols + j] = got[p];
            }
        }
        assertClose(what, e, a, rtol, exact);
        for (int p = 0; p < got.length; p++) {
            if (!inView[p] && got[p] != SENTINEL) {
                throw new AssertionError(what + ": wrote outside the output view at buffer position " + p + " (" + got[p] + ")");
            }
        }
    }

    static final int R = 3;
    static final int C = 4;
    static final int[] SHAPE = {R, C};

    // ------------------------------------------------------------ fill, copy

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void fillWritesTheRoundedValueIntoTheViewOnly(DType dtype) {
        for (Layout layout : new Layout[] {Layout.CONTIGUOUS, Layout.TRANSPOSED, Layout.PADDED_OFFSET}) {
            Operand out = output(layout, R, C, dtype);
            backend().fill(SHAPE, out.strided(), 0.1);
            double[][] expected = new double[R][C];
            for (double[] row : expected) {
                java.util.Arrays.fill(row, dtype.round(0.1));
            }
            checkOutput("fill " + layout + " " + dtype, out, R, C, expected, 0, true);
        }
        Operand scalar = output(Layout.PADDED_OFFSET, 1, 1, dtype);
        backend().fill(new int[0], new Strided(scalar.buffer, scalar.offset, new int[0]), -2.5);
        assertEquals(-2.5, scalar.download()[scalar.offset]);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void copyConvertsBetweenDtypes(DType from) {
        DType to = from == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
        for (Layout layout : Layout.values()) {
            Operand in = operand(layout, R, C, from, -3, 3);
            Operand out = output(Layout.TRANSPOSED, R, C, to);
            backend().unary(UnaryOp.COPY, SHAPE, in.strided(), out.strided());
            double[][] expected = new double[R][C];
            for (int i = 0; i < R; i++) {
                for (int j = 0; j < C; j++) {
                    expected[i][j] = to.round(in.at(new int[] {i, j}));
                }
            }
            checkOutput("COPY " + from + "->" + to + " " + layout, out, R, C, expected, 0, true);
        }
    }

    // ------------------------------------------------------------ unary

    /** The op table's reference: the one scalar definition every backend is checked against. */
    static DoubleUnaryOperator reference(UnaryOp op) {
        return op::apply;
    }

    /** The reference in the dtype: {@link UnaryOp#applyFloat} for float32 (float-arithmetic ops), else apply rounded. */
    static double reference(UnaryOp op, DType dtype, double x) {
        return dtype == DType.FLOAT32 ? op.applyFloat((float) x) : dtype.round(op.apply(x));
    }

    static boolean exact(UnaryOp op) {
        return op.exact();
    }

    /** Tolerance of a transcendental kernel: a few ulps. */
    static double kernelRtol(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-14 : 1e-6;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void unaryMatchesReferenceOnEveryLayout(DType dtype) {
        for (UnaryOp op : UnaryOp.values()) {
            boolean positive = op.domain() == UnaryOp.Domain.POSITIVE;
            for (Layout layout : Layout.values()) {
                Operand in = operand(layout, R, C, dtype, positive ? 0.01 : -4, 4);
                Operand out = output(layout, R, C, dtype);
                backend().unary(op, SHAPE, in.strided(), out.strided());
                double[][] expected = new double[R][C];
                for (int i = 0; i < R; i++) {
                    for (int j = 0; j < C; j++) {
                        expected[i][j] = reference(op, dtype, in.at(new int[] {i, j}));
                    }
                }
                checkOutput(op + " " + layout + " " + dtype, out, R, C, expected, kernelRtol(dtype), exact(op));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void unarySpecialValues(DType dtype) {
        double[] x = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1.0, 1e-30, 800.0, -800.0};
        for (UnaryOp op : UnaryOp.values()) {
            Operand in = new Operand(x.clone(), 0, new int[] {1}, dtype);
            Operand out = new Operand(new double[x.length], 0, new int[] {1}, dtype);
            backend().unary(op, new int[] {x.length}, in.strided(), out.strided());
            double[] got = out.download();
            for (int i = 0; i < x.length; i++) {
                double e = reference(op, dtype, in.host[i]);
                double a = got[i];
                boolean ok = Double.isNaN(e) ? Double.isNaN(a) : exact(op) || Double.isInfinite(e) || e == 0
                        ? Double.compare(e, a) == 0 || (e == 0 && a == 0 && op != UnaryOp.NEG && op != UnaryOp.COPY)
                        : Math.abs(a - e) <= kernelRtol(dtype) * Math.abs(e);
                if (!ok) {
                    throw new AssertionError(op + " " + dtype + " of " + in.host[i] + ": expected " + e + ", got " + a);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void unaryInPlaceAliasing(DType dtype) {
        Operand io = operand(Layout.PADDED_OFFSET, R, C, dtype, -2, 2);
        double[] before = io.host.clone();
        backend().unary(UnaryOp.TANH, SHAPE, io.strided(), io.strided());
        double[] got = io.download();
        for (int i = 0; i < R; i++) {
            for (int j = 0; j < C; j++) {
                int p = io.position(new int[] {i, j});
                double e = dtype.round(Math.tanh(before[p]));
                assertClose("in-place TANH", new double[] {e}, new double[] {got[p]}, kernelRtol(dtype), false);
            }
        }
    }

    // ------------------------------------------------------------ binary

    /** The op table's reference of a binary op. */
    static double reference(BinaryOp op, double a, double b) {
        return op.apply(a, b);
    }

    /** The reference in the dtype: {@link BinaryOp#applyFloat} for float32 (nextafter's float ulp), else apply. */
    static double reference(BinaryOp op, DType dtype, double a, double b) {
        return dtype == DType.FLOAT32 ? op.applyFloat((float) a, (float) b) : op.apply(a, b);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void binaryMatchesReferenceOnEveryLayoutPair(DType dtype) {
        for (BinaryOp op : BinaryOp.values()) {
            for (Layout la : Layout.values()) {
                for (Layout lb : Layout.values()) {
                    boolean pow = op == BinaryOp.POW;
                    Operand a = operand(la, R, C, dtype, pow ? 0.1 : -3, 3);
                    Operand b = operand(lb, R, C, dtype, -3, 3);
                    if (op == BinaryOp.EQ) {   // make some elements equal
                        for (int i = 0; i < b.host.length && i < a.host.length; i += 2) {
                            b.host[i] = a.host[i];
                        }
                        b = new Operand(b.host, b.offset, b.strides, dtype);
                    }
                    Operand out = output(la, R, C, dtype);
                    backend().binary(op, SHAPE, a.strided(), b.strided(), out.strided());
                    double[][] expected = new double[R][C];
                    for (int i = 0; i < R; i++) {
                        for (int j = 0; j < C; j++) {
                            int[] ix = {i, j};
                            expected[i][j] = dtype.round(reference(op, dtype, a.at(ix), b.at(ix)));
                        }
                    }
                    checkOutput(op + " " + la + " x " + lb + " " + dtype, out, R, C, expected, kernelRtol(dtype), op.exact());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void binarySpecialValuesFollowC(DType dtype) {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        double[][] pairs = {
            {1, nan}, {-1, inf}, {-1, -inf}, {nan, 0}, {nan, -0.0}, {2, nan}, {-8, 1.0 / 3}, {0, -1}, {-0.0, -1}, {0, 0},
            {-2, 3}, {-2, 2}, {4, 0.5}, {4, -1}, {2, -2}, {9, -0.5}, {inf, -1}, {0.5, inf}, {1.5, -inf},
        };
        for (BinaryOp op : BinaryOp.values()) {
            double[] a = new double[pairs.length];
            double[] b = new double[pairs.length];
            for (int i = 0; i < pairs.length; i++) {
                a[i] = pairs[i][0];
                b[i] = pairs[i][1];
            }
            Operand oa = new Operand(a, 0, new int[] {1}, dtype);
            Operand ob = new Operand(b, 0, new int[] {1}, dtype);
            Operand out = new Operand(new double[pairs.length], 0, new int[] {1}, dtype);
            backend().binary(op, new int[] {pairs.length}, oa.strided(), ob.strided(), out.strided());
            double[] got = out.download();
            for (int i = 0; i < pairs.length; i++) {
                double e = dtype.round(reference(op, dtype, a[i], b[i]));
                if (!(Double.isNaN(e) ? Double.isNaN(got[i]) : Double.compare(e, got[i]) == 0)) {
                    throw new AssertionError(op + " " + dtype + " (" + a[i] + ", " + b[i] + "): expected " + e + ", got " + got[i]);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void binaryScalarBothOrdersRoundTheScalarToTheDtype(DType dtype) {
        double scalar = 0.1;   // not representable: float32 must use (float) 0.1
        for (BinaryOp op : BinaryOp.values()) {
            for (boolean scalarFirst : new boolean[] {false, true}) {
                for (Layout layout : Layout.values()) {
                    Operand a = operand(layout, R, C, dtype, op == BinaryOp.POW ? 0.1 : -3, 3);
                    if (op == BinaryOp.EQ) {
                        a.host[a.offset] = dtype.round(scalar);
                        a = new Operand(a.host, a.offset, a.strides, dtype);
                    }
                    Operand out = output(layout, R, C, dtype);
                    backend().binaryScalar(op, SHAPE, a.strided(), scalar, scalarFirst, out.strided());
                    double s = dtype.round(scalar);
                    double[][] expected = new double[R][C];
                    for (int i = 0; i < R; i++) {
                        for (int j = 0; j < C; j++) {
                            double x = a.at(new int[] {i, j});
                            expected[i][j] = dtype.round(scalarFirst ? reference(op, dtype, s, x)
                                    : op == BinaryOp.NEXTAFTER && dtype == DType.FLOAT32
                                    ? op.applyScalar((float) x, (float) s) : op.applyScalar(x, s));
                        }
                    }
                    checkOutput(op + (scalarFirst ? " scalar-first " : " ") + layout + " " + dtype, out, R, C, expected,
                            kernelRtol(dtype), op.exact());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void binaryInPlaceAliasing(DType dtype) {
        Operand io = operand(Layout.TRANSPOSED, R, C, dtype, -2, 2);
        Operand b = operand(Layout.BROADCAST_ROWS, R, C, dtype, -2, 2);
        double[] before = io.host.clone();
        backend().binary(BinaryOp.MUL, SHAPE, io.strided(), b.strided(), io.strided());
        double[] got = io.download();
        for (int i = 0; i < R; i++) {
            for (int j = 0; j < C; j++) {
                int p = io.position(new int[] {i, j});
                assertEquals(dtype.round(before[p] * b.at(new int[] {i, j})), got[p], "in-place MUL at " + i + "," + j);
            }
        }
    }

    // ------------------------------------------------------------ reductions

    /** Input [2,3,4] stored permuted (strides 1, 2*?, ...) with an offset. */
    Operand input3d(DType dtype, boolean ties) {
        int[] shape = {2, 3, 4};
        int[] strides = {1, 8, 2};   // positions offset + i + 8j + 2k: all distinct for i<2, k<4, j<3
        int offset = 3;
        double[] host = new double[offset + 1 + 16 + 6 + 1];
        for (int i = 0; i < host.length; i++) {
            host[i] = ties ? random.nextInt(3) : -5 + 10 * random.nextDouble();
        }
        return new Operand(host, offset, strides, dtype);
    }

    static void forEach(int[] shape, java.util.function.Consumer<int[]> action) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        int[] idx = new int[shape.length];
        for (int f = 0; f < n; f++) {
            int r = f;
            for (int d = shape.length - 1; d >= 0; d--) {
                idx[d] = r % shape[d];
                r /= shape[d];
            }
            action.accept(idx.clone());
        }
    }

    double[] referenceReduce(ReduceOp op, int[] shape, Operand in, boolean[] reduced) {
        int[] outShape = shape.clone();
        for (int d = 0; d < shape.length; d++) {
            if (reduced[d]) {
                outShape[d] = 1;
            }
        }
        int outN = 1;
        for (int s : outShape) {
            outN *= s;
        }
        double[] acc = new double[outN];
        double[] best = new double[outN];
        java.util.Arrays.fill(acc, op == ReduceOp.SUM ? 0 : Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(best, -1);
        forEach(shape, ix -> {
            int o = 0;
            int axisIndex = 0;
            for (int d = 0; d < shape.length; d++) {
                o = o * outShape[d] + (reduced[d] ? 0 : ix[d]);
                if (reduced[d]) {
                    axisIndex = ix[d];
                }
            }
            double v = in.at(ix);
            switch (op) {
                case SUM -> acc[o] += v;
                case MAX -> acc[o] = Double.isNaN(acc[o]) || Double.isNaN(v) ? Double.NaN : Math.max(acc[o], v);
                case ARGMAX -> {
                    if (best[o] < 0 || (!Double.isNaN(acc[o]) && (Double.isNaN(v) || v > acc[o]))) {
                        acc[o] = v;
                        best[o] = axisIndex;
                    }
                }
            }
        });
        return op == ReduceOp.ARGMAX ? best : acc;
    }

    void checkReduce(ReduceOp op, DType dtype, int[] shape, Operand in, boolean[] reduced) {
        double[] expected = referenceReduce(op, shape, in, reduced);
        for (int i = 0; i < expected.length; i++) {
            expected[i] = dtype.round(expected[i]);
        }
        Buffer out = backend().allocate(dtype, expected.length);
        backend().reduce(op, shape, in.strided(), reduced, out);
        double[] got = new double[expected.length];
        backend().download(out, 0, got);
        assertClose(op + " over " + java.util.Arrays.toString(reduced) + " " + dtype, expected, got, rtol(dtype), op != ReduceOp.SUM);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void reduceSumAndMaxOverEveryAxisSet(DType dtype) {
        int[] shape = {2, 3, 4};
        Operand in = input3d(dtype, false);
        for (int mask = 0; mask < 8; mask++) {
            boolean[] reduced = {(mask & 1) != 0, (mask & 2) != 0, (mask & 4) != 0};
            checkReduce(ReduceOp.SUM, dtype, shape, in, reduced);
            checkReduce(ReduceOp.MAX, dtype, shape, in, reduced);
        }
        Operand broadcast = new Operand(new double[] {0, 1.5, -2.5, 7}, 1, new int[] {0, 1}, dtype);
        checkReduce(ReduceOp.SUM, dtype, new int[] {5, 3}, broadcast, new boolean[] {true, false});
        checkReduce(ReduceOp.MAX, dtype, new int[] {5, 3}, broadcast, new boolean[] {true, true});
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void reduceArgmaxTakesTheFirstMaximumAndNaN(DType dtype) {
        int[] shape = {2, 3, 4};
        for (boolean ties : new boolean[] {false, true}) {
            Operand in = input3d(dtype, ties);
            for (int axis = 0; axis < 3; axis++) {
                boolean[] reduced = new boolean[3];
                reduced[axis] = true;
                checkReduce(ReduceOp.ARGMAX, dtype, shape, in, reduced);
            }
        }
        Operand nan = new Operand(new double[] {1, 5, Double.NaN, 9, Double.NaN}, 0, new int[] {1}, dtype);
        checkReduce(ReduceOp.ARGMAX, dtype, new int[] {5}, nan, new boolean[] {true});
        checkReduce(ReduceOp.MAX, dtype, new int[] {5}, nan, new boolean[] {true});
    }

    /**
     * Long reductions, which a device backend may split over many blocks and combine in a second
     * pass: whole tensors, rows, strided columns, with the maximum at the very end (so a split that
     * drops the last part fails). Values are positive, so the sums have no cancellation.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void longReductionsOverWholeTensorsRowsAndStridedColumns(DType dtype) {
        int rows = 3;
        int cols = 50_001;
        double[] host = new double[rows * cols];
        for (int i = 0; i < host.length; i++) {
            host[i] = 0.5 + random.nextDouble();
        }
        host[host.length - 1] = 7.0;
        Operand rowMajor = new Operand(host, 0, new int[] {cols, 1}, dtype);
        Operand colMajor = new Operand(host, 0, new int[] {1, rows}, dtype);   // [cols, rows] read down the columns
        double sumTol = dtype == DType.FLOAT64 ? 1e-12 : 1e-4;
        for (ReduceOp op : new ReduceOp[] {ReduceOp.SUM, ReduceOp.MAX}) {
            double tol = op == ReduceOp.SUM ? sumTol : 0;
            checkLongReduce(op, dtype, new int[] {rows, cols}, rowMajor, new boolean[] {true, true}, tol);
            checkLongReduce(op, dtype, new int[] {rows, cols}, rowMajor, new boolean[] {false, true}, tol);
            checkLongReduce(op, dtype, new int[] {cols, rows}, colMajor, new boolean[] {true, false}, tol);
        }
    }

    /**
     * Where a backend fuses the sum of squares, it gives the bits of squaring into a tensor and
     * summing it, contiguous or strided; where it does not, it leaves the output alone.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void fusedSumOfSquaresEqualsSquaringThenSumming(DType dtype) {
        for (int n : new int[] {1, 7, 9, 1000, 50_001}) {
            double[] host = new double[2 * n + 1];
            for (int i = 0; i < host.length; i++) {
                host[i] = -3 + 6 * random.nextDouble();
            }
            for (Operand in : new Operand[] {new Operand(host.clone(), 1, new int[] {1}, dtype),
                    new Operand(host.clone(), 0, new int[] {2}, dtype)}) {
                int[] shape = {n};
                Buffer squares = backend().allocate(dtype, n);
                backend().binary(BinaryOp.MUL, shape, in.strided(), in.strided(), new Strided(squares, 0, new int[] {1}));
                Buffer twoPass = backend().allocate(dtype, 1);
                backend().reduce(ReduceOp.SUM, shape, new Strided(squares, 0, new int[] {1}), new boolean[] {true}, twoPass);
                Buffer fused = backend().allocate(dtype, 1);
                backend().fill(new int[] {1}, new Strided(fused, 0, new int[] {1}), 42.0);
                boolean wrote = backend().fused().sumOfSquares(shape, in.strided(), fused);
                double[] expected = new double[1];
                double[] got = new double[1];
                backend().download(twoPass, 0, expected);
                backend().download(fused, 0, got);
                assertEquals(wrote ? expected[0] : 42.0, got[0], "sum of squares of " + n + " " + dtype
                        + " elements, stride " + in.strides[0] + (wrote ? "" : " (not fused: the output must stay)"));
            }
        }
    }

    private void checkLongReduce(ReduceOp op, DType dtype, int[] shape, Operand in, boolean[] reduced, double rtol) {
        double[] expected = referenceReduce(op, shape, in, reduced);
        Buffer out = backend().allocate(dtype, expected.length);
        backend().reduce(op, shape, in.strided(), reduced, out);
        double[] got = new double[expected.length];
        backend().download(out, 0, got);
        for (int i = 0; i < expected.length; i++) {
            double e = dtype.round(expected[i]);
            if (!(Math.abs(got[i] - e) <= rtol * Math.abs(e))) {
                throw new AssertionError(op + " of " + java.util.Arrays.toString(shape) + " over "
                        + java.util.Arrays.toString(reduced) + " " + dtype + ": output " + i + " expected " + e
                        + " (rtol " + rtol + "), got " + got[i]);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void reduceSumOfAnEmptyAxisIsZero(DType dtype) {
        Operand in = new Operand(new double[1], 0, new int[] {0, 1}, dtype);
        Buffer out = backend().allocate(dtype, 2);
        backend().fill(new int[] {2}, new Strided(out, 0, new int[] {1}), 3.0);
        backend().reduce(ReduceOp.SUM, new int[] {2, 0}, in.strided(), new boolean[] {false, true}, out);
        double[] got = new double[2];
        backend().download(out, 0, got);
        assertEquals(0.0, got[0]);
        assertEquals(0.0, got[1]);
    }

    /** A long sum gives the same bits on every run: no summation order that depends on scheduling. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void longSumIsTheSameOnEveryRun(DType dtype) {
        int n = 1 << 16;
        double[] host = new double[n];
        for (int i = 0; i < n; i++) {
            host[i] = 2 * random.nextGaussian();
        }
        Operand in = new Operand(host, 0, new int[] {1}, dtype);
        Buffer out = backend().allocate(dtype, 1);
        double[] first = new double[1];
        double[] got = new double[1];
        for (int run = 0; run < 20; run++) {
            backend().reduce(ReduceOp.SUM, new int[] {n}, in.strided(), new boolean[] {true}, out);
            backend().download(out, 0, run == 0 ? first : got);
            if (run > 0) {
                assertEquals(first[0], got[0], "sum of " + n + " " + dtype + " elements, run " + run);
            }
        }
    }

    // ------------------------------------------------------------ gemm

    record GemmCase(boolean transA, boolean transB, int m, int n, int k, int batch, double alpha, double beta,
                    int padA, int padB, int padC, int offA, int offB, int offC, boolean broadcastA, boolean broadcastB) {
    }

    void checkGemm(GemmCase g, DType dtype) {
        int aRows = g.transA ? g.k : g.m;
        int aCols = g.transA ? g.m : g.k;
        int bRows = g.transB ? g.n : g.k;
        int bCols = g.transB ? g.k : g.n;
        int lda = aCols + g.padA;
        int ldb = bCols + g.padB;
        int ldc = g.n + g.padC;
        int strideA = g.broadcastA ? 0 : aRows * lda + 1;
        int strideB = g.broadcastB ? 0 : bRows * ldb + 2;
        int strideC = g.m * ldc + 3;
        double[] a = fillRandom(g.offA + (g.broadcastA ? 1 : g.batch) * Math.max(strideA, aRows * lda) + 1, dtype);
        double[] b = fillRandom(g.offB + (g.broadcastB ? 1 : g.batch) * Math.max(strideB, bRows * ldb) + 1, dtype);
        double[] c = fillRandom(g.offC + g.batch * strideC + 1, dtype);
        boolean[] inC = new boolean[c.length];
        double[] expected = c.clone();
        double[] bound = new double[c.length];
        for (int p = 0; p < g.batch; p++) {
            for (int i = 0; i < g.m; i++) {
                for (int j = 0; j < g.n; j++) {
                    int pc = g.offC + p * strideC + i * ldc + j;
                    if (g.beta == 0) {
                        c[pc] = Double.NaN;   // beta == 0 ignores C, NaN included
                    }
                    double sum = 0;
                    double abs = 0;
                    for (int q = 0; q < g.k; q++) {
                        double av = a[g.offA + p * strideA + (g.transA ? q * lda + i : i * lda + q)];
                        double bv = b[g.offB + p * strideB + (g.transB ? j * ldb + q : q * ldb + j)];
                        sum += av * bv;
                        abs += Math.abs(av * bv);
                    }
                    expected[pc] = g.alpha * sum + (g.beta == 0 ? 0 : g.beta * c[pc]);
                    bound[pc] = Math.abs(g.alpha) * abs + (g.beta == 0 ? 0 : Math.abs(g.beta * c[pc]));
                    inC[pc] = true;
                }
            }
        }
        Buffer ba = backend().upload(a, dtype);
        Buffer bb = backend().upload(b, dtype);
        Buffer bc = backend().upload(c, dtype);
        backend().gemm(new Gemm(g.transA, g.transB, g.m, g.n, g.k, g.batch, g.alpha, ba, g.offA, lda, strideA,
                bb, g.offB, ldb, strideB, g.beta, bc, g.offC, ldc, strideC));
        double[] got = new double[c.length];
        backend().download(bc, 0, got);
        double tol = dtype == DType.FLOAT64 ? 1e-13 : 1e-5;
        for (int pc = 0; pc < c.length; pc++) {
            if (!inC[pc]) {
                if (Double.compare(got[pc], c[pc]) != 0) {
                    throw new AssertionError(g + " " + dtype + ": wrote outside C at " + pc);
                }
            } else if (!(Math.abs(got[pc] - expected[pc]) <= tol * (bound[pc] + Double.MIN_NORMAL))) {
                throw new AssertionError(g + " " + dtype + ": C[" + pc + "] expected " + expected[pc] + ", got " + got[pc]);
            }
        }
    }

    double[] fillRandom(int n, DType dtype) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = dtype.round(-2 + 4 * random.nextDouble());
        }
        return d;
    }

    static List<GemmCase> gemmCases() {
        List<GemmCase> cases = new ArrayList<>();
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                cases.add(new GemmCase(ta, tb, 3, 5, 4, 1, 1.0, 0.0, 0, 0, 0, 0, 0, 0, false, false));
                cases.add(new GemmCase(ta, tb, 3, 5, 4, 1, 1.5, 1.0, 2, 3, 1, 4, 1, 2, false, false));
                cases.add(new GemmCase(ta, tb, 4, 3, 5, 3, 1.0, 0.0, 1, 0, 2, 3, 2, 1, true, false));
                cases.add(new GemmCase(ta, tb, 4, 3, 5, 3, -0.5, 1.0, 0, 2, 0, 0, 5, 7, false, true));
                cases.add(new GemmCase(ta, tb, 2, 2, 3, 4, 1.0, 0.0, 0, 0, 0, 1, 1, 1, false, false));
                cases.add(new GemmCase(ta, tb, 1, 1, 1, 1, 1.0, 0.0, 0, 0, 0, 0, 0, 0, false, false));
                cases.add(new GemmCase(ta, tb, 17, 33, 19, 2, 1.0, 0.5, 3, 1, 2, 1, 2, 3, false, false));
                cases.add(new GemmCase(ta, tb, 3, 2, 0, 2, 1.0, 0.0, 0, 0, 0, 0, 0, 0, false, false));
            }
        }
        return cases;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void gemmAllTransposesBatchedBroadcastOffsetsAndBeta(DType dtype) {
        for (GemmCase g : gemmCases()) {
            checkGemm(g, dtype);
        }
    }

    // ------------------------------------------------------------ axpy

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void axpyRoundsOnceLikeFma(DType dtype) {
        double alpha = -0.1;
        for (Layout lx : Layout.values()) {
            for (Layout ly : new Layout[] {Layout.CONTIGUOUS, Layout.TRANSPOSED, Layout.PADDED_OFFSET}) {
                Operand x = operand(lx, R, C, dtype, -3, 3);
                Operand y = operand(ly, R, C, dtype, -3, 3);
                double[][] expected = new double[R][C];
                int differs = 0;
                for (int i = 0; i < R; i++) {
                    for (int j = 0; j < C; j++) {
                        int[] ix = {i, j};
                        if (dtype == DType.FLOAT64) {
                            expected[i][j] = Math.fma(alpha, x.at(ix), y.at(ix));
                            differs += expected[i][j] != alpha * x.at(ix) + y.at(ix) ? 1 : 0;
                        } else {
                            expected[i][j] = Math.fma((float) alpha, (float) x.at(ix), (float) y.at(ix));
                            differs += expected[i][j] != (float) alpha * (float) x.at(ix) + (float) y.at(ix) ? 1 : 0;
                        }
                    }
                }
                double[] sentinel = y.download();
                backend().axpy(SHAPE, alpha, x.strided(), y.strided());
                double[] got = y.download();
                double[] e = new double[R * C];
                double[] a = new double[R * C];
                boolean[] inView = new boolean[got.length];
                for (int i = 0; i < R; i++) {
                    for (int j = 0; j < C; j++) {
                        int p = y.position(new int[] {i, j});
                        inView[p] = true;
                        e[i * C + j] = expected[i][j];
                        a[i * C + j] = got[p];
                    }
                }
                assertClose("axpy " + lx + " into " + ly + " " + dtype + " (" + differs + " elements where fma != mul+add)", e, a, 0, true);
                for (int p = 0; p < got.length; p++) {
                    if (!inView[p]) {
                        assertEquals(sentinel[p], got[p], "axpy wrote outside y at " + p);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------ fma

    /** {@code y = fma(a, b, y)} rounds once, with a and b in every layout, on one small and one larger shape. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void fmaRoundsOnceOnEveryLayout(DType dtype) {
        for (int[] shape : new int[][] {SHAPE, {40, 25}}) {
            int rows = shape[0];
            int cols = shape[1];
            for (Layout la : Layout.values()) {
                for (Layout lb : Layout.values()) {
                    Operand a = operand(la, rows, cols, dtype, -3, 3);
                    Operand b = operand(lb, rows, cols, dtype, -3, 3);
                    Operand y = output(Layout.PADDED_OFFSET, rows, cols, dtype); // sentinel outside the view
                    double[][] expected = new double[rows][cols];
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < cols; j++) {
                            int[] ix = {i, j};
                            y.host[y.position(ix)] = dtype.round(-3 + 6 * random.nextDouble());
                            expected[i][j] = dtype == DType.FLOAT64
                                    ? Math.fma(a.at(ix), b.at(ix), y.at(ix))
                                    : Math.fma((float) a.at(ix), (float) b.at(ix), (float) y.at(ix));
                        }
                    }
                    Operand yIn = new Operand(y.host, y.offset, y.strides, dtype); // uploads the values set above
                    backend().fma(shape, a.strided(), b.strided(), yIn.strided());
                    checkOutput("fma " + la + " * " + lb + " " + java.util.Arrays.toString(shape) + " " + dtype,
                            yIn, rows, cols, expected, 0, true);
                }
            }
        }
    }
}

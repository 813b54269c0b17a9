package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.grad4j.DType;
import org.grad4j.spi.Buffer;
import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.Strided;
import org.grad4j.spi.UnaryOp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Elementwise loops large enough to be split over the worker threads (flat pieces, or slabs of
 * dim 0 for strided and broadcast operands) compute every element exactly as the one-element
 * kernels do, wherever the split falls.
 */
class ParallelLoopsTest {
    private static final CpuBackend BE = CpuBackend.INSTANCE;
    private static final int ROWS = 301;
    private static final int COLS = 499;
    private static final int[] SHAPE = {ROWS, COLS};
    private final Random random = new Random(7);

    private double[] values(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 0.25 + 2 * random.nextDouble();
        }
        return v;
    }

    /** Operand layouts: contiguous, transposed (strided, split into slabs), a broadcast row. */
    private enum Layout { CONTIGUOUS, TRANSPOSED, ROW }

    private Strided operand(Layout layout, DType dtype, double[][] hostOut) {
        double[] v = values(layout == Layout.ROW ? COLS : ROWS * COLS);
        hostOut[0] = v;
        Buffer b = BE.upload(v, dtype);
        return switch (layout) {
            case CONTIGUOUS -> new Strided(b, 0, new int[] {COLS, 1});
            case TRANSPOSED -> new Strided(b, 0, new int[] {1, ROWS});
            case ROW -> new Strided(b, 0, new int[] {0, 1});
        };
    }

    private static double at(double[] host, Strided s, int i, int j) {
        return host[s.offset() + i * s.strides()[0] + j * s.strides()[1]];
    }

    private static void assertElements(String what, DType dtype, Strided out, ElementRule expected) {
        double[] got = new double[ROWS * COLS];
        BE.download(out.buffer(), 0, got);
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < COLS; j++) {
                double e = dtype.round(expected.at(i, j));
                double g = got[out.offset() + i * out.strides()[0] + j * out.strides()[1]];
                if (Double.compare(e, g) != 0) {
                    throw new AssertionError(what + " " + dtype + " at [" + i + ", " + j + "]: expected " + e + ", got " + g);
                }
            }
        }
    }

    @FunctionalInterface
    private interface ElementRule {
        double at(int i, int j);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void largeLoopsMatchTheElementKernelsBitForBit(DType dtype) {
        assertTrue(Workers.splits((long) ROWS * COLS), "the shape must be large enough to split");
        for (Layout la : Layout.values()) {
            for (Layout lb : Layout.values()) {
                double[][] ha = new double[1][];
                double[][] hb = new double[1][];
                Strided a = operand(la, dtype, ha);
                Strided b = operand(lb, dtype, hb);
                for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.POW}) {
                    Strided out = new Strided(BE.allocate(dtype, ROWS * COLS), 0, new int[] {COLS, 1});
                    BE.binary(op, SHAPE, a, b, out);
                    assertElements(op + " " + la + "/" + lb, dtype, out, (i, j) ->
                            Kernels.binary(op, dtype.round(at(ha[0], a, i, j)), dtype.round(at(hb[0], b, i, j))));
                }
            }
            double[][] ha = new double[1][];
            Strided a = operand(la, dtype, ha);
            Strided outT = new Strided(BE.allocate(dtype, ROWS * COLS), 0, new int[] {1, ROWS});
            BE.unary(UnaryOp.EXP, SHAPE, a, outT);
            assertElements("exp " + la + " into a transposed output", dtype, outT,
                    (i, j) -> dtype == DType.FLOAT32 ? UnaryOp.EXP.applyFloat((float) at(ha[0], a, i, j))
                            : Kernels.unary(UnaryOp.EXP, dtype.round(at(ha[0], a, i, j))));   // float32: float exp
            Strided out = new Strided(BE.allocate(dtype, ROWS * COLS), 0, new int[] {COLS, 1});
            BE.binaryScalar(BinaryOp.DIV, SHAPE, a, 3.0, true, out);
            assertElements("3 / x " + la, dtype, out, (i, j) -> Kernels.binary(BinaryOp.DIV, 3.0, dtype.round(at(ha[0], a, i, j))));
            double[][] hy = new double[1][];
            Strided y = operand(Layout.CONTIGUOUS, dtype, hy);
            BE.axpy(SHAPE, -0.3, a, y);
            assertElements("axpy " + la, dtype, y, (i, j) -> dtype == DType.FLOAT64
                    ? Math.fma(-0.3, at(ha[0], a, i, j), hy[0][i * COLS + j])
                    : Math.fma((float) -0.3, (float) at(ha[0], a, i, j), (float) hy[0][i * COLS + j]));
        }
        double[][] hs = new double[1][];
        Strided s = operand(Layout.CONTIGUOUS, dtype, hs);
        Buffer columnSums = BE.allocate(dtype, COLS);
        BE.reduce(org.grad4j.spi.ReduceOp.SUM, SHAPE, s, new boolean[] {true, false}, columnSums);
        double[] sums = new double[COLS];
        BE.download(columnSums, 0, sums);
        // each column in PyTorch's order, sequentially: the cascade for whole 4-vector column blocks, row_sum after
        CpuBuffer sb = (CpuBuffer) s.buffer();
        int block = dtype == DType.FLOAT32 ? TorchSum.BLOCK_F : TorchSum.BLOCK_D;
        for (int j = 0; j < COLS; j++) {
            boolean cascade = j < COLS / block * block;
            double e = dtype == DType.FLOAT32
                    ? (cascade ? TorchSum.Floats.cascade(sb.f, j, COLS, ROWS) : TorchSum.Floats.rowSum(sb.f, j, COLS, ROWS, false))
                    : (cascade ? TorchSum.Doubles.cascade(sb.d, j, COLS, ROWS) : TorchSum.Doubles.rowSum(sb.d, j, COLS, ROWS, false));
            assertEquals(e, sums[j], "column sum " + j + " " + dtype);
        }
        Strided filled = new Strided(BE.allocate(dtype, ROWS * COLS), 0, new int[] {1, ROWS});
        BE.fill(SHAPE, filled, 1.25);
        assertElements("fill", dtype, filled, (i, j) -> 1.25);
        assertEquals(ROWS * COLS, filled.buffer().length());
    }
}

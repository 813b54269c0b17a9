package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;

import org.grad4j.DType;
import org.grad4j.spi.Buffer;
import org.grad4j.spi.Strided;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PyTorch's sum order ({@link TorchSum}) gives the same bits whichever loop runs its wide cascade
 * (scalar, or Vector API lanes when this JVM has the module and 512-bit registers), for row sums,
 * column sums, strided blocks and the fused sum of squares. (Its agreement with PyTorch itself is
 * the conformance suite's GoldenReductions.)
 */
class TorchSumTest {
    private static long warm;

    /** The vector loops from the first element on (they otherwise wait for TorchSum.warmElements). */
    @BeforeAll
    static void vectorLoopsAtOnce() {
        warm = TorchSum.warmElements;
        TorchSum.warmElements = 0;
    }

    @AfterAll
    static void restore() {
        TorchSum.warmElements = warm;
    }

    private static double[] sums(CpuBuffer buf, int[] shape, int offset, int[] strides, boolean[] reduced, int outLength,
                                 DType dtype, boolean vector) {
        boolean was = TorchSum.vector;
        TorchSum.vector = vector;
        try {
            CpuBuffer out = (CpuBuffer) CpuBackend.INSTANCE.allocate(dtype, outLength);
            ReduceKernels.run(org.grad4j.spi.ReduceOp.SUM, shape, buf, offset, strides, reduced, out);
            double[] r = new double[outLength];
            CpuBackend.INSTANCE.download(out, 0, r);
            return r;
        } finally {
            TorchSum.vector = was;
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void scalarAndVectorLoopsGiveTheSameBits(DType dtype) {
        assumeTrue(TorchSum.vector, "no Vector API here: only the scalar loops run");
        Random r = new Random(11);
        for (int[] rc : new int[][] {{1, 7}, {1, 8}, {1, 255}, {1, 1001}, {1, 65_545}, {3, 40},
                {256, 33}, {5000, 17}, {17, 5000}, {64, 64}, {1000, 96}, {4000, 40}}) {
            int rows = rc[0];
            int cols = rc[1];
            double[] x = new double[rows * cols + 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = dtype.round(-4 + 8 * r.nextDouble());
            }
            CpuBuffer buf = (CpuBuffer) CpuBackend.INSTANCE.upload(x, dtype);
            int[] shape = {rows, cols};
            int[] strides = {cols, 1};
            for (boolean[] red : new boolean[][] {{true, true}, {true, false}, {false, true}}) {
                int outLength = (red[0] ? 1 : rows) * (red[1] ? 1 : cols);
                String what = rows + "x" + cols + " reduced " + red[0] + "," + red[1] + " " + dtype;
                assertArrayBits(sums(buf, shape, 3, strides, red, outLength, dtype, false),
                        sums(buf, shape, 3, strides, red, outLength, dtype, true), what);
            }
            for (boolean vector : new boolean[] {false, true}) {
                TorchSum.vector = vector;
                try {
                    // the fused sum of squares equals squaring, then summing
                    int n = rows * cols;
                    double[] sq = new double[n];
                    for (int i = 0; i < n; i++) {
                        sq[i] = dtype.round(x[3 + i] * x[3 + i]);
                    }
                    Buffer out = CpuBackend.INSTANCE.allocate(dtype, 1);
                    assertTrue(CpuBackend.INSTANCE.fused().sumOfSquares(new int[] {n}, new Strided(buf, 3, new int[] {1}), out));
                    double[] expected = sums((CpuBuffer) CpuBackend.INSTANCE.upload(sq, dtype), new int[] {n}, 0,
                            new int[] {1}, new boolean[] {true}, 1, dtype, vector);
                    assertEquals(expected[0], ((CpuBuffer) out).get(0), "fused squares, n=" + n + " vector=" + vector);
                } finally {
                    TorchSum.vector = true;
                }
            }
        }
    }

    private static void assertArrayBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(actual[i]),
                    what + ": element " + i + " " + expected[i] + " vs " + actual[i]);
        }
    }

    /** PyTorch's {@code utils::CeilLog2}, which sets the cascade's chunk size. */
    @Test
    void ceilLog2IsPyTorchs() {
        assertEquals(1, TorchSum.ceilLog2(0));
        assertEquals(1, TorchSum.ceilLog2(2));
        assertEquals(2, TorchSum.ceilLog2(3));
        assertEquals(2, TorchSum.ceilLog2(4));
        assertEquals(3, TorchSum.ceilLog2(5));
        assertEquals(20, TorchSum.ceilLog2(1 << 20));
        assertEquals(21, TorchSum.ceilLog2((1 << 20) + 1));
        assertEquals(4, TorchSum.levelPower(1 << 16));
        assertEquals(5, TorchSum.levelPower((1 << 20) + 1));
    }

    /**
     * The reduction loops use the GEMM's vector shapes and no other: a second float shape in the
     * JVM made C2 compile the GEMM kernel without its intrinsics in some runs (see VectorReduce).
     */
    @Test
    void vectorLoopsShareTheGemmShapes() {
        assumeTrue(VectorGemm.isAvailable() && VectorGemmKernel.D_L == 8, "no Vector API or no 512-bit vectors here");
        assertTrue(VectorReduce.usable(), "a 512-bit machine runs the vector loops");
        assertSame(VectorGemmKernel.FS, VectorReduce.F16);
        assertSame(VectorGemmKernel.DS, VectorReduce.D8);
    }
}

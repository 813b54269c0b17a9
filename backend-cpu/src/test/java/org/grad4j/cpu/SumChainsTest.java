package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;

import org.grad4j.DType;
import org.grad4j.spi.Buffer;
import org.grad4j.spi.Strided;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Contiguous sums (and sums of squares) are eight chains over the elements whose index is 0..7
 * modulo 8, combined pairwise: whichever loop runs them (scalar, or Vector API lanes when this JVM
 * has the module and 512-bit registers), the bits equal this test's plain reference.
 */
class SumChainsTest {
    private static double reference(double[] x, int offset, int n, boolean squares, DType dtype) {
        double[] chain = new double[8];
        for (int i = 0; i < n; i++) {
            double v = x[offset + i];
            double term = dtype == DType.FLOAT32 ? (squares ? (float) v * (float) v : (float) v) : (squares ? v * v : v);
            chain[i % 8] += term;
        }
        return ((chain[0] + chain[1]) + (chain[2] + chain[3])) + ((chain[4] + chain[5]) + (chain[6] + chain[7]));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void everyLoopGivesTheChainsBits(DType dtype) {
        Random r = new Random(11);
        for (int n : new int[] {1, 7, 8, 255, 256, 1001, 65_537, 65_545}) {
            double[] x = new double[n + 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = dtype.round(-4 + 8 * r.nextDouble());
            }
            CpuBuffer buf = (CpuBuffer) CpuBackend.INSTANCE.upload(x, dtype);
            for (boolean squares : new boolean[] {false, true}) {
                assertEquals(reference(x, 3, n, squares, dtype), Reduce.sumContiguous(buf, 3, n, squares),
                        "n=" + n + " squares=" + squares + " " + dtype);
            }
            // the backend fuses MSE's sum of squares over a contiguous operand with the same chains
            Buffer out = CpuBackend.INSTANCE.allocate(dtype, 1);
            assertTrue(CpuBackend.INSTANCE.trySumOfSquares(new int[] {n}, new Strided(buf, 3, new int[] {1}), out));
            assertEquals(dtype.round(reference(x, 3, n, true, dtype)), ((CpuBuffer) out).get(0), "fused, n=" + n);
        }
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

package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.grad4j.DType;
import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.Buffer;
import org.grad4j.spi.Strided;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A floating tensor compared with a number into a 0/1 mask of its own dtype (the masks of gradient
 * formulas: ReLU's {@code y != 0}) takes a loop over the arrays (on the Vector API's lanes when the JVM
 * has them): every element, the vector part and the scalar tail, at an offset, with NaN, signed zeros
 * and infinities, in both operand orders, equals {@link BinaryOp#apply}; a strided operand still works.
 */
class ComparisonMaskTest {
    private static final CpuBackend BE = CpuBackend.INSTANCE;
    private static final BinaryOp[] COMPARISONS = {BinaryOp.EQ, BinaryOp.NE, BinaryOp.GT, BinaryOp.LT, BinaryOp.GE,
        BinaryOp.LE};

    private static double[] values(int n) {
        double[] special = {0.0, -0.0, Double.NaN, 1.5, -1.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 2.0};
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i % 5 == 0 ? special[(i / 5) % special.length] : ((i * 37) % 11 - 5) * 0.5;
        }
        return v;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void masksEqualTheElementRule(DType dtype) {
        int offset = 3;
        int rows = 7;
        int cols = 19; // 133 elements: eight 16-lane or sixteen 8-lane vectors and a tail
        double[] host = values(offset + rows * cols);
        Buffer in = BE.upload(host, dtype);
        for (BinaryOp op : COMPARISONS) {
            for (double s : new double[] {0.0, -0.0, 1.5, 0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
                for (boolean scalarFirst : new boolean[] {false, true}) {
                    for (boolean transposed : new boolean[] {false, true}) {
                        int[] shape = transposed ? new int[] {cols, rows} : new int[] {rows, cols};
                        int[] strides = transposed ? new int[] {1, cols} : new int[] {cols, 1};
                        Buffer out = BE.allocate(dtype, 2 + rows * cols);
                        BE.binaryScalar(op, shape, new Strided(in, offset, strides), s, scalarFirst,
                                new Strided(out, 2, new int[] {shape[1], 1}));
                        double[] got = new double[2 + rows * cols];
                        BE.download(out, 0, got);
                        double sr = dtype.round(s);
                        for (int i = 0; i < shape[0]; i++) {
                            for (int j = 0; j < shape[1]; j++) {
                                double v = dtype.round(host[offset + i * strides[0] + j * strides[1]]);
                                double want = scalarFirst ? op.apply(sr, v) : op.apply(v, sr);
                                int at = 2 + i * shape[1] + j;
                                assertEquals(want, got[at], () -> dtype + " " + op + " " + s + " first " + scalarFirst
                                        + " transposed " + transposed + " at " + at + " (x = " + got[at] + ")");
                            }
                        }
                        assertEquals(0.0, got[0]);
                        assertEquals(0.0, got[1]);
                    }
                }
            }
        }
    }
}

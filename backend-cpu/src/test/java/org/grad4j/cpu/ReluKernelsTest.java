package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.Strided;
import org.junit.jupiter.api.Test;

/**
 * {@link MaskKernels}' one-pass loops give the bits of the general loops they bypass: comparisons with a number
 * against {@link IntKernels#scalar}'s strided loop (fed the same values through a transposed layout), and
 * ReLU's backward against {@code grad * (output != 0)} written out in Java and computed by the tensor ops on
 * non-contiguous operands, over NaN, infinities, signed zeros, subnormals and values next to the scalar.
 */
class MaskKernelsTest {
    private static final double[] SPECIALS = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
        Double.MIN_VALUE, -Double.MIN_VALUE, Float.MIN_VALUE, 1.0, -1.0, 0.5, -2.5, 1e30, -1e30, 1e300, 0.1,
        (float) 0.1, Math.nextUp((float) 0.1), Math.nextDown((float) 0.1), Math.nextUp(0.1), 3.0, 7.25};

    private static final BinaryOp[] COMPARISONS = {BinaryOp.EQ, BinaryOp.NE, BinaryOp.LT, BinaryOp.LE, BinaryOp.GT,
        BinaryOp.GE};

    /** {@code rows x cols} values (specials, then random, with zeros) in row-major order. */
    private static double[] values(int rows, int cols, long seed) {
        Random r = new Random(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = i < SPECIALS.length ? SPECIALS[i] : r.nextInt(4) == 0 ? 0.0 : r.nextGaussian();
        }
        return v;
    }

    private static CpuBuffer buffer(DType dt, double[] v) {
        CpuBuffer b = dt == DType.FLOAT32 ? new CpuBuffer(CpuBackend.INSTANCE, new float[v.length])
                : dt == DType.FLOAT64 ? new CpuBuffer(CpuBackend.INSTANCE, new double[v.length])
                : new CpuBuffer(CpuBackend.INSTANCE, new byte[v.length]);
        for (int i = 0; i < v.length; i++) {
            b.set(i, v[i]);
        }
        return b;
    }

    /** Every comparison, both operand orders, float and bool results: the contiguous loop equals the strided one. */
    @Test
    void comparisonsWithANumberHaveTheStridedLoopsBits() {
        int rows = 7;
        int cols = 9;
        double[] v = values(rows, cols, 1);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            CpuBuffer x = buffer(dt, v);
            // the same logical [rows, cols] matrix stored column-major: the general strided loop
            double[] colMajor = new double[v.length];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    colMajor[j * rows + i] = v[i * cols + j];
                }
            }
            CpuBuffer xt = buffer(dt, colMajor);
            for (DType outType : new DType[] {dt, DType.BOOL}) {
                for (BinaryOp op : COMPARISONS) {
                    for (double s : new double[] {0.0, -0.0, 0.1, 1.0, Double.NaN, Double.POSITIVE_INFINITY, 3.0}) {
                        for (boolean scalarFirst : new boolean[] {false, true}) {
                            CpuBuffer fast = buffer(outType, new double[v.length + 1]);
                            CpuBuffer slow = buffer(outType, new double[v.length + 1]);
                            int[] shape = {rows, cols};
                            IntKernels.scalar(op, shape, new Strided(x, 0, new int[] {cols, 1}), s, scalarFirst,
                                    new Strided(fast, 1, new int[] {cols, 1}));
                            IntKernels.scalar(op, shape, new Strided(xt, 0, new int[] {1, rows}), s, scalarFirst,
                                    new Strided(slow, 1, new int[] {cols, 1}));
                            for (int i = 0; i <= v.length; i++) {
                                assertEquals(Double.doubleToRawLongBits(slow.get(i)), Double.doubleToRawLongBits(fast.get(i)),
                                        dt + " -> " + outType + " " + op + " s=" + s + " scalarFirst=" + scalarFirst
                                                + " at " + i);
                            }
                        }
                    }
                }
            }
        }
    }

    /** The fused ReLU backward through autograd equals grad * (output != 0) element by element, bit for bit. */
    @Test
    void reluBackwardHasTheProductsBits() {
        // 300 x 300 is above Workers.PARALLEL_MIN: the split loop too
        for (int[] shape : new int[][] {{SPECIALS.length, SPECIALS.length}, {3, 5}, {300, 300}}) {
            int rows = shape[0];
            int cols = shape[1];
            double[] xv = new double[rows * cols];
            double[] gv = new double[rows * cols];
            Random r = new Random(rows);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    // every special input against every special gradient in the first case
                    xv[i * cols + j] = i < SPECIALS.length ? SPECIALS[i] : r.nextInt(3) == 0 ? 0.0 : r.nextGaussian();
                    gv[i * cols + j] = j < SPECIALS.length ? SPECIALS[j] : r.nextGaussian();
                }
            }
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor x = Tensor.of(xv, dt, Device.CPU, rows, cols).requiresGrad_(true);
                Tensor g = Tensor.of(gv, dt, Device.CPU, rows, cols);
                x.relu().backward(g);
                double[] got = x.grad().toDoubleArray();
                // the composite on transposed (non-contiguous) operands: the general loops
                Tensor yt = x.detach().t().contiguous().t().relu();
                Tensor gt = g.t().contiguous().t();
                double[] composite = gt.mul(yt.ne(0.0)).toDoubleArray();
                for (int i = 0; i < xv.length; i++) {
                    double want;
                    if (dt == DType.FLOAT32) {
                        float y = Math.max((float) xv[i], 0f);
                        y = Float.isNaN((float) xv[i]) ? Float.NaN : y;
                        want = (float) gv[i] * (y != 0f ? 1f : 0f);
                    } else {
                        double y = Double.isNaN(xv[i]) ? Double.NaN : Math.max(xv[i], 0.0);
                        want = gv[i] * (y != 0.0 ? 1.0 : 0.0);
                    }
                    String where = dt + " " + rows + "x" + cols + " x=" + xv[i] + " g=" + gv[i];
                    assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got[i]), where);
                    assertEquals(Double.doubleToLongBits(composite[i]), Double.doubleToLongBits(got[i]), where);
                }
            }
        }
    }
}

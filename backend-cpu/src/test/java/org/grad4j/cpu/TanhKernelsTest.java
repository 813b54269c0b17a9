package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link TanhKernels}' fused tanh backward gives PyTorch's bits, {@code grad * fma(-output, output, 1)} (its compiler
 * fuses {@code 1 - y * y}; VectorMathConformance checks it against PyTorch), element by element over NaN,
 * infinities, signed zeros, subnormals and outputs near +-1, in float32 and float64, single-threaded and split.
 */
class TanhKernelsTest {
    private static final double[] SPECIALS = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
        Double.MIN_VALUE, -Double.MIN_VALUE, Float.MIN_VALUE, 1.0, -1.0, 0.5, -2.5, 1e30, -1e30, 1e300, 0.1,
        (float) 0.1, Math.nextUp((float) 0.1), Math.nextDown((float) 0.1), Math.nextUp(0.1), 3.0, 7.25, 9.0, -19.0};

    /** The fused tanh backward through autograd equals the scalar formula element by element, bit for bit. */
    @Test
    void tanhBackwardHasPyTorchsBits() {
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
                    xv[i * cols + j] = i < SPECIALS.length ? SPECIALS[i] : 3 * r.nextGaussian();
                    gv[i * cols + j] = j < SPECIALS.length ? SPECIALS[j] : r.nextGaussian();
                }
            }
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor x = Tensor.of(xv, dt, Device.CPU, rows, cols).requiresGrad_(true);
                Tensor g = Tensor.of(gv, dt, Device.CPU, rows, cols);
                Tensor y = x.tanh();
                y.backward(g);
                double[] got = x.grad().toDoubleArray();
                double[] yv = y.detach().toDoubleArray();
                double[] gd = g.toDoubleArray();
                double[] expected = new double[yv.length];
                for (int i = 0; i < yv.length; i++) {
                    float yf = (float) yv[i];
                    expected[i] = dt == DType.FLOAT32 ? (float) gd[i] * Math.fma(-yf, yf, 1f)
                            : gd[i] * Math.fma(-yv[i], yv[i], 1.0);
                }
                for (int i = 0; i < xv.length; i++) {
                    String where = dt + " " + rows + "x" + cols + " x=" + xv[i] + " g=" + gv[i];
                    assertEquals(Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(got[i]), where);
                }
            }
        }
    }
}

package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link TanhKernels}' fused tanh backward gives the composite's bits: {@code grad * (1 - output * output)}
 * computed by the tensor ops on non-contiguous operands (the general loops, not the fused kernel), over NaN,
 * infinities, signed zeros, subnormals and outputs near +-1, in float32 and float64, single-threaded and split.
 */
class TanhKernelsTest {
    private static final double[] SPECIALS = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
        Double.MIN_VALUE, -Double.MIN_VALUE, Float.MIN_VALUE, 1.0, -1.0, 0.5, -2.5, 1e30, -1e30, 1e300, 0.1,
        (float) 0.1, Math.nextUp((float) 0.1), Math.nextDown((float) 0.1), Math.nextUp(0.1), 3.0, 7.25, 9.0, -19.0};

    /** The fused tanh backward through autograd equals the composite element by element, bit for bit. */
    @Test
    void tanhBackwardHasTheCompositesBits() {
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
                // the composite on transposed (non-contiguous) operands: the general loops
                Tensor yt = y.detach().t().contiguous().t();
                Tensor gt = g.t().contiguous().t();
                double[] composite = gt.mul(yt.mul(yt).rsub(1.0)).toDoubleArray();
                for (int i = 0; i < xv.length; i++) {
                    String where = dt + " " + rows + "x" + cols + " x=" + xv[i] + " g=" + gv[i];
                    assertEquals(Double.doubleToLongBits(composite[i]), Double.doubleToLongBits(got[i]), where);
                }
            }
        }
    }
}

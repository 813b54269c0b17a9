package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link ReluKernels}' fused ReLU backward gives the composite's bits: {@code output != 0 ? grad : +0.0} written out
 * in Java and computed by the tensor ops on non-contiguous operands (the general loops), over NaN, infinities,
 * signed zeros and subnormals, in float32 and float64, single-threaded and split.
 */
class ReluKernelsTest {
    private static final double[] SPECIALS = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
        Double.MIN_VALUE, -Double.MIN_VALUE, Float.MIN_VALUE, 1.0, -1.0, 0.5, -2.5, 1e30, -1e30, 1e300, 0.1,
        (float) 0.1, Math.nextUp((float) 0.1), Math.nextDown((float) 0.1), Math.nextUp(0.1), 3.0, 7.25};

    /** The fused ReLU backward through autograd equals output != 0 ? grad : +0.0 element by element, bit for bit. */
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
                double[] composite = gt.mul(yt.ne(0.0)).maskedFill(yt.eq(0.0), 0.0).toDoubleArray();
                for (int i = 0; i < xv.length; i++) {
                    double want;
                    if (dt == DType.FLOAT32) {
                        float y = Math.max((float) xv[i], 0f);
                        y = Float.isNaN((float) xv[i]) ? Float.NaN : y;
                        want = y != 0f ? (float) gv[i] : 0f;
                    } else {
                        double y = Double.isNaN(xv[i]) ? Double.NaN : Math.max(xv[i], 0.0);
                        want = y != 0.0 ? gv[i] : 0.0;
                    }
                    String where = dt + " " + rows + "x" + cols + " x=" + xv[i] + " g=" + gv[i];
                    assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got[i]), where);
                    assertEquals(Double.doubleToLongBits(composite[i]), Double.doubleToLongBits(got[i]), where);
                }
            }
        }
    }
}

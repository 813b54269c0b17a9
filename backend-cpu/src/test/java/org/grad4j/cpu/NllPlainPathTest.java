package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;
import org.junit.jupiter.api.Test;

/**
 * nll_loss without a class weight and with no ignored target takes a shorter route (core's {@code Losses.nllLoss}):
 * it must give the general route's bits. A weight of ones forces the general route with the same arithmetic,
 * so values and input gradients must agree bit for bit, for every reduction and floating dtype, NaN and
 * infinite inputs included, through nll_loss and cross_entropy.
 */
class NllPlainPathTest {
    @Test
    void plainRouteHasTheGeneralRoutesBits() {
        double[] x = {0.5, -1.25, 3.0, Double.NaN, 7.0, -0.0, Double.POSITIVE_INFINITY, 1e-3, -2.0, 0.1, 4.5, -3.5,
            1e30, -1e-30, 2.0};
        // targets picking finite values only, and NaN and +inf
        for (long[] t : new long[][] {{1, 1, 2, 2, 1}, {1, 0, 0, 2, 1}}) {
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                for (Reduction r : Reduction.values()) {
                    for (boolean softmax : new boolean[] {false, true}) {
                        Tensor a = Tensor.of(x, dt, Device.CPU, 5, 3).requiresGrad_(true);
                        Tensor b = Tensor.of(x, dt, Device.CPU, 5, 3).requiresGrad_(true);
                        Tensor target = Tensor.of(t, 5);
                        Tensor ones = Tensor.full(new int[] {3}, 1.0, dt, Device.CPU);
                        Tensor plain = softmax ? Functional.crossEntropy(a, target, null, -100, r, 0.0)
                                : Functional.nllLoss(a, target, null, -100, r);
                        Tensor general = softmax ? Functional.crossEntropy(b, target, ones, -100, r, 0.0)
                                : Functional.nllLoss(b, target, ones, -100, r);
                        String where = java.util.Arrays.toString(t) + " " + dt + " " + r + " softmax=" + softmax;
                        assertEquals(general.gradFn().name(), plain.gradFn().name(), where);
                        assertBits(general.toDoubleArray(), plain.toDoubleArray(), where);
                        Tensor g = Tensor.full(general.shape(), 0.75, dt, Device.CPU);
                        plain.backward(g);
                        general.backward(g);
                        assertBits(b.grad().toDoubleArray(), a.grad().toDoubleArray(), where + " grad");
                        // the target is the caller's: still readable after the graph is freed
                        assertEquals(2L, target.toLongArray()[3], where);
                    }
                }
            }
        }
    }

    private static void assertBits(double[] want, double[] got, String where) {
        assertEquals(want.length, got.length, where);
        for (int i = 0; i < want.length; i++) {
            assertEquals(Double.doubleToLongBits(want[i]), Double.doubleToLongBits(got[i]), where + " at " + i);
        }
    }
}

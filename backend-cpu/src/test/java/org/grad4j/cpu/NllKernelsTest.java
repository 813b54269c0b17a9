package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Random;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;
import org.grad4j.spi.Strided;
import org.junit.jupiter.api.Test;

/**
 * nll_loss's fused backward ({@link NllKernels}: each row zeroed, then its class written) gives the bits of the
 * zero fill and scatter it replaces: checked against the gradient written out in Java and against those
 * primitives, for every reduction, a class weight with ignored targets, float32 and float64, one row, and a
 * split size; a target out of range leaves the destination untouched and declines.
 */
class NllKernelsTest {
    private static final double[] SPECIALS = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, 1.5, -3.25, 1e-40};

    @Test
    void backwardHasTheFillAndScattersBits() {
        for (int[] shape : new int[][] {{5, 7}, {1, 9}, {300, 300}}) {
            int rows = shape[0];
            int classes = shape[1];
            Random r = new Random(rows * 31L + classes);
            long[] t = new long[rows];
            double[] xv = new double[rows * classes];
            double[] gv = new double[rows];
            for (int i = 0; i < rows; i++) {
                t[i] = r.nextInt(classes);
                gv[i] = i < SPECIALS.length ? SPECIALS[i] : r.nextGaussian();
            }
            for (int i = 0; i < xv.length; i++) {
                xv[i] = r.nextGaussian();
            }
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                for (Reduction red : Reduction.values()) {
                    Tensor x = Tensor.of(xv, dt, Device.CPU, rows, classes).requiresGrad_(true);
                    Tensor target = Tensor.of(t, rows);
                    Tensor loss = Functional.nllLoss(x, target, null, -100, red);
                    Tensor g = red == Reduction.NONE ? Tensor.of(gv, dt, Device.CPU, rows) : Tensor.of(new double[] {gv[rows - 1]}, dt, Device.CPU);
                    loss.backward(red == Reduction.NONE ? g : g.reshape());
                    double[] got = x.grad().toDoubleArray();
                    double[] want = new double[xv.length];
                    for (int i = 0; i < rows; i++) {
                        double c = red == Reduction.NONE ? gv[i] : gv[rows - 1];
                        double v;
                        if (dt == DType.FLOAT32) {
                            float cf = red == Reduction.MEAN ? (float) c / (float) rows : (float) c;
                            v = -1f * cf;
                        } else {
                            v = -1.0 * (red == Reduction.MEAN ? c / rows : c);
                        }
                        want[i * classes + (int) t[i]] = v;
                    }
                    // the primitives the fused pass replaced: zeros, then a scatter of the same values
                    double[] vals = new double[rows];
                    for (int i = 0; i < rows; i++) {
                        vals[i] = want[i * classes + (int) t[i]];
                    }
                    double[] primitives = Tensor.zeros(new int[] {rows, classes}, dt)
                            .scatter(1, target.unsqueeze(1), Tensor.of(vals, dt, Device.CPU, rows, 1)).toDoubleArray();
                    String where = dt + " " + red + " " + rows + "x" + classes;
                    assertBits(want, got, where);
                    assertBits(primitives, got, where + " (primitives)");
                }
            }
        }
    }

    @Test
    void weightAndIgnoredTargetsAndOneRow() {
        Tensor x = Tensor.of(new double[] {0.5, -1, 2, 3, 0, 1, -2, 4, 7, 8, 9, 1}, DType.FLOAT32, Device.CPU, 3, 4)
                .requiresGrad_(true);
        Tensor w = Tensor.of(new double[] {1, 2, 3, 0.25}, DType.FLOAT32, Device.CPU, 4);
        Functional.nllLoss(x, Tensor.of(new long[] {3, -100, 1}, 3), w, -100, Reduction.MEAN).backward();
        // total weight 0.25 + 2 = 2.25: -w[t] * (1 / 2.25) at each kept row's class (the gradient divided first);
        // the ignored row is +0.0 throughout, as PyTorch, which writes nothing there (LossConformance checks signs)
        assertBits(new double[] {0, 0, 0, -0.25f * (1f / 2.25f), 0, 0, 0, 0, 0, -2f * (1f / 2.25f), 0, 0},
                x.grad().toDoubleArray(), "weighted");
        Tensor one = Tensor.of(new double[] {1, 2, 3}, DType.FLOAT64, Device.CPU, 3).requiresGrad_(true);
        Functional.nllLoss(one, Tensor.of(new long[] {2}).reshape(), null, -100, Reduction.SUM).backward();
        assertBits(new double[] {0, 0, -1.0}, one.grad().toDoubleArray(), "one row");
    }

    @Test
    void targetOutOfRangeDeclinesAndWritesNothing() {
        float[] out = {9, 9, 9, 9, 9, 9};
        Strided o = new Strided(new CpuBuffer(null, out), 0, new int[] {3, 1});
        Strided v = new Strided(new CpuBuffer(null, new float[] {1, 2}), 0, new int[] {1, 1});
        for (long bad : new long[] {3, -1}) {
            Strided t = new Strided(new CpuBuffer(null, new long[] {0, bad}), 0, new int[] {1, 1});
            assertFalse(NllKernels.backward(2, 3, t, v, o));
            assertArrayEquals(new float[] {9, 9, 9, 9, 9, 9}, out);
        }
    }

    private static void assertBits(double[] want, double[] got, String where) {
        assertEquals(want.length, got.length, where);
        for (int i = 0; i < want.length; i++) {
            assertEquals(Double.doubleToLongBits(want[i]), Double.doubleToLongBits(got[i]), where + " at " + i);
        }
    }
}

package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;
import org.grad4j.autograd.AnomalyMode;
import org.grad4j.spi.Strided;
import org.junit.jupiter.api.Test;

/**
 * cross_entropy's backward through nll_loss and log_softmax in one step ({@link NllKernels#logSoftmaxBackward},
 * the engine's {@code backwardThrough}) has the bits of the two steps: the kernel against nll_loss's kernel
 * followed by log_softmax's, with NaN, infinite, signed-zero and subnormal values and outputs, Vector API lanes
 * on and off; and whole backward passes against the same passes in anomaly mode (which runs the two steps)
 * for every reduction, a class weight, ignored targets, label smoothing, 1-D inputs and log_softmax then
 * nll_loss written out. The one-step pass also leaves one [N, C] array fewer to the cache.
 */
class NllLogSoftmaxThroughTest {
    private static final double[] VALUES = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        1.5, -3.25, 1e-40, -1e-310};
    private static final double[] OUTPUTS = {Double.NaN, Double.NEGATIVE_INFINITY, -0.0, 0.0, -1e-42, -800.0};

    @Test
    void kernelHasTheTwoStepsBits() {
        boolean lanes = SoftmaxKernels.vector;
        try {
            for (boolean vector : new boolean[] {true, false}) {
                SoftmaxKernels.vector = vector && lanes;
                for (int[] shape : new int[][] {{1, 1}, {6, 1}, {5, 7}, {4, 15}, {4, 16}, {3, 17}, {9, 33}, {300, 300}}) {
                    for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                        compare(shape[0], shape[1], dt, "vector " + SoftmaxKernels.vector + " " + dt + " " + shape[0]
                                + "x" + shape[1]);
                    }
                }
            }
        } finally {
            SoftmaxKernels.vector = lanes;
        }
    }

    private static void compare(int rows, int classes, DType dt, String where) {
        Random r = new Random(rows * 131L + classes);
        long[] t = new long[rows];
        double[] v = new double[rows];
        double[] y = new double[rows * classes];
        for (int i = 0; i < rows; i++) {
            t[i] = r.nextInt(classes);
            v[i] = i < VALUES.length ? VALUES[i] : r.nextGaussian();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 13 == 5 ? OUTPUTS[(i / 13) % OUTPUTS.length] : -Math.abs(r.nextGaussian()) * 3;
        }
        CpuBuffer yb = buffer(y, dt);
        Strided target = new Strided(new CpuBuffer(null, t), 0, new int[] {1, 1});
        Strided values = new Strided(buffer(v, dt), 0, new int[] {1, 1});
        Strided output = new Strided(yb, 0, new int[] {classes, 1});
        CpuBuffer between = buffer(new double[rows * classes], dt);
        CpuBuffer twoSteps = buffer(new double[rows * classes], dt);
        CpuBuffer oneStep = buffer(new double[rows * classes], dt);
        assertTrue(NllKernels.backward(rows, classes, target, values, new Strided(between, 0, new int[] {classes, 1})));
        SoftmaxKernels.backward(between, 0, yb, 0, twoSteps, 0, rows, classes, 1, true);
        assertTrue(NllKernels.logSoftmaxBackward(rows, classes, target, values, output,
                new Strided(oneStep, 0, new int[] {classes, 1})));
        assertBits(bits(twoSteps), bits(oneStep), where);
    }

    @Test
    void backwardPassesHaveTheTwoStepsBits() {
        Random r = new Random(7);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] shape : new int[][] {{6, 5}, {1, 40}, {40, 33}, {7}}) {
                int rows = shape.length == 1 ? 1 : shape[0];
                int classes = shape[shape.length - 1];
                double[] xv = new double[rows * classes];
                for (int i = 0; i < xv.length; i++) {
                    xv[i] = r.nextGaussian() * 4;
                }
                long[] t = new long[rows];
                for (int i = 0; i < rows; i++) {
                    t[i] = i % 4 == 3 ? 2 : r.nextInt(classes);   // class 2 is ignored below
                }
                double[] wv = new double[classes];
                for (int i = 0; i < classes; i++) {
                    wv[i] = r.nextDouble() + 0.5;
                }
                double[] upstream = new double[rows];
                for (int i = 0; i < rows; i++) {
                    upstream[i] = i % 3 == 0 ? -0.0 : i % 3 == 1 ? 0.0 : r.nextGaussian();
                }
                Tensor target = shape.length == 1 ? Tensor.of(t, rows).reshape() : Tensor.of(t, rows);
                Tensor weight = Tensor.of(wv, dt, Device.CPU, classes);
                for (Reduction red : Reduction.values()) {
                    for (int variant = 0; variant < 6; variant++) {
                        String where = dt + " " + java.util.Arrays.toString(shape) + " " + red + " variant " + variant;
                        double[] one = grad(xv, shape, dt, target, weight, red, upstream, variant, false);
                        double[] two = grad(xv, shape, dt, target, weight, red, upstream, variant, true);
                        assertBits(two, one, where);
                    }
                }
            }
        }
    }

    /**
     * x's gradient of cross_entropy (variants 0-3: plain, weight, ignore_index 2, both; 4: label smoothing 0.1;
     * 5: log_softmax then nll_loss), in anomaly mode (the two steps) or not.
     */
    private static double[] grad(double[] xv, int[] shape, DType dt, Tensor target, Tensor weight, Reduction red,
            double[] upstream, int variant, boolean anomaly) {
        Tensor x = Tensor.of(xv, dt, Device.CPU, shape).requiresGrad_(true);
        Tensor w = variant == 1 || variant == 3 ? weight : null;
        long ignore = variant >= 2 && variant <= 3 ? 2 : -100;
        Tensor loss = switch (variant) {
            case 4 -> Functional.crossEntropy(x, target, null, -100, red, 0.1);
            case 5 -> Functional.nllLoss(x.logSoftmax(shape.length - 1), target, weight, -100, red);
            default -> Functional.crossEntropy(x, target, w, ignore, red, 0.0);
        };
        Tensor g = red == Reduction.NONE ? Tensor.of(upstream, dt, Device.CPU, loss.shape())
                : Tensor.of(new double[] {upstream.length > 2 ? upstream[2] : 0.75}, dt, Device.CPU).reshape();
        if (anomaly) {
            try (AnomalyMode.Scope ignored = AnomalyMode.enable()) {
                loss.backward(g);
            }
        } else {
            loss.backward(g);
        }
        return x.grad().toDoubleArray();
    }

    @Test
    void oneStepLeavesOneArrayFewerToTheCache() {
        int rows = 32;
        int classes = 64;
        long[] grown = new long[2];
        for (int k = 0; k < 2; k++) {
            Tensor x = Tensor.randn(new org.grad4j.Generator(3), rows, classes).requiresGrad_(true);
            Tensor loss = Functional.crossEntropy(x, Tensor.of(new long[rows], rows));
            ArrayCache cache = CpuBackend.INSTANCE.cache();
            while (cache.takeFloats(rows * classes) != null) {
                // drop it
            }
            long before = cache.bytes();
            if (k == 0) {
                loss.backward();
            } else {
                try (AnomalyMode.Scope ignored = AnomalyMode.enable()) {
                    loss.backward();
                }
            }
            grown[k] = cache.bytes() - before;
        }
        // the two steps also free nll_loss's [N, C] gradient once log_softmax's backward has read it
        assertEquals(4L * rows * classes, grown[1] - grown[0], "cache growth one step " + grown[0] + ", two " + grown[1]);
    }

    private static CpuBuffer buffer(double[] v, DType dt) {
        if (dt == DType.FLOAT64) {
            return new CpuBuffer(null, v.clone());
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return new CpuBuffer(null, f);
    }

    private static long[] bits(CpuBuffer b) {
        int n = b.f != null ? b.f.length : b.d.length;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = b.f != null ? Float.floatToRawIntBits(b.f[i]) : Double.doubleToRawLongBits(b.d[i]);
        }
        return out;
    }

    private static void assertBits(long[] want, long[] got, String where) {
        assertEquals(want.length, got.length, where);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], where + " at " + i);
        }
    }

    private static void assertBits(double[] want, double[] got, String where) {
        assertEquals(want.length, got.length, where);
        for (int i = 0; i < want.length; i++) {
            assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]),
                    where + " at " + i + ": " + want[i] + " / " + got[i]);
        }
    }
}

package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.nn.Dropout;
import org.junit.jupiter.api.Test;

/**
 * The temporaries of a step that only autograd holds go back to the array cache after backward: dropout's
 * mask (saved by its {@code MulBackward0}), ReLU's gradient mask, cross-entropy's log-softmax; the values
 * stay PyTorch's.
 */
class StepTemporariesRecyclingTest {
    private static final int ROWS = 32;
    private static final int COLS = 64;
    private static final int N = ROWS * COLS;

    private static Tensor input(DType dtype) {
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = (i % 7) - 3 + 0.25 * (i % 3);
        }
        return Tensor.of(v, dtype, Device.CPU, ROWS, COLS).requiresGrad_(true);
    }

    /** The mask PyTorch draws: bernoulli_(1 - p) in float64 uniforms, then div_(1 - p) in the dtype. */
    private static double[] expectedMask(long seed, double p, DType dtype) {
        double[] m = new double[N];
        new Generator(seed).bernoulli(m, 1 - p);
        double scale = dtype == DType.FLOAT32 ? (double) (1.0f / (float) (1 - p)) : 1.0 / (1 - p);
        for (int i = 0; i < N; i++) {
            m[i] = dtype == DType.FLOAT32 ? (float) (m[i] * scale) : m[i] * scale;
        }
        return m;
    }

    /** Takes every cached array of {@link #N} elements of {@code dtype} out of the cache. */
    private static void drain(DType dtype) {
        ArrayCache cache = CpuBackend.INSTANCE.cache();
        while ((dtype == DType.FLOAT32 ? cache.takeFloats(N) : cache.takeDoubles(N)) != null) {
            // drop it
        }
    }

    @Test
    void dropoutsMaskIsFreedWithTheGraphAndItsGradientIsTheMask() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = input(dtype);
            Tensor y = Dropout.dropout(x, 0.3, true, false, new Generator(11));
            double[] mask = expectedMask(11, 0.3, dtype);
            double[] xv = x.toDoubleArray();
            double[] yv = y.toDoubleArray();
            for (int i = 0; i < N; i++) {
                double want = dtype == DType.FLOAT32 ? (float) ((float) xv[i] * (float) mask[i]) : xv[i] * mask[i];
                assertEquals(want, yv[i], 0.0, dtype + " output " + i);
            }
            Tensor loss = y.sum();
            drain(dtype);   // so that backward's own product cannot take an array back out of the cache
            long before = CpuBackend.INSTANCE.cache().bytes();
            loss.backward();
            long grown = CpuBackend.INSTANCE.cache().bytes() - before;
            assertTrue(grown >= (long) N * (dtype == DType.FLOAT32 ? 4 : 8),
                    dtype + ": the cache grew by " + grown + " bytes in backward; expected at least the mask back");
            assertArrayEquals(mask, x.grad().toDoubleArray(), 0.0, dtype + " gradient");
            assertArrayEquals(yv, y.toDoubleArray(), 0.0, dtype + ": the output is untouched");
        }
    }

    @Test
    void aRetainedGraphKeepsTheMaskForTheNextBackward() {
        Tensor x = input(DType.FLOAT32);
        Tensor y = Dropout.dropout(x, 0.5, true, false, new Generator(3));
        Tensor loss = y.sum();
        loss.backward(Tensor.ones(new int[0], DType.FLOAT32), true);
        double[] once = x.grad().toDoubleArray();
        loss.backward();
        double[] twice = x.grad().toDoubleArray();
        double[] mask = expectedMask(3, 0.5, DType.FLOAT32);
        assertArrayEquals(mask, once, 0.0);
        for (int i = 0; i < N; i++) {
            assertEquals(2 * mask[i], twice[i], 0.0, "element " + i);
        }
    }

    @Test
    void withoutAGraphTheMaskIsFreedAtOnceAndTheOutputStaysRight() {
        Tensor x = input(DType.FLOAT32);
        Tensor y;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            y = Dropout.dropout(x, 0.2, true, false, new Generator(5));
        }
        // the next output of that length may take the mask's array: y must not change
        double[] before = y.toDoubleArray();
        Tensor z = x.detach().mul(2.0);
        assertArrayEquals(before, y.toDoubleArray(), 0.0);
        double[] mask = expectedMask(5, 0.2, DType.FLOAT32);
        double[] xv = x.toDoubleArray();
        for (int i = 0; i < N; i++) {
            assertEquals((float) ((float) xv[i] * (float) mask[i]), before[i], 0.0, "element " + i);
            assertEquals(2 * xv[i], z.toDoubleArray()[i], 0.0);
        }
    }

    @Test
    void reluBackwardsMaskGoesBackAndTheGradientPassesWhereTheOutputIsPositive() {
        Tensor x = input(DType.FLOAT32);
        Tensor loss = x.relu().mul(3.0).sum();
        drain(DType.FLOAT32);
        long before = CpuBackend.INSTANCE.cache().bytes();
        loss.backward();
        long grown = CpuBackend.INSTANCE.cache().bytes() - before;
        assertTrue(grown >= 4L * N, "the cache grew by " + grown + " bytes in backward; expected the mask back");
        double[] xv = x.toDoubleArray();
        double[] g = x.grad().toDoubleArray();
        for (int i = 0; i < N; i++) {
            assertEquals(xv[i] > 0 ? 3.0 : 0.0, g[i], 0.0, "element " + i);
        }
    }

    @Test
    void generatorsFloatBernoulliDrawsWhatTheDoubleOneDraws() {
        double[] d = new double[1000];
        float[] f = new float[1000];
        new Generator(9).bernoulli(d, 0.37);
        new Generator(9).bernoulli(f, 0.37);
        for (int i = 0; i < d.length; i++) {
            assertEquals(d[i], f[i], 0.0, "element " + i);
        }
    }

    @Test
    void releasedBatchesLendTheirArraysToLaterBatchesAndAKeptBatchStaysIntact() {
        int rows = 12;
        int cols = 256;   // a batch of 4 rows is 1,024 elements: its array goes back to the cache
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.5;
        }
        Tensor all = Tensor.of(v, DType.FLOAT32, Device.CPU, rows, cols);
        java.util.Iterator<Tensor[]> batches = new org.grad4j.data.DataLoader(
                new org.grad4j.data.TensorDataset(all), 4, false, false, new Generator(1)).iterator();
        Tensor kept = batches.next()[0];   // outside any scope: never released
        for (int b = 1; b < 3; b++) {
            try (org.grad4j.MemoryScope scope = org.grad4j.MemoryScope.open()) {
                Tensor batch = batches.next()[0];
                double[] got = batch.toDoubleArray();
                for (int i = 0; i < got.length; i++) {
                    assertEquals(v[b * 4 * cols + i], got[i], 0.0, "batch " + b + " element " + i);
                }
            }
        }
        double[] first = kept.toDoubleArray();
        for (int i = 0; i < first.length; i++) {
            assertEquals(v[i], first[i], 0.0, "the kept first batch, element " + i);
        }
    }

    @Test
    void crossEntropysLogSoftmaxIsFreedWithTheGraph() {
        Tensor x = input(DType.FLOAT32);
        long[] labels = new long[ROWS];
        for (int i = 0; i < ROWS; i++) {
            labels[i] = (i * 5) % COLS;
        }
        Tensor loss = new org.grad4j.nn.CrossEntropyLoss().forward(x, Tensor.of(labels, ROWS));
        drain(DType.FLOAT32);
        long before = CpuBackend.INSTANCE.cache().bytes();
        loss.backward();
        long grown = CpuBackend.INSTANCE.cache().bytes() - before;
        // log_softmax's saved output (nll_loss's gradient is never made: the two backward steps run as one,
        // NllLogSoftmaxThroughTest)
        assertTrue(grown >= 4L * N, "the cache grew by " + grown + " bytes in backward, expected " + 4L * N);
        double[] xv = x.toDoubleArray();
        double[] g = x.grad().toDoubleArray();
        for (int r = 0; r < ROWS; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < COLS; c++) {
                max = Math.max(max, xv[r * COLS + c]);
            }
            double sum = 0;
            for (int c = 0; c < COLS; c++) {
                sum += Math.exp(xv[r * COLS + c] - max);
            }
            for (int c = 0; c < COLS; c++) {
                double want = (Math.exp(xv[r * COLS + c] - max) / sum - (c == labels[r] ? 1 : 0)) / ROWS;
                assertEquals(want, g[r * COLS + c], 1e-6, "gradient [" + r + ", " + c + "]");
            }
        }
    }
}

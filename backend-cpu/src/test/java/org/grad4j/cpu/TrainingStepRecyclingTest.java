package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.nn.Linear;
import org.grad4j.nn.MSELoss;
import org.grad4j.optim.SGD;
import org.junit.jupiter.api.Test;

/**
 * The memory that only one step held is back in the CPU backend's array cache: MSE's x - y as soon as
 * the fused loss has summed it (it is not kept for backward, which recomputes it); after backward, the
 * gradient handed from the loss to Linear (which reuses that array) and the gradient dropped by zeroGrad. Training on reused
 * arrays still computes the right numbers (checked against plain loops).
 */
class TrainingStepRecyclingTest {
    private static final int BATCH = 256;
    private static final int IN = 128;
    private static final int OUT = 128;

    @Test
    void temporariesAreRecycledAndTheStepsStayRight() {
        Random r = new Random(3);
        double[] xv = new double[BATCH * IN];
        double[] yv = new double[BATCH * OUT];
        for (int i = 0; i < xv.length; i++) {
            xv[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < yv.length; i++) {
            yv[i] = (float) r.nextGaussian();
        }
        Linear fc = new Linear(IN, OUT, true, new Generator(5), DType.FLOAT32, Device.CPU);
        double[] w = fc.weight().toDoubleArray();
        double[] b = fc.bias().toDoubleArray();
        double lr = 0.05;
        SGD opt = new SGD(fc.parameters(), lr);
        MSELoss lossFn = new MSELoss();
        Tensor x = Tensor.of(xv, DType.FLOAT32, Device.CPU, BATCH, IN);
        Tensor y = Tensor.of(yv, DType.FLOAT32, Device.CPU, BATCH, OUT);
        ArrayCache cache = CpuBackend.INSTANCE.cache();
        long activation = 4L * BATCH * OUT;   // bytes of the output, of x - y and of the loss's gradient
        for (int step = 0; step < 4; step++) {
            Tensor out = fc.forward(x);
            long beforeLoss = cache.bytes();
            Tensor loss = lossFn.forward(out, y);
            assertTrue(cache.bytes() >= beforeLoss, "step " + step + ": the loss kept " + (beforeLoss - cache.bytes())
                    + " bytes of the cache; expected x - y's array back");
            opt.zeroGrad();
            long before = cache.bytes();
            loss.backward();
            // The loss's gradient takes x - y's array from the cache and gives it back once Linear has used it;
            // from step 1 on, the weight gradient's product reuses the array zeroGrad() handed back.
            long expected = -(step == 0 ? 0 : 4L * OUT * IN);
            assertTrue(cache.bytes() - before >= expected,
                    "step " + step + ": the cache changed by " + (cache.bytes() - before) + " bytes in backward, expected"
                            + " the loss's gradient (" + activation + " bytes) back, less the weight gradient taken"
                            + " from it after the first step");
            opt.step();
            referenceStep(w, b, xv, yv, lr);
        }
        assertClose(w, fc.weight().toDoubleArray(), "weight");
        assertClose(b, fc.bias().toDoubleArray(), "bias");
    }

    /** One SGD step of Linear + mean MSE in double, with plain loops. */
    private static void referenceStep(double[] w, double[] b, double[] x, double[] y, double lr) {
        double[] dPred = new double[BATCH * OUT];
        double scale = 2.0 / (BATCH * OUT);
        for (int n = 0; n < BATCH; n++) {
            for (int o = 0; o < OUT; o++) {
                double pred = b[o];
                for (int i = 0; i < IN; i++) {
                    pred += x[n * IN + i] * w[o * IN + i];
                }
                dPred[n * OUT + o] = scale * (pred - y[n * OUT + o]);
            }
        }
        for (int o = 0; o < OUT; o++) {
            double gb = 0;
            for (int n = 0; n < BATCH; n++) {
                gb += dPred[n * OUT + o];
            }
            for (int i = 0; i < IN; i++) {
                double gw = 0;
                for (int n = 0; n < BATCH; n++) {
                    gw += dPred[n * OUT + o] * x[n * IN + i];
                }
                w[o * IN + i] -= lr * gw;
            }
            b[o] -= lr * gb;
        }
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= 1e-5 + 1e-4 * Math.abs(expected[i]))) {
                throw new AssertionError(what + "[" + i + "] after 4 steps: expected " + expected[i] + ", got " + actual[i]);
            }
        }
    }
}

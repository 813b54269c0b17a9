package org.grad4j.bench;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.nn.Linear;
import org.grad4j.nn.MSELoss;
import org.grad4j.optim.SGD;

/** The training steps shared by the JMH benchmarks and the plain allocation harness. */
final class Workloads {
    private Workloads() {
    }

    static DType dtype(String name) {
        return switch (name) {
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            default -> throw new IllegalArgumentException("dtype must be float32 or float64, got " + name);
        };
    }

    /** A tensor of standard normal samples. */
    static Tensor randn(Generator g, DType dtype, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] v = new double[n];
        g.normal(v, 0.0, 1.0);
        return Tensor.of(v, dtype, Device.CPU, shape);
    }

    /**
     * One SGD training step of {@code Linear(in, out)} with mean MSE: forward, loss, zeroGrad,
     * backward, step, exactly the order of the seed thread's loop.
     */
    static final class Step {
        final Linear layer;
        final SGD optimizer;
        final MSELoss loss = new MSELoss();
        final Tensor x;
        final Tensor y;

        Step(int in, int out, int batch, DType dtype, double lr) {
            Generator g = new Generator(0);
            layer = new Linear(in, out, true, g, dtype, Device.CPU);
            optimizer = new SGD(layer.parameters(), lr);
            x = randn(g, dtype, batch, in);
            y = randn(g, dtype, batch, out);
        }

        /** The seed's workload: Linear(1, 1), float64, a [1, 1] input, lr 0.1. */
        static Step seed() {
            Step s = new Step(1, 1, 1, DType.FLOAT64, 0.1);
            return s;
        }

        /** Runs one step and returns the loss tensor (not read back, so nothing is synchronised). */
        Tensor run() {
            Tensor out = layer.forward(x);
            Tensor l = loss.forward(out, y);
            optimizer.zeroGrad();
            l.backward();
            optimizer.step();
            return l;
        }
    }
}

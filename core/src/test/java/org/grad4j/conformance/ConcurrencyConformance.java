package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.nn.Linear;
import org.grad4j.nn.MSELoss;
import org.grad4j.nn.Sequential;
import org.grad4j.nn.Tanh;
import org.grad4j.optim.SGD;
import org.junit.jupiter.api.Test;

/** Independent models trained on several threads at once give, bit for bit, what each gives alone. */
public abstract class ConcurrencyConformance extends DeviceConformance {
    static final int THREADS = 4;

    /** Trains a seeded float64 MLP with momentum SGD; returns every parameter value and the last loss. */
    static double[] train(long seed, int steps, CyclicBarrier barrier) throws Exception {
        Generator g = new Generator(seed);
        Sequential m = new Sequential(new Linear(8, 32, true, g, DType.FLOAT64, dev()), new Tanh(),
                new Linear(32, 1, true, g, DType.FLOAT64, dev()));
        SGD opt = SGD.builder(m.parameters(), 0.01).momentum(0.9).weightDecay(1e-4).build();
        MSELoss mse = new MSELoss();
        double[] xs = new double[16 * 8];
        double[] ys = new double[16];
        g.normal(xs, 0, 1);
        g.normal(ys, 0, 1);
        Tensor x = Tensor.of(xs, DType.FLOAT64, dev(), 16, 8);
        Tensor y = Tensor.of(ys, DType.FLOAT64, dev(), 16, 1);
        if (barrier != null) {
            barrier.await();
        }
        double last = 0;
        for (int s = 0; s < steps; s++) {
            opt.zeroGrad();
            Tensor loss = mse.forward(m.forward(x), y);
            loss.backward();
            opt.step();
            last = loss.item();
        }
        List<Double> out = new ArrayList<>();
        for (Tensor p : m.parameters()) {
            for (double v : p.toDoubleArray()) {
                out.add(v);
            }
        }
        out.add(last);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void parallelTrainingIsBitForBitTheSameAsAlone() throws Exception {
        int steps = 300;
        double[][] alone = new double[THREADS][];
        for (int i = 0; i < THREADS; i++) {
            alone[i] = train(100 + i, steps, null);
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < 2; round++) {
                CyclicBarrier barrier = new CyclicBarrier(THREADS);
                List<Future<double[]>> futures = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    long seed = 100 + i;
                    futures.add(pool.submit(() -> train(seed, steps, barrier)));
                }
                for (int i = 0; i < THREADS; i++) {
                    double[] together = futures.get(i).get();
                    assertEquals(alone[i].length, together.length);
                    for (int j = 0; j < together.length; j++) {
                        assertEquals(Double.doubleToRawLongBits(alone[i][j]), Double.doubleToRawLongBits(together[j]),
                                "model " + i + " value " + j + " round " + round);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

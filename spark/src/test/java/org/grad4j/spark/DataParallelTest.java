package org.grad4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.nn.Linear;
import org.grad4j.nn.MSELoss;
import org.grad4j.nn.Module;
import org.grad4j.nn.Sequential;
import org.grad4j.nn.Tanh;
import org.grad4j.optim.Adam;
import org.grad4j.optim.Optimizer;
import org.grad4j.optim.SGD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataParallelTest {
    static final int IN = 5;
    static final int STEPS = 100;
    static final int BATCH = 24;

    static Module mlp() {
        Generator g = new Generator(7);
        return new Sequential(new Linear(IN, 16, true, g, DType.FLOAT64, Device.CPU), new Tanh(),
                new Linear(16, 2, true, g, DType.FLOAT64, Device.CPU));
    }

    static Tensor mse(Tensor y, Tensor t) {
        return new MSELoss().forward(y, t);
    }

    static Optimizer sgd(List<Tensor> params) {
        return SGD.builder(params, 0.05).momentum(0.9).build();
    }

    /** 2 partitions of unequal size (61 and 59 rows), so partitions contribute 24 rows each, wrapping around. */
    static JavaRDD<Sample> data() {
        java.util.Random r = new java.util.Random(42);
        List<Sample> rows = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            double[] x = new double[IN];
            for (int k = 0; k < IN; k++) {
                x[k] = r.nextGaussian();
            }
            double s = Math.sin(x[0] + 0.5 * x[1]) - x[2] * x[3] + 0.1 * x[4];
            rows.add(new Sample(x, new double[] {s, 0.5 * s * s}));
        }
        return LocalSpark.sc().parallelize(rows.subList(0, 61), 1)
                .union(LocalSpark.sc().parallelize(rows.subList(61, 120), 1));
    }

    static DataParallel trainer() {
        return new DataParallel(DataParallelTest::mlp, DataParallelTest::mse, DataParallelTest::sgd)
                .batchSizePerPartition(BATCH);
    }

    /** The documented batch rule, applied in one process to the partitions' rows (concatenated in order). */
    static Module singleProcess(List<List<Sample>> partitions, int steps) {
        Module net = mlp();
        Optimizer opt = sgd(net.parameters());
        for (int step = 0; step < steps; step++) {
            List<Sample> batch = new ArrayList<>();
            for (List<Sample> part : partitions) {
                int b = Math.min(BATCH, part.size());
                for (int j = 0; j < b; j++) {
                    batch.add(part.get((int) (((long) step * b + j) % part.size())));
                }
            }
            double[] x = new double[batch.size() * IN];
            double[] y = new double[batch.size() * 2];
            for (int i = 0; i < batch.size(); i++) {
                System.arraycopy(batch.get(i).features(), 0, x, i * IN, IN);
                System.arraycopy(batch.get(i).target(), 0, y, i * 2, 2);
            }
            Tensor loss = mse(net.forward(Tensor.of(x, DType.FLOAT64, Device.CPU, batch.size(), IN)),
                    Tensor.of(y, DType.FLOAT64, Device.CPU, batch.size(), 2));
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }
        return net;
    }

    static void assertBitIdentical(Module expected, Module actual) {
        Map<String, double[]> e = DataParallel.flat(expected);
        Map<String, double[]> a = DataParallel.flat(actual);
        assertEquals(e.keySet(), a.keySet());
        for (String k : e.keySet()) {
            double[] ev = e.get(k);
            double[] av = a.get(k);
            for (int i = 0; i < ev.length; i++) {
                assertEquals(Double.doubleToRawLongBits(ev[i]), Double.doubleToRawLongBits(av[i]),
                        k + "[" + i + "]: " + ev[i] + " vs " + av[i]);
            }
        }
    }

    /** onStep: called on the driver once per step, in order, with the step's loss and the updated driver model. */
    @Test
    void listenerSeesEveryStepAfterItsUpdate() {
        List<Integer> steps = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        Module[] seen = new Module[1];
        List<Map<String, double[]>> afterStep = new ArrayList<>();
        DataParallel dp = trainer().onStep((step, loss, model) -> {
            steps.add(step);
            losses.add(loss);
            seen[0] = model;
            afterStep.add(DataParallel.flat(model));
        });
        JavaRDD<Sample> data = data();
        Module trained = dp.fit(data, 3);
        assertEquals(List.of(0, 1, 2), steps);
        assertEquals(dp.losses(), losses);
        assertTrue(seen[0] == trained, "the listener gets the driver's model");
        // after step 0 the parameters are those of a 1-step run
        Module oneStep = singleProcess(data.glom().collect(), 1);
        Map<String, double[]> e = DataParallel.flat(oneStep);
        for (String k : e.keySet()) {
            double[] ev = e.get(k);
            double[] av = afterStep.get(0).get(k);
            for (int i = 0; i < ev.length; i++) {
                assertEquals(ev[i], av[i], 1e-12 * Math.max(1, Math.abs(ev[i])), k + "[" + i + "]");
            }
        }
    }

    @Test
    void twoPartitionsMatchSingleProcessTraining() {
        JavaRDD<Sample> data = data();
        assertEquals(2, data.getNumPartitions());
        DataParallel dp = trainer();
        Module trained = dp.fit(data, STEPS);
        Module reference = singleProcess(data.glom().collect(), STEPS);
        Map<String, double[]> e = DataParallel.flat(reference);
        Map<String, double[]> a = DataParallel.flat(trained);
        double worst = 0;
        for (String k : e.keySet()) {
            for (int i = 0; i < e.get(k).length; i++) {
                double ev = e.get(k)[i];
                double av = a.get(k)[i];
                double rel = Math.abs(ev - av) / Math.max(Math.abs(ev), 1e-300);
                worst = Math.max(worst, rel);
                assertTrue(rel <= 1e-12, k + "[" + i + "]: " + ev + " (one process) vs " + av + " (Spark)");
            }
        }
        // training happened: parameters moved and the loss fell
        assertTrue(dp.losses().get(STEPS - 1) < 0.5 * dp.losses().get(0), dp.losses().toString());
        assertTrue(DataParallel.flat(mlp()).values().stream().findFirst().get()[0]
                != a.values().stream().findFirst().get()[0]);
        System.out.println("DataParallelTest: worst relative difference after " + STEPS + " steps: " + worst);
    }

    @Test
    void sameDataAndSeedGiveBitIdenticalParameters() {
        JavaRDD<Sample> data = data();
        Module first = trainer().fit(data, 30);
        Module second = trainer().fit(data, 30);
        assertBitIdentical(first, second);
    }

    static final AtomicBoolean ARMED = new AtomicBoolean();
    static final AtomicInteger CALLS = new AtomicInteger();
    static final AtomicBoolean RETRIED = new AtomicBoolean();

    /** MSE, but fails in partition 1's first attempt of its 5th step while armed (local mode: one JVM). */
    static Tensor failingMse(Tensor y, Tensor t) {
        TaskContext tc = TaskContext.get();
        if (ARMED.get() && tc != null && tc.partitionId() == 1) {
            if (tc.attemptNumber() > 0) {
                RETRIED.set(true);
            } else if (CALLS.incrementAndGet() == 5) {
                throw new IllegalStateException("injected failure in task attempt " + tc.taskAttemptId());
            }
        }
        return mse(y, t);
    }

    @Test
    void retriedTaskLeavesParametersUnchanged() {
        JavaRDD<Sample> data = data();
        Module clean = trainer().fit(data, 12);
        ARMED.set(true);
        CALLS.set(0);
        RETRIED.set(false);
        Module retried;
        try {
            retried = new DataParallel(DataParallelTest::mlp, DataParallelTest::failingMse, DataParallelTest::sgd)
                    .batchSizePerPartition(BATCH).fit(data, 12);
        } finally {
            ARMED.set(false);
        }
        assertTrue(RETRIED.get(), "Spark did not retry the failed task");
        assertBitIdentical(clean, retried);
    }

    static Optimizer adam(List<Tensor> params) {
        return new Adam(params, 0.01);
    }

    @Test
    void resumesFromCheckpointToTheSameResult(@TempDir Path dir) throws Exception {
        JavaRDD<Sample> data = data();
        Module uninterrupted = new DataParallel(DataParallelTest::mlp, DataParallelTest::mse, DataParallelTest::adam)
                .batchSizePerPartition(BATCH).fit(data, 13);
        // a job that dies after step 7: its last checkpoint is step 5
        new DataParallel(DataParallelTest::mlp, DataParallelTest::mse, DataParallelTest::adam)
                .batchSizePerPartition(BATCH).checkpoint(dir, 5).fit(data, 7);
        assertTrue(Files.exists(dir.resolve("step-000000005.model.safetensors")));
        assertTrue(Files.exists(dir.resolve("step-000000005.optimizer.safetensors")));
        DataParallel restarted = new DataParallel(DataParallelTest::mlp, DataParallelTest::mse,
                DataParallelTest::adam).batchSizePerPartition(BATCH).checkpoint(dir, 5);
        Module resumed = restarted.fit(data, 13);
        assertEquals(8, restarted.losses().size(), "steps 5..12 run after the restart");
        assertBitIdentical(uninterrupted, resumed);
    }

    /**
     * directExchange: one barrier job, the same bits as one job per step (100 steps, float64), so also within
     * 1e-12 of one process; the listener still runs after every step.
     */
    @Test
    void directExchangeGivesTheSameBitsAsOneJobPerStep() {
        JavaRDD<Sample> data = data();
        DataParallel perStep = trainer();
        Module expected = perStep.fit(data, STEPS);
        assertEquals(STEPS, perStep.jobs);
        List<Integer> steps = new ArrayList<>();
        DataParallel direct = trainer().directExchange(true).onStep((step, loss, model) -> steps.add(step));
        Module trained = direct.fit(data, STEPS);
        assertEquals(1, direct.jobs, "all steps in one barrier job");
        assertEquals(STEPS, steps.size());
        assertEquals(STEPS - 1, steps.get(STEPS - 1));
        assertEquals(perStep.losses(), direct.losses());
        assertBitIdentical(expected, trained);
        Module reference = singleProcess(data.glom().collect(), STEPS);
        Map<String, double[]> e = DataParallel.flat(reference);
        Map<String, double[]> a = DataParallel.flat(trained);
        for (String k : e.keySet()) {
            for (int i = 0; i < e.get(k).length; i++) {
                double ev = e.get(k)[i];
                double av = a.get(k)[i];
                assertTrue(Math.abs(ev - av) <= 1e-12 * Math.abs(ev), k + "[" + i + "]: " + ev + " vs " + av);
            }
        }
    }

    @Test
    void directExchangeResubmitsAFailedJobToTheSameResult() {
        JavaRDD<Sample> data = data();
        Module clean = trainer().fit(data, 12);
        ARMED.set(true);
        CALLS.set(0);
        DataParallel dp = new DataParallel(DataParallelTest::mlp, DataParallelTest::failingMse, DataParallelTest::sgd)
                .batchSizePerPartition(BATCH).directExchange(true);
        Module retried;
        try {
            retried = dp.fit(data, 12);
        } finally {
            ARMED.set(false);
        }
        assertTrue(CALLS.get() > 5, "the injected failure did not happen: " + CALLS.get() + " calls");
        assertEquals(2, dp.jobs, "the failed barrier job was resubmitted once");
        assertEquals(12, dp.losses().size());
        assertBitIdentical(clean, retried);
    }

    @Test
    void directExchangeResumesFromCheckpointToTheSameResult(@TempDir Path dir) {
        JavaRDD<Sample> data = data();
        Module uninterrupted = new DataParallel(DataParallelTest::mlp, DataParallelTest::mse, DataParallelTest::adam)
                .batchSizePerPartition(BATCH).fit(data, 13);
        new DataParallel(DataParallelTest::mlp, DataParallelTest::mse, DataParallelTest::adam)
                .batchSizePerPartition(BATCH).checkpoint(dir, 5).directExchange(true).fit(data, 7);
        DataParallel restarted = new DataParallel(DataParallelTest::mlp, DataParallelTest::mse,
                DataParallelTest::adam).batchSizePerPartition(BATCH).checkpoint(dir, 5).directExchange(true);
        Module resumed = restarted.fit(data, 13);
        assertEquals(8, restarted.losses().size(), "steps 5..12 run after the restart");
        assertBitIdentical(uninterrupted, resumed);
    }

    /** A listener that throws ends the barrier job: fit rethrows, nothing keeps running, the next fit works. */
    @Test
    void directExchangeEndsItsJobWhenTheDriverFails() throws InterruptedException {
        JavaRDD<Sample> data = data();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer().directExchange(true)
                .onStep((step, loss, model) -> {
                    if (step == 3) {
                        throw new IllegalStateException("listener failed");
                    }
                }).fit(data, 10));
        assertEquals("listener failed", e.getMessage());
        // the status tracker learns of the job's end through Spark's listener bus, a moment later
        long t0 = System.nanoTime();
        long deadline = t0 + 20_000_000_000L;
        while (LocalSpark.sc().statusTracker().getActiveJobIds().length > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, LocalSpark.sc().statusTracker().getActiveJobIds().length, "the barrier job still runs");
        System.out.println("DataParallelTest: no active job " + (System.nanoTime() - t0) / 1_000_000 + " ms after fit");
        DataParallel again = trainer().directExchange(true);
        assertBitIdentical(trainer().fit(data, 5), again.fit(data, 5));
        assertEquals(1, again.jobs);
    }

    /** An empty partition's task takes part in every step without a gradient, as with one job per step. */
    @Test
    void directExchangeWithAnEmptyPartition() {
        List<Sample> rows = data().collect();
        JavaRDD<Sample> data = LocalSpark.sc().parallelize(rows, 1)
                .union(LocalSpark.sc().parallelize(new ArrayList<Sample>(), 1));
        DataParallel direct = trainer().directExchange(true);
        assertBitIdentical(trainer().fit(data, 5), direct.fit(data, 5));
        assertEquals(1, direct.jobs);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> trainer().batchSizePerPartition(0));
        assertThrows(IllegalArgumentException.class, () -> trainer().fit((JavaRDD<Sample>) null, 1));
        assertThrows(IllegalArgumentException.class,
                () -> trainer().fit(LocalSpark.sc().parallelize(new ArrayList<Sample>(), 2), 1));
    }
}

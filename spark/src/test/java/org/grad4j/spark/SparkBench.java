package org.grad4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.nn.Linear;
import org.grad4j.nn.MSELoss;
import org.grad4j.nn.Module;
import org.grad4j.nn.Sequential;
import org.grad4j.nn.Tanh;
import org.grad4j.optim.Optimizer;
import org.grad4j.optim.SGD;

/**
 * Benchmark harness (not a unit test): steps/s of {@link DataParallel} on local[1] and local[2] against the
 * single-process loop on the same global batch. Arguments: {@code wide|mlp [steps]}. Prints one line per setting.
 * Run with the test class path and the surefire argLine's JVM options (see SPARK.md).
 */
public final class SparkBench {
    static final int GLOBAL_BATCH = 4096;

    private SparkBench() {
    }

    static Module wide() {
        return new Linear(1024, 1024, true, new Generator(0), DType.FLOAT32, Device.CPU);
    }

    static Module mlp() {
        Generator g = new Generator(0);
        return new Sequential(new Linear(1, 32, true, g, DType.FLOAT32, Device.CPU), new Tanh(),
                new Linear(32, 1, true, g, DType.FLOAT32, Device.CPU));
    }

    static Tensor mse(Tensor y, Tensor t) {
        return new MSELoss().forward(y, t);
    }

    static Optimizer sgd(List<Tensor> params) {
        return new SGD(params, 0.01);
    }

    public static void main(String[] args) {
        String workload = args.length > 0 ? args[0] : "mlp";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        ModuleFactory factory = workload.equals("wide") ? SparkBench::wide : SparkBench::mlp;
        int in = workload.equals("wide") ? 1024 : 1;
        int out = in;
        List<Sample> rows = new ArrayList<>();
        for (int part = 0; part < 2; part++) {
            rows.addAll(rows(part, GLOBAL_BATCH / 2, in));
        }
        double single = singleProcess(factory, rows, in, out, steps);
        System.out.printf("%s  single process      %8.2f steps/s  %8.2f ms/step%n", workload, 1000 / single, single);
        for (String master : new String[] {"local[1]", "local[2]"}) {
            SparkSession spark = SparkSession.builder().master(master).appName("grad4j-bench")
                    .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
            for (int parts : new int[] {1, 2}) {
                // rows made on the executors, as if read from storage: an RDD from parallelize(rows) would ship
                // its rows inside every task (ParallelCollectionPartition), i.e. with every step
                int per = GLOBAL_BATCH / parts;
                JavaRDD<Sample> data = JavaSparkContext.fromSparkContext(spark.sparkContext())
                        .parallelize(List.of(0, 1), parts)
                        .flatMap(part -> rows(part, GLOBAL_BATCH / 2, in).iterator())
                        .persist(StorageLevel.MEMORY_ONLY());
                data.count();
                DataParallel dp = new DataParallel(factory, SparkBench::mse, SparkBench::sgd)
                        .batchSizePerPartition(per);
                dp.fit(data, 3); // warm-up: JIT, executors' module pools
                long t0 = System.nanoTime();
                dp.fit(data, 2);
                long t1 = System.nanoTime();
                dp.fit(data, 2 + steps);
                long t2 = System.nanoTime();
                double ms = ((t2 - t1) - (t1 - t0)) / 1e6 / steps;
                long wall = 0;
                long compute = 0;
                for (long[] t : dp.timings.subList(2, dp.timings.size())) {
                    wall += t[0];
                    compute += t[1];
                }
                double stepMs = wall / 1e6 / steps;
                double computeMs = compute / 1e6 / steps;
                System.out.printf("%s  %-9s %d partition%s %8.2f steps/s  %8.2f ms/step (vs one process %+6.1f%%)"
                        + "  loop %8.2f ms = slowest task's fwd+bwd %8.2f + coordination %8.2f ms%n",
                        workload, master, parts, parts == 1 ? " " : "s", 1000 / ms, ms, 100 * (ms - single) / single,
                        stepMs, computeMs, stepMs - computeMs);
                // the floor: an empty job over the same cached partitions (scheduling, task launch, result)
                for (int i = 0; i < 3; i++) {
                    data.foreachPartition(it -> { });
                }
                long e0 = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    data.foreachPartition(it -> { });
                }
                System.out.printf("%s  %-9s %d partition%s empty Spark job: %8.2f ms%n", workload, master, parts,
                        parts == 1 ? " " : "s", (System.nanoTime() - e0) / 1e6 / steps);
                data.unpersist();
            }
            spark.stop();
        }
    }

    /** Rows of half {@code part} of the global batch, the same wherever they are made. */
    static List<Sample> rows(int part, int n, int in) {
        Random r = new Random(part);
        List<Sample> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = new double[in];
            double[] y = new double[in];
            for (int k = 0; k < in; k++) {
                x[k] = r.nextGaussian();
                y[k] = Math.sin(x[k]);
            }
            rows.add(new Sample(x, y));
        }
        return rows;
    }

    /** ms per step of the plain loop on the whole global batch. */
    static double singleProcess(ModuleFactory factory, List<Sample> rows, int in, int out, int steps) {
        double[] each = singleProcessSteps(factory, rows, in, out, steps, new ArrayList<>());
        double total = 0;
        for (double ms : each) {
            total += ms;
        }
        return total / steps;
    }

    /** ms of each step of the plain loop on the whole global batch, after 3 untimed steps. */
    static double[] singleProcessSteps(ModuleFactory factory, List<Sample> rows, int in, int out, int steps,
            List<Double> cpuMs) {
        Module net = factory.get();
        Optimizer opt = sgd(net.parameters());
        DType dtype = net.parameters().get(0).dtype();
        double[] x = new double[rows.size() * in];
        double[] y = new double[rows.size() * out];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i).features(), 0, x, i * in, in);
            System.arraycopy(rows.get(i).target(), 0, y, i * out, out);
        }
        Tensor tx = Tensor.of(x, dtype, Device.CPU, rows.size(), in);
        Tensor ty = Tensor.of(y, dtype, Device.CPU, rows.size(), out);
        double[] each = new double[steps];
        for (int s = 0; s < steps + 3; s++) {
            long c0 = MechanismBench.cpuNanos();
            long t0 = System.nanoTime();
            Tensor l = mse(net.forward(tx), ty);
            opt.zeroGrad();
            l.backward();
            opt.step();
            l.toDoubleArray();
            if (s >= 3) {
                each[s - 3] = (System.nanoTime() - t0) / 1e6;
                cpuMs.add((MechanismBench.cpuNanos() - c0) / 1e6);
            }
        }
        return each;
    }
}

package org.grad4j.spark;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.nn.Module;
import org.grad4j.optim.Optimizer;

/**
 * Benchmark harness (not a unit test): the step mechanisms of issue 17 side by side on local[2] with 2 partitions of
 * 2,048 rows (global batch 4,096), interleaved round by round, medians reported. Arguments:
 * {@code wide|mlp [steps] [rounds]}. Mechanisms:
 * <ul>
 * <li>{@code single}: the plain loop on the 4,096 rows in this JVM;</li>
 * <li>{@code collect}: {@link DataParallel} (broadcast the parameters, collect the partitions' gradients, sum them
 * on the driver in partition order, step the driver's optimizer);</li>
 * <li>{@code tree}: the same broadcast, then {@code treeAggregate} of (partition, gradient) lists, merged in any
 * order and summed in partition order at the end on the driver (the deterministic combine);</li>
 * <li>{@code barrier}: one barrier job for all steps; parameters and an optimizer live in every task; each step
 * every task all-gathers its gradient ({@code BarrierTaskContext.allGather}, float32 bits as Base64), sums them all
 * in partition order and steps its own optimizer (identically everywhere).</li>
 * </ul>
 * Each distributed figure is the time of (2 + steps) steps minus that of 2 steps, over steps, so that caching and
 * job start-up cancel. Prints one line per mechanism per round, then the medians.
 */
public final class MechanismBench {
    private MechanismBench() {
    }

    public static void main(String[] args) {
        String workload = args.length > 0 ? args[0] : "mlp";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        ModuleFactory factory = workload.equals("wide") ? SparkBench::wide : SparkBench::mlp;
        int in = workload.equals("wide") ? 1024 : 1;
        int out = in;
        List<Sample> rows = new ArrayList<>();
        for (int part = 0; part < 2; part++) {
            rows.addAll(SparkBench.rows(part, SparkBench.GLOBAL_BATCH / 2, in));
        }
        SparkSession spark = SparkSession.builder().master("local[2]").appName("grad4j-mechanisms")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Sample> data = sc.parallelize(List.of(0, 1), 2)
                .flatMap(part -> SparkBench.rows(part, SparkBench.GLOBAL_BATCH / 2, in).iterator())
                .persist(StorageLevel.MEMORY_ONLY());
        data.count();
        int per = SparkBench.GLOBAL_BATCH / 2;
        String[] names = {"single", "collect", "tree", "barrier", "empty job"};
        double[][] ms = new double[names.length][rounds];
        double[] treeCheck = null;
        double[] barrierCheck = null;
        double[] collectCheck = null;
        // warm-up: JIT and the executors' pools
        SparkBench.singleProcess(factory, rows, in, out, 2);
        new DataParallel(factory, SparkBench::mse, SparkBench::sgd).batchSizePerPartition(per).fit(data, 3);
        tree(sc, data, factory, per, 3);
        barrier(data, factory, per, 3);
        for (int r = 0; r < rounds; r++) {
            ms[0][r] = SparkBench.singleProcess(factory, rows, in, out, steps);
            DataParallel dp = new DataParallel(factory, SparkBench::mse, SparkBench::sgd).batchSizePerPartition(per);
            long t0 = System.nanoTime();
            dp.fit(data, 2);
            long t1 = System.nanoTime();
            Module m = dp.fit(data, 2 + steps);
            long t2 = System.nanoTime();
            ms[1][r] = ((t2 - t1) - (t1 - t0)) / 1e6 / steps;
            collectCheck = flat(m);
            long t3 = System.nanoTime();
            tree(sc, data, factory, per, 2);
            long t4 = System.nanoTime();
            treeCheck = tree(sc, data, factory, per, 2 + steps);
            long t5 = System.nanoTime();
            ms[2][r] = ((t5 - t4) - (t4 - t3)) / 1e6 / steps;
            long t6 = System.nanoTime();
            barrier(data, factory, per, 2);
            long t7 = System.nanoTime();
            barrierCheck = barrier(data, factory, per, 2 + steps);
            long t8 = System.nanoTime();
            ms[3][r] = ((t8 - t7) - (t7 - t6)) / 1e6 / steps;
            long e0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                data.foreachPartition(it -> { });
            }
            ms[4][r] = (System.nanoTime() - e0) / 1e6 / steps;
            for (int k = 0; k < names.length; k++) {
                System.out.printf(Locale.ROOT, "%s round %d  %-9s %9.2f ms/step%n", workload, r + 1, names[k], ms[k][r]);
            }
        }
        System.out.printf(Locale.ROOT, "%s same parameters: tree %s, barrier %s (vs collect, after %d steps)%n", workload,
                Arrays.equals(collectCheck, treeCheck), Arrays.equals(collectCheck, barrierCheck), 2 + steps);
        double single = median(ms[0]);
        for (int k = 0; k < names.length; k++) {
            double med = median(ms[k]);
            System.out.printf(Locale.ROOT, "%s median %-9s %9.2f ms/step  %8.2f steps/s  %+7.1f%% vs single  (rounds: %s)%n",
                    workload, names[k], med, 1000 / med, 100 * (med - single) / single, Arrays.toString(ms[k]));
        }
        spark.stop();
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double[] flat(Module m) {
        List<Double> all = new ArrayList<>();
        for (Tensor p : m.parameters()) {
            for (double v : p.toDoubleArray()) {
                all.add(v);
            }
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** DataParallel's step with treeAggregate in place of collect; returns the final parameters. */
    static double[] tree(JavaSparkContext sc, JavaRDD<Sample> data, ModuleFactory factory, int per, int steps) {
        Module net = factory.get();
        List<Tensor> ps = net.parameters();
        Optimizer opt = SparkBench.sgd(ps);
        JavaRDD<Block> blocks = data.mapPartitionsWithIndex((i, it) -> List.of(Block.of(i, it)).iterator(), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        String run = UUID.randomUUID().toString();
        long globalRows = blocks.map(b -> (long) Block.rowsPerStep(per, b.rows)).reduce(Long::sum);
        for (int step = 0; step < steps; step++) {
            double[][] values = new double[ps.size()][];
            for (int k = 0; k < ps.size(); k++) {
                values[k] = ps.get(k).toDoubleArray();
            }
            Broadcast<double[][]> bc = sc.broadcast(values);
            DataParallel.StepTask task = new DataParallel.StepTask(run, factory, SparkBench::mse, bc, step, per,
                    globalRows);
            ArrayList<DataParallel.PartGrad> parts = blocks.treeAggregate(new ArrayList<DataParallel.PartGrad>(),
                    (acc, b) -> {
                        acc.add(task.apply(b));
                        return acc;
                    }, (a, b) -> {
                        a.addAll(b);
                        return a;
                    }, 2);
            bc.destroy();
            parts.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
            double[][] sum = new double[ps.size()][];
            for (DataParallel.PartGrad part : parts) {
                for (int k = 0; k < sum.length; k++) {
                    if (sum[k] == null) {
                        sum[k] = part.grads()[k].clone();
                    } else {
                        for (int e = 0; e < sum[k].length; e++) {
                            sum[k][e] += part.grads()[k][e];
                        }
                    }
                }
            }
            for (int k = 0; k < ps.size(); k++) {
                Tensor p = ps.get(k);
                p.setGrad(Tensor.of(sum[k], p.dtype(), p.device(), p.shape()));
            }
            opt.step();
            opt.zeroGrad();
        }
        blocks.unpersist(false);
        ModulePool.drop(run);
        return flat(net);
    }

    /** All steps in one barrier job; parameters stay in the tasks. Returns partition 0's final parameters. */
    static double[] barrier(JavaRDD<Sample> data, ModuleFactory factory, int per, int steps) {
        JavaRDD<Block> blocks = data.mapPartitionsWithIndex((i, it) -> List.of(Block.of(i, it)).iterator(), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        long globalRows = blocks.map(b -> (long) Block.rowsPerStep(per, b.rows)).reduce(Long::sum);
        scala.Function1<scala.collection.Iterator<Block>, scala.collection.Iterator<double[]>> task =
                (scala.Function1<scala.collection.Iterator<Block>, scala.collection.Iterator<double[]>> & java.io.Serializable)
                it -> scala.jdk.javaapi.CollectionConverters.asScala(
                        barrierTask(scala.jdk.javaapi.CollectionConverters.asJava(it), factory, per, steps, globalRows));
        List<double[]> result = new JavaRDD<>(blocks.rdd().barrier().mapPartitions(task, false,
                scala.reflect.ClassTag$.MODULE$.apply(double[].class)), scala.reflect.ClassTag$.MODULE$.apply(double[].class))
                .collect();
        blocks.unpersist(false);
        return result.get(0).length > 0 ? result.get(0) : result.get(1);
    }

    static Iterator<double[]> barrierTask(Iterator<Block> it, ModuleFactory factory, int per, int steps,
            long globalRows) {
        BarrierTaskContext ctx = BarrierTaskContext.get();
        Block block = it.next();
        Module net = factory.get();
        List<Tensor> ps = net.parameters();
        Optimizer opt = SparkBench.sgd(ps);
        DType dtype = ps.get(0).dtype();
        int b = Block.rowsPerStep(per, block.rows);
        for (int step = 0; step < steps; step++) {
            net.zeroGrad();
            Tensor[] xy = block.tensors(step, per, dtype, Device.CPU);
            Tensor l = SparkBench.mse(net.forward(xy[0]), xy[1]).mul((double) b / globalRows);
            l.backward();
            int n = 0;
            for (Tensor p : ps) {
                n += p.numel();
            }
            ByteBuffer buf = ByteBuffer.allocate(4 * n);
            for (Tensor p : ps) {
                for (float v : p.grad().toFloatArray()) {
                    buf.putFloat(v);
                }
            }
            String[] all = ctx.allGather(Base64.getEncoder().encodeToString(buf.array()));
            double[] sum = new double[n];
            for (String msg : all) { // ordered by partition
                ByteBuffer g = ByteBuffer.wrap(Base64.getDecoder().decode(msg));
                for (int e = 0; e < n; e++) {
                    sum[e] += g.getFloat();
                }
            }
            int off = 0;
            for (Tensor p : ps) {
                p.setGrad(Tensor.of(Arrays.copyOfRange(sum, off, off + p.numel()), p.dtype(), p.device(), p.shape()));
                off += p.numel();
            }
            opt.step();
        }
        try (GradMode.Scope s = GradMode.noGrad()) {
            return List.of(ctx.partitionId() == 0 ? flat(net) : new double[0]).iterator();
        }
    }
}

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
 * {@code wide|mlp [steps] [rounds] [mechanisms]}, mechanisms a comma-separated list (default
 * {@code single,old,collect,empty}); Spark settings come from {@code -Dspark.*} system properties. Mechanisms:
 * <ul>
 * <li>{@code single}: the plain loop on the 4,096 rows in this JVM;</li>
 * <li>{@code collect}: {@link DataParallel} (broadcast the parameters, collect the partitions' gradients, sum them
 * on the driver in partition order, step the driver's optimizer);</li>
 * <li>{@code old}: the same with {@link LegacyCollect}'s transfers ({@code double[][]} both ways), DataParallel's
 * step until 2026-12-01;</li>
 * <li>{@code direct}: {@link DataParallel#directExchange}: one barrier job for all steps, parameters and gradients
 * over the tasks' TCP connections to the driver, the driver sums and steps as in {@code collect};</li>
 * <li>{@code empty}: an empty job over the cached partitions, Spark's floor for one job per step;</li>
 * <li>{@code tree}: the same broadcast, then {@code treeAggregate} of (partition, gradient) lists, merged in any
 * order and summed in partition order at the end on the driver (the deterministic combine);</li>
 * <li>{@code barrier}: one barrier job for all steps; parameters and an optimizer live in every task; each step
 * every task all-gathers its gradient ({@code BarrierTaskContext.allGather}, float32 bits as Base64), sums them all
 * in partition order and steps its own optimizer (identically everywhere).</li>
 * </ul>
 * Each round runs every mechanism for 2 + steps steps and times each of the last {@code steps} steps (the driver's
 * wall time per step, so caching and job start-up stay out) and the process's CPU time per step (all threads:
 * driver, executors, GC; steadier than wall time on a loaded machine, in the OS's 10 ms ticks). Prints each
 * round's medians, whether the final parameters are bit-identical across mechanisms, then the medians over all
 * timed steps of all rounds.
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
        List<String> names = List.of(args.length > 3 ? args[3].split(",")
                : new String[] {"single", "old", "collect", "empty"});
        double[][] ms = new double[names.size()][rounds];
        double[][] check = new double[names.size()][];
        // warm-up: JIT and the executors' pools
        for (String name : names) {
            run(name, sc, data, factory, rows, in, per, 2 + steps, new ArrayList<>(), new ArrayList<>());
        }
        List<List<Double>> pooled = new ArrayList<>();
        List<List<Double>> jobs = new ArrayList<>();
        List<List<Double>> cpus = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            cpus.add(new ArrayList<>());
            pooled.add(new ArrayList<>());
            jobs.add(new ArrayList<>());
        }
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < names.size(); k++) {
                String name = names.get(k);
                List<Double> each = new ArrayList<>();
                List<Double> job = new ArrayList<>();
                SLOWEST.clear();
                CPU.clear();
                FIT.clear();
                check[k] = run(name, sc, data, factory, rows, in, per, 2 + steps, each, job);
                List<Double> timed = each.subList(each.size() - steps, each.size());
                pooled.get(k).addAll(timed);
                ms[k][r] = median(timed);
                String jobText = "";
                if (!job.isEmpty()) {
                    List<Double> timedJob = job.subList(job.size() - steps, job.size());
                    jobs.get(k).addAll(timedJob);
                    jobText = String.format(Locale.ROOT, "  (job %.2f, slowest task's fwd+bwd %.2f)",
                            median(timedJob), median(SLOWEST.subList(SLOWEST.size() - steps, SLOWEST.size())));
                }
                String cpuText = "";
                if (CPU.size() >= steps) {
                    List<Double> timedCpu = CPU.subList(CPU.size() - steps, CPU.size());
                    cpus.get(k).addAll(timedCpu);
                    cpuText = String.format(Locale.ROOT, "  cpu %.1f ms/step", median(timedCpu));
                }
                if (!FIT.isEmpty()) {
                    cpuText += String.format(Locale.ROOT, "  whole fit %.1f ms/step", FIT.get(FIT.size() - 1));
                    FIT.clear();
                }
                System.out.printf(Locale.ROOT, "%s round %d  %-9s median %9.2f ms/step%s%s  (load %.2f)%n", workload,
                        r + 1, name, ms[k][r], jobText, cpuText,
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
        }
        int reference = -1;
        for (int k = 0; k < names.size(); k++) {
            if (check[k] != null) {
                reference = reference < 0 ? k : reference;
                System.out.printf(Locale.ROOT, "%s %s: parameters bit-identical to %s's after %d steps: %s%n",
                        workload, names.get(k), names.get(reference), 2 + steps,
                        Arrays.equals(check[reference], check[k]));
            }
        }
        double single = names.contains("single") ? median(pooled.get(names.indexOf("single"))) : Double.NaN;
        for (int k = 0; k < names.size(); k++) {
            double med = median(pooled.get(k));
            double[] sorted = ms[k].clone();
            Arrays.sort(sorted);
            StringBuilder rs = new StringBuilder();
            for (double v : ms[k]) {
                rs.append(rs.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", v));
            }
            System.out.printf(Locale.ROOT, "%s median %-9s %9.2f ms/step  %8.2f steps/s  %+7.1f%% vs single  "
                    + "round medians %.1f-%.1f [%s]%s%s%n", workload, names.get(k), med, 1000 / med,
                    100 * (med - single) / single, sorted[0], sorted[sorted.length - 1], rs,
                    jobs.get(k).isEmpty() ? "" : String.format(Locale.ROOT, "; job median %.2f", median(jobs.get(k))),
                    cpus.get(k).isEmpty() ? "" : String.format(Locale.ROOT, "; process cpu median %.1f ms/step",
                            median(cpus.get(k))));
        }
        spark.stop();
    }

    /** Trains {@code steps} steps with mechanism {@code name}; returns the final parameters. */
    static double[] run(String name, JavaSparkContext sc, JavaRDD<Sample> data, ModuleFactory factory,
            List<Sample> rows, int in, int per, int steps, List<Double> stepMs, List<Double> jobMs) {
        switch (name) {
            case "single":
                for (double v : SparkBench.singleProcessSteps(factory, rows, in, in, steps, CPU)) {
                    stepMs.add(v);
                }
                return null;
            case "empty":
                for (int i = 0; i < steps; i++) {
                    long c0 = cpuNanos();
                    long t0 = System.nanoTime();
                    data.foreachPartition(it -> { });
                    stepMs.add((System.nanoTime() - t0) / 1e6);
                    CPU.add((cpuNanos() - c0) / 1e6);
                }
                return null;
            case "old":
                return flat(LegacyCollect.fit(data, factory, SparkBench::mse, SparkBench::sgd, per, steps, stepMs, CPU));
            case "collect":
            case "direct": {
                long[] last = {cpuNanos()};
                DataParallel dp = new DataParallel(factory, SparkBench::mse, SparkBench::sgd)
                        .batchSizePerPartition(per).directExchange(name.equals("direct"))
                        .onStep((step, loss, m) -> {
                            long now = cpuNanos();
                            CPU.add((now - last[0]) / 1e6);
                            last[0] = now;
                        });
                long fit0 = System.nanoTime();
                double[] out = flat(dp.fit(data, steps));
                FIT.add((System.nanoTime() - fit0) / 1e6 / steps);
                for (long[] t : dp.timings) {
                    stepMs.add(t[0] / 1e6);
                    jobMs.add(t[2] / 1e6);
                    SLOWEST.add(t[1] / 1e6);
                }
                return out;
            }
            case "tree":
            case "barrier": {
                long t0 = System.nanoTime();
                double[] out = name.equals("tree") ? tree(sc, data, factory, per, steps)
                        : barrier(data, factory, per, steps);
                // whole-run average only (these mechanisms keep no per-step timings)
                for (int i = 0; i < steps; i++) {
                    stepMs.add((System.nanoTime() - t0) / 1e6 / steps);
                }
                return out;
            }
            default:
                throw new IllegalArgumentException("MechanismBench: unknown mechanism " + name);
        }
    }

    /** Whole fit's wall time over its steps (job start-up and the first steps included), per fit. */
    static final List<Double> FIT = new ArrayList<>();
    /** The slowest task's forward+backward of each DataParallel step since the last round line. */
    static final List<Double> SLOWEST = new ArrayList<>();
    /** The process's CPU time of each step since the last round line (the first step's includes the set-up). */
    static final List<Double> CPU = new ArrayList<>();

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double median(List<Double> v) {
        double[] a = new double[v.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = v.get(i);
        }
        return median(a);
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
            LegacyCollect.StepTask task = new LegacyCollect.StepTask(run, factory, SparkBench::mse, bc, step, per,
                    globalRows);
            ArrayList<LegacyCollect.PartGrad> parts = blocks.treeAggregate(new ArrayList<LegacyCollect.PartGrad>(),
                    (acc, b) -> {
                        acc.add(task.apply(b));
                        return acc;
                    }, (a, b) -> {
                        a.addAll(b);
                        return a;
                    }, 2);
            bc.destroy();
            LegacyCollect.sumAndStep(parts, ps, opt);
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

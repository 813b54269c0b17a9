package org.grad4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.io.Safetensors;
import org.grad4j.nn.Module;
import org.grad4j.optim.Optimizer;

/**
 * Synchronous data-parallel training of any {@link Module}, loss and optimizer on Spark.
 *
 * <p>The data's partitions are cached as they are (no shuffle). At step {@code s} (from 0), a partition of
 * {@code n} rows uses {@code b = min(batchSizePerPartition, n)} rows, {@code (s*b + j) mod n} for {@code j < b};
 * the global batch is the union over partitions, {@code M} rows. Each step:
 * <ol>
 * <li>the driver broadcasts the parameters;</li>
 * <li>each partition computes the gradient of {@code loss * b / M} on its rows (so the sum over partitions is the
 * gradient of the global batch's mean loss);</li>
 * <li>the driver collects the gradients and sums them in partition order, sets them as the parameters'
 * {@code grad} and calls {@code optimizer.step()}.</li>
 * </ol>
 * With {@link #directExchange} the same steps run inside one barrier job instead, the parameters and gradients
 * travelling over the tasks' TCP connections to the driver (no Spark job per step; the same bits).
 * Nothing depends on task timing, so the same data, partitioning and seed give bit-identical parameters, also
 * when Spark retries a failed task (a retry recomputes the same gradient from the same broadcast).
 * Module buffers (BatchNorm's running statistics) are not synchronized: the driver's stay as built.
 *
 * <pre>{@code
 * Module trained = new DataParallel(() -> new Linear(3, 1, true, new Generator(0), DType.FLOAT64, Device.CPU),
 *         (y, t) -> new MSELoss().forward(y, t), params -> new SGD(params, 0.1))
 *     .batchSizePerPartition(256)
 *     .fit(rdd, 100);
 * }</pre>
 */
public final class DataParallel {
    private final ModuleFactory model;
    private final Loss loss;
    private final Function<List<Tensor>, Optimizer> optimizer;
    private int batchSizePerPartition = 64;
    private Path checkpointDir;
    private int checkpointEvery;
    private StepListener listener;
    private boolean direct;
    private final List<Double> losses = new ArrayList<>();
    /** Spark jobs that computed steps in the last fit (a test hook). */
    int jobs;
    /**
     * Per step of the last fit, nanoseconds: the driver's wall time, the slowest task's forward+backward, and the
     * Spark job's wall time (from submitting to having every partition's gradient; with {@link #directExchange},
     * from sending the parameters to having every gradient).
     */
    final List<long[]> timings = new ArrayList<>();

    /**
     * A trainer.
     *
     * @param model builds the architecture (on the driver, whose initial values are used, and on executors)
     * @param loss the loss, a mean over the batch's rows
     * @param optimizer builds the driver's optimizer over the model's parameters (never serialized)
     */
    public DataParallel(ModuleFactory model, Loss loss, Function<List<Tensor>, Optimizer> optimizer) {
        if (model == null || loss == null || optimizer == null) {
            throw new IllegalArgumentException("DataParallel: expected a model factory, a loss and an optimizer "
                    + "factory, got " + model + ", " + loss + ", " + optimizer);
        }
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
    }

    /**
     * Sets the rows each partition contributes per step (default 64; fewer when a partition is smaller).
     *
     * @param rows the rows per partition per step, at least 1
     * @return this trainer
     */
    public DataParallel batchSizePerPartition(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("DataParallel.batchSizePerPartition: expected at least 1 row, got "
                    + rows);
        }
        this.batchSizePerPartition = rows;
        return this;
    }

    /**
     * Writes a checkpoint (model and optimizer, safetensors, atomically) every {@code everySteps} steps into
     * {@code dir}, and makes {@link #fit} resume from the latest complete checkpoint found there.
     *
     * @param dir the checkpoint folder (created if missing)
     * @param everySteps the interval in steps, at least 1
     * @return this trainer
     */
    public DataParallel checkpoint(Path dir, int everySteps) {
        if (dir == null || everySteps < 1) {
            throw new IllegalArgumentException("DataParallel.checkpoint: expected a folder and an interval of at "
                    + "least 1 step, got " + dir + " and " + everySteps);
        }
        this.checkpointDir = dir;
        this.checkpointEvery = everySteps;
        return this;
    }

    /**
     * Runs all steps of {@link #fit} in one Spark job in barrier mode, its tasks connected to the driver over TCP
     * (default off: one Spark job per step). Each step the driver sends the parameters to every task over its
     * socket and reads back the partition's gradient; everything else is as with one job per step: the same
     * gradients summed in the same order, the same optimizer step on the driver, the listener and checkpoints
     * after every step, bit-identical parameters. It saves Spark's per-job cost (scheduling, broadcast, result
     * collection) on every step but the first.
     *
     * <p>Needs as many free task slots as the data has partitions (Spark's barrier mode: with fewer, Spark keeps
     * re-checking and then fails the job), no dynamic allocation (barrier mode refuses it), and executors able to
     * open TCP connections to the driver at {@code spark.driver.host} on an ephemeral port (bound to
     * {@code spark.driver.bindAddress} when set). A failed task fails the whole barrier job; the driver then
     * resubmits it from the step that failed (the parameters have not moved), at most {@code spark.task.maxFailures}
     * (default 4) jobs in a row for one step.
     *
     * @param on whether to exchange directly
     * @return this trainer
     */
    public DataParallel directExchange(boolean on) {
        this.direct = on;
        return this;
    }

    /**
     * Calls {@code listener} on the driver after each step's optimizer update (and checkpoint), e.g. to step a
     * learning-rate scheduler at epoch ends, evaluate the driver's model or print progress.
     *
     * @param listener the listener, or null for none
     * @return this trainer
     */
    public DataParallel onStep(StepListener listener) {
        this.listener = listener;
        return this;
    }

    /** What {@link #onStep} calls on the driver after each step of {@link #fit}; never serialized. */
    @FunctionalInterface
    public interface StepListener {
        /**
         * One step is done.
         *
         * @param step the step just taken, from 0
         * @param loss the global batch's mean loss, before this step's update
         * @param model the driver's model, updated
         */
        void afterStep(int step, double loss, Module model);
    }

    /**
     * The global batch's mean loss at each step of the last {@link #fit} (before that step's update; steps
     * restored from a checkpoint are not listed).
     *
     * @return the losses, in step order
     */
    public List<Double> losses() {
        return Collections.unmodifiableList(losses);
    }

    /**
     * Converts a DataFrame's feature and label columns to samples, keeping its partitioning. The feature column is
     * an array of numbers; the label column is a number or an array of numbers.
     *
     * @param data the rows
     * @param featuresCol the features column's name
     * @param labelCol the label column's name
     * @return the samples
     */
    public static JavaRDD<Sample> samples(Dataset<Row> data, String featuresCol, String labelCol) {
        if (data == null) {
            throw new IllegalArgumentException("DataParallel.samples: expected a Dataset, got null");
        }
        List<String> cols = List.of(data.columns());
        if (!cols.contains(featuresCol) || !cols.contains(labelCol)) {
            throw new IllegalArgumentException("DataParallel.samples: expected columns '" + featuresCol + "' and '"
                    + labelCol + "', the Dataset has " + cols);
        }
        return data.select(featuresCol, labelCol).toJavaRDD()
                .map(row -> new Sample(Rows.doubles(row, 0, featuresCol), Rows.doubles(row, 1, labelCol)));
    }

    /**
     * Trains on a DataFrame's feature and label columns; see {@link #samples}.
     *
     * @param data the rows
     * @param featuresCol the features column
     * @param labelCol the label column
     * @param steps the total number of steps (including those restored from a checkpoint)
     * @return the driver's trained module
     */
    public Module fit(Dataset<Row> data, String featuresCol, String labelCol, int steps) {
        return fit(samples(data, featuresCol, labelCol), steps);
    }

    /**
     * Trains for {@code steps} steps (resuming from a checkpoint when one is configured and present).
     *
     * @param data the samples; their partitioning decides which rows each step uses
     * @param steps the total number of steps, at least 0
     * @return the driver's trained module
     */
    public Module fit(JavaRDD<Sample> data, int steps) {
        if (data == null || steps < 0) {
            throw new IllegalArgumentException("DataParallel.fit: expected an RDD and at least 0 steps, got " + data
                    + " and " + steps);
        }
        losses.clear();
        timings.clear();
        Module net = model.get();
        Map<String, Tensor> params = net.namedParameters();
        Optimizer opt = optimizer.apply(new ArrayList<>(params.values()));
        int start = checkpointDir == null ? 0 : restore(net, opt);

        JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.context());
        JavaRDD<Block> blocks = data.mapPartitionsWithIndex((i, it) -> List.of(Block.of(i, it)).iterator(), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        String run = UUID.randomUUID().toString();
        DirectExchange exchange = null;
        jobs = 0;
        try {
            long globalRows = 0;
            for (int[] pr : blocks.map(b -> new int[] {b.partition, b.rows}).collect()) {
                globalRows += Block.rowsPerStep(batchSizePerPartition, pr[1]);
            }
            if (globalRows == 0) {
                throw new IllegalArgumentException("DataParallel.fit: the RDD has no rows");
            }
            if (direct && start < steps) {
                exchange = new DirectExchange(sc, blocks, run, model, loss, batchSizePerPartition, globalRows);
            }
            List<Tensor> ps = new ArrayList<>(params.values());
            double[][] sum = new double[ps.size()][];
            for (int k = 0; k < sum.length; k++) {
                sum[k] = new double[ps.get(k).numel()];
            }
            for (int step = start; step < steps; step++) {
                long wall0 = System.nanoTime();
                byte[] values = Packed.pack(ps, false);
                long job0 = System.nanoTime();
                List<PartGrad> parts;
                if (exchange != null) {
                    parts = exchange.step(step, values);
                } else {
                    Broadcast<byte[]> bc = sc.broadcast(values);
                    StepTask task = new StepTask(run, model, loss, bc, step, batchSizePerPartition, globalRows);
                    parts = new ArrayList<>(blocks.map(task::apply).collect());
                    bc.destroy();
                    jobs++;
                }
                long job = System.nanoTime() - job0;
                parts.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
                double stepLoss = 0;
                boolean first = true;
                for (PartGrad part : parts) {
                    if (part.grads() == null) {
                        continue;
                    }
                    stepLoss += part.loss();
                    Packed.addTo(part.grads(), ps, sum, first);
                    first = false;
                }
                losses.add(stepLoss);
                for (int k = 0; k < ps.size(); k++) {
                    Tensor p = ps.get(k);
                    p.setGrad(Tensor.of(sum[k], p.dtype(), p.device(), p.shape()));
                }
                opt.step();
                opt.zeroGrad();
                long slowest = 0;
                for (PartGrad part : parts) {
                    slowest = Math.max(slowest, part.computeNanos());
                }
                timings.add(new long[] {System.nanoTime() - wall0, slowest, job});
                if (checkpointDir != null && (step + 1) % checkpointEvery == 0) {
                    save(net, opt, step + 1);
                }
                if (listener != null) {
                    listener.afterStep(step, stepLoss, net);
                }
            }
            if (exchange != null) {
                exchange.finish();
                jobs += exchange.jobs;
            }
        } finally {
            if (exchange != null) {
                exchange.close();
            }
            blocks.unpersist(false);
            ModulePool.drop(run);
        }
        return net;
    }

    /** One partition's share of a step: its scaled loss and gradients (null for an empty partition). */
    record PartGrad(int partition, double loss, byte[] grads, long computeNanos) implements Serializable {
    }

    /** The executor side of a step. */
    static final class StepTask implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String run;
        private final ModuleFactory model;
        private final Loss loss;
        private final Broadcast<byte[]> params;
        private final int step;
        private final int batch;
        private final long globalRows;

        StepTask(String run, ModuleFactory model, Loss loss, Broadcast<byte[]> params, int step, int batch,
                long globalRows) {
            this.run = run;
            this.model = model;
            this.loss = loss;
            this.params = params;
            this.step = step;
            this.batch = batch;
            this.globalRows = globalRows;
        }

        PartGrad apply(Block block) {
            return compute(run, model, loss, params.value(), step, batch, globalRows, block);
        }

        /** One partition's gradient at {@code step} from the packed parameters (both mechanisms use this). */
        static PartGrad compute(String run, ModuleFactory model, Loss loss, byte[] params, int step, int batch,
                long globalRows, Block block) {
            if (block.rows == 0) {
                return new PartGrad(block.partition, 0, null, 0);
            }
            Module net = ModulePool.borrow(run, model);
            try {
                List<Tensor> ps = new ArrayList<>(net.namedParameters().values());
                Packed.unpackInto(params, ps);
                net.zeroGrad();
                DType dtype = ps.isEmpty() ? DType.FLOAT64 : ps.get(0).dtype();
                Device device = ps.isEmpty() ? Device.CPU : ps.get(0).device();
                int b = Block.rowsPerStep(batch, block.rows);
                long t0 = System.nanoTime();
                Tensor[] xy = block.tensors(step, batch, dtype, device);
                Tensor l = loss.apply(net.forward(xy[0]), xy[1]).mul((double) b / globalRows);
                l.backward();
                byte[] grads = Packed.pack(ps, true);
                double lv = l.toDoubleArray()[0];
                long t1 = System.nanoTime();
                net.zeroGrad();
                return new PartGrad(block.partition, lv, grads, t1 - t0);
            } finally {
                ModulePool.giveBack(run, net);
            }
        }
    }

    private static final String STEP_KEY = "grad4j_step";

    private static Path modelFile(Path dir, int step) {
        return dir.resolve(String.format("step-%09d.model.safetensors", step));
    }

    private static Path optimizerFile(Path dir, int step) {
        return dir.resolve(String.format("step-%09d.optimizer.safetensors", step));
    }

    private void save(Module net, Optimizer opt, int step) {
        try {
            Files.createDirectories(checkpointDir);
            // the optimizer first: a model file marks a complete checkpoint
            Safetensors.save(optimizerFile(checkpointDir, step), opt);
            Safetensors.save(modelFile(checkpointDir, step), net.stateDict(),
                    Map.of(Safetensors.FORMAT_KEY, "pt", STEP_KEY, Integer.toString(step)));
        } catch (IOException e) {
            throw new UncheckedIOException("DataParallel: cannot write the checkpoint of step " + step + " to "
                    + checkpointDir, e);
        }
    }

    /** Loads the latest complete checkpoint, if any; returns the step to continue from. */
    private int restore(Module net, Optimizer opt) {
        if (!Files.isDirectory(checkpointDir)) {
            return 0;
        }
        int latest = 0;
        try (Stream<Path> files = Files.list(checkpointDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.matches("step-\\d{9}\\.model\\.safetensors")) {
                    int step = Integer.parseInt(name.substring(5, 14));
                    if (step > latest && Files.exists(optimizerFile(checkpointDir, step))) {
                        latest = step;
                    }
                }
            }
            if (latest > 0) {
                Path mf = modelFile(checkpointDir, latest);
                Map<String, String> meta = Safetensors.metadata(mf);
                if (!Objects.equals(meta.get(STEP_KEY), Integer.toString(latest))) {
                    throw new IllegalStateException("DataParallel: checkpoint " + mf + " records step "
                            + meta.get(STEP_KEY) + ", expected " + latest);
                }
                Safetensors.load(mf, net);
                Safetensors.load(optimizerFile(checkpointDir, latest), opt);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("DataParallel: cannot read the checkpoints in " + checkpointDir, e);
        }
        return latest;
    }

    /** Test hook: the parameters as flat arrays, in {@link Module#namedParameters()} order. */
    static Map<String, double[]> flat(Module net) {
        Map<String, double[]> out = new LinkedHashMap<>();
        net.namedParameters().forEach((k, v) -> out.put(k, v.toDoubleArray()));
        return out;
    }
}

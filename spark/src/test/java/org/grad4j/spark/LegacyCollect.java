package org.grad4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.nn.Module;
import org.grad4j.optim.Optimizer;

/**
 * Benchmark baseline (not a unit test): {@link DataParallel}'s step as it was until 2026-12-01, kept for
 * before/after runs of {@link MechanismBench}: every parameter broadcast as {@code double[][]}, every partition's
 * gradient collected as {@code double[][]} (Java-serialized), summed on the driver in partition order.
 */
final class LegacyCollect {
    private LegacyCollect() {
    }

    /** One partition's share of a step: its scaled loss and gradients. */
    record PartGrad(int partition, double loss, double[][] grads) implements Serializable {
    }

    /** Trains like the old {@code DataParallel.fit} (no checkpoints, no listener); returns the driver's module. */
    static Module fit(JavaRDD<Sample> data, ModuleFactory factory, Loss loss,
            java.util.function.Function<List<Tensor>, Optimizer> optimizer, int per, int steps, List<Double> stepMs,
            List<Double> cpuMs) {
        Module net = factory.get();
        List<Tensor> ps = new ArrayList<>(net.namedParameters().values());
        Optimizer opt = optimizer.apply(ps);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.context());
        JavaRDD<Block> blocks = data.mapPartitionsWithIndex((i, it) -> List.of(Block.of(i, it)).iterator(), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        String run = UUID.randomUUID().toString();
        try {
            long globalRows = blocks.map(b -> (long) Block.rowsPerStep(per, b.rows)).reduce(Long::sum);
            for (int step = 0; step < steps; step++) {
                long c0 = MechanismBench.cpuNanos();
                long t0 = System.nanoTime();
                double[][] values = new double[ps.size()][];
                for (int k = 0; k < ps.size(); k++) {
                    values[k] = ps.get(k).toDoubleArray();
                }
                Broadcast<double[][]> bc = sc.broadcast(values);
                StepTask task = new StepTask(run, factory, loss, bc, step, per, globalRows);
                List<PartGrad> parts = new ArrayList<>(blocks.map(task::apply).collect());
                bc.destroy();
                sumAndStep(parts, ps, opt);
                stepMs.add((System.nanoTime() - t0) / 1e6);
                cpuMs.add((MechanismBench.cpuNanos() - c0) / 1e6);
            }
        } finally {
            blocks.unpersist(false);
            ModulePool.drop(run);
        }
        return net;
    }

    /** Sums the gradients in partition order, sets them and steps the optimizer. */
    static void sumAndStep(List<PartGrad> parts, List<Tensor> ps, Optimizer opt) {
        parts.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
        double[][] sum = new double[ps.size()][];
        for (PartGrad part : parts) {
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

    /** The executor side of a step. */
    static final class StepTask implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String run;
        private final ModuleFactory model;
        private final Loss loss;
        private final Broadcast<double[][]> params;
        private final int step;
        private final int batch;
        private final long globalRows;

        StepTask(String run, ModuleFactory model, Loss loss, Broadcast<double[][]> params, int step, int batch,
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
            Module net = ModulePool.borrow(run, model);
            try {
                List<Tensor> ps = new ArrayList<>(net.namedParameters().values());
                double[][] values = params.value();
                try (GradMode.Scope s = GradMode.noGrad()) {
                    for (int k = 0; k < ps.size(); k++) {
                        Tensor p = ps.get(k);
                        p.copy_(Tensor.of(values[k], p.dtype(), p.device(), p.shape()));
                    }
                }
                net.zeroGrad();
                DType dtype = ps.get(0).dtype();
                Device device = ps.get(0).device();
                int b = Block.rowsPerStep(batch, block.rows);
                Tensor[] xy = block.tensors(step, batch, dtype, device);
                Tensor l = loss.apply(net.forward(xy[0]), xy[1]).mul((double) b / globalRows);
                l.backward();
                double[][] grads = new double[ps.size()][];
                for (int k = 0; k < ps.size(); k++) {
                    Tensor g = ps.get(k).grad();
                    grads[k] = g == null ? new double[values[k].length] : g.toDoubleArray();
                }
                double lv = l.toDoubleArray()[0];
                net.zeroGrad();
                return new PartGrad(block.partition, lv, grads);
            } finally {
                ModulePool.giveBack(run, net);
            }
        }
    }
}

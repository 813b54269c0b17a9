package org.grad4j.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import com.sun.management.ThreadMXBean;

/**
 * The seed loop without JMH: warms up, then times {@code rounds} blocks of {@code steps} training
 * steps and reads this thread's allocated bytes around each block
 * ({@link ThreadMXBean#getThreadAllocatedBytes(long)}). Prints the median time per step, the median
 * bytes per step and one JSON line for {@code tools/bench/report.py}.
 *
 * <p>{@code java -cp grad4j-benchmarks.jar org.grad4j.bench.AllocHarness [steps] [rounds]}
 */
public final class AllocHarness {
    private AllocHarness() {
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        mx.setThreadAllocatedMemoryEnabled(true);
        long tid = Thread.currentThread().getId();
        Workloads.Step step = Workloads.Step.seed();
        Object sink = null;
        for (int i = 0; i < 3 * steps; i++) {
            sink = step.run();
        }
        double[] usPerStep = new double[rounds];
        double[] bytesPerStep = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long b0 = mx.getThreadAllocatedBytes(tid);
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                sink = step.run();
            }
            long t1 = System.nanoTime();
            long b1 = mx.getThreadAllocatedBytes(tid);
            usPerStep[r] = (t1 - t0) / 1e3 / steps;
            bytesPerStep[r] = (double) (b1 - b0) / steps;
        }
        if (sink == null) {
            throw new AssertionError();
        }
        double us = median(usPerStep);
        double bytes = median(bytesPerStep);
        System.out.printf("seed loop (plain harness, %d rounds x %d steps): median %.3f us/step, %.1f bytes/step%n",
                rounds, steps, us, bytes);
        breakdown(mx, tid, step, steps);
        System.out.printf("{\"harness_seed_us\": %.4f, \"harness_seed_bytes\": %.1f, \"jdk\": \"%s\", \"vector_module\": %s, \"vector_gemm_class\": %s}%n",
                us, bytes, System.getProperty("java.vm.version"),
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), classPresent("org.grad4j.cpu.VectorGemm"));
    }

    /**
     * Bytes allocated by each phase of the step (forward, loss, zeroGrad, backward, SGD step), read
     * from the thread's allocation counter between phases; the cost of an empty pair of reads is
     * subtracted.
     */
    private static void breakdown(ThreadMXBean mx, long tid, Workloads.Step step, int steps) {
        String[] names = {"forward (Linear = addmm)", "loss (MSELoss mean)", "zeroGrad", "backward", "SGD step"};
        long[] bytes = new long[names.length];
        long empty = 0;
        Object sink = null;
        for (int i = 0; i < steps; i++) {
            long t0 = mx.getThreadAllocatedBytes(tid);
            long t1 = mx.getThreadAllocatedBytes(tid);
            empty += t1 - t0;
            org.grad4j.Tensor out = step.layer.forward(step.x);
            long t2 = mx.getThreadAllocatedBytes(tid);
            org.grad4j.Tensor l = step.loss.forward(out, step.y);
            long t3 = mx.getThreadAllocatedBytes(tid);
            step.optimizer.zeroGrad();
            long t4 = mx.getThreadAllocatedBytes(tid);
            l.backward();
            long t5 = mx.getThreadAllocatedBytes(tid);
            step.optimizer.step();
            long t6 = mx.getThreadAllocatedBytes(tid);
            bytes[0] += t2 - t1;
            bytes[1] += t3 - t2;
            bytes[2] += t4 - t3;
            bytes[3] += t5 - t4;
            bytes[4] += t6 - t5;
            sink = l;
        }
        if (sink == null) {
            throw new AssertionError();
        }
        double perRead = (double) empty / steps;
        StringBuilder json = new StringBuilder("{\"harness_seed_breakdown\": {");
        for (int i = 0; i < names.length; i++) {
            double b = (double) bytes[i] / steps - perRead;
            System.out.printf("  %-26s %8.1f bytes/step%n", names[i], b);
            json.append(i == 0 ? "" : ", ").append('"').append(names[i]).append("\": ").append(String.format("%.1f", b));
        }
        System.out.println(json.append("}}"));
    }

    private static boolean classPresent(String name) {
        try {
            Class.forName(name, false, AllocHarness.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}

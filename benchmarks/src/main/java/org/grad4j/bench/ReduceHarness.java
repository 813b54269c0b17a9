package org.grad4j.bench;

import java.util.Arrays;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;

/**
 * The two sums issue 13 keeps fast, without JMH: {@code x.sum()} of 1M elements and the wide
 * layer's bias gradient {@code g.sum(0)} of a [256, 1024] operand, float32 and float64, no grad.
 * Warms up, then prints the median of {@code rounds} blocks, in µs per sum, one line per workload.
 * {@code tools/bench/reduce_before_after.sh} runs it against two builds of the CPU backend,
 * interleaved, to compare them in one run.
 *
 * <p>{@code java --add-modules jdk.incubator.vector -cp ... org.grad4j.bench.ReduceHarness [label] [rounds]}
 */
public final class ReduceHarness {
    private ReduceHarness() {
    }

    public static void main(String[] args) {
        String label = args.length > 0 ? args[0] : "grad4j";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Generator g = new Generator(1);
                Tensor big = Tensor.rand(g, 1 << 20).to(dtype).to(Device.CPU);
                Tensor grad = Tensor.rand(g, 256, 1024).to(dtype).to(Device.CPU);
                report(label, "sum [1048576] " + dtype, rounds, () -> big.sum());
                report(label, "bias gradient sum(0) [256, 1024] " + dtype, rounds, () -> grad.sum(0));
            }
        }
    }

    private static void report(String label, String what, int rounds, java.util.function.Supplier<Tensor> op) {
        Object sink = null;
        long end = System.nanoTime() + 2_000_000_000L;
        int reps = 0;
        while (System.nanoTime() < end) {
            sink = op.get();
            reps++;
        }
        int perRound = Math.max(10, reps / 10);
        double[] us = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < perRound; i++) {
                sink = op.get();
            }
            us[r] = (System.nanoTime() - t0) / 1e3 / perRound;
        }
        Arrays.sort(us);
        System.out.printf("%-8s %-40s %9.1f us (median of %d; min %.1f, max %.1f)%s%n", label, what, us[rounds / 2],
                rounds, us[0], us[rounds - 1], sink == null ? "?" : "");
    }
}

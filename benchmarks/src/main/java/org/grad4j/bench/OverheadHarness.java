package org.grad4j.bench;

import java.util.Arrays;

import org.grad4j.DType;
import org.grad4j.Generator;
import org.grad4j.MemoryScope;
import org.grad4j.Tensor;

/**
 * The wide layer's framework overhead measured in one JVM: blocks of training steps alternate with
 * blocks of the two matrix products a step runs ({@code x @ W^T} and {@code g^T @ x}, same shapes,
 * outputs released so they reuse arrays as the step's do), and the overhead is the median over block
 * pairs of step time / product time. JMH measures the step and the products in different forks,
 * minutes apart, and on a noisy VM that ratio moves by more than the overhead itself.
 *
 * <p>Usage: {@code OverheadHarness [pairs] [stepsPerBlock]} (default 40 and 10). Prints a line per
 * dtype and a JSON line for {@code tools/bench/report.py}.
 */
public final class OverheadHarness {
    private OverheadHarness() {
    }

    public static void main(String[] args) {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int perBlock = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        StringBuilder json = new StringBuilder("{");
        for (String name : new String[] {"float32", "float64"}) {
            double[] r = measure(Workloads.dtype(name), pairs, perBlock);
            System.out.printf("wide layer %s: step %.3f ms, its two products %.3f ms, overhead (median of %d paired"
                    + " blocks) %.3f, interquartile %.3f-%.3f%n", name, r[0], r[1], pairs, r[2], r[3], r[4]);
            json.append(json.length() > 1 ? ", " : "")
                    .append(String.format("\"overhead_%s\": %.4f, \"overhead_q1_%s\": %.4f, \"overhead_q3_%s\": %.4f",
                            name, r[2], name, r[3], name, r[4]));
        }
        System.out.println(json.append('}'));
    }

    /** {median step ms, median products ms, median ratio, first quartile, third quartile}. */
    private static double[] measure(DType dtype, int pairs, int perBlock) {
        Workloads.Step step = new Workloads.Step(1024, 1024, 256, dtype, 0.1);
        Generator g = new Generator(1);
        Tensor x = Workloads.randn(g, dtype, 256, 1024);
        Tensor w = Workloads.randn(g, dtype, 1024, 1024);
        Tensor grad = Workloads.randn(g, dtype, 256, 1024);
        Tensor wt = w.t();
        Tensor gradT = grad.t();
        Runnable products = () -> {
            try (MemoryScope ignored = MemoryScope.open()) {
                x.matmul(wt);
                gradT.matmul(x);
            }
        };
        long warmEnd = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            step.run();
            products.run();
        }
        double[] stepMs = new double[pairs];
        double[] productMs = new double[pairs];
        double[] ratio = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            // alternate which block goes first, so a drift in the machine's speed favours neither
            if (p % 2 == 0) {
                stepMs[p] = time(step::run, perBlock);
                productMs[p] = time(products, perBlock);
            } else {
                productMs[p] = time(products, perBlock);
                stepMs[p] = time(step::run, perBlock);
            }
            ratio[p] = stepMs[p] / productMs[p];
        }
        Arrays.sort(stepMs);
        Arrays.sort(productMs);
        Arrays.sort(ratio);
        return new double[] {stepMs[pairs / 2], productMs[pairs / 2], ratio[pairs / 2], ratio[pairs / 4],
            ratio[3 * pairs / 4]};
    }

    private static double time(Runnable r, int times) {
        long t0 = System.nanoTime();
        for (int i = 0; i < times; i++) {
            r.run();
        }
        return (System.nanoTime() - t0) / 1e6 / times;
    }
}

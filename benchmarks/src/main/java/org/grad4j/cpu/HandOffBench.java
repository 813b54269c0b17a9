package org.grad4j.cpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measurement only (issue 16): the cost of a split operation through {@link Workers} against the
 * executor-based {@link OldWorkers} it replaced, in one JVM, alternating blocks old/new/new/old so
 * that load from other processes falls on both. Prints per-pair microseconds and the median of the
 * per-pair ratios new/old. Args: pairs (default 10), seconds per block (default 0.3).
 */
public final class HandOffBench {
    private HandOffBench() {
    }

    private interface Op {
        void run(boolean old);
    }

    private static void add(float[] a, float[] b, float[] o, int from, int to) {
        for (int i = from; i < to; i++) {
            o[i] = a[i] + b[i];
        }
    }

    private static Op addOp(int n) {
        float[] a = new float[n];
        float[] b = new float[n];
        float[] o = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i * 0.5f;
            b[i] = -i;
        }
        int grain = Workers.PARALLEL_MIN / 4;
        return old -> {
            if (old) {
                OldWorkers.forRange(n, grain, (from, to) -> add(a, b, o, from, to));
            } else {
                Workers.forRange(n, grain, (from, to) -> add(a, b, o, from, to));
            }
        };
    }

    private static double block(Op op, boolean old, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long count = 0;
        long now;
        do {
            op.run(old);
            count++;
            now = System.nanoTime();
        } while (now < end);
        return (now - start) / 1e3 / count;
    }

    public static void main(String[] args) {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 0.3;
        String[] names = {"empty_8_items", "add_128K", "add_256K", "add_1M", "add_4M"};
        Op[] ops = {old -> {
            if (old) {
                OldWorkers.forRange(8, 1, (from, to) -> { });
            } else {
                Workers.forRange(8, 1, (from, to) -> { });
            }
        }, addOp(1 << 17), addOp(1 << 18), addOp(1 << 20), addOp(1 << 22)};
        for (int r = 0; r < ops.length; r++) {
            block(ops[r], true, seconds); // warm-up both
            block(ops[r], false, seconds);
            List<String> raw = new ArrayList<>();
            double[] ratios = new double[pairs];
            double[] olds = new double[pairs];
            double[] news = new double[pairs];
            for (int p = 0; p < pairs; p++) {
                double o;
                double n;
                if (p % 2 == 0) {
                    o = block(ops[r], true, seconds);
                    n = block(ops[r], false, seconds);
                } else {
                    n = block(ops[r], false, seconds);
                    o = block(ops[r], true, seconds);
                }
                olds[p] = o;
                news[p] = n;
                ratios[p] = n / o;
                raw.add(String.format(Locale.ROOT, "%.2f/%.2f", o, n));
            }
            Arrays.sort(ratios);
            Arrays.sort(olds);
            Arrays.sort(news);
            System.out.printf(Locale.ROOT, "HANDOFF %s old_median_us %.2f new_median_us %.2f median_ratio_new_over_old %.3f pairs(old/new) %s%n",
                    names[r], olds[pairs / 2], news[pairs / 2], ratios[pairs / 2], raw);
        }
    }
}

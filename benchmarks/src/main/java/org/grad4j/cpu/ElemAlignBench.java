package org.grad4j.cpu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.grad4j.spi.BinaryOp;

/**
 * Measurement only (issue 16, eighth session): does the 64-byte alignment of a float32 add's vectors matter on
 * this machine? A float[]'s elements start 16 bytes after the object, and a large array (a G1 humongous object)
 * starts at a region boundary, so element k sits on a 64-byte line boundary for k = 12 mod 16. Times, interleaved,
 * {@code o[i] = a[i] + b[i]} over the same number of elements starting at k = 0, 4, 8, 12 as C2's own loop (which
 * may align itself in a pre-loop) and as {@link VectorElementwise}'s loop (which does not; needs
 * --add-modules jdk.incubator.vector). Args: rounds (default 15),
 * elements (default 2^20).
 */
public final class ElemAlignBench {
    private ElemAlignBench() {
    }

    private static void c2(float[] a, float[] b, float[] o, int from, int to) {
        for (int i = from; i < to; i++) {
            o[i] = a[i] + b[i];
        }
    }

    private static void lanes(float[] a, float[] b, float[] o, int from, int to) {
        if (!VectorElementwise.binary(BinaryOp.ADD, a, from, b, from, o, from, to - from)) {
            throw new IllegalStateException("no lanes");
        }
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1 << 20;
        float[] a = new float[n + 64];
        float[] b = new float[n + 64];
        float[] o = new float[n + 64];
        for (int i = 0; i < a.length; i++) {
            a[i] = i * 0.5f;
            b[i] = i * 0.25f;
        }
        Map<String, Runnable> rows = new LinkedHashMap<>();
        for (int k : new int[] {0, 4, 8, 12}) {
            rows.put("c2_k" + k, () -> c2(a, b, o, k, k + n));
            rows.put("lanes_k" + k, () -> lanes(a, b, o, k, k + n));
        }
        int reps = Math.max(3, (1 << 24) / n);
        Map<String, List<Double>> ns = new LinkedHashMap<>();
        for (int r = 0; r < rounds + 5; r++) {
            for (Map.Entry<String, Runnable> e : rows.entrySet()) {
                long s = System.nanoTime();
                for (int k = 0; k < reps; k++) {
                    e.getValue().run();
                }
                double t = (System.nanoTime() - s) / (double) reps / n;
                if (r >= 5) {
                    ns.computeIfAbsent(e.getKey(), x -> new ArrayList<>()).add(t);
                }
            }
        }
        for (Map.Entry<String, List<Double>> e : ns.entrySet()) {
            List<Double> l = e.getValue();
            l.sort(null);
            System.out.printf(Locale.ROOT, "%-10s min %.3f p25 %.3f med %.3f ns/el%n", e.getKey(), l.get(0), l.get(l.size() / 4),
                    l.get(l.size() / 2));
        }
        System.exit(0);
    }
}

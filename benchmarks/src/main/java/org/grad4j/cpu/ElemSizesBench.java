package org.grad4j.cpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.grad4j.Generator;
import org.grad4j.MemoryScope;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;

/**
 * Measurement only (issue 16, eighth session): nanoseconds per element of float32 relu and add against the
 * operands' size, through {@code Tensor} (a scope per call: the output from the {@link ArrayCache}) and as bare
 * loops on the caller into a kept array, variants interleaved round by round. Where the per-element time jumps
 * tells which level of the cache the operands still fit; {@code tools/bench/elem_sizes.py} prints PyTorch's
 * column the same way. Run with {@code -Dgrad4j.cpu.threads=1} for per-thread figures.
 * Args: rounds (default 15), then sizes as powers of two (default 18 20 21 22 23).
 */
public final class ElemSizesBench {
    private ElemSizesBench() {
    }

    private static void bareAdd(float[] a, float[] b, float[] o) {
        for (int i = 0; i < o.length; i++) {
            o[i] = a[i] + b[i];
        }
    }

    private static void bareMax(float[] a, float[] o) {
        for (int i = 0; i < o.length; i++) {
            o[i] = Math.max(a[i], 0f);
        }
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int[] logs = args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {18, 20, 21, 22, 23};
        Generator g = new Generator(0);
        for (int lg : logs) {
            int n = 1 << lg;
            Tensor ta = Tensor.randn(g, n);
            Tensor tb = Tensor.randn(g, n);
            float[] a = ta.toFloatArray();
            float[] b = tb.toFloatArray();
            float[] o = new float[n];
            Map<String, Runnable> rows = new LinkedHashMap<>();
            rows.put("relu_tensor", () -> {
                try (GradMode.Scope s = GradMode.noGrad(); MemoryScope m = MemoryScope.open()) {
                    ta.relu();
                }
            });
            rows.put("relu_bare", () -> SameIndexLoops.relu(a, o, 0, n));
            rows.put("max_bare", () -> bareMax(a, o));
            rows.put("add_tensor", () -> {
                try (GradMode.Scope s = GradMode.noGrad(); MemoryScope m = MemoryScope.open()) {
                    ta.add(tb);
                }
            });
            rows.put("add_bare", () -> bareAdd(a, b, o));
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
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%9d", n));
            for (Map.Entry<String, List<Double>> e : ns.entrySet()) {
                List<Double> l = e.getValue();
                l.sort(null);
                line.append(String.format(Locale.ROOT, " | %s min %.3f med %.3f", e.getKey(), l.get(0), l.get(l.size() / 2)));
            }
            System.out.println(line + " ns/el");
        }
        System.exit(0);
    }
}

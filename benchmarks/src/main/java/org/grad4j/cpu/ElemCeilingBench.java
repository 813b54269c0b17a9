package org.grad4j.cpu;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.grad4j.Generator;
import org.grad4j.MemoryScope;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.spi.BinaryOp;

/**
 * Measurement only (issue 16): where a float32 add over 4M elements loses time against the pure-Java
 * ceiling, in one JVM. The rows, interleaved call by call so that load from other processes falls on all:
 * a bare loop on one thread; the same loop split in halves with one plain spinning thread (the ceiling);
 * that loop through {@link Workers} (eight items, and two); {@link Kernels#binaryRow} through
 * {@link Workers}; {@code Tensor.add} (a scope per call, the output from the {@link ArrayCache}); and
 * {@code add_} in place (no output stream to read for ownership, the write-allocate traffic of an output).
 * Prints min / p10 / p25 / median per call: on a loaded machine the low percentiles are the comparable ones.
 * {@code tools/bench/elem_ceiling.py} times PyTorch's add the same way. Args: rounds (default 40).
 */
public final class ElemCeilingBench {
    private static final int N = 1 << 22;
    private static volatile int posted;
    private static volatile int done;
    private static volatile boolean active;

    private ElemCeilingBench() {
    }

    private static void add(float[] a, float[] b, float[] o, int from, int to) {
        for (int i = from; i < to; i++) {
            o[i] = a[i] + b[i];
        }
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        Generator g = new Generator(0);
        Tensor ta = Tensor.randn(g, N);
        Tensor tb = Tensor.randn(g, N);
        Tensor tc = Tensor.randn(g, N);
        float[] a = ta.toFloatArray();
        float[] b = tb.toFloatArray();
        float[] o = new float[N];
        Thread helper = new Thread(() -> {
            int seen = 0;
            while (true) {
                if (!active) {
                    LockSupport.park();
                    continue;
                }
                int p = posted;
                if (p == seen) {
                    Thread.onSpinWait();
                    continue;
                }
                seen = p;
                add(a, b, o, N / 2, N);
                done = p;
            }
        }, "bare-helper");
        helper.setDaemon(true);
        helper.start();
        CpuBuffer ba = new CpuBuffer(null, a);
        CpuBuffer bb = new CpuBuffer(null, b);
        CpuBuffer bo = new CpuBuffer(null, o);
        int grain = Workers.PARALLEL_MIN / 4;
        Map<String, Runnable> rows = new LinkedHashMap<>();
        rows.put("bare_1_thread", () -> add(a, b, o, 0, N));
        rows.put("bare_2_threads_halves", () -> {
            int p = posted + 1;
            posted = p;
            add(a, b, o, 0, N / 2);
            while (done != p) {
                Thread.onSpinWait();
            }
        });
        rows.put("workers_8_items", () -> Workers.forRange(N, grain, (f, t) -> add(a, b, o, f, t)));
        rows.put("workers_2_items", () -> Workers.forRange(N, N / 2, (f, t) -> add(a, b, o, f, t)));
        rows.put("workers_kernel", () -> Workers.forRange(N, grain,
                (f, t) -> Kernels.binaryRow(BinaryOp.ADD, ba, f, 1, bb, f, 1, bo, f, 1, t - f)));
        rows.put("tensor_add", () -> {
            try (GradMode.Scope s = GradMode.noGrad(); MemoryScope m = MemoryScope.open()) {
                ta.add(tb);
            }
        });
        rows.put("tensor_add_inplace", () -> {
            try (GradMode.Scope s = GradMode.noGrad(); MemoryScope m = MemoryScope.open()) {
                tc.add_(tb);
            }
        });
        Map<String, List<Double>> us = new LinkedHashMap<>();
        for (int r = 0; r < rounds + 10; r++) {
            for (Map.Entry<String, Runnable> e : rows.entrySet()) {
                boolean bare2 = e.getKey().equals("bare_2_threads_halves");
                if (bare2) {
                    active = true;
                    LockSupport.unpark(helper);
                }
                for (int k = 0; k < 6; k++) {
                    long s = System.nanoTime();
                    e.getValue().run();
                    long t = System.nanoTime() - s;
                    if (r >= 10 && k > 0) {
                        us.computeIfAbsent(e.getKey(), x -> new ArrayList<>()).add(t / 1e3);
                    }
                }
                active = false;
            }
        }
        for (Map.Entry<String, List<Double>> e : us.entrySet()) {
            List<Double> l = e.getValue();
            Collections.sort(l);
            System.out.printf(Locale.ROOT, "%-22s min %7.0f p10 %7.0f p25 %7.0f med %7.0f us  (min: %.0f GB/s)%n",
                    e.getKey(), l.get(0), l.get(l.size() / 10), l.get(l.size() / 4), l.get(l.size() / 2),
                    12.0 * N / l.get(0) / 1e3);
        }
        System.exit(0);
    }
}

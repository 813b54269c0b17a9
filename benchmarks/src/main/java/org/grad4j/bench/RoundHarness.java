package org.grad4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.MemoryScope;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.nn.CrossEntropyLoss;
import org.grad4j.nn.Dropout;
import org.grad4j.nn.Linear;
import org.grad4j.nn.Module;
import org.grad4j.nn.MSELoss;
import org.grad4j.nn.ReLU;
import org.grad4j.nn.Sequential;
import org.grad4j.nn.Tanh;
import org.grad4j.optim.Adam;
import org.grad4j.optim.AdamW;
import org.grad4j.optim.Optimizer;
import org.grad4j.optim.SGD;

/**
 * The workloads of issues 14 and 16 without JMH, in the style of {@link ReduceHarness}: each row is
 * warmed up for {@code warmup} seconds, then timed in {@code rounds} blocks of about {@code roundS}
 * seconds; the row's number is the median block's time per call. Every call runs inside its own
 * {@link MemoryScope} (the training loop's recommended form; PyTorch's allocator caches likewise).
 * {@code tools/bench/round.sh} runs this and {@code torch_bench.py --only round}, alternating, so each
 * ratio is of two measurements taken within a minute of each other.
 *
 * <p>round.sh runs each row in a fresh JVM, as a program that trains one model would, and once all rows
 * in one JVM for comparison (same numbers within noise on 2026-12-01). Keep the warm-up at 1 s or more:
 * with 0.1-0.2 s the MLP row read 52-63 ms instead of about 2-3 ms (Vector API code not yet compiled).
 *
 * <p>Output ({@code --list} as the regex: the row names): one line per row, {@code ROW name microseconds}, names shared with torch_bench.py.
 *
 * <p>{@code java --add-modules jdk.incubator.vector -cp ... org.grad4j.bench.RoundHarness [rows-regex] [warmup] [rounds] [roundS] [cpu]}
 * ({@code cpu}: also a {@code CPU name microseconds} line, the calling thread's CPU time per call)
 */
public final class RoundHarness {
    private RoundHarness() {
    }

    public static void main(String[] args) {
        String only = args.length > 0 ? args[0] : ".*";
        double warmup = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        double roundS = args.length > 3 ? Double.parseDouble(args[3]) : 0.3;
        boolean cpu = args.length > 4 && args[4].equals("cpu");
        Map<String, Supplier<Supplier<Object>>> rows = rows(new Generator(0));
        for (Map.Entry<String, Supplier<Supplier<Object>>> e : rows.entrySet()) {
            if (only.equals("--list")) {
                System.out.println(e.getKey());
            } else if (e.getKey().matches(only)) {
                Supplier<Object> op = e.getValue().get();
                double[] us = measure(op, warmup, rounds, roundS);
                System.out.printf(java.util.Locale.ROOT, "ROW %s %.3f%n", e.getKey(), us[0]);
                if (cpu) {
                    System.out.printf(java.util.Locale.ROOT, "CPU %s %.3f%n", e.getKey(), us[1]);
                }
            }
        }
    }

    /**
     * The rows by name (torch_bench.py's {@code round_rows} has the same names); each supplier builds its
     * workload's data and model from {@code g} when called, and returns the call to time. Also used by
     * {@link TorchPair}.
     */
    static Map<String, Supplier<Supplier<Object>>> rows(Generator g) {
        Map<String, Supplier<Supplier<Object>>> rows = new LinkedHashMap<>();

        rows.put("softmax_4096x1024", () -> {
            Tensor x = Tensor.randn(g, 4096, 1024);
            return noGrad(() -> x.softmax(1));
        });
        rows.put("log_softmax_4096x1024", () -> {
            Tensor x = Tensor.randn(g, 4096, 1024);
            return noGrad(() -> x.logSoftmax(1));
        });
        rows.put("cross_entropy_fwd_bwd_4096x1000", () -> {
            Tensor x = Tensor.randn(g, 4096, 1000).requiresGrad_(true);
            Tensor t = Tensor.randint(0, 1000, new int[] {4096}, g);
            return () -> {
                Tensor loss = Functional.crossEntropy(x, t);
                loss.backward();
                x.setGrad(null);
                return loss;
            };
        });
        rows.put("cat_8x1024x1024_dim0", () -> {
            List<Tensor> parts = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                parts.add(Tensor.randn(g, 1024, 1024));
            }
            return noGrad(() -> Tensor.cat(parts, 0));
        });
        rows.put("gather_1M_of_1M", () -> {
            Tensor src = Tensor.randn(g, 1 << 20);
            Tensor idx = Tensor.randint(0, 1 << 20, new int[] {1 << 20}, g);
            return noGrad(() -> src.gather(0, idx));
        });
        rows.put("index_select_1M_of_1M", () -> {
            Tensor src = Tensor.randn(g, 1 << 20);
            Tensor idx = Tensor.randint(0, 1 << 20, new int[] {1 << 20}, g);
            return noGrad(() -> src.indexSelect(0, idx));
        });
        rows.put("argmax_4096x1000_dim1", () -> {
            Tensor x = Tensor.randn(g, 4096, 1000);
            return noGrad(() -> x.argmax(1, false));
        });
        rows.put("argmax_int64_4096x1000_dim1", () -> {
            Tensor x = Tensor.randint(0, 1 << 30, new int[] {4096, 1000}, g);
            return noGrad(() -> x.argmax(1, false));
        });
        rows.put("max_int64_4M", () -> {
            Tensor x = Tensor.randint(0, 1 << 30, new int[] {1 << 22}, g);
            return noGrad(x::max);
        });
        rows.put("adam_step_1M", () -> {
            Tensor p = Tensor.randn(g, 1 << 20).requiresGrad_(true);
            p.setGrad(Tensor.randn(g, 1 << 20));
            Adam opt = new Adam(List.of(p), 1e-3);
            return () -> {
                opt.step();
                return p;
            };
        });
        // elementwise float32 at memory bandwidth (issue 16): 4M elements = 16 MiB per operand
        rows.put("add_4M", () -> {
            Tensor a = Tensor.randn(g, 1 << 22);
            Tensor b = Tensor.randn(g, 1 << 22);
            return noGrad(() -> a.add(b));
        });
        // mid-size: the hand-off to the helper threads is a visible part of the op (issue 16)
        rows.put("add_256K", () -> {
            Tensor a = Tensor.randn(g, 1 << 18);
            Tensor b = Tensor.randn(g, 1 << 18);
            return noGrad(() -> a.add(b));
        });
        rows.put("mul_4M", () -> {
            Tensor a = Tensor.randn(g, 1 << 22);
            Tensor b = Tensor.randn(g, 1 << 22);
            return noGrad(() -> a.mul(b));
        });
        rows.put("mul_scalar_4M", () -> {
            Tensor a = Tensor.randn(g, 1 << 22);
            return noGrad(() -> a.mul(0.5));
        });
        rows.put("relu_4M", () -> {
            Tensor a = Tensor.randn(g, 1 << 22);
            return noGrad(a::relu);
        });
        rows.put("bias_add_4096x1024", () -> {
            Tensor a = Tensor.randn(g, 4096, 1024);
            Tensor b = Tensor.randn(g, 1024);
            return noGrad(() -> a.add(b));
        });
        rows.put("add_inplace_1M", () -> {
            Tensor a = Tensor.randn(g, 1 << 20);
            Tensor b = Tensor.randn(g, 1 << 20);
            return noGrad(() -> a.add_(b));
        });
        rows.put("mlp_784_256_10_ce_adam_b64", () -> {
            Sequential m = mlp(g, DType.FLOAT32, ReLU::new, 784, 256, 10);
            CrossEntropyLoss ce = new CrossEntropyLoss();
            return step(m, ce::forward, new Adam(m.parameters(), 1e-3), Tensor.randn(g, 64, 784),
                    Tensor.randint(0, 10, new int[] {64}, g));
        });
        rows.put("small_mlp_1_32_1_tanh_b32", () -> {
            Sequential m = mlp(g, DType.FLOAT32, Tanh::new, 1, 32, 1);
            MSELoss mse = new MSELoss();
            return step(m, mse::forward, new SGD(m.parameters(), 0.01), Tensor.randn(g, 32, 1), Tensor.randn(g, 32, 1));
        });

        // issue 16's training-step targets, MSE + SGD(lr 0.01) on fixed random data, as torch_bench.py's rows
        for (DType dt : List.of(DType.FLOAT32, DType.FLOAT64)) {
            String suffix = dt == DType.FLOAT32 ? "_f32" : "_f64";
            rows.put("wide_1024_b256_mse_sgd" + suffix, () -> mseSgd(g, dt, 256, 1024, 1024));
            rows.put("mlp_784_256_10_relu_mse_sgd_b64" + suffix, () -> mseSgd(g, dt, 64, 784, 256, 10));
        }
        rows.put("seed_step_f64", () -> mseSgd(g, DType.FLOAT64, 1, 1, 1));
        // the Digits example's model and optimizer (Dropout in training mode), one step on a random batch of 32
        rows.put("mlp_64_128_10_digits_ce_adamw_b32", () -> {
            Sequential m = new Sequential(new Linear(64, 128, true, g, DType.FLOAT32, Device.CPU), new ReLU(),
                    new Dropout(0.2, false, g), new Linear(128, 10, true, g, DType.FLOAT32, Device.CPU));
            CrossEntropyLoss ce = new CrossEntropyLoss();
            AdamW opt = AdamW.builder(m.parameters()).lr(0.003).weightDecay(0.01).build();
            return step(m, ce::forward, opt, Tensor.rand(g, 32, 64), Tensor.randint(0, 10, new int[] {32}, g));
        });
        return rows;
    }

    /**
     * One training step of {@link #mlp} (ReLU) on a [batch, widths[0]] input: forward, MSE against a
     * [batch, last] target, zeroGrad, backward, SGD(lr 0.01) step.
     */
    private static Supplier<Object> mseSgd(Generator g, DType dt, int batch, int... widths) {
        Sequential m = mlp(g, dt, ReLU::new, widths);
        MSELoss mse = new MSELoss();
        Tensor x = Tensor.randn(g, batch, widths[0]).to(dt);
        Tensor y = Tensor.randn(g, batch, widths[widths.length - 1]).to(dt);
        return step(m, mse::forward, new SGD(m.parameters(), 0.01), x, y);
    }

    /** Linear(widths[0], widths[1]), then an activation and the next Linear for each further width. */
    private static Sequential mlp(Generator g, DType dt, Supplier<Module> activation, int... widths) {
        List<Module> layers = new ArrayList<>();
        for (int i = 0; i + 1 < widths.length; i++) {
            if (i > 0) {
                layers.add(activation.get());
            }
            layers.add(new Linear(widths[i], widths[i + 1], true, g, dt, Device.CPU));
        }
        return new Sequential(layers.toArray(new Module[0]));
    }

    /** The training step every model row times: forward, loss, zeroGrad, backward, optimizer step. */
    private static Supplier<Object> step(Module m, BinaryOperator<Tensor> loss, Optimizer opt, Tensor x, Tensor y) {
        return () -> {
            Tensor l = loss.apply(m.forward(x), y);
            opt.zeroGrad();
            l.backward();
            opt.step();
            return l;
        };
    }

    private static Supplier<Object> noGrad(Supplier<Tensor> op) {
        return () -> {
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                return op.get();
            }
        };
    }

    static Object once(Supplier<Object> op) {
        try (MemoryScope ignored = MemoryScope.open()) {
            Object r = op.get();
            return r == null ? null : Boolean.TRUE;
        }
    }

    /**
     * Median over rounds of microseconds per call: wall time, and the calling thread's CPU time (with
     * {@code -Dgrad4j.cpu.threads=1} the whole op's; on a loaded machine less disturbed than wall time).
     */
    static double[] measure(Supplier<Object> op, double warmupS, int rounds, double roundS) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Object sink = null;
        long end = System.nanoTime() + (long) (warmupS * 1e9);
        int calls = 0;
        while (System.nanoTime() < end || calls < 3) {
            sink = once(op);
            calls++;
        }
        long t0 = System.nanoTime();
        sink = once(op);
        double one = Math.max(System.nanoTime() - t0, 1);
        int n = (int) Math.max(1, roundS * 1e9 / one);
        double[] us = new double[rounds];
        double[] cpuUs = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long c = mx.getCurrentThreadCpuTime();
            long s = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink = once(op);
            }
            us[r] = (System.nanoTime() - s) / 1e3 / n;
            cpuUs[r] = (mx.getCurrentThreadCpuTime() - c) / 1e3 / n;
        }
        Arrays.sort(us);
        Arrays.sort(cpuUs);
        if (sink == null) {
            System.out.print("");
        }
        return new double[] {us[rounds / 2], cpuUs[rounds / 2]};
    }
}

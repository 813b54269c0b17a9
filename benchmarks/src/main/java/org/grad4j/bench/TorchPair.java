package org.grad4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.grad4j.Generator;

/**
 * grad4j and PyTorch in one alternation: this JVM and a live Python process ({@code tools/bench/pair_torch.py})
 * each keep a {@link RoundHarness} row (torch_bench.py's row of the same name) built and warm, and take turns
 * running blocks of the same number of steps, the first side alternating from pair to pair. The side not
 * running waits in a blocking pipe read (the JVM for Python's answer, Python for the next command). Each block
 * is timed by the side that runs it (wall time, plus its process's CPU time and the CPU time the process used
 * while the other side ran: threads still spinning after a block show there). On a VM whose speed moves by
 * 30% from one minute to the next, only the per-pair ratio grad4j / PyTorch resolves a few percent; the row's
 * verdict is the median of those ratios, with its quartiles.
 *
 * <p>{@code java ... org.grad4j.bench.TorchPair ROWS_REGEX PAIRS BLOCK_S WARMUP_S GAP_MS PYTHON_COMMAND...}
 * ({@code tools/bench/pair_torch.sh} runs it). Output: {@code BLOCK row pair side us/step cpu-us/step
 * idle-cpu-ms thread-cpu-us/step} per block, {@code ROW ...} per row, and a Markdown table at the end.
 */
public final class TorchPair {
    private static final java.lang.management.CompilationMXBean JIT =
            java.lang.management.ManagementFactory.getCompilationMXBean();
    /**
     * -Dpair.clock=thread: the ratios compare each side's calling-thread CPU time per block instead of its wall
     * time (pair_torch.sh's ONE_THREAD=1: both sides on one thread, so that is the whole op's, and a loaded
     * machine's waiting for a core does not count).
     */
    private static final int TIMED = "thread".equals(System.getProperty("pair.clock")) ? 3 : 0;
    private static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();
    /** -Dpair.threads=true: names each JVM thread that used over 2 ms of CPU between two readings. */
    private static final boolean SHOW_THREADS = Boolean.getBoolean("pair.threads");
    private static final Map<String, Long> BY_THREAD = new java.util.HashMap<>();

    private final BufferedReader fromPy;
    private final PrintWriter toPy;
    private long lastEndCpu = processCpuNanos();

    private TorchPair(Process py) {
        fromPy = new BufferedReader(new InputStreamReader(py.getInputStream(), StandardCharsets.UTF_8));
        toPy = new PrintWriter(py.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        String only = args[0];
        int pairs = Integer.parseInt(args[1]);
        double blockS = Double.parseDouble(args[2]);
        double warmupS = Double.parseDouble(args[3]);
        long gapMs = Long.parseLong(args[4]);
        List<String> pyCmd = List.of(args).subList(5, args.length);
        Process py = new ProcessBuilder(pyCmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        TorchPair p = new TorchPair(py);
        System.out.println("# python: " + p.ask(null));
        System.out.printf(Locale.ROOT, "# grad4j: java %s, %s; pairs %d, block ~%.2f s, warm-up %.1f s per side, gap %d ms;"
                + " timed: %s%n", System.getProperty("java.version"), threads(), pairs, blockS, warmupS, gapMs,
                TIMED == 0 ? "wall" : "calling thread's CPU");
        List<String> table = new ArrayList<>();
        String clock = TIMED == 0 ? "" : " (thread CPU)";
        table.add("| row | steps/block | grad4j µs" + clock + " | PyTorch µs" + clock
                + " | grad4j / PyTorch time, median [q1, q3] | idle CPU ms/gap grad4j, PyTorch |");
        table.add("|---|---:|---:|---:|---|---|");
        for (Map.Entry<String, Supplier<Supplier<Object>>> e : RoundHarness.rows(new Generator(0)).entrySet()) {
            if (e.getKey().matches(only)) {
                table.add(p.row(e.getKey(), e.getValue().get(), pairs, blockS, warmupS, gapMs));
            }
        }
        p.toPy.println("quit");
        py.waitFor();
        System.out.println();
        table.forEach(System.out::println);
    }

    private String row(String name, Supplier<Object> op, int pairs, double blockS, double warmupS, long gapMs)
            throws IOException, InterruptedException {
        String setup = ask("setup " + name);
        double mine = warm(op, warmupS);
        double theirs = Double.parseDouble(ask("warm " + warmupS).split(" ")[0]);
        // the warm-up's times set the warm-up pairs' steps (the faster side's: a JIT not done yet reads far too
        // slow); the slower side's best warm-up block sets the measured blocks' steps. Warm-up pairs go on
        // (2 to 12) until C2 compiled less than 5 ms in one: a compiler thread still busy takes a core from
        // whichever side runs.
        int steps = (int) Math.max(1, Math.round(blockS / Math.min(mine, theirs)));
        double bestG = Double.MAX_VALUE;
        double bestT = Double.MAX_VALUE;
        int warmPairs = 0;
        long jit;
        do {
            jit = JIT.getTotalCompilationTime();
            double[][] b = pair(op, steps, warmPairs % 2 == 0, gapMs);
            bestG = Math.min(bestG, b[0][0]);   // wall time: it sets how long a block lasts
            bestT = Math.min(bestT, b[1][0]);
            warmPairs++;
        } while (warmPairs < 2 || (JIT.getTotalCompilationTime() - jit >= 5 && warmPairs < 12));
        steps = (int) Math.max(1, Math.round(blockS * 1e6 / Math.max(bestG, bestT)));
        long jitMeasured = JIT.getTotalCompilationTime();
        double[] g = new double[pairs], t = new double[pairs], ratio = new double[pairs], gIdle = new double[pairs],
                tIdle = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            double[][] b = pair(op, steps, i % 2 == 0, gapMs);
            g[i] = b[0][TIMED];
            t[i] = b[1][TIMED];
            ratio[i] = g[i] / t[i];
            gIdle[i] = b[0][2];
            tIdle[i] = b[1][2];
            for (int k = 0; k < 2; k++) {
                System.out.printf(Locale.ROOT, "BLOCK %s %d %s %.3f %.3f %.1f %.3f%n", name, i, k == 0 ? "grad4j" : "torch",
                        b[k][0], b[k][1], b[k][2], b[k][3]);
            }
        }
        System.out.printf(Locale.ROOT, "# %s: torch %s; warm-up per step grad4j %.1f us, PyTorch %.1f us; %d warm-up pairs;"
                + " %d steps per block; JIT %d ms while measured%n", name, setup, mine * 1e6, theirs * 1e6, warmPairs, steps,
                JIT.getTotalCompilationTime() - jitMeasured);
        String line = String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.3f [%.3f, %.3f] | %.1f, %.1f |", name, steps,
                q(g, 0.5), q(t, 0.5), q(ratio, 0.5), q(ratio, 0.25), q(ratio, 0.75), q(gIdle, 0.5), q(tIdle, 0.5));
        System.out.println("ROW " + line);
        return line;
    }

    /** One grad4j block and one PyTorch block, {@code gapMs} apart; {grad4j, PyTorch} x {µs/step, CPU µs/step, idle CPU ms}. */
    private double[][] pair(Supplier<Object> op, int steps, boolean grad4jFirst, long gapMs)
            throws IOException, InterruptedException {
        double[][] r = new double[2][];
        for (int k = 0; k < 2; k++) {
            Thread.sleep(gapMs);
            if ((k == 0) == grad4jFirst) {
                r[0] = block(op, steps);
            } else {
                String[] w = ask("run " + steps).split(" ");
                r[1] = new double[] {Long.parseLong(w[0]) / 1e3 / steps, Long.parseLong(w[1]) / 1e3 / steps,
                        Long.parseLong(w[2]) / 1e6, Long.parseLong(w[3]) / 1e3 / steps};
            }
        }
        return r;
    }

    /** Runs {@code op} for {@code seconds}; the time per call over the last quarter. */
    private static double warm(Supplier<Object> op, double seconds) {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long lateStart = start + (long) (seconds * 0.75e9);
        long lateT0 = -1;
        int lateCalls = 0;
        int calls = 0;
        long now;
        do {
            RoundHarness.once(op);
            calls++;
            now = System.nanoTime();
            if (now >= lateStart) {
                if (lateT0 < 0) {
                    lateT0 = now;
                } else {
                    lateCalls++;
                }
            }
        } while (now < end || calls < 3 || lateCalls < 1);
        return (now - lateT0) / 1e9 / lateCalls;
    }

    /**
     * One grad4j block: µs per step of wall and process CPU time, ms of CPU the process used since its last block,
     * µs per step of this thread's CPU time.
     */
    private double[] block(Supplier<Object> op, int steps) {
        long c0 = processCpuNanos();
        long th0 = MX.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            RoundHarness.once(op);
        }
        long wall = System.nanoTime() - t0;
        long thread = MX.getCurrentThreadCpuTime() - th0;
        long c1 = processCpuNanos();
        double idle = (c0 - lastEndCpu) / 1e6;
        lastEndCpu = c1;
        return new double[] {wall / 1e3 / steps, (c1 - c0) / 1e3 / steps, idle, thread / 1e3 / steps};
    }

    /**
     * The CPU time of all this process's threads in ns, from /proc/self/task/N/schedstat (JIT and GC threads
     * included; the MXBean's process CPU time counts in 10 ms ticks here); -1 without /proc.
     */
    private static long processCpuNanos() {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            long sum = 0;
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("schedstat"));
                    long ns = Long.parseLong(stat.substring(0, stat.indexOf(' ')));
                    sum += ns;
                    if (SHOW_THREADS) {
                        String comm = Files.readString(task.resolve("comm")).trim() + "/" + task.getFileName();
                        long before = BY_THREAD.getOrDefault(comm, 0L);
                        if (ns - before > 2_000_000) {
                            System.out.printf(Locale.ROOT, "# thread %s +%.1f ms%n", comm, (ns - before) / 1e6);
                        }
                        BY_THREAD.put(comm, ns);
                    }
                } catch (IOException | RuntimeException ended) {
                    // the thread ended while listing: its time is lost, a few µs at most
                }
            }
            return sum;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Sends a command (none: only reads) and blocks until Python's one-line answer. */
    private String ask(String command) throws IOException {
        if (command != null) {
            toPy.println(command);
        }
        String answer = fromPy.readLine();
        if (answer == null) {
            throw new IllegalStateException("the Python side ended (after: " + command + ")");
        }
        if (answer.startsWith("error")) {
            throw new IllegalStateException("Python: " + answer);
        }
        return answer;
    }

    private static String threads() {
        String key = "grad4j.cpu.threads";
        return key + " " + System.getProperty(key, "(available processors: " + Runtime.getRuntime().availableProcessors() + ")");
    }

    private static double q(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.round(p * (s.length - 1))];
    }
}

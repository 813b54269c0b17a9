import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.Supplier;
import org.grad4j.*;
import org.grad4j.nn.*;
import org.grad4j.optim.*;

/**
 * Per-op overhead rows in thread CPU time (a loaded machine: waiting for a core does not count), the rows
 * interleaved round by round: the seed step (no scope, as JMH's), the small MLP 1-32-1 Tanh b32 and a
 * Digits-like 64-128-10 ReLU/Dropout step with cross-entropy and AdamW, batch 32 (both with a
 * {@code MemoryScope} per step). Prints {@code RESULT seed us small us digits us}, medians of the rounds.
 * Not part of the build; class path as in {@code DigitsCpu.java}; run old and new jars alternately:
 * <pre>
 * javac -d /tmp/rows -cp "$CP" tools/bench/OverheadRows.java
 * java --add-modules jdk.incubator.vector -Dgrad4j.cpu.threads=1 -Xms512m -Xmx512m -Xmn32m -cp "/tmp/rows:$CP" OverheadRows 7 0.25
 * </pre>
 */
public final class OverheadRows {
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] a) {
        int rounds = Integer.parseInt(a.length > 0 ? a[0] : "9");
        double roundS = Double.parseDouble(a.length > 1 ? a[1] : "0.25");
        Generator g = new Generator(0);
        // seed: no scope (as JMH)
        Linear l1 = new Linear(1, 1, true, g, DType.FLOAT64, Device.CPU);
        SGD o1 = new SGD(l1.parameters(), 0.1);
        MSELoss mse = new MSELoss();
        Tensor x1 = Tensor.randn(g, 1, 1).to(DType.FLOAT64), y1 = Tensor.randn(g, 1, 1).to(DType.FLOAT64);
        Supplier<Object> seed = () -> { Tensor l = mse.forward(l1.forward(x1), y1); o1.zeroGrad(); l.backward(); o1.step(); return l; };
        Sequential m2 = new Sequential(new Linear(1, 32, true, g, DType.FLOAT32, Device.CPU), new Tanh(), new Linear(32, 1, true, g, DType.FLOAT32, Device.CPU));
        SGD o2 = new SGD(m2.parameters(), 0.01);
        Tensor x2 = Tensor.randn(g, 32, 1), y2 = Tensor.randn(g, 32, 1);
        Supplier<Object> small = () -> { try (MemoryScope s = MemoryScope.open()) { Tensor l = mse.forward(m2.forward(x2), y2); o2.zeroGrad(); l.backward(); o2.step(); return l; } };
        Sequential m3 = new Sequential(new Linear(64, 128, true, g, DType.FLOAT32, Device.CPU), new ReLU(), new Dropout(0.2), new Linear(128, 10, true, g, DType.FLOAT32, Device.CPU));
        AdamW o3 = new AdamW(m3.parameters(), 1e-3);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        Tensor x3 = Tensor.randn(g, 32, 64); Tensor y3 = Tensor.randint(0, 10, new int[] {32}, g);
        Supplier<Object> digits = () -> { try (MemoryScope s = MemoryScope.open()) { Tensor l = ce.forward(m3.forward(x3), y3); o3.zeroGrad(); l.backward(); o3.step(); return l; } };
        String[] names = {"seed", "small", "digits"};
        Supplier<Object>[] ops = new Supplier[] {seed, small, digits};
        int[] n = {400_000, 10_000, 5_000};
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Object sink = null;
        for (int w = 0; w < 2; w++) for (int k = 0; k < 3; k++) for (int i = 0; i < n[k]; i++) sink = ops[k].get();
        double[][] cpu = new double[3][rounds];
        for (int r = 0; r < rounds; r++) for (int k = 0; k < 3; k++) {
            int cnt = (int) (n[k] * roundS);
            long c = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < cnt; i++) sink = ops[k].get();
            cpu[k][r] = (mx.getCurrentThreadCpuTime() - c) / 1e3 / cnt;
        }
        StringBuilder sb = new StringBuilder("RESULT");
        for (int k = 0; k < 3; k++) { Arrays.sort(cpu[k]); sb.append(' ').append(names[k]).append(' ').append(String.format(java.util.Locale.ROOT, "%.4f", cpu[k][rounds / 2])); }
        System.out.println(sb + (sink == null ? "!" : ""));
    }
}

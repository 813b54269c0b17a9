import java.lang.management.ManagementFactory;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.MemoryScope;
import org.grad4j.Tensor;
import org.grad4j.nn.Linear;
import org.grad4j.nn.MSELoss;
import org.grad4j.optim.SGD;

/**
 * A fresh JVM's first seconds of training one {@code Linear} (MSE + SGD, one MemoryScope per step): prints
 * the first step's time and the mean step time of each quarter second from the first step on, so the first step's cost (JIT warm-up,
 * the Vector API kernel before C2 compiles it) and the time to reach the steady speed show. Pair it with
 * {@code first_steps.py} (PyTorch, same loop). Not part of the build:
 * <pre>
 * mvn -B -ntp -o -q -pl benchmarks -am package -DskipTests
 * javac -d /tmp/firststeps -cp benchmarks/target/grad4j-benchmarks.jar tools/bench/FirstSteps.java
 * java -Xms2g -Xmx2g --add-modules jdk.incubator.vector -cp /tmp/firststeps:benchmarks/target/grad4j-benchmarks.jar \
 *     FirstSteps f32 256 1024 1024
 * </pre>
 * Arguments: dtype (f32 | f64), batch, in and out features (default 256 1024 1024), seconds (4).
 */
public final class FirstSteps {
    public static void main(String[] args) {
        DType dt = args.length > 0 && args[0].equals("f64") ? DType.FLOAT64 : DType.FLOAT32;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int in = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        int out = args.length > 3 ? Integer.parseInt(args[3]) : 1024;
        double seconds = args.length > 4 ? Double.parseDouble(args[4]) : 4.0;
        Generator g = new Generator(0);
        Linear layer = new Linear(in, out, true, g, dt, Device.of("cpu"));
        Tensor x = Tensor.randn(g, batch, in).to(dt);
        Tensor y = Tensor.randn(g, batch, out).to(dt);
        SGD opt = new SGD(layer.parameters(), 0.01);
        MSELoss mse = new MSELoss();
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        // the process's CPU time (JIT threads included) from the JVM's start to the end of the first step: on a
        // loaded machine a far steadier measure of the start-up's work than the wall time
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        StringBuilder line = new StringBuilder();
        long t0 = System.nanoTime();
        long last = t0;
        long first = 0;
        long firstCpu = 0;
        int steps = 0;
        while (System.nanoTime() - t0 < seconds * 1e9) {
            try (MemoryScope ignored = MemoryScope.open()) {
                Tensor loss = mse.forward(layer.forward(x), y);
                opt.zeroGrad();
                loss.backward();
                opt.step();
            }
            steps++;
            long now = System.nanoTime();
            if (first == 0) {
                first = now - t0;
                firstCpu = os.getProcessCpuTime();
            }
            if (now - last > 250_000_000L) {
                line.append(String.format(java.util.Locale.ROOT, " %.2fs:%.0fus", (now - t0) / 1e9, (now - last) / 1e3 / steps));
                last = now;
                steps = 0;
            }
        }
        System.out.println(dt + " [" + batch + "," + in + "]->" + out + " (JVM up " + uptime + " ms at the first step; first step "
                + String.format(java.util.Locale.ROOT, "%.0f ms, process CPU %.0f ms from the JVM's start", first / 1e6, firstCpu / 1e6)
                + "):" + line);
    }
}

import org.grad4j.*;
import org.grad4j.nn.*;
import org.grad4j.optim.*;

/**
 * RoundHarness's MLP row: Linear(784,256)-ReLU-Linear(256,10), batch 64, MSE + SGD(lr 0.01), one MemoryScope
 * per step; -Ddtype=f64 for float64 (default float32), -Dclock=process for CPU time (see {@link #now}).
 */
public class Mlp784 {
    final Sequential m;
    final SGD opt;
    final MSELoss mse = new MSELoss();
    final Tensor x;
    final Tensor y;
    public Mlp784(boolean unused) {
        DType dt = "f64".equals(System.getProperty("dtype")) ? DType.FLOAT64 : DType.FLOAT32;
        Generator g = new Generator(0);
        m = new Sequential(new Linear(784, 256, true, g, dt, Device.CPU), new ReLU(),
                new Linear(256, 10, true, g, dt, Device.CPU));
        opt = new SGD(m.parameters(), 0.01);
        x = Tensor.randn(g, 64, 784).to(dt);
        y = Tensor.randn(g, 64, 10).to(dt);
    }
    /**
     * -Dclock=process: the CPU time of all the JVM's threads (on a loaded machine less disturbed than wall time;
     * add -Dgrad4j.cpu.waitSpinNanos=0 -Dgrad4j.cpu.idleSpinNanos=0, or the workers' spinning counts too).
     */
    static final boolean PROCESS = "process".equals(System.getProperty("clock"));
    static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();

    static long now() {
        if (!PROCESS) {
            return System.nanoTime();
        }
        long sum = 0;
        for (long id : MX.getAllThreadIds()) {
            sum += Math.max(0, MX.getThreadCpuTime(id));
        }
        return sum;
    }

    public long run(int steps) {
        long t0 = now();
        for (int i = 0; i < steps; i++) {
            try (MemoryScope s = MemoryScope.open()) {
                Tensor loss = mse.forward(m.forward(x), y);
                opt.zeroGrad();
                loss.backward();
                opt.step();
            }
        }
        return now() - t0;
    }
    public double weight() {
        double s = 0;
        for (Tensor p : m.parameters()) {
            for (double v : p.toDoubleArray()) {
                s += v;
            }
        }
        return s;
    }
}

import org.grad4j.*;
import org.grad4j.nn.*;
import org.grad4j.optim.*;

/**
 * {@link Block} timed in this thread's CPU time instead of wall time: on a machine shared with other builds the
 * time the thread waits for a core does not count (cache and frequency effects still do).
 */
public class CpuBlock {
    final Linear layer;
    final SGD opt;
    final MSELoss loss = new MSELoss();
    final Tensor x;
    final Tensor y;
    final boolean scope;

    public CpuBlock(boolean scope) {
        this.scope = scope;
        Generator g = new Generator(0);
        layer = new Linear(1, 1, true, g, DType.FLOAT64, Device.CPU);
        opt = new SGD(layer.parameters(), 0.1);
        double[] v = new double[1];
        g.normal(v, 0.0, 1.0);
        x = Tensor.of(v.clone(), DType.FLOAT64, Device.CPU, 1, 1);
        g.normal(v, 0.0, 1.0);
        y = Tensor.of(v.clone(), DType.FLOAT64, Device.CPU, 1, 1);
    }

    public long run(int steps) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < steps; i++) {
            if (scope) {
                try (MemoryScope s = MemoryScope.open()) {
                    step();
                }
            } else {
                step();
            }
        }
        return mx.getCurrentThreadCpuTime() - t0;
    }

    void step() {
        Tensor out = layer.forward(x);
        Tensor l = loss.forward(out, y);
        opt.zeroGrad();
        l.backward();
        opt.step();
    }

    public double weight() {
        return layer.weight().item();
    }
}

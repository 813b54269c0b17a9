import org.grad4j.*;
import org.grad4j.nn.*;
import org.grad4j.optim.*;

/** The seed step (Workloads.Step.seed()'s setup), in blocks; loaded once per jar under test. */
public class Block {
    final Linear layer;
    final SGD opt;
    final MSELoss loss = new MSELoss();
    final Tensor x;
    final Tensor y;
    final boolean scope;

    public Block(boolean scope) {
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
        long t0 = now();
        for (int i = 0; i < steps; i++) {
            if (scope) {
                try (MemoryScope s = MemoryScope.open()) {
                    step();
                }
            } else {
                step();
            }
        }
        return now() - t0;
    }

    /** The clock a block is timed with: wall time here, thread CPU time in {@link CpuBlock}. */
    long now() {
        return System.nanoTime();
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

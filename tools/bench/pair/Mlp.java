import org.grad4j.*;
import org.grad4j.nn.*;
import org.grad4j.optim.*;

/** RoundHarness's small MLP row: Linear(1,32)-Tanh-Linear(32,1), batch 32, float32, MSE + SGD, one MemoryScope per step. */
public class Mlp {
    final Sequential m;
    final SGD opt;
    final MSELoss mse = new MSELoss();
    final Tensor x;
    final Tensor y;
    public Mlp(boolean unused) {
        Generator g = new Generator(0);
        m = new Sequential(new Linear(1, 32, true, g, DType.FLOAT32, Device.CPU), new Tanh(),
                new Linear(32, 1, true, g, DType.FLOAT32, Device.CPU));
        opt = new SGD(m.parameters(), 0.01);
        x = Tensor.randn(g, 32, 1);
        y = Tensor.randn(g, 32, 1);
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
    /** The clock of a block; {@link CpuMlp} reads the thread's CPU time instead. */
    long now() {
        return System.nanoTime();
    }

    public double weight() {
        return m.parameters().get(0).toDoubleArray()[3];
    }
}

import org.grad4j.*;
import org.grad4j.autograd.GradMode;

/** Linear(784, 256)'s forward on a batch of 64, no grad; -Ddtype and -Dclock as {@link Mlp784}. */
public class Fwd784 {
    final Tensor x, w, b;
    public Fwd784(boolean unused) {
        DType dt = "f64".equals(System.getProperty("dtype")) ? DType.FLOAT64 : DType.FLOAT32;
        Generator g = new Generator(0);
        x = Tensor.randn(g, 64, 784).to(dt);
        w = Tensor.randn(g, 256, 784).to(dt);
        b = Tensor.randn(g, 256).to(dt);
    }
    double last;
    public long run(int steps) {
        long t0 = Mlp784.now();
        for (int i = 0; i < steps; i++) {
            try (MemoryScope s = MemoryScope.open(); GradMode.Scope q = GradMode.noGrad()) {
                Tensor y = Functional.linear(x, w, b);
                if (i == 0) last = y.toDoubleArray()[5];
            }
        }
        return Mlp784.now() - t0;
    }
    public double weight() { return last; }
}

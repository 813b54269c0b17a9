import org.grad4j.*;

/** A chain of 2,000 ops over one leaf (4,000 edges into its sink): forward + backward per step. */
public class Deep {
    final Tensor x;
    public Deep(boolean unused) {
        x = Tensor.of(new double[] {0.5, -0.25, 1.0, 2.0}, DType.FLOAT64, Device.CPU, 4).requiresGrad_(true);
    }
    public long run(int steps) {
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            Tensor y = x;
            for (int k = 0; k < 2000; k++) {
                y = y.mul(x).add(x);
            }
            y.sum().backward();
            x.clearGrad();
        }
        return System.nanoTime() - t0;
    }
    public double weight() {
        Tensor y = x;
        for (int k = 0; k < 3; k++) y = y.mul(x).add(x);
        y.sum().backward();
        return x.grad().toDoubleArray()[1];
    }
}

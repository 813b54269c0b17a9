import org.grad4j.*;

/**
 * RoundHarness's cross-entropy row: cross_entropy forward + backward over [4096, 1000] float32 logits, one
 * MemoryScope per step; -Dclock=thread times the calling thread's CPU instead of the wall (with
 * -Dgrad4j.cpu.threads=1 the whole op's: a loaded machine's waiting for a core does not count).
 */
public class CrossEntropy {
    static final boolean THREAD = "thread".equals(System.getProperty("clock"));
    static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();
    final Tensor x;
    final Tensor t;
    double last;

    public CrossEntropy(boolean unused) {
        Generator g = new Generator(0);
        x = Tensor.randn(g, 4096, 1000).requiresGrad_(true);
        t = Tensor.randint(0, 1000, new int[] {4096}, g);
    }

    static long now() {
        return THREAD ? MX.getCurrentThreadCpuTime() : System.nanoTime();
    }

    public long run(int steps) {
        long t0 = now();
        for (int i = 0; i < steps; i++) {
            try (MemoryScope s = MemoryScope.open()) {
                Tensor loss = Functional.crossEntropy(x, t);
                loss.backward();
                last = x.grad().sum().item();
                x.setGrad(null);
            }
        }
        return now() - t0;
    }

    public double weight() {
        return last;
    }
}

import java.lang.management.ManagementFactory;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.nn.CrossEntropyLoss;
import org.grad4j.nn.Linear;
import org.grad4j.nn.ReLU;
import org.grad4j.nn.Sequential;
import org.grad4j.optim.Adam;

/**
 * Main-thread bytes (exact: {@code ThreadMXBean.getThreadAllocatedBytes}) and thread CPU per call, measured after
 * as many warm-up calls: cross-entropy forward + backward on float32 [4096, 1000], and an MLP 784-256-10 step
 * (batch 64, cross-entropy, Adam). Not part of the build; class path as in {@code DigitsCpu.java}:
 * <pre>
 * javac -d /tmp/stepalloc -cp "$CP" tools/bench/StepAlloc.java
 * java --add-modules jdk.incubator.vector -cp "/tmp/stepalloc:$CP" StepAlloc
 * </pre>
 */
public class StepAlloc {
    public static void main(String[] a) {
        com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        Generator g = new Generator(1);
        double[] xv = new double[4096 * 1000];
        for (int i = 0; i < xv.length; i++) {
            xv[i] = (i * 7919 % 1000) / 500.0 - 1;
        }
        long[] yv = new long[4096];
        for (int i = 0; i < yv.length; i++) {
            yv[i] = (i * 31) % 1000;
        }
        Tensor x = Tensor.of(xv, DType.FLOAT32, Device.CPU, 4096, 1000).requiresGrad_(true);
        Tensor y = Tensor.of(yv, 4096);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        int n = 40;
        long b0 = 0;
        long c0 = 0;
        for (int i = 0; i < 2 * n; i++) {
            if (i == n) {
                b0 = t.getThreadAllocatedBytes(me);
                c0 = t.getCurrentThreadCpuTime();
            }
            Tensor loss = ce.forward(x, y);
            x.clearGrad();
            loss.backward();
        }
        System.out.printf("cross-entropy [4096,1000] fwd+bwd: %d bytes/call, %.2f ms CPU/call%n",
                (t.getThreadAllocatedBytes(me) - b0) / n, (t.getCurrentThreadCpuTime() - c0) / 1e6 / n);
        Sequential m = new Sequential(new Linear(784, 256, true, g, DType.FLOAT32, Device.CPU), new ReLU(),
                new Linear(256, 10, true, g, DType.FLOAT32, Device.CPU));
        Adam opt = new Adam(m.parameters(), 1e-3);
        double[] iv = new double[64 * 784];
        for (int i = 0; i < iv.length; i++) {
            iv[i] = (i % 255) / 255.0;
        }
        Tensor in = Tensor.of(iv, DType.FLOAT32, Device.CPU, 64, 784);
        Tensor lab = Tensor.of(java.util.Arrays.copyOf(yv, 64), 64).remainder(10L);
        int k = 400;
        for (int i = 0; i < 2 * k; i++) {
            if (i == k) {
                b0 = t.getThreadAllocatedBytes(me);
                c0 = t.getCurrentThreadCpuTime();
            }
            Tensor loss = ce.forward(m.forward(in), lab);
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }
        System.out.printf("MLP 784-256-10 batch 64 CE+Adam step: %d bytes/step, %.1f us CPU/step%n",
                (t.getThreadAllocatedBytes(me) - b0) / k, (t.getCurrentThreadCpuTime() - c0) / 1e3 / k);
    }
}

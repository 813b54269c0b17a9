import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.MemoryScope;
import org.grad4j.Tensor;
import org.grad4j.nn.Linear;
import org.grad4j.nn.MSELoss;
import org.grad4j.optim.SGD;

/**
 * One training step of {@code Linear(1024, 1024)}, batch 256, per {@code run()}: forward, MSE, zeroGrad, backward,
 * SGD (RoundHarness's wide row). Compiled against one jar and loaded once per jar by StepBeforeAfter.
 */
public class StepRunner implements Runnable {
    private final Linear layer;
    private final SGD opt;
    private final MSELoss loss = new MSELoss();
    private final Tensor x;
    private final Tensor y;

    public StepRunner(String dt) {
        DType d = dt.equals("f32") ? DType.FLOAT32 : DType.FLOAT64;
        Generator g = new Generator(0);
        layer = new Linear(1024, 1024, true, g, d, Device.CPU);
        opt = new SGD(layer.parameters(), 0.1);
        x = Tensor.randn(g, 256, 1024).to(d);
        y = Tensor.randn(g, 256, 1024).to(d);
    }

    @Override
    public void run() {
        try (MemoryScope ignored = MemoryScope.open()) {
            Tensor l = loss.forward(layer.forward(x), y);
            opt.zeroGrad();
            l.backward();
            opt.step();
        }
    }
}

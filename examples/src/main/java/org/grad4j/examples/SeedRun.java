package org.grad4j.examples;

import java.io.PrintStream;
import java.util.Map;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradCheck;
import org.grad4j.autograd.GradMode;
import org.grad4j.format.NumpyFormat;
import org.grad4j.format.PythonFloat;
import org.grad4j.nn.Linear;
import org.grad4j.nn.MSELoss;
import org.grad4j.nn.Module;
import org.grad4j.optim.SGD;

/**
 * The forum thread's program, line for line: a one-neuron linear regression trained with
 * {@code Linear}, {@code MSELoss} and {@code SGD} in float64 (it prints what PyTorch printed), then the
 * thread's hand-written NumPy-style neuron that forgot the factor 2 of d(MSE)/d(pred), then the
 * corrected neuron, and finally {@link GradCheck} catching the missing factor.
 *
 * <p>Runs on the device named by {@code -Dgrad4j.device} (default {@code cpu}).
 */
public final class SeedRun {
    private SeedRun() {
    }

    /** The thread's {@code Net}: one {@code Linear} layer named {@code fc}. */
    static final class Net extends Module {
        final Linear fc;

        Net(int nFeature, int nHidden) {
            fc = registerModule("fc", new Linear(nFeature, nHidden, true));
        }

        /** A float64 net on {@code device}, initialised from its own generator (the caller sets the weights). */
        Net(int nFeature, int nHidden, Device device) {
            fc = registerModule("fc", new Linear(nFeature, nHidden, true, new Generator(0), DType.FLOAT64, device));
        }

        @Override
        public Tensor forward(Tensor x) {
            return fc.forward(x);
        }
    }

    /**
     * Runs all four parts on the configured device, printing to standard output.
     *
     * @param args none; {@code --help} prints the usage
     */
    public static void main(String[] args) {
        if (Args.forMain(new Args.Options("SeedRun", "The forum thread's one-neuron regression, as PyTorch printed it."),
                args, System.out) != null) {
            run(System.out);
        }
    }

    /**
     * Runs all four parts, printing to {@code out}.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        // The thread's torch.set_default_tensor_type(torch.DoubleTensor), undone afterwards so that
        // callers in the same JVM (tests) keep their default.
        DType previous = Tensor.defaultDType();
        Tensor.setDefaultDType(DType.FLOAT64);
        try {
            out.println(">>> torch:");
            trainTorch(out);
            out.println(">>> numpy:");
            trainByHand(out, false);
            out.println(">>> numpy, corrected (grad_y = 2 * (output - gt)):");
            trainByHand(out, true);
            out.println(">>> gradcheck of the hand-written gradient:");
            ThreadNeuron.checkHandWrittenGradient(out, false);
            ThreadNeuron.checkHandWrittenGradient(out, true);
        } finally {
            Tensor.setDefaultDType(previous);
        }
    }

    private static void trainTorch(PrintStream out) {
        Net net = new Net(1, 1);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            net.fc.weight().set(0.3, 0, 0);
            net.fc.bias().set(0.1, 0);
        }
        for (Map.Entry<String, Tensor> e : net.namedParameters().entrySet()) {
            if (e.getValue().requiresGrad()) {
                // The thread ran on the CPU. The host copy prints its lines on every device; a GPU
                // tensor's own repr ends with device='cuda:0', as PyTorch's does.
                out.println(e.getKey() + " " + e.getValue().detach().to(Device.CPU));
            }
        }
        SGD optimizer = new SGD(net.parameters(), 0.1);
        MSELoss lossFunc = new MSELoss();
        Tensor[] data = ThreadNeuron.trainData();
        double[] xs = data[0].toDoubleArray();
        double[] ys = data[1].toDoubleArray();
        for (int i = 0; i < xs.length; i++) {
            Tensor gt = Tensor.tensor(ys[i]).unsqueeze(1);
            Tensor input = Tensor.tensor(xs[i]).unsqueeze(1);
            Tensor output = net.forward(input);
            Tensor loss = lossFunc.forward(output, gt);
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
            out.println("input: " + PythonFloat.repr(input.get(0, 0)) + " pred: " + PythonFloat.repr(output.get(0, 0))
                    + " loss: " + numpy(loss) + " w: " + numpy(net.fc.weight()) + " b: " + numpy(net.fc.bias()));
        }
    }

    private static String numpy(Tensor t) {
        return NumpyFormat.str(t);
    }

    /**
     * The thread's {@code Neuron}: forward {@code y = x*w + b}, loss {@code (y - gt)^2}, and a
     * hand-written backward whose {@code grad_y} is {@code y - gt} (the bug) or {@code 2 (y - gt)}.
     */
    private static void trainByHand(PrintStream out, boolean corrected) {
        Device device = Device.fromSystemProperty();
        Tensor w = Tensor.full(new int[] {1, 1}, ThreadNeuron.W0, DType.FLOAT64, device);
        Tensor b = Tensor.full(new int[] {1, 1}, ThreadNeuron.B0, DType.FLOAT64, device);
        double lr = ThreadNeuron.LR;
        out.println("fc.weight: " + numpy(w));
        out.println("fc.bias: " + numpy(b));
        Tensor[] data = ThreadNeuron.trainData();
        double[] xs = data[0].toDoubleArray();
        double[] ys = data[1].toDoubleArray();
        for (int i = 0; i < xs.length; i++) {
            double x = xs[i];
            double gt = ys[i];
            Tensor output = w.mul(x).add(b);
            Tensor loss = output.sub(gt).pow(2.0);
            Tensor gradY = ThreadNeuron.gradPred(output, gt, corrected);
            w.sub_(gradY.mul(x).mul(lr));
            b.sub_(gradY.mul(lr));
            out.println("input: " + PythonFloat.repr(x) + " gt: pred: " + numpy(output) + " loss: " + numpy(loss)
                    + " w: " + numpy(w) + " b: " + numpy(b));
        }
    }
}

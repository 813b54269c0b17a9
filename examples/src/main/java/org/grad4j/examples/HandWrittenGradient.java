package org.grad4j.examples;

import java.io.PrintStream;
import java.util.Locale;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradCheck;
import org.grad4j.autograd.GradMode;
import org.grad4j.nn.MSELoss;

/**
 * The forum thread's neuron, gradients side by side: for each of its three samples, at its initial
 * parameters (w = 0.3, b = 0.1), autograd's d(loss)/dw and d(loss)/db (a {@code Linear} layer and
 * {@code MSELoss}, as in the thread's PyTorch code) next to the thread's hand-written gradients
 * ({@code grad_y = output - gt}) and the corrected ones ({@code grad_y = 2 * (output - gt)}). The
 * ratio column shows the missing factor 2. Then {@link GradCheck} finds the same mistake without
 * any reference implementation: the numerical Jacobian of the loss disagrees with the hand-written
 * backward.
 *
 * <p>Run: {@code mvn -B -ntp -q package -DskipTests -Dexample=HandWrittenGradient}
 * (add {@code -Dgrad4j.device=cuda} for the GPU).
 */
public final class HandWrittenGradient {
    private HandWrittenGradient() {
    }

    /**
     * Prints the comparison to standard output.
     *
     * @param args none; {@code --help} prints the usage
     */
    public static void main(String[] args) {
        if (Args.forMain(new Args.Options("HandWrittenGradient", "Autograd's gradients next to hand-written ones."),
                args, System.out) != null) {
            run(System.out);
        }
    }

    /**
     * Prints the comparison to {@code out}.
     *
     * @param out where to print
     * @return the largest ratio autograd / thread's hand-written gradient over all samples and both
     *         parameters where the hand-written one is non-zero (2 up to rounding: the missing factor)
     */
    static double run(PrintStream out) {
        Device device = Device.fromSystemProperty();
        Tensor[] data = ThreadNeuron.trainData();
        double[] xs = data[0].toDoubleArray();
        double[] ys = data[1].toDoubleArray();
        out.println("Neuron y = x*w + b at w = " + ThreadNeuron.W0 + ", b = " + ThreadNeuron.B0
                + ", loss = (y - gt)^2, float64 on " + device);
        out.println(String.format(Locale.ROOT, "%5s %4s %6s | %-12s %-12s %-12s %5s", "x", "gt", "param",
                "autograd", "thread", "corrected", "ratio"));
        double maxRatio = 0;
        for (int i = 0; i < xs.length; i++) {
            double[] autograd = autogradGradients(device, xs[i], ys[i]);
            double[] thread = handWrittenGradients(device, xs[i], ys[i], false);
            double[] corrected = handWrittenGradients(device, xs[i], ys[i], true);
            String[] names = {"dL/dw", "dL/db"};
            for (int p = 0; p < 2; p++) {
                double ratio = autograd[p] / thread[p];
                String ratioText = thread[p] == 0 ? "-" : String.format(Locale.ROOT, "%.3f", ratio);
                if (thread[p] != 0) {
                    maxRatio = Math.max(maxRatio, ratio);
                }
                out.println(String.format(Locale.ROOT, "%5.1f %4.1f %6s | %-12.6f %-12.6f %-12.6f %5s", xs[i], ys[i],
                        names[p], autograd[p], thread[p], corrected[p], ratioText));
            }
        }
        out.println("autograd equals the corrected hand-written gradient; the thread's is half of it.");
        out.println("gradcheck (finite differences against each hand-written backward):");
        ThreadNeuron.checkHandWrittenGradient(out, false);
        ThreadNeuron.checkHandWrittenGradient(out, true);
        return maxRatio;
    }

    /** d(loss)/dw and d(loss)/db by autograd through the thread's {@code Net} and {@code MSELoss}. */
    static double[] autogradGradients(Device device, double x, double gt) {
        SeedRun.Net net = new SeedRun.Net(1, 1, device);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            net.fc.weight().set(ThreadNeuron.W0, 0, 0);
            net.fc.bias().set(ThreadNeuron.B0, 0);
        }
        Tensor input = Tensor.of(new double[] {x}, DType.FLOAT64, device, 1, 1);
        Tensor target = Tensor.of(new double[] {gt}, DType.FLOAT64, device, 1, 1);
        new MSELoss().forward(net.forward(input), target).backward();
        return new double[] {net.fc.weight().grad().item(), net.fc.bias().grad().item()};
    }

    /** d(loss)/dw and d(loss)/db as the thread's {@code Neuron.backward} computes them. */
    static double[] handWrittenGradients(Device device, double x, double gt, boolean corrected) {
        Tensor w = Tensor.full(new int[] {1, 1}, ThreadNeuron.W0, DType.FLOAT64, device);
        Tensor b = Tensor.full(new int[] {1, 1}, ThreadNeuron.B0, DType.FLOAT64, device);
        Tensor output = w.mul(x).add(b);
        Tensor gradY = ThreadNeuron.gradPred(output, gt, corrected);
        return new double[] {gradY.mul(x).item(), gradY.item()};
    }
}

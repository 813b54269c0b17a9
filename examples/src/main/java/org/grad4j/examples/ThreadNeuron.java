package org.grad4j.examples;

import java.io.PrintStream;

import org.grad4j.AutogradFunction;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradCheck;

/**
 * What {@link SeedRun} and {@link HandWrittenGradient} share: the forum thread's data, its
 * hand-written NumPy-style neuron ({@code y = x*w + b}, loss {@code (y - gt)^2}) and the
 * {@link GradCheck} that catches its missing factor 2.
 */
final class ThreadNeuron {
    /** The thread's initial weight. */
    static final double W0 = 0.3;
    /** The thread's initial bias. */
    static final double B0 = 0.1;
    /** The thread's learning rate. */
    static final double LR = 0.1;

    private ThreadNeuron() {
    }

    /** X = linspace(-1, 1, 3), Y = 2 X + 3, as the thread's {@code get_train_data}. */
    static Tensor[] trainData() {
        Tensor x = Tensor.linspace(-1.0, 1.0, 3);
        return new Tensor[] {x, x.mul(2.0).add(3.0)};
    }

    /**
     * The hand-written d(loss)/d(pred): {@code pred - gt} as in the thread (the bug: the factor 2 of
     * d(pred - gt)^2 is missing) or {@code 2 (pred - gt)} when {@code corrected}.
     */
    static Tensor gradPred(Tensor pred, double gt, boolean corrected) {
        Tensor diff = pred.sub(gt);
        return corrected ? diff.mul(2.0) : diff;
    }

    /** The hand-written neuron as a differentiable function of (w, b), for {@link GradCheck}. */
    static final class HandWrittenNeuronLoss extends AutogradFunction {
        private final double x;
        private final double gt;
        private final boolean corrected;

        HandWrittenNeuronLoss(double x, double gt, boolean corrected) {
            this.x = x;
            this.gt = gt;
            this.corrected = corrected;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... wb) {
            Tensor output = wb[0].mul(x).add(wb[1]);
            ctx.saveForBackward(output);
            return output.sub(gt).pow(2.0);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor gradLoss) {
            Tensor gradY = gradPred(ctx.saved(0), gt, corrected).mul(gradLoss);
            return new Tensor[] {gradY.mul(x), gradY};
        }
    }

    /**
     * Runs {@link GradCheck#gradcheck} on the hand-written neuron at the thread's first sample
     * (x = -1, gt = 1) and prints one line: passed, or the first and last line of the failure.
     *
     * @return whether gradcheck passed
     */
    static boolean checkHandWrittenGradient(PrintStream out, boolean corrected) {
        Device device = Device.fromSystemProperty();
        Tensor w = Tensor.full(new int[] {1, 1}, W0, DType.FLOAT64, device).requiresGrad_(true);
        Tensor b = Tensor.full(new int[] {1, 1}, B0, DType.FLOAT64, device).requiresGrad_(true);
        HandWrittenNeuronLoss fn = new HandWrittenNeuronLoss(-1.0, 1.0, corrected);
        String label = corrected ? "grad_y = 2 * (output - gt)" : "grad_y = output - gt";
        try {
            GradCheck.gradcheck(in -> fn.apply(in), w, b);
            out.println(label + ": gradcheck passed");
            return true;
        } catch (GradCheck.GradcheckError e) {
            String[] lines = e.getMessage().split("\n");
            out.println(label + ": gradcheck FAILED: " + lines[0] + " " + lines[lines.length - 1]);
            return false;
        }
    }
}

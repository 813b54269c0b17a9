package org.grad4j.examples;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.nn.Linear;
import org.grad4j.nn.MSELoss;
import org.grad4j.nn.Sequential;
import org.grad4j.nn.Tanh;
import org.grad4j.optim.SGD;

/**
 * A two-layer perceptron, {@code Sequential(Linear(1, hidden), Tanh(), Linear(hidden, 1))}, learns
 * {@code y = sin(x)} on [-pi, pi] (a line cannot) with full-batch SGD and momentum. Prints the loss
 * as it drops, then a few predictions next to {@code sin(x)}.
 *
 * <p>Run: {@code mvn -B -ntp -q package -DskipTests -Dexample=TwoLayerMlp} (the GPU with
 * {@code -Dgrad4j.device=cuda}). Options: {@code --epochs=N} (1500), {@code --hidden=N} (32),
 * {@code --lr=X} (0.05), {@code --momentum=X} (0.9), {@code --seed=N} (0).
 */
public final class TwoLayerMlp {
    /** Number of training points, evenly spaced on [-pi, pi]. */
    static final int POINTS = 128;

    private TwoLayerMlp() {
    }

    /**
     * Trains with the options in {@code args}, printing to standard output.
     *
     * @param args options such as {@code --epochs=3000}
     */
    public static void main(String[] args) {
        Args.runMain(OPTIONS, args, parsed -> run(parsed, System.out));
    }

    /** The options {@code --help} lists. */
    static final Args.Options OPTIONS = new Args.Options("TwoLayerMlp", "Fits sin(x) with Linear(1, H) -> Tanh -> Linear(H, 1).")
            .add("epochs", "N", "full-batch steps (1500)")
            .add("hidden", "N", "hidden width H (32)")
            .add("lr", "X", "learning rate (0.05)")
            .add("momentum", "X", "SGD momentum (0.9)")
            .add("seed", "N", "generator seed (0)");

    /** Trains and returns the mean loss of every epoch (one full-batch step each). */
    static List<Double> run(Args args, PrintStream out) {
        int epochs = args.integer("epochs", 1500);
        int hidden = args.integer("hidden", 32);
        double lr = args.real("lr", 0.05);
        double momentum = args.real("momentum", 0.9);
        Generator generator = new Generator(args.integer("seed", 0));
        Device device = Device.fromSystemProperty();
        DType dtype = DType.FLOAT32;

        double[] xs = new double[POINTS];
        double[] ys = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            xs[i] = -Math.PI + 2 * Math.PI * i / (POINTS - 1);
            ys[i] = Math.sin(xs[i]);
        }
        Tensor x = Tensor.of(xs, dtype, device, POINTS, 1);
        Tensor y = Tensor.of(ys, dtype, device, POINTS, 1);

        Sequential model = new Sequential(
                new Linear(1, hidden, true, generator, dtype, device),
                new Tanh(),
                new Linear(hidden, 1, true, generator, dtype, device));
        SGD optimizer = SGD.builder(model.parameters(), lr).momentum(momentum).build();
        MSELoss lossFn = new MSELoss();
        out.println("TwoLayerMlp: y = sin(x) on [-pi, pi], " + POINTS + " points, Linear(1, " + hidden
                + ") - Tanh - Linear(" + hidden + ", 1), SGD lr " + lr + " momentum " + momentum + ", "
                + dtype.torchName() + " on " + device);

        TrainingLog log = new TrainingLog(out, epochs, Math.max(1, epochs / 10));
        for (int epoch = 0; epoch < epochs; epoch++) {
            Tensor loss = lossFn.forward(model.forward(x), y);
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
            log.step(loss.item());
            log.endEpoch();
        }

        out.println("     x   sin(x)   model");
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor pred = model.forward(x);
            for (int i = 0; i < POINTS; i += POINTS / 8) {
                out.println(String.format(Locale.ROOT, "%6.3f  %7.4f  %7.4f", xs[i], ys[i], pred.get(i, 0)));
            }
        }
        return log.epochLosses();
    }
}

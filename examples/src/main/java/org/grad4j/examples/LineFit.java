package org.grad4j.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.nn.Linear;
import org.grad4j.nn.MSELoss;
import org.grad4j.optim.SGD;

/**
 * Fits a line to noisy data with mini-batch SGD: {@code y = 2 x + 3 + noise}, x uniform in [-1, 1],
 * Gaussian noise with standard deviation 0.3, all drawn from a seeded {@link Generator}, so every
 * run prints the same numbers. Prints a progress line per epoch (epoch, mean loss, steps/s, ETA)
 * and writes the loss curve to {@code loss.csv} and {@code loss.png} in the output folder.
 *
 * <p>Run: {@code mvn -B -ntp -q package -DskipTests -Dexample=LineFit} (arguments with
 * {@code -Dexec.args="--epochs=50 --out=/tmp/linefit"}, the GPU with {@code -Dgrad4j.device=cuda}).
 * Options: {@code --epochs=N} (20), {@code --batch=N} (32), {@code --samples=N} (1024),
 * {@code --lr=X} (0.05), {@code --seed=N} (0), {@code --out=DIR} ({@code target/linefit}).
 */
public final class LineFit {
    /** The slope the data is drawn with. */
    static final double TRUE_W = 2.0;
    /** The intercept the data is drawn with. */
    static final double TRUE_B = 3.0;
    /** Standard deviation of the noise. */
    static final double NOISE = 0.3;

    private LineFit() {
    }

    /** What a run learned and wrote. */
    record Result(double w, double b, List<Double> epochLosses, Path csv, Path png) {
    }

    /**
     * Runs with the options in {@code args}, printing to standard output.
     *
     * @param args options such as {@code --epochs=50 --out=DIR}
     */
    public static void main(String[] args) {
        Args.runMain(OPTIONS, args, parsed -> run(parsed, System.out));
    }

    /** The options {@code --help} lists. */
    static final Args.Options OPTIONS = new Args.Options("LineFit", "Fits y = 2x + 3 + noise with mini-batch SGD.")
            .add("epochs", "N", "passes over the data (20)")
            .add("batch", "N", "mini-batch size (32)")
            .add("samples", "N", "number of samples (1024)")
            .add("lr", "X", "learning rate (0.05)")
            .add("seed", "N", "generator seed (0)")
            .add("out", "DIR", "where loss.csv and loss.png go (target/linefit)");

    /** Trains and writes the curve; see the class comment for the options. */
    static Result run(Args args, PrintStream out) {
        int epochs = args.integer("epochs", 20);
        int batch = args.integer("batch", 32);
        int samples = args.integer("samples", 1024);
        double lr = args.real("lr", 0.05);
        long seed = args.integer("seed", 0);
        Path dir = Path.of(args.text("out", "target/linefit"));
        Device device = Device.fromSystemProperty();
        DType dtype = DType.FLOAT32;

        Generator generator = new Generator(seed);
        double[] x = new double[samples];
        double[] noise = new double[samples];
        generator.uniform(x, -1.0, 1.0);
        generator.normal(noise, 0.0, NOISE);
        double[] y = new double[samples];
        for (int i = 0; i < samples; i++) {
            y[i] = TRUE_W * x[i] + TRUE_B + noise[i];
        }

        Linear model = new Linear(1, 1, true, generator, dtype, device);
        MSELoss lossFn = new MSELoss();
        SGD optimizer = new SGD(model.parameters(), lr);
        out.println("LineFit: y = " + TRUE_W + " x + " + TRUE_B + " + N(0, " + NOISE + "^2), " + samples
                + " samples, batch " + batch + ", SGD lr " + lr + ", " + dtype.torchName() + " on " + device);

        int[] order = new int[samples];
        for (int i = 0; i < samples; i++) {
            order[i] = i;
        }
        double[] shuffle = new double[samples];
        TrainingLog log = new TrainingLog(out, epochs, 1);
        for (int epoch = 0; epoch < epochs; epoch++) {
            // a fresh permutation per epoch (Fisher-Yates), like DataLoader(shuffle=True)
            generator.uniform(shuffle, 0.0, 1.0);
            for (int i = samples - 1; i > 0; i--) {
                int j = Math.min(i, (int) (shuffle[i] * (i + 1)));
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int startIndex = 0; startIndex < samples; startIndex += batch) {
                int n = Math.min(batch, samples - startIndex);
                double[] bx = new double[n];
                double[] by = new double[n];
                for (int k = 0; k < n; k++) {
                    bx[k] = x[order[startIndex + k]];
                    by[k] = y[order[startIndex + k]];
                }
                Tensor input = Tensor.of(bx, dtype, device, n, 1);
                Tensor target = Tensor.of(by, dtype, device, n, 1);
                Tensor loss = lossFn.forward(model.forward(input), target);
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
                log.step(loss.item());
            }
            log.endEpoch();
        }
        double w = model.weight().item();
        double b = model.bias().item();
        out.println(String.format(java.util.Locale.ROOT, "learned w = %.4f (true %.1f), b = %.4f (true %.1f)", w,
                TRUE_W, b, TRUE_B));
        boolean imaging = log.writeFiles("LineFit", dir, null, "LineFit: MSE loss, batch " + batch + ", lr " + lr, out);
        return new Result(w, b, log.epochLosses(), dir.resolve("loss.csv"), imaging ? dir.resolve("loss.png") : null);
    }
}

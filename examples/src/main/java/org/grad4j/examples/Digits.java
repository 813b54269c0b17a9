package org.grad4j.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.MemoryScope;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.nn.CrossEntropyLoss;
import org.grad4j.nn.Dropout;
import org.grad4j.nn.Linear;
import org.grad4j.nn.Module;
import org.grad4j.nn.ReLU;
import org.grad4j.nn.Sequential;
import org.grad4j.optim.AdamW;
import org.grad4j.optim.lrscheduler.CosineAnnealingLR;
import org.grad4j.train.MetricsLog;
import org.grad4j.data.DataLoader;
import org.grad4j.data.Dataset;
import org.grad4j.data.Subset;
import org.grad4j.data.TensorDataset;
import org.knowm.xchart.XYChart;

/**
 * Classifies the 8x8 handwritten digits (1,797 images, UCI "Optical Recognition of Handwritten Digits", the
 * copy scikit-learn ships; see {@code digits-NOTICE.txt} next to {@code digits.csv.gz}) with an MLP,
 * {@code Linear(64, 128) -> ReLU -> Dropout(0.2) -> Linear(128, 10)}, trained with {@code CrossEntropyLoss},
 * {@code AdamW} and a cosine learning-rate schedule over shuffled batches of 32 from a {@code DataLoader}.
 *
 * <p>The pixels (counts 0..16) are divided by 16, which is exact in float32 and float64, so the features
 * lie in [0, 1]; the labels are int64. The data set is split 1,438 / 359 (80/20, PyTorch's
 * {@code random_split} lengths) with a generator seeded with {@code --seed}; the model's initial values and
 * its dropout masks come from a second generator with that seed, the batch order from a third one seeded
 * with {@code seed + 1}, as PyTorch draws them: {@code tools/golden/digits_torch.py} runs the same program in
 * PyTorch 1.13 from the same split, weights, batch order and masks; in float64 every step's loss agrees within
 * 1e-12 relative (a few ulps: the log-softmax rounds differently) and every test prediction is the same
 * (DigitsTest). The default dtype is float32, PyTorch's default. Each step and each evaluation runs in a
 * {@code MemoryScope}, so its tensors' memory is reused by the next one instead of left to the garbage collector.
 *
 * <p>Prints a progress line per epoch (loss, steps/s, ETA, learning rate, test accuracy), then
 * {@code test accuracy: 97.2%} and the test set's confusion matrix, and writes {@code loss.csv} (per step),
 * {@code metrics.csv} (per epoch: loss, learning rate, train and test accuracy), {@code loss.png} (per step and
 * per epoch) and {@code accuracy.png} (train and test, per epoch) to the output folder.
 *
 * <p>Run: {@code mvn -B -ntp -q package -DskipTests -Dexample=Digits} (arguments with
 * {@code -Dexec.args="--epochs=10 --out=/tmp/digits"}, the GPU with {@code -Dgrad4j.device=cuda}).
 */
public final class Digits {
    /** Number of images in the data set. */
    static final int IMAGES = 1797;
    /** Pixels per image (8x8). */
    static final int PIXELS = 64;
    /** Number of classes. */
    static final int CLASSES = 10;
    /** Training images: PyTorch's {@code random_split(.., [0.8, 0.2])} gives 1,438 / 359. */
    static final int TRAIN = 1438;
    /** The resource holding the data set: one image per line, 64 pixel counts then the label. */
    static final String RESOURCE = "digits.csv.gz";

    private Digits() {
    }

    /** What a run learned and wrote. */
    record Result(List<Double> stepLosses, List<Double> epochLosses, List<Double> learningRates, int[] testCorrect, int testSize,
            long[][] confusion, double seconds, Path csv, Path metricsCsv, Path lossPng, Path accuracyPng) {
        /** The final test accuracy, in [0, 1]. */
        double testAccuracy() {
            return (double) testCorrect[testCorrect.length - 1] / testSize;
        }
    }

    /** The data set as tensors: features {@code [1797, 64]} in [0, 1], labels {@code [1797]} int64. */
    record Data(Tensor features, Tensor labels) {
    }

    /**
     * Runs with the options in {@code args}, printing to standard output.
     *
     * @param args options such as {@code --epochs=10 --out=DIR}
     */
    public static void main(String[] args) {
        Args.runMain(OPTIONS, args, parsed -> run(parsed, System.out));
    }

    /** The options {@code --help} lists. */
    static final Args.Options OPTIONS = new Args.Options("Digits",
            "Classifies the 8x8 handwritten digits with Linear(64, 128) -> ReLU -> Dropout -> Linear(128, 10).")
            .add("epochs", "N", "passes over the training set; also the cosine schedule's T_max (30)")
            .add("batch", "N", "mini-batch size (32)")
            .add("hidden", "N", "hidden width (128)")
            .add("dropout", "P", "dropout probability (0.2)")
            .add("lr", "X", "AdamW's initial learning rate (0.003)")
            .add("weight-decay", "X", "AdamW's weight decay (0.01)")
            .add("seed", "N", "seed of the split, the initial weights and dropout; the batch order uses seed + 1 (0)")
            .add("dtype", "T", "float32 or float64 (float32)")
            .add("out", "DIR", "where loss.csv, metrics.csv, loss.png and accuracy.png go (target/digits)");

    /** Trains, evaluates and writes the curves; see the class comment. */
    static Result run(Args args, PrintStream out) {
        int epochs = positive(args.integer("epochs", 30), "epochs");
        int batch = positive(args.integer("batch", 32), "batch");
        int hidden = positive(args.integer("hidden", 128), "hidden");
        double dropout = args.real("dropout", 0.2);
        double lr = args.real("lr", 0.003);
        double weightDecay = args.real("weight-decay", 0.01);
        long seed = args.integer("seed", 0);
        DType dtype = dtype(args.text("dtype", "float32"));
        Path dir = Path.of(args.text("out", "target/digits"));
        Device device = Device.fromSystemProperty();

        long start = System.nanoTime();
        List<Subset<Tensor[]>> split = split(load(dtype, device), seed);
        Subset<Tensor[]> train = split.get(0);
        Subset<Tensor[]> test = split.get(1);

        Sequential model = model(hidden, dropout, new Generator(seed), dtype, device);
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        AdamW optimizer = AdamW.builder(model.parameters()).lr(lr).weightDecay(weightDecay).build();
        CosineAnnealingLR scheduler = new CosineAnnealingLR(optimizer, epochs);
        DataLoader loader = new DataLoader(train, batch, true, false, new Generator(seed + 1));
        // the whole test set as one batch, in the split's order
        Tensor[] testBatch = new DataLoader(test, test.size(), false, false, new Generator(seed)).iterator().next();
        long[] testLabels = testBatch[1].toLongArray();

        out.println("Digits: " + train.size() + " training and " + test.size() + " test images, MLP 64 -> " + hidden
                + " -> 10 (dropout " + dropout + "), AdamW lr " + lr + " with a cosine schedule, batch " + batch + ", "
                + dtype.torchName() + " on " + device);
        TrainingLog log = new TrainingLog(out, epochs, 1);
        MetricsLog metrics = new MetricsLog("epoch", "loss", "lr", "train_accuracy", "test_accuracy");
        List<Double> rates = new ArrayList<>();
        int[] testCorrect = new int[epochs];
        double[] trainAccuracy = new double[epochs];
        long[] predictions = null;
        for (int epoch = 0; epoch < epochs; epoch++) {
            model.train();
            double rate = optimizer.paramGroups().get(0).lr();
            rates.add(rate);
            long seen = 0;
            long right = 0;
            for (Iterator<Tensor[]> batches = loader.iterator(); batches.hasNext(); ) {
                // The step's tensors (the batch, activations, the loss) go back to the backend when the scope
                // closes, as PyTorch frees them with their last reference; gradients and AdamW's state are kept.
                try (MemoryScope step = MemoryScope.open()) {
                    Tensor[] b = batches.next();
                    Tensor x = b[0];
                    Tensor y = b[1];
                    Tensor logits = model.forward(x);
                    Tensor loss = lossFn.forward(logits, y);
                    optimizer.zeroGrad();
                    loss.backward();
                    optimizer.step();
                    log.step(loss.item());
                    right += correct(logits.detach().argmax(1, false).toLongArray(), y.toLongArray());
                    seen += y.size(0);
                }
            }
            scheduler.step();
            trainAccuracy[epoch] = (double) right / seen;
            predictions = predict(model, testBatch[0]);
            testCorrect[epoch] = endEpoch(log, metrics, epoch, rate, trainAccuracy[epoch], predictions, testLabels);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[][] confusion = report(out, seconds, testCorrect[epochs - 1], testLabels, predictions);

        boolean imaging = log.writeFiles("Digits", dir, metrics,
                "Digits: cross-entropy loss, batch " + batch + ", AdamW lr " + lr + " (cosine)", out,
                new TrainingLog.Chart("accuracy.png",
                        file -> writeAccuracyPng(file, trainAccuracy, testCorrect, testLabels.length)));
        return new Result(log.stepLosses(), log.epochLosses(), List.copyOf(rates), testCorrect, testLabels.length, confusion, seconds,
                dir.resolve("loss.csv"), dir.resolve("metrics.csv"), imaging ? dir.resolve("loss.png") : null,
                imaging ? dir.resolve("accuracy.png") : null);
    }

    /**
     * Ends an epoch of {@link #run} and of {@code SparkDigits}: the progress line (learning rate, train and test
     * accuracy) and the row of {@code metrics.csv}.
     *
     * @return how many of {@code predictions} match {@code testLabels}
     */
    static int endEpoch(TrainingLog log, MetricsLog metrics, int epoch, double rate, double trainAccuracy,
            long[] predictions, long[] testLabels) {
        int testCorrect = correct(predictions, testLabels);
        double testAccuracy = (double) testCorrect / testLabels.length;
        log.endEpoch(String.format(Locale.ROOT, "lr %.2e  train %.1f%%  test %.1f%%", rate, 100.0 * trainAccuracy,
                100.0 * testAccuracy));
        List<Double> losses = log.epochLosses();
        metrics.add(epoch + 1, losses.get(losses.size() - 1), rate, trainAccuracy, testAccuracy);
        return testCorrect;
    }

    /**
     * Prints the training time, the final test accuracy and the confusion matrix.
     *
     * @return the confusion matrix
     */
    static long[][] report(PrintStream out, double seconds, int testCorrect, long[] testLabels, long[] predictions) {
        long[][] confusion = confusion(testLabels, predictions);
        out.println(String.format(Locale.ROOT, "trained in %.1f s", seconds));
        out.println(String.format(Locale.ROOT, "test accuracy: %.1f%%", 100.0 * testCorrect / testLabels.length));
        out.print(formatConfusion(confusion));
        return confusion;
    }

    /** The 1,438 / 359 split of {@code data}, drawn as PyTorch's {@code random_split} with {@code seed}. */
    static List<Subset<Tensor[]>> split(Data data, long seed) {
        TensorDataset all = new TensorDataset(data.features(), data.labels());
        return Dataset.randomSplit(all, new int[] {TRAIN, IMAGES - TRAIN}, new Generator(seed));
    }

    /**
     * {@code Linear(64, hidden) -> ReLU -> Dropout(dropout) -> Linear(hidden, 10)}; {@code generator} gives the
     * initial values (in PyTorch's order: weight, bias, weight, bias) and then the dropout masks, as PyTorch's
     * default generator does after {@code torch.manual_seed(seed)}.
     */
    static Sequential model(int hidden, double dropout, Generator generator, DType dtype, Device device) {
        return new Sequential(
                new Linear(PIXELS, hidden, true, generator, dtype, device),
                new ReLU(),
                new Dropout(dropout, false, generator),
                new Linear(hidden, CLASSES, true, generator, dtype, device));
    }

    static int positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException("--" + name + ": expected a positive integer, got " + value);
        }
        return value;
    }

    static DType dtype(String name) {
        return switch (name) {
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            default -> throw new IllegalArgumentException("--dtype: expected float32 or float64, got '" + name + "'");
        };
    }

    /** The predicted class of each row of {@code features}, in evaluation mode (no dropout, no graph). */
    static long[] predict(Module model, Tensor features) {
        model.eval();
        try (MemoryScope scope = MemoryScope.open(); GradMode.Scope ignored = GradMode.noGrad()) {
            return model.forward(features).argmax(1, false).toLongArray();
        } finally {
            model.train();
        }
    }

    static int correct(long[] predicted, long[] labels) {
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            n += predicted[i] == labels[i] ? 1 : 0;
        }
        return n;
    }

    /** Counts per (true digit, predicted digit). */
    static long[][] confusion(long[] labels, long[] predicted) {
        long[][] m = new long[CLASSES][CLASSES];
        for (int i = 0; i < labels.length; i++) {
            m[(int) labels[i]][(int) predicted[i]]++;
        }
        return m;
    }

    /** The confusion matrix as a table: a row per true digit, a column per predicted digit. */
    static String formatConfusion(long[][] m) {
        StringBuilder sb = new StringBuilder("confusion matrix (rows: true digit, columns: predicted)\n      ");
        for (int p = 0; p < CLASSES; p++) {
            sb.append(String.format(Locale.ROOT, "%4d", p));
        }
        sb.append('\n');
        for (int t = 0; t < CLASSES; t++) {
            sb.append(String.format(Locale.ROOT, "  %d : ", t));
            for (int p = 0; p < CLASSES; p++) {
                sb.append(m[t][p] == 0 && p != t ? "   ." : String.format(Locale.ROOT, "%4d", m[t][p]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Reads the data set from the class path: features {@code [1797, 64]} (pixel counts divided by 16) in
     * {@code dtype}, labels {@code [1797]} int64, both on {@code device}.
     */
    static Data load(DType dtype, Device device) {
        InputStream raw = Digits.class.getResourceAsStream(RESOURCE);
        if (raw == null) {
            throw new IllegalStateException("Digits: the data set " + RESOURCE + " is missing from the class path "
                    + "(examples/src/main/resources/org/grad4j/examples)");
        }
        byte[] text;
        try (InputStream in = new GZIPInputStream(raw)) {
            text = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("Digits: cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
        double[] features = new double[IMAGES * PIXELS];
        long[] labels = new long[IMAGES];
        parse(text, features, labels);
        return new Data(Tensor.of(features, dtype, device, IMAGES, PIXELS), Tensor.of(labels, IMAGES).to(device));
    }

    /**
     * Parses the CSV's bytes into {@code features} (pixel counts / 16) and {@code labels}: one image per line
     * ({@code \n}, {@code \r\n} or {@code \r}), 64 pixel counts then the label, blank lines skipped, blanks
     * around a value allowed. One loop over the bytes rather than a String per line and a parse per cell: it
     * runs once, mostly in the interpreter, where the String route cost ~0.1 s of the example's time.
     */
    static void parse(byte[] text, double[] features, long[] labels) {
        int row = 0;
        int pos = 0;
        while (pos < text.length) {
            int end = pos;
            boolean blank = true;
            int cellCount = 1;
            while (end < text.length && text[end] != '\n' && text[end] != '\r') {
                blank &= text[end] <= ' ';
                cellCount += text[end] == ',' ? 1 : 0;
                end++;
            }
            if (!blank) {
                if (row >= IMAGES || cellCount != PIXELS + 1) {
                    throw new IllegalStateException("Digits: " + RESOURCE + " line " + (row + 1) + ": expected " + IMAGES
                            + " lines of " + (PIXELS + 1) + " values, got " + cellCount + " values");
                }
                int start = pos;
                for (int j = 0; j <= PIXELS; j++) {
                    int stop = start;
                    while (stop < end && text[stop] != ',') {
                        stop++;
                    }
                    int v = parseCell(text, start, stop, row);
                    start = stop + 1;
                    if (v < 0 || v > (j < PIXELS ? 16 : CLASSES - 1)) {
                        throw new IllegalStateException("Digits: " + RESOURCE + " line " + (row + 1) + " column " + (j + 1)
                                + ": value " + v + " out of range");
                    }
                    if (j < PIXELS) {
                        features[row * PIXELS + j] = v / 16.0;
                    } else {
                        labels[row] = v;
                    }
                }
                row++;
            }
            pos = end < text.length && text[end] == '\r' && end + 1 < text.length && text[end + 1] == '\n' ? end + 2 : end + 1;
        }
        if (row != IMAGES) {
            throw new IllegalStateException("Digits: " + RESOURCE + " has " + row + " images, expected " + IMAGES);
        }
    }

    /**
     * The decimal integer in {@code text[start, end)}, surrounding blanks allowed, like
     * {@code Integer.parseInt(cell.trim())} (a sign, then digits); an oversized one comes back as
     * {@code Integer.MAX_VALUE}, which the caller's range check refuses.
     */
    private static int parseCell(byte[] text, int start, int end, int row) {
        while (start < end && text[start] <= ' ') {
            start++;
        }
        while (end > start && text[end - 1] <= ' ') {
            end--;
        }
        boolean negative = start < end && text[start] == '-';
        int i = start < end && (text[start] == '-' || text[start] == '+') ? start + 1 : start;
        if (i == end) {
            throw badCell(text, start, end, row);
        }
        long v = 0;
        for (; i < end; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) {
                throw badCell(text, start, end, row);
            }
            v = Math.min(v * 10 + digit, Integer.MAX_VALUE);
        }
        return (int) (negative ? -v : v);
    }

    private static IllegalStateException badCell(byte[] text, int start, int end, int row) {
        return new IllegalStateException("Digits: cannot read " + RESOURCE + ": line " + (row + 1) + ": not an integer: \""
                + new String(text, start, end - start, StandardCharsets.US_ASCII) + "\"");
    }

    /** Train (dropout on, per batch as trained) and test accuracy per epoch, as an 800x500 PNG. */
    private static void writeAccuracyPng(Path file, double[] train, int[] testCorrect, int testSize) throws IOException {
        double[] x = new double[train.length];
        double[] trainPct = new double[train.length];
        double[] testPct = new double[train.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
            trainPct[i] = 100 * train[i];
            testPct[i] = 100.0 * testCorrect[i] / testSize;
        }
        XYChart chart = TrainingLog.epochChart("Digits: accuracy per epoch", "accuracy (%)");
        chart.getStyler().setXAxisDecimalPattern("0");
        TrainingLog.writeTwoSeries(file, chart, "train (with dropout)", x, trainPct, "test", x, testPct);
    }
}

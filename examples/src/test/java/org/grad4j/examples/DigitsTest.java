package org.grad4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import javax.imageio.ImageIO;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.data.DataLoader;
import org.grad4j.data.Dataset;
import org.grad4j.data.Subset;
import org.grad4j.data.TensorDataset;
import org.grad4j.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitsTest {
    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    @Test
    void loadsTheDataSet() {
        Digits.Data d = Digits.load(DType.FLOAT64, Device.CPU);
        assertArrayEquals(new int[] {1797, 64}, d.features().shape());
        assertArrayEquals(new int[] {1797}, d.labels().shape());
        assertEquals(DType.INT64, d.labels().dtype());
        double[] x = d.features().toDoubleArray();
        for (double v : x) {
            assertTrue(v >= 0 && v <= 1 && v * 16 == Math.rint(v * 16), "pixel/16: " + v);
        }
        int[] counts = new int[10];
        for (long label : d.labels().toLongArray()) {
            counts[(int) label]++;
        }
        for (int c : counts) {
            assertTrue(c > 170 && c < 190, Arrays.toString(counts));   // the classes are balanced
        }
        // the first image is a zero: its first row is 0 0 5 13 9 1 0 0 (the file's first line)
        assertEquals(0, d.labels().toLongArray()[0]);
        assertArrayEquals(new double[] {0, 0, 5 / 16.0, 13 / 16.0, 9 / 16.0, 1 / 16.0, 0, 0}, Arrays.copyOf(x, 8));
        assertEquals(DType.FLOAT32, Digits.load(DType.FLOAT32, Device.CPU).features().dtype());
    }

    /** The byte parser reads what a line-and-String reader of the same file reads, and refuses bad files. */
    @Test
    void parsesTheCsvLikeALineReader() throws IOException {
        byte[] text;
        try (InputStream raw = Digits.class.getResourceAsStream(Digits.RESOURCE)) {
            text = new GZIPInputStream(raw).readAllBytes();
        }
        double[] wantX = new double[Digits.IMAGES * Digits.PIXELS];
        long[] wantY = new long[Digits.IMAGES];
        int row = 0;
        for (String line : new String(text, StandardCharsets.US_ASCII).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",");
            for (int j = 0; j < Digits.PIXELS; j++) {
                wantX[row * Digits.PIXELS + j] = Integer.parseInt(cells[j].trim()) / 16.0;
            }
            wantY[row++] = Integer.parseInt(cells[Digits.PIXELS].trim());
        }
        double[] x = new double[wantX.length];
        long[] y = new long[wantY.length];
        Digits.parse(text, x, y);
        assertArrayEquals(wantX, x);
        assertArrayEquals(wantY, y);
        // CRLF and lone CR line ends, blank lines, blanks around values, a + sign: the same values
        String crlf = new String(text, StandardCharsets.US_ASCII).replace("\n", "\r\n").replaceFirst("\r\n", " \r\r\n  \r\n")
                .replaceFirst("0,", " +0 ,");
        Digits.parse(crlf.getBytes(StandardCharsets.US_ASCII), x, y);
        assertArrayEquals(wantX, x);
        assertArrayEquals(wantY, y);
        String first = new String(text, StandardCharsets.US_ASCII);
        assertEquals("Digits: digits.csv.gz line 1 column 3: value 17 out of range", assertThrows(IllegalStateException.class,
                () -> Digits.parse(first.replaceFirst("0,0,5,", "0,0,17,").getBytes(StandardCharsets.US_ASCII), x, y))
                .getMessage());
        assertEquals("Digits: cannot read digits.csv.gz: line 1: not an integer: \"5x\"", assertThrows(IllegalStateException.class,
                () -> Digits.parse(first.replaceFirst("0,0,5,", "0,0,5x,").getBytes(StandardCharsets.US_ASCII), x, y))
                .getMessage());
        assertEquals("Digits: digits.csv.gz line 1: expected 1797 lines of 65 values, got 64 values",
                assertThrows(IllegalStateException.class, () -> Digits.parse(
                        first.replaceFirst("0,0,5,", "0,5,").getBytes(StandardCharsets.US_ASCII), x, y)).getMessage());
        assertEquals("Digits: digits.csv.gz has 1796 images, expected 1797", assertThrows(IllegalStateException.class,
                () -> Digits.parse(first.substring(first.indexOf('\n') + 1).getBytes(StandardCharsets.US_ASCII), x, y))
                .getMessage());
        assertEquals("Digits: digits.csv.gz line 1798: expected 1797 lines of 65 values, got 65 values",
                assertThrows(IllegalStateException.class, () -> Digits.parse((first + first.substring(0, first.indexOf('\n')))
                        .getBytes(StandardCharsets.US_ASCII), x, y)).getMessage());
    }

    @Test
    void shortRunPrintsProgressAccuracyAndConfusionAndWritesCurves(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Digits.Result r = Digits.run(new Args(Digits.OPTIONS, "--epochs=3", "--out=" + dir),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        String[] lines = text.split("\n");

        long progress = Arrays.stream(lines).filter(l -> l.matches(
                "epoch [1-3]/3  loss \\d+\\.\\d{6}  \\d+ steps/s  ETA (\\d+\\.\\d s|\\?|\\d+:\\d\\d)  lr \\d\\.\\d\\de-\\d\\d  train \\d+\\.\\d%  test \\d+\\.\\d%"))
                .count();
        assertEquals(3, progress, text);
        List<Double> losses = r.epochLosses();
        assertEquals(3, losses.size());
        assertTrue(losses.get(2) < losses.get(0) / 2, "the loss should drop: " + losses);
        assertTrue(r.testAccuracy() > 0.85, "after 3 epochs: " + r.testAccuracy());
        String expected = String.format(java.util.Locale.ROOT, "test accuracy: %.1f%%", 100 * r.testAccuracy());
        assertTrue(Arrays.asList(lines).contains(expected), text);
        assertTrue(text.contains("confusion matrix (rows: true digit, columns: predicted)"), text);

        assertEquals(359, r.testSize());
        long total = 0;
        long diagonal = 0;
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                total += r.confusion()[t][p];
            }
            diagonal += r.confusion()[t][t];
        }
        assertEquals(359, total);
        assertEquals(r.testCorrect()[2], diagonal);
        assertEquals(1 + 3 * 45, java.nio.file.Files.readAllLines(r.csv()).size(), "45 steps per epoch");
        List<String> metrics = java.nio.file.Files.readAllLines(r.metricsCsv());
        assertEquals("epoch,loss,lr,train_accuracy,test_accuracy", metrics.get(0));
        assertEquals(4, metrics.size());
        assertEquals(r.epochLosses().get(2), Double.parseDouble(metrics.get(3).split(",")[1]));
        assertEquals((double) r.testCorrect()[2] / 359, Double.parseDouble(metrics.get(3).split(",")[4]));
        if (ModuleLayer.boot().findModule("java.desktop").isPresent()) {
            for (Path png : new Path[] {r.lossPng(), r.accuracyPng()}) {
                BufferedImage image = ImageIO.read(png.toFile());
                assertNotNull(image, "not a readable image: " + png);
                assertEquals(800, image.getWidth());
                assertEquals(500, image.getHeight());
            }
        }
    }

    @Test
    void rejectsBadOptions() {
        assertThrows(IllegalArgumentException.class, () -> new Args(Digits.OPTIONS, "--epoch=3"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Digits.run(new Args(Digits.OPTIONS, "--dtype=float16"), quiet()));
        assertTrue(e.getMessage().contains("float32 or float64"), e.getMessage());
    }

    /**
     * The whole default run in float64 against PyTorch 1.13 (tools/golden/digits_torch.py, reference BLAS):
     * from the same split, initial weights, batch order and dropout masks, every step's loss and every epoch's
     * mean loss are PyTorch's to the bit (1,350 steps and 30 epochs: exp and log are SLEEF's, the log-softmax
     * rows sum in PyTorch's lane order), and so are the learning rates, the test images classified right after
     * every epoch and the final confusion matrix.
     */
    @Test
    void float64RunMatchesPyTorch(@TempDir Path dir) throws IOException {
        Map<String, List<String>> golden = golden();
        Digits.Result r = Digits.run(new Args(Digits.OPTIONS, "--dtype=float64", "--out=" + dir), quiet());
        List<String> epochLines = golden.get("epoch");
        List<String> stepLines = golden.get("steps");
        int epochs = epochLines.size();
        assertEquals(30, epochs);
        assertEquals(epochs, r.epochLosses().size());
        List<Double> steps = r.stepLosses();
        assertEquals(stepLines.stream().mapToInt(l -> l.split(" ").length - 1).sum(), steps.size(), "number of steps");
        int s = 0;
        for (int e = 0; e < epochs; e++) {
            String[] f = epochLines.get(e).split(" ");   // N order H lr X loss X correct N
            String[] torchSteps = stepLines.get(e).split(" ");
            for (int k = 1; k < torchSteps.length; k++, s++) {
                assertEquals(Double.parseDouble(torchSteps[k]), steps.get(s), "epoch " + (e + 1) + ", step " + k + ": loss");
            }
            assertEquals(Double.parseDouble(f[4]), r.learningRates().get(e), "epoch " + (e + 1) + ": learning rate");
            assertEquals(Double.parseDouble(f[6]), r.epochLosses().get(e), "epoch " + (e + 1) + ": mean loss");
            assertEquals(Integer.parseInt(f[8]), r.testCorrect()[e], "epoch " + (e + 1) + ": test images right");
        }
        assertTrue(r.testAccuracy() >= 0.96, "test accuracy " + r.testAccuracy());
        List<String> confusion = golden.get("confusion");
        for (int t = 0; t < 10; t++) {
            long[] row = Arrays.stream(confusion.get(t).split(" ")).skip(1).mapToLong(Long::parseLong).toArray();
            assertArrayEquals(row, r.confusion()[t], "confusion row " + t);
        }
    }


    /**
     * What the float64 comparison starts from, checked apart so that a difference there is named: the split,
     * the initial parameters and each epoch's batch order equal PyTorch's (hashes in the golden file).
     */
    @Test
    void startsFromPyTorchsSplitWeightsAndBatchOrder() throws IOException {
        Map<String, List<String>> golden = golden();
        long[] rows = new long[Digits.IMAGES];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        TensorDataset index = new TensorDataset(Tensor.of(rows, rows.length));
        List<Subset<Tensor[]>> split = Dataset.randomSplit(index, new int[] {Digits.TRAIN, Digits.IMAGES - Digits.TRAIN},
                new Generator(0));
        assertEquals(golden.get("split_train").get(0), fnv(Arrays.stream(split.get(0).indices()).asLongStream().toArray()));
        assertEquals(golden.get("split_test").get(0), fnv(Arrays.stream(split.get(1).indices()).asLongStream().toArray()));

        Sequential model = Digits.model(128, 0.2, new Generator(0), DType.FLOAT64, Device.CPU);
        assertEquals(golden.get("init").get(0), fnv(model.parameters()), "initial parameters");

        DataLoader loader = new DataLoader(split.get(0), 32, true, false, new Generator(1));
        List<String> epochs = golden.get("epoch");
        for (int e = 0; e < epochs.size(); e++) {
            List<Long> order = new ArrayList<>();
            for (Tensor[] b : loader) {
                for (long r : b[0].toLongArray()) {
                    order.add(r);
                }
            }
            assertEquals(epochs.get(e).split(" ")[2], fnv(order.stream().mapToLong(Long::longValue).toArray()),
                    "epoch " + (e + 1) + ": batch order");
        }
    }

    /** Lines of the golden file by their first word (the rest of the line, in file order). */
    private static Map<String, List<String>> golden() throws IOException {
        Map<String, List<String>> byKey = new HashMap<>();
        try (InputStream raw = DigitsTest.class.getResourceAsStream("/golden/digits_torch.txt.gz")) {
            assertNotNull(raw, "golden/digits_torch.txt.gz: run /usr/bin/python3 tools/golden/digits_torch.py");
            BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int space = line.indexOf(' ');
                byKey.computeIfAbsent(line.substring(0, space), k -> new ArrayList<>()).add(line.substring(space + 1));
            }
        }
        return byKey;
    }

    static String fnv(long[] words) {
        long h = 0xcbf29ce484222325L;
        for (long w : words) {
            h = (h ^ w) * 0x100000001b3L;
        }
        return String.format("%016x", h);
    }

    static String fnv(List<Tensor> tensors) {
        List<Long> words = new ArrayList<>();
        for (Tensor t : tensors) {
            for (double v : t.toDoubleArray()) {
                words.add(Double.doubleToRawLongBits(v));
            }
        }
        return fnv(words.stream().mapToLong(Long::longValue).toArray());
    }
}

package org.grad4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SparkDigits on local[2]: a short run (2 epochs, global batch 64: 46 Spark jobs, to keep CI short) prints Digits' kind
 * of lines and learns. The full default run (97.5% against Digits' 97.2%) takes minutes: see the class comment.
 */
class SparkDigitsTest {
    @Test
    void shortRunPrintsDigitsLinesAndLearns(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SparkDigits.Result r = SparkDigits.run(new Args(SparkDigits.OPTIONS, "--epochs=2", "--batch=64", "--out=" + dir),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        String[] lines = text.split("\n");

        assertTrue(lines[0].startsWith("SparkDigits: 1438 training and 359 test images, MLP 64 -> 128 -> 10, AdamW lr "
                + "0.003 with a cosine schedule, batch 64 (32 per partition), torch.float32 on Spark 4.0.1 local[2], "
                + "2 partitions"), lines[0]);
        long progress = Arrays.stream(lines).filter(l -> l.matches(
                "epoch [1-2]/2  loss \\d+\\.\\d{6}  \\d+ steps/s  ETA (\\d+\\.\\d s|\\?|\\d+:\\d\\d)  lr \\d\\.\\d\\de-\\d\\d  train \\d+\\.\\d%  test \\d+\\.\\d%"))
                .count();
        assertEquals(2, progress, text);
        assertTrue(text.contains("lr 3.00e-03"), "the first epoch runs at the initial rate: " + text);
        assertTrue(text.contains("lr 1.50e-03"), "the second at the cosine schedule's half: " + text);
        List<Double> losses = r.epochLosses();
        assertEquals(2, losses.size());
        assertTrue(losses.get(1) < 0.7 * losses.get(0), "the loss should drop: " + losses);
        assertTrue(r.testAccuracy() > 0.8, "after 2 epochs of 23 steps: " + r.testAccuracy());
        String expected = String.format(java.util.Locale.ROOT, "test accuracy: %.1f%%", 100 * r.testAccuracy());
        assertTrue(Arrays.asList(lines).contains(expected), text);
        assertTrue(text.contains("confusion matrix (rows: true digit, columns: predicted)"), text);
        long diagonal = 0;
        for (int t = 0; t < 10; t++) {
            diagonal += r.confusion()[t][t];
        }
        assertEquals(r.testCorrect()[1], diagonal);

        assertEquals(1 + 2 * 23, Files.readAllLines(r.csv()).size(), "23 steps of 64 rows per epoch");
        List<String> metrics = Files.readAllLines(r.metricsCsv());
        assertEquals("epoch,loss,lr,train_accuracy,test_accuracy", metrics.get(0));
        assertEquals(3, metrics.size());
        assertEquals(r.epochLosses().get(1), Double.parseDouble(metrics.get(2).split(",")[1]));

        // the direct exchange (one barrier job) trains to the same bits
        ByteArrayOutputStream directBytes = new ByteArrayOutputStream();
        SparkDigits.Result direct = SparkDigits.run(new Args(SparkDigits.OPTIONS, "--epochs=2", "--batch=64",
                "--exchange=direct", "--out=" + dir.resolve("direct")), new PrintStream(directBytes, true,
                StandardCharsets.UTF_8));
        assertTrue(directBytes.toString(StandardCharsets.UTF_8).split("\n")[0].endsWith("2 partitions, direct exchange"));
        assertEquals(r.stepLosses(), direct.stepLosses(), "every step's loss, bit for bit");
        assertArrayEquals(r.testCorrect(), direct.testCorrect());
    }

    @Test
    void rejectsABatchThePartitionsCannotShare() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkDigits.run(
                new Args(SparkDigits.OPTIONS, "--batch=33"), new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("multiple of --partitions (2), got 33"), e.getMessage());
    }
}

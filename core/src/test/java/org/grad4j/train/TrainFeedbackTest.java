package org.grad4j.train;

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
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ProgressLine and MetricsLog, with a fake clock (no timing in tests). */
class TrainFeedbackTest {
    private long now;

    private ProgressLine line(ByteArrayOutputStream bytes, int epochs, int every, boolean inPlace) {
        ProgressLine p = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), epochs, every, inPlace);
        p.clock = () -> now;
        return p;
    }

    /** One epoch of {@code steps} steps, each taking {@code nanos}, all with loss {@code loss}. */
    private double epoch(ProgressLine p, int steps, long nanos, double loss) {
        p.startEpoch();
        for (int i = 0; i < steps; i++) {
            now += nanos;
            p.step(loss);
        }
        return p.endEpoch();
    }

    @Test
    void etaUsesTheWarmStepsNotAColdAverage() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLine p = line(bytes, 100, 10, false);
        p.startEpoch();
        // A JIT-cold first half (100 ms per step), then warm steps (1 ms per step).
        for (int i = 0; i < 10; i++) {
            now += 100_000_000L;
            p.step(2.0);
        }
        for (int i = 0; i < 10; i++) {
            now += 1_000_000L;
            p.step(1.0);
        }
        assertEquals(1.5, p.endEpoch(), 0.0);
        // Warm rate 1000 steps/s: 99 epochs x 20 steps = 1.98 s, not 99 x 1.01 s.
        assertEquals("epoch   1/100  loss 1.500000  1000 steps/s  ETA 2.0 s" + System.lineSeparator(),
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void oneStepEpochsForgetTheColdFirstStep() {
        // TwoLayerMlp's shape: one full-batch step per epoch; the first step 500 ms (cold), then 1 ms.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLine p = line(bytes, 100, 10, false);
        epoch(p, 1, 500_000_000L, 1.0);
        for (int e = 2; e <= 10; e++) {
            epoch(p, 1, 1_000_000L, 1.0);
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split(System.lineSeparator());
        assertEquals("epoch   1/100  loss 1.000000  2 steps/s  ETA ?", lines[0]);
        assertEquals("epoch  10/100  loss 1.000000  1000 steps/s  ETA 0.1 s", lines[1]);
    }

    @Test
    void plainLinesEveryNEpochsAndInPlaceOnATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLine p = line(bytes, 4, 2, false);
        for (int e = 0; e < 4; e++) {
            epoch(p, 2, 500_000_000L, e + 1);
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split(System.lineSeparator());
        assertEquals(3, lines.length);   // epochs 1, 2 and 4
        assertEquals("epoch 1/4  loss 1.000000  2 steps/s  ETA ?", lines[0]);   // 2 cold steps: no estimate yet
        assertEquals("epoch 2/4  loss 2.000000  2 steps/s  ETA 2.0 s", lines[1]);
        assertEquals("epoch 4/4  loss 4.000000  2 steps/s  ETA 0.0 s", lines[2]);
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0), p.epochLosses());

        bytes.reset();
        p = line(bytes, 2, 5, true);
        epoch(p, 1, 1_000_000_000L, 0.5);
        p.startEpoch();
        now += 1_000_000_000L;
        p.step(0.25);
        p.endEpoch("acc 97.2%");
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals("\repoch 1/2  loss 0.500000  1 steps/s  ETA ?"
                + "\repoch 2/2  loss 0.250000  1 steps/s  ETA 0.0 s  acc 97.2%" + System.lineSeparator(), out);
    }

    @Test
    void durationsAndErrors() {
        assertEquals("59.9 s", ProgressLine.duration(59.94));
        assertEquals("2:05", ProgressLine.duration(125));
        assertEquals("1:01:01", ProgressLine.duration(3661));
        assertThrows(IllegalArgumentException.class, () -> new ProgressLine(0));
        assertThrows(IllegalArgumentException.class, () -> new ProgressLine(null, 3, 1, false));
        ProgressLine p = line(new ByteArrayOutputStream(), 3, 1, false);
        assertTrue(Double.isNaN(p.endEpoch()));
    }

    @Test
    void metricsLogWritesCsvThatReadsBackExactly(@TempDir Path dir) throws IOException {
        MetricsLog log = new MetricsLog("epoch", "loss", "accuracy");
        log.add(1, 0.1 + 0.2, 0.5);
        log.add(2, Double.NaN, 1);
        Path file = dir.resolve("sub/metrics.csv");
        log.writeCsv(file);
        assertEquals(List.of("epoch,loss,accuracy", "1,0.30000000000000004,0.5", "2,nan,1"), Files.readAllLines(file));
        assertArrayEquals(new double[] {0.5, 1}, log.column("accuracy"), 0.0);
        assertEquals(2, log.size());
        assertThrows(IllegalArgumentException.class, () -> log.add(1, 2));
        assertThrows(IllegalArgumentException.class, () -> log.column("acc"));
        assertThrows(IllegalArgumentException.class, () -> new MetricsLog());
        assertThrows(IllegalArgumentException.class, () -> new MetricsLog("a,b"));
        assertThrows(IllegalArgumentException.class, () -> new MetricsLog("a", "a"));
    }
}

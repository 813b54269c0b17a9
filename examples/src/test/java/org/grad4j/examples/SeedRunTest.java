package org.grad4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** SeedRun against the output of the thread's script under real PyTorch 1.13 (tools/golden/seed_thread.py). */
class SeedRunTest {
    private static List<String> run() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SeedRun.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return Arrays.asList(bytes.toString(StandardCharsets.UTF_8).split("\n", -1));
    }

    private static List<String> golden() throws IOException {
        try (InputStream in = SeedRunTest.class.getResourceAsStream("/golden/seed_thread_output.txt")) {
            return Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1));
        }
    }

    @Test
    void printsWhatPyTorchAndNumPyPrintedLineForLine() throws IOException {
        List<String> expected = golden();
        List<String> actual = run();
        // The golden file ends with a newline: its last element is empty. Compare the thread's part.
        assertEquals(expected.subList(0, expected.size() - 1), actual.subList(0, expected.size() - 1));
    }

    @Test
    void correctedNeuronMatchesTorchAndGradcheckCatchesTheMissingFactorTwo() {
        List<String> lines = run();
        int corrected = lines.indexOf(">>> numpy, corrected (grad_y = 2 * (output - gt)):");
        assertTrue(corrected > 0, "corrected section missing");
        assertEquals("input: 1.0 gt: pred: [[0.932]] loss: [[16.548624]] w: [[0.8736]] b: [[1.6856]]", lines.get(corrected + 5));
        int check = lines.indexOf(">>> gradcheck of the hand-written gradient:");
        assertTrue(lines.get(check + 1).startsWith("grad_y = output - gt: gradcheck FAILED: Jacobian mismatch for output 0 "
                + "with respect to input 0"), lines.get(check + 1));
        assertTrue(lines.get(check + 1).contains("numerical 2.3999999997359467, analytical 1.2"), lines.get(check + 1));
        assertEquals("grad_y = 2 * (output - gt): gradcheck passed", lines.get(check + 2));
    }
}

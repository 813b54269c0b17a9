package org.grad4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.grad4j.Device;
import org.junit.jupiter.api.Test;

class HandWrittenGradientTest {
    @Test
    void autogradIsTwiceTheThreadsGradientAndEqualsTheCorrectedOne() {
        Device cpu = Device.CPU;
        for (double x : new double[] {-1.0, 1.0}) {
            double gt = 2 * x + 3;
            double[] autograd = HandWrittenGradient.autogradGradients(cpu, x, gt);
            double[] thread = HandWrittenGradient.handWrittenGradients(cpu, x, gt, false);
            double[] corrected = HandWrittenGradient.handWrittenGradients(cpu, x, gt, true);
            assertArrayEquals(corrected, autograd, 1e-15);
            assertEquals(2 * thread[0], autograd[0], 1e-15);
            assertEquals(2 * thread[1], autograd[1], 1e-15);
        }
        // the thread's first step: pred = -0.2, gt = 1: dL/db = 2 (pred - gt) = -2.4
        assertEquals(-2.4, HandWrittenGradient.autogradGradients(cpu, -1.0, 1.0)[1], 1e-15);
    }

    @Test
    void printsTheTableAndGradcheckCatchesTheMissingFactor() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        double ratio = HandWrittenGradient.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals(2.0, ratio, 1e-12);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("grad_y = output - gt: gradcheck FAILED: Jacobian mismatch"), out);
        assertTrue(out.contains("grad_y = 2 * (output - gt): gradcheck passed"), out);
        assertTrue(out.contains("2.000"), out);
    }
}

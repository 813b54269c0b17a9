package org.grad4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class DiagnosticsTest {
    @Test
    void listsBothBackendsWithTheirStatus() {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            Diagnostics.main(new String[0]);
        } finally {
            System.setOut(old);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("\n  cpu [org.grad4j.cpu.CpuBackendProvider] available: "), out);
        // the CUDA provider is on the examples' class path; usable or not, it reports a status
        assertTrue(out.matches("(?s).*\n  cuda \\[[\\w.]+\\] (available|unavailable): .+"), out);
        assertTrue(out.contains("Default device: "), out);
    }
}

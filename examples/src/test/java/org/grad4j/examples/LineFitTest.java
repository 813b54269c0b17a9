package org.grad4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineFitTest {
    @Test
    void learnsTheLineAndWritesTheCurve(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LineFit.Result r = LineFit.run(new Args(LineFit.OPTIONS, "--epochs=4", "--out=" + dir), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");

        assertEquals(2.0, r.w(), 0.05, "slope");
        assertEquals(3.0, r.b(), 0.05, "intercept");
        List<Double> losses = r.epochLosses();
        assertEquals(4, losses.size());
        assertTrue(losses.get(3) < losses.get(0) / 5, "loss should drop: " + losses);
        assertEquals(LineFit.NOISE * LineFit.NOISE, losses.get(3), 0.03, "final loss is about the noise variance");

        long progress = java.util.Arrays.stream(lines)
                .filter(l -> l.matches("epoch [1-4]/4  loss \\d+\\.\\d{6}  \\d+ steps/s  ETA (\\d+\\.\\d s|\\?)")).count();
        assertEquals(4, progress, String.join("\n", lines));

        List<String> csv = Files.readAllLines(r.csv());
        assertEquals("epoch,step,loss", csv.get(0));
        assertEquals(1 + 4 * 1024 / 32, csv.size());
        assertTrue(csv.get(csv.size() - 1).startsWith("4,128,"), csv.get(csv.size() - 1));

        if (ModuleLayer.boot().findModule("java.desktop").isPresent()) {
            assertPng(r.png());
        } else {
            assertNull(r.png(), "no PNG without java.desktop");
        }
    }

    private static void assertPng(Path file) throws IOException {
        BufferedImage png = ImageIO.read(file.toFile());
        assertNotNull(png, "not a readable image: " + file);
        assertEquals(800, png.getWidth());
        assertEquals(500, png.getHeight());
    }

    @Test
    void isReproducible(@TempDir Path dir) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        LineFit.Result a = LineFit.run(new Args(LineFit.OPTIONS, "--epochs=1", "--out=" + dir.resolve("a")), quiet);
        LineFit.Result b = LineFit.run(new Args(LineFit.OPTIONS, "--epochs=1", "--out=" + dir.resolve("b")), quiet);
        assertEquals(a.w(), b.w());
        assertEquals(a.epochLosses(), b.epochLosses());
    }
}

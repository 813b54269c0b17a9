package org.grad4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ArgsTest {
    @Test
    void unknownOptionFailsAndNamesTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Args(LineFit.OPTIONS, "--epoch=50"));
        assertEquals("LineFit: unknown option --epoch; valid options: --epochs, --batch, --samples, --lr, --seed, --out, --help",
                e.getMessage());
        IllegalArgumentException bare = assertThrows(IllegalArgumentException.class, () -> new Args(Soak.OPTIONS, "1000"));
        assertTrue(bare.getMessage().contains("expected options as --name=value, got '1000'"), bare.getMessage());
    }

    @Test
    void helpPrintsTheUsage() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertNull(Args.forMain(TwoLayerMlp.OPTIONS, new String[] {"--help"}, new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        String usage = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(usage.startsWith("Usage: TwoLayerMlp [options]\n"), usage);
        assertTrue(usage.contains("  --epochs=N"), usage);
        assertTrue(usage.contains("full-batch steps (1500)"), usage);
        assertTrue(usage.contains("-Dexample=TwoLayerMlp"), usage);
    }

    @Test
    void knownOptionsAreRead() {
        Args a = new Args(Soak.OPTIONS, "--seed-steps=10", "--device=cpu");
        assertEquals(10, a.integer("seed-steps", 1));
        assertEquals(10_000, a.integer("wide-steps", 10_000));
        assertEquals("cpu", a.text("device", null));
        assertThrows(IllegalArgumentException.class, () -> new Args(Soak.OPTIONS, "--seed-steps=x").integer("seed-steps", 1));
    }
}

package org.grad4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class TwoLayerMlpTest {
    @Test
    void lossDropsOnSine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Double> losses = TwoLayerMlp.run(new Args(TwoLayerMlp.OPTIONS, "--epochs=300"), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals(300, losses.size());
        double first = losses.get(0);
        double last = losses.get(losses.size() - 1);
        // a straight line cannot get below about 0.1 on sin over [-pi, pi]; the MLP must
        assertTrue(last < 0.01, "final loss " + last);
        assertTrue(last < first / 50, "first " + first + ", last " + last);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("epoch 300/300  loss "), out);
        assertTrue(out.contains("     x   sin(x)   model"), out);
    }
}

package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.grad4j.nn.Conv2d;
import org.grad4j.nn.Linear;
import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.junit.jupiter.api.Test;

/** nn.Linear's and nn.Conv2d's initial parameters equal PyTorch's after the same manual_seed (golden data: tools/golden/rng_golden.py). */
public abstract class LinearInitConformance extends DeviceConformance {
    @Test
    void linearInitIsBitForBitPyTorchs() throws IOException {
        JsonNode golden;
        try (InputStream in = LinearInitConformance.class.getResourceAsStream("/golden/rng.json")) {
            golden = new ObjectMapper().readTree(in);
        }
        int cases = 0;
        for (JsonNode c : golden.get("linear")) {
            int in = c.get("in_features").asInt();
            int out = c.get("out_features").asInt();
            Linear layer = new Linear(in, out, true, new Generator(c.get("seed").asLong()), DType.FLOAT32, dev());
            float[] w = layer.weight().toFloatArray();
            float[] b = layer.bias().toFloatArray();
            assertEquals(c.get("weight").size(), w.length);
            // Lazy messages: printing the case (thousands of values) per element made this test take minutes.
            for (int i = 0; i < w.length; i++) {
                int at = i;
                assertEquals(c.get("weight").get(i).asInt(), Float.floatToRawIntBits(w[i]), () -> "weight[" + at + "] of " + c);
            }
            for (int i = 0; i < b.length; i++) {
                int at = i;
                assertEquals(c.get("bias").get(i).asInt(), Float.floatToRawIntBits(b[i]), () -> "bias[" + at + "] of " + c);
            }
            cases++;
        }
        assertTrue(cases >= 3, "expected golden Linear cases, found " + cases);
    }

    @Test
    void conv2dInitIsBitForBitPyTorchs() throws IOException {
        JsonNode golden;
        try (InputStream in = LinearInitConformance.class.getResourceAsStream("/golden/rng.json")) {
            golden = new ObjectMapper().readTree(in);
        }
        int cases = 0;
        for (JsonNode c : golden.get("conv2d")) {
            Conv2d layer = new Conv2d(c.get("in_channels").asInt(), c.get("out_channels").asInt(),
                    Golden.ints(c.get("kernel")), new int[] {1}, new int[] {0}, new int[] {1}, c.get("groups").asInt(),
                    true, new Generator(c.get("seed").asLong()), DType.FLOAT32, dev());
            float[] w = layer.weight().toFloatArray();
            float[] b = layer.bias().toFloatArray();
            assertEquals(c.get("weight").size(), w.length, () -> "weight size of " + c);
            for (int i = 0; i < w.length; i++) {
                int at = i;
                assertEquals(c.get("weight").get(i).asInt(), Float.floatToRawIntBits(w[i]), () -> "weight[" + at + "] of " + c);
            }
            for (int i = 0; i < b.length; i++) {
                int at = i;
                assertEquals(c.get("bias").get(i).asInt(), Float.floatToRawIntBits(b[i]), () -> "bias[" + at + "] of " + c);
            }
            cases++;
        }
        assertTrue(cases >= 3, "expected golden Conv2d cases, found " + cases);
    }
}

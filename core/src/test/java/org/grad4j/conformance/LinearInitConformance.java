package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.grad4j.nn.Conv2d;
import org.grad4j.nn.Init;
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
            assertBits(c, "weight", layer.weight());
            assertBits(c, "bias", layer.bias());
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
            assertBits(c, "weight", layer.weight());
            assertBits(c, "bias", layer.bias());
            cases++;
        }
        assertTrue(cases >= 3, "expected golden Conv2d cases, found " + cases);
    }

    /** nn.init's refusals (non-floating tensors, bounds, std) with PyTorch's words; the tensor stays unchanged. */
    @Test
    void initRefusesAsPyTorchDoes() throws IOException {
        JsonNode golden;
        try (InputStream in = LinearInitConformance.class.getResourceAsStream("/golden/rng.json")) {
            golden = new ObjectMapper().readTree(in);
        }
        int cases = 0;
        for (JsonNode c : golden.get("init_errors")) {
            DType dtype = DType.valueOf(c.get("dtype").asText().toUpperCase(java.util.Locale.ROOT));
            org.grad4j.Tensor t = org.grad4j.Tensor.zeros(Golden.ints(c.get("shape")), dtype).to(dev());
            double[] args = new double[c.get("args").size()];
            for (int i = 0; i < args.length; i++) {
                String a = c.get("args").get(i).asText();
                args[i] = a.equals("nan") ? Double.NaN : a.equals("inf") ? Double.POSITIVE_INFINITY
                        : a.equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(a);
            }
            Generator g = new Generator(1);
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> {
                        switch (c.get("fn").asText()) {
                            case "uniform_" -> Init.uniform_(t, args[0], args[1], g);
                            case "normal_" -> Init.normal_(t, args[0], args[1], g);
                            case "kaiming_uniform_" -> Init.kaimingUniform_(t, 0, "fan_in", "leaky_relu", g);
                            case "kaiming_normal_" -> Init.kaimingNormal_(t, 0, "fan_in", "leaky_relu", g);
                            case "xavier_uniform_" -> Init.xavierUniform_(t, 1.0, g);
                            default -> throw new AssertionError(c.toString());
                        }
                    }, c.toString());
            String want = c.get("message").asText();
            assertTrue(e.getMessage().startsWith(want), c + ": got " + e.getMessage());
            for (double v : t.toDoubleArray()) {
                assertEquals(0.0, v, c.toString());
            }
            cases++;
        }
        assertTrue(cases >= 20, "expected golden init error cases, found " + cases);
    }

    /**
     * t.uniform_/t.normal_ and nn.init's uniform_/normal_ on the default generator, contiguous or not, equal PyTorch's
     * (float64 normal within an ulp).
     */
    @Test
    void inPlaceRandomFillsArePyTorchs() throws IOException {
        JsonNode golden;
        try (InputStream in = LinearInitConformance.class.getResourceAsStream("/golden/rng.json")) {
            golden = new ObjectMapper().readTree(in);
        }
        int cases = 0;
        for (JsonNode c : golden.get("inplace")) {
            DType dtype = DType.valueOf(c.get("dtype").asText().toUpperCase(java.util.Locale.ROOT));
            org.grad4j.Tensor base = org.grad4j.Tensor.zeros(Golden.ints(c.get("shape")), dtype).to(dev());
            org.grad4j.Tensor t = switch (c.get("layout").asText()) {
                case "transposed" -> base.t();
                case "narrowed" -> base.narrow(1, 1, 3);
                case "permuted" -> base.permute(2, 0, 1);
                default -> base;
            };
            Generator.manualSeedDefault(c.get("seed").asLong());
            double a = c.get("a").asDouble();
            double b = c.get("b").asDouble();
            String op = c.get("op").asText();
            boolean normal = op.endsWith("normal");
            org.grad4j.Tensor r = switch (op) {
                case "normal" -> t.normal_(a, b);
                case "uniform" -> t.uniform_(a, b);
                case "init_normal" -> Init.normal_(t, a, b);
                default -> Init.uniform_(t, a, b);
            };
            assertTrue(r == t, "returns the tensor itself");
            double[] after = new double[2];
            Generator.defaultGenerator().uniform(after, 0, 1);
            String what = c.get("op").asText() + " " + c.get("layout").asText() + " " + c.get("dtype").asText()
                    + " seed " + c.get("seed");
            JsonNode want = c.get("base");
            if (dtype == DType.FLOAT32) {
                float[] got = base.toFloatArray();
                for (int i = 0; i < got.length; i++) {
                    assertEquals(want.get(i).asInt(), Float.floatToRawIntBits(got[i]), what + " [" + i + "]");
                }
            } else {
                double[] got = base.toDoubleArray();
                for (int i = 0; i < got.length; i++) {
                    double w = Double.parseDouble(want.get(i).asText());
                    assertEquals(w, got[i], normal ? Math.ulp(w) : 0.0, what + " [" + i + "]");
                }
            }
            for (int i = 0; i < 2; i++) {
                assertEquals(Double.parseDouble(c.get("after").get(i).asText()), after[i], what + ": generator after");
            }
            cases++;
        }
        assertTrue(cases >= 90, "expected golden in-place fill cases, found " + cases);
        org.grad4j.Tensor leaf = org.grad4j.Tensor.zeros(3).requiresGrad_(true);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> leaf.uniform_(0, 1));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> org.grad4j.Tensor.zeros(new int[] {3}, DType.INT64).normal_(0, 1));
    }

    /** The parameter's float32 bits equal the golden case's {@code name} array, element by element. */
    private static void assertBits(JsonNode c, String name, org.grad4j.Tensor t) {
        float[] v = t.toFloatArray();
        JsonNode want = c.get(name);
        assertEquals(want.size(), v.length, () -> name + " size of " + c);
        // Lazy messages: printing the case (thousands of values) per element made this test take minutes.
        for (int i = 0; i < v.length; i++) {
            int at = i;
            assertEquals(want.get(i).asInt(), Float.floatToRawIntBits(v[i]), () -> name + "[" + at + "] of " + c);
        }
    }
}

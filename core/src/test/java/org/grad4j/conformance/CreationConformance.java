package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

import org.grad4j.DType;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Creation ops (*_like, eye, arange, linspace, randint, randperm) against PyTorch 1.13 (tools/golden/data_golden.py). */
public abstract class CreationConformance extends DeviceConformance {
    private static JsonNode golden;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = CreationConformance.class.getResourceAsStream("/golden/data.json")) {
            golden = new ObjectMapper().readTree(in).get("creation");
        }
    }

    private static long[] longs(JsonNode values) {
        long[] v = new long[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i).asLong();
        }
        return v;
    }

    /** Exact comparison of a float tensor with golden values (float64 hex strings or float32 bits). */
    private static void assertBits(JsonNode values, Tensor t, String what) {
        assertBits(values, t, what, 0);
    }

    /** As above, allowing {@code ulps} in float64 (libm's log/sin/cos differ from Java's in the last bit). */
    private static void assertBits(JsonNode values, Tensor t, String what, int ulps) {
        if (t.dtype() == DType.FLOAT64) {
            double[] got = t.toDoubleArray();
            assertEquals(values.size(), got.length, what);
            for (int i = 0; i < got.length; i++) {
                double want = Double.parseDouble(values.get(i).asText());
                assertEquals(want, got[i], ulps * Math.ulp(want), what + "[" + i + "]");
            }
        } else {
            float[] got = t.toFloatArray();
            assertEquals(values.size(), got.length, what);
            for (int i = 0; i < got.length; i++) {
                assertEquals(values.get(i).asInt(), Float.floatToRawIntBits(got[i]), what + "[" + i + "]");
            }
        }
    }

    @Test
    void likeOpsTakeShapeDtypeDeviceAndDrawLikePyTorch() {
        int cases = 0;
        for (JsonNode c : golden.get("like")) {
            DType dtype = c.get("dtype").asText().equals("float64") ? DType.FLOAT64 : DType.FLOAT32;
            Tensor x = Tensor.zeros(new int[] {2, 3}, dtype).to(dev());
            long seed = c.get("seed").asLong();
            Generator.manualSeedDefault(seed);
            Tensor r = Tensor.randLike(x);
            assertEquals(dtype, r.dtype());
            assertEquals(dev(), r.device());
            assertArrayEquals(new int[] {2, 3}, r.shape());
            assertBits(c.get("rand"), r, "rand_like " + c.get("dtype") + " seed " + seed);
            Generator.manualSeedDefault(seed);
            assertBits(c.get("randn"), Tensor.randnLike(x), "randn_like seed " + seed);
            DType saved = Tensor.defaultDType();
            Tensor.setDefaultDType(dtype);
            try {   // torch.rand(2, 3) and torch.randn(2, 3) after manual_seed draw what rand_like/randn_like draw
                Generator.manualSeedDefault(seed);
                assertBits(c.get("rand"), Tensor.rand(2, 3), "rand(2, 3) seed " + seed);
                Generator.manualSeedDefault(seed);
                assertBits(c.get("randn"), Tensor.randn(2, 3), "randn(2, 3) seed " + seed);
            } finally {
                Tensor.setDefaultDType(saved);
            }
            assertBits(c.get("randn20"), Tensor.randnLike(Tensor.zeros(new int[] {20}, dtype).to(dev()),
                    new Generator(seed)), "randn_like(20) seed " + seed, 1);   // 16+ values: ATen's vectorised path, libm (GeneratorTest)
            cases++;
        }
        assertTrue(cases >= 8);
        Tensor l = Tensor.of(new long[] {0, 0, 0}, 3).to(dev());
        Tensor f = Tensor.fullLike(l, 2.7);
        assertEquals(DType.INT64, f.dtype());
        assertArrayEquals(longs(golden.get("full_like_int64")), f.toLongArray());
        assertEquals(golden.get("zeros_like_dtype").asText(), Tensor.zerosLike(l).dtype().torchName());
        Tensor o = Tensor.onesLike(l, DType.FLOAT64);
        assertEquals(DType.FLOAT64, o.dtype());
        assertEquals(dev(), o.device());
        assertArrayEquals(new double[] {1, 1, 1}, o.toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0, 0}, Tensor.zerosLike(Tensor.ones(new int[] {2}, DType.FLOAT32).to(dev()))
                .toDoubleArray(), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.randLike(l));
        assertTrue(e.getMessage().contains("rand_like") && e.getMessage().contains("torch.int64"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.randnLike(Tensor.of(new boolean[] {true}, 1)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zerosLike(null));
        assertThrows(IllegalArgumentException.class, () -> Tensor.randLike(o, (Generator) null));
    }

    @Test
    void eyeIsPyTorchs() {
        for (JsonNode c : golden.get("eye")) {
            int n = c.get("n").asInt();
            int m = c.get("m").asInt();
            Tensor t = Tensor.eye(n, m, DType.FLOAT64);
            assertArrayEquals(new int[] {n, m}, t.shape());
            double[] want = new double[c.get("values").size()];
            for (int i = 0; i < want.length; i++) {
                want[i] = c.get("values").get(i).asDouble();
            }
            assertArrayEquals(want, t.toDoubleArray(), 0.0);
        }
        Tensor e = Tensor.eye(3, 3, DType.INT64);
        assertEquals(DType.INT64, e.dtype());
        assertArrayEquals(longs(golden.get("eye_int64_3")), e.toLongArray());
        assertEquals(Tensor.defaultDType(), Tensor.eye(2).dtype());
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Tensor.eye(-1));
        assertEquals("eye: n must be greater or equal to 0, got -1", ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.eye(2, -1));
    }

    @Test
    void arangeAndLinspaceArePyTorchs() {
        DType saved = Tensor.defaultDType();
        Tensor.setDefaultDType(DType.FLOAT64);
        try {
            for (JsonNode c : golden.get("arange")) {
                JsonNode a = c.get("args");
                Tensor t;
                if (c.get("dtype").asText().equals("torch.int64")) {
                    t = a.size() == 1 ? Tensor.arange(a.get(0).asLong())
                            : a.size() == 2 ? Tensor.arange(a.get(0).asLong(), a.get(1).asLong())
                            : Tensor.arange(a.get(0).asLong(), a.get(1).asLong(), a.get(2).asLong());
                    assertEquals(DType.INT64, t.dtype());
                    assertArrayEquals(longs(c.get("values")), t.toLongArray(), c.toString());
                } else {
                    Tensor.setDefaultDType(c.get("dtype").asText().equals("torch.float32") ? DType.FLOAT32 : DType.FLOAT64);
                    t = Tensor.arange(a.get(0).asDouble(), a.get(1).asDouble(), a.get(2).asDouble());
                    assertBits(c.get("values"), t, "arange " + a + " " + c.get("dtype"));
                }
            }
            for (JsonNode c : golden.get("logspace")) {
                Tensor.setDefaultDType(c.get("dtype").asText().equals("torch.float32") ? DType.FLOAT32 : DType.FLOAT64);
                Tensor t = Tensor.logspace(c.get("start").asDouble(), c.get("end").asDouble(), c.get("steps").asInt(),
                        c.get("base").asDouble());
                // float32 bit for bit; float64 within an ulp (Java's pow against glibc's: 2 of 1469 values differ)
                assertBits(c.get("values"), t, "logspace " + c.get("start") + " " + c.get("end") + " " + c.get("steps")
                        + " base " + c.get("base") + " " + c.get("dtype"), 1);
            }
            for (JsonNode c : golden.get("linspace")) {
                Tensor.setDefaultDType(c.get("dtype").asText().equals("torch.float32") ? DType.FLOAT32 : DType.FLOAT64);
                Tensor t = Tensor.linspace(c.get("start").asDouble(), c.get("end").asDouble(), c.get("steps").asInt());
                assertBits(c.get("values"), t, "linspace " + c.get("start") + " " + c.get("end") + " " + c.get("steps") + " " + c.get("dtype"));
            }
        } finally {
            Tensor.setDefaultDType(saved);
        }
    }

    @Test
    void arangeRefusesAsPyTorchDoes() {
        for (JsonNode c : golden.get("arange_errors")) {
            JsonNode a = c.get("args");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
                if (c.get("integer").asBoolean()) {
                    Tensor.arange(a.get(0).asLong(), a.get(1).asLong(), a.get(2).asLong());
                } else {
                    Tensor.arange(pythonFloat(a.get(0)), pythonFloat(a.get(1)), pythonFloat(a.get(2)));
                }
            }, a.toString());
            String want = "arange: " + c.get("message").asText() + " (";
            assertTrue(e.getMessage().startsWith(want), a + ": expected " + want + "..., got " + e.getMessage());
        }
    }

    @Test
    void fullInfersTheDTypeFromTheValueAsPyTorchDoes() {
        for (JsonNode c : golden.get("full_inferred")) {
            JsonNode sh = c.get("shape");
            int[] shape = new int[sh.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = sh.get(i).asInt();
            }
            JsonNode v = c.get("value");
            Tensor t = switch (c.get("type").asText()) {
                case "int" -> Tensor.full(shape, v.asLong());
                case "bool" -> Tensor.full(shape, v.asBoolean());
                default -> Tensor.full(shape, v.asDouble());
            };
            assertEquals(c.get("repr").asText(), t.toString(), c.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> Tensor.full(new int[] {-1}, 3L));
    }

    @Test
    void negativeSizesAreRefusedWithPyTorchsWords() {
        for (JsonNode c : golden.get("negative_size_errors")) {
            String op = c.get("op").asText();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
                switch (op) {
                    case "zeros" -> Tensor.zeros(-1, 2);
                    case "ones" -> Tensor.ones(2, -3);
                    case "full" -> Tensor.full(new int[] {4, -1}, 1.0);
                    case "rand" -> Tensor.rand(-2);
                    case "randn" -> Tensor.randn(3, -1);
                    case "randint" -> Tensor.randint(0, 3, new int[] {-1, 5});
                    default -> throw new AssertionError(op);
                }
            }, op);
            assertTrue(e.getMessage().endsWith(": " + c.get("message").asText()), op + ": " + e.getMessage());
        }
    }

    /** Python's str(float): "nan", "inf", "-inf" or a decimal. */
    private static double pythonFloat(JsonNode n) {
        String s = n.asText();
        return s.equals("nan") ? Double.NaN : s.equals("inf") ? Double.POSITIVE_INFINITY
                : s.equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(s);
    }

    @Test
    void randintAndRandpermArePyTorchs() {
        for (JsonNode c : golden.get("randint_default")) {
            Generator.manualSeedDefault(c.get("seed").asLong());
            Tensor r = Tensor.randint(3, 9, new int[] {2, 4});
            assertEquals(DType.INT64, r.dtype());
            assertArrayEquals(new int[] {2, 4}, r.shape());
            assertArrayEquals(longs(c.get("values")), r.toLongArray());
            assertArrayEquals(longs(c.get("perm")), Tensor.randperm(6).toLongArray());
        }
        JsonNode first = golden.get("randint_default").get(0);
        Tensor r = Tensor.randint(3, 9, new int[] {2, 4}, new Generator(first.get("seed").asLong()));
        assertArrayEquals(longs(first.get("values")), r.toLongArray());
        assertArrayEquals(new int[] {0}, Tensor.randperm(0, new Generator(1)).shape());
        assertThrows(IllegalArgumentException.class, () -> Tensor.randint(5, 5, new int[] {2}));
        assertThrows(IllegalArgumentException.class, () -> Tensor.randint(0, 5, new int[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> Tensor.randperm(-1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.randperm(3, null));
    }
}

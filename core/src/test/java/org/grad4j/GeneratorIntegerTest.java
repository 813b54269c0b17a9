package org.grad4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** randperm, randint and random_ draws against PyTorch 1.13 (golden: tools/golden/data_golden.py). */
class GeneratorIntegerTest {
    private static JsonNode golden;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = GeneratorIntegerTest.class.getResourceAsStream("/golden/data.json")) {
            golden = new ObjectMapper().readTree(in);
        }
    }

    static long[] longs(JsonNode values) {
        long[] v = new long[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i).asLong();
        }
        return v;
    }

    @Test
    void randpermIsPyTorchs() {
        int cases = 0;
        for (JsonNode c : golden.get("randperm")) {
            long[] got = new Generator(c.get("seed").asLong()).randperm(c.get("n").asInt());
            assertArrayEquals(longs(c.get("values")), got, c.get("seed") + "/" + c.get("n"));
            cases++;
        }
        assertTrue(cases >= 30, "cases: " + cases);
    }

    @Test
    void randintIsPyTorchsOnBothRangePaths() {
        int wide = 0;
        for (JsonNode c : golden.get("randint")) {
            long low = c.get("low").asLong();
            long high = c.get("high").asLong();
            long[] got = new long[c.get("n").asInt()];
            new Generator(c.get("seed").asLong()).randint(got, low, high);
            assertArrayEquals(longs(c.get("values")), got, c.toString());
            wide += high - low >= (1L << 32) ? 1 : 0;
        }
        assertTrue(wide >= 8, "64-bit range cases: " + wide);
    }

    @Test
    void randomLongIsInt64Random_() {
        for (JsonNode c : golden.get("random_long")) {
            Generator g = new Generator(c.get("seed").asLong());
            for (JsonNode v : c.get("values")) {
                assertEquals(v.asLong(), g.randomLong(), c.toString());
            }
        }
    }

    @Test
    void stateCarriesAcrossIntegerAndFloatDraws() {
        for (JsonNode c : golden.get("sequences")) {
            Generator g = new Generator(c.get("seed").asLong());
            assertArrayEquals(longs(c.get("randperm7")), g.randperm(7));
            long[] r = new long[5];
            g.randint(r, 0, 100);
            assertArrayEquals(longs(c.get("randint5")), r);
            assertArrayEquals(longs(c.get("randperm20")), g.randperm(20));
            double[] u = new double[3];
            g.uniform(u, 0, 1);
            for (int i = 0; i < 3; i++) {
                assertEquals(Double.parseDouble(c.get("rand3").get(i).asText()), u[i], 0.0);
            }
        }
    }

    @Test
    void errorsNameTheOp() {
        Generator g = new Generator(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.randint(new long[2], 5, 5));
        assertEquals("random_ expects 'from' to be less than 'to', but got from=5 >= to=5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> g.randperm(-1));
    }
}

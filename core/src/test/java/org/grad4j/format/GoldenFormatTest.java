package org.grad4j.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.grad4j.DType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks every case of {@code golden/format.json}, written by {@code tools/golden/format_golden.py}
 * from real CPython, NumPy 1.24 and PyTorch 1.13.
 */
class GoldenFormatTest {
    private static JsonNode golden;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = GoldenFormatTest.class.getResourceAsStream("/golden/format.json")) {
            assertNotNull(in, "golden/format.json is missing from the test resources");
            golden = new ObjectMapper().readTree(in);
        }
    }

    static double parse(String s) {
        switch (s) {
            case "nan":
                return Double.NaN;
            case "inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            default:
                return Double.parseDouble(s);
        }
    }

    private static JsonNode cases(String name, int atLeast) {
        JsonNode c = golden.get(name);
        assertNotNull(c, name);
        assertTrue(c.size() >= atLeast, name + " has only " + c.size() + " cases");
        return c;
    }

    private static void check(String what, List<String> failures, int total) {
        if (!failures.isEmpty()) {
            StringBuilder b = new StringBuilder(what + ": " + failures.size() + " of " + total
                    + " golden cases differ; first ones:\n");
            failures.stream().limit(8).forEach(f -> b.append(f).append("\n"));
            fail(b.toString());
        }
    }

    private static void compare(List<String> failures, String id, String expected, String actual) {
        if (!expected.equals(actual)) {
            failures.add("--- " + id + "\nexpected:\n" + expected + "\nactual:\n" + actual);
        }
    }

    @Test
    void pythonRepr() {
        JsonNode cases = cases("python_repr", 500);
        List<String> failures = new ArrayList<>();
        for (JsonNode c : cases) {
            double x = parse(c.get("x").asText());
            compare(failures, c.get("x").asText(), c.get("expected").asText(), PythonFloat.repr(x));
        }
        check("repr(float)", failures, cases.size());
    }

    @Test
    void numpyFloat32Repr() {
        JsonNode cases = cases("numpy_float32_repr", 500);
        List<String> failures = new ArrayList<>();
        for (JsonNode c : cases) {
            double x = parse(c.get("x").asText());
            assertEquals(x, (double) (float) x, 0.0, "golden value is not a float32");
            compare(failures, c.get("x").asText(), c.get("expected").asText(),
                    PythonFloat.repr((float) x));
        }
        check("repr(numpy.float32)", failures, cases.size());
    }

    private record Array(double[] values, int[] shape, DType dtype) {
        String describe() {
            return dtype + " shape " + java.util.Arrays.toString(shape) + " "
                    + (values.length > 8 ? values.length + " values"
                            : java.util.Arrays.toString(values));
        }
    }

    private static Array array(int index) {
        JsonNode a = golden.get("arrays").get(index);
        JsonNode vs = a.get("values");
        double[] values = new double[vs.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = parse(vs.get(i).asText());
        }
        JsonNode sh = a.get("shape");
        int[] shape = new int[sh.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = sh.get(i).asInt();
        }
        return new Array(values, shape, DType.valueOf(a.get("dtype").asText()));
    }

    @Test
    void numpyStr() {
        JsonNode cases = cases("numpy_str", 400);
        List<String> failures = new ArrayList<>();
        for (JsonNode c : cases) {
            Array a = array(c.get("array").asInt());
            compare(failures, a.describe(), c.get("expected").asText(),
                    NumpyFormat.str(a.values, a.shape, a.dtype));
        }
        check("str(numpy.ndarray)", failures, cases.size());
    }

    /** NumPy's integer and bool arrays: the long path (print(tensor.numpy())) and the double[] entry point. */
    @Test
    void numpyIntegerStr() {
        JsonNode cases = cases("numpy_int_str", 20);
        List<String> failures = new ArrayList<>();
        for (JsonNode c : cases) {
            DType dtype = DType.valueOf(c.get("dtype").asText());
            JsonNode sh = c.get("shape");
            int[] shape = new int[sh.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = sh.get(i).asInt();
            }
            JsonNode vs = c.get("values");
            long[] values = new long[vs.size()];
            double[] doubles = new double[vs.size()];
            boolean exact = true;
            for (int i = 0; i < values.length; i++) {
                values[i] = Long.parseLong(vs.get(i).asText());
                doubles[i] = values[i];
                exact &= Math.abs(values[i]) <= 1L << 53;
            }
            String id = dtype + " " + java.util.Arrays.toString(shape);
            String expected = c.get("expected").asText();
            compare(failures, id, expected, NumpyFormat.integerStr(values, shape, dtype == DType.BOOL));
            if (exact) {
                compare(failures, id + " (double[])", expected, NumpyFormat.str(doubles, shape, dtype));
            }
        }
        check("str(numpy.ndarray) of integers and bools", failures, cases.size());
    }

    @Test
    void torchRepr() {
        JsonNode cases = cases("torch_repr", 3000);
        List<String> failures = new ArrayList<>();
        for (JsonNode c : cases) {
            Array a = array(c.get("array").asInt());
            DType def = DType.valueOf(c.get("defaultDtype").asText());
            String device = c.get("device").isNull() ? null : c.get("device").asText();
            boolean rg = c.get("requiresGrad").asBoolean();
            String fn = c.get("gradFn").isNull() ? null : c.get("gradFn").asText();
            compare(failures, a.describe() + " default " + def + " device " + device + " rg " + rg
                    + " fn " + fn, c.get("expected").asText(),
                    TorchFormat.repr(a.values, a.shape, a.dtype, def, device, rg, fn));
        }
        check("repr(torch.Tensor)", failures, cases.size());
    }
}

package org.grad4j.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;

/** Reads the golden files written by {@code tools/golden/torch_golden.py}: numbers are {@code float.hex()} strings. */
final class Golden {
    private static final ConcurrentHashMap<String, JsonNode> CACHE = new ConcurrentHashMap<>();

    private Golden() {
    }

    static JsonNode load(String name) {
        return CACHE.computeIfAbsent(name, n -> {
            try (InputStream in = Golden.class.getResourceAsStream("/golden/" + n)) {
                if (in == null) {
                    throw new IllegalStateException("golden file /golden/" + n + " missing from the class path");
                }
                return new ObjectMapper().readTree(n.endsWith(".gz") ? new java.util.zip.GZIPInputStream(in) : in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static double number(JsonNode hex) {
        String s = hex.asText();
        return switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);   // Java parses C99 hex floats
        };
    }

    static double[] numbers(JsonNode array) {
        double[] d = new double[array.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = number(array.get(i));
        }
        return d;
    }

    /** Plain JSON numbers (not hex strings), as in the scheduler arguments. */
    static double[] numbersPlain(JsonNode array) {
        double[] d = new double[array.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = array.get(i).asDouble();
        }
        return d;
    }

    static int[] ints(JsonNode array) {
        int[] d = new int[array.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = array.get(i).asInt();
        }
        return d;
    }

    static DType dtype(JsonNode name) {
        return switch (name.asText()) {
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            case "int64" -> DType.INT64;
            case "bool" -> DType.BOOL;
            default -> throw new IllegalArgumentException("unknown dtype " + name);
        };
    }

    /** A tensor from {@code {"shape": [...], "data": [...]}}. */
    static Tensor tensor(JsonNode t, DType dtype, Device device) {
        return Tensor.of(numbers(t.get("data")), dtype, device, ints(t.get("shape")));
    }

    /** A tensor of the golden's own dtype from {@code {"dtype", "shape", "data"}}: int64 and bool from their exact values. */
    static Tensor anyTensor(JsonNode t, Device device) {
        String dtype = t.get("dtype").asText();
        if (!dtype.equals("int64") && !dtype.equals("bool")) {
            return tensor(t, dtype(t.get("dtype")), device);
        }
        double[] v = numbers(t.get("data"));
        int[] shape = ints(t.get("shape"));
        if (dtype.equals("bool")) {
            boolean[] b = new boolean[v.length];
            for (int i = 0; i < v.length; i++) {
                b[i] = v[i] != 0;
            }
            return Tensor.of(b, shape).to(device);
        }
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            l[i] = (long) v[i];
        }
        return Tensor.of(l, shape).to(device);
    }
}

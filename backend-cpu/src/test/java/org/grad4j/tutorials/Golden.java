package org.grad4j.tutorials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares a port's printed lines with what PyTorch printed. Lines must be equal, except in the sections given a
 * tolerance {rtol, atol}, where the text around the numbers must be equal and each number y within
 * {@code |x - y| <= atol + rtol |x|} of PyTorch's x (a section whose arithmetic cannot give PyTorch's bits; each
 * test says why).
 */
final class Golden {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+\\.\\d+(?:e[-+]?\\d+)?|-?\\d+e[-+]?\\d+");

    private static final Pattern ERROR = Pattern.compile("(RuntimeError|IndexError|ValueError|TypeError): (.*)");

    private Golden() {
    }

    static List<String> read(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/tutorials/" + name)) {
            assertNotNull(in, "missing golden/tutorials/" + name);
            List<String> lines = new ArrayList<>(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)));
            lines.remove(lines.size() - 1);
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertMatches(String name, Out out, Map<String, double[]> tolerances) {
        List<String> expected = read(name);
        List<String> actual = out.lines;
        String section = "";
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            String e = expected.get(i);
            String a = actual.get(i);
            if (e.startsWith("### ")) {
                section = e.substring(4);
            }
            double[] tol = tolerances.get(section);
            String where = name + " line " + (i + 1) + " (" + section + ")";
            Matcher error = ERROR.matcher(e);
            if (error.matches()) {
                // PyTorch's message, up to its first parenthesis or full stop, must be in grad4j's, read without
                // its parenthesised details ("(shape [3])"); grad4j's goes on in Java's spelling (retainGraph=true
                // where PyTorch says retain_graph=True) and says what to do
                String key = error.group(2).split(" \\(|\\.( |$)", 2)[0];
                String message = a.replaceAll(" \\([^()]*\\)", "");
                assertTrue(a.startsWith(error.group(1) + ": ") && message.contains(key), where
                        + ": expected an error containing\n" + key + "\ngot\n" + a);
                continue;
            }
            if (tol == null || e.equals(a)) {
                assertEquals(e, a, where);
                continue;
            }
            Matcher me = NUMBER.matcher(e);
            Matcher ma = NUMBER.matcher(a);
            assertEquals(me.replaceAll("#"), ma.replaceAll("#"), where);
            me.reset();
            ma.reset();
            while (me.find() && ma.find()) {
                double x = Double.parseDouble(me.group());
                double y = Double.parseDouble(ma.group());
                assertTrue(Math.abs(x - y) <= tol[1] + tol[0] * Math.abs(x), where + ": " + y + " is not within rtol "
                        + tol[0] + ", atol " + tol[1] + " of " + x
                        + "\nexpected: " + e + "\nactual:   " + a);
            }
        }
        assertEquals(expected.size(), actual.size(), name + ": number of lines");
    }
}

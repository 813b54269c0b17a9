package org.grad4j.examples;

import java.util.HashMap;
import java.util.Map;

/** The examples' command-line options: {@code --name=value}; anything else is an error. */
final class Args {
    private final Map<String, String> values = new HashMap<>();

    Args(String... args) {
        for (String a : args) {
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 3) {
                throw new IllegalArgumentException("expected options as --name=value, got '" + a + "'");
            }
            values.put(a.substring(2, eq), a.substring(eq + 1));
        }
    }

    String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        String v = values.get(name);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": expected an integer, got '" + v + "'");
        }
    }

    double real(String name, double fallback) {
        String v = values.get(name);
        try {
            return v == null ? fallback : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": expected a number, got '" + v + "'");
        }
    }
}

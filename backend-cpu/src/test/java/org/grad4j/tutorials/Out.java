package org.grad4j.tutorials;

import java.util.ArrayList;
import java.util.List;

import org.grad4j.format.PythonFloat;

/** What the tutorial ports print, as Python's {@code print(a, b, ...)} would: a Java double as Python's float. */
final class Out {
    final List<String> lines = new ArrayList<>();

    void println(Object... args) {
        StringBuilder sb = new StringBuilder();
        for (Object a : args) {
            sb.append(sb.length() == 0 ? "" : " ").append(str(a));
        }
        for (String line : sb.toString().split("\n", -1)) {
            lines.add(line);
        }
    }

    void section(String title) {
        lines.add("### " + title);
    }

    /** Python's {@code str} of a float is its {@code repr}; everything else prints through toString. */
    static String str(Object a) {
        return a instanceof Double d ? PythonFloat.repr(d) : a instanceof Float f ? PythonFloat.repr(f) : String.valueOf(a);
    }

    /** An f-string's {@code {x}} of a Python float. */
    static String f(double x) {
        return PythonFloat.repr(x);
    }

    @Override
    public String toString() {
        return String.join("\n", lines) + "\n";
    }
}

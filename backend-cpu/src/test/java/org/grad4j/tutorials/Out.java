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

    /**
     * An error as Python prints it in the goldens: its type and the first line of its message. grad4j's messages
     * extend PyTorch's (the op, the shapes, what was done), so {@link Golden} checks that they contain PyTorch's.
     */
    void error(RuntimeException e) {
        error(e, e instanceof IndexOutOfBoundsException ? "IndexError" : "RuntimeError");
    }

    /** As {@link #error(RuntimeException)}, where PyTorch raises another kind: {@code ValueError}. */
    void error(RuntimeException e, String pythonType) {
        lines.add(pythonType + ": " + e.getMessage().split("\n", -1)[0]);
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

    /** Python's {@code torch.Size([2, 3])}: grad4j's shapes are int arrays. */
    static String size(int[] shape) {
        StringBuilder sb = new StringBuilder("torch.Size([");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append("])").toString();
    }

    /** Python's repr of a list of strings: {@code ['a', 'b']}. */
    static String list(Iterable<String> items) {
        StringBuilder sb = new StringBuilder("[");
        for (String s : items) {
            sb.append(sb.length() == 1 ? "" : ", ").append('\'').append(s).append('\'');
        }
        return sb.append(']').toString();
    }

    @Override
    public String toString() {
        return String.join("\n", lines) + "\n";
    }
}

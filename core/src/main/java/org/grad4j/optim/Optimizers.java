package org.grad4j.optim;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.grad4j.format.PythonFloat;

/** Helpers shared by the optimizers. */
final class Optimizers {
    private Optimizers() {
    }

    /**
     * PyTorch's {@code repr(optimizer)}: one block per group, options sorted by name. A whole number prints as
     * Python prints an int ({@code momentum: 0}, as PyTorch's int defaults print) unless its option is in
     * {@code floatKeys}, the options whose PyTorch default is a float ({@code lr: 1.0} of Adadelta, {@code t0:
     * 1000000.0} of ASGD): grad4j keeps every number as a double, so the default's Python type decides.
     */
    static String describe(String name, List<Map<String, Object>> groups, Set<String> floatKeys) {
        StringBuilder sb = new StringBuilder(name).append(" (");
        for (int i = 0; i < groups.size(); i++) {
            sb.append("\nParameter Group ").append(i).append('\n');
            for (Map.Entry<String, Object> e : new TreeMap<>(groups.get(i)).entrySet()) {
                String text = python(e.getValue(), floatKeys.contains(e.getKey()));
                sb.append("    ").append(e.getKey()).append(": ").append(text).append('\n');
            }
        }
        return sb.append(')').toString();
    }

    private static String python(Object v, boolean asFloat) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < l.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(python(l.get(i), asFloat));
            }
            return sb.append(')').toString();
        }
        if (v instanceof Double d && !asFloat && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) (double) d);
        }
        if (v instanceof Double d) {
            return PythonFloat.repr(d);   // 1e-08, as Python prints eps
        }
        return String.valueOf(v);
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * PyTorch's range checks of options that must be non-negative, in order: {@code keysAndLabels} alternates an
     * option's key and how the message names it ({@code "Adagrad: Invalid learning rate: -1.0 (expected >= 0)"}).
     */
    static void checkNonNegative(String optimizer, Map<String, Object> options, String... keysAndLabels) {
        for (int i = 0; i < keysAndLabels.length; i += 2) {
            double v = (Double) options.get(keysAndLabels[i]);
            check(v >= 0.0, optimizer + ": Invalid " + keysAndLabels[i + 1] + ": " + py(v) + " (expected >= 0)");
        }
    }

    /** A number as Python prints it in PyTorch's messages ({@code 1e-05}, {@code -1.0}). */
    static String py(double v) {
        return PythonFloat.repr(v);
    }

    /** PyTorch's check of a {@code betas} option ({@code 0 <= beta < 1} each). */
    static void checkBetas(String optimizer, Map<String, Object> options) {
        List<?> betas = (List<?>) options.get("betas");
        for (int i = 0; i < 2; i++) {
            double b = (Double) betas.get(i);
            check(b >= 0.0 && b < 1.0, optimizer + ": Invalid beta parameter at index " + i + ": " + py(b)
                    + " (expected 0 <= beta < 1)");
        }
    }
}

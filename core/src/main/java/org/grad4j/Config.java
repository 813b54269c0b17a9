package org.grad4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Every {@code grad4j.*} system property, in one table: its name, its default and what it does. The
 * code that uses a setting reads it through this class once, when it first runs (the CPU backend's
 * tuning knobs when its classes load, the default device on first use), so a setting must be given
 * when the JVM starts ({@code java -Dgrad4j.cpu.threads=4 ...}) or before grad4j is first used.
 *
 * <p>Reading a property that is not in the table is a programming error and throws; a test checks
 * that the README documents exactly this table. {@link Info} prints every setting with its value,
 * and a {@code grad4j.*} property set on the command line that is not a setting (a typo, or a name
 * that has changed) is logged once as a WARNING.
 */
public final class Config {
    /** name -> {default as documented, meaning}; in the README's order. */
    private static final Map<String, String[]> SETTINGS = new LinkedHashMap<>();
    /** Former names, with the setting that replaced them (for the warning). */
    private static final Map<String, String> RENAMED = Map.of(
            "grad4j.gemm.threads", "grad4j.cpu.threads",
            "grad4j.cpu.parallelMin", "grad4j.cpu.parallelMinElements",
            "grad4j.gemm.spinNanos", "grad4j.cpu.waitSpinNanos",
            "grad4j.gemm.vector", "grad4j.cpu.vectorApi");

    static {
        add("grad4j.device", "cpu", "default device: cpu, cuda, cuda:N");
        add("grad4j.cpu.threads", "available processors", "threads for large products and elementwise loops");
        add("grad4j.cpu.vectorApi", "true",
                "use the Vector API kernels when the JVM has jdk.incubator.vector; false: plain-Java loops");
        add("grad4j.cpu.parallelMinElements", "65536", "elementwise loops with fewer elements stay on the caller's thread");
        add("grad4j.cpu.idleSpinNanos", "200000", "an idle helper thread polls this long for work before sleeping; 0 sleeps at once");
        add("grad4j.cpu.waitSpinNanos", "200000", "the caller spins this long on a started helper before sleeping");
        add("grad4j.cpu.cacheBytes", "heap/8, at most 256 MiB", "arrays of released tensors kept for reuse; 0 turns the cache off");
        add("grad4j.cpu.cacheMinElements", "1024", "smallest array the cache keeps");
        add("grad4j.gemm.smallFmas", "512", "products under this many multiply-adds take plain loops");
        add("grad4j.gemm.referenceMaxFmas", "262144", "products up to this many multiply-adds run in the reference BLAS order (PyTorch's bits)");
        add("grad4j.gemm.minFmasPerTask", "2097152", "multiply-adds per thread below which a product is not split");
        add("grad4j.gemm.chunksPerThread", "1", "sub-products per thread in a split product");
        add("grad4j.gemm.splitBy", "auto", "which side of C a split product is cut along: auto, rows, cols");
        add("grad4j.gemm.vectorTranspose", "auto", "16x16 in-register transpose when packing: auto (JDK 25+), true, false");
        add("grad4j.gemm.f64.kc", "256", "float64 cache blocking: inner-dimension block");
        add("grad4j.gemm.f64.mc", "144", "float64 cache blocking: rows of A per block");
        add("grad4j.gemm.f64.nc", "1024", "float64 cache blocking: columns of B per panel");
        add("grad4j.gemm.f32.kc", "256", "float32 cache blocking: inner-dimension block");
        add("grad4j.gemm.f32.mc", "144", "float32 cache blocking: rows of A per block");
        add("grad4j.gemm.f32.nc", "2048", "float32 cache blocking: columns of B per panel");
        // the logger only when there is something to say: System.getLogger sets up java.util.logging, 15-18 ms of
        // CPU and ~126 classes on a fresh program's first operation (PERFORMANCE.md, eighth session)
        for (String warning : unknown(System.getProperties())) {
            System.getLogger("org.grad4j").log(System.Logger.Level.WARNING, warning);
        }
    }

    private Config() {
    }

    private static void add(String name, String defaultValue, String meaning) {
        SETTINGS.put(name, new String[] {defaultValue, meaning});
    }

    /** One warning per {@code grad4j.*} property in {@code props} that is not a setting. */
    static List<String> unknown(Properties props) {
        List<String> unknown = new ArrayList<>();
        for (String name : props.stringPropertyNames()) {
            if (name.startsWith("grad4j.") && !SETTINGS.containsKey(name)) {
                String renamed = RENAMED.get(name);
                String msg = "grad4j: -D" + name + " is not a grad4j setting and is ignored"
                        + (renamed != null ? "; it is now -D" + renamed : "; see org.grad4j.Info for the list");
                unknown.add(msg);
            }
        }
        return unknown;
    }

    /**
     * The names of every setting, in the README's order.
     *
     * @return the property names
     */
    public static List<String> names() {
        return List.copyOf(SETTINGS.keySet());
    }

    /**
     * A setting's value as given, trimmed, or null when it is not set (or blank).
     *
     * @param name a setting's property name, e.g. {@code grad4j.cpu.threads}
     * @return the value, or null
     * @throws IllegalArgumentException when {@code name} is not in the table
     */
    public static String get(String name) {
        if (!SETTINGS.containsKey(name)) {
            throw new IllegalArgumentException("Config.get: '" + name + "' is not a grad4j setting; expected one of " + names());
        }
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /**
     * A setting as a string, or {@code defaultValue} when unset.
     *
     * @param name a setting's property name
     * @param defaultValue the value when unset
     * @return the value
     * @throws IllegalArgumentException when {@code name} is not in the table
     */
    public static String getString(String name, String defaultValue) {
        String v = get(name);
        return v == null ? defaultValue : v;
    }

    /**
     * A setting as a long, or {@code defaultValue} when unset.
     *
     * @param name a setting's property name
     * @param defaultValue the value when unset
     * @return the value
     * @throws IllegalArgumentException when {@code name} is not in the table or its value is not an integer
     */
    public static long getLong(String name, long defaultValue) {
        String v = get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + "=" + v + ": expected an integer");
        }
    }

    /**
     * A setting as an int, or {@code defaultValue} when unset.
     *
     * @param name a setting's property name
     * @param defaultValue the value when unset
     * @return the value
     * @throws IllegalArgumentException when {@code name} is not in the table or its value is not an int
     */
    public static int getInt(String name, int defaultValue) {
        long v = getLong(name, defaultValue);
        if (v != (int) v) {
            throw new IllegalArgumentException("-D" + name + "=" + v + ": expected an int");
        }
        return (int) v;
    }

    /**
     * A setting as a boolean ({@code true} or {@code false}, any case), or {@code defaultValue} when unset.
     *
     * @param name a setting's property name
     * @param defaultValue the value when unset
     * @return the value
     * @throws IllegalArgumentException when {@code name} is not in the table or its value is neither
     */
    public static boolean getBoolean(String name, boolean defaultValue) {
        String v = get(name);
        if (v == null) {
            return defaultValue;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException("-D" + name + "=" + v + ": expected true or false");
        }
    }

    /**
     * One line per setting, {@code name = value} with {@code (set)} or {@code (default)}, then the
     * {@code grad4j.*} properties that are not settings; for {@link Info}.
     *
     * @return the lines, each ending with a newline
     */
    static String describe() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String[]> e : SETTINGS.entrySet()) {
            String v = System.getProperty(e.getKey());
            sb.append("  ").append(e.getKey()).append(" = ")
                    .append(v == null || v.isBlank() ? e.getValue()[0] + " (default)" : v.trim() + " (set)").append('\n');
        }
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("grad4j.") && !SETTINGS.containsKey(name)) {
                String renamed = RENAMED.get(name);
                sb.append("  ").append(name).append(": not a setting, ignored")
                        .append(renamed != null ? " (now " + renamed + ")" : "").append('\n');
            }
        }
        return sb.toString();
    }
}

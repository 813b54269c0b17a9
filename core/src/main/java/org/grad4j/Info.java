package org.grad4j;

/**
 * Environment diagnostics, like PyTorch's {@code python -m torch.utils.collect_env}: the Java
 * runtime, the operating system, every backend provider found on the class path with its status and
 * the reason when it is unusable, the default device ({@code -Dgrad4j.device}) and whether it can be
 * used, and the default dtype. Paste its output into bug reports.
 *
 * <p>Run it with {@code java -cp <class path> org.grad4j.Info}, or from a checkout with
 * {@code mvn -B -ntp -q package -DskipTests -Dexample=Diagnostics}. It never opens a backend (so it
 * allocates nothing on a device and logs nothing); it only asks each provider whether it is available.
 */
public final class Info {
    private Info() {
    }

    /**
     * Prints {@link #report()} to standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.print(report());
    }

    /**
     * The diagnostics as text, one {@code key: value} line per item and one indented line per
     * backend provider, ending with a newline.
     *
     * @return the report
     */
    public static String report() {
        StringBuilder sb = new StringBuilder();
        Package pkg = Info.class.getPackage();
        String version = pkg == null ? null : pkg.getImplementationVersion();
        line(sb, "grad4j", version == null ? "(version unknown: running from classes, not a jar)" : version);
        line(sb, "Java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.vm.name") + ")");
        line(sb, "Java home", System.getProperty("java.home"));
        line(sb, "OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")");
        line(sb, "CPU cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        line(sb, "Max heap", (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        line(sb, "Vector API", vector ? "jdk.incubator.vector is loaded"
                : "not loaded: the CPU backend takes its slow path; start the JVM with --add-modules jdk.incubator.vector");
        sb.append(Backends.describe()).append('\n');
        String spec = Config.get(Device.PROPERTY);
        line(sb, "Default device", (spec == null || spec.isBlank() ? "cpu (-D" + Device.PROPERTY + " not set)"
                : spec + " (from -D" + Device.PROPERTY + ")") + ": " + usability(spec));
        line(sb, "Default dtype", Tensor.defaultDType().torchName());
        sb.append("Settings (-Dname=value, read when first used):\n").append(Config.describe());
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append(": ").append(value).append('\n');
    }

    /** Whether the device named by {@code spec} (null: the CPU) can be used, without opening it. */
    static String usability(String spec) {
        Device device;
        try {
            device = spec == null || spec.isBlank() ? Device.CPU : Device.of(spec);
        } catch (IllegalArgumentException e) {
            return "NOT USABLE: " + e.getMessage();
        }
        String reason = Backends.unusableReason(device);
        return reason == null ? "usable" : "NOT USABLE: " + reason;
    }
}

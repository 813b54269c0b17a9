import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * What one first-time action costs a fresh JVM's main thread (issue 16, eighth session): its CPU time, wall time
 * and the classes loaded meanwhile. Modes: {@code getlogger} (System.getLogger), {@code log} (one INFO record
 * through System.Logger, java.util.logging's set-up included), {@code concat} (a program's first invokedynamic
 * string concatenation of five values, then one of a new shape, then a StringBuilder), {@code tensor} (grad4j's
 * first {@code Tensor.zeros(1)}: the backend's opening; needs grad4j on the class path). Not part of the build:
 * <pre>
 * javac -d /tmp/coldcosts tools/bench/ColdCosts.java
 * java -cp /tmp/coldcosts ColdCosts log
 * java --add-modules jdk.incubator.vector -cp "/tmp/coldcosts:$CP" ColdCosts tensor
 * </pre>
 * Compare two builds by alternating fresh JVMs of each, as tools/bench/digits_ab.sh does.
 */
public class ColdCosts {
    public static void main(String[] a) throws Exception {
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        String mode = a.length > 0 ? a[0] : "none";
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = a.length;
        String gemm = a.length > 5 ? "x" : "Vector API GEMM";
        long c0 = t.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        int k0 = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        String extra = "";
        switch (mode) {
            case "getlogger" -> System.getLogger("x");
            case "log" -> System.getLogger("x").log(System.Logger.Level.INFO, "hello");
            case "concat" -> {
                String s = "pure Java, " + cores + " cores, " + threads + (threads == 1 ? " thread, " : " threads, ") + gemm;
                long c1 = t.getCurrentThreadCpuTime();
                String s2 = "a " + cores + " b";
                long c2 = t.getCurrentThreadCpuTime();
                String s3 = new StringBuilder("pure Java, ").append(cores).append(" cores, ").append(threads).append(gemm).toString();
                long c3 = t.getCurrentThreadCpuTime();
                extra = String.format(Locale.ROOT, " (first concat %.1f ms, a second shape %.1f ms, StringBuilder %.2f ms%s)",
                        (c1 - c0) / 1e6, (c2 - c1) / 1e6, (c3 - c2) / 1e6, s.isEmpty() || s2.isEmpty() || s3.isEmpty() ? "" : "");
            }
            case "tensor" -> Class.forName("org.grad4j.Tensor").getMethod("zeros", int[].class).invoke(null, (Object) new int[] {1});
            default -> { }
        }
        long c = t.getCurrentThreadCpuTime() - c0;
        long w = System.nanoTime() - w0;
        int k = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount() - k0;
        System.out.printf(Locale.ROOT, "%s: main CPU %.1f ms  wall %.1f ms  classes +%d%s%n", mode, c / 1e6, w / 1e6, k, extra);
    }
}

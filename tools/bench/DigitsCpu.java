import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs {@code org.grad4j.examples.Digits} and prints the main thread's CPU time, the process's CPU time and the
 * wall time from the start of main to the "trained in" line, and the bytes the main thread allocated (exact and
 * deterministic, so comparable on a loaded machine), and a "cold" line of counters at the first epoch's line and at
 * "trained in": the process's minor page faults and user / system CPU time (from /proc/self/stat; a first touch of
 * a 4 KiB page costs ~15 us of system time on this VM), collections and their time, the JIT's compile time, and the
 * classes loaded. On a loaded machine the main thread's CPU time moves
 * far less than the wall time (the process's includes the JIT compiler threads). Not part of the build:
 * <pre>
 * mvn -B -ntp -o -q -pl examples -am package -DskipTests dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=target/cp.txt
 * CP="examples/target/grad4j-examples-0.1.0-SNAPSHOT.jar:$(cat examples/target/cp.txt)"
 * javac -d /tmp/digitscpu -cp "$CP" tools/bench/DigitsCpu.java
 * java --add-modules jdk.incubator.vector -cp "/tmp/digitscpu:$CP" DigitsCpu --out=/tmp/digits
 * </pre>
 */
public class DigitsCpu {
    public static void main(String[] a) throws Exception {
        com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        long b0 = t.getThreadAllocatedBytes(me);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long c0 = t.getCurrentThreadCpuTime();
        long p0 = os.getProcessCpuTime();
        long w0 = System.nanoTime();
        long up0 = ManagementFactory.getRuntimeMXBean().getUptime();
        PrintStream real = System.out;
        long[] at = new long[5];
        String[] cold = new String[2];
        StringBuilder ramp = new StringBuilder();
        String cold0 = cold();
        System.setOut(new PrintStream(real, true) {
            @Override
            public void println(String s) {
                if (s.startsWith("Digits:") || s.startsWith("epoch ")) {
                    ramp.append(String.format(" %d/%d", (System.nanoTime() - w0) / 1_000_000,
                            (t.getCurrentThreadCpuTime() - c0) / 1_000_000));
                }
                if (s.startsWith("epoch ") && cold[0] == null) {
                    cold[0] = cold();
                }
                if (s.startsWith("trained in") && at[0] == 0) {
                    cold[1] = cold();
                    at[0] = t.getCurrentThreadCpuTime() - c0;
                    at[1] = os.getProcessCpuTime() - p0;
                    at[2] = System.nanoTime() - w0;
                    at[3] = t.getThreadAllocatedBytes(me) - b0;
                    at[4] = ManagementFactory.getRuntimeMXBean().getUptime();
                }
                super.println(s);
            }
        });
        org.grad4j.examples.Digits.main(a);
        real.printf("CPU main %.3f s  process %.3f s  wall %.3f s  main allocated %d bytes (to 'trained in'); %d bytes in all;"
                + " JVM up %d ms at main, %d ms at 'trained in'%n",
                at[0] / 1e9, at[1] / 1e9, at[2] / 1e9, at[3], t.getThreadAllocatedBytes(me) - b0, up0, at[4]);
        real.println("ramp (ms since main, wall/main CPU, at the header, then each epoch):" + ramp);
        real.printf("cold: at main %s | at epoch 1 %s | at 'trained in' %s%n", cold0, cold[0], cold[1]);
    }

    /** Counters of the process so far: uptime, page faults, CPU, GC, JIT, classes. */
    static String cold() {
        String faults = "?";
        String cpu = "?";
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after the name: state(3) ... minflt(10) cminflt majflt cmajflt utime(14) stime(15), from 3
            faults = f[10 - 3];
            long tick = 100; // USER_HZ
            cpu = String.format("user %.2f sys %.2f s", Long.parseLong(f[14 - 3]) / (double) tick,
                    Long.parseLong(f[15 - 3]) / (double) tick);
        } catch (Exception e) {
            // not Linux: leave "?"
        }
        long gcs = 0;
        long gcMs = 0;
        for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs += Math.max(0, g.getCollectionCount());
            gcMs += Math.max(0, g.getCollectionTime());
        }
        return String.format("up %d ms, minflt %s, %s, GC %d (%d ms), JIT %d ms, classes %d",
                ManagementFactory.getRuntimeMXBean().getUptime(), faults, cpu, gcs, gcMs,
                ManagementFactory.getCompilationMXBean().getTotalCompilationTime(),
                ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
    }
}

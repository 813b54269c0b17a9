import java.io.PrintStream;
import java.lang.management.ManagementFactory;

/**
 * Runs {@code org.grad4j.examples.Digits} and prints the main thread's CPU time, the process's CPU time and the
 * wall time from the start of main to the "trained in" line, and the bytes the main thread allocated (exact and
 * deterministic, so comparable on a loaded machine): on a loaded machine the main thread's CPU time moves
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
        System.setOut(new PrintStream(real, true) {
            @Override
            public void println(String s) {
                if (s.startsWith("trained in") && at[0] == 0) {
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
    }
}

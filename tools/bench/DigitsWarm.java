package org.grad4j.examples;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Runs the Digits example's default training (30 epochs) N times in one JVM and prints each run's wall time
 * ("trained in") and main-thread CPU time (of the whole call: the CSV and PNG files it writes after training
 * included): run 0 is what a user's fresh JVM pays (JIT warm-up included), the
 * later runs approach the steady per-step cost (1,350 steps plus 30 evaluations each). Keep N at 3 or 4: after
 * about 130 epochs in one JVM the float32 products cross GemmEntry's WARM_FMAS (2^32 multiply-adds) and switch
 * to the Vector API kernels, whose own warm-up then shows in the times. Not part of the build (it sits in the
 * examples' package to call Digits.run):
 * <pre>
 * CP="examples/target/grad4j-examples-0.1.0-SNAPSHOT.jar:$(cat examples/target/cp.txt)"
 * javac -d /tmp/digitswarm -cp "$CP" tools/bench/DigitsWarm.java
 * java --add-modules jdk.incubator.vector -cp "/tmp/digitswarm:$CP" org.grad4j.examples.DigitsWarm 3
 * </pre>
 */
public final class DigitsWarm {
    private DigitsWarm() {
    }

    public static void main(String[] a) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        int runs = a.length > 0 ? Integer.parseInt(a[0]) : 3;
        for (int i = 0; i < runs; i++) {
            long cpu = threads.getCurrentThreadCpuTime();
            Digits.Result r = Digits.run(new Args(Digits.OPTIONS, "--out=/tmp/digits-warm"), quiet);
            System.out.printf("run %d: trained in %.3f s, main thread CPU %.3f s%n", i, r.seconds(),
                    (threads.getCurrentThreadCpuTime() - cpu) / 1e9);
        }
    }
}

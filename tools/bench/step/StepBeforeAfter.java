import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The wide layer's training step from two benchmark jars in ONE JVM (a class loader each, both with their own
 * worker threads): blocks of steps alternate, the first side alternating, after 8 s of warm-up of both; prints
 * the median step time of each side and the median of the per-pair speed ratios (new / old; above 1: new is
 * faster). On a loaded machine the ratio of neighbouring blocks is steadier than either side's time.
 * Arguments: OLD_JAR NEW_JAR RUNNER_CLASSES f32|f64 PAIRS STEPS_PER_BLOCK. Run through step_before_after.sh.
 */
public class StepBeforeAfter {
    public static void main(String[] a) throws Exception {
        String dt = a[3];
        int pairs = Integer.parseInt(a[4]);
        int per = Integer.parseInt(a[5]);
        Runnable[] side = new Runnable[2];
        for (int i = 0; i < 2; i++) {
            URLClassLoader l = new URLClassLoader(new URL[] {Path.of(a[2]).toUri().toURL(), Path.of(a[i]).toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            side[i] = (Runnable) Class.forName("StepRunner", true, l).getConstructor(String.class).newInstance(dt);
        }
        long end = System.nanoTime() + 8_000_000_000L;
        while (System.nanoTime() < end) {
            side[0].run();
            side[1].run();
        }
        double[] r = new double[pairs];
        double[] to = new double[pairs];
        double[] tn = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            for (int s0 = 0; s0 < 2; s0++) {
                int s = (s0 + p) % 2;
                long t0 = System.nanoTime();
                for (int i = 0; i < per; i++) {
                    side[s].run();
                }
                double t = (System.nanoTime() - t0) / 1e3 / per;
                if (s == 0) {
                    to[p] = t;
                } else {
                    tn[p] = t;
                }
            }
            r[p] = to[p] / tn[p];
        }
        Arrays.sort(r);
        Arrays.sort(to);
        Arrays.sort(tn);
        System.out.printf(Locale.ROOT, "%s wide step: old %.0f us, new %.0f us (medians); new/old speed: median %.3f"
                + " [q1 %.3f, q3 %.3f] (%d pairs of %d steps)%n", dt, to[pairs / 2], tn[pairs / 2], r[pairs / 2],
                r[pairs / 4], r[3 * pairs / 4], pairs, per);
    }
}

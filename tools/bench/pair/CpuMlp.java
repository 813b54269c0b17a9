import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * {@link Mlp} timed in this thread's CPU time instead of wall time: on a machine shared with other builds the
 * time the thread waits for a core does not count (cache and frequency effects still do).
 */
public class CpuMlp extends Mlp {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    public CpuMlp(boolean scope) {
        super(scope);
    }

    @Override
    long now() {
        return MX.getCurrentThreadCpuTime();
    }
}

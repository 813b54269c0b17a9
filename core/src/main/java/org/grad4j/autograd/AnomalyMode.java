package org.grad4j.autograd;

/**
 * Opt-in anomaly detection for backward passes, per thread: PyTorch's
 * {@code torch.autograd.detect_anomaly()}. While enabled, every gradient a backward node computes is
 * checked, and the first one that holds a NaN stops the pass with an {@link IllegalStateException}
 * naming the node, e.g. {@code Function 'DivBackward0' returned nan values in its 0th output.}
 *
 * <pre>{@code
 * try (AnomalyMode.Scope ignored = AnomalyMode.enable()) {
 *     loss.backward();
 * }
 * }</pre>
 *
 * <p>NaN and infinity otherwise propagate exactly as in PyTorch; nothing is checked while the mode is off
 * (the engine reads the flag once per backward pass). When on, each gradient is read back to the host,
 * so expect backward passes to be much slower: use it to debug, not to train.
 */
public final class AnomalyMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[1]);

    private AnomalyMode() {
    }

    /**
     * Whether anomaly detection is on for the current thread (off by default).
     *
     * @return true if anomaly detection is on for this thread
     */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /**
     * Turns detection on for this thread until the returned scope is closed.
     *
     * @return a scope whose {@code close()} restores the previous setting; use it in try-with-resources
     */
    public static Scope enable() {
        return set(true);
    }

    /**
     * Turns detection off for this thread until the returned scope is closed.
     *
     * @return a scope whose {@code close()} restores the previous setting; use it in try-with-resources
     */
    public static Scope disable() {
        return set(false);
    }

    private static Scope set(boolean on) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = on;
        return new Scope(flag, previous);
    }

    /** Restores the previous setting when closed; close it on the thread that opened it. */
    public static final class Scope implements AutoCloseable {
        private final boolean[] flag;
        private final boolean previous;

        private Scope(boolean[] flag, boolean previous) {
            this.flag = flag;
            this.previous = previous;
        }

        @Override
        public void close() {
            flag[0] = previous;
        }
    }
}

package org.grad4j.autograd;

/**
 * Whether operations record a graph for autograd, per thread (PyTorch's grad mode).
 * Each thread has its own setting (on by default), so a {@code noGrad()} scope on one thread never
 * affects another; a graph is built and run backward by the thread that owns its tensors (see the
 * thread-safety notes in {@link org.grad4j}).
 *
 * <pre>{@code
 * try (GradMode.Scope ignored = GradMode.noGrad()) {
 *     weight.sub_(weight.grad().mul(0.1));   // not recorded
 * }
 * }</pre>
 */
public final class GradMode {
    /** Per thread: the flag, and the two scopes that restore it to true or to false (reused, so scopes cost no allocation). */
    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    /**
     * The state last looked up, for any thread: a thread that finds its own here skips the thread-local
     * lookup (a small step asks several times per op). Racy by design: {@code owner} is final, so a
     * thread reading another's state sees it is not its own and falls back to {@link #STATE}.
     */
    private static State last;

    private static final class State {
        final Thread owner = Thread.currentThread();
        boolean enabled = true;
        final Scope restoresTrue = new Scope(this, true);
        final Scope restoresFalse = new Scope(this, false);
    }

    private GradMode() {
    }

    /** This thread's state: {@link #last} when it is this thread's, else from the thread-local. */
    private static State state() {
        State s = last;
        if (s != null && s.owner == Thread.currentThread()) {
            return s;
        }
        s = STATE.get();
        last = s;
        return s;
    }

    /**
     * Whether the current thread records operations for autograd (true unless inside {@link #noGrad()}).
     *
     * @return true if operations are recorded on this thread
     */
    public static boolean isEnabled() {
        return state().enabled;
    }

    /**
     * Sets grad mode for the current thread; prefer the scoped {@link #noGrad()} / {@link #enableGrad()}.
     *
     * @param enabled whether operations are recorded on this thread from now on
     */
    public static void setEnabled(boolean enabled) {
        state().enabled = enabled;
    }

    /**
     * Disables recording on this thread until the returned scope is closed (PyTorch's {@code torch.no_grad()}).
     *
     * @return a scope whose {@code close()} restores the previous setting; use it in try-with-resources
     */
    public static Scope noGrad() {
        return scope(false);
    }

    /**
     * Enables recording on this thread until the returned scope is closed (PyTorch's {@code torch.enable_grad()}).
     *
     * @return a scope whose {@code close()} restores the previous setting; use it in try-with-resources
     */
    public static Scope enableGrad() {
        return scope(true);
    }

    private static Scope scope(boolean enabled) {
        State state = state();
        boolean previous = state.enabled;
        state.enabled = enabled;
        return previous ? state.restoresTrue : state.restoresFalse;
    }

    /** Restores the previous grad mode when closed; close it on the thread that opened it. */
    public static final class Scope implements AutoCloseable {
        private final State state;
        private final boolean previous;

        private Scope(State state, boolean previous) {
            this.state = state;
            this.previous = previous;
        }

        @Override
        public void close() {
            state.enabled = previous;
        }
    }
}

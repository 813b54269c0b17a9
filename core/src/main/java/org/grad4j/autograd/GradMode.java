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
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {
    }

    /** Whether the current thread records operations for autograd (true unless inside {@link #noGrad()}). */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Sets grad mode for the current thread; prefer the scoped {@link #noGrad()} / {@link #enableGrad()}. */
    public static void setEnabled(boolean enabled) {
        ENABLED.get()[0] = enabled;
    }

    /** Disables recording on this thread until the returned scope is closed (PyTorch's {@code torch.no_grad()}). */
    public static Scope noGrad() {
        return scope(false);
    }

    /** Enables recording on this thread until the returned scope is closed (PyTorch's {@code torch.enable_grad()}). */
    public static Scope enableGrad() {
        return scope(true);
    }

    private static Scope scope(boolean enabled) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return new Scope(flag, previous);
    }

    /** Restores the previous grad mode when closed; close it on the thread that opened it. */
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

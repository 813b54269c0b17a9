package org.grad4j;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deterministic release of tensor memory. Every tensor storage allocated on this thread while a
 * scope is the innermost open one belongs to it, and {@link #close()} releases them all at once
 * (on CUDA the memory goes back to the device's cache right away instead of when the garbage
 * collector notices). Using a released tensor fails with a clear error on every device.
 *
 * <pre>{@code
 * for (int step = 0; step < steps; step++) {
 *     try (MemoryScope scope = MemoryScope.open()) {
 *         Tensor loss = lossFn.forward(model.forward(x), y);
 *         optimizer.zeroGrad();
 *         loss.backward();
 *         optimizer.step();
 *         lastLoss = loss.item();          // read what you need before the scope closes
 *     }
 * }
 * }</pre>
 *
 * Parameters live outside the scope; gradients and optimizer state are kept automatically (a
 * gradient's memory is released when {@code zeroGrad()} drops it); to take any other tensor out of
 * a scope, {@link #keep(Tensor)} it. Without any open scope, memory is
 * reclaimed by the garbage collector (a {@link java.lang.ref.Cleaner} in backends that need one).
 */
public final class MemoryScope implements AutoCloseable {
    /** This thread's innermost open scope, and a list array a closed scope left for the next one. */
    private static final class ThreadScopes {
        final Thread owner = Thread.currentThread();
        MemoryScope current;
        Tensor.Storage[] spare;
    }

    private static final ThreadLocal<ThreadScopes> SCOPES = ThreadLocal.withInitial(ThreadScopes::new);
    /**
     * The scopes last looked up, for any thread: every allocation inside a scope asks, and a thread that
     * finds its own here skips the thread-local. Racy by design: {@code owner} is final, so another
     * thread's entry is recognised as such and the thread-local answers.
     */
    private static ThreadScopes lastScopes;

    private static ThreadScopes scopes() {
        ThreadScopes s = lastScopes;
        if (s != null && s.owner == Thread.currentThread()) {
            return s;
        }
        s = SCOPES.get();
        lastScopes = s;
        return s;
    }
    /** Scopes open in the process; while zero, allocation skips the thread-local lookup. */
    private static final AtomicInteger OPEN = new AtomicInteger();

    /** The longest list array kept for the next scope (a scope of a huge step does not pin its list). */
    private static final int SPARE_MAX = 1024;

    private final ThreadScopes scopes;
    private final MemoryScope parent;
    private final Thread owner = Thread.currentThread();
    private Tensor.Storage[] tracked;
    private int count;
    private boolean closed;

    private MemoryScope(ThreadScopes scopes) {
        this.scopes = scopes;
        this.parent = scopes.current;
        Tensor.Storage[] spare = scopes.spare;
        scopes.spare = null;
        this.tracked = spare != null ? spare : new Tensor.Storage[16];
    }

    /**
     * Opens a scope on this thread, nested in the current one if any.
     *
     * @return the new innermost scope; close it (try-with-resources) on this thread
     */
    public static MemoryScope open() {
        ThreadScopes scopes = scopes();
        MemoryScope scope = new MemoryScope(scopes);
        scopes.current = scope;
        OPEN.incrementAndGet();
        return scope;
    }

    /**
     * Takes {@code tensor}'s storage (shared with its views) out of whatever scope owns it, so it outlives it.
     *
     * @param tensor a tensor created inside a scope
     * @return {@code tensor}, for chaining
     * @throws IllegalArgumentException if {@code tensor} is null
     */
    public static Tensor keep(Tensor tensor) {
        if (tensor == null) {
            throw new IllegalArgumentException("MemoryScope.keep: expected a tensor, got null");
        }
        tensor.storage.keep();
        return tensor;
    }

    static void track(Tensor.Storage storage) {
        if (OPEN.get() == 0) {
            return;
        }
        MemoryScope scope = scopes().current;
        if (scope != null) {
            scope.add(storage);
        }
    }

    private void add(Tensor.Storage storage) {
        if (count == tracked.length) {
            tracked = Arrays.copyOf(tracked, count * 2);
        }
        tracked[count++] = storage;
        storage.scope = this;
    }

    /** Releases every storage this scope still owns; scopes close innermost first, on the thread that opened them. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("MemoryScope.close: opened on thread '" + owner.getName()
                    + "', closed on '" + Thread.currentThread().getName() + "'");
        }
        if (scopes.current != this) {
            throw new IllegalStateException("MemoryScope.close: an inner scope is still open; close scopes in reverse "
                    + "order of opening (try-with-resources does)");
        }
        closed = true;
        scopes.current = parent;
        OPEN.decrementAndGet();
        for (int i = 0; i < count; i++) {
            Tensor.Storage s = tracked[i];
            tracked[i] = null;
            if (s.scope == this) {
                s.release();
            }
        }
        count = 0;
        if (tracked.length <= SPARE_MAX) {
            scopes.spare = tracked;   // emptied: the next scope on this thread lists into it
        }
        tracked = null;
    }
}

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
    private static final ThreadLocal<MemoryScope> CURRENT = new ThreadLocal<>();
    /** Scopes open in the process; while zero, allocation skips the thread-local lookup. */
    private static final AtomicInteger OPEN = new AtomicInteger();

    private final MemoryScope parent;
    private final Thread owner = Thread.currentThread();
    private Tensor.Storage[] tracked = new Tensor.Storage[16];
    private int count;
    private boolean closed;

    private MemoryScope(MemoryScope parent) {
        this.parent = parent;
    }

    /**
     * Opens a scope on this thread, nested in the current one if any.
     *
     * @return the new innermost scope; close it (try-with-resources) on this thread
     */
    public static MemoryScope open() {
        MemoryScope scope = new MemoryScope(CURRENT.get());
        CURRENT.set(scope);
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
        tensor.storage.scope = null;
        return tensor;
    }

    static void track(Tensor.Storage storage) {
        if (OPEN.get() == 0) {
            return;
        }
        MemoryScope scope = CURRENT.get();
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
        if (CURRENT.get() != this) {
            throw new IllegalStateException("MemoryScope.close: an inner scope is still open; close scopes in reverse "
                    + "order of opening (try-with-resources does)");
        }
        closed = true;
        CURRENT.set(parent);
        OPEN.decrementAndGet();
        for (int i = 0; i < count; i++) {
            Tensor.Storage s = tracked[i];
            tracked[i] = null;
            if (s.scope == this) {
                s.release();
            }
        }
        count = 0;
    }
}

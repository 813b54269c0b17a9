package org.grad4j.cpu;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.grad4j.Config;

/**
 * MEASUREMENT ONLY: the executor-based Workers before the single-slot hand-off (for HandOffBench).
 * The CPU backend's helper threads, shared by the GEMM and the large elementwise loops. Work is
 * cut into items that whichever thread comes first claims, so a helper that wakes late costs
 * nothing: the caller takes its items. Each item computes the same elements whoever runs it, so
 * results never depend on the number of threads.
 *
 * <p>Settings ({@link Config}): {@code grad4j.cpu.threads}, {@code grad4j.cpu.waitSpinNanos},
 * {@code grad4j.cpu.idleSpinNanos}, {@code grad4j.cpu.parallelMinElements}.
 */
final class OldWorkers {
    /** Threads a large operation is split over: the caller plus {@code THREADS - 1} helpers. */
    static final int THREADS = Math.max(1, Config.getInt("grad4j.cpu.threads", Runtime.getRuntime().availableProcessors()));
    /** How long the caller spins on a started helper before parking (nanoseconds). */
    static final long SPIN_NANOS = Config.getLong("grad4j.cpu.waitSpinNanos", 200_000L);
    /** How long an idle helper polls for the next job before parking (nanoseconds). */
    static final long IDLE_SPIN_NANOS = Math.max(0L, Config.getLong("grad4j.cpu.idleSpinNanos", 200_000L));
    /** Elementwise loops of fewer elements run on the caller alone: a hand-off costs microseconds. */
    static final int PARALLEL_MIN = Math.max(2, Config.getInt("grad4j.cpu.parallelMinElements", 1 << 16));
    /** Items per thread in a split loop, so a late helper still finds work. */
    private static final int ITEMS_PER_THREAD = 4;

    private OldWorkers() {
    }

    /** The helper threads, created on the first operation large enough to be split. */
    private static final class Pool {
        static final ExecutorService EXECUTOR = new ThreadPoolExecutor(Math.max(1, THREADS - 1),
                Math.max(1, THREADS - 1), 0L, TimeUnit.MILLISECONDS, new SpinningQueue(), new ThreadFactory() {
                    private final AtomicInteger count = new AtomicInteger();

                    @Override
                    public Thread newThread(Runnable r) {
                        Thread t = new Thread(r, "grad4j-old-cpu-" + count.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    }
                });
    }

    /**
     * The helpers' job queue: a helper that finds it empty polls it for {@link #IDLE_SPIN_NANOS}
     * before blocking, because a step's next large operation usually comes sooner than a parked
     * thread wakes (as OpenMP and OpenBLAS threads wait; measured in PERFORMANCE.md).
     */
    private static final class SpinningQueue extends LinkedBlockingQueue<Runnable> {
        private static final long serialVersionUID = 1L;

        @Override
        public Runnable take() throws InterruptedException {
            if (IDLE_SPIN_NANOS > 0) {
                long end = System.nanoTime() + IDLE_SPIN_NANOS;
                do {
                    Runnable job = poll();   // no lock while the queue is empty
                    if (job != null) {
                        return job;
                    }
                    Thread.onSpinWait();
                } while (System.nanoTime() < end);
            }
            return super.take();
        }
    }

    /** A loop over the index range {@code [from, to)}. */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /** Whether an elementwise loop of {@code n} elements is worth splitting. */
    static boolean splits(long n) {
        return THREADS > 1 && n >= PARALLEL_MIN;
    }

    /**
     * Runs {@code body} over {@code [0, n)} cut into contiguous pieces of at least {@code grain}
     * indices, on the caller and the helpers.
     */
    static void forRange(int n, int grain, Range body) {
        int items = (int) Math.min((long) THREADS * ITEMS_PER_THREAD, Math.max(1, n / Math.max(1, grain)));
        if (items <= 1) {
            body.run(0, n);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        run(Math.min(THREADS, items), () -> {
            for (int i = next.getAndIncrement(); i < items; i = next.getAndIncrement()) {
                body.run((int) ((long) n * i / items), (int) ((long) n * (i + 1) / items));
            }
        });
    }

    /**
     * Runs {@code drain} on the caller and on up to t - 1 helpers. {@code drain} must pull its
     * work items from a shared counter until none are left: when the caller returns from it every
     * item has been claimed, so helpers that have not started yet (their core is busy elsewhere)
     * are cancelled instead of waited for; those that started are waited for.
     */
    static void run(int t, Runnable drain) {
        Future<?>[] futures = new Future<?>[t - 1];
        // one token per helper: whoever takes it first decides whether that helper runs
        AtomicIntegerArray tokens = new AtomicIntegerArray(Math.max(0, t - 1));
        for (int i = 0; i < t - 1; i++) {
            final int id = i;
            futures[i] = Pool.EXECUTOR.submit(() -> {
                if (tokens.compareAndSet(id, 0, 1)) {
                    drain.run();
                }
            });
        }
        Throwable failure = null;
        try {
            drain.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        boolean interrupted = false;
        for (int i = 0; i < t - 1; i++) {
            Future<?> f = futures[i];
            if (tokens.compareAndSet(i, 0, 2)) {
                f.cancel(false); // never started: its items were taken by others
                continue;
            }
            // the helper is usually within microseconds of finishing: spin briefly before parking,
            // which would add a wake-up (tens of microseconds on this VM) to every operation
            long spinEnd = System.nanoTime() + SPIN_NANOS;
            while (!f.isDone() && System.nanoTime() < spinEnd) {
                Thread.onSpinWait();
            }
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // a started helper writes into the output: wait for it anyway
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error er) {
            throw er;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }
}

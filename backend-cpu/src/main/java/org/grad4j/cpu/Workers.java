package org.grad4j.cpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

import org.grad4j.Config;

/**
 * The CPU backend's helper threads, shared by the GEMM and the large elementwise loops. Work is
 * cut into items that whichever thread comes first claims, so a helper that wakes late costs
 * nothing: the caller takes its items. Each item computes the same elements whoever runs it, so
 * results never depend on the number of threads.
 *
 * <p>The hand-off is one slot, {@link #posted}, instead of an executor's queue and futures
 * (2-6 us per operation, issue 16): the caller posts one small {@link Job}, helpers that poll the
 * slot (or are unparked) join it, the caller drains the items itself and then waits only for the
 * helpers that did join. An operation that finds the slot taken (another user thread's operation,
 * or a nested call from inside an item) runs on its caller alone, so nesting cannot deadlock.
 *
 * <p>Settings ({@link Config}): {@code grad4j.cpu.threads}, {@code grad4j.cpu.waitSpinNanos},
 * {@code grad4j.cpu.idleSpinNanos}, {@code grad4j.cpu.parallelMinElements}.
 */
final class Workers {
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

    /** The operation helpers may join, or null; also the lock that makes an operation the only split one. */
    private static volatile Job posted;
    private static final VarHandle POSTED;

    static {
        try {
            POSTED = MethodHandles.lookup().findStaticVarHandle(Workers.class, "posted", Job.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Workers() {
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
        new RangeJob(Math.min(THREADS, items), n, items, body).fork();
    }

    /**
     * Runs {@code drain} on the caller and on up to t - 1 helpers. {@code drain} must pull its
     * work items from a shared counter until none are left: when the caller returns from it every
     * item has been claimed, so helpers that have not started yet are shut out instead of waited
     * for; those that started are waited for.
     */
    static void run(int t, Runnable drain) {
        if (t <= 1) {
            drain.run();
            return;
        }
        new DrainJob(t, drain).fork();
    }

    /**
     * One split operation. {@link #state} counts the helpers inside {@link #drain} plus
     * {@link #CLOSED} once the caller has finished its own share; a helper may enter only while
     * the job is open and fewer than {@code t - 1} helpers are in.
     */
    private abstract static class Job {
        private static final int CLOSED = 1 << 30;
        private static final VarHandle STATE;
        private static final VarHandle FAILURE;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                STATE = l.findVarHandle(Job.class, "state", int.class);
                FAILURE = l.findVarHandle(Job.class, "failure", Throwable.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final int helpers;
        private volatile int state;
        private volatile Throwable failure;
        /** The caller, once it parks waiting for helpers. */
        private volatile Thread waiter;

        Job(int t) {
            this.helpers = t - 1;
        }

        /** Claims and runs items until none are left. */
        abstract void drain();

        /** Runs the job on the caller and whichever helpers join, then rethrows the first failure. */
        final void fork() {
            if (helpers <= 0 || !POSTED.compareAndSet((Job) null, this)) {
                // one thread, or another operation holds the helpers (a concurrent caller, or a nested call)
                drain();
                return;
            }
            Throwable mine = null;
            try {
                Pool.wake(helpers);
                try {
                    drain();
                } catch (RuntimeException | Error e) {
                    mine = e;
                }
                awaitHelpers();
            } finally {
                posted = null; // drop the reference, so the operands can be collected; frees the slot
            }
            Throwable f = mine != null ? mine : failure;
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error er) {
                throw er;
            }
            if (f != null) {
                throw new IllegalStateException(f);
            }
        }

        /** Shuts late helpers out and waits for those inside {@link #drain}. */
        private void awaitHelpers() {
            int s = (int) STATE.getAndAdd(this, CLOSED);
            if (s == 0) {
                return;
            }
            // a started helper is usually within microseconds of finishing: spin before parking,
            // which would add a wake-up (tens of microseconds on a VM) to the operation
            long spinEnd = System.nanoTime() + SPIN_NANOS;
            while (state != CLOSED && System.nanoTime() < spinEnd) {
                Thread.onSpinWait();
            }
            if (state == CLOSED) {
                return;
            }
            waiter = Thread.currentThread();
            boolean interrupted = false;
            while (state != CLOSED) { // a started helper writes into the output: wait for it anyway
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** Called by a helper that saw this job posted: runs a share of it unless it is closed or full. */
        final void help() {
            int s;
            do {
                s = state;
                if (s >= helpers) { // closed (s >= CLOSED), or enough helpers already in
                    return;
                }
            } while (!STATE.compareAndSet(this, s, s + 1));
            try {
                drain();
            } catch (Throwable e) {
                FAILURE.compareAndSet(this, (Throwable) null, e);
            } finally {
                if ((int) STATE.getAndAdd(this, -1) == CLOSED + 1) {
                    Thread w = waiter;
                    if (w != null) {
                        LockSupport.unpark(w);
                    }
                }
            }
        }
    }

    /** {@link #forRange}'s job: items are equal slices of {@code [0, n)}; one object per operation. */
    private static final class RangeJob extends Job {
        private static final VarHandle NEXT;

        static {
            try {
                NEXT = MethodHandles.lookup().findVarHandle(RangeJob.class, "next", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final int n;
        private final int items;
        private final Range body;
        @SuppressWarnings("unused") // through NEXT
        private volatile int next;

        RangeJob(int t, int n, int items, Range body) {
            super(t);
            this.n = n;
            this.items = items;
            this.body = body;
        }

        @Override
        void drain() {
            for (int i = (int) NEXT.getAndAdd(this, 1); i < items; i = (int) NEXT.getAndAdd(this, 1)) {
                body.run((int) ((long) n * i / items), (int) ((long) n * (i + 1) / items));
            }
        }
    }

    /** {@link #run}'s job: the caller's drain, which keeps its own item counter. */
    private static final class DrainJob extends Job {
        private final Runnable drain;

        DrainJob(int t, Runnable drain) {
            super(t);
            this.drain = drain;
        }

        @Override
        void drain() {
            drain.run();
        }
    }

    /** The helper threads, created on the first operation large enough to be split. */
    private static final class Pool {
        private static final Helper[] HELPERS = new Helper[Math.max(0, THREADS - 1)];

        static {
            for (int i = 0; i < HELPERS.length; i++) {
                HELPERS[i] = new Helper("grad4j-cpu-" + (i + 1));
                HELPERS[i].start();
            }
        }

        /** Unparks up to {@code count} parked helpers; spinning ones see the slot themselves. */
        static void wake(int count) {
            for (int i = 0; i < HELPERS.length && count > 0; i++, count--) {
                Helper h = HELPERS[i];
                if (h.parked) {
                    LockSupport.unpark(h);
                }
            }
        }
    }

    /**
     * A helper: after a job it polls the slot for {@link #IDLE_SPIN_NANOS}, because a step's next
     * large operation usually comes sooner than a parked thread wakes (as OpenMP and OpenBLAS
     * threads wait); then it parks, so an idle program burns no core.
     */
    private static final class Helper extends Thread {
        volatile boolean parked;

        Helper(String name) {
            super(name);
            setDaemon(true);
        }

        @Override
        public void run() {
            Job last = null;
            while (true) {
                Job job = posted;
                if (job != null && job != last) {
                    last = job;
                    job.help();
                    last = posted == job ? job : null; // keep no reference to a finished job's operands
                    continue;
                }
                long end = System.nanoTime() + IDLE_SPIN_NANOS;
                while (System.nanoTime() < end) {
                    job = posted;
                    if (job != null && job != last) {
                        break;
                    }
                    Thread.onSpinWait();
                }
                job = posted;
                if (job != null && job != last) {
                    continue;
                }
                parked = true; // then re-read the slot: a caller posts, then reads parked
                Job now = posted;
                boolean idle = now == null || now == job;
                last = null; // a parked helper keeps no job (and its operands) reachable
                job = null;
                now = null;
                if (idle) {
                    LockSupport.park(this);
                }
                parked = false;
                Thread.interrupted();
            }
        }
    }
}

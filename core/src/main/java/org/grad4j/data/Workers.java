package org.grad4j.data;

import java.lang.ref.Cleaner;
import java.lang.reflect.Constructor;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

import org.grad4j.Generator;

/**
 * A {@link Loader}'s worker threads ({@code num_workers > 0}), following PyTorch 1.13's
 * {@code _MultiProcessingDataLoaderIter} step for step, with threads for processes: each worker has its own
 * queue of tasks, the tasks go to the active workers in turn, {@code prefetchFactor * numWorkers} are sent
 * when the epoch starts and one more each time a batch is handed out, and the batches are handed out in the
 * order of their tasks, so a map-style loader yields its sampler's order whatever the threads' timing.
 *
 * <p>The threads hold no reference to the loader or its epoch iterator (only to a {@link Pool} and a
 * {@link Fetch}), so an abandoned iterator (or loader, for persistent workers) can be collected, and its
 * {@link Cleaner} action then stops the threads: PyTorch's {@code __del__}.
 */
final class Workers {
    /** PyTorch's {@code MP_STATUS_CHECK_INTERVAL}: how often a waiting loader checks its workers are alive. */
    private static final long CHECK_INTERVAL_MILLIS = 5000;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final ThreadLocal<WorkerInfo> INFO = new ThreadLocal<>();
    private static final Object STOP = new Object();

    private Workers() {
    }

    /** @return this thread's worker's information, or null outside a loader's worker */
    static WorkerInfo info() {
        return INFO.get();
    }

    /** A batch (or item) to load: PyTorch's {@code (idx, index)} on a worker's index queue. */
    private record Task(int epoch, int idx, Object index) {
    }

    /** A new epoch of persistent workers: PyTorch's {@code _ResumeIteration}. */
    private record Resume(int epoch) {
    }

    /** A worker's answer: the data, its exception, or the end of its stream. */
    private record Result(int epoch, int idx, int worker, Object data, Throwable error, boolean ended) {
    }

    /** The threads and their queues. */
    static final class Pool implements Runnable {
        final int size;
        final long baseSeed;
        private final LinkedBlockingQueue<Object>[] queues;
        private final LinkedBlockingQueue<Result> results = new LinkedBlockingQueue<>();
        private final Thread[] threads;
        private final AtomicBoolean down = new AtomicBoolean();

        @SuppressWarnings("unchecked")
        Pool(Fetch<?> fetch, int size, long baseSeed, IntConsumer initFn) {
            this.size = size;
            this.baseSeed = baseSeed;
            this.queues = new LinkedBlockingQueue[size];
            this.threads = new Thread[size];
            for (int w = 0; w < size; w++) {
                queues[w] = new LinkedBlockingQueue<>();
            }
            for (int w = 0; w < size; w++) {
                int id = w;
                Thread t = new Thread(() -> loop(this, fetch, id, initFn), "grad4j-DataLoader-worker-" + id);
                t.setDaemon(true);   // as PyTorch's daemonic worker processes: never keeps the JVM alive
                threads[w] = t;
                t.start();
            }
        }

        /** The Cleaner's action: stop the workers without waiting for them. */
        @Override
        public void run() {
            shutdown(false);
        }

        /** Tells every worker to stop after its current task; with {@code join}, waits for them to end. */
        void shutdown(boolean join) {
            if (down.compareAndSet(false, true)) {
                for (LinkedBlockingQueue<Object> q : queues) {
                    q.clear();
                    q.add(STOP);
                }
            }
            if (join) {
                for (Thread t : threads) {
                    if (t == Thread.currentThread()) {
                        continue;
                    }
                    try {
                        // bounded, as PyTorch's join(timeout=MP_STATUS_CHECK_INTERVAL): a thread cannot be
                        // terminated, so one stuck in the dataset ends (a daemon) when its fetch returns
                        t.join(CHECK_INTERVAL_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        /** A new epoch for persistent workers: their pending tasks dropped, their streams restarted. */
        void resume(int epoch) {
            for (LinkedBlockingQueue<Object> q : queues) {
                q.clear();
                q.add(new Resume(epoch));
            }
        }

        Thread thread(int w) {
            return threads[w];
        }
    }

    /** A worker thread's loop: PyTorch's {@code _worker_loop}. */
    private static void loop(Pool pool, Fetch<?> fetch, int id, IntConsumer initFn) {
        INFO.set(new WorkerInfo(id, pool.size, pool.baseSeed + id, fetch.dataset != null ? fetch.dataset : fetch.stream));
        // PyTorch's _worker_loop: torch.manual_seed(base_seed + worker_id) in the worker process. The thread dies
        // with the pool, and its generator with it.
        org.grad4j.internal.Internals.tensors().threadDefaultGenerator(new Generator(pool.baseSeed + id));
        Throwable initError = null;
        Fetch<?>.Pass pass = null;
        try {
            if (initFn != null) {
                initFn.accept(id);
            }
            if (fetch.stream != null) {
                pass = fetch.pass();   // iter(dataset) on the worker: each worker iterates its own pass
            }
        } catch (Throwable t) {
            initError = t;
        }
        boolean iterationEnd = false;
        while (true) {
            Object message;
            try {
                message = pool.queues[id].take();
            } catch (InterruptedException e) {
                return;
            }
            if (message == STOP) {
                return;
            }
            if (message instanceof Resume) {
                iterationEnd = false;
                if (fetch.stream != null) {
                    try {
                        pass = fetch.pass();
                    } catch (Throwable t) {
                        pass = null;
                        initError = t;
                    }
                }
                continue;
            }
            Task task = (Task) message;
            if (iterationEnd || pool.down.get()) {
                continue;   // PyTorch's worker skips tasks once its stream ended or the loader shuts down
            }
            Result result;
            if (initError != null) {
                result = new Result(task.epoch, task.idx, id, null, initError, false);
                initError = null;
            } else {
                try {
                    if (fetch.stream == null) {
                        result = new Result(task.epoch, task.idx, id, fetch.map(task.index), null, false);
                    } else if (pass == null) {
                        throw new IllegalStateException("DataLoader worker " + id + ": the dataset's iterator() failed "
                                + "(reported with an earlier batch)");
                    } else {
                        Object data = pass.fetch();
                        iterationEnd = data == Fetch.END;
                        result = new Result(task.epoch, task.idx, id, iterationEnd ? null : data, null, iterationEnd);
                    }
                } catch (Throwable t) {
                    result = new Result(task.epoch, task.idx, id, null, t, false);
                }
            }
            pool.results.add(result);
        }
    }

    /**
     * The exception a worker raised, for the main thread: of the same class when it has a public
     * {@code (String)} constructor (PyTorch re-raises the same type), its message naming the worker, the
     * original as its cause.
     */
    static Throwable rethrown(Throwable t, int worker) {
        String message = "Caught " + t.getClass().getSimpleName() + " in DataLoader worker process " + worker
                + ".\nOriginal " + t;
        if (t instanceof RuntimeException || t instanceof Error) {
            try {
                Constructor<? extends Throwable> c = t.getClass().getConstructor(String.class);
                Throwable e = c.newInstance(message);
                e.initCause(t);
                return e;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError ignored) {
                // no usable (String) constructor: the generic wrapper below
            }
        }
        return new IllegalStateException(message, t);
    }

    /** Per-task bookkeeping: the worker it was sent to, and its result once it came early. */
    private static final class Slot {
        final int worker;
        Result result;

        Slot(int worker) {
            this.worker = worker;
        }
    }

    /**
     * The loader's side of an epoch (or, with persistent workers, of each epoch in turn): PyTorch's
     * {@code _MultiProcessingDataLoaderIter}.
     */
    static final class Epoch<B> implements LoaderIterator<B> {
        private final Iterable<?> indexSampler;   // null for an iterable dataset (PyTorch's infinite sampler)
        private final int prefetchFactor;
        private final boolean persistent;
        private final double timeout;
        private final Pool pool;
        private final Cleaner.Cleanable cleanable;
        private final boolean[] active;
        private final Map<Integer, Slot> tasks = new HashMap<>();
        private Iterator<?> indices;
        private int epoch;
        private int sendIdx;
        private int rcvdIdx;
        private int cycle;
        private Object pending;
        private boolean hasPending;
        private boolean finished;

        /**
         * Starts the workers and the first epoch: the sampler's iterator, the base seed (one int64 from the
         * generator), the threads, then the sampler's iterator again and the first tasks, in PyTorch's order.
         */
        Epoch(Fetch<?> fetch, Iterable<?> indexSampler, Generator generator, int numWorkers, int prefetchFactor,
              boolean persistent, double timeout, IntConsumer initFn, Object owner) {
            this.indexSampler = indexSampler;
            this.prefetchFactor = prefetchFactor;
            this.persistent = persistent;
            this.timeout = timeout;
            this.indices = indexSampler != null ? indexSampler.iterator() : null;
            long baseSeed = (generator != null ? generator : Generator.defaultGenerator()).randomLong();
            this.pool = new Pool(fetch, numWorkers, baseSeed, initFn);
            // persistent workers live as long as the loader (owner); others as long as this epoch
            this.cleanable = CLEANER.register(persistent ? owner : this, pool);
            this.active = new boolean[numWorkers];
            try {
                reset(true);
            } catch (RuntimeException | Error e) {
                shutdown(false);
                throw e;
            }
        }

        /** A new epoch of the same (persistent) workers: PyTorch's {@code _reset}. */
        void reset(boolean first) {
            indices = indexSampler != null ? indexSampler.iterator() : null;
            epoch++;
            sendIdx = 0;
            rcvdIdx = 0;
            cycle = 0;
            tasks.clear();
            java.util.Arrays.fill(active, true);
            pending = null;
            hasPending = false;
            finished = false;
            if (!first) {
                pool.resume(epoch);
            }
            for (int i = 0; i < prefetchFactor * pool.size; i++) {
                tryPutIndex();
            }
        }

        /** The next index to the next active worker, unless the sampler has ended (or no worker is active). */
        private void tryPutIndex() {
            Object index = null;
            if (indices != null) {
                if (!indices.hasNext()) {
                    return;
                }
                index = indices.next();
            }
            int worker = -1;
            for (int k = 0; k < pool.size; k++) {
                int w = cycle;
                cycle = (cycle + 1) % pool.size;
                if (active[w]) {
                    worker = w;
                    break;
                }
            }
            if (worker < 0) {
                return;
            }
            pool.queues[worker].add(new Task(epoch, sendIdx, index));
            tasks.put(sendIdx, new Slot(worker));
            sendIdx++;
        }

        /** The next batch in task order, or {@link Fetch#END}: PyTorch's {@code _next_data}. */
        private Object nextData() {
            while (true) {
                // skip the tasks of workers whose stream has ended and that will never answer
                while (rcvdIdx < sendIdx) {
                    Slot s = tasks.get(rcvdIdx);
                    if (s.result != null || active[s.worker]) {
                        break;
                    }
                    tasks.remove(rcvdIdx);
                    rcvdIdx++;
                }
                if (rcvdIdx >= sendIdx) {
                    return Fetch.END;
                }
                Slot slot = tasks.get(rcvdIdx);
                if (slot.result != null) {
                    tasks.remove(rcvdIdx);
                    return process(slot.result);
                }
                Result r = getData();
                if (r.epoch != epoch) {
                    continue;   // an earlier epoch's answer, from persistent workers
                }
                if (r.ended) {
                    active[r.worker] = false;
                    if (!persistent) {
                        pool.queues[r.worker].add(STOP);   // PyTorch's _mark_worker_as_unavailable
                    }
                    tryPutIndex();
                    continue;
                }
                if (r.idx != rcvdIdx) {
                    tasks.get(r.idx).result = r;
                } else {
                    tasks.remove(r.idx);
                    return process(r);
                }
            }
        }

        private Object process(Result r) {
            rcvdIdx++;
            tryPutIndex();
            if (r.error != null) {
                Throwable e = rethrown(r.error, r.worker);
                if (e instanceof Error err) {
                    throw err;
                }
                throw (RuntimeException) e;
            }
            return r.data;
        }

        /** The next answer of a worker, within the timeout if there is one. */
        private Result getData() {
            try {
                if (timeout > 0) {
                    Result r = pool.results.poll((long) Math.ceil(timeout * 1e9), TimeUnit.NANOSECONDS);
                    if (r == null) {
                        checkAlive();
                        throw new IllegalStateException("DataLoader timed out after " + pythonFloat(timeout) + " seconds");
                    }
                    return r;
                }
                while (true) {
                    Result r = pool.results.poll(CHECK_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
                    if (r != null) {
                        return r;
                    }
                    checkAlive();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("DataLoader: interrupted while waiting for a batch from the workers", e);
            }
        }

        private void checkAlive() {
            StringBuilder dead = new StringBuilder();
            for (int w = 0; w < pool.size; w++) {
                if (active[w] && !pool.thread(w).isAlive()) {
                    dead.append(dead.length() > 0 ? ", " : "").append(pool.thread(w).getName());
                    active[w] = false;
                }
            }
            if (dead.length() > 0) {
                throw new IllegalStateException("DataLoader worker (thread(s) " + dead + ") exited unexpectedly");
            }
        }

        private static String pythonFloat(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e16 ? Long.toString((long) v) + ".0" : Double.toString(v);
        }

        @Override
        public boolean hasNext() {
            if (hasPending) {
                return true;
            }
            if (finished) {
                return false;
            }
            try {
                Object data = nextData();
                if (data == Fetch.END) {
                    end(true);
                    return false;
                }
                pending = data;
                hasPending = true;
                return true;
            } catch (RuntimeException | Error e) {
                // a for-each loop cannot go on after an exception and Java has no __del__: the epoch ends here
                end(false);
                throw e;
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public B next() {
            if (!hasNext()) {
                throw new NoSuchElementException("DataLoader: the epoch has ended");
            }
            Object b = pending;
            pending = null;
            hasPending = false;
            return (B) b;
        }

        private void end(boolean join) {
            finished = true;
            pending = null;
            hasPending = false;
            if (!persistent) {
                shutdown(join);
            }
        }

        @Override
        public void close() {
            end(true);
        }

        /** Stops the workers (persistent ones too): the loader's {@code close()}, or a failed start. */
        void shutdown(boolean join) {
            pool.shutdown(join);
            cleanable.clean();
        }
    }
}

package org.grad4j.data;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.IntConsumer;

import org.grad4j.Generator;

/**
 * {@code torch.utils.data.DataLoader} over any {@link Dataset} or {@link IterableDataset}, built by
 * {@link DataLoader#builder(Dataset)} or {@link DataLoader#builder(IterableDataset)}:
 * <pre>{@code
 * Loader<Object> loader = DataLoader.builder(dataset)               // DataLoader(dataset,
 *         .batchSize(4)                                             //     batch_size=4,
 *         .sampler(new WeightedRandomSampler(weights, 100))         //     sampler=WeightedRandomSampler(...),
 *         .generator(new Generator(0))                              //     generator=g)
 *         .build();
 * for (Object batch : loader) { ... }                               // default_collate's output
 * }</pre>
 * Each {@link #iterator()} is one epoch, as {@code iter(loader)}: it makes the index sampler's iterator, then
 * draws the epoch's base seed (one int64) from the generator, or the default generator when there is none,
 * as PyTorch does even without workers, so the same seeds give PyTorch's batches (and a fresh order each
 * epoch). A map-style dataset's batch fetches its items with {@link Dataset#get(int)}; an iterable one's takes
 * the next {@code batchSize} items of the pass started with the epoch (a shorter last batch unless
 * {@code dropLast}). The items are collated by {@link Collate#defaultCollate(List)} unless a collate function
 * is given; without batching ({@code batchSize(null)}) each item comes alone, its primitive arrays made
 * tensors (PyTorch's {@code default_convert}).
 *
 * <p>With {@code numWorkers(n)}, {@code n > 0}, batches are loaded on {@code n} worker threads, PyTorch's worker
 * processes made threads (a Java program cannot fork; threads are its honest equivalent), with PyTorch 1.13's
 * guarantees: a map-style loader yields its sampler's batches in order, the very batches of {@code numWorkers=0}
 * for the same generator state, and leaves the generator as PyTorch does (the epoch's base seed is drawn once
 * per epoch, or once per loader with {@code persistentWorkers}; the sampler is read {@code prefetchFactor *
 * numWorkers} batches ahead). Worker {@code i} gets task {@code i}, {@code i + n}, ... of the epoch; on it,
 * {@link DataLoader#getWorkerInfo()} gives its id and seed ({@code baseSeed + i}), and {@code workerInitFn} runs
 * first. An exception in a worker is raised in the calling thread, of the same class when it can be, its message
 * naming the worker ({@code "Caught ... in DataLoader worker process 1."}), the original as its cause; the epoch
 * then ends. Workers stop when the epoch ends, when its {@link LoaderIterator} is closed, or once an abandoned
 * iterator is garbage-collected; persistent workers serve every epoch until {@link #close()} (or the loader is
 * collected). With {@code timeout > 0}, waiting longer than that for a batch fails.
 *
 * <p>Threads share what processes copy: the dataset object (its {@code get} must be safe to call from several
 * threads at once), and the default generator (PyTorch seeds each worker process's own with its seed: a dataset
 * drawing random numbers on a worker should use {@code new Generator(getWorkerInfo().seed())}). An
 * {@link IterableDataset} is iterated by each worker: each calls its {@code iterator()} on the worker thread,
 * so, as in PyTorch, every worker yields the whole stream (duplicated data) unless {@code iterator()} reads
 * {@link DataLoader#getWorkerInfo()} to take its share; the loader yields the workers' batches in turn, a worker
 * whose stream has ended dropping out. {@code pinMemory} is accepted and does nothing: grad4j's CPU memory needs
 * no pinning and a device's batches are made on it.
 *
 * @param <B> the type of a batch
 */
public final class Loader<B> implements Iterable<B>, AutoCloseable {
    private final Dataset<?> dataset;           // map-style, or null
    private final IterableDataset<?> stream;    // iterable-style, or null
    private final Integer batchSize;
    private final boolean dropLast;
    private final Iterable<Integer> sampler;            // null for an iterable dataset
    private final Iterable<List<Integer>> batchSampler; // null without automatic batching or for an iterable dataset
    private final Generator generator;
    private final WorkerOptions workers;
    private final Fetch<B> fetch;
    private Workers.Epoch<B> persistentEpoch;          // the one iterator of persistent workers, once started

    /** The worker options of {@code DataLoader}, defaults {@link #NONE}. */
    record WorkerOptions(int numWorkers, int prefetchFactor, boolean persistentWorkers, double timeout,
                         IntConsumer workerInitFn, boolean pinMemory) {
        static final WorkerOptions NONE = new WorkerOptions(0, 2, false, 0, null, false);

        /** PyTorch 1.13's checks, in its order and with its messages. */
        void check() {
            if (numWorkers < 0) {
                throw new IllegalArgumentException("DataLoader: num_workers option should be non-negative; use "
                        + "num_workers=0 to disable multiprocessing.");
            }
            if (timeout < 0) {
                throw new IllegalArgumentException("DataLoader: timeout option should be non-negative");
            }
            if (numWorkers == 0 && prefetchFactor != 2) {
                throw new IllegalArgumentException("DataLoader: prefetch_factor option could only be specified in "
                        + "multiprocessing.let num_workers > 0 to enable multiprocessing.");
            }
            if (prefetchFactor <= 0) {   // PyTorch's assertion
                throw new IllegalArgumentException("DataLoader: prefetch_factor should be positive, but got "
                        + "prefetch_factor=" + prefetchFactor);
            }
            if (persistentWorkers && numWorkers == 0) {
                throw new IllegalArgumentException("DataLoader: persistent_workers option needs num_workers > 0");
            }
        }
    }

    @SuppressWarnings("unchecked")
    Loader(Dataset<?> dataset, IterableDataset<?> stream, Integer batchSize, boolean shuffle, Iterable<Integer> sampler,
           Iterable<List<Integer>> batchSampler, Function<? super List<Object>, ?> collateFn, boolean dropLast,
           Generator generator, WorkerOptions workers) {
        if (dataset == null && stream == null) {
            throw new IllegalArgumentException("DataLoader: expected a dataset, got null");
        }
        // PyTorch 1.13's checks, in its order and with its messages: the workers' arguments first
        workers.check();
        if (stream != null) {
            if (shuffle) {
                throw new IllegalArgumentException("DataLoader with IterableDataset: expected unspecified shuffle "
                        + "option, but got shuffle=True");
            }
            if (sampler != null) {
                throw new IllegalArgumentException("DataLoader with IterableDataset: expected unspecified sampler "
                        + "option, but got sampler=" + sampler);
            }
            if (batchSampler != null) {
                throw new IllegalArgumentException("DataLoader with IterableDataset: expected unspecified batch_sampler "
                        + "option, but got batch_sampler=" + batchSampler);
            }
        }
        if (sampler != null && shuffle) {
            throw new IllegalArgumentException("DataLoader: sampler option is mutually exclusive with shuffle");
        }
        if (batchSampler != null) {
            if (batchSize == null || batchSize != 1 || shuffle || sampler != null || dropLast) {
                throw new IllegalArgumentException("DataLoader: batch_sampler option is mutually exclusive with "
                        + "batch_size, shuffle, sampler, and drop_last");
            }
            batchSize = null;
            dropLast = false;
        } else if (batchSize == null && dropLast) {
            throw new IllegalArgumentException("DataLoader: batch_size=None option disables auto-batching and is "
                    + "mutually exclusive with drop_last");
        }
        if (stream != null) {
            if (batchSize != null && batchSize <= 0) {   // BatchSampler(_InfiniteConstantSampler(), batch_size, ...)
                throw new IllegalArgumentException("DataLoader: batch_size should be a positive integer value, but got "
                        + "batch_size=" + batchSize);
            }
        } else {
            if (sampler == null) {
                sampler = shuffle ? new RandomSampler(dataset, false, null, generator) : new SequentialSampler(dataset);
            }
            if (batchSize != null && batchSampler == null) {
                batchSampler = new BatchSampler(sampler, batchSize, dropLast);
            }
        }
        boolean batching = stream != null ? batchSize != null : batchSampler != null;
        if (!batching && collateFn != null) {
            throw new IllegalArgumentException("DataLoader: a collate_fn without batching (batch_size=None, no "
                    + "batch_sampler) would receive single items, which grad4j's List-typed collateFn cannot take; "
                    + "map the items in the dataset instead");
        }
        this.dataset = dataset;
        this.stream = stream;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.sampler = sampler;
        this.batchSampler = batchSampler;
        this.generator = generator;
        this.workers = workers;
        this.fetch = new Fetch<>(dataset, stream, batchSize, dropLast, batching,
                (Function<List<Object>, B>) (collateFn != null ? collateFn
                        : batching ? (Function<List<Object>, Object>) Collate::defaultCollate : null),
                collateFn == null);
    }

    /** @return the {@link Dataset} or {@link IterableDataset} loaded */
    public Object dataset() {
        return dataset != null ? dataset : stream;
    }

    /** @return the number of items per batch, or null without automatic batching (a batch sampler, or none) */
    public Integer batchSize() {
        return batchSize;
    }

    /** @return whether a last, shorter batch is dropped */
    public boolean dropLast() {
        return dropLast;
    }

    /**
     * The sampler of indices: the one given, or the default (sequential, or random with shuffle).
     *
     * @return the sampler, or null for an iterable dataset
     */
    public Iterable<Integer> sampler() {
        return sampler;
    }

    /**
     * The sampler of batches of indices: the one given, or a {@link BatchSampler} over {@link #sampler()}.
     *
     * @return the batch sampler, or null without automatic batching or for an iterable dataset
     */
    public Iterable<List<Integer>> batchSampler() {
        return batchSampler;
    }

    /** @return the generator of the base seeds (and of the default shuffle), or null */
    public Generator generator() {
        return generator;
    }

    /** @return the number of worker threads (0: loading in the calling thread) */
    public int numWorkers() {
        return workers.numWorkers;
    }

    /** @return the number of batches each worker is given ahead */
    public int prefetchFactor() {
        return workers.prefetchFactor;
    }

    /** @return whether the workers serve every epoch (until {@link #close()}) */
    public boolean persistentWorkers() {
        return workers.persistentWorkers;
    }

    /** @return the seconds to wait for a batch from the workers before failing; 0 to wait as long as it takes */
    public double timeout() {
        return workers.timeout;
    }

    /** @return whether {@code pinMemory} was asked (it does nothing, see above) */
    public boolean pinMemory() {
        return workers.pinMemory;
    }

    /**
     * The number of batches per epoch, like {@code len(loader)}: the batch sampler's length, or the sampler's
     * without batching; for an iterable dataset its size, divided by the batch size (rounded down with
     * {@code dropLast}, up otherwise).
     *
     * @return the number of batches
     * @throws IllegalStateException if the sampler, or the iterable dataset, has no length
     */
    public int len() {
        if (stream != null) {
            long n = stream.size();
            if (batchSize == null) {
                return (int) n;
            }
            return (int) (dropLast ? n / batchSize : (n + batchSize - 1) / batchSize);
        }
        return lenOf(batchSampler != null ? batchSampler : sampler);
    }

    static int lenOf(Iterable<?> sampler) {
        if (sampler instanceof Sampler<?> s) {
            return s.len();
        }
        if (sampler instanceof Collection<?> c) {
            return c.size();
        }
        throw new IllegalStateException("object of type " + sampler.getClass().getName() + " has no len() (expected "
                + "a Sampler or a Collection)");
    }

    /**
     * Starts an epoch: the index sampler's iterator, then the base seed (one int64 draw), then, for an iterable
     * dataset, its pass; with workers, the workers and their first tasks (with persistent workers, only the first
     * epoch starts them and draws the base seed; the next ones reset and return the same iterator, as PyTorch).
     *
     * @return an iterator over this epoch's batches
     * @throws IllegalStateException if a timeout is set without workers (PyTorch's assertion)
     */
    @Override
    public LoaderIterator<B> iterator() {
        Iterable<?> indexSampler = stream != null ? null : batchSampler != null ? batchSampler : sampler;
        if (workers.numWorkers > 0) {
            if (!workers.persistentWorkers) {
                return new Workers.Epoch<>(fetch, indexSampler, generator, workers.numWorkers, workers.prefetchFactor,
                        false, workers.timeout, workers.workerInitFn, this);
            }
            synchronized (this) {
                if (persistentEpoch == null) {
                    persistentEpoch = new Workers.Epoch<>(fetch, indexSampler, generator, workers.numWorkers,
                            workers.prefetchFactor, true, workers.timeout, workers.workerInitFn, this);
                } else {
                    persistentEpoch.reset(false);
                }
                return persistentEpoch;
            }
        }
        if (workers.timeout > 0) {
            throw new IllegalStateException("DataLoader: timeout=" + workers.timeout + " needs num_workers > 0 "
                    + "(PyTorch fails its assertion self._timeout == 0 when iterating)");
        }
        Iterator<?> indices = indexSampler == null ? null : indexSampler.iterator();
        (generator != null ? generator : Generator.defaultGenerator()).randomLong();   // _base_seed
        return stream != null ? new Pass(fetch.pass()) : new Epoch(indices);
    }

    /**
     * Stops the persistent workers, if any (waiting for them to end); a later {@link #iterator()} starts new ones
     * (and draws a new base seed). Without persistent workers there is nothing to stop: each epoch stops its own.
     */
    @Override
    public synchronized void close() {
        if (persistentEpoch != null) {
            persistentEpoch.close();
            persistentEpoch.shutdown(true);
            persistentEpoch = null;
        }
    }

    /** A map-style epoch in the calling thread: one index (or batch of indices) of the sampler per item (or batch). */
    private final class Epoch implements LoaderIterator<B> {
        private final Iterator<?> indices;
        private boolean closed;

        Epoch(Iterator<?> indices) {
            this.indices = indices;
        }

        @Override
        public boolean hasNext() {
            return !closed && indices.hasNext();
        }

        @Override
        public B next() {
            if (!hasNext()) {
                throw new NoSuchElementException("DataLoader: the epoch has ended");
            }
            return fetch.map(indices.next());
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** An iterable dataset's epoch in the calling thread: the next {@code batchSize} items of its pass per batch. */
    private final class Pass implements LoaderIterator<B> {
        private final Fetch<B>.Pass pass;
        private Object pending;
        private boolean done;

        Pass(Fetch<B>.Pass pass) {
            this.pass = pass;
        }

        @Override
        public boolean hasNext() {
            if (pending == null && !done) {
                Object b = pass.fetch();
                if (b == Fetch.END) {
                    done = true;
                } else {
                    pending = b;
                }
            }
            return pending != null;
        }

        @Override
        @SuppressWarnings("unchecked")
        public B next() {
            if (!hasNext()) {
                throw new NoSuchElementException("DataLoader: the epoch has ended");
            }
            B b = (B) pending;
            pending = null;
            return b;
        }

        @Override
        public void close() {
            done = true;
            pending = null;
        }
    }

    @Override
    public String toString() {
        Object d = dataset();
        return "DataLoader(dataset=" + d.getClass().getSimpleName() + ", batch_size="
                + (batchSize == null ? "None" : batchSize) + ", drop_last=" + (dropLast ? "True" : "False")
                + (sampler != null ? ", sampler=" + sampler : "") + (batchSampler != null ? ", batch_sampler="
                + batchSampler : "") + ")";
    }
}

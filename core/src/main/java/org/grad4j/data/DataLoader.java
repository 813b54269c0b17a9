package org.grad4j.data;

import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntConsumer;

import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * Batches of a dataset for a for-each loop, like {@code torch.utils.data.DataLoader} with
 * {@code num_workers=0} and the default collation:
 * <pre>{@code
 * DataLoader loader = new DataLoader(dataset, 32, true, false, new Generator(0));
 * for (Tensor[] batch : loader) {          // PyTorch: for x, y in loader
 *     Tensor x = batch[0], y = batch[1];   // [32, ...] each: field j of the items, stacked
 * }
 * }</pre>
 * Each batch is a {@code Tensor[]} with one tensor per field of the items, of the items' dtype and device
 * (float32 or float64 inputs stay so; int64 labels give an int64 batch), shaped {@code [B, ...]}.
 * Each loop over the loader is one epoch.
 *
 * <p>Randomness follows PyTorch 1.13 draw for draw, so the same seed gives the same batches:
 * starting an epoch draws one int64 (the workers' base seed) from the loader's generator, or from the
 * default generator when there is none, shuffled or not. With {@code shuffle}, the order is
 * {@code randperm(size)} of the loader's generator; without a generator, of a fresh generator seeded
 * with one int64 draw from the default generator (like {@code RandomSampler}). Running an epoch to its end
 * draws the sampler's second, empty {@code randperm} as PyTorch does.
 *
 * <p>Batches are new tensors, not views of the dataset, and are not attached to a
 * {@link org.grad4j.MemoryScope} opened inside the loop's body.
 *
 * <p>For samplers, batch samplers, collate functions, datasets of any item type or no batching, use
 * {@link #builder(Dataset)}, which builds a {@link Loader}; its {@code numWorkers(n)} loads on worker threads.
 * This class loads in the calling thread (PyTorch's {@code num_workers=0}).
 */
public final class DataLoader implements Iterable<Tensor[]> {
    private final Loader<Tensor[]> loader;
    private final int batchSize;

    /**
     * Batches in order, the last one possibly smaller.
     *
     * @param dataset the items to batch
     * @param batchSize the number of items per batch, positive
     */
    public DataLoader(Dataset<Tensor[]> dataset, int batchSize) {
        this(dataset, batchSize, false, false, null);
    }

    /**
     * Batches, reshuffled every epoch from the default generator when {@code shuffle}.
     *
     * @param dataset the items to batch
     * @param batchSize the number of items per batch, positive
     * @param shuffle whether to reshuffle the items every epoch
     */
    public DataLoader(Dataset<Tensor[]> dataset, int batchSize, boolean shuffle) {
        this(dataset, batchSize, shuffle, false, null);
    }

    /**
     * A loader with every option, in PyTorch's order
     * ({@code DataLoader(dataset, batch_size, shuffle, ..., drop_last, ..., generator)}).
     *
     * @param dataset the items to batch
     * @param batchSize the number of items per batch, positive
     * @param shuffle whether to reshuffle the items every epoch
     * @param dropLast whether to drop the last batch when it is smaller than {@code batchSize}
     * @param generator the source of the order and base seed; null for the default generator (see above)
     * @throws IllegalArgumentException if {@code dataset} is null, {@code batchSize} is not positive, or
     *         {@code shuffle} is asked of an empty dataset
     */
    public DataLoader(Dataset<Tensor[]> dataset, int batchSize, boolean shuffle, boolean dropLast, Generator generator) {
        this.loader = new Loader<>(dataset, null, batchSize, shuffle, null, null, null, dropLast, generator,
                Loader.WorkerOptions.NONE);
        this.batchSize = batchSize;
    }

    /**
     * A builder for a {@link Loader} with PyTorch's every option, defaults as PyTorch's:
     * {@code batchSize} 1, no shuffle, sequential sampler, default collation, no generator.
     *
     * @param <T> the item type
     * @param dataset the items to load
     * @return a builder
     * @throws IllegalArgumentException if {@code dataset} is null
     */
    public static <T> Builder<T, Object> builder(Dataset<T> dataset) {
        if (dataset == null) {
            throw new IllegalArgumentException("DataLoader: expected a dataset, got null");
        }
        return new Builder<>(dataset, null, null);
    }

    /**
     * A builder for a {@link Loader} of an iterable-style dataset: batches of its items in the order they come
     * (no sampler, no shuffle: PyTorch's errors otherwise).
     *
     * @param <T> the item type
     * @param dataset the stream of items
     * @return a builder
     * @throws IllegalArgumentException if {@code dataset} is null
     */
    public static <T> Builder<T, Object> builder(IterableDataset<T> dataset) {
        if (dataset == null) {
            throw new IllegalArgumentException("DataLoader: expected a dataset, got null");
        }
        return new Builder<>(null, dataset, null);
    }

    /**
     * The worker running this code, like {@code torch.utils.data.get_worker_info()}: its id, the number of
     * workers, its seed and the dataset, on a {@link Loader}'s worker thread (in the dataset's {@code get} or
     * {@code iterator()}, the collate function, {@code workerInitFn}); null elsewhere, as in PyTorch's main
     * process.
     *
     * @return the worker's information, or null outside a worker
     */
    public static WorkerInfo getWorkerInfo() {
        return Workers.info();
    }

    /** @return the dataset batched */
    @SuppressWarnings("unchecked")
    public Dataset<Tensor[]> dataset() {
        return (Dataset<Tensor[]>) loader.dataset();
    }

    /** @return the number of items per batch */
    public int batchSize() {
        return batchSize;
    }

    /** @return the sampler of indices: sequential, or random with shuffle */
    @SuppressWarnings("unchecked")
    public Sampler<Integer> sampler() {
        return (Sampler<Integer>) loader.sampler();
    }

    /**
     * The number of batches per epoch, like {@code len(loader)}: {@code size / batchSize} rounded down
     * with {@code dropLast}, up otherwise.
     *
     * @return the number of batches
     */
    public int len() {
        return loader.len();
    }

    /**
     * Starts an epoch (draws the base seed now; the shuffle at the first batch, as PyTorch).
     *
     * @return an iterator over this epoch's batches
     */
    @Override
    public Iterator<Tensor[]> iterator() {
        return loader.iterator();
    }

    @Override
    public String toString() {
        return loader.toString();
    }

    /**
     * The options of a {@link Loader}, named and defaulted as {@code DataLoader}'s arguments; conflicting ones
     * fail at {@link #build()} with PyTorch's messages.
     *
     * @param <T> the item type
     * @param <B> the batch type: {@code Object} for the default collation, the collate function's result otherwise
     */
    public static final class Builder<T, B> {
        private final Dataset<T> dataset;
        private final IterableDataset<T> stream;
        private final Function<? super List<T>, ? extends B> collateFn;
        private Integer batchSize = 1;
        private boolean shuffle;
        private Iterable<Integer> sampler;
        private Iterable<List<Integer>> batchSampler;
        private boolean dropLast;
        private Generator generator;
        private int numWorkers;
        private int prefetchFactor = 2;
        private boolean persistentWorkers;
        private double timeout;
        private IntConsumer workerInitFn;
        private boolean pinMemory;

        private Builder(Dataset<T> dataset, IterableDataset<T> stream, Function<? super List<T>, ? extends B> collateFn) {
            this.dataset = dataset;
            this.stream = stream;
            this.collateFn = collateFn;
        }

        private <R> Builder<T, R> copy(Function<? super List<T>, ? extends R> fn) {
            Builder<T, R> b = new Builder<>(dataset, stream, fn);
            b.batchSize = batchSize;
            b.shuffle = shuffle;
            b.sampler = sampler;
            b.batchSampler = batchSampler;
            b.dropLast = dropLast;
            b.generator = generator;
            b.numWorkers = numWorkers;
            b.prefetchFactor = prefetchFactor;
            b.persistentWorkers = persistentWorkers;
            b.timeout = timeout;
            b.workerInitFn = workerInitFn;
            b.pinMemory = pinMemory;
            return b;
        }

        /**
         * {@code batch_size}: items per batch (default 1); null disables automatic batching, each item then
         * being returned alone.
         *
         * @param batchSize positive, or null
         * @return this builder
         */
        public Builder<T, B> batchSize(Integer batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * {@code shuffle}: a {@link RandomSampler} over the dataset, with this builder's generator.
         *
         * @param shuffle whether to reshuffle every epoch
         * @return this builder
         */
        public Builder<T, B> shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * {@code sampler}: where the indices come from (not with {@code shuffle}): a {@link Sampler}, or any
         * iterable of indices (a {@code List} for {@link Loader#len()}).
         *
         * @param sampler the indices into the dataset, in order
         * @return this builder
         */
        public Builder<T, B> sampler(Iterable<Integer> sampler) {
            this.sampler = sampler;
            return this;
        }

        /**
         * {@code batch_sampler}: where the batches of indices come from (not with {@code batchSize} other than 1,
         * {@code shuffle}, {@code sampler} or {@code dropLast}).
         *
         * @param batchSampler lists of indices, e.g. a {@link BatchSampler} (any iterable; a {@code List} or a
         *                     {@link Sampler} for {@link Loader#len()})
         * @return this builder
         */
        public Builder<T, B> batchSampler(Iterable<List<Integer>> batchSampler) {
            this.batchSampler = batchSampler;
            return this;
        }

        /**
         * {@code drop_last}: drop the last batch when it is shorter than {@code batchSize}.
         *
         * @param dropLast whether to drop it
         * @return this builder
         */
        public Builder<T, B> dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /**
         * {@code generator}: the source of each epoch's base seed and of the default shuffle.
         *
         * @param generator a generator, or null for the default generator
         * @return this builder
         */
        public Builder<T, B> generator(Generator generator) {
            this.generator = generator;
            return this;
        }

        /**
         * {@code num_workers}: the number of worker threads that load the batches (default 0: the calling thread
         * loads them). Threads stand for PyTorch's worker processes, which a Java program cannot fork: the batches,
         * their order and the generator's draws are PyTorch's; see {@link Loader} for what threads share.
         *
         * @param numWorkers not negative
         * @return this builder
         */
        public Builder<T, B> numWorkers(int numWorkers) {
            this.numWorkers = numWorkers;
            return this;
        }

        /**
         * {@code prefetch_factor}: the number of batches given to each worker ahead (default 2; only with workers).
         *
         * @param prefetchFactor positive
         * @return this builder
         */
        public Builder<T, B> prefetchFactor(int prefetchFactor) {
            this.prefetchFactor = prefetchFactor;
            return this;
        }

        /**
         * {@code persistent_workers}: keep the workers (and their state) from one epoch to the next, until
         * {@link Loader#close()}; the base seed is then drawn once (only with workers).
         *
         * @param persistentWorkers whether the workers persist
         * @return this builder
         */
        public Builder<T, B> persistentWorkers(boolean persistentWorkers) {
            this.persistentWorkers = persistentWorkers;
            return this;
        }

        /**
         * {@code timeout}: the seconds to wait for a batch from the workers before failing with PyTorch's
         * "DataLoader timed out after ... seconds" (default 0: wait as long as it takes; only with workers).
         *
         * @param timeout not negative
         * @return this builder
         */
        public Builder<T, B> timeout(double timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * {@code worker_init_fn}: called on each worker thread with its id, after its seed is set and before it
         * loads anything; {@link DataLoader#getWorkerInfo()} works inside. An exception is raised with the
         * worker's first batch.
         *
         * @param workerInitFn the function, or null
         * @return this builder
         */
        public Builder<T, B> workerInitFn(IntConsumer workerInitFn) {
            this.workerInitFn = workerInitFn;
            return this;
        }

        /**
         * {@code pin_memory}: accepted, and does nothing: grad4j's host memory needs no pinning (PyTorch, too,
         * ignores it without CUDA).
         *
         * @param pinMemory whether to pin
         * @return this builder
         */
        public Builder<T, B> pinMemory(boolean pinMemory) {
            this.pinMemory = pinMemory;
            return this;
        }

        /**
         * {@code collate_fn}: turns a batch's items into the batch (default {@link Collate#defaultCollate(List)}).
         * Only with batching: PyTorch would hand it single items when {@code batchSize} is null.
         *
         * @param <R> the batch type
         * @param collateFn the function, or null for the default collation
         * @return a builder of loaders yielding {@code R}
         */
        public <R> Builder<T, R> collateFn(Function<? super List<T>, ? extends R> collateFn) {
            return copy(collateFn);
        }

        /**
         * The loader.
         *
         * @return a loader with these options
         * @throws IllegalArgumentException if options conflict (PyTorch's messages) or one is invalid
         */
        @SuppressWarnings("unchecked")
        public Loader<B> build() {
            return new Loader<>(dataset, stream, batchSize, shuffle, sampler, batchSampler,
                    (Function<? super List<Object>, ?>) (Function<?, ?>) collateFn, dropLast, generator,
                    new Loader.WorkerOptions(numWorkers, prefetchFactor, persistentWorkers, timeout, workerInitFn,
                            pinMemory));
        }
    }
}

package org.grad4j.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

import org.grad4j.Generator;
import org.grad4j.Tensor;

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
 * <p>Loading runs in the calling thread: PyTorch's {@code num_workers > 0} (worker processes, their seeds,
 * {@code worker_init_fn}, {@code persistent_workers}, {@code pin_memory}, {@code timeout}) has no counterpart,
 * and the batches are those of {@code num_workers=0}.
 *
 * @param <B> the type of a batch
 */
public final class Loader<B> implements Iterable<B> {
    private final Dataset<?> dataset;           // map-style, or null
    private final IterableDataset<?> stream;    // iterable-style, or null
    private final Integer batchSize;
    private final boolean dropLast;
    private final Iterable<Integer> sampler;            // null for an iterable dataset
    private final Iterable<List<Integer>> batchSampler; // null without automatic batching or for an iterable dataset
    private final Function<List<Object>, B> collateFn;  // null without batching
    private final boolean defaultCollate;
    private final Generator generator;

    @SuppressWarnings("unchecked")
    Loader(Dataset<?> dataset, IterableDataset<?> stream, Integer batchSize, boolean shuffle, Iterable<Integer> sampler,
           Iterable<List<Integer>> batchSampler, Function<? super List<Object>, ?> collateFn, boolean dropLast,
           Generator generator) {
        if (dataset == null && stream == null) {
            throw new IllegalArgumentException("DataLoader: expected a dataset, got null");
        }
        // PyTorch 1.13's checks, in its order and with its messages
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
        this.defaultCollate = collateFn == null;
        this.collateFn = (Function<List<Object>, B>) (collateFn != null ? collateFn
                : batching ? (Function<List<Object>, Object>) Collate::defaultCollate : null);
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
     * dataset, its pass.
     *
     * @return an iterator over this epoch's batches
     */
    @Override
    public Iterator<B> iterator() {
        Iterator<?> indices = stream != null ? null : batchSampler != null ? batchSampler.iterator() : sampler.iterator();
        (generator != null ? generator : Generator.defaultGenerator()).randomLong();   // _base_seed
        return stream != null ? new Pass(stream.iterator()) : new Epoch(indices);
    }

    /** A map-style epoch: one index (or batch of indices) of the sampler per item (or batch). */
    private final class Epoch implements Iterator<B> {
        private final Iterator<?> indices;

        Epoch(Iterator<?> indices) {
            this.indices = indices;
        }

        @Override
        public boolean hasNext() {
            return indices.hasNext();
        }

        @Override
        @SuppressWarnings("unchecked")
        public B next() {
            if (!indices.hasNext()) {
                throw new NoSuchElementException("DataLoader: the epoch has ended");
            }
            Object index = indices.next();
            if (batchSampler == null) {
                return (B) Collate.defaultConvert(dataset.get(toIndex(index)));
            }
            if (!(index instanceof List<?> batch)) {
                throw new IllegalArgumentException("DataLoader: the batch sampler yielded " + describe(index)
                        + "; expected a List of Integer indices");
            }
            if (defaultCollate && !batch.isEmpty() && tensorRows()) {
                int[] rows = new int[batch.size()];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = toRow(batch.get(i));
                }
                return (B) Collate.batch((Dataset<Tensor[]>) dataset, rows);
            }
            List<Object> items = new ArrayList<>(batch.size());
            for (Object i : batch) {
                items.add(dataset.get(toIndex(i)));
            }
            return collateFn.apply(items);
        }
    }

    /** An iterable dataset's epoch: the next {@code batchSize} items of its pass per batch (or one item). */
    private final class Pass implements Iterator<B> {
        private final Iterator<?> items;
        private boolean ended;   // the pass ended: PyTorch's fetcher never asks again
        private B pending;
        private boolean done;

        Pass(Iterator<?> items) {
            this.items = items;
        }

        private boolean more() {
            if (!ended && !items.hasNext()) {
                ended = true;
            }
            return !ended;
        }

        @Override
        @SuppressWarnings("unchecked")
        public boolean hasNext() {
            if (pending != null || done) {
                return pending != null;
            }
            if (batchSize == null) {
                if (more()) {
                    pending = (B) Collate.defaultConvert(items.next());
                } else {
                    done = true;
                }
                return pending != null;
            }
            List<Object> data = new ArrayList<>(batchSize);
            while (data.size() < batchSize && more()) {
                data.add(items.next());
            }
            if (data.isEmpty() || (dropLast && data.size() < batchSize)) {
                done = true;
            } else {
                pending = collateFn.apply(data);
            }
            return pending != null;
        }

        @Override
        public B next() {
            if (!hasNext()) {
                throw new NoSuchElementException("DataLoader: the epoch has ended");
            }
            B b = pending;
            pending = null;
            return b;
        }
    }

    /** Whether the dataset is a TensorDataset, or Subsets of one, whose rows collate without fetching items. */
    private boolean tensorRows() {
        Dataset<?> d = dataset;
        while (d instanceof Subset<?> s) {
            d = s.dataset();
        }
        return d instanceof TensorDataset;
    }

    private static String describe(Object o) {
        return o == null ? "null" : "a " + o.getClass().getName();
    }

    private static int toIndex(Object index) {
        if (!(index instanceof Integer i)) {
            throw new IllegalArgumentException("DataLoader: the sampler yielded " + describe(index)
                    + "; expected Integer indices");
        }
        return i;
    }

    /** A row of the TensorDataset under the Subsets: Python's negative indexing, then a bounds check. */
    private int toRow(Object index) {
        int i = toIndex(index);
        int n = dataset.size();
        if (i < -n || i >= n) {
            throw new IndexOutOfBoundsException("DataLoader: index " + i + " is out of bounds for dimension 0 with size "
                    + n + " (the sampler's index into the dataset)");
        }
        return i < 0 ? i + n : i;
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

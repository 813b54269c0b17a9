package org.grad4j.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * {@code torch.utils.data.DataLoader} over any {@link Dataset}, built by {@link DataLoader#builder(Dataset)}:
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
 * as PyTorch does even without workers, so the same seeds give PyTorch's batches. Each batch fetches its items
 * with {@link Dataset#get(int)} and collates them ({@link Collate#defaultCollate(List)} unless a collate
 * function is given); without batching ({@code batchSize(null)}) each item is returned alone, its primitive
 * arrays made tensors (PyTorch's {@code default_convert}).
 *
 * <p>Loading runs in the calling thread: PyTorch's {@code num_workers > 0} (worker processes, their seeds,
 * {@code worker_init_fn}, {@code persistent_workers}, {@code pin_memory}, {@code timeout}) has no counterpart;
 * the batches are those of {@code num_workers=0}. Iterable-style datasets are not supported.
 *
 * @param <B> the type of a batch
 */
public final class Loader<B> implements Iterable<B> {
    private final Dataset<?> dataset;
    private final Integer batchSize;
    private final boolean dropLast;
    private final Sampler<Integer> sampler;
    private final Sampler<List<Integer>> batchSampler;
    private final Function<List<Object>, B> collateFn;   // null without batching
    private final boolean defaultCollate;
    private final Generator generator;

    @SuppressWarnings("unchecked")
    Loader(Dataset<?> dataset, Integer batchSize, Boolean shuffle, Sampler<Integer> sampler,
           Sampler<List<Integer>> batchSampler, Function<? super List<Object>, ?> collateFn, boolean dropLast,
           Generator generator) {
        if (dataset == null) {
            throw new IllegalArgumentException("DataLoader: expected a dataset, got null");
        }
        boolean shuffled = Boolean.TRUE.equals(shuffle);
        // PyTorch 1.13's checks, in its order and with its messages
        if (sampler != null && shuffled) {
            throw new IllegalArgumentException("DataLoader: sampler option is mutually exclusive with shuffle");
        }
        if (batchSampler != null) {
            if (batchSize == null || batchSize != 1 || shuffled || sampler != null || dropLast) {
                throw new IllegalArgumentException("DataLoader: batch_sampler option is mutually exclusive with "
                        + "batch_size, shuffle, sampler, and drop_last");
            }
            batchSize = null;
            dropLast = false;
        } else if (batchSize == null && dropLast) {
            throw new IllegalArgumentException("DataLoader: batch_size=None option disables auto-batching and is "
                    + "mutually exclusive with drop_last");
        }
        if (sampler == null) {
            sampler = shuffled ? new RandomSampler(dataset, false, null, generator) : new SequentialSampler(dataset);
        }
        if (batchSize != null && batchSampler == null) {
            batchSampler = new BatchSampler(sampler, batchSize, dropLast);
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.sampler = sampler;
        this.batchSampler = batchSampler;
        this.generator = generator;
        this.defaultCollate = collateFn == null;
        if (batchSampler == null && collateFn != null) {
            throw new IllegalArgumentException("DataLoader: a collate_fn without batching (batch_size=None, no "
                    + "batch_sampler) would receive single items, which grad4j's List-typed collateFn cannot take; "
                    + "map the items in the dataset instead");
        }
        this.collateFn = (Function<List<Object>, B>) (collateFn != null ? collateFn
                : batchSampler != null ? (Function<List<Object>, Object>) Collate::defaultCollate : null);
    }

    /** @return the dataset loaded */
    public Dataset<?> dataset() {
        return dataset;
    }

    /** @return the number of items per batch, or null without automatic batching (a batch sampler, or none) */
    public Integer batchSize() {
        return batchSize;
    }

    /** @return whether a last, shorter batch is dropped */
    public boolean dropLast() {
        return dropLast;
    }

    /** @return the sampler of indices: the one given, or the default (sequential, or random with shuffle) */
    public Sampler<Integer> sampler() {
        return sampler;
    }

    /** @return the sampler of batches of indices (the one given, or one over {@link #sampler()}), or null */
    public Sampler<List<Integer>> batchSampler() {
        return batchSampler;
    }

    /** @return the generator of the base seeds (and of the default shuffle), or null */
    public Generator generator() {
        return generator;
    }

    /**
     * The number of batches per epoch, like {@code len(loader)}: the batch sampler's length, or the sampler's
     * without batching.
     *
     * @return the number of batches
     */
    public int len() {
        return batchSampler != null ? batchSampler.len() : sampler.len();
    }

    /**
     * Starts an epoch: the index sampler's iterator, then the base seed (one int64 draw).
     *
     * @return an iterator over this epoch's batches
     */
    @Override
    public Iterator<B> iterator() {
        Iterator<?> indices = batchSampler != null ? batchSampler.iterator() : sampler.iterator();
        (generator != null ? generator : Generator.defaultGenerator()).randomLong();   // _base_seed
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return indices.hasNext();
            }

            @Override
            @SuppressWarnings("unchecked")
            public B next() {
                if (!indices.hasNext()) {
                    throw new NoSuchElementException("DataLoader: the epoch has ended (" + len() + " batches)");
                }
                Object index = indices.next();
                if (batchSampler == null) {
                    return (B) Collate.defaultConvert(item(index));
                }
                List<?> batch = (List<?>) index;
                if (defaultCollate && batch.size() > 0 && tensorRows()) {
                    int[] rows = new int[batch.size()];
                    for (int i = 0; i < rows.length; i++) {
                        rows[i] = toRow(batch.get(i));
                    }
                    return (B) Collate.batch((Dataset<Tensor[]>) dataset, rows);
                }
                List<Object> items = new ArrayList<>(batch.size());
                for (Object i : batch) {
                    items.add(item(i));
                }
                return collateFn.apply(items);
            }
        };
    }

    /** Whether the dataset is a TensorDataset, or Subsets of one, whose rows collate without fetching items. */
    private boolean tensorRows() {
        Dataset<?> d = dataset;
        while (d instanceof Subset<?> s) {
            d = s.dataset();
        }
        return d instanceof TensorDataset;
    }

    private Object item(Object index) {
        return dataset.get(toIndex(index));
    }

    private static int toIndex(Object index) {
        if (!(index instanceof Integer i)) {
            throw new IllegalArgumentException("DataLoader: the sampler yielded " + (index == null ? "null"
                    : "a " + index.getClass().getName()) + "; expected Integer indices");
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
        return "DataLoader(dataset=" + dataset.getClass().getSimpleName() + "(size=" + dataset.size() + "), batch_size="
                + (batchSize == null ? "None" : batchSize) + ", drop_last=" + (dropLast ? "True" : "False")
                + ", sampler=" + sampler + ", batch_sampler=" + batchSampler + ")";
    }
}

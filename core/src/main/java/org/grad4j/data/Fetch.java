package org.grad4j.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

import org.grad4j.Tensor;

/**
 * How a {@link Loader} turns one index (or batch of indices, or a stream's next items) into what it yields:
 * PyTorch's {@code _MapDatasetFetcher} and {@code _IterableDatasetFetcher}. Shared by the loading in the
 * calling thread and by the worker threads, so it holds no reference to the loader (which a worker's
 * reference would keep from being collected).
 *
 * @param <B> the type of a batch
 */
final class Fetch<B> {
    /** What a stream's fetch returns when its pass has ended (PyTorch's StopIteration). */
    static final Object END = new Object();

    final Dataset<?> dataset;           // map-style, or null
    final IterableDataset<?> stream;    // iterable-style, or null
    final Integer batchSize;            // null without automatic batching
    final boolean dropLast;
    final boolean batching;
    private final Function<List<Object>, B> collateFn;   // null without batching
    private final boolean defaultCollate;

    Fetch(Dataset<?> dataset, IterableDataset<?> stream, Integer batchSize, boolean dropLast, boolean batching,
          Function<List<Object>, B> collateFn, boolean defaultCollate) {
        this.dataset = dataset;
        this.stream = stream;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.batching = batching;
        this.collateFn = collateFn;
        this.defaultCollate = defaultCollate;
    }

    /**
     * A map-style fetch: the item at an Integer index (default_convert'ed) without batching, the collated items
     * at a List of indices with it.
     */
    @SuppressWarnings("unchecked")
    B map(Object index) {
        if (!batching) {
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

    /** A pass over the stream, started now (its {@code iterator()} is called in the current thread). */
    Pass pass() {
        return new Pass(stream.iterator());
    }

    /** One pass of an iterable dataset, batch by batch: PyTorch's {@code _IterableDatasetFetcher}. */
    final class Pass {
        private final Iterator<?> items;
        private boolean ended;   // the pass ended: the fetcher never asks again

        Pass(Iterator<?> items) {
            this.items = items;
        }

        private boolean more() {
            if (!ended && !items.hasNext()) {
                ended = true;
            }
            return !ended;
        }

        /** The next batch (or item without batching), or {@link #END}. */
        Object fetch() {
            if (!batching) {
                return more() ? Collate.defaultConvert(items.next()) : END;
            }
            List<Object> data = new ArrayList<>(batchSize);
            while (data.size() < batchSize && more()) {
                data.add(items.next());
            }
            if (data.isEmpty() || (dropLast && data.size() < batchSize)) {
                ended = true;
                return END;
            }
            return collateFn.apply(data);
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

    static String describe(Object o) {
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
}

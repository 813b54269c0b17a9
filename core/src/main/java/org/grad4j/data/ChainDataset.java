package org.grad4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams one after the other, like {@code torch.utils.data.ChainDataset}: each pass runs through every
 * dataset's own pass in turn, starting each when the previous one ends.
 *
 * @param <T> the item type
 */
public final class ChainDataset<T> implements IterableDataset<T> {
    private final List<IterableDataset<? extends T>> datasets;

    /**
     * The chain of {@code datasets}.
     *
     * @param datasets the streams, in order (none gives an empty stream)
     * @throws IllegalArgumentException if the list or one of its datasets is null
     */
    public ChainDataset(List<? extends IterableDataset<? extends T>> datasets) {
        if (datasets == null || datasets.contains(null)) {
            throw new IllegalArgumentException("ChainDataset: expected datasets, got " + (datasets == null ? "null"
                    : "a null dataset at position " + datasets.indexOf(null)));
        }
        this.datasets = new ArrayList<>(datasets);
    }

    /**
     * The chain of {@code datasets}.
     *
     * @param datasets the streams, in order
     * @throws IllegalArgumentException if one of them is null
     */
    @SafeVarargs
    public ChainDataset(IterableDataset<? extends T>... datasets) {
        this(datasets == null ? null : Arrays.asList(datasets));
    }

    /** @return the datasets, in order */
    public List<IterableDataset<? extends T>> datasets() {
        return List.copyOf(datasets);
    }

    /**
     * The sum of the datasets' sizes.
     *
     * @return the number of items per pass
     * @throws IllegalStateException if a dataset has no size
     */
    @Override
    public int size() {
        long total = 0;
        for (IterableDataset<? extends T> d : datasets) {
            total += d.size();
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalStateException("ChainDataset.size: the datasets hold " + total + " items, more than "
                    + Integer.MAX_VALUE);
        }
        return (int) total;
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private int next;
            private Iterator<? extends T> current;

            @Override
            public boolean hasNext() {
                while (current == null || !current.hasNext()) {
                    if (next == datasets.size()) {
                        return false;
                    }
                    current = datasets.get(next++).iterator();   // each dataset's pass starts when it is reached
                }
                return true;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("ChainDataset: the pass has ended");
                }
                return current.next();
            }
        };
    }
}

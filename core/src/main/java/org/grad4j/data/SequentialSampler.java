package org.grad4j.data;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The indices {@code 0 .. size-1} in order, like {@code torch.utils.data.SequentialSampler}; the size is read
 * from the dataset at each epoch.
 */
public final class SequentialSampler implements Sampler<Integer> {
    private final Dataset<?> dataSource;

    /**
     * A sampler over {@code dataSource}'s indices.
     *
     * @param dataSource the dataset to sample from
     * @throws IllegalArgumentException if {@code dataSource} is null
     */
    public SequentialSampler(Dataset<?> dataSource) {
        if (dataSource == null) {
            throw new IllegalArgumentException("SequentialSampler: expected a dataset, got null");
        }
        this.dataSource = dataSource;
    }

    @Override
    public int len() {
        return dataSource.size();
    }

    @Override
    public Iterator<Integer> iterator() {
        int n = dataSource.size();
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < n;
            }

            @Override
            public Integer next() {
                if (next >= n) {
                    throw new NoSuchElementException("SequentialSampler: the epoch has ended (" + n + " indices)");
                }
                return next++;
            }
        };
    }

    @Override
    public String toString() {
        return "SequentialSampler(size=" + dataSource.size() + ")";
    }
}

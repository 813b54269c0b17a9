package org.grad4j.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Batches of another sampler's indices, like {@code torch.utils.data.BatchSampler}: lists of
 * {@code batchSize} consecutive indices, the last one shorter unless {@code dropLast}. Like PyTorch, it asks
 * the inner sampler for its next index only when filling a batch, so a random inner sampler's trailing draws
 * happen at the same moment.
 */
public final class BatchSampler implements Sampler<List<Integer>> {
    private final Iterable<Integer> sampler;
    private final int batchSize;
    private final boolean dropLast;

    /**
     * Batches of {@code sampler}'s indices.
     *
     * @param sampler the indices: a {@link Sampler}, or any iterable (then {@link #len()} needs a {@link Collection})
     * @param batchSize the number of indices per batch, positive
     * @param dropLast whether to drop the last batch when it is shorter than {@code batchSize}
     * @throws IllegalArgumentException if {@code sampler} is null or {@code batchSize} is not positive
     */
    public BatchSampler(Iterable<Integer> sampler, int batchSize, boolean dropLast) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("BatchSampler: batch_size should be a positive integer value, but got "
                    + "batch_size=" + batchSize);
        }
        if (sampler == null) {
            throw new IllegalArgumentException("BatchSampler: expected a sampler, got null");
        }
        this.sampler = sampler;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
    }

    /** @return the inner sampler */
    public Iterable<Integer> sampler() {
        return sampler;
    }

    /** @return the number of indices per batch */
    public int batchSize() {
        return batchSize;
    }

    /** @return whether a last, shorter batch is dropped */
    public boolean dropLast() {
        return dropLast;
    }

    /**
     * The number of batches per epoch: the inner length divided by {@code batchSize}, rounded down with
     * {@code dropLast}, up otherwise.
     *
     * @return the number of batches
     * @throws IllegalStateException if the inner sampler is neither a {@link Sampler} nor a {@link Collection}
     */
    @Override
    public int len() {
        long n;
        if (sampler instanceof Sampler<?> s) {
            n = s.len();
        } else if (sampler instanceof Collection<?> c) {
            n = c.size();
        } else {
            throw new IllegalStateException("BatchSampler.len: object of type " + sampler.getClass().getName()
                    + " has no len() (expected a Sampler or a Collection)");
        }
        return (int) (dropLast ? n / batchSize : (n + batchSize - 1) / batchSize);
    }

    @Override
    public Iterator<List<Integer>> iterator() {
        Iterator<Integer> inner = sampler.iterator();
        return new Iterator<>() {
            private List<Integer> pending;
            private boolean ended;

            private void fill() {
                if (pending != null || ended) {
                    return;
                }
                List<Integer> batch = new ArrayList<>(Math.min(batchSize, 1024));   // a huge batch_size is valid
                while (batch.size() < batchSize && inner.hasNext()) {
                    batch.add(inner.next());
                }
                if (batch.isEmpty() || (dropLast && batch.size() < batchSize)) {
                    ended = true;
                } else {
                    pending = batch;
                }
            }

            @Override
            public boolean hasNext() {
                fill();
                return pending != null;
            }

            @Override
            public List<Integer> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("BatchSampler: the epoch has ended");
                }
                List<Integer> b = pending;
                pending = null;
                return b;
            }
        };
    }

    @Override
    public String toString() {
        return "BatchSampler(sampler=" + sampler + ", batch_size=" + batchSize + ", drop_last=" + dropLast + ")";
    }
}

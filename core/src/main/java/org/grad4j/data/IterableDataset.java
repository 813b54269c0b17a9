package org.grad4j.data;

/**
 * A stream of items, like {@code torch.utils.data.IterableDataset}: each {@link #iterator()} is one pass. A
 * {@link Loader} batches the items in the order they come ({@code batchSize} at a time), so it takes no
 * sampler and no shuffle.
 *
 * @param <T> the type of one item
 */
public interface IterableDataset<T> extends Iterable<T> {

    /**
     * This stream followed by {@code other}, like PyTorch's {@code dataset + other}: a {@link ChainDataset} of
     * the two.
     *
     * @param other the stream to append
     * @return {@code new ChainDataset<>(this, other)}
     * @throws IllegalArgumentException if {@code other} is null
     */
    default ChainDataset<T> concat(IterableDataset<? extends T> other) {
        if (other == null) {
            throw new IllegalArgumentException("IterableDataset.concat: expected a dataset to append, got null");
        }
        return new ChainDataset<>(java.util.Arrays.asList(this, other));
    }

    /**
     * The number of items per pass, PyTorch's optional {@code __len__}, which {@link Loader#len()} uses.
     *
     * @return the size, not negative
     * @throws IllegalStateException unless overridden: the dataset has no length
     */
    default int size() {
        throw new IllegalStateException("object of type " + getClass().getName() + " has no len(): override "
                + "IterableDataset.size() to give it one");
    }
}

package org.grad4j.data;

/**
 * Where a {@link Loader} reads its indices, like {@code torch.utils.data.Sampler}: each {@link #iterator()} is
 * one epoch's indices (a {@code Sampler<Integer>}) or one epoch's batches of indices (a
 * {@code Sampler<List<Integer>>}, see {@link BatchSampler}), and {@link #len()} is PyTorch's {@code __len__}.
 *
 * <p>The samplers here draw lazily, as PyTorch's generator functions do: nothing is drawn when an iterator is
 * made, each permutation or chunk is drawn when the iteration reaches it, so a generator shared with other
 * draws advances exactly as in PyTorch. A custom sampler may draw eagerly in {@code iterator()}: PyTorch's
 * {@code DataLoader} calls {@code iter(sampler)} before it draws the epoch's base seed, and so does grad4j's.
 *
 * @param <I> an index ({@code Integer}) or a batch of indices ({@code List<Integer>})
 */
public interface Sampler<I> extends Iterable<I> {

    /**
     * The number of indices (or batches) one epoch yields, like {@code len(sampler)}.
     *
     * @return the length, not negative
     */
    int len();
}

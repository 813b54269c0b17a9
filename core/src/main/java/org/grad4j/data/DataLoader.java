package org.grad4j.data;

import java.util.Iterator;
import java.util.NoSuchElementException;

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
 */
public final class DataLoader implements Iterable<Tensor[]> {
    private final Dataset<Tensor[]> dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final Generator generator;

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
        if (dataset == null) {
            throw new IllegalArgumentException("DataLoader: expected a dataset, got null");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("DataLoader: batch_size should be a positive integer value, but got "
                    + "batch_size=" + batchSize);
        }
        if (shuffle && dataset.size() <= 0) {
            throw new IllegalArgumentException("DataLoader: num_samples should be a positive integer value, but got "
                    + "num_samples=" + dataset.size() + " (shuffle=true over an empty dataset)");
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.generator = generator;
    }

    /** @return the dataset batched */
    public Dataset<Tensor[]> dataset() {
        return dataset;
    }

    /** @return the number of items per batch */
    public int batchSize() {
        return batchSize;
    }

    /**
     * The number of batches per epoch, like {@code len(loader)}: {@code size / batchSize} rounded down
     * with {@code dropLast}, up otherwise.
     *
     * @return the number of batches
     */
    public int len() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (int) ((n + (long) batchSize - 1) / batchSize);
    }

    /**
     * Starts an epoch (draws the base seed now; the shuffle at the first batch, as PyTorch).
     *
     * @return an iterator over this epoch's batches
     */
    @Override
    public Iterator<Tensor[]> iterator() {
        (generator != null ? generator : Generator.defaultGenerator()).randomLong();   // _base_seed
        return new Epoch();
    }

    private final class Epoch implements Iterator<Tensor[]> {
        private final int n = dataset.size();
        private int[] order;
        private int next;
        private boolean exhausted;

        private void start() {
            if (order != null) {
                return;
            }
            order = new int[n];
            if (shuffle) {
                Generator g = generator != null ? generator : new Generator(Generator.defaultGenerator().randomLong());
                long[] perm = g.randperm(n);
                for (int i = 0; i < n; i++) {
                    order[i] = (int) perm[i];
                }
            } else {
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
            }
        }

        @Override
        public boolean hasNext() {
            start();
            int left = n - next;
            boolean more = dropLast ? left >= batchSize : left > 0;
            if (!more && !exhausted) {
                exhausted = true;
                if (shuffle && generator != null) {
                    generator.randperm(n);   // RandomSampler's trailing randperm(n)[:0]
                }
            }
            return more;
        }

        @Override
        public Tensor[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException("DataLoader: the epoch has ended (" + len() + " batches)");
            }
            int b = Math.min(batchSize, n - next);
            int[] indices = new int[b];
            System.arraycopy(order, next, indices, 0, b);
            next += b;
            return Collate.batch(dataset, indices);
        }
    }
}

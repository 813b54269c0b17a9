package org.grad4j.data;

import java.util.Iterator;
import java.util.NoSuchElementException;

import org.grad4j.Generator;

/**
 * The share of a dataset's indices that one of {@code numReplicas} training processes loads, like
 * {@code torch.utils.data.DistributedSampler}, giving PyTorch 1.13's exact lists: each epoch takes
 * {@code randperm(size)} of a fresh generator seeded {@code seed + epoch} (or {@code 0 .. size-1} without
 * shuffle), pads it to {@code totalSize} by repeating it from its start (or, with {@code dropLast}, cuts it to
 * {@code totalSize}), then keeps positions {@code rank, rank + numReplicas, ...}.
 *
 * <p>grad4j has no process group, so {@code numReplicas} and {@code rank} are always given (PyTorch reads them
 * from {@code torch.distributed} when they are not). Call {@link #setEpoch(long)} before each epoch, or every
 * epoch repeats the same order, as in PyTorch.
 */
public final class DistributedSampler implements Sampler<Integer> {
    private final Dataset<?> dataset;
    private final int numReplicas;
    private final int rank;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final int numSamples;
    private final long totalSize;
    private volatile long epoch;

    /**
     * A shuffling sampler (seed 0, no drop), PyTorch's defaults.
     *
     * @param dataset the dataset to share, of constant size
     * @param numReplicas the number of processes
     * @param rank this process's rank, in {@code [0, numReplicas)}
     * @throws IllegalArgumentException if {@code dataset} is null or {@code rank} is out of range
     */
    public DistributedSampler(Dataset<?> dataset, int numReplicas, int rank) {
        this(dataset, numReplicas, rank, true, 0, false);
    }

    /**
     * A sampler with every option, in PyTorch's order.
     *
     * @param dataset the dataset to share, of constant size (read now for {@link #len()}, and at each epoch)
     * @param numReplicas the number of processes
     * @param rank this process's rank, in {@code [0, numReplicas)}
     * @param shuffle whether each epoch permutes the indices
     * @param seed the permutation's seed (plus the epoch), the same in every process
     * @param dropLast whether to drop the tail that does not divide evenly, rather than pad by repetition
     * @throws IllegalArgumentException if {@code dataset} is null or {@code rank} is out of range (PyTorch's
     *         message)
     */
    public DistributedSampler(Dataset<?> dataset, int numReplicas, int rank, boolean shuffle, long seed,
                              boolean dropLast) {
        if (dataset == null) {
            throw new IllegalArgumentException("DistributedSampler: expected a dataset, got null");
        }
        if (rank >= numReplicas || rank < 0) {
            throw new IllegalArgumentException("DistributedSampler: Invalid rank " + rank + ", rank should be in the "
                    + "interval [0, " + (numReplicas - 1) + "]");
        }
        int n = dataset.size();
        this.dataset = dataset;
        this.numReplicas = numReplicas;
        this.rank = rank;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
        if (dropLast && n % numReplicas != 0) {
            // math.ceil((len - num_replicas) / num_replicas): 0 when there are fewer items than replicas
            this.numSamples = (int) Math.ceil((double) (n - numReplicas) / numReplicas);
        } else {
            this.numSamples = (int) Math.ceil((double) n / numReplicas);
        }
        this.totalSize = (long) numSamples * numReplicas;
    }

    /**
     * Sets the epoch, whose number is added to the seed of the next epochs' permutation.
     *
     * @param epoch the epoch
     */
    public void setEpoch(long epoch) {
        this.epoch = epoch;
    }

    /** @return the epoch set last (0 at first) */
    public long epoch() {
        return epoch;
    }

    /** @return the number of processes */
    public int numReplicas() {
        return numReplicas;
    }

    /** @return this process's rank */
    public int rank() {
        return rank;
    }

    /** @return whether each epoch permutes the indices */
    public boolean shuffle() {
        return shuffle;
    }

    /** @return the permutation's base seed */
    public long seed() {
        return seed;
    }

    /** @return whether the uneven tail is dropped rather than padded */
    public boolean dropLast() {
        return dropLast;
    }

    /** @return the number of indices over all replicas, PyTorch's {@code total_size} */
    public long totalSize() {
        return totalSize;
    }

    /** @return the number of indices per epoch for this rank, PyTorch's {@code num_samples} */
    @Override
    public int len() {
        return numSamples;
    }

    /**
     * This rank's indices for the current epoch, computed now (PyTorch's {@code __iter__} builds the list).
     *
     * @return an iterator over {@link #len()} indices
     * @throws IllegalStateException if the dataset's size changed so that the lists cannot be made
     */
    @Override
    public Iterator<Integer> iterator() {
        int n = dataset.size();
        long[] indices;
        if (shuffle) {
            indices = new Generator(seed + epoch).randperm(n);
        } else {
            indices = new long[n];
            for (int i = 0; i < n; i++) {
                indices[i] = i;
            }
        }
        // PyTorch's assertion len(indices) == total_size (or its division by zero padding an empty list)
        if (dropLast ? n < totalSize : n > totalSize || n == 0 && totalSize > 0) {
            throw new IllegalStateException("DistributedSampler: the dataset has " + n + " items now, but the sampler "
                    + "was made for " + (dropLast ? "at least " : "at most ") + totalSize + " (and at least one "
                    + "when padding); the dataset's size must stay constant");
        }
        int[] mine = new int[numSamples];
        for (int k = 0; k < numSamples; k++) {
            long pos = rank + (long) k * numReplicas;   // indices[rank:total_size:num_replicas]
            mine[k] = (int) indices[(int) (pos % n)];   // padding repeats the list from its start
        }
        return new Iterator<>() {
            private int k;

            @Override
            public boolean hasNext() {
                return k < mine.length;
            }

            @Override
            public Integer next() {
                if (k >= mine.length) {
                    throw new NoSuchElementException("DistributedSampler: the epoch has ended");
                }
                return mine[k++];
            }
        };
    }

    @Override
    public String toString() {
        return "DistributedSampler(num_replicas=" + numReplicas + ", rank=" + rank + ", shuffle="
                + (shuffle ? "True" : "False") + ", seed=" + seed + ", drop_last=" + (dropLast ? "True" : "False")
                + ", epoch=" + epoch + ")";
    }
}

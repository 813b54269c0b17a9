package org.grad4j.data;

import java.util.Arrays;

/**
 * The items of a dataset at given indices, like {@code torch.utils.data.Subset}; what
 * {@link Dataset#randomSplit(Dataset, int[], org.grad4j.Generator)} returns.
 *
 * @param <T> the item type
 */
public final class Subset<T> implements Dataset<T> {
    private final Dataset<T> dataset;
    private final int[] indices;

    /**
     * A view of {@code dataset} at {@code indices} (not copied further; items are fetched on demand).
     *
     * @param dataset the underlying dataset
     * @param indices indices into {@code dataset}, each in {@code [0, dataset.size())}
     * @throws IllegalArgumentException if an argument is null
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public Subset(Dataset<T> dataset, int[] indices) {
        if (dataset == null || indices == null) {
            throw new IllegalArgumentException("Subset: expected a dataset and indices, got null");
        }
        int n = dataset.size();
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= n) {
                throw new IndexOutOfBoundsException("Subset: index " + indices[i] + " at position " + i
                        + " is out of range for a dataset of size " + n);
            }
        }
        this.dataset = dataset;
        this.indices = indices.clone();
    }

    /** @return the underlying dataset */
    public Dataset<T> dataset() {
        return dataset;
    }

    /** @return a copy of the indices into {@link #dataset()} */
    public int[] indices() {
        return indices.clone();
    }

    int index(int i) {
        return indices[i];
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public T get(int index) {
        if (index < -indices.length || index >= indices.length) {
            throw new IndexOutOfBoundsException("Subset.get: index " + index + " is out of range for a subset of size "
                    + indices.length);
        }
        return dataset.get(indices[index < 0 ? index + indices.length : index]);   // Python's subset[-1]
    }

    @Override
    public String toString() {
        return "Subset(size=" + indices.length + ", indices=" + (indices.length <= 10 ? Arrays.toString(indices)
                : Arrays.toString(Arrays.copyOf(indices, 10)).replace("]", ", ...]")) + ")";
    }
}

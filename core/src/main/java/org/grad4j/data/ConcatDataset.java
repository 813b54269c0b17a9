package org.grad4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Datasets one after the other, like {@code torch.utils.data.ConcatDataset}: item {@code i} is item
 * {@code i - cumulativeSizes[k-1]} of the dataset {@code k} whose range holds {@code i}. The sizes are read
 * once, when it is made, as PyTorch's {@code cumulative_sizes}.
 *
 * @param <T> the item type
 */
public final class ConcatDataset<T> implements Dataset<T> {
    private final List<Dataset<? extends T>> datasets;
    private final int[] cumulativeSizes;

    /**
     * The concatenation of {@code datasets}.
     *
     * @param datasets one or more datasets
     * @throws IllegalArgumentException if there is none, or one is null
     */
    public ConcatDataset(List<? extends Dataset<? extends T>> datasets) {
        if (datasets == null || datasets.isEmpty()) {
            throw new IllegalArgumentException("ConcatDataset: datasets should not be an empty iterable");
        }
        this.datasets = new ArrayList<>(datasets.size());
        this.cumulativeSizes = new int[datasets.size()];
        long sum = 0;
        for (int k = 0; k < datasets.size(); k++) {
            Dataset<? extends T> d = datasets.get(k);
            if (d == null) {
                throw new IllegalArgumentException("ConcatDataset: dataset " + k + " is null");
            }
            sum += d.size();
            if (sum > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("ConcatDataset: the datasets hold " + sum + " items, more than "
                        + Integer.MAX_VALUE);
            }
            cumulativeSizes[k] = (int) sum;
            this.datasets.add(d);
        }
    }

    /**
     * The concatenation of {@code datasets}.
     *
     * @param datasets one or more datasets
     * @throws IllegalArgumentException if there is none, or one is null
     */
    @SafeVarargs
    public ConcatDataset(Dataset<? extends T>... datasets) {
        this(datasets == null ? null : Arrays.asList(datasets));
    }

    /** @return the datasets, in order */
    public List<Dataset<? extends T>> datasets() {
        return List.copyOf(datasets);
    }

    /** @return the running totals of the datasets' sizes, like {@code cumulative_sizes} */
    public int[] cumulativeSizes() {
        return cumulativeSizes.clone();
    }

    @Override
    public int size() {
        return cumulativeSizes[cumulativeSizes.length - 1];
    }

    /**
     * Item {@code index}, negative counting from the end.
     *
     * @param index in {@code [-size(), size())}
     * @return the item
     * @throws IllegalArgumentException if {@code index < -size()} (PyTorch's ValueError)
     * @throws IndexOutOfBoundsException if {@code index >= size()}
     */
    @Override
    public T get(int index) {
        int n = size();
        if (index < 0) {
            if (-(long) index > n) {
                throw new IllegalArgumentException("ConcatDataset.get: absolute value of index should not exceed dataset "
                        + "length (index " + index + ", length " + n + ")");
            }
            index += n;
        }
        if (index >= n) {
            throw new IndexOutOfBoundsException("ConcatDataset.get: index " + index + " is out of range for a dataset of "
                    + "size " + n);
        }
        // bisect_right: the first dataset whose cumulative size exceeds index
        int lo = 0;
        int hi = cumulativeSizes.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (index < cumulativeSizes[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return datasets.get(lo).get(lo == 0 ? index : index - cumulativeSizes[lo - 1]);
    }

    @Override
    public String toString() {
        return "ConcatDataset(cumulative_sizes=" + Arrays.toString(cumulativeSizes) + ")";
    }
}

package org.grad4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.grad4j.Generator;

/**
 * A map-style dataset, like {@code torch.utils.data.Dataset}: {@link #size()} items (PyTorch's
 * {@code __len__}), item {@code i} given by {@link #get(int)} ({@code __getitem__}).
 * A {@link DataLoader} batches a {@code Dataset<Tensor[]>}.
 *
 * @param <T> the type of one item; {@code Tensor[]} (one tensor per field, e.g. input and label) for a DataLoader
 */
public interface Dataset<T> {

    /**
     * The number of items.
     *
     * @return the size, not negative
     */
    int size();

    /**
     * Item {@code index}.
     *
     * @param index in {@code [0, size())}
     * @return the item
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    T get(int index);

    /**
     * This dataset followed by {@code other}, like PyTorch's {@code dataset + other}: a {@link ConcatDataset} of
     * the two.
     *
     * @param other the dataset to append
     * @return {@code new ConcatDataset<>(this, other)}
     * @throws IllegalArgumentException if {@code other} is null
     */
    default ConcatDataset<T> concat(Dataset<? extends T> other) {
        if (other == null) {
            throw new IllegalArgumentException("Dataset.concat: expected a dataset to append, got null");
        }
        return new ConcatDataset<>(Arrays.asList(this, other));
    }

    /**
     * Splits {@code dataset} into non-overlapping subsets of the given lengths, like
     * {@code torch.utils.data.random_split(dataset, lengths, generator)}: subset {@code k} takes the
     * next {@code lengths[k]} entries of {@code torch.randperm(size, generator=generator)}.
     *
     * @param <T> the item type
     * @param dataset the dataset to split
     * @param lengths the subsets' sizes, not negative, summing to {@code dataset.size()}
     * @param generator the source of the permutation, which advances; null for the default generator
     *                  (PyTorch's default)
     * @return the subsets, in the order of {@code lengths}
     * @throws IllegalArgumentException if the lengths do not sum to the dataset's size or one is negative
     */
    static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, int[] lengths, Generator generator) {
        if (dataset == null || lengths == null) {
            throw new IllegalArgumentException("randomSplit: expected a dataset and lengths, got "
                    + (dataset == null ? "dataset=null " : "") + (lengths == null ? "lengths=null" : ""));
        }
        long sum = 0;
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] < 0) {
                throw new IllegalArgumentException("randomSplit: length at index " + i + " is " + lengths[i]
                        + "; lengths must be non-negative (lengths " + Arrays.toString(lengths) + ")");
            }
            sum += lengths[i];
        }
        if (sum != dataset.size()) {
            throw new IllegalArgumentException("randomSplit: Sum of input lengths does not equal the length of the "
                    + "input dataset! (lengths " + Arrays.toString(lengths) + " sum to " + sum + ", dataset size "
                    + dataset.size() + ")");
        }
        long[] perm = (generator != null ? generator : Generator.defaultGenerator()).randperm((int) sum);
        List<Subset<T>> out = new ArrayList<>(lengths.length);
        int offset = 0;
        for (int length : lengths) {
            int[] indices = new int[length];
            for (int i = 0; i < length; i++) {
                indices[i] = (int) perm[offset + i];
            }
            offset += length;
            out.add(new Subset<>(dataset, indices));
        }
        return out;
    }

    /**
     * Splits {@code dataset} by fractions summing to 1, like {@code random_split} given fractions:
     * each subset gets {@code floor(size * fraction)} items, and the remainder is dealt one by one to the
     * subsets in order (round-robin); then as {@link #randomSplit(Dataset, int[], Generator)}.
     *
     * @param <T> the item type
     * @param dataset the dataset to split
     * @param fractions each in [0, 1], summing to 1 (within 1e-9, as Python's {@code math.isclose})
     * @param generator the source of the permutation, which advances; null for the default generator
     * @return the subsets, in the order of {@code fractions}
     * @throws IllegalArgumentException if a fraction is outside [0, 1] or they do not sum to 1
     */
    static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, double[] fractions, Generator generator) {
        if (dataset == null || fractions == null) {
            throw new IllegalArgumentException("randomSplit: expected a dataset and fractions, got null");
        }
        double sum = 0;
        for (double f : fractions) {
            sum += f;    // left to right, like Python's sum()
        }
        boolean isClose = Math.abs(sum - 1) <= 1e-9 * Math.max(Math.abs(sum), 1);
        if (!(isClose && sum <= 1)) {
            // PyTorch then takes them for lengths, which cannot sum to the dataset's size
            throw new IllegalArgumentException("randomSplit: Sum of input lengths does not equal the length of the "
                    + "input dataset! (fractions " + Arrays.toString(fractions) + " sum to " + sum
                    + "; expected fractions summing to 1, or int lengths)");
        }
        int n = dataset.size();
        int[] lengths = new int[fractions.length];
        long total = 0;
        for (int i = 0; i < fractions.length; i++) {
            if (!(fractions[i] >= 0 && fractions[i] <= 1)) {
                throw new IllegalArgumentException("randomSplit: Fraction at index " + i + " is not between 0 and 1 (got "
                        + fractions[i] + ")");
            }
            lengths[i] = (int) Math.floor(n * fractions[i]);
            total += lengths[i];
        }
        for (long i = 0; i < n - total; i++) {
            lengths[(int) (i % lengths.length)]++;
        }
        return randomSplit(dataset, lengths, generator);
    }
}

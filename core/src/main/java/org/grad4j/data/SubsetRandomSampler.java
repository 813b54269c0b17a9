package org.grad4j.data;

import java.util.Arrays;
import java.util.Iterator;

import org.grad4j.Generator;

/**
 * The given indices in a random order, like {@code torch.utils.data.SubsetRandomSampler}: each epoch yields
 * {@code indices[p]} for {@code p} in {@code randperm(indices.length)}, drawn (from the generator, or the
 * default generator itself when there is none) when the iteration starts.
 */
public final class SubsetRandomSampler implements Sampler<Integer> {
    private final int[] indices;
    private final Generator generator;

    /**
     * A sampler over {@code indices}, from the default generator.
     *
     * @param indices the indices to sample, in any order (repeats allowed)
     * @throws IllegalArgumentException if {@code indices} is null
     */
    public SubsetRandomSampler(int[] indices) {
        this(indices, null);
    }

    /**
     * A sampler over {@code indices}.
     *
     * @param indices the indices to sample, in any order (repeats allowed)
     * @param generator the source of the permutations; null for the default generator
     * @throws IllegalArgumentException if {@code indices} is null
     */
    public SubsetRandomSampler(int[] indices, Generator generator) {
        if (indices == null) {
            throw new IllegalArgumentException("SubsetRandomSampler: expected indices, got null");
        }
        this.indices = indices.clone();
        this.generator = generator;
    }

    /** @return a copy of the indices */
    public int[] indices() {
        return indices.clone();
    }

    @Override
    public int len() {
        return indices.length;
    }

    @Override
    public Iterator<Integer> iterator() {
        return new Chunks("SubsetRandomSampler") {
            private boolean drawn;

            @Override
            long[] nextChunk() {
                if (drawn) {
                    return null;
                }
                drawn = true;
                long[] perm = (generator != null ? generator : Generator.defaultGenerator()).randperm(indices.length);
                for (int i = 0; i < perm.length; i++) {
                    perm[i] = indices[(int) perm[i]];
                }
                return perm;
            }
        };
    }

    @Override
    public String toString() {
        return "SubsetRandomSampler(indices=" + (indices.length <= 10 ? Arrays.toString(indices)
                : Arrays.toString(Arrays.copyOf(indices, 10)).replace("]", ", ...]")) + ")";
    }
}

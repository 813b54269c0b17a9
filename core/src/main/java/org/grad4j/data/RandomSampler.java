package org.grad4j.data;

import java.util.Iterator;

import org.grad4j.Generator;

/**
 * Indices in random order, like {@code torch.utils.data.RandomSampler}, drawing what PyTorch 1.13 draws:
 * without replacement, {@code numSamples / size} whole {@code randperm(size)} then the first
 * {@code numSamples % size} of one more (drawn even when that is none); with replacement,
 * {@code randint(0, size, [32])} chunks then one of {@code numSamples % 32}.
 *
 * <p>Without a generator, each epoch draws one int64 from the default generator ({@code random_()}) and seeds a
 * fresh generator with it, as PyTorch does; with one, the epochs draw from it in turn. Draws happen as the
 * iteration reaches them (see {@link Sampler}).
 */
public final class RandomSampler implements Sampler<Integer> {
    private static final int CHUNK = 32;

    private final Dataset<?> dataSource;
    private final boolean replacement;
    private final Integer numSamples;
    private final Generator generator;

    /**
     * Each index once per epoch, in a random order, from the default generator.
     *
     * @param dataSource the dataset to sample from, not empty
     * @throws IllegalArgumentException if {@code dataSource} is null or empty
     */
    public RandomSampler(Dataset<?> dataSource) {
        this(dataSource, false, null, null);
    }

    /**
     * A sampler with every option, in PyTorch's order.
     *
     * @param dataSource the dataset to sample from
     * @param replacement whether indices are drawn with replacement
     * @param numSamples the number of indices per epoch; null for the dataset's size (read at each epoch)
     * @param generator the source of the draws; null for a fresh generator per epoch seeded from the default one
     * @throws IllegalArgumentException if {@code dataSource} is null or the number of samples is not positive
     */
    public RandomSampler(Dataset<?> dataSource, boolean replacement, Integer numSamples, Generator generator) {
        if (dataSource == null) {
            throw new IllegalArgumentException("RandomSampler: expected a dataset, got null");
        }
        this.dataSource = dataSource;
        this.replacement = replacement;
        this.numSamples = numSamples;
        this.generator = generator;
        if (numSamples() <= 0) {
            throw new IllegalArgumentException("RandomSampler: num_samples should be a positive integer value, but got "
                    + "num_samples=" + numSamples());
        }
    }

    /** @return the number of indices per epoch: the one given, or the dataset's size */
    public int numSamples() {
        return numSamples != null ? numSamples : dataSource.size();
    }

    /** @return whether indices are drawn with replacement */
    public boolean replacement() {
        return replacement;
    }

    /** @return the generator given, or null */
    public Generator generator() {
        return generator;
    }

    @Override
    public int len() {
        return numSamples();
    }

    @Override
    public Iterator<Integer> iterator() {
        return new Chunks("RandomSampler") {
            private Generator g;
            private int n;
            private int total;
            private int whole;   // full chunks left
            private boolean last;

            @Override
            long[] nextChunk() {
                if (g == null) {   // the generator function's body starts at the first next()
                    n = dataSource.size();
                    total = numSamples();
                    g = generator != null ? generator : new Generator(Generator.defaultGenerator().randomLong());
                    if (!replacement && n == 0) {
                        throw new IllegalStateException("RandomSampler: cannot draw " + total + " samples without "
                                + "replacement from an empty dataset (PyTorch: integer division or modulo by zero)");
                    }
                    whole = replacement ? total / CHUNK : total / n;
                }
                if (whole > 0) {
                    whole--;
                    return replacement ? randint(CHUNK) : g.randperm(n);
                }
                if (last) {
                    return null;
                }
                last = true;
                if (replacement) {
                    return randint(total % CHUNK);
                }
                long[] perm = g.randperm(n);
                return java.util.Arrays.copyOf(perm, total % n);
            }

            private long[] randint(int count) {
                long[] out = new long[count];
                if (n <= 0) {
                    throw new IllegalStateException("RandomSampler: random_ expects 'from' to be less than 'to', but got "
                            + "from=0 >= to=" + n + " (sampling with replacement from an empty dataset)");
                }
                g.randint(out, 0, n);
                return out;
            }
        };
    }

    @Override
    public String toString() {
        return "RandomSampler(size=" + dataSource.size() + ", replacement=" + replacement + ", num_samples="
                + numSamples() + ")";
    }
}

package org.grad4j.data;

import java.util.Arrays;
import java.util.Iterator;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * Indices {@code 0 .. weights.length-1} drawn with probabilities proportional to {@code weights}, like
 * {@code torch.utils.data.WeightedRandomSampler}: each epoch is one
 * {@code torch.multinomial(weights, numSamples, replacement, generator)} over the weights as float64, drawn
 * (from the generator, or the default generator itself when there is none) when the iteration starts.
 * Invalid weights (negative, infinite, NaN, summing to 0) fail then, with {@code multinomial}'s message.
 */
public final class WeightedRandomSampler implements Sampler<Integer> {
    private final Tensor weights;
    private final int numSamples;
    private final boolean replacement;
    private final Generator generator;

    /**
     * {@code numSamples} indices drawn with replacement from the default generator.
     *
     * @param weights the weights, not necessarily summing to 1
     * @param numSamples the number of indices per epoch, positive
     * @throws IllegalArgumentException if {@code weights} is null or {@code numSamples} is not positive
     */
    public WeightedRandomSampler(double[] weights, int numSamples) {
        this(weights, numSamples, true, null);
    }

    /**
     * A sampler with every option, in PyTorch's order.
     *
     * @param weights the weights, not necessarily summing to 1
     * @param numSamples the number of indices per epoch, positive
     * @param replacement whether an index may be drawn more than once in an epoch
     * @param generator the source of the draws; null for the default generator
     * @throws IllegalArgumentException if {@code weights} is null or {@code numSamples} is not positive
     */
    public WeightedRandomSampler(double[] weights, int numSamples, boolean replacement, Generator generator) {
        this(weights == null ? null : Tensor.of(weights, DType.FLOAT64, Device.CPU, weights.length), numSamples,
                replacement, generator);
    }

    /**
     * A sampler whose weights are a 1-D tensor (read as float64 on the CPU).
     *
     * @param weights the weights, a 1-D tensor
     * @param numSamples the number of indices per epoch, positive
     * @param replacement whether an index may be drawn more than once in an epoch
     * @param generator the source of the draws; null for the default generator
     * @throws IllegalArgumentException if {@code weights} is null or not 1-D, or {@code numSamples} is not positive
     */
    public WeightedRandomSampler(Tensor weights, int numSamples, boolean replacement, Generator generator) {
        if (numSamples <= 0) {
            throw new IllegalArgumentException("WeightedRandomSampler: num_samples should be a positive integer value, "
                    + "but got num_samples=" + numSamples);
        }
        if (weights == null) {
            throw new IllegalArgumentException("WeightedRandomSampler: expected weights, got null");
        }
        if (weights.dim() != 1) {
            int[] s = weights.shape();
            throw new IllegalArgumentException("WeightedRandomSampler: weights should be a 1d sequence but given weights "
                    + "have shape " + pythonTuple(s));
        }
        this.weights = Tensor.of(weights.toDoubleArray(), DType.FLOAT64, Device.CPU, weights.size(0));
        this.numSamples = numSamples;
        this.replacement = replacement;
        this.generator = generator;
    }

    private static String pythonTuple(int[] s) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < s.length; i++) {
            b.append(i > 0 ? ", " : "").append(s[i]);
        }
        return b.append(s.length == 1 ? ",)" : ")").toString();
    }

    /** @return the number of indices per epoch */
    public int numSamples() {
        return numSamples;
    }

    /** @return whether indices are drawn with replacement */
    public boolean replacement() {
        return replacement;
    }

    @Override
    public int len() {
        return numSamples;
    }

    @Override
    public Iterator<Integer> iterator() {
        return new Chunks("WeightedRandomSampler") {
            private boolean drawn;

            @Override
            long[] nextChunk() {
                if (drawn) {
                    return null;
                }
                drawn = true;
                return weights.multinomial(numSamples, replacement,
                        generator != null ? generator : Generator.defaultGenerator()).toLongArray();
            }
        };
    }

    @Override
    public String toString() {
        double[] w = weights.toDoubleArray();
        return "WeightedRandomSampler(weights=" + (w.length <= 10 ? Arrays.toString(w)
                : Arrays.toString(Arrays.copyOf(w, 10)).replace("]", ", ...]")) + ", num_samples=" + numSamples
                + ", replacement=" + replacement + ")";
    }
}

package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.ValuesIndices;

/**
 * PyTorch's {@code nn.FractionalMaxPool3d(kernel_size, output_size=None, output_ratio=None, return_indices=False,
 * _random_samples=None)}: fractional max pooling; see {@link Functional#fractionalMaxPool3d}. Without fixed samples,
 * each forward draws new ones from the generator, as PyTorch's from its default one.
 */
public final class FractionalMaxPool3d extends FractionalMaxPoolNd {
    /**
     * Pooling to a fixed output size, drawing from {@link Generator#defaultGenerator()}.
     *
     * @param kernelSize the window size (every dim)
     * @param outputSize the output size (every dim)
     */
    public FractionalMaxPool3d(int kernelSize, int outputSize) {
        this(new int[] {kernelSize}, new int[] {outputSize}, null, false, null, Generator.defaultGenerator());
    }

    /**
     * Every option; exactly one of {@code outputSize} and {@code outputRatio}.
     *
     * @param kernelSize one or 3 ints
     * @param outputSize one or 3 ints, or null
     * @param outputRatio one or 3 ratios in (0, 1), or null
     * @param returnIndices PyTorch's flag (grad4j returns the indices through {@link #forwardWithIndices})
     * @param randomSamples fixed {@code [N, C, 3]} samples (the buffer {@code _random_samples}), or null
     * @param generator the source of the draws when there are no fixed samples
     */
    public FractionalMaxPool3d(int[] kernelSize, int[] outputSize, double[] outputRatio, boolean returnIndices,
            Tensor randomSamples, Generator generator) {
        super("FractionalMaxPool3d", kernelSize, outputSize, outputRatio, returnIndices, randomSamples, generator);
    }

    @Override
    ValuesIndices pool(Tensor input, Tensor samples) {
        return Functional.fractionalMaxPool3dWithIndices(input, kernelSize, outputSize, outputRatio, samples,
                generator);
    }
}

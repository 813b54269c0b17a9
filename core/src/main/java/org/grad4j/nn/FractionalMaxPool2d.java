package org.grad4j.nn;

import java.util.Arrays;

import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.ValuesIndices;

/**
 * PyTorch's {@code nn.FractionalMaxPool2d(kernel_size, output_size=None, output_ratio=None, return_indices=False,
 * _random_samples=None)}: fractional max pooling; see {@link Functional#fractionalMaxPool2d}. Without fixed samples,
 * each forward draws new ones from the generator, as PyTorch's from its default one.
 */
public final class FractionalMaxPool2d extends Module {
    private final int[] kernelSize;
    private final int[] outputSize;
    private final double[] outputRatio;
    private final boolean returnIndices;
    private final Generator generator;
    private final Tensor randomSamples;

    /**
     * Pooling to a fixed output size, drawing from {@link Generator#defaultGenerator()}.
     *
     * @param kernelSize the window size (every dim)
     * @param outputSize the output size (every dim)
     */
    public FractionalMaxPool2d(int kernelSize, int outputSize) {
        this(new int[] {kernelSize}, new int[] {outputSize}, null, false, null, Generator.defaultGenerator());
    }

    /**
     * Every option; exactly one of {@code outputSize} and {@code outputRatio}.
     *
     * @param kernelSize one or 2 ints
     * @param outputSize one or 2 ints, or null
     * @param outputRatio one or 2 ratios in (0, 1), or null
     * @param returnIndices PyTorch's flag (grad4j returns the indices through {@link #forwardWithIndices})
     * @param randomSamples fixed {@code [N, C, 2]} samples (the buffer {@code _random_samples}), or null
     * @param generator the source of the draws when there are no fixed samples
     */
    public FractionalMaxPool2d(int[] kernelSize, int[] outputSize, double[] outputRatio, boolean returnIndices,
            Tensor randomSamples, Generator generator) {
        if (outputSize == null && outputRatio == null) {
            throw new IllegalArgumentException("FractionalMaxPool2d: FractionalMaxPool2d requires specifying either an output size, or a "
                    + "pooling ratio");
        }
        if (outputSize != null && outputRatio != null) {
            throw new IllegalArgumentException("FractionalMaxPool2d: only one of output_size and output_ratio may be specified");
        }
        if (outputRatio != null) {
            for (double r : outputRatio) {
                if (!(r > 0 && r < 1)) {
                    throw new IllegalArgumentException("FractionalMaxPool2d: output_ratio must be between 0 and 1 (got "
                            + Arrays.toString(outputRatio) + ")");
                }
            }
        }
        if (kernelSize == null || randomSamples == null && generator == null) {
            throw new IllegalArgumentException("FractionalMaxPool2d: expected a kernel_size and a Generator (or fixed samples)");
        }
        this.kernelSize = kernelSize.clone();
        this.outputSize = outputSize == null ? null : outputSize.clone();
        this.outputRatio = outputRatio == null ? null : outputRatio.clone();
        this.returnIndices = returnIndices;
        this.generator = generator;
        // PyTorch registers a None buffer when there are no fixed samples: nothing in the state dict
        this.randomSamples = randomSamples == null ? null : registerBuffer("_random_samples", randomSamples);
    }

    @Override
    public Tensor forward(Tensor input) {
        return forwardWithIndices(input).values();
    }

    /**
     * The pooled input and the indices of its maxima.
     *
     * @param input the input
     * @return the values and the int64 indices
     */
    public ValuesIndices forwardWithIndices(Tensor input) {
        Tensor samples = randomSamples == null ? null : namedBuffers().get("_random_samples");
        return Functional.fractionalMaxPool2dWithIndices(input, kernelSize, outputSize, outputRatio, samples,
                generator);
    }

    /**
     * Whether the module was built with {@code return_indices=True}.
     *
     * @return the flag
     */
    public boolean returnIndices() {
        return returnIndices;
    }
}

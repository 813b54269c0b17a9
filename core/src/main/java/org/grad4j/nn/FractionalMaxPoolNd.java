package org.grad4j.nn;

import java.util.Arrays;

import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.ValuesIndices;

/** What FractionalMaxPool2d and FractionalMaxPool3d share: the options, their checks, the samples buffer. */
abstract class FractionalMaxPoolNd extends Module {
    final int[] kernelSize;
    final int[] outputSize;
    final double[] outputRatio;
    private final boolean returnIndices;
    final Generator generator;
    private final Tensor randomSamples;

    FractionalMaxPoolNd(String name, int[] kernelSize, int[] outputSize, double[] outputRatio, boolean returnIndices,
            Tensor randomSamples, Generator generator) {
        if (outputSize == null && outputRatio == null) {
            throw new IllegalArgumentException(name + ": " + name + " requires specifying either an output size, or a "
                    + "pooling ratio");
        }
        if (outputSize != null && outputRatio != null) {
            throw new IllegalArgumentException(name + ": only one of output_size and output_ratio may be specified");
        }
        if (outputRatio != null) {
            for (double r : outputRatio) {
                if (!(r > 0 && r < 1)) {
                    throw new IllegalArgumentException(name + ": output_ratio must be between 0 and 1 (got "
                            + Arrays.toString(outputRatio) + ")");
                }
            }
        }
        if (kernelSize == null || randomSamples == null && generator == null) {
            throw new IllegalArgumentException(name + ": expected a kernel_size and a Generator (or fixed samples)");
        }
        this.kernelSize = kernelSize.clone();
        this.outputSize = outputSize == null ? null : outputSize.clone();
        this.outputRatio = outputRatio == null ? null : outputRatio.clone();
        this.returnIndices = returnIndices;
        this.generator = generator;
        // PyTorch registers a None buffer when there are no fixed samples: nothing in the state dict
        this.randomSamples = randomSamples == null ? null : registerBuffer("_random_samples", randomSamples);
    }


    /** The functional form, 2-d or 3-d. */
    abstract ValuesIndices pool(Tensor input, Tensor samples);

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
        return pool(input, randomSamples == null ? null : namedBuffers().get("_random_samples"));
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

package org.grad4j.nn;

import java.util.Arrays;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;

/**
 * Batch normalization over a {@code [N, C, D, H, W]} input, PyTorch's {@code nn.BatchNorm3d}: per channel, over the
 * batch and the three spatial dimensions, with the same parameters, buffers and statistics as {@link BatchNorm1d}
 * (which it runs on the input viewed as {@code [N, C, D*H*W]}).
 */
public class BatchNorm3d extends BatchNorm1d {
    /**
     * {@code BatchNorm3d(num_features)}: eps 1e-5, momentum 0.1, affine, tracking running statistics.
     *
     * @param numFeatures the number of channels C
     */
    public BatchNorm3d(int numFeatures) {
        super(numFeatures);
    }

    /**
     * A layer with parameters and buffers in {@code dtype} on {@code device}.
     *
     * @param numFeatures the number of channels C
     * @param eps added to the variance for numerical stability
     * @param momentum the weight of the batch statistic in the running average, or null for a cumulative average
     * @param affine whether to learn {@code weight} (ones) and {@code bias} (zeros)
     * @param trackRunningStats whether to keep running statistics for evaluation mode
     * @param dtype the dtype of the parameters and running statistics
     * @param device their device
     */
    public BatchNorm3d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats,
            DType dtype, Device device) {
        super(numFeatures, eps, momentum, affine, trackRunningStats, dtype, device);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input == null || input.dim() != 5) {
            throw new IllegalArgumentException("BatchNorm3d: expected 5D input (got "
                    + (input == null ? "null" : input.dim() + "D input of shape " + Arrays.toString(input.shape())) + ")");
        }
        int[] shape = input.shape();
        checkChannels("BatchNorm3d", shape);
        return normalize("BatchNorm3d", input);
    }
}

package org.grad4j.nn;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.InstanceNorm2d(num_features, eps=1e-5, momentum=0.1, affine=False,
 * track_running_stats=False)}: each (sample, channel) normalised over its positions; with {@code affine} a
 * {@code weight} (ones) and {@code bias} (zeros); with {@code track_running_stats} running statistics (used in
 * evaluation) and {@code num_batches_tracked}, as PyTorch's buffers.
 */
public class InstanceNorm2d extends InstanceNorm {
    /**
     * {@code InstanceNorm2d(num_features)}.
     *
     * @param numFeatures the input's channels
     */
    public InstanceNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, false, false, Tensor.defaultDType(), Device.fromSystemProperty());
    }

    /**
     * Every option.
     *
     * @param numFeatures the input's channels
     * @param eps added to the variance
     * @param momentum the running statistics' update weight
     * @param affine whether the layer has a learnable weight and bias
     * @param trackRunningStats whether the layer keeps running statistics
     * @param dtype the parameters' and buffers' floating dtype
     * @param device their device
     */
    public InstanceNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats, DType dtype,
            Device device) {
        super("InstanceNorm2d", 4, numFeatures, eps, momentum, affine, trackRunningStats, dtype, device);
    }
}

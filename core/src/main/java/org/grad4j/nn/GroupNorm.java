package org.grad4j.nn;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;

/**
 * PyTorch's {@code nn.GroupNorm(num_groups, num_channels, eps=1e-5, affine=True)}: the channels split into groups,
 * each (sample, group) normalised; {@code weight} ones and {@code bias} zeros, {@code [num_channels]}, when affine.
 */
public final class GroupNorm extends Module {
    private final int numGroups;
    private final int numChannels;
    private final double eps;
    private final Tensor weight;
    private final Tensor bias;

    /**
     * {@code GroupNorm(num_groups, num_channels)}, in the default dtype on the default device.
     *
     * @param numGroups dividing numChannels
     * @param numChannels the input's channels
     */
    public GroupNorm(int numGroups, int numChannels) {
        this(numGroups, numChannels, 1e-5, true, Tensor.defaultDType(), Device.fromSystemProperty());
    }

    /**
     * Every option.
     *
     * @param numGroups dividing numChannels
     * @param numChannels the input's channels
     * @param eps added to the variance
     * @param affine whether the layer has a learnable weight and bias
     * @param dtype the parameters' floating dtype
     * @param device the parameters' device
     */
    public GroupNorm(int numGroups, int numChannels, double eps, boolean affine, DType dtype, Device device) {
        if (numGroups < 1 || numChannels % numGroups != 0) {
            throw new IllegalArgumentException("GroupNorm: num_channels must be divisible by num_groups (num_groups "
                    + numGroups + ", num_channels " + numChannels + ")");
        }
        if (dtype == null || device == null || !dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("GroupNorm: expected a floating dtype and a device, got " + dtype + ", "
                    + device);
        }
        this.numGroups = numGroups;
        this.numChannels = numChannels;
        this.eps = eps;
        this.weight = affine ? registerParameter("weight", Tensor.full(new int[] {numChannels}, 1.0, dtype, device))
                : null;
        this.bias = affine ? registerParameter("bias", Tensor.full(new int[] {numChannels}, 0.0, dtype, device)) : null;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.groupNorm(input, numGroups, weight, bias, eps);
    }

    @Override
    protected String extraRepr() {
        return numGroups + ", " + numChannels + ", eps=" + PythonFloat.repr(eps) + ", affine=" + (weight != null ? "True"
                : "False");
    }
}

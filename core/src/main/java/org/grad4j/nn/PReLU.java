package org.grad4j.nn;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.PReLU(num_parameters=1, init=0.25)}: {@code x > 0 ? x : weight * x} with a learnable
 * {@code weight} of {@code num_parameters} values (1, or one per channel, dimension 1 of the input), all
 * {@code init} at first.
 */
public final class PReLU extends Module {
    private final int numParameters;
    private final Tensor weight;

    /** {@code PReLU()}: one weight, 0.25, in the default dtype on the default device. */
    public PReLU() {
        this(1, 0.25);
    }

    /**
     * {@code PReLU(num_parameters, init)} in the default dtype on the default device.
     *
     * @param numParameters 1, or the input's channels
     * @param init the weights' initial value
     */
    public PReLU(int numParameters, double init) {
        this(numParameters, init, Tensor.defaultDType(), Device.fromSystemProperty());
    }

    /**
     * Every option.
     *
     * @param numParameters 1, or the input's channels
     * @param init the weights' initial value
     * @param dtype the weight's floating dtype
     * @param device the weight's device
     */
    public PReLU(int numParameters, double init, DType dtype, Device device) {
        if (numParameters < 1) {
            throw new IllegalArgumentException("PReLU: expected num_parameters of at least 1, got " + numParameters);
        }
        if (dtype == null || device == null || !dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("PReLU: expected a floating dtype and a device, got " + dtype + ", "
                    + device);
        }
        this.numParameters = numParameters;
        this.weight = registerParameter("weight", Tensor.full(new int[] {numParameters}, init, dtype, device));
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.prelu(input, weight);
    }

    /**
     * The weights, {@code [num_parameters]}.
     *
     * @return the weight parameter itself
     */
    public Tensor weight() {
        return weight;
    }

    @Override
    protected String extraRepr() {
        return "num_parameters=" + numParameters;
    }
}

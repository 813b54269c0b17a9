package org.grad4j.nn;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.ConvTranspose1d}: {@code weight} {@code [in_channels, out_channels / groups, k...]} and
 * {@code bias} {@code [out_channels]}, initialised as PyTorch does, so a seeded generator gives PyTorch's initial
 * values; see {@link Functional#convTranspose1d}.
 */
public class ConvTranspose1d extends ConvTransposeNd {
    /**
     * A layer with stride 1, no padding, a bias, in the default dtype on the default device, initialised from
     * {@link Generator#defaultGenerator()}.
     *
     * @param inChannels the input's channels
     * @param outChannels the output's channels
     * @param kernelSize the window's size in every dimension
     */
    public ConvTranspose1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {1}, new int[] {0}, new int[] {0}, 1, true,
                new int[] {1}, Generator.defaultGenerator(), Tensor.defaultDType(), Device.fromSystemProperty());
    }

    /**
     * Every option, in PyTorch's order, initialised from {@code generator}.
     *
     * @param inChannels the input's channels
     * @param outChannels the output's channels
     * @param kernelSize one int
     * @param stride one int, at least 1
     * @param padding one int, at least 0
     * @param outputPadding one int, smaller than the stride or the dilation
     * @param groups channel groups, dividing both channel counts
     * @param bias whether the layer adds a learnable bias
     * @param dilation one int, at least 1
     * @param generator the source of the initial values; it advances
     * @param dtype the parameters' floating dtype
     * @param device the parameters' device
     */
    public ConvTranspose1d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding,
            int[] outputPadding, int groups, boolean bias, int[] dilation, Generator generator, DType dtype,
            Device device) {
        super("ConvTranspose1d", 1, inChannels, outChannels, kernelSize, stride, padding, outputPadding, groups, bias,
                dilation, generator, dtype, device);
    }

    @Override
    Tensor run(Tensor input, int[] outputPadding) {
        return Functional.convTranspose1d(input, slot("weight", weight), slot("bias", bias), stride, padding, outputPadding, groups, dilation);
    }
}

package org.grad4j.nn;

import java.util.Arrays;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.ConvTranspose2d}: {@code weight} {@code [in_channels, out_channels / groups, kH, kW]} and
 * {@code bias} {@code [out_channels]}, initialised as PyTorch does (Kaiming-uniform with {@code a = sqrt(5)} over
 * the fan-in {@code out_channels / groups * kH * kW}, then a uniform bias over {@code +-1/sqrt(fan_in)}), so a seeded
 * generator gives PyTorch's initial values. Sizes are one int for both dimensions or two.
 */
public class ConvTranspose2d extends Module {
    int inChannels;   // set by the Lazy* twin on its first forward
    private final int outChannels;
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;
    private final int[] outputPadding;
    private final int groups;
    private final int[] dilation;
    private final Tensor weight;
    private final Tensor bias;

    /**
     * A layer with stride 1, no padding, a bias, in the default dtype on the default device, initialised from
     * {@link Generator#defaultGenerator()}.
     *
     * @param inChannels the input's channels
     * @param outChannels the output's channels
     * @param kernelSize the window's height and width
     */
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {1}, new int[] {0}, new int[] {0}, 1, true,
                new int[] {1}, Generator.defaultGenerator(), Tensor.defaultDType(), Device.fromSystemProperty());
    }

    /**
     * Every option, in PyTorch's order, initialised from {@code generator}.
     *
     * @param inChannels the input's channels
     * @param outChannels the output's channels
     * @param kernelSize one or two ints
     * @param stride one or two ints, at least 1
     * @param padding one or two ints, at least 0
     * @param outputPadding one or two ints, smaller than the stride or the dilation
     * @param groups channel groups, dividing both channel counts
     * @param bias whether the layer adds a learnable bias
     * @param dilation one or two ints, at least 1
     * @param generator the source of the initial values; it advances
     * @param dtype the parameters' floating dtype
     * @param device the parameters' device
     */
    public ConvTranspose2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding,
            int[] outputPadding, int groups, boolean bias, int[] dilation, Generator generator, DType dtype,
            Device device) {
        this.kernelSize = pair("kernel_size", kernelSize, 1);
        this.stride = pair("stride", stride, 1);
        this.padding = pair("padding", padding, 0);
        this.outputPadding = pair("output_padding", outputPadding, 0);
        this.dilation = pair("dilation", dilation, 1);
        if (inChannels < 1 || outChannels < 1 || groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("ConvTranspose2d: expected positive in_channels and out_channels "
                    + "divisible by groups, got in_channels=" + inChannels + ", out_channels=" + outChannels
                    + ", groups=" + groups);
        }
        for (int i = 0; i < 2; i++) {
            if (this.outputPadding[i] >= this.stride[i] && this.outputPadding[i] >= this.dilation[i]) {
                throw new IllegalArgumentException("ConvTranspose2d: output padding must be smaller than either stride "
                        + "or dilation, got output_padding " + Arrays.toString(this.outputPadding) + ", stride "
                        + Arrays.toString(this.stride) + ", dilation " + Arrays.toString(this.dilation));
            }
        }
        if (generator == null || dtype == null || device == null || !dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("ConvTranspose2d: expected a generator, a floating dtype and a device");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = groups;
        Tensor w = Tensor.zeros(new int[] {inChannels, outChannels / groups, this.kernelSize[0], this.kernelSize[1]},
                dtype).to(device);
        Init.kaimingUniform_(w, Math.sqrt(5), "fan_in", "leaky_relu", generator);
        this.weight = registerParameter("weight", w);
        if (bias) {
            int fanIn = outChannels / groups * this.kernelSize[0] * this.kernelSize[1];
            double bound = 1 / Math.sqrt(fanIn);
            Tensor b = Tensor.zeros(new int[] {outChannels}, dtype).to(device);
            Init.uniform_(b, -bound, bound, generator);
            this.bias = registerParameter("bias", b);
        } else {
            this.bias = null;
        }
    }

    private static int[] pair(String what, int[] v, int least) {
        if (v == null || (v.length != 1 && v.length != 2) || Arrays.stream(v).anyMatch(x -> x < least)) {
            throw new IllegalArgumentException("ConvTranspose2d: expected " + what + " as one or two ints of at least "
                    + least + ", got " + (v == null ? "null" : Arrays.toString(v)));
        }
        return v.length == 1 ? new int[] {v[0], v[0]} : v.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.convTranspose2d(input, slot("weight", weight), slot("bias", bias), stride, padding, outputPadding, groups, dilation);
    }

    /**
     * The weight, {@code [in_channels, out_channels / groups, kH, kW]}.
     *
     * @return the weight parameter itself
     */
    public Tensor weight() {
        return slot("weight", weight);
    }

    /**
     * The bias, {@code [out_channels]}, or null.
     *
     * @return the bias parameter itself, or null
     */
    public Tensor bias() {
        return slot("bias", bias);
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernel_size=" + Conv2d.tuple(kernelSize) + ", stride="
                + Conv2d.tuple(stride) + (padding[0] != 0 || padding[1] != 0 ? ", padding=" + Conv2d.tuple(padding) : "")
                + (dilation[0] != 1 || dilation[1] != 1 ? ", dilation=" + Conv2d.tuple(dilation) : "")
                + (outputPadding[0] != 0 || outputPadding[1] != 0 ? ", output_padding=" + Conv2d.tuple(outputPadding) : "")
                + (groups != 1 ? ", groups=" + groups : "") + (bias == null ? ", bias=False" : "");
    }
}

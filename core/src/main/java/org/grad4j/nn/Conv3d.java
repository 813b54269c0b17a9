package org.grad4j.nn;

import java.util.Arrays;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.Conv3d}: {@code weight} {@code [out_channels, in_channels / groups, kD, kH, kW]} and
 * {@code bias} {@code [out_channels]}, initialised as PyTorch does (Kaiming-uniform with {@code a = sqrt(5)}, then
 * a uniform bias over {@code +-1/sqrt(fan_in)}), so a seeded generator gives PyTorch's initial values. Padding is
 * ints or {@code "same"} / {@code "valid"}; {@code padding_mode} {@code "zeros"}, {@code "reflect"},
 * {@code "replicate"} or {@code "circular"} (the input padded by {@link Functional#pad} first, as PyTorch).
 */
public class Conv3d extends Module {
    private static final String NAME = "Conv3d";
    int inChannels;   // set by the Lazy* twin on its first forward
    private final int outChannels;
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;
    private final String paddingString;
    private final int[] dilation;
    private final int groups;
    private final String paddingMode;
    /** F.pad's argument for a non-zeros padding_mode: the padding reversed, each value twice (PyTorch's). */
    private final int[] reversedPadding;
    private final Tensor weight;
    private final Tensor bias;

    /**
     * {@code Conv3d(in, out, kernel_size)}: stride 1, no padding, a bias, in the default dtype on the default device,
     * initialised from {@link Generator#defaultGenerator()}.
     *
     * @param inChannels the input's channels
     * @param outChannels the output's channels
     * @param kernelSize the window's depth, height and width
     */
    public Conv3d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {1}, new int[] {0}, new int[] {1}, 1, true,
                "zeros", Generator.defaultGenerator(), Tensor.defaultDType(), Device.fromSystemProperty());
    }

    /**
     * Every option, in PyTorch's order, initialised from {@code generator}.
     *
     * @param inChannels the input's channels
     * @param outChannels the output's channels
     * @param kernelSize one or three ints
     * @param stride one or three ints, at least 1
     * @param padding one or three ints, at least 0
     * @param dilation one or three ints, at least 1
     * @param groups channel groups, dividing both channel counts
     * @param bias whether the layer adds a learnable bias
     * @param paddingMode "zeros", "reflect", "replicate" or "circular"
     * @param generator the source of the initial values; it advances
     * @param dtype the parameters' floating dtype
     * @param device the parameters' device
     */
    public Conv3d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
            int groups, boolean bias, String paddingMode, Generator generator, DType dtype, Device device) {
        this(inChannels, outChannels, kernelSize, stride, Layers3Args.expand(NAME, "padding", padding, 3, 0), null,
                dilation, groups, bias, paddingMode, generator, dtype, device);
    }

    /**
     * A layer with PyTorch's string padding, {@code "same"} (the output keeps the input's size; stride 1 only) or
     * {@code "valid"} (none), initialised from {@code generator}.
     *
     * @param inChannels the input's channels
     * @param outChannels the output's channels
     * @param kernelSize one or three ints
     * @param stride one or three ints (1 for "same")
     * @param padding "same" or "valid"
     * @param dilation one or three ints, at least 1
     * @param groups channel groups, dividing both channel counts
     * @param bias whether the layer adds a learnable bias
     * @param paddingMode "zeros", "reflect", "replicate" or "circular"
     * @param generator the source of the initial values; it advances
     * @param dtype the parameters' floating dtype
     * @param device the parameters' device
     */
    public Conv3d(int inChannels, int outChannels, int[] kernelSize, int[] stride, String padding, int[] dilation,
            int groups, boolean bias, String paddingMode, Generator generator, DType dtype, Device device) {
        this(inChannels, outChannels, kernelSize, stride, new int[3], checkString(padding, stride), dilation, groups,
                bias, paddingMode, generator, dtype, device);
    }

    private static String checkString(String padding, int[] stride) {
        if (!"same".equals(padding) && !"valid".equals(padding)) {
            throw new IllegalArgumentException(NAME + ": Invalid padding string '" + padding
                    + "', should be one of {'valid', 'same'}");
        }
        if (padding.equals("same") && stride != null && Arrays.stream(stride).anyMatch(s -> s != 1)) {
            throw new IllegalArgumentException(NAME + ": padding='same' is not supported for strided convolutions "
                    + "(stride " + Arrays.toString(stride) + ")");
        }
        return padding;
    }

    private Conv3d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, String paddingString,
            int[] dilation, int groups, boolean bias, String paddingMode, Generator generator, DType dtype,
            Device device) {
        this.kernelSize = Layers3Args.expand(NAME, "kernel_size", kernelSize, 3, 1);
        this.stride = Layers3Args.expand(NAME, "stride", stride, 3, 1);
        this.padding = padding;
        this.paddingString = paddingString;
        this.dilation = Layers3Args.expand(NAME, "dilation", dilation, 3, 1);
        if (inChannels < 1 || outChannels < 1 || groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(NAME + ": expected positive in_channels and out_channels divisible by "
                    + "groups, got in_channels=" + inChannels + ", out_channels=" + outChannels + ", groups=" + groups);
        }
        if (!Arrays.asList("zeros", "reflect", "replicate", "circular").contains(paddingMode)) {
            throw new IllegalArgumentException(NAME + ": padding_mode must be one of ['zeros', 'reflect', 'replicate', "
                    + "'circular'], but got padding_mode='" + paddingMode + "'");
        }
        if (generator == null || dtype == null || device == null || !dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(NAME + ": expected a generator, a floating dtype and a device");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = groups;
        this.paddingMode = paddingMode;
        this.reversedPadding = new int[6];
        for (int i = 0; i < 3; i++) {
            int total = "same".equals(paddingString) ? this.dilation[i] * (this.kernelSize[i] - 1) : 2 * padding[i];
            reversedPadding[4 - 2 * i] = total / 2;
            reversedPadding[5 - 2 * i] = total - total / 2;
        }
        int fanIn = inChannels / groups * this.kernelSize[0] * this.kernelSize[1] * this.kernelSize[2];
        // PyTorch's ConvNd and Linear draw their parameters alike over fan_in: a Linear(fan_in, out) draws the values
        Linear draw = new Linear(fanIn, outChannels, bias, generator, dtype, device);
        this.weight = registerParameter("weight", draw.weight().detach().reshape(outChannels, inChannels / groups,
                this.kernelSize[0], this.kernelSize[1], this.kernelSize[2]).clone());
        this.bias = bias ? registerParameter("bias", draw.bias().detach().clone()) : null;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (!paddingMode.equals("zeros")) {
            return Functional.conv3d(Functional.pad(input, reversedPadding, paddingMode, 0.0), slot("weight", weight), slot("bias", bias), stride,
                    new int[] {0}, dilation, groups);
        }
        return paddingString != null ? Functional.conv3d(input, slot("weight", weight), slot("bias", bias), stride, paddingString, dilation, groups)
                : Functional.conv3d(input, slot("weight", weight), slot("bias", bias), stride, padding, dilation, groups);
    }

    /**
     * The weight, {@code [out_channels, in_channels / groups, kD, kH, kW]}.
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
        return Layers3Args.convRepr(inChannels, outChannels, kernelSize, stride, padding, paddingString, dilation, null,
                groups, bias != null, paddingMode);
    }
}

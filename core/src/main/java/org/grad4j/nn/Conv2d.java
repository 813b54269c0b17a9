package org.grad4j.nn;

import java.util.Arrays;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.Conv2d} (padding_mode zeros, reflect, replicate or circular): {@code weight}
 * {@code [out_channels, in_channels / groups, kH, kW]},
 * {@code bias} {@code [out_channels]}, both initialised as PyTorch does (Kaiming-uniform with {@code a = sqrt(5)}
 * and a uniform bias over {@code +-1/sqrt(fan_in)}, drawn in that order), so a seeded generator gives PyTorch's
 * initial values. Sizes are one int for both dimensions or two ({@code {height, width}}).
 */
public class Conv2d extends Module {
    int inChannels;   // set by the Lazy* twin on its first forward
    private final int outChannels;
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;
    private final String paddingString;
    private final int[] dilation;
    private final int groups;
    private final Tensor weight;
    private final Tensor bias;
    // fuzznn: PyTorch's padding_mode, the padding applied by F.pad before an unpadded convolution
    private final String paddingMode;
    private final int[] reversedPadding;

    /**
     * A layer with stride 1, no padding, a bias, in the default dtype on the default device, initialised from
     * {@link Generator#defaultGenerator()}.
     *
     * @param inChannels the input's channels
     * @param outChannels the output's channels
     * @param kernelSize the window's height and width
     */
    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {1}, new int[] {0}, new int[] {1}, 1, true,
                Generator.defaultGenerator(), Tensor.defaultDType(), Device.fromSystemProperty());
    }

    /**
     * A layer with a bias, no dilation and one group, in the default dtype on the default device, initialised from
     * {@link Generator#defaultGenerator()}, like {@code nn.Conv2d(in, out, kernel_size, stride, padding)}.
     *
     * @param inChannels the input's channels
     * @param outChannels the output's channels
     * @param kernelSize the window's height and width
     * @param stride the step of the window in both directions, at least 1
     * @param padding the zeros added on each side in both directions, at least 0
     */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, new int[] {1}, 1,
                true, Generator.defaultGenerator(), Tensor.defaultDType(), Device.fromSystemProperty());
    }

    /**
     * A layer initialised from {@code generator}, created in {@code dtype} on {@code device}.
     *
     * @param inChannels the input's channels
     * @param outChannels the output's channels
     * @param kernelSize one or two ints
     * @param stride one or two ints, at least 1
     * @param padding one or two ints, at least 0
     * @param dilation one or two ints, at least 1
     * @param groups channel groups, dividing both channel counts
     * @param bias whether the layer adds a learnable bias
     * @param generator the source of the initial values; it advances
     * @param dtype the parameters' floating dtype
     * @param device the parameters' device
     */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
            int groups, boolean bias, Generator generator, DType dtype, Device device) {
        this(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, "zeros", generator, dtype,
                device);
    }

    /**
     * A layer with PyTorch's {@code padding_mode}: {@code "zeros"}, or {@code "reflect"}, {@code "replicate"} or
     * {@code "circular"} (the input padded by {@link Functional#pad} first, as PyTorch), initialised from
     * {@code generator}.
     *
     * @param inChannels the input's channels
     * @param outChannels the output's channels
     * @param kernelSize one or two ints
     * @param stride one or two ints, at least 1
     * @param padding one or two ints, at least 0
     * @param dilation one or two ints, at least 1
     * @param groups channel groups, dividing both channel counts
     * @param bias whether the layer adds a learnable bias
     * @param paddingMode "zeros", "reflect", "replicate" or "circular"
     * @param generator the source of the initial values; it advances
     * @param dtype the parameters' floating dtype
     * @param device the parameters' device
     */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
            int groups, boolean bias, String paddingMode, Generator generator, DType dtype, Device device) {
        this(inChannels, outChannels, kernelSize, stride, pair("padding", padding, 0), null, dilation, groups, bias,
                paddingMode, generator, dtype, device);
    }

    /**
     * A layer with PyTorch's string padding, {@code "same"} (the output keeps the input's height and width;
     * stride 1 only) or {@code "valid"} (none), initialised from {@code generator}.
     *
     * @param inChannels the input's channels
     * @param outChannels the output's channels
     * @param kernelSize one or two ints
     * @param stride one or two ints, at least 1 (1 for "same")
     * @param padding {@code "same"} or {@code "valid"}
     * @param dilation one or two ints, at least 1
     * @param groups channel groups, dividing both channel counts
     * @param bias whether the layer adds a learnable bias
     * @param generator the source of the initial values; it advances
     * @param dtype the parameters' floating dtype
     * @param device the parameters' device
     */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, String padding, int[] dilation,
            int groups, boolean bias, Generator generator, DType dtype, Device device) {
        this(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, "zeros", generator, dtype,
                device);
    }

    /**
     * A layer with string padding and PyTorch's {@code padding_mode} ({@code "same"} pads {@code dilation * (k - 1)}
     * in all, the smaller half first), initialised from {@code generator}.
     *
     * @param inChannels the input's channels
     * @param outChannels the output's channels
     * @param kernelSize one or two ints
     * @param stride one or two ints, at least 1 (1 for "same")
     * @param padding {@code "same"} or {@code "valid"}
     * @param dilation one or two ints, at least 1
     * @param groups channel groups, dividing both channel counts
     * @param bias whether the layer adds a learnable bias
     * @param paddingMode "zeros", "reflect", "replicate" or "circular"
     * @param generator the source of the initial values; it advances
     * @param dtype the parameters' floating dtype
     * @param device the parameters' device
     */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, String padding, int[] dilation,
            int groups, boolean bias, String paddingMode, Generator generator, DType dtype, Device device) {
        this(inChannels, outChannels, kernelSize, stride, new int[] {0, 0}, checkMode(padding, stride), dilation, groups,
                bias, paddingMode, generator, dtype, device);
    }

    private static String checkMode(String padding, int[] stride) {
        if (!"same".equals(padding) && !"valid".equals(padding)) {
            throw new IllegalArgumentException("Conv2d: Invalid padding string '" + padding
                    + "', should be one of {'valid', 'same'}");
        }
        if (padding.equals("same") && stride != null && Arrays.stream(stride).anyMatch(s -> s != 1)) {
            throw new IllegalArgumentException("Conv2d: padding='same' is not supported for strided convolutions "
                    + "(stride " + Arrays.toString(stride) + ")");
        }
        return padding;
    }

    private Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, String paddingString,
            int[] dilation, int groups, boolean bias, String paddingMode, Generator generator, DType dtype,
            Device device) {
        this.kernelSize = pair("kernel_size", kernelSize, 1);
        this.stride = pair("stride", stride, 1);
        this.padding = padding;
        this.paddingString = paddingString;
        this.dilation = pair("dilation", dilation, 1);
        this.paddingMode = Layers3Args.paddingMode("Conv2d", paddingMode);
        this.reversedPadding = Layers3Args.reversedPadding(paddingString, this.padding, this.kernelSize, this.dilation);
        if (inChannels < 1 || outChannels < 1 || groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("Conv2d: expected positive in_channels and out_channels divisible by "
                    + "groups, got in_channels=" + inChannels + ", out_channels=" + outChannels + ", groups=" + groups);
        }
        if (generator == null || dtype == null || device == null) {
            throw new IllegalArgumentException("Conv2d: generator, dtype and device must not be null");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = groups;
        int fanIn = inChannels / groups * this.kernelSize[0] * this.kernelSize[1];
        // PyTorch's Conv2d and Linear draw their parameters alike over fan_in: a Linear(fan_in, out) draws the values
        Linear draw = new Linear(fanIn, outChannels, bias, generator, dtype, device);
        this.weight = registerParameter("weight", draw.weight().detach()
                .reshape(outChannels, inChannels / groups, this.kernelSize[0], this.kernelSize[1]).clone());
        this.bias = bias ? registerParameter("bias", draw.bias().detach().clone()) : null;
    }

    private static int[] pair(String what, int[] v, int least) {
        if (v == null || (v.length != 1 && v.length != 2) || Arrays.stream(v).anyMatch(x -> x < least)) {
            throw new IllegalArgumentException("Conv2d: expected " + what + " as one or two ints of at least " + least
                    + ", got " + (v == null ? "null" : Arrays.toString(v)));
        }
        return v.length == 1 ? new int[] {v[0], v[0]} : v.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor w = slot("weight", weight);
        Tensor b = slot("bias", bias);
        if (!paddingMode.equals("zeros")) {
            return Functional.conv2d(Functional.pad(input, reversedPadding, paddingMode, 0.0), w, b, stride,
                    new int[] {0}, dilation, groups);
        }
        return paddingString != null ? Functional.conv2d(input, w, b, stride, paddingString, dilation, groups)
                : Functional.conv2d(input, w, b, stride, padding, dilation, groups);
    }

    /**
     * The weight, {@code [out_channels, in_channels / groups, kH, kW]}.
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
        return inChannels + ", " + outChannels + ", kernel_size=" + tuple(kernelSize) + ", stride=" + tuple(stride)
                + (paddingString != null ? ", padding=" + paddingString
                        : padding[0] != 0 || padding[1] != 0 ? ", padding=" + tuple(padding) : "")
                + (dilation[0] != 1 || dilation[1] != 1 ? ", dilation=" + tuple(dilation) : "")
                + (groups != 1 ? ", groups=" + groups : "") + (bias == null ? ", bias=False" : "")
                + (paddingMode.equals("zeros") ? "" : ", padding_mode=" + paddingMode);
    }

    static String tuple(int[] v) {
        return "(" + v[0] + ", " + v[1] + ")";
    }
}

package org.grad4j.nn;

import java.util.Arrays;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.Conv1d} (padding_mode zeros, reflect, replicate or circular): {@code weight}
 * {@code [out_channels, in_channels / groups, kW]},
 * {@code bias} {@code [out_channels]}, initialised as PyTorch does (Kaiming-uniform with {@code a = sqrt(5)}, then
 * a uniform bias over {@code +-1/sqrt(fan_in)}), so a seeded generator gives PyTorch's initial values.
 */
public class Conv1d extends Module {
    int inChannels;   // set by the Lazy* twin on its first forward
    private final int outChannels;
    private final int kernelSize;
    private final int stride;
    private final int padding;
    private final String paddingString;
    private final int dilation;
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
     * @param kernelSize the window's length
     */
    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, 1, 1, true, Generator.defaultGenerator(), Tensor.defaultDType(),
                Device.fromSystemProperty());
    }

    /**
     * Every option, initialised from {@code generator}.
     *
     * @param inChannels the input's channels
     * @param outChannels the output's channels
     * @param kernelSize the window's length
     * @param stride at least 1
     * @param padding at least 0
     * @param dilation at least 1
     * @param groups channel groups, dividing both channel counts
     * @param bias whether the layer adds a learnable bias
     * @param generator the source of the initial values; it advances
     * @param dtype the parameters' floating dtype
     * @param device the parameters' device
     */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
            boolean bias, Generator generator, DType dtype, Device device) {
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
     * @param kernelSize the window's length
     * @param stride at least 1
     * @param padding at least 0
     * @param dilation at least 1
     * @param groups channel groups, dividing both channel counts
     * @param bias whether the layer adds a learnable bias
     * @param paddingMode "zeros", "reflect", "replicate" or "circular"
     * @param generator the source of the initial values; it advances
     * @param dtype the parameters' floating dtype
     * @param device the parameters' device
     */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
            boolean bias, String paddingMode, Generator generator, DType dtype, Device device) {
        this(inChannels, outChannels, kernelSize, stride, padding, null, dilation, groups, bias, paddingMode, generator,
                dtype, device);
    }

    /**
     * A layer with PyTorch's string padding, {@code "same"} (stride 1 only) or {@code "valid"}.
     *
     * @param inChannels the input's channels
     * @param outChannels the output's channels
     * @param kernelSize the window's length
     * @param stride at least 1 (1 for "same")
     * @param padding {@code "same"} or {@code "valid"}
     * @param dilation at least 1
     * @param groups channel groups
     * @param bias whether the layer adds a learnable bias
     * @param generator the source of the initial values; it advances
     * @param dtype the parameters' floating dtype
     * @param device the parameters' device
     */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, String padding, int dilation, int groups,
            boolean bias, Generator generator, DType dtype, Device device) {
        this(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, "zeros", generator, dtype,
                device);
    }

    /**
     * A layer with string padding and PyTorch's {@code padding_mode} ({@code "same"} pads {@code dilation * (k - 1)}
     * in all, the smaller half first), initialised from {@code generator}.
     *
     * @param inChannels the input's channels
     * @param outChannels the output's channels
     * @param kernelSize the window's length
     * @param stride at least 1 (1 for "same")
     * @param padding {@code "same"} or {@code "valid"}
     * @param dilation at least 1
     * @param groups channel groups
     * @param bias whether the layer adds a learnable bias
     * @param paddingMode "zeros", "reflect", "replicate" or "circular"
     * @param generator the source of the initial values; it advances
     * @param dtype the parameters' floating dtype
     * @param device the parameters' device
     */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, String padding, int dilation, int groups,
            boolean bias, String paddingMode, Generator generator, DType dtype, Device device) {
        this(inChannels, outChannels, kernelSize, stride, 0, checkMode(padding, stride), dilation, groups, bias,
                paddingMode, generator, dtype, device);
    }

    private static String checkMode(String padding, int stride) {
        if (!"same".equals(padding) && !"valid".equals(padding)) {
            throw new IllegalArgumentException("Conv1d: Invalid padding string '" + padding
                    + "', should be one of {'valid', 'same'}");
        }
        if (padding.equals("same") && stride != 1) {
            throw new IllegalArgumentException("Conv1d: padding='same' is not supported for strided convolutions "
                    + "(stride " + stride + ")");
        }
        return padding;
    }

    private Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, String paddingString,
            int dilation, int groups, boolean bias, String paddingMode, Generator generator, DType dtype,
            Device device) {
        if (inChannels < 1 || outChannels < 1 || groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("Conv1d: expected positive in_channels and out_channels divisible by "
                    + "groups, got in_channels=" + inChannels + ", out_channels=" + outChannels + ", groups=" + groups);
        }
        if (kernelSize < 1 || stride < 1 || padding < 0 || dilation < 1) {
            throw new IllegalArgumentException("Conv1d: expected kernel_size, stride and dilation of at least 1 and "
                    + "padding of at least 0, got " + Arrays.toString(new int[] {kernelSize, stride, padding, dilation}));
        }
        if (generator == null || dtype == null || device == null) {
            throw new IllegalArgumentException("Conv1d: generator, dtype and device must not be null");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.paddingString = paddingString;
        this.dilation = dilation;
        this.paddingMode = Layers3Args.paddingMode("Conv1d", paddingMode);
        this.reversedPadding = Layers3Args.reversedPadding(paddingString, new int[] {padding}, new int[] {kernelSize},
                new int[] {dilation});
        this.groups = groups;
        // PyTorch's ConvNd and Linear draw their parameters alike over fan_in
        Linear draw = new Linear(inChannels / groups * kernelSize, outChannels, bias, generator, dtype, device);
        this.weight = registerParameter("weight", draw.weight().detach()
                .reshape(outChannels, inChannels / groups, kernelSize).clone());
        this.bias = bias ? registerParameter("bias", draw.bias().detach().clone()) : null;
    }

    @Override
    public Tensor forward(Tensor input) {
        int[] s = {stride};
        int[] d = {dilation};
        Tensor w = slot("weight", weight);
        Tensor b = slot("bias", bias);
        if (!paddingMode.equals("zeros")) {
            return Functional.conv1d(Functional.pad(input, reversedPadding, paddingMode, 0.0), w, b, s,
                    new int[] {0}, d, groups);
        }
        return paddingString != null ? Functional.conv1d(input, w, b, s, paddingString, d, groups)
                : Functional.conv1d(input, w, b, s, new int[] {padding}, d, groups);
    }

    /**
     * The weight, {@code [out_channels, in_channels / groups, kW]}.
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
        return inChannels + ", " + outChannels + ", kernel_size=(" + kernelSize + ",), stride=(" + stride + ",)"
                + (paddingString != null ? ", padding=" + paddingString
                        : padding != 0 ? ", padding=(" + padding + ",)" : "")
                + (dilation != 1 ? ", dilation=(" + dilation + ",)" : "")
                + (groups != 1 ? ", groups=" + groups : "") + (bias == null ? ", bias=False" : "")
                + (paddingMode.equals("zeros") ? "" : ", padding_mode=" + paddingMode);
    }
}

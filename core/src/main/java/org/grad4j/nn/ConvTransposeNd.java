package org.grad4j.nn;

import java.util.Arrays;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * What {@link ConvTranspose1d} and {@link ConvTranspose3d} share, as PyTorch's {@code _ConvTransposeNd}: the options,
 * the parameters ({@code weight} {@code [in_channels, out_channels / groups, k...]}, Kaiming-uniform with
 * {@code a = sqrt(5)} over the fan-in {@code out_channels / groups * prod(k)}, then a uniform bias over
 * {@code +-1/sqrt(fan_in)}) and the repr; a subclass names itself and runs its functional form.
 */
abstract class ConvTransposeNd extends Module {
    private final String name;
    int inChannels;   // set by the Lazy* twin on its first forward
    final int outChannels;
    final int[] kernelSize;
    final int[] stride;
    final int[] padding;
    final int[] outputPadding;
    final int groups;
    final int[] dilation;
    final Tensor weight;
    final Tensor bias;

    ConvTransposeNd(String name, int n, int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding,
            int[] outputPadding, int groups, boolean bias, int[] dilation, Generator generator, DType dtype,
            Device device) {
        this.name = name;
        this.kernelSize = Layers3Args.expand(name, "kernel_size", kernelSize, n, 1);
        this.stride = Layers3Args.expand(name, "stride", stride, n, 1);
        this.padding = Layers3Args.expand(name, "padding", padding, n, 0);
        this.outputPadding = Layers3Args.expand(name, "output_padding", outputPadding, n, 0);
        this.dilation = Layers3Args.expand(name, "dilation", dilation, n, 1);
        if (inChannels < 1 || outChannels < 1 || groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(name + ": expected positive in_channels and out_channels divisible by "
                    + "groups, got in_channels=" + inChannels + ", out_channels=" + outChannels + ", groups=" + groups);
        }
        for (int i = 0; i < n; i++) {
            if (this.outputPadding[i] >= this.stride[i] && this.outputPadding[i] >= this.dilation[i]) {
                throw new IllegalArgumentException(name + ": output padding must be smaller than either stride or "
                        + "dilation, got output_padding " + Arrays.toString(this.outputPadding) + ", stride "
                        + Arrays.toString(this.stride) + ", dilation " + Arrays.toString(this.dilation));
            }
        }
        if (generator == null || dtype == null || device == null || !dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(name + ": expected a generator, a floating dtype and a device");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = groups;
        int[] shape = new int[n + 2];
        shape[0] = inChannels;
        shape[1] = outChannels / groups;
        int fanIn = outChannels / groups;
        for (int i = 0; i < n; i++) {
            shape[2 + i] = this.kernelSize[i];
            fanIn *= this.kernelSize[i];
        }
        Tensor w = Tensor.zeros(shape, dtype).to(device);
        Init.kaimingUniform_(w, Math.sqrt(5), "fan_in", "leaky_relu", generator);
        this.weight = registerParameter("weight", w);
        if (bias) {
            double bound = 1 / Math.sqrt(fanIn);
            Tensor b = Tensor.zeros(new int[] {outChannels}, dtype).to(device);
            Init.uniform_(b, -bound, bound, generator);
            this.bias = registerParameter("bias", b);
        } else {
            this.bias = null;
        }
    }

    /** The functional form with the given output padding. */
    abstract Tensor run(Tensor input, int[] outputPadding);

    @Override
    public Tensor forward(Tensor input) {
        return run(input, outputPadding);
    }

    /**
     * PyTorch's {@code forward(input, output_size)}: the output padding that gives {@code outputSize}, which must lie
     * between the smallest output and that plus {@code stride - 1} in each dimension.
     *
     * @param input the batched or unbatched input
     * @param outputSize the spatial sizes, or the full output shape (with batch and channels, or channels)
     * @return the output of that size
     */
    public Tensor forward(Tensor input, int[] outputSize) {
        if (outputSize == null) {
            return forward(input);
        }
        if (input == null) {
            throw new IllegalArgumentException(name + ": expected an input tensor, got null");
        }
        int n = kernelSize.length;
        int nonSpatial = input.dim() == n + 2 ? 2 : 1;
        int[] size = outputSize.length == nonSpatial + n
                ? java.util.Arrays.copyOfRange(outputSize, nonSpatial, outputSize.length) : outputSize;
        if (size.length != n || input.dim() < n + 1) {
            throw new IllegalArgumentException(name + ": ConvTranspose" + n + "D: for " + input.dim()
                    + "D input, output_size must have " + n + " or " + (nonSpatial + n) + " elements (got "
                    + outputSize.length + ")");
        }
        int[] min = new int[n];
        int[] max = new int[n];
        int[] pad = new int[n];
        boolean bad = false;
        for (int d = 0; d < n; d++) {
            min[d] = (input.size(d + nonSpatial) - 1) * stride[d] - 2 * padding[d] + dilation[d] * (kernelSize[d] - 1) + 1;
            max[d] = min[d] + stride[d] - 1;
            bad |= size[d] < min[d] || size[d] > max[d];
            pad[d] = size[d] - min[d];
        }
        if (bad) {
            int[] spatial = java.util.Arrays.copyOfRange(input.shape(), input.dim() - n, input.dim());
            throw new IllegalArgumentException(name + ": requested an output size of "
                    + java.util.Arrays.toString(size) + ", but valid sizes range from " + java.util.Arrays.toString(min)
                    + " to " + java.util.Arrays.toString(max) + " (for an input of " + java.util.Arrays.toString(spatial)
                    + ")");
        }
        return run(input, pad);
    }

    /**
     * The weight, {@code [in_channels, out_channels / groups, k...]}.
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
        return Layers3Args.convRepr(inChannels, outChannels, kernelSize, stride, padding, null, dilation, outputPadding,
                groups, bias != null, "zeros");
    }
}

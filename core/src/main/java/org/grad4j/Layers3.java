package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;

/**
 * The layers3 branch's functional forms: conv3d, conv_transpose1d/3d, the 3-d poolings (max with indices,
 * ceil_mode and dilation; avg with count_include_pad and divisor_override; adaptive avg and max),
 * pixel_shuffle / pixel_unshuffle, channel_shuffle, fold / unfold, bilinear, lp_pool1d/2d, local_response_norm,
 * alpha_dropout / feature_alpha_dropout, rrelu and embedding_bag, with PyTorch 1.13's checks and messages.
 * Composites of existing ops; where PyTorch's result carries a node of its own name the composite runs under
 * {@link NnLayers#named}.
 *
 * <p>conv3d is conv2d over the depth windows: the input's depth windows are gathered by one {@code index_select}
 * ({@code [N*oD, C*kD, H, W]}) and convolved with the weight seen as {@code [O, C/groups*kD, kH, kW]}, so the
 * products sum over (c, kd, kh, kw) as a 3-d im2col would. The poolings see the input as planes of volumes
 * {@code [P, D*H*W]}; each window is gathered by one {@code index_select} into columns {@code [P, K, L]} and reduced,
 * in PyTorch's loop order (so max pooling's values and indices and average pooling's sums are PyTorch's bits).
 */
final class Layers3 {
    private Layers3() {
    }

    /** One or three ints (PyTorch's int-or-triple), each at least {@code least}, expanded to three. */
    private static int[] triple(String op, String what, int[] v, int least) {
        if (v == null || (v.length != 1 && v.length != 3) || Arrays.stream(v).anyMatch(x -> x < least)) {
            throw new IllegalArgumentException(op + ": expected " + what + " as one or three ints of at least " + least
                    + ", got " + (v == null ? "null" : Arrays.toString(v)));
        }
        return v.length == 1 ? new int[] {v[0], v[0], v[0]} : v.clone();
    }

    private static void floating(String op, Tensor input, Tensor weight, Tensor bias) {
        if (!input.dtype.isFloatingPoint() || input.dtype != weight.dtype || (bias != null && bias.dtype != input.dtype)) {
            throw new IllegalArgumentException(op + ": expected input, weight and bias of one floating dtype, got "
                    + input.dtype.torchName() + ", " + weight.dtype.torchName()
                    + (bias != null ? ", " + bias.dtype.torchName() : ""));
        }
        Indexing.sameDevice(op, input, weight);
        if (bias != null) {
            Indexing.sameDevice(op, input, bias);
        }
    }

    // ---------------------------------------------------------------- conv3d

    static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
            int groups) {
        String op = "conv3d";
        if (input == null || weight == null) {
            throw new IllegalArgumentException(op + ": expected input and weight tensors, got null");
        }
        if (input.dim() != 4 && input.dim() != 5) {
            throw new IllegalArgumentException(op + ": Expected 4D (unbatched) or 5D (batched) input to conv3d, but got "
                    + "input of size: " + Shapes.str(input.shape));
        }
        if (weight.dim() != 5) {
            throw new IllegalArgumentException(op + ": weight should have 5 dimensions [out_channels, in_channels / "
                    + "groups, kD, kH, kW], got " + Shapes.str(weight.shape));
        }
        floating(op, input, weight, bias);
        int[] s = triple(op, "stride", stride, 1);
        int[] p = triple(op, "padding", padding, 0);
        int[] d = triple(op, "dilation", dilation, 1);
        if (input.dim() == 4) {   // unbatched: PyTorch's result is the batched one squeezed (SqueezeBackward1)
            return conv3d(input.unsqueeze(0), weight, bias, s, p, d, groups).squeeze(0);
        }
        int o = weight.shape[0];
        if (groups < 1) {
            throw new IllegalArgumentException(op + ": non-positive groups is not supported (groups " + groups + ")");
        }
        if (o % groups != 0) {
            throw new IllegalArgumentException(op + ": Given groups=" + groups + ", expected weight to be divisible by "
                    + groups + " at dimension 0, but got weight of size [" + Shapes.str(weight.shape) + "] instead");
        }
        if (input.shape[1] != weight.shape[1] * groups) {
            throw new IllegalArgumentException(op + ": Given groups=" + groups + ", weight of size "
                    + Shapes.str(weight.shape) + ", expected input" + Shapes.str(input.shape) + " to have "
                    + weight.shape[1] * groups + " channels, but got " + input.shape[1] + " channels instead");
        }
        if (bias != null && (bias.dim() != 1 || bias.shape[0] != o)) {
            throw new IllegalArgumentException(op + ": Given weight of size " + Shapes.str(weight.shape)
                    + ", expected bias to be 1-dimensional with " + o + " elements, but got bias of size "
                    + Shapes.str(bias.shape) + " instead");
        }
        long[] padded = new long[3];
        long[] kernel = new long[3];
        boolean tooSmall = false;
        for (int i = 0; i < 3; i++) {
            padded[i] = input.shape[2 + i] + 2L * p[i];
            kernel[i] = (long) d[i] * (weight.shape[2 + i] - 1) + 1;
            tooSmall |= padded[i] < kernel[i];
        }
        if (tooSmall) {
            throw new IllegalArgumentException(op + ": Calculated padded input size per channel: (" + padded[0] + " x "
                    + padded[1] + " x " + padded[2] + "). Kernel size: (" + kernel[0] + " x " + kernel[1] + " x "
                    + kernel[2] + "). Kernel size can't be greater than actual input size");
        }
        return NnLayers.named("ConvolutionBackward0", t -> conv3dPlain(t[0], t[1], t[2], s, p, d, groups),
                input, weight, bias);
    }

    /** conv3d on checked arguments, differentiable through the ops it runs: conv2d over gathered depth windows. */
    private static Tensor conv3dPlain(Tensor x, Tensor w, Tensor b, int[] s, int[] p, int[] d, int groups) {
        int n = x.shape[0];
        int c = x.shape[1];
        int o = w.shape[0];
        int kd = w.shape[2];
        Tensor xp = p[0] == 0 ? x : Joining.pad(x, new int[] {0, 0, 0, 0, p[0], p[0]}, "constant", 0.0);
        int od = (xp.shape[2] - d[0] * (kd - 1) - 1) / s[0] + 1;
        long[] index = new long[od * kd];
        for (int i = 0; i < od; i++) {
            for (int k = 0; k < kd; k++) {
                index[i * kd + k] = (long) i * s[0] + (long) k * d[0];
            }
        }
        int h = x.shape[3];
        int wd = x.shape[4];
        Shapes.checkIndexable("conv3d", new int[] {n * od, c * kd, h, wd});
        Tensor cols = xp.indexSelect(2, ShapeOps.longs(index, x)).reshape(n, c, od, kd, h, wd)
                .permute(0, 2, 1, 3, 4, 5).reshape(n * od, c * kd, h, wd);
        Tensor w2 = w.reshape(o, w.shape[1] * kd, w.shape[3], w.shape[4]);
        Tensor y = Convolution.conv2d(cols, w2, b, new int[] {s[1], s[2]}, new int[] {p[1], p[2]},
                new int[] {d[1], d[2]}, groups);
        y = y.reshape(n, od, o, y.shape[2], y.shape[3]).permute(0, 2, 1, 3, 4).contiguous();
        // PyTorch 1.13 gives an input without channels an output without channels (and a zero bias gradient)
        return c == 0 ? y.narrow(1, 0, 0) : y;
    }

    /**
     * conv3d with PyTorch's string padding: {@code "valid"} is none, {@code "same"} (stride 1) pads
     * {@code dilation * (k - 1)} per dim, an odd total one more at the end (the input padded first, as PyTorch).
     */
    static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation,
            int groups) {
        String op = "conv3d";
        if (!"valid".equals(padding) && !"same".equals(padding)) {
            throw new IllegalArgumentException(op + ": Invalid padding string: '" + padding
                    + "' (expected 'valid' or 'same')");
        }
        if ("valid".equals(padding) || input == null || weight == null || weight.dim() != 5) {
            return conv3d(input, weight, bias, stride, new int[] {0}, dilation, groups);
        }
        int[] s = triple(op, "stride", stride, 1);
        if (s[0] != 1 || s[1] != 1 || s[2] != 1) {
            throw new IllegalArgumentException(op + ": padding='same' is not supported for strided convolutions (stride "
                    + Arrays.toString(stride) + ")");
        }
        int[] d = triple(op, "dilation", dilation, 1);
        int[] total = new int[3];
        boolean odd = false;
        for (int i = 0; i < 3; i++) {
            total[i] = d[i] * (weight.shape[2 + i] - 1);
            odd |= total[i] % 2 != 0;
        }
        if (!odd) {
            return conv3d(input, weight, bias, s, new int[] {total[0] / 2, total[1] / 2, total[2] / 2}, d, groups);
        }
        int[] pad = new int[6];
        for (int i = 0; i < 3; i++) {
            pad[4 - 2 * i] = total[i] / 2;
            pad[5 - 2 * i] = total[i] - total[i] / 2;
        }
        return conv3d(Joining.pad(input, pad, "constant", 0.0), weight, bias, s, new int[] {0}, d, groups);
    }

    // ---------------------------------------------------------------- conv_transpose1d / 3d

    /** The checks conv_transpose1d/3d share (after the input's and weight's ranks); the input is batched. */
    private static void checkTransposed(String op, Tensor input, Tensor weight, Tensor bias, int groups) {
        floating(op, input, weight, bias);
        NnLayers.checkGroups(op, groups);
        NnLayers.checkTransposedChannels(op, input, weight, bias, groups);
    }

    private static int[] one(String op, String what, int[] v, int least) {
        if (v == null || v.length != 1 || v[0] < least) {
            throw new IllegalArgumentException(op + ": expected " + what + " as one int of at least " + least + ", got "
                    + (v == null ? "null" : Arrays.toString(v)));
        }
        return v.clone();
    }

    /** {@code F.conv_transpose1d}: conv_transpose2d on an inserted height of 1 (grad_fn ConvolutionBackward0). */
    static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
            int[] outputPadding, int groups, int[] dilation) {
        String op = "conv_transpose1d";
        if (input == null || weight == null) {
            throw new IllegalArgumentException(op + ": expected input and weight tensors, got null");
        }
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException(op + ": Expected 2D (unbatched) or 3D (batched) input to conv_transpose1d,"
                    + " but got input of size: " + Shapes.str(input.shape));
        }
        if (weight.dim() != 3) {
            throw new IllegalArgumentException(op + ": weight should have 3 dimensions [in_channels, out_channels / "
                    + "groups, kW], got " + Shapes.str(weight.shape));
        }
        int[] s = one(op, "stride", stride, 1);
        int[] p = one(op, "padding", padding, 0);
        int[] opad = one(op, "output_padding", outputPadding, 0);
        int[] d = one(op, "dilation", dilation, 1);
        if (input.dim() != 3 || input.shape[0] != 0) {   // an empty batch skips the kernel's shape checks
            // PyTorch checks it as a 2-d op of height 1
            NnLayers.checkOutputPadding(op, new String[] {"height", "width"}, new int[] {0, opad[0]},
                    new int[] {1, s[0]}, new int[] {1, d[0]});
        }
        if (input.dim() == 2) {
            return convTranspose1d(input.unsqueeze(0), weight, bias, s, p, opad, groups, d).squeeze(0);
        }
        checkTransposed(op, input, weight, bias, groups);
        return NnLayers.named("ConvolutionBackward0", t -> NnLayers.convTranspose2d(t[0].unsqueeze(2),
                t[1].unsqueeze(2), t[2], new int[] {1, s[0]}, new int[] {0, p[0]}, new int[] {0, opad[0]}, groups,
                new int[] {1, d[0]}).squeeze(2), input, weight, bias);
    }

    /**
     * {@code F.conv_transpose3d}: the gradient of conv3d with respect to its input, as a conv3d of the input with
     * {@code stride - 1} zeros between its elements, padded by {@code dilation * (k - 1) - padding} (plus
     * output_padding at the end; negative amounts crop), with the weight's channels swapped per group and its window
     * flipped (grad_fn ConvolutionBackward0).
     */
    static Tensor convTranspose3d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
            int[] outputPadding, int groups, int[] dilation) {
        String op = "conv_transpose3d";
        if (input == null || weight == null) {
            throw new IllegalArgumentException(op + ": expected input and weight tensors, got null");
        }
        if (input.dim() != 4 && input.dim() != 5) {
            throw new IllegalArgumentException(op + ": Expected 4D (unbatched) or 5D (batched) input to conv_transpose3d,"
                    + " but got input of size: " + Shapes.str(input.shape));
        }
        if (weight.dim() != 5) {
            throw new IllegalArgumentException(op + ": weight should have 5 dimensions [in_channels, out_channels / "
                    + "groups, kD, kH, kW], got " + Shapes.str(weight.shape));
        }
        int[] s = triple(op, "stride", stride, 1);
        int[] p = triple(op, "padding", padding, 0);
        int[] opad = triple(op, "output_padding", outputPadding, 0);
        int[] d = triple(op, "dilation", dilation, 1);
        if (input.dim() != 5 || input.shape[0] != 0) {   // an empty batch skips the kernel's shape checks
            NnLayers.checkOutputPadding(op, new String[] {"depth", "height", "width"}, opad, s, d);
        }
        if (input.dim() == 4) {
            return convTranspose3d(input.unsqueeze(0), weight, bias, s, p, opad, groups, d).squeeze(0);
        }
        checkTransposed(op, input, weight, bias, groups);
        int cin = weight.shape[0];
        int cout = weight.shape[1] * groups;
        int[] k = {weight.shape[2], weight.shape[3], weight.shape[4]};
        long[] outSize = new long[3];
        for (int i = 0; i < 3; i++) {
            outSize[i] = (long) (input.shape[2 + i] - 1) * s[i] - 2L * p[i] + (long) d[i] * (k[i] - 1) + opad[i] + 1;
        }
        if (input.shape[0] == 0) {
            return NnLayers.emptyTransposed(op, new int[] {0, cout, (int) outSize[0], (int) outSize[1],
                    (int) outSize[2]}, input, weight, bias);
        }
        for (int i = 0; i < 3; i++) {
            if (outSize[i] < 1) {
                throw new IllegalArgumentException(op + ": the output's size " + outSize[i] + " at dimension " + (2 + i)
                        + " is not positive (input " + Shapes.str(input.shape) + ", weight " + Shapes.str(weight.shape)
                        + ")");
            }
        }
        return NnLayers.named("ConvolutionBackward0", t -> {
            Tensor x = t[0];
            for (int i = 0; i < 3; i++) {
                int before = d[i] * (k[i] - 1) - p[i];
                x = NnLayers.edges(NnLayers.dilate(x, 2 + i, s[i]), 2 + i, before, before + opad[i]);
            }
            Tensor w = t[1].reshape(groups, cin / groups, cout / groups, k[0], k[1], k[2]).transpose(1, 2)
                    .reshape(cout, cin / groups, k[0], k[1], k[2]).flip(2, 3, 4);
            return conv3dPlain(x, w, t[2], new int[] {1, 1, 1}, new int[] {0, 0, 0}, d, groups);
        }, input, weight, bias);
    }

    // ---------------------------------------------------------------- max_pool3d, avg_pool3d

    /** One 3-D pooling's geometry: planes, input extent, window, stride, padding, dilation, output and padded extent. */
    private record Geo(int planes, int[] in, int[] k, int[] s, int[] p, int[] d, int[] out, int[] padded) {
        int rows() {
            return k[0] * k[1] * k[2];
        }

        int length() {
            return out[0] * out[1] * out[2];
        }
    }

    /** kernel_size / stride / padding / dilation as PyTorch's 3-d poolings take them: one or three ints. */
    private static int[] arg3(String op, String what, int[] v, int[] dflt, String must) {
        if ((v == null || v.length == 0) && dflt != null) {
            return dflt;
        }
        if (v == null || (v.length != 1 && v.length != 3)) {
            throw new IllegalArgumentException(op + ": " + op + ": " + what + " must " + must + ", got "
                    + (v == null ? "null" : Arrays.toString(v)));
        }
        return v.length == 1 ? new int[] {v[0], v[0], v[0]} : v.clone();
    }

    /** The arguments and input checked in the order of PyTorch's max_pool3d / avg_pool3d and pool3d_shape_check. */
    private static Geo geometry(String op, Tensor input, int[] kernel, int[] stride, int[] padding, int[] dilation,
            boolean ceil) {
        Indexing.nonNull(op, input);
        boolean avg = op.equals("avg_pool3d");
        int[] k = arg3(op, "kernel_size", kernel, null, avg ? "be a single int, or a tuple of three ints"
                : "either be a single int, or a tuple of three ints");
        int[] s = arg3(op, "stride", stride, k, avg ? "be omitted, a single int, or a tuple of three ints"
                : "either be omitted, a single int, or a tuple of three ints");
        int[] p = arg3(op, "padding", padding, null, avg ? "be a single int, or a tuple of three ints"
                : "either be a single int, or a tuple of three ints");
        int[] d = arg3(op, "dilation", dilation, null, "be either a single int, or a tuple of three ints");
        int dim = input.dim();
        if (dim != 4 && dim != 5) {
            throw new IllegalArgumentException(op + ": non-empty 4D or 5D (batch mode) tensor expected for input, got "
                    + Shapes.str(input.shape));
        }
        if (!input.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": \"" + op + "\" not implemented for '"
                    + DTypes.typeName(input.dtype) + "'");
        }
        int[] in = {input.size(-3), input.size(-2), input.size(-1)};
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            out[i] = Pools.outputSize(op, in[i], k[i], p[i], s[i], d[i], ceil);
        }
        if (k[0] <= 0 || k[1] <= 0 || k[2] <= 0) {
            throw new IllegalArgumentException(op + ": kernel size should be greater than zero, but got kT: " + k[0]
                    + " kH: " + k[1] + " kW: " + k[2]);
        }
        if (s[0] <= 0 || s[1] <= 0 || s[2] <= 0) {
            throw new IllegalArgumentException(op + ": stride should be greater than zero, but got dT: " + s[0]
                    + " dH: " + s[1] + " dW: " + s[2]);
        }
        if (d[0] <= 0 || d[1] <= 0 || d[2] <= 0) {
            throw new IllegalArgumentException(op + ": dilation should be greater than zero, but got dilationT: " + d[0]
                    + " dilationH: " + d[1] + " dilationW: " + d[2]);
        }
        for (int i = 1; i < dim; i++) {
            if (input.size(i) == 0) {
                throw new IllegalArgumentException(op + ": Expected input's non-batch dimensions to have positive length,"
                        + " but input has a shape of " + Shapes.str(input.shape) + " and non-batch dimension "
                        + input.size(i) + " has length zero!");
            }
        }
        if (avg && (in[0] < k[0] || in[1] < k[1] || in[2] < k[2])) {
            throw new IllegalArgumentException(op + ": input image (T: " + in[0] + " H: " + in[1] + " W: " + in[2]
                    + ") smaller than kernel size (kT: " + k[0] + " kH: " + k[1] + " kW: " + k[2] + ")");
        }
        int c = input.size(-4);
        if (out[0] < 1 || out[1] < 1 || out[2] < 1) {
            throw new IllegalArgumentException(op + ": Given input size: (" + c + "x" + in[0] + "x" + in[1] + "x" + in[2]
                    + "). Calculated output size: (" + c + "x" + out[0] + "x" + out[1] + "x" + out[2]
                    + "). Output size is too small");
        }
        int planes = (int) (input.numel() / ((long) in[0] * in[1] * in[2]));
        int[] padded = new int[3];
        for (int i = 0; i < 3; i++) {
            padded[i] = Math.max(in[i] + 2 * p[i], (out[i] - 1) * s[i] + (k[i] - 1) * d[i] + 1);
        }
        Shapes.checkIndexable(op, new int[] {planes, k[0] * k[1] * k[2], out[0] * out[1] * out[2]});
        Shapes.checkIndexable(op, new int[] {planes, padded[0], padded[1], padded[2]});
        return new Geo(planes, in, k, s, p, d, out, padded);
    }

    /**
     * For window row (a, b, c) and output position (z, y, x): the flat index into one padded volume, or with
     * {@code source} the flat index {@code t * H * W + h * W + w} into the unpadded one (-1 for the padding).
     */
    private static long[] windowIndex(Geo g, boolean source) {
        long[] index = new long[g.rows() * g.length()];
        int[] e = source ? g.in() : g.padded();
        int[] off = source ? g.p() : new int[3];
        int r = 0;
        for (int a = 0; a < g.k()[0]; a++) {
            for (int b = 0; b < g.k()[1]; b++) {
                for (int c = 0; c < g.k()[2]; c++) {
                    for (int z = 0; z < g.out()[0]; z++) {
                        long t = (long) z * g.s()[0] + (long) a * g.d()[0] - off[0];
                        for (int y = 0; y < g.out()[1]; y++) {
                            long h = (long) y * g.s()[1] + (long) b * g.d()[1] - off[1];
                            for (int x = 0; x < g.out()[2]; x++) {
                                long w = (long) x * g.s()[2] + (long) c * g.d()[2] - off[2];
                                boolean inside = t >= 0 && t < e[0] && h >= 0 && h < e[1] && w >= 0 && w < e[2];
                                index[r++] = inside ? (t * e[1] + h) * e[2] + w : -1;
                            }
                        }
                    }
                }
            }
        }
        return index;
    }

    /** The planes {@code [P, D, H, W]} padded with {@code fill} (at the end as far as ceil mode reaches): {@code [P, V]}. */
    private static Tensor padded(Tensor x, Geo g, double fill) {
        Tensor planes = x.reshape(g.planes(), g.in()[0], g.in()[1], g.in()[2]);
        int[] pad = new int[6];
        boolean any = false;
        for (int i = 0; i < 3; i++) {
            pad[4 - 2 * i] = g.p()[i];
            pad[5 - 2 * i] = g.padded()[i] - g.in()[i] - g.p()[i];
            any |= pad[4 - 2 * i] != 0 || pad[5 - 2 * i] != 0;
        }
        Tensor xp = any ? Joining.pad(planes, pad, "constant", fill) : planes;
        return xp.reshape(g.planes(), g.padded()[0] * g.padded()[1] * g.padded()[2]);
    }

    private static int[] outShape(Tensor input, Geo g) {
        int[] shape = input.shape.clone();
        for (int i = 0; i < 3; i++) {
            shape[shape.length - 3 + i] = g.out()[i];
        }
        return shape;
    }

    /**
     * {@code max_pool3d_with_indices}: each window's maximum (PyTorch's loop keeps the first maximum, or the last
     * NaN) and its flat index {@code t * H * W + h * W + w} (int64); grad_fn MaxPool3DWithIndicesBackward0 adds the
     * gradient at those indices.
     */
    static ValuesIndices maxPool3d(Tensor input, int[] kernel, int[] stride, int[] padding, int[] dilation,
            boolean ceil) {
        String op = "max_pool3d";
        Geo g = geometry(op, input, kernel, stride, padding, dilation, ceil);
        int[] shape = outShape(input, g);
        Tensor out;
        Tensor indices;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor cols = padded(input, g, Double.NEGATIVE_INFINITY)
                    .indexSelect(1, ShapeOps.longs(windowIndex(g, false), input)).reshape(g.planes(), g.rows(), g.length());
            ValuesIndices m = cols.max(1, true);
            Tensor at = m.indices();
            if (m.values().isnan().any().item() != 0) {
                Tensor rank = Tensor.arange(1, g.rows() + 1).to(input.dtype).to(input.device()).reshape(1, g.rows(), 1);
                ValuesIndices lastNan = cols.isnan().to(input.dtype).mul(rank).max(1, true);
                at = Tensor.where(lastNan.values().gt(0.0), lastNan.indices(), at);
            }
            out = m.values().reshape(shape);
            Tensor source = DTypes.of(windowIndex(g, true), DType.INT64, input.backend(),
                    new int[] {1, g.rows(), g.length()});
            indices = source.expand(g.planes(), g.rows(), g.length()).gather(1, at);
            indices = Tensor.where(indices.lt(0L), firstInside(g, input).expand(indices.shape), indices).reshape(shape);
        }
        if (Tensor.needsGrad(input)) {
            Tensor at = indices.reshape(g.planes(), g.length());
            int[] inShape = input.shape.clone();
            int volume = g.in()[0] * g.in()[1] * g.in()[2];
            Tensor.record(out, new Indexing.FnNode("MaxPool3DWithIndicesBackward0", gr -> new Tensor[] {
                Indexing.scatterAddInto(new int[] {g.planes(), volume}, 1, at, gr.reshape(g.planes(), g.length()))
                        .reshape(inShape)}, input));
        }
        return new ValuesIndices(out, indices);
    }

    /** Per window, PyTorch's initial index (its first position inside the input), kept when nothing beats -inf. */
    private static Tensor firstInside(Geo g, Tensor like) {
        long[] index = new long[g.length()];
        int r = 0;
        long[] start = new long[3];
        for (int z = 0; z < g.out()[0]; z++) {
            for (int y = 0; y < g.out()[1]; y++) {
                for (int x = 0; x < g.out()[2]; x++) {
                    int[] o = {z, y, x};
                    for (int i = 0; i < 3; i++) {
                        start[i] = (long) o[i] * g.s()[i] - g.p()[i];
                        while (start[i] < 0) {
                            start[i] += g.d()[i];
                        }
                    }
                    index[r++] = (start[0] * g.in()[1] + start[1]) * g.in()[2] + start[2];
                }
            }
        }
        return DTypes.of(index, DType.INT64, like.backend(), new int[] {1, 1, g.length()});
    }

    /**
     * {@code avg_pool3d}: each window's sum (one running sum in the input's dtype, PyTorch's loop order) over
     * PyTorch's divisor: {@code divisorOverride}, else the window clipped to the padded input
     * ({@code countIncludePad}) or to the input.
     */
    static Tensor avgPool3d(Tensor input, int[] kernel, int[] stride, int[] padding, boolean ceil,
            boolean countIncludePad, Integer divisorOverride) {
        String op = "avg_pool3d";
        Geo g = geometry(op, input, kernel, stride, padding, new int[] {1}, ceil);
        if (divisorOverride != null && divisorOverride == 0) {
            throw new IllegalArgumentException(op + ": divisor must be not zero");
        }
        double[] div = new double[g.length()];
        int r = 0;
        for (int z = 0; z < g.out()[0]; z++) {
            for (int y = 0; y < g.out()[1]; y++) {
                for (int x = 0; x < g.out()[2]; x++) {
                    int[] o = {z, y, x};
                    long withPad = 1;
                    long inside = 1;
                    for (int i = 0; i < 3; i++) {
                        int start = o[i] * g.s()[i] - g.p()[i];
                        int end = Math.min(start + g.k()[i], g.in()[i] + g.p()[i]);
                        withPad *= end - start;
                        inside *= Math.min(end, g.in()[i]) - Math.max(start, 0);
                    }
                    div[r++] = divisorOverride != null ? divisorOverride : countIncludePad ? withPad : inside;
                }
            }
        }
        Tensor divisor = Tensor.of(div, input.dtype, input.device(), 1, 1, g.length());
        int[] shape = outShape(input, g);
        long[] windows = windowIndex(g, false);
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor cols = padded(input, g, 0.0).indexSelect(1, ShapeOps.longs(windows, input))
                    .reshape(g.planes(), g.rows(), g.length());
            Tensor sum = cols.narrow(1, 0, 1).add(0.0);
            for (int i = 1; i < g.rows(); i++) {
                sum = sum.add(cols.narrow(1, i, 1));
            }
            out = sum.div(divisor).reshape(shape);
        }
        if (Tensor.needsGrad(input)) {
            int[] inShape = input.shape.clone();
            Tensor.record(out, new Indexing.FnNode("AvgPool3DBackward0", gr -> {
                // added output by output, each window's elements in order, as PyTorch's backward loop
                Tensor gcols = gr.reshape(g.planes(), g.length(), 1).div(divisor.reshape(1, g.length(), 1))
                        .expand(g.planes(), g.length(), g.rows()).reshape(g.planes(), g.length() * g.rows());
                Tensor index = ShapeOps.longs(windows, gr).reshape(g.rows(), g.length()).t().reshape(-1);
                int[] e = g.padded();
                Tensor gp = Indexing.indexAdd(new int[] {g.planes(), e[0] * e[1] * e[2]}, 1, index, gcols)
                        .reshape(g.planes(), e[0], e[1], e[2]);
                return new Tensor[] {gp.narrow(1, g.p()[0], g.in()[0]).narrow(2, g.p()[1], g.in()[1])
                        .narrow(3, g.p()[2], g.in()[2]).contiguous().reshape(inShape)};
            }, input));
        }
        return out;
    }

    // ---------------------------------------------------------------- adaptive 3-d poolings

    /** The output size (one or three non-negative ints), checked before the input as F.adaptive_*_pool3d does. */
    private static int[] adaptiveSize(String op, Tensor input, int[] outputSize) {
        Indexing.nonNull(op, input);
        if (outputSize == null || (outputSize.length != 1 && outputSize.length != 3)) {
            throw new IllegalArgumentException(op + ": " + op + ": output_size must be 3, got "
                    + (outputSize == null ? "null" : Arrays.toString(outputSize)));
        }
        if (outputSize.length == 3 && input.dim() <= 3) {   // the Python wrapper's check of a tuple
            throw new IllegalArgumentException(op + ": Input dimension should be at least 4, got "
                    + Shapes.str(input.shape));
        }
        int[] out = outputSize.length == 1 ? new int[] {outputSize[0], outputSize[0], outputSize[0]} : outputSize.clone();
        if (out[0] < 0 || out[1] < 0 || out[2] < 0) {
            throw new IllegalArgumentException(op + ": elements of output_size must be greater than or equal to 0 but "
                    + "received {" + out[0] + ", " + out[1] + ", " + out[2] + "}");
        }
        return out;
    }

    private static void checkAdaptiveInput(String op, Tensor input, String but) {
        if (input.dim() != 4 && input.dim() != 5) {
            throw new IllegalArgumentException(op + ": " + op + "(): Expected 4D or 5D tensor, but got" + but
                    + Shapes.str(input.shape));
        }
        for (int i = 1; i < input.dim(); i++) {
            if (input.size(i) == 0) {
                throw new IllegalArgumentException(op + ": " + op + "(): Expected input to have non-zero size for "
                        + "non-batch dimensions, but input has sizes " + Shapes.str(input.shape) + " with dimension " + i
                        + " being empty");
            }
        }
        if (!input.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": \"" + op + "_cpu\" not implemented for '"
                    + DTypes.typeName(input.dtype) + "'");
        }
    }

    private static int start(int i, int in, int out) {
        return (int) ((long) i * in / out);
    }

    private static int end(int i, int in, int out) {
        return (int) (((long) (i + 1) * in + out - 1) / out);
    }

    /**
     * {@code F.adaptive_avg_pool3d}: cell (t, h, w) averages input rows {@code floor(t*D/OD)} to
     * {@code ceil((t+1)*D/OD)} (and the like per dim), PyTorch's way: one running sum, then divided by the window's
     * depth, height and width in turn. An output of 1 x 1 x 1 is PyTorch's plain mean (grad_fn MeanBackward1).
     */
    static Tensor adaptiveAvgPool3d(Tensor input, int[] outputSize) {
        String op = "adaptive_avg_pool3d";
        int[] o = adaptiveSize(op, input, outputSize);
        if (o[0] == 1 && o[1] == 1 && o[2] == 1 && input.dim() >= 3 && input.dtype.isFloatingPoint()) {
            return input.mean(new int[] {-1, -2, -3}, true);
        }
        checkAdaptiveInput(op, input, " ");
        int[] in = {input.size(-3), input.size(-2), input.size(-1)};
        int volume = in[0] * in[1] * in[2];
        int planes = input.numel() / volume;
        int length = o[0] * o[1] * o[2];
        int most = 1;
        for (int i = 0; i < 3; i++) {
            most *= (in[i] + o[i] - 1) / Math.max(o[i], 1) + 1;
        }
        most = Math.min(most, volume);
        Shapes.checkIndexable(op, new int[] {planes, most, length});
        // index [most, length] into the plane with one zero appended (slot `volume` pads the shorter windows)
        long[] index = new long[most * length];
        Arrays.fill(index, volume);
        double[][] k = new double[3][length];
        int cell = 0;
        for (int t = 0; t < o[0]; t++) {
            for (int h = 0; h < o[1]; h++) {
                for (int w = 0; w < o[2]; w++) {
                    int t0 = start(t, in[0], o[0]);
                    int t1 = end(t, in[0], o[0]);
                    int h0 = start(h, in[1], o[1]);
                    int h1 = end(h, in[1], o[1]);
                    int w0 = start(w, in[2], o[2]);
                    int w1 = end(w, in[2], o[2]);
                    k[0][cell] = t1 - t0;
                    k[1][cell] = h1 - h0;
                    k[2][cell] = w1 - w0;
                    int r = 0;
                    for (int a = t0; a < t1; a++) {
                        for (int b = h0; b < h1; b++) {
                            for (int c = w0; c < w1; c++) {
                                index[(r++) * length + cell] = ((long) a * in[1] + b) * in[2] + c;
                            }
                        }
                    }
                    cell++;
                }
            }
        }
        Tensor[] kd = new Tensor[3];
        for (int i = 0; i < 3; i++) {
            kd[i] = Tensor.of(k[i], input.dtype, input.device(), 1, 1, length);
        }
        int[] shape = input.shape.clone();
        for (int i = 0; i < 3; i++) {
            shape[shape.length - 3 + i] = o[i];
        }
        int rows = most;
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor flat = Joining.pad(input.reshape(planes, volume), new int[] {0, 1}, "constant", 0.0);
            Tensor cols = flat.indexSelect(1, ShapeOps.longs(index, input)).reshape(planes, rows, length);
            Tensor sum = cols.narrow(1, 0, 1).add(0.0);
            for (int i = 1; i < rows; i++) {
                sum = sum.add(cols.narrow(1, i, 1));
            }
            out = sum.div(kd[0]).div(kd[1]).div(kd[2]).reshape(shape);
        }
        if (Tensor.needsGrad(input)) {
            int[] inShape = input.shape.clone();
            Tensor.record(out, new Indexing.FnNode("AdaptiveAvgPool3DBackward0", gr -> {
                Tensor delta = gr.reshape(planes, length, 1).div(kd[0].reshape(1, length, 1))
                        .div(kd[1].reshape(1, length, 1)).div(kd[2].reshape(1, length, 1));
                Tensor gcols = delta.expand(planes, length, rows).reshape(planes, length * rows);
                Tensor idx = ShapeOps.longs(index, gr).reshape(rows, length).t().reshape(-1);
                return new Tensor[] {Indexing.indexAdd(new int[] {planes, volume + 1}, 1, idx, gcols)
                        .narrow(1, 0, volume).contiguous().reshape(inShape)};
            }, input));
        }
        return out;
    }

    /**
     * {@code F.adaptive_max_pool3d} with the indices: each cell's first maximum (the last NaN, as PyTorch's loop) and
     * its flat index {@code t * H * W + h * W + w}, found on the host; the values are gathered (exact) and the
     * gradient scattered back (grad_fn AdaptiveMaxPool3DBackward0).
     */
    static ValuesIndices adaptiveMaxPool3d(Tensor input, int[] outputSize) {
        String op = "adaptive_max_pool3d";
        int[] o = adaptiveSize(op, input, outputSize);
        checkAdaptiveInput(op, input, ": ");
        int[] in = {input.size(-3), input.size(-2), input.size(-1)};
        int volume = in[0] * in[1] * in[2];
        int planes = input.numel() / volume;
        int length = o[0] * o[1] * o[2];
        Shapes.checkIndexable(op, new int[] {planes, length});
        double[] v = input.detach().contiguous().toDoubleArray();
        long[] idx = new long[planes * length];
        for (int pl = 0; pl < planes; pl++) {
            int cell = 0;
            for (int t = 0; t < o[0]; t++) {
                for (int h = 0; h < o[1]; h++) {
                    for (int w = 0; w < o[2]; w++) {
                        int t0 = start(t, in[0], o[0]);
                        int h0 = start(h, in[1], o[1]);
                        int w0 = start(w, in[2], o[2]);
                        long best = ((long) t0 * in[1] + h0) * in[2] + w0;
                        double max = Double.NEGATIVE_INFINITY;
                        for (int a = t0; a < end(t, in[0], o[0]); a++) {
                            for (int b = h0; b < end(h, in[1], o[1]); b++) {
                                for (int c = w0; c < end(w, in[2], o[2]); c++) {
                                    long at = ((long) a * in[1] + b) * in[2] + c;
                                    double val = v[(int) ((long) pl * volume + at)];
                                    if (val > max || Double.isNaN(val)) {
                                        max = val;
                                        best = at;
                                    }
                                }
                            }
                        }
                        idx[pl * length + cell++] = best;
                    }
                }
            }
        }
        int[] shape = input.shape.clone();
        for (int i = 0; i < 3; i++) {
            shape[shape.length - 3 + i] = o[i];
        }
        Tensor index = DTypes.of(idx, DType.INT64, input.backend(), new int[] {planes, length});
        Tensor values = NnLayers.named("AdaptiveMaxPool3DBackward0",
                t -> t[0].reshape(planes, volume).gather(1, index).reshape(shape), input);
        return new ValuesIndices(values, index.reshape(shape));
    }

    // ---------------------------------------------------------------- shuffles

    /** {@code F.pixel_shuffle}: {@code [*, C*r*r, H, W]} to {@code [*, C, H*r, W*r]} (grad_fn PixelShuffleBackward0). */
    static Tensor pixelShuffle(Tensor input, int upscaleFactor) {
        String op = "pixel_shuffle";
        Indexing.nonNull(op, input);
        int r = upscaleFactor;
        if (input.dim() < 3) {
            throw new IllegalArgumentException(op + ": pixel_shuffle expects input to have at least 3 dimensions, but got "
                    + "input with " + input.dim() + " dimension(s)");
        }
        if (r <= 0) {
            throw new IllegalArgumentException(op + ": pixel_shuffle expects a positive upscale_factor, but got " + r);
        }
        int c = input.size(-3);
        if (c % ((long) r * r) != 0) {
            throw new IllegalArgumentException(op + ": pixel_shuffle expects its input's 'channel' dimension to be "
                    + "divisible by the square of upscale_factor, but input.size(-3)=" + c + " is not divisible by "
                    + (long) r * r);
        }
        int b = input.dim() - 3;
        int[] shape = input.shape;
        int h = shape[b + 1];
        int w = shape[b + 2];
        int[] split = Arrays.copyOf(shape, b + 5);
        split[b] = c / (r * r);
        split[b + 1] = r;
        split[b + 2] = r;
        split[b + 3] = h;
        split[b + 4] = w;
        int[] perm = new int[b + 5];
        for (int i = 0; i < b; i++) {
            perm[i] = i;
        }
        int[] tail = {b, b + 3, b + 1, b + 4, b + 2};   // C, H, r, W, r
        System.arraycopy(tail, 0, perm, b, 5);
        int[] outShape = Arrays.copyOf(shape, b + 3);
        outShape[b] = c / (r * r);
        outShape[b + 1] = h * r;
        outShape[b + 2] = w * r;
        return NnLayers.named("PixelShuffleBackward0", t -> t[0].reshape(split).permute(perm).reshape(outShape), input);
    }

    /** {@code F.pixel_unshuffle}: {@code [*, C, H*r, W*r]} to {@code [*, C*r*r, H, W]} (PixelUnshuffleBackward0). */
    static Tensor pixelUnshuffle(Tensor input, int downscaleFactor) {
        String op = "pixel_unshuffle";
        Indexing.nonNull(op, input);
        int r = downscaleFactor;
        if (input.dim() < 3) {
            throw new IllegalArgumentException(op + ": pixel_unshuffle expects input to have at least 3 dimensions, but "
                    + "got input with " + input.dim() + " dimension(s)");
        }
        if (r <= 0) {
            throw new IllegalArgumentException(op + ": pixel_unshuffle expects a positive downscale_factor, but got " + r);
        }
        int b = input.dim() - 3;
        int[] shape = input.shape;
        int c = shape[b];
        int h = shape[b + 1];
        int w = shape[b + 2];
        if (h % r != 0) {
            throw new IllegalArgumentException(op + ": pixel_unshuffle expects height to be divisible by "
                    + "downscale_factor, but input.size(-2)=" + h + " is not divisible by " + r);
        }
        if (w % r != 0) {
            throw new IllegalArgumentException(op + ": pixel_unshuffle expects width to be divisible by "
                    + "downscale_factor, but input.size(-1)=" + w + " is not divisible by " + r);
        }
        int[] split = Arrays.copyOf(shape, b + 5);
        split[b] = c;
        split[b + 1] = h / r;
        split[b + 2] = r;
        split[b + 3] = w / r;
        split[b + 4] = r;
        int[] perm = new int[b + 5];
        for (int i = 0; i < b; i++) {
            perm[i] = i;
        }
        int[] tail = {b, b + 2, b + 4, b + 1, b + 3};   // C, r, r, H, W
        System.arraycopy(tail, 0, perm, b, 5);
        int[] outShape = Arrays.copyOf(shape, b + 3);
        outShape[b] = c * r * r;
        outShape[b + 1] = h / r;
        outShape[b + 2] = w / r;
        Shapes.checkIndexable(op, outShape);
        return NnLayers.named("PixelUnshuffleBackward0", t -> t[0].reshape(split).permute(perm).reshape(outShape),
                input);
    }

    /**
     * {@code F.channel_shuffle} / {@code nn.ChannelShuffle}: the channels {@code [N, g, C/g, *]} read as
     * {@code [N, C/g, g, *]}. PyTorch 1.13 has no derivative for it; here it is a differentiable view and copy.
     */
    static Tensor channelShuffle(Tensor input, int groups) {
        String op = "channel_shuffle";
        Indexing.nonNull(op, input);
        if (input.dim() <= 2) {
            throw new IllegalArgumentException(op + ": channel_shuffle expects input with > 2 dims, but got input with "
                    + "sizes " + Shapes.str(input.shape));
        }
        if (groups <= 0) {
            throw new IllegalArgumentException(op + ": Number of groups to divide channels in must be positive. Value of "
                    + "groups:" + groups);
        }
        int c = input.shape[1];
        if (c % groups != 0) {
            throw new IllegalArgumentException(op + ": Number of channels must be divisible by groups. Got " + c
                    + " channels and " + groups + " groups.");
        }
        int[] split = new int[input.dim() + 1];
        split[0] = input.shape[0];
        split[1] = groups;
        split[2] = c / groups;
        System.arraycopy(input.shape, 2, split, 3, input.dim() - 2);
        return input.reshape(split).transpose(1, 2).contiguous().reshape(input.shape);
    }

    // ---------------------------------------------------------------- fold / unfold

    private static int[] two(String op, String what, int[] v, int least) {
        if (v == null || (v.length != 1 && v.length != 2) || Arrays.stream(v).anyMatch(x -> x < least)) {
            throw new IllegalArgumentException(op + ": expected " + what + " as one or two ints of at least " + least
                    + ", got " + (v == null ? "null" : Arrays.toString(v)));
        }
        return v.length == 1 ? new int[] {v[0], v[0]} : v.clone();
    }

    /** For row (c, i, j) and block (y, x): the flat index into one padded image {@code [C, hp, wp]}. */
    private static long[] blockIndex(int c, int[] k, int[] s, int[] d, int[] blocks, int wp, int hp) {
        long[] index = new long[c * k[0] * k[1] * blocks[0] * blocks[1]];
        int r = 0;
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < k[0]; i++) {
                for (int j = 0; j < k[1]; j++) {
                    for (int y = 0; y < blocks[0]; y++) {
                        long base = (long) ch * hp * wp + (long) (y * s[0] + i * d[0]) * wp + (long) j * d[1];
                        for (int x = 0; x < blocks[1]; x++) {
                            index[r++] = base + (long) x * s[1];
                        }
                    }
                }
            }
        }
        return index;
    }

    /** The sliding blocks per dim of an extent {@code size}, or a non-positive count. */
    private static int blocks(long size, int k, int s, int p, int d) {
        return (int) Math.floorDiv(size + 2L * p - (long) d * (k - 1) - 1, s) + 1;
    }

    private static String foldArgs(String op, int[] k, int[] d, int[] p, int[] s) {
        for (int i = 0; i < 2; i++) {
            if (k[i] <= 0) {
                throw new IllegalArgumentException(op + ": kernel size should be greater than zero, but got kernel_height: "
                        + k[0] + " kernel_width: " + k[1]);
            }
            if (s[i] <= 0) {
                throw new IllegalArgumentException(op + ": stride should be greater than zero, but got stride_height: "
                        + s[0] + " stride_width: " + s[1]);
            }
            if (d[i] <= 0) {
                throw new IllegalArgumentException(op + ": dilation should be greater than zero, but got dilation_height: "
                        + d[0] + " dilation_width: " + d[1]);
            }
        }
        return "kernel_size=(" + k[0] + ", " + k[1] + "), dilation=(" + d[0] + ", " + d[1] + "), padding=(" + p[0]
                + ", " + p[1] + "), stride=(" + s[0] + ", " + s[1] + ")";
    }

    /**
     * {@code F.unfold} (im2col): {@code [N, C, H, W]} (or unbatched) to its sliding blocks as columns
     * {@code [N, C*kH*kW, L]}, one {@code index_select} of the zero-padded input (grad_fn Im2ColBackward0).
     */
    static Tensor unfold(Tensor input, int[] kernelSize, int[] dilation, int[] padding, int[] stride) {
        String op = "unfold";
        Indexing.nonNull(op, input);
        int[] k = two(op, "kernel_size", kernelSize, Integer.MIN_VALUE);
        int[] d = two(op, "dilation", dilation, Integer.MIN_VALUE);
        int[] p = two(op, "padding", padding, 0);
        int[] s = two(op, "stride", stride, Integer.MIN_VALUE);
        foldArgs(op, k, d, p, s);
        if (input.dim() < 3) {   // PyTorch reads the size of dim 2 first
            throw new IndexOutOfBoundsException(op + ": Dimension out of range (expected to be in range of ["
                    + -Math.max(input.dim(), 1) + ", " + (Math.max(input.dim(), 1) - 1) + "], but got 2)");
        }
        if (input.dim() != 3 && input.dim() != 4) {
            throw new IllegalArgumentException(op + ": Expected 3D or 4D (batch mode) tensor with possibly 0 batch size "
                    + "and other non-zero dimensions for input, but got: " + Shapes.str(input.shape));
        }
        boolean batched = input.dim() == 4;
        int[] x4 = batched ? input.shape : new int[] {1, input.shape[0], input.shape[1], input.shape[2]};
        int n = x4[0];
        int c = x4[1];
        int h = x4[2];
        int w = x4[3];
        if (c == 0 || h == 0 || w == 0) {
            throw new IllegalArgumentException(op + ": Expected non-empty 3D or 4D input tensor, but got input of shape "
                    + Shapes.str(input.shape));
        }
        int[] b = {blocks(h, k[0], s[0], p[0], d[0]), blocks(w, k[1], s[1], p[1], d[1])};
        if (b[0] < 1 || b[1] < 1) {
            throw new IllegalArgumentException(op + ": Given input with spatial size (" + h + ", " + w + "), kernel_size=("
                    + k[0] + ", " + k[1] + "), dilation=(" + d[0] + ", " + d[1] + "), padding=(" + p[0] + ", " + p[1]
                    + "), calculated shape of the array of sliding blocks as (" + b[0] + ", " + b[1]
                    + "), but its components must be at least one.");
        }
        int rows = c * k[0] * k[1];
        int length = b[0] * b[1];
        Shapes.checkIndexable(op, new int[] {n, rows, length});
        long[] index = blockIndex(c, k, s, d, b, w + 2 * p[1], h + 2 * p[0]);
        return NnLayers.named("Im2ColBackward0", t -> {
            Tensor xb = batched ? t[0] : t[0].unsqueeze(0);
            Tensor xp = p[0] == 0 && p[1] == 0 ? xb : Joining.pad(xb, new int[] {p[1], p[1], p[0], p[0]},
                    "constant", 0.0);
            Tensor cols = xp.reshape(n, -1).indexSelect(1, ShapeOps.longs(index, xb)).reshape(n, rows, length);
            return batched ? cols : cols.squeeze(0);
        }, input);
    }

    /**
     * {@code F.fold} (col2im): columns {@code [N, C*kH*kW, L]} (or unbatched) summed back into
     * {@code [N, C, output_size]}, each column row added in order (PyTorch's loop) into the zero-padded image, then
     * the padding cropped (grad_fn Col2ImBackward0).
     */
    static Tensor fold(Tensor input, int[] outputSize, int[] kernelSize, int[] dilation, int[] padding, int[] stride) {
        String op = "fold";
        Indexing.nonNull(op, input);
        int[] o = two(op, "output_size", outputSize, Integer.MIN_VALUE);
        int[] k = two(op, "kernel_size", kernelSize, Integer.MIN_VALUE);
        int[] d = two(op, "dilation", dilation, Integer.MIN_VALUE);
        int[] p = two(op, "padding", padding, 0);
        int[] s = two(op, "stride", stride, Integer.MIN_VALUE);
        if (o[0] <= 0 || o[1] <= 0) {
            throw new IllegalArgumentException(op + ": Expected output spatial size to be positive, but got: "
                    + "output_size=(" + o[0] + ", " + o[1] + ")");
        }
        String args = foldArgs(op, k, d, p, s);
        if ((input.dim() != 2 && input.dim() != 3) || input.size(-2) == 0 || input.size(-1) == 0) {
            throw new IllegalArgumentException(op + ": Expected 2D or 3D (batch mode) tensor for input with possibly 0 "
                    + "batch size and non-zero dimensions for input, but got: " + Shapes.str(input.shape));
        }
        int rows = input.size(-2);
        long kernel = (long) k[0] * k[1];
        if (rows % kernel != 0) {
            throw new IllegalArgumentException(op + ": Expected size of input's dimension 1 to be divisible by the product "
                    + "of kernel_size, but got input.size(1)=" + rows + " and kernel_size=(" + k[0] + ", " + k[1] + ").");
        }
        int[] b = {blocks(o[0], k[0], s[0], p[0], d[0]), blocks(o[1], k[1], s[1], p[1], d[1])};
        int length = input.size(-1);
        if ((long) b[0] * b[1] != length) {
            throw new IllegalArgumentException(op + ": Given output_size=(" + o[0] + ", " + o[1] + "), " + args
                    + ", expected size of input's dimension 2 to match the calculated number of sliding blocks "
                    + b[0] + " * " + b[1] + " = " + (long) b[0] * b[1] + ", but got input.size(2)=" + length + ".");
        }
        boolean batched = input.dim() == 3;
        int n = batched ? input.shape[0] : 1;
        int c = (int) (rows / kernel);
        int hp = o[0] + 2 * p[0];
        int wp = o[1] + 2 * p[1];
        Shapes.checkIndexable(op, new int[] {n, c, hp, wp});
        long[] index = blockIndex(c, k, s, d, b, wp, hp);
        return NnLayers.named("Col2ImBackward0", t -> {
            Tensor img = Indexing.indexAdd(new int[] {n, c * hp * wp}, 1, ShapeOps.longs(index, t[0]),
                    t[0].reshape(n, -1)).reshape(n, c, hp, wp);
            img = p[0] == 0 && p[1] == 0 ? img : img.narrow(2, p[0], o[0]).narrow(3, p[1], o[1]).contiguous();
            return batched ? img : img.squeeze(0);
        }, input);
    }

    // ---------------------------------------------------------------- bilinear

    /**
     * {@code F.bilinear}: {@code y[*, o] = sum_ij x1[*, i] W[o, i, j] x2[*, j] + b[o]}, as one product of
     * {@code x1} with the weight seen as {@code [in1, out*in2]}, then a product with {@code x2} summed over j
     * (grad_fn TrilinearBackward0, then AddBackward0 with a bias).
     */
    static Tensor bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor bias) {
        String op = "bilinear";
        Indexing.nonNull(op, input1, input2, weight);
        if (input1.dim() != input2.dim()) {
            throw new IllegalArgumentException(op + ": bilinear(): input dimensions do not match: got " + input1.dim()
                    + " and " + input2.dim());
        }
        if (input1.dim() == 0 || weight.dim() != 3) {
            throw new IllegalArgumentException(op + ": expected inputs of at least 1 dimension and a 3-D weight "
                    + "[out, in1, in2], got " + Shapes.str(input1.shape) + " and weight " + Shapes.str(weight.shape));
        }
        for (int i = 0; i < input1.dim() - 1; i++) {
            if (input1.shape[i] != input2.shape[i]) {
                throw new IllegalArgumentException(op + ": bilinear(): input batch dimensions do not match at dim " + i
                        + ": got " + input1.shape[i] + " and " + input2.shape[i]);
            }
        }
        int in1 = input1.size(-1);
        int in2 = input2.size(-1);
        if (in1 != weight.shape[1]) {
            throw new IllegalArgumentException(op + ": bilinear(): input1 size does not match weight size: got " + in1
                    + " but expected " + weight.shape[1]);
        }
        if (in2 != weight.shape[2]) {
            throw new IllegalArgumentException(op + ": bilinear(): input2 size does not match weight size: got " + in2
                    + " but expected " + weight.shape[2]);
        }
        int out = weight.shape[0];
        if (bias != null && (bias.dim() != 1 || bias.shape[0] != out)) {
            throw new IllegalArgumentException(op + ": bilinear(): bias size does not match weight size: got "
                    + (bias.dim() == 0 ? "a scalar" : bias.shape[0]) + " but expected " + out);
        }
        floating(op, input1, weight, bias);
        floating(op, input2, weight, null);
        int[] shape = input1.shape.clone();
        shape[shape.length - 1] = out;
        // PyTorch's _trilinear on the inputs seen as rows, then its result reshaped (ReshapeAliasBackward0)
        Tensor y = NnLayers.named("TrilinearBackward0", t -> {
            Tensor left = t[0].matmul(t[2].permute(1, 0, 2).reshape(in1, out * in2)).reshape(-1, out, in2);
            return left.mul(t[1].unsqueeze(1)).sum(new int[] {2}, false);
        }, input1.reshape(-1, in1), input2.reshape(-1, in2), weight).reshape(shape);
        return bias == null ? y : y.add(bias);
    }

    // ---------------------------------------------------------------- lp_pool, local_response_norm, softmax2d

    /** {@code F.lp_pool1d / lp_pool2d}: {@code (sign(s) relu(|s|) * kernel)^(1/p)}, s the average pool of x^p. */
    static Tensor lpPool(int dims, Tensor input, double normType, int[] kernelSize, int[] stride, boolean ceil) {
        Indexing.nonNull(dims == 1 ? "lp_pool1d" : "lp_pool2d", input, kernelSize);
        Tensor powered = input.pow(normType);
        Tensor out;
        int kernel;
        if (dims == 1) {
            out = Functional.avgPool1d(powered, kernelSize, stride, new int[] {0}, ceil, true);
            kernel = kernelSize.length > 0 ? kernelSize[0] : 0;
        } else {
            out = Functional.avgPool2d(powered, kernelSize, stride, new int[] {0}, ceil, true, null);
            kernel = kernelSize.length == 1 ? kernelSize[0] * kernelSize[0] : kernelSize[0] * kernelSize[1];
        }
        return out.sign().mul(out.abs().relu()).mul(kernel).pow(1.0 / normType);
    }

    /**
     * {@code F.local_response_norm}: x over {@code (k + alpha * mean of x^2 over size neighbouring channels)^beta},
     * the mean an average pooling over the zero-padded channels, as PyTorch composes it.
     */
    static Tensor localResponseNorm(Tensor input, int size, double alpha, double beta, double k) {
        String op = "local_response_norm";
        Indexing.nonNull(op, input);
        int dim = input.dim();
        if (dim < 3) {
            throw new IllegalArgumentException(op + ": Expected 3D or higher dimensionality input (got " + dim
                    + " dimensions)");
        }
        if (input.numel() == 0) {
            return input;
        }
        Tensor div = input.mul(input).unsqueeze(1);
        if (dim == 3) {
            div = Joining.pad(div, new int[] {0, 0, size / 2, (size - 1) / 2}, "constant", 0.0);
            div = Functional.avgPool2d(div, new int[] {size, 1}, new int[] {1}, new int[] {0}, false, true, null)
                    .squeeze(1);
        } else {
            int[] sizes = input.shape.clone();
            div = div.reshape(sizes[0], 1, sizes[1], sizes[2], -1);
            div = Joining.pad(div, new int[] {0, 0, 0, 0, size / 2, (size - 1) / 2}, "constant", 0.0);
            div = avgPool3d(div, new int[] {size, 1, 1}, new int[] {1}, new int[] {0}, false, true, null).squeeze(1);
            div = div.reshape(sizes);
        }
        return input.div(div.mul(alpha).add(k).pow(beta));
    }

    // ---------------------------------------------------------------- alpha dropout, rrelu

    /** SELU's alpha: alpha dropout keeps the input's mean and variance for SELU's fixed point. */
    private static final double SELU_ALPHA = 1.7580993408473766;

    /**
     * {@code F.alpha_dropout} / {@code F.feature_alpha_dropout}: ATen's {@code _dropout_impl}: a Bernoulli(1 - p)
     * mask (one draw per element, or per (sample, channel) for the feature form, as dropout draws it), then
     * {@code x * (mask * a) + ((mask - 1) * alpha * a + alpha * a * p)} with {@code a = ((alpha^2 p + 1)(1 - p))^-1/2}
     * (grad_fn AddBackward0). The identity for p = 0, in evaluation or on an empty input; zeros for p = 1.
     */
    static Tensor alphaDropout(Tensor input, double p, boolean training, boolean feature, boolean inplace,
            Generator generator) {
        String op = feature ? "feature_alpha_dropout" : "alpha_dropout";
        Indexing.nonNull(op, input, generator);
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(op + ": dropout probability has to be between 0 and 1, but got "
                    + org.grad4j.format.PythonFloat.repr(p));
        }
        if (p == 0 || !training || input.numel() == 0) {
            return input;
        }
        if (feature && input.dim() < 2) {
            throw new IllegalArgumentException(op + ": Feature dropout requires at least 2 dimensions in the input");
        }
        if (!input.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating input, got " + input.dtype.torchName());
        }
        Tensor zero = Tensor.zeros(new int[0], input.dtype).to(input.device());
        if (p == 1) {
            return inplace ? input.mul_(zero) : input.mul(zero);
        }
        int[] noiseShape = input.shape.clone();
        if (feature) {
            Arrays.fill(noiseShape, 2, noiseShape.length, 1);
        }
        double[] mask = new double[Shapes.numel(noiseShape)];
        generator.bernoulli(mask, 1 - p);
        double a = 1.0 / Math.sqrt((SELU_ALPHA * SELU_ALPHA * p + 1) * (1 - p));
        Tensor noise = Tensor.of(mask, input.dtype, input.device(), noiseShape);
        Tensor b = noise.add(-1.0).mul(SELU_ALPHA * a).add(SELU_ALPHA * a * p);
        noise = noise.mul(a);
        return inplace ? input.mul_(noise).add_(b) : input.mul(noise).add(b);
    }

    /**
     * {@code F.rrelu}: in training each non-positive element is multiplied by its own draw from
     * U(lower, upper) (ATen's {@code uniform_real_distribution<double>}, one 64-bit draw per such element, in
     * order), others kept; in evaluation leaky_relu with slope {@code (lower + upper) / 2}. grad_fn
     * RreluWithNoiseBackward0: the gradient times the noise (training) or leaky_relu's gradient.
     */
    static Tensor rrelu(Tensor input, double lower, double upper, boolean training, boolean inplace,
            Generator generator) {
        String op = "rrelu";
        Indexing.nonNull(op, input, generator);
        if (!(lower <= upper)) {
            throw new IllegalArgumentException(op + ": Lower bound should be less than or equal to the upper bound");
        }
        if (!input.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": \"rrelu_with_noise_out_cpu\" not implemented for '"
                    + DTypes.typeName(input.dtype) + "'");
        }
        if (!training) {
            double slope = (lower + upper) / 2;
            if (inplace) {
                return input.copy_(Functional.leakyRelu(input.detach(), slope));
            }
            return NnLayers.named("RreluWithNoiseBackward0", t -> Functional.leakyRelu(t[0], slope), input);
        }
        double[] x = input.detach().contiguous().toDoubleArray();
        double[] r = new double[x.length];
        boolean f32 = input.dtype == DType.FLOAT32;
        // ATen takes the bounds in opmath_t (float for float32) and draws in double between them
        double lo = f32 ? (float) lower : lower;
        double hi = f32 ? (float) upper : upper;
        for (int i = 0; i < x.length; i++) {
            if (x[i] <= 0) {
                double u = generator.drawDouble01() * (hi - lo) + lo;
                r[i] = f32 ? (float) u : u;   // ATen's opmath_t: the draw rounded to float for float32
            } else {
                r[i] = 1.0;
            }
        }
        Tensor noise = Tensor.of(r, input.dtype, input.device(), input.shape.clone());
        if (inplace) {
            return input.mul_(noise);
        }
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = input.mul(noise);
        }
        return Tensor.needsGrad(input)
                ? Tensor.record(out, new Indexing.FnNode("RreluWithNoiseBackward0", g -> new Tensor[] {g.mul(noise)},
                        input))
                : out;
    }

    // ---------------------------------------------------------------- embedding_bag

    private static Tensor indices(String op, String what, Tensor t) {
        if (t.dtype == DType.INT32) {
            return t.to(DType.INT64);
        }
        if (t.dtype != DType.INT64) {
            throw new IllegalArgumentException(op + ": expected " + what + " of dtype int64 or int32, got "
                    + t.dtype.torchName());
        }
        return t;
    }

    /**
     * {@code F.embedding_bag}: the rows of {@code weight} named by {@code input}, summed, averaged or maxed per bag
     * (bags given by {@code offsets}, or the rows of a 2-D input), with PyTorch 1.13's checks. Sum and mean add each
     * bag's rows in order from zero (with {@code per_sample_weights}, each row scaled first) and mean divides by the
     * bag's size (at least 1); max keeps, per column, the first greatest value. {@code padding_idx} entries are
     * skipped; an empty bag gives zeros. grad_fn EmbeddingBagBackward0.
     */
    static Tensor embeddingBag(Tensor input, Tensor weight, Tensor offsets, double maxNorm, double normType,
            boolean scaleGradByFreq, String mode, Tensor perSampleWeights, boolean includeLastOffset,
            Integer paddingIdx) {
        String op = "embedding_bag";
        Indexing.nonNull(op, input, weight, mode);
        if (perSampleWeights != null && !Arrays.equals(input.shape, perSampleWeights.shape)) {
            throw new IllegalArgumentException(op + ": embedding_bag: If per_sample_weights ("
                    + Shapes.str(perSampleWeights.shape) + ") is not None, then it must have the same shape as the input ("
                    + Shapes.str(input.shape) + ")");
        }
        if (weight.dim() != 2) {
            throw new IllegalArgumentException(op + ": weight has to be a 2D Tensor, but got Tensor of dimension "
                    + weight.dim());
        }
        if (!weight.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating weight, got " + weight.dtype.torchName());
        }
        Tensor flat = indices(op, "input", input);
        Tensor psw = perSampleWeights;
        long[] off;
        if (input.dim() == 2) {
            if (offsets != null) {
                throw new IllegalArgumentException(op + ": if input is 2D, then offsets has to be None, as input is "
                        + "treated is a mini-batch of fixed length sequences.");
            }
            off = new long[input.shape[0]];
            for (int i = 0; i < off.length; i++) {
                off[i] = (long) i * input.shape[1];
            }
            flat = flat.reshape(-1);
            psw = psw == null ? null : psw.reshape(-1);
        } else if (input.dim() == 1) {
            if (offsets == null) {
                throw new IllegalArgumentException(op + ": offsets has to be a 1D Tensor but got None");
            }
            if (offsets.dim() != 1) {
                throw new IllegalArgumentException(op + ": offsets has to be a 1D Tensor");
            }
            off = indices(op, "offsets", offsets).toLongArray();
        } else {
            throw new IllegalArgumentException(op + ": input has to be 1D or 2D Tensor, but got Tensor of dimension "
                    + input.dim());
        }
        int m = switch (mode) {
            case "sum" -> 0;
            case "mean" -> 1;
            case "max" -> 2;
            default -> throw new IllegalArgumentException(op + ": mode has to be one of sum, mean or max");
        };
        if (m == 2 && scaleGradByFreq) {
            throw new IllegalArgumentException(op + ": max mode does not support scaling the gradient by the frequency");
        }
        int num = weight.shape[0];
        int dim = weight.shape[1];
        int pad = -1;
        if (paddingIdx != null) {
            if (paddingIdx >= num || paddingIdx < -num) {
                throw new IllegalArgumentException(op + ": Padding_idx must be within num_embeddings (padding_idx "
                        + paddingIdx + ", num_embeddings " + num + ")");
            }
            pad = paddingIdx < 0 ? paddingIdx + num : paddingIdx;
        }
        long[] idx = flat.toLongArray();
        for (long i : idx) {
            if (i < 0 || i >= num) {
                throw new IllegalArgumentException(op + ": embedding_bag: Expected idx >= 0 && idx < num_embeddings but "
                        + "found idx to be " + i);
            }
        }
        if (psw != null && m != 0) {
            throw new IllegalArgumentException(op + ": embedding_bag: per_sample_weights was not None. "
                    + "per_sample_weights is only supported for mode='sum' (got mode='" + mode + "'). Please open a "
                    + "feature request on the Pytorch GitHub.");
        }
        if (psw != null && psw.dtype != weight.dtype) {
            throw new IllegalArgumentException(op + ": expected per_sample_weights of the weight's dtype "
                    + weight.dtype.torchName() + ", got " + psw.dtype.torchName());
        }
        int n = idx.length;
        if (includeLastOffset && off.length < 1) {
            throw new IllegalArgumentException(op + ": include_last_offset: number of offset should be at least 1");
        }
        if (off.length > 0 && off[0] != 0) {
            throw new IllegalArgumentException(op + ": offsets[0] has to be 0, i.e., the first sequence in the "
                    + "mini-batch has to start from position 0. However, got " + off[0]);
        }
        if (off.length > 0 && off[off.length - 1] > n) {
            throw new IllegalArgumentException(op + ": offsets[-1] can not be greater than input's length " + n
                    + ", but got " + off[off.length - 1]);
        }
        if (!Double.isNaN(maxNorm)) {
            Joining.embeddingRenorm(weight, flat, maxNorm, normType);
        }
        int bags = includeLastOffset ? off.length - 1 : off.length;
        // each bag's positions in the input, padding_idx skipped
        int[][] members = new int[bags][];
        int longest = 1;
        for (int b = 0; b < bags; b++) {
            int start = (int) off[b];
            int end = (int) Math.max(start, b + 1 < off.length ? off[b + 1] : n);
            int[] list = new int[end - start];
            int k = 0;
            for (int j = start; j < end; j++) {
                if (idx[j] != pad) {
                    list[k++] = j;
                }
            }
            members[b] = Arrays.copyOf(list, k);
            longest = Math.max(longest, k);
        }
        Tensor pw = psw;
        int[][] bagsOf = members;
        int slots = longest;
        if (m == 2) {
            return embeddingBagMax(weight, idx, bagsOf, num, dim);
        }
        // slot r of bag b: the row idx[members[b][r]], or the zero row `num` appended to the weight
        long[] rowIndex = new long[slots * bags];
        long[] position = new long[slots * bags];
        double[] counts = new double[bags];
        double[] freq = new double[slots * bags];
        Arrays.fill(rowIndex, num);
        Arrays.fill(position, n);
        Arrays.fill(freq, 1.0);
        java.util.Map<Long, Integer> seen = new java.util.HashMap<>();
        for (long i : idx) {
            seen.merge(i, 1, Integer::sum);
        }
        for (int b = 0; b < bags; b++) {
            counts[b] = Math.max(1, bagsOf[b].length);
            for (int r = 0; r < bagsOf[b].length; r++) {
                rowIndex[r * bags + b] = idx[bagsOf[b][r]];
                position[r * bags + b] = bagsOf[b][r];
                freq[r * bags + b] = 1.0 / seen.get(idx[bagsOf[b][r]]);
            }
        }
        return NnLayers.named("EmbeddingBagBackward0", t -> {
            Tensor table = Joining.pad(t[0], new int[] {0, 0, 0, 1}, "constant", 0.0);
            Tensor cols = table.indexSelect(0, ShapeOps.longs(rowIndex, t[0])).reshape(slots, bags, dim);
            if (scaleGradByFreq) {   // the forward unchanged (a zero added), the rows' gradient scaled by 1 / count
                Tensor scale = Tensor.of(freq, t[0].dtype, t[0].device(), slots, bags, 1);
                Tensor still = cols.detach();
                cols = still.add(cols.sub(still).mul(scale));
            }
            Tensor sum;
            if (t[1] != null) {
                Tensor w = Joining.pad(t[1], new int[] {0, 1}, "constant", 0.0)
                        .indexSelect(0, ShapeOps.longs(position, t[0])).reshape(slots, bags, 1);
                if (t[0].dtype == DType.FLOAT32) {
                    // PyTorch's float kernel adds w * row with one rounding (a fused multiply-add): the product is
                    // exact in double, so each step is the double sum rounded to float
                    Tensor c64 = cols.to(DType.FLOAT64);
                    Tensor w64 = w.to(DType.FLOAT64);
                    sum = c64.narrow(0, 0, 1).mul(w64.narrow(0, 0, 1)).to(DType.FLOAT32);
                    for (int r = 1; r < slots; r++) {
                        sum = sum.to(DType.FLOAT64).add(c64.narrow(0, r, 1).mul(w64.narrow(0, r, 1)))
                                .to(DType.FLOAT32);
                    }
                } else {
                    cols = cols.mul(w);
                    sum = null;
                }
            } else {
                sum = null;
            }
            if (sum == null) {
                sum = cols.narrow(0, 0, 1).add(0.0);
                for (int r = 1; r < slots; r++) {
                    sum = sum.add(cols.narrow(0, r, 1));
                }
            }
            sum = sum.squeeze(0);
            return m == 1 ? sum.div(Tensor.of(counts, t[0].dtype, t[0].device(), bags, 1)) : sum;
        }, weight, pw);
    }

    /** embedding_bag's max mode: per bag and column, the first greatest value (found on the host), gathered. */
    private static Tensor embeddingBagMax(Tensor weight, long[] idx, int[][] members, int num, int dim) {
        double[] w = weight.detach().contiguous().toDoubleArray();
        int bags = members.length;
        long[] at = new long[bags * dim];
        for (int b = 0; b < bags; b++) {
            for (int d = 0; d < dim; d++) {
                long best = (long) num * dim + d;   // the appended zero row: an empty bag gives 0
                double max = 0;
                for (int r = 0; r < members[b].length; r++) {
                    long row = idx[members[b][r]];
                    double v = w[(int) (row * dim + d)];
                    if (r == 0 || v > max) {
                        max = v;
                        best = row * dim + d;
                    }
                }
                at[b * dim + d] = best;
            }
        }
        return NnLayers.named("EmbeddingBagBackward0", t -> Joining.pad(t[0], new int[] {0, 0, 0, 1}, "constant", 0.0)
                .reshape(-1).indexSelect(0, ShapeOps.longs(at, t[0])).reshape(bags, dim), weight);
    }
}

package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;

/**
 * {@code max_pool2d} (ceil_mode, dilation, indices), {@code avg_pool2d} (ceil_mode, count_include_pad,
 * divisor_override), their 1-d forms and {@code max_unpool2d}, with PyTorch 1.13's output-size rule and checks.
 * Channels pool independently, so the input is seen as planes {@code [P, H, W]}; each plane is padded (-inf for max,
 * 0 for avg; on the bottom and right as far as ceil mode's last window reaches), its windows gathered as columns
 * {@code [P, kH*kW, L]} by one {@code index_select}, then reduced. Max pooling's indices are PyTorch's flat
 * per-plane positions {@code h * W + w} of the unpadded input; its gradient is a scatter-add at them.
 */
final class Pools {
    private Pools() {
    }

    /** The geometry of one 2-D pooling; {@code hp, wp} the padded plane's extent. */
    private record Geo(int planes, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw,
            int oh, int ow, int hp, int wp) {
        int rows() {
            return kh * kw;
        }

        int length() {
            return oh * ow;
        }
    }

    /** PyTorch's {@code pooling_output_shape} (with its checks, in its order). */
    static int outputSize(String op, long in, int k, int pad, int stride, int dilation, boolean ceil) {
        if (stride == 0) {
            throw new IllegalArgumentException(op + ": stride should not be zero");
        }
        if (pad < 0) {
            throw new IllegalArgumentException(op + ": pad must be non-negative, but got pad: " + pad);
        }
        if (pad > k / 2) {
            throw new IllegalArgumentException(op + ": pad should be at most half of kernel size, but got pad=" + pad
                    + " and kernel_size=" + k);
        }
        long num = in + 2L * pad - (long) dilation * (k - 1) - 1 + (ceil ? stride - 1 : 0);
        long out = Math.floorDiv(num, (long) stride) + 1;
        if (ceil && (out - 1) * stride >= in + pad) {
            out--;   // the last window must start inside the input or the left padding
        }
        return (int) Math.max(Math.min(out, Integer.MAX_VALUE), Integer.MIN_VALUE);
    }

    /** A size pair from one or two ints (PyTorch's int-or-tuple); {@code dflt} for null or empty, when allowed. */
    private static int[] pair(String op, String what, int[] v, int[] dflt, String expected) {
        if ((v == null || v.length == 0) && dflt != null) {
            return dflt;
        }
        if (v == null || (v.length != 1 && v.length != 2)) {
            throw new IllegalArgumentException(op + ": " + what + " must " + expected + ", got "
                    + (v == null ? "null" : Arrays.toString(v)));
        }
        return v.length == 1 ? new int[] {v[0], v[0]} : v.clone();
    }

    /** Arguments and input checked as {@code max_pool2d_with_indices} / {@code avg_pool2d} check them. */
    private static Geo geometry(String op, Tensor input, int[] kernel, int[] stride, int[] padding, int[] dilation,
            boolean ceil) {
        Indexing.nonNull(op, input);
        int[] k = pair(op, "kernel_size", kernel, null, "either be a single int, or a tuple of two ints");
        int[] s = pair(op, "stride", stride, k, "either be omitted, a single int, or a tuple of two ints");
        int[] p = pair(op, "padding", padding, null, "either be a single int, or a tuple of two ints");
        int[] d = pair(op, "dilation", dilation, null, "either be a single int, or a tuple of two ints");
        int dim = input.dim();
        if (op.equals("avg_pool2d") && dim < 3) {   // PyTorch reads size(-3) first
            throw new IndexOutOfBoundsException(op + ": Dimension out of range (expected to be in range of ["
                    + -Math.max(dim, 1) + ", " + (Math.max(dim, 1) - 1) + "], but got -3)");
        }
        if ((dim != 3 && dim != 4) || input.size(-1) == 0 || input.size(-2) == 0 || (dim == 4 && input.size(1) == 0)) {
            throw new IllegalArgumentException(op + ": non-empty 3D or 4D (batch mode) tensor expected for input, got "
                    + Shapes.str(input.shape));
        }
        if (!input.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": \"" + op + "\" not implemented for '"
                    + DTypes.typeName(input.dtype) + "'");
        }
        int h = input.size(-2);
        int w = input.size(-1);
        int oh = outputSize(op, h, k[0], p[0], s[0], d[0], ceil);
        int ow = outputSize(op, w, k[1], p[1], s[1], d[1], ceil);
        if (k[0] <= 0 || k[1] <= 0) {
            throw new IllegalArgumentException(op + ": kernel size should be greater than zero, but got kH: " + k[0]
                    + " kW: " + k[1]);
        }
        if (s[0] <= 0 || s[1] <= 0) {
            throw new IllegalArgumentException(op + ": stride should be greater than zero, but got dH: " + s[0] + " dW: "
                    + s[1]);
        }
        if (d[0] <= 0 || d[1] <= 0) {
            throw new IllegalArgumentException(op + ": dilation should be greater than zero, but got dilationH: " + d[0]
                    + " dilationW: " + d[1]);
        }
        int c = input.size(-3);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(op + ": Given input size: (" + c + "x" + h + "x" + w
                    + "). Calculated output size: (" + c + "x" + oh + "x" + ow + "). Output size is too small");
        }
        int planes = (int) (input.numel() / ((long) h * w));
        int hp = Math.max(h + 2 * p[0], (oh - 1) * s[0] + (k[0] - 1) * d[0] + 1);
        int wp = Math.max(w + 2 * p[1], (ow - 1) * s[1] + (k[1] - 1) * d[1] + 1);
        Shapes.checkIndexable(op, new int[] {planes, k[0] * k[1], oh * ow});
        Shapes.checkIndexable(op, new int[] {planes, hp, wp});
        return new Geo(planes, h, w, k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], oh, ow, hp, wp);
    }

    /** For window row (i, j) and output position (y, x): the flat index into one padded plane (int64). */
    private static Tensor windowIndex(Geo g, Tensor like) {
        long[] index = new long[g.rows() * g.length()];
        int r = 0;
        for (int i = 0; i < g.kh(); i++) {
            for (int j = 0; j < g.kw(); j++) {
                for (int y = 0; y < g.oh(); y++) {
                    long base = (long) (y * g.sh() + i * g.dh()) * g.wp() + (long) j * g.dw();
                    for (int x = 0; x < g.ow(); x++) {
                        index[r++] = base + (long) x * g.sw();
                    }
                }
            }
        }
        return DTypes.of(index, DType.INT64, like.backend(), new int[] {index.length});
    }

    /**
     * The same positions as flat indices {@code h * W + w} of the unpadded plane, {@code [1, kH*kW, L]}; -1 for
     * the padding.
     */
    private static Tensor sourceIndex(Geo g, Tensor like) {
        long[] index = new long[g.rows() * g.length()];
        int r = 0;
        for (int i = 0; i < g.kh(); i++) {
            for (int j = 0; j < g.kw(); j++) {
                for (int y = 0; y < g.oh(); y++) {
                    long row = (long) y * g.sh() + (long) i * g.dh() - g.ph();
                    for (int x = 0; x < g.ow(); x++) {
                        long col = (long) x * g.sw() + (long) j * g.dw() - g.pw();
                        index[r++] = row < 0 || row >= g.h() || col < 0 || col >= g.w() ? -1 : row * g.w() + col;
                    }
                }
            }
        }
        return DTypes.of(index, DType.INT64, like.backend(), new int[] {1, g.rows(), g.length()});
    }

    /**
     * Per window, PyTorch's initial index: its first position inside the input ({@code [1, 1, L]}), which stays the
     * answer when nothing beats -inf (a window of -inf values).
     */
    private static Tensor firstInside(Geo g, Tensor like) {
        long[] index = new long[g.length()];
        for (int y = 0; y < g.oh(); y++) {
            long h0 = (long) y * g.sh() - g.ph();
            while (h0 < 0) {
                h0 += g.dh();
            }
            for (int x = 0; x < g.ow(); x++) {
                long w0 = (long) x * g.sw() - g.pw();
                while (w0 < 0) {
                    w0 += g.dw();
                }
                index[y * g.ow() + x] = h0 * g.w() + w0;
            }
        }
        return DTypes.of(index, DType.INT64, like.backend(), new int[] {1, 1, g.length()});
    }

    /** The planes {@code [P, H, W]} padded with {@code fill} to {@code [P, hp*wp]}. */
    private static Tensor padded(Tensor x, Geo g, double fill) {
        Tensor planes = x.reshape(g.planes(), g.h(), g.w());
        int bottom = g.hp() - g.h() - g.ph();
        int right = g.wp() - g.w() - g.pw();
        Tensor xp = g.ph() == 0 && g.pw() == 0 && bottom == 0 && right == 0 ? planes
                : Joining.pad(planes, new int[] {g.pw(), right, g.ph(), bottom}, "constant", fill);
        return xp.reshape(g.planes(), g.hp() * g.wp());
    }

    private static int[] outShape(Tensor input, Geo g) {
        int[] shape = input.shape.clone();
        shape[shape.length - 2] = g.oh();
        shape[shape.length - 1] = g.ow();
        return shape;
    }

    /**
     * {@code max_pool2d_with_indices}: the windows' first maximum and its flat per-plane index (int64); the
     * gradient (grad_fn MaxPool2DWithIndicesBackward0) is added at those indices.
     */
    static ValuesIndices maxPool2d(Tensor input, int[] kernel, int[] stride, int[] padding, int[] dilation,
            boolean ceil) {
        return maxPool2d("max_pool2d", input, kernel, stride, padding, dilation, ceil);
    }

    private static ValuesIndices maxPool2d(String op, Tensor input, int[] kernel, int[] stride, int[] padding,
            int[] dilation, boolean ceil) {
        Geo g = geometry(op, input, kernel, stride, padding, dilation, ceil);
        int[] shape = outShape(input, g);
        Tensor out;
        Tensor indices;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor cols = padded(input, g, Double.NEGATIVE_INFINITY).indexSelect(1, windowIndex(g, input))
                    .reshape(g.planes(), g.rows(), g.length());
            ValuesIndices m = cols.max(1, true);   // the first maximum of each window
            Tensor at = m.indices();
            if (m.values().isnan().any().item() != 0) {
                // PyTorch's loop takes every NaN it meets (val > max || isnan(val)): the window's last NaN
                Tensor rank = Tensor.arange(1, g.rows() + 1).to(input.dtype).to(input.device()).reshape(1, g.rows(), 1);
                ValuesIndices lastNan = cols.isnan().to(input.dtype).mul(rank).max(1, true);
                at = Tensor.where(lastNan.values().gt(0.0), lastNan.indices(), at);
            }
            out = m.values().reshape(shape);
            indices = sourceIndex(g, input).expand(g.planes(), g.rows(), g.length()).gather(1, at);
            indices = Tensor.where(indices.lt(0L), firstInside(g, input).expand(indices.shape), indices).reshape(shape);
        }
        if (Tensor.needsGrad(input)) {
            Tensor at = indices.reshape(g.planes(), g.length());
            int[] inShape = input.shape.clone();
            Tensor.record(out, new Indexing.FnNode("MaxPool2DWithIndicesBackward0", gr -> new Tensor[] {
                Indexing.scatterAddInto(new int[] {g.planes(), g.h() * g.w()}, 1, at, gr.reshape(g.planes(), g.length()))
                        .reshape(inShape)}, input));
        }
        return new ValuesIndices(out, indices);
    }

    /**
     * {@code avg_pool2d}: the sum of each window's input elements over PyTorch's divisor: {@code divisorOverride}
     * if given, else the window's extent clipped to the padded input ({@code countIncludePad}) or to the input.
     */
    static Tensor avgPool2d(Tensor input, int[] kernel, int[] stride, int[] padding, boolean ceil,
            boolean countIncludePad, Integer divisorOverride) {
        return avgPool2d("avg_pool2d", input, kernel, stride, padding, ceil, countIncludePad, divisorOverride);
    }

    private static Tensor avgPool2d(String op, Tensor input, int[] kernel, int[] stride, int[] padding, boolean ceil,
            boolean countIncludePad, Integer divisorOverride) {
        Geo g = geometry(op, input, kernel, stride, padding, new int[] {1}, ceil);
        if (divisorOverride != null && divisorOverride == 0) {
            throw new IllegalArgumentException(op + ": divisor must be not zero");
        }
        double[] div = new double[g.length()];
        for (int y = 0; y < g.oh(); y++) {
            int h0 = y * g.sh() - g.ph();
            int h1 = Math.min(h0 + g.kh(), g.h() + g.ph());
            int rowsPad = h1 - h0;
            int rows = Math.min(h1, g.h()) - Math.max(h0, 0);
            for (int x = 0; x < g.ow(); x++) {
                int w0 = x * g.sw() - g.pw();
                int w1 = Math.min(w0 + g.kw(), g.w() + g.pw());
                int cols = Math.min(w1, g.w()) - Math.max(w0, 0);
                div[y * g.ow() + x] = divisorOverride != null ? divisorOverride
                        : countIncludePad ? (double) rowsPad * (w1 - w0) : (double) rows * cols;
            }
        }
        Tensor divisor = Tensor.of(div, input.dtype, input.device(), 1, 1, g.length());
        int[] shape = outShape(input, g);
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor cols = padded(input, g, 0.0).indexSelect(1, windowIndex(g, input))
                    .reshape(g.planes(), g.rows(), g.length());
            // PyTorch's kernel: one running sum in the input's dtype from 0, the window row by row, then one division
            // (the padding's zeros added here change no bit)
            Tensor sum = cols.narrow(1, 0, 1).add(0.0);
            for (int r = 1; r < g.rows(); r++) {
                sum = sum.add(cols.narrow(1, r, 1));
            }
            out = sum.div(divisor).reshape(shape);
        }
        if (Tensor.needsGrad(input)) {
            int[] inShape = input.shape.clone();
            Tensor.record(out, new Indexing.FnNode("AvgPool2DBackward0", gr -> {
                // added output by output, each window's elements in order, as PyTorch's backward kernel
                Tensor gcols = gr.reshape(g.planes(), g.length(), 1).div(divisor.reshape(1, g.length(), 1))
                        .expand(g.planes(), g.length(), g.rows()).reshape(g.planes(), g.length() * g.rows());
                Tensor index = windowIndex(g, gr).reshape(g.rows(), g.length()).t().reshape(-1);
                Tensor gp = Indexing.indexAdd(new int[] {g.planes(), g.hp() * g.wp()}, 1, index, gcols)
                        .reshape(g.planes(), g.hp(), g.wp());
                return new Tensor[] {gp.narrow(1, g.ph(), g.h()).narrow(2, g.pw(), g.w()).contiguous().reshape(inShape)};
            }, input));
        }
        return out;
    }

    // ---------------------------------------------------------------- 1-d forms

    private static int[] one(String op, String what, int[] v, boolean optional) {
        if (optional && (v == null || v.length == 0)) {
            return null;
        }
        if (v == null || v.length != 1) {
            throw new IllegalArgumentException(op + ": " + what + " must be an int, list of ints or tuple of ints of "
                    + "size 1 but got size " + (v == null ? 0 : v.length));
        }
        return new int[] {1, v[0]};
    }

    /**
     * {@code max_pool1d(_with_indices)}: the 2-d op on an inserted height of 1 (grad_fn SqueezeBackward1). Without
     * a gradient to record, PyTorch checks with {@code max_pool1d}'s own messages first.
     */
    static ValuesIndices maxPool1d(Tensor input, int[] kernel, int[] stride, int[] padding, int[] dilation,
            boolean ceil, boolean returnIndices) {
        String op = "max_pool1d";
        Indexing.nonNull(op, input);
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException(op + ": " + (returnIndices ? dims(input, op)
                    : "Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:"
                    + Shapes.str(input.shape)));
        }
        if (!returnIndices && !Tensor.needsGrad(input)
                && check1d(op, input, kernel, stride, padding, dilation, ceil) == 0) {
            int[] shape = input.shape.clone();   // max_pool1d's own kernel allows an empty output
            shape[shape.length - 1] = 0;
            Tensor empty = Tensor.zeroed(op, shape, input.dtype, input.backend());
            return new ValuesIndices(empty, Tensor.zeroed(op, shape, DType.INT64, input.backend()));
        }
        int[] k = one(op, "kernel_size", kernel, false);
        int[] s = one(op, "stride", stride, true);
        int[] p = padding == null || padding.length != 1 ? one(op, "padding", padding, false) : new int[] {0, padding[0]};
        int[] d = one(op, "dilation", dilation, false);
        ValuesIndices r = maxPool2d(op, input.unsqueeze(-2), k, s == null ? k : s, p, d, ceil);
        return new ValuesIndices(r.values().squeeze(-2), r.indices().squeeze(-2));
    }

    /** PyTorch's argument check of a 1-d op's input dimensions. */
    private static String dims(Tensor input, String op) {
        return "Expected 2 to 3 dimensions, but got " + input.dim() + "-dimensional tensor for argument #1 'self' "
                + "(while checking arguments for " + op + ")";
    }

    /** {@code max_pool1d}'s checks (PyTorch's path without indices or gradient); the output length. */
    private static int check1d(String op, Tensor input, int[] kernel, int[] stride, int[] padding, int[] dilation,
            boolean ceil) {
        String p = op + ": max_pool1d() ";
        if (kernel == null || kernel.length != 1) {
            throw new IllegalArgumentException(p + "kernel_size must be an int, list of ints or tuple of ints of size 1 "
                    + "but got size " + (kernel == null ? 0 : kernel.length));
        }
        if (stride != null && stride.length > 1) {
            throw new IllegalArgumentException(p + "stride must be an int, list of ints or tuple of ints of size 1 "
                    + "but got size " + stride.length);
        }
        if (padding == null || padding.length != 1) {
            throw new IllegalArgumentException(p + "padding must be an int, list of ints or tuple of ints of size 1 "
                    + "but got size " + (padding == null ? 0 : padding.length));
        }
        if (dilation == null || dilation.length != 1) {
            throw new IllegalArgumentException(p + "dilation must be an int, list of ints or tuple of ints of size 1 "
                    + "but got size " + (dilation == null ? 0 : dilation.length));
        }
        int k = kernel[0];
        int s = stride == null || stride.length == 0 ? k : stride[0];
        if (k <= 0) {
            throw new IllegalArgumentException(p + "kernel_size must be greater than zero, but got " + k);
        }
        if (s <= 0) {
            throw new IllegalArgumentException(p + "stride must be greater than zero, but got " + s);
        }
        if (padding[0] < 0) {
            throw new IllegalArgumentException(p + "padding must be non-negative, but got " + padding[0]);
        }
        if (padding[0] > k / 2) {
            throw new IllegalArgumentException(p + "padding should be at most half of kernel size, but got padding="
                    + padding[0] + " and kernel_size=" + k);
        }
        if (dilation[0] <= 0) {
            throw new IllegalArgumentException(p + "dilation must be greater than zero, but got " + dilation[0]);
        }
        int out = outputSize(op, input.size(-1), k, padding[0], s, dilation[0], ceil);
        if (out < 0) {
            throw new IllegalArgumentException(p + "Invalid computed output size: " + out);
        }
        return out;
    }

    /** {@code avg_pool1d}: the 2-d op on an inserted height of 1 (grad_fn SqueezeBackward1). */
    static Tensor avgPool1d(Tensor input, int[] kernel, int[] stride, int[] padding, boolean ceil,
            boolean countIncludePad) {
        String op = "avg_pool1d";
        Indexing.nonNull(op, input);
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException(op + ": " + dims(input, op));
        }
        int[] k = one(op, "kernel_size", kernel, false);
        int[] s = one(op, "stride", stride, true);
        int[] p = padding == null || padding.length != 1 ? one(op, "padding", padding, false) : new int[] {0, padding[0]};
        return avgPool2d(op, input.unsqueeze(-2), k, s == null ? k : s, p, ceil, countIncludePad, null).squeeze(-2);
    }

    // ---------------------------------------------------------------- max_unpool2d

    /**
     * {@code max_unpool2d}: zeros of {@code outputSize} (default {@code (in - 1) * stride - 2 * padding + kernel})
     * with each input value written at its flat per-plane index (grad_fn MaxUnpool2DBackward0: the gradient
     * gathered at the indices).
     */
    static Tensor maxUnpool2d(Tensor input, Tensor indices, int[] kernel, int[] stride, int[] padding,
            int[] outputSize) {
        String op = "max_unpool2d";
        Indexing.nonNull(op, input, indices);
        int[] k = pair(op, "kernel_size", kernel, null, "either be a single int, or a tuple of two ints");
        int[] s = pair(op, "stride", stride, k, "either be omitted, a single int, or a tuple of two ints");
        int[] p = pair(op, "padding", padding, new int[] {0, 0}, "either be a single int, or a tuple of two ints");
        if (input.dim() != 3 && input.dim() != 4) {
            throw new IllegalArgumentException(op + ": Input to max_unpooling2d should be a 3d or 4d Tensor, but got a "
                    + "tensor with " + input.dim() + " dimensions.");
        }
        if (indices.dtype != DType.INT64) {
            throw new IllegalArgumentException(op + ": elements in indices should be type int64 but got: "
                    + indices.dtype.torchName().replace("torch.", ""));
        }
        if (!Arrays.equals(input.shape, indices.shape)) {
            throw new IllegalArgumentException(op + ": Expected shape of indices to be same as that of the input tensor ("
                    + Shapes.str(input.shape) + ") but got indices tensor with shape: " + Shapes.str(indices.shape));
        }
        if (!input.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": \"max_unpooling2d_forward_out\" not implemented for '"
                    + DTypes.typeName(input.dtype) + "'");
        }
        int[] dflt = new int[2];
        for (int i = 0; i < 2; i++) {
            dflt[i] = (input.size(i - 2) - 1) * s[i] - 2 * p[i] + k[i];
        }
        int[] out = dflt;
        if (outputSize != null) {
            // PyTorch's _unpool_output_size: 2 sizes, or 4 whose last two count
            int[] given = outputSize.length == 4 ? Arrays.copyOfRange(outputSize, 2, 4) : outputSize;
            if (given.length != 2) {
                throw new IllegalArgumentException(op + ": output_size should be a sequence containing 2 or 4 elements, "
                        + "but it has a length of '" + outputSize.length + "'");
            }
            for (int i = 0; i < 2; i++) {
                int min = dflt[i] - s[i];
                int max = dflt[i] + s[i];
                if (given[i] <= min || given[i] >= max) {
                    throw new IllegalArgumentException(op + ": invalid output_size \"" + Arrays.toString(given)
                            + "\" (dim " + i + " must be between " + min + " and " + max + ")");
                }
            }
            out = given;
        }
        int oh = out[0];
        int ow = out[1];
        int planes = (int) (input.numel() / Math.max(1L, (long) input.size(-1) * input.size(-2)));
        long plane = (long) oh * ow;
        Shapes.checkIndexable(op, new int[] {planes, oh, ow});
        Tensor flat = indices.reshape(planes, -1);
        long[] idx = flat.contiguous().toLongArray();
        Long invalid = null;
        for (long v : idx) {
            if (v < 0 || v >= plane) {
                invalid = v;   // PyTorch's kernel reports the last one
            }
        }
        if (invalid != null) {
            throw new IllegalArgumentException(op + ": Found an invalid max index: " + invalid
                    + " (output volumes are of size " + oh + "x" + ow);
        }
        int[] shape = input.shape.clone();
        shape[shape.length - 2] = oh;
        shape[shape.length - 1] = ow;
        Tensor y;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            y = Tensor.zeroed(op, new int[] {planes, (int) plane}, input.dtype, input.backend())
                    .scatter(1, flat, input.reshape(planes, -1)).reshape(shape);
        }
        if (Tensor.needsGrad(input)) {
            int[] inShape = input.shape.clone();
            Tensor.record(y, new Indexing.FnNode("MaxUnpool2DBackward0",
                    g -> new Tensor[] {g.reshape(planes, (int) plane).gather(1, flat).reshape(inShape)}, input));
        }
        return y;
    }
}

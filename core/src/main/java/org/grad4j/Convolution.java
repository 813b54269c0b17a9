package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;
import org.grad4j.spi.Backend;

/**
 * {@code conv2d} and {@code adaptive_avg_pool2d} on the backend's primitives, with no kernels of their
 * own. The input is padded, then unfolded (im2col) by one {@code index_select} whose int64 index, computed here,
 * lists for every output position the input elements its window reads: {@code [N, C*kH*kW, L]} columns, L the
 * output positions. A convolution is then one batched matmul per group ({@link Pools} has the poolings).
 * {@code conv2d} records one {@code ConvolutionBackward0} node whose gradients are the same products transposed
 * and an {@code index_add} of the columns' gradient back onto the input (col2im). Sums run in another order than
 * PyTorch's convolution kernels (oneDNN, or im2col with BLAS), so results agree within rounding, not bit for bit.
 */
final class Convolution {
    private Convolution() {
    }

    /** The geometry of one 2-D window op: sizes, stride, padding, dilation and the output's height and width. */
    private record Window(int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw,
            int oh, int ow) {
        int length() {
            return oh * ow;
        }

        int rows() {
            return c * kh * kw;
        }
    }

    static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
            int groups) {
        if (input == null || weight == null) {
            throw new IllegalArgumentException("conv2d: expected input and weight tensors, got null");
        }
        Indexing.sameDevice("conv2d", input, weight);
        if (bias != null) {
            Indexing.sameDevice("conv2d", input, bias);
        }
        if (input.dim() != 3 && input.dim() != 4) {
            throw new IllegalArgumentException("conv2d: Expected 3D (unbatched) or 4D (batched) input to conv2d, but "
                    + "got input of size: " + Shapes.str(input.shape));
        }
        if (weight.dim() != 4) {
            throw new IllegalArgumentException("conv2d: weight should have 4 dimensions [out_channels, "
                    + "in_channels / groups, kH, kW], got " + Shapes.str(weight.shape));
        }
        if (!input.dtype.isFloatingPoint() || input.dtype != weight.dtype || (bias != null && bias.dtype != input.dtype)) {
            throw new IllegalArgumentException("conv2d: expected input, weight and bias of one floating dtype, got "
                    + input.dtype.torchName() + ", " + weight.dtype.torchName()
                    + (bias != null ? ", " + bias.dtype.torchName() : ""));
        }
        boolean unbatched = input.dim() == 3;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        int o = weight.shape[0];
        if (groups < 1 || o % groups != 0) {
            throw new IllegalArgumentException("conv2d: groups must be positive and divide out_channels (groups "
                    + groups + ", out_channels " + o + ")");
        }
        int c = x.shape[1];
        if (c != weight.shape[1] * groups) {
            throw new IllegalArgumentException("conv2d: Given groups=" + groups + ", weight of size "
                    + Shapes.str(weight.shape) + ", expected input" + Shapes.str(input.shape) + " to have "
                    + weight.shape[1] * groups + " channels, but got " + c + " channels instead");
        }
        if (bias != null && (bias.dim() != 1 || bias.shape[0] != o)) {
            throw new IllegalArgumentException("conv2d: Given weight of size " + Shapes.str(weight.shape)
                    + ", expected bias to be 1-dimensional with " + o + " elements, but got bias of size "
                    + Shapes.str(bias.shape) + " instead");
        }
        Window win = window("conv2d", x, weight.shape[2], weight.shape[3], pair("conv2d", "stride", stride, 1),
                pair("conv2d", "padding", padding, 0), pair("conv2d", "dilation", dilation, 1));
        int n = x.shape[0];
        Tensor out;
        Tensor cols;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            cols = unfold(x, win, 0.0);   // [N, C*kH*kW, L]
            out = groupedProduct(weight.reshape(o, -1), cols, groups);   // [N, O, L]
            if (bias != null) {
                out = out.add(bias.reshape(1, o, 1));
            }
            out = out.reshape(n, o, win.oh(), win.ow());
        }
        if (Tensor.needsGrad(x) || Tensor.needsGrad(weight) || (bias != null && Tensor.needsGrad(bias))) {
            int[] weightShape = weight.shape.clone();
            Tensor w = weight.detach();
            Tensor[] inputs = {x, weight, bias};
            Tensor.record(out, new Indexing.FnNode("ConvolutionBackward0", g -> {
                // with a graph (create_graph) the formulas must reach the weight's and the input's history
                boolean graph = GradMode.isEnabled();
                Tensor g2 = g.reshape(n, o, win.length());
                Tensor wk = (graph ? weight : w).reshape(o, -1);
                Tensor gx = x.requiresGrad() ? fold(groupedColumnsGrad(wk, g2, groups), x.shape, win) : null;
                Tensor gw = weight.requiresGrad()
                        ? groupedWeightGrad(g2, graph && x.requiresGrad() ? unfold(x, win, 0.0) : cols, groups)
                                .reshape(weightShape) : null;
                Tensor gb = bias != null && bias.requiresGrad() ? g.sum(new int[] {0, 2, 3}, false) : null;
                String name = "ConvolutionBackwardBackward0";
                return new Tensor[] {DoubleBackward.named(gx, name), DoubleBackward.named(gw, name),
                    DoubleBackward.named(gb, name)};
            }, inputs));
        }
        return unbatched ? out.squeeze(0) : out;
    }

    /**
     * {@code conv2d} with PyTorch's string padding: {@code "valid"} is no padding, {@code "same"} pads so the
     * output keeps the input's height and width (stride 1 only); an odd total goes one more to the bottom and
     * right, as PyTorch pads the input.
     */
    static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation,
            int groups) {
        if (!"valid".equals(padding) && !"same".equals(padding)) {
            throw new IllegalArgumentException("conv2d: Invalid padding string: '" + padding
                    + "' (expected 'valid' or 'same')");
        }
        if (padding.equals("valid")) {
            return conv2d(input, weight, bias, stride, new int[] {0}, dilation, groups);
        }
        int[] s = pair("conv2d", "stride", stride, 1);
        if (s[0] != 1 || s[1] != 1) {
            throw new IllegalArgumentException("conv2d: padding='same' is not supported for strided convolutions "
                    + "(stride " + Arrays.toString(stride) + ")");
        }
        if (input == null || weight == null || weight.dim() != 4) {
            return conv2d(input, weight, bias, stride, new int[] {0}, dilation, groups);   // its errors
        }
        int[] d = pair("conv2d", "dilation", dilation, 1);
        int totalH = d[0] * (weight.shape[2] - 1);
        int totalW = d[1] * (weight.shape[3] - 1);
        if (totalH % 2 == 0 && totalW % 2 == 0) {
            return conv2d(input, weight, bias, s, new int[] {totalH / 2, totalW / 2}, d, groups);
        }
        Tensor padded = Joining.pad(input, new int[] {totalW / 2, totalW - totalW / 2, totalH / 2, totalH - totalH / 2},
                "constant", 0.0);
        return conv2d(padded, weight, bias, s, new int[] {0}, d, groups);
    }

    /**
     * {@code adaptive_avg_pool2d}: output cell {@code (i, j)} is the mean of rows {@code floor(i*H/OH)} to
     * {@code ceil((i+1)*H/OH)} and the matching columns. Computed as {@code Ph @ x @ Pw^T} with averaging matrices
     * (whose gradient is {@code Ph^T @ g @ Pw}); an output of 1 x 1 is PyTorch's plain mean.
     */
    static Tensor adaptiveAvgPool2d(Tensor input, int[] outputSize) {
        Indexing.nonNull("adaptive_avg_pool2d", input);
        int[] out = pair("adaptive_avg_pool2d", "output_size", outputSize, 0);
        if (out[0] == 1 && out[1] == 1 && input.dim() >= 2 && input.dtype.isFloatingPoint()) {
            return input.mean(new int[] {-2, -1}, true);   // PyTorch's shortcut, taken before its checks
        }
        if (input.dim() != 3 && input.dim() != 4) {
            throw new IllegalArgumentException("adaptive_avg_pool2d: Expected 3D or 4D tensor, but got "
                    + Shapes.str(input.shape));
        }
        if (!input.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("adaptive_avg_pool2d: \"adaptive_avg_pool2d\" not implemented for '"
                    + DTypes.typeName(input.dtype) + "'");
        }
        int h = input.size(-2);
        int w = input.size(-1);
        Tensor ph = averaging(out[0], h, input);
        Tensor pw = averaging(out[1], w, input);
        Tensor y;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            y = ph.matmul(input).matmul(pw.t());
        }
        if (Tensor.needsGrad(input)) {
            Tensor.record(y, new Indexing.FnNode("AdaptiveAvgPool2DBackward0",
                    g -> new Tensor[] {ph.t().matmul(g).matmul(pw)}, input));
        }
        return y;
    }

    /** {@code [n, size]}: row i averages the input positions {@code floor(i*size/n)} to {@code ceil((i+1)*size/n)}. */
    private static Tensor averaging(int n, int size, Tensor like) {
        double[] m = new double[n * size];
        for (int i = 0; i < n; i++) {
            int start = (int) ((long) i * size / n);
            int end = (int) (((long) (i + 1) * size + n - 1) / n);
            for (int j = start; j < end; j++) {
                m[i * size + j] = 1.0 / (end - start);
            }
        }
        return Tensor.of(m, like.dtype(), like.device(), n, size);
    }

    /** Per group i, rows i of {@code w} [O, K/groups] times the columns' group i [N, K/groups, L]: [N, O, L]. */
    private static Tensor groupedProduct(Tensor w, Tensor cols, int groups) {
        if (groups == 1) {
            return w.matmul(cols);
        }
        int og = w.shape[0] / groups;
        int kg = cols.shape[1] / groups;
        Tensor[] parts = new Tensor[groups];
        for (int i = 0; i < groups; i++) {
            parts[i] = w.narrow(0, i * og, og).matmul(cols.narrow(1, i * kg, kg));
        }
        return Tensor.cat(Arrays.asList(parts), 1);
    }

    /** The columns' gradient [N, K, L]: per group, the group's weight [O/groups, K/groups] transposed times g. */
    private static Tensor groupedColumnsGrad(Tensor w, Tensor g, int groups) {
        if (groups == 1) {
            return w.t().matmul(g);
        }
        int og = w.shape[0] / groups;
        Tensor[] parts = new Tensor[groups];
        for (int i = 0; i < groups; i++) {
            parts[i] = w.narrow(0, i * og, og).t().matmul(g.narrow(1, i * og, og));
        }
        return Tensor.cat(Arrays.asList(parts), 1);
    }

    /** The weight's gradient as [O, K/groups]: per group, the sum over the batch of g [N, O/g, L] times cols^T. */
    private static Tensor groupedWeightGrad(Tensor g, Tensor cols, int groups) {
        int og = g.shape[1] / groups;
        int kg = cols.shape[1] / groups;
        Tensor[] parts = new Tensor[groups];
        for (int i = 0; i < groups; i++) {
            Tensor gi = g.narrow(1, i * og, og);
            Tensor ci = cols.narrow(1, i * kg, kg);
            parts[i] = gi.matmul(ci.transpose(1, 2)).sum(new int[] {0}, false);
        }
        return groups == 1 ? parts[0] : Tensor.cat(Arrays.asList(parts), 0);
    }

    /** The output geometry, refusing windows larger than the padded input as PyTorch does. */
    private static Window window(String op, Tensor x, int kh, int kw, int[] s, int[] p, int[] d) {
        int h = x.shape[2];
        int w = x.shape[3];
        int effH = d[0] * (kh - 1) + 1;
        int effW = d[1] * (kw - 1) + 1;
        long hp = (long) h + 2L * p[0];
        long wp = (long) w + 2L * p[1];
        if (kh < 1 || kw < 1 || hp < effH || wp < effW) {
            throw new IllegalArgumentException(op + ": Calculated padded input size per channel: (" + hp + " x " + wp
                    + "). Kernel size: (" + effH + " x " + effW + "). Kernel size can't be greater than actual input "
                    + "size");
        }
        int oh = (int) ((hp - effH) / s[0] + 1);
        int ow = (int) ((wp - effW) / s[1] + 1);
        Shapes.checkIndexable(op, new int[] {x.shape[0], x.shape[1] * kh * kw, oh * ow});
        return new Window(x.shape[1], h, w, kh, kw, s[0], s[1], p[0], p[1], d[0], d[1], oh, ow);
    }

    /** {@code [N, C, H, W]} padded with {@code fill}, then its windows as columns {@code [N, C*kH*kW, L]}. */
    private static Tensor unfold(Tensor x, Window win, double fill) {
        Tensor xp = win.ph() == 0 && win.pw() == 0 ? x
                : Joining.pad(x, new int[] {win.pw(), win.pw(), win.ph(), win.ph()}, "constant", fill);
        return xp.flatten(1).indexSelect(1, windowIndex(win, x.backend()))   // flatten: N may be 0
                .reshape(x.shape[0], win.rows(), win.length());
    }

    /** The columns' gradient {@code [N, C*kH*kW, L]} added back onto the input's positions (col2im), unpadded. */
    private static Tensor fold(Tensor cols, int[] inShape, Window win) {
        int hp = win.h() + 2 * win.ph();
        int wp = win.w() + 2 * win.pw();
        int n = inShape[0];
        Tensor padded = Indexing.indexAdd(new int[] {n, win.c() * hp * wp}, 1, windowIndex(win, cols.backend()),
                cols.flatten(1)).reshape(n, win.c(), hp, wp);
        return win.ph() == 0 && win.pw() == 0 ? padded
                : padded.narrow(2, win.ph(), win.h()).narrow(3, win.pw(), win.w()).contiguous();
    }

    /** For row (c, i, j) of the columns and output position (y, x): the flat index into one padded image (int64). */
    private static Tensor windowIndex(Window win, Backend backend) {
        int hp = win.h() + 2 * win.ph();
        int wp = win.w() + 2 * win.pw();
        long[] index = new long[win.rows() * win.length()];
        int r = 0;
        for (int c = 0; c < win.c(); c++) {
            for (int i = 0; i < win.kh(); i++) {
                for (int j = 0; j < win.kw(); j++) {
                    for (int y = 0; y < win.oh(); y++) {
                        long base = (long) c * hp * wp + (long) (y * win.sh() + i * win.dh()) * wp + j * win.dw();
                        for (int xo = 0; xo < win.ow(); xo++) {
                            index[r++] = base + (long) xo * win.sw();
                        }
                    }
                }
            }
        }
        return DTypes.of(index, DType.INT64, backend, new int[] {index.length});
    }

    /** A size pair from one or two ints (PyTorch's int-or-tuple); {@code min} is the least allowed value. */
    private static int[] pair(String op, String what, int[] v, int min) {
        if (v == null || (v.length != 1 && v.length != 2)) {
            throw new IllegalArgumentException(op + ": expected " + what + " as one or two ints, got "
                    + (v == null ? "null" : Arrays.toString(v)));
        }
        int[] p = v.length == 1 ? new int[] {v[0], v[0]} : v.clone();
        int least = min < 0 ? 1 : min;
        if (p[0] < least || p[1] < least) {
            throw new IllegalArgumentException(op + ": " + what + " should be " + (least == 0 ? "non-negative" : "positive")
                    + ", got " + Arrays.toString(v));
        }
        return p;
    }
}

package org.grad4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.grad4j.autograd.Autograd;
import org.grad4j.autograd.GradMode;

/**
 * The nnmore layers' functional forms: conv1d and the 1-d poolings (over the 2-d ones, on an inserted height of
 * 1), group_norm and instance_norm, cosine_similarity, pairwise_distance, normalize and feature (channel) dropout.
 * Composites of existing ops; where PyTorch's result carries a node of its own name (conv1d's
 * ConvolutionBackward0, group_norm's NativeGroupNormBackward0) the composite runs on detached leaves and one node
 * of that name hands its gradient through the inner graph ({@link #named}).
 */
final class NnLayers {
    private NnLayers() {
    }

    /**
     * Runs {@code f} on detached copies of {@code inputs} and records one node named {@code name} whose backward is
     * the inner graph's ({@code Autograd.grad} on the copies, graph retained for a second pass).
     */
    static Tensor named(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        return named(name, false, f, inputs);
    }

    /**
     * {@link #named(String, Function, Tensor...)}; with {@code zeros}, an input the inner graph does not reach gets
     * zeros, as PyTorch's fused backward kernels hand out (grid_sample's grid in nearest mode, an empty output).
     */
    static Tensor named(String name, boolean zeros, Function<Tensor[], Tensor> f, Tensor... inputs) {
        boolean grad = false;
        for (Tensor t : inputs) {
            grad |= t != null && Tensor.needsGrad(t);
        }
        if (!grad) {
            return f.apply(inputs);
        }
        Tensor[] leaves = new Tensor[inputs.length];
        List<Tensor> wanted = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != null) {
                leaves[i] = inputs[i].detach().requiresGrad_(inputs[i].requiresGrad() && inputs[i].isFloatingPoint());
                if (leaves[i].requiresGrad()) {
                    wanted.add(leaves[i]);
                    at.add(i);
                }
            }
        }
        Tensor inner = f.apply(leaves);
        Tensor out = inner.detach();
        Tensor.record(out, new Indexing.FnNode(name, g -> {
            Tensor[] gs = zeros && inner.gradFn() == null ? new Tensor[wanted.size()]
                    : Autograd.grad(inner, wanted, g, true, true);
            Tensor[] all = new Tensor[inputs.length];
            for (int k = 0; k < gs.length; k++) {
                all[at.get(k)] = gs[k] == null && zeros ? Tensor.zerosLike(inputs[at.get(k)]) : gs[k];
            }
            return all;
        }, inputs));
        return out;
    }

    private static int[] one(String op, String what, int[] v, int least) {
        if (v == null || v.length != 1 || v[0] < least) {
            throw new IllegalArgumentException(op + ": expected " + what + " as one int of at least " + least + ", got "
                    + (v == null ? "null" : Arrays.toString(v)));
        }
        return new int[] {1, v[0]};
    }

    private static int[] onePad(String op, int[] v) {
        if (v == null || v.length != 1 || v[0] < 0) {
            throw new IllegalArgumentException(op + ": expected padding as one int of at least 0, got "
                    + (v == null ? "null" : Arrays.toString(v)));
        }
        return new int[] {0, v[0]};
    }

    // ---------------------------------------------------------------- conv1d, pools

    static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
            int groups) {
        if (input == null || weight == null) {
            throw new IllegalArgumentException("conv1d: expected input and weight tensors, got null");
        }
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException("conv1d: Expected 2D (unbatched) or 3D (batched) input to conv1d, but got "
                    + "input of size: " + Shapes.str(input.shape));
        }
        if (weight.dim() != 3) {
            throw new IllegalArgumentException("conv1d: weight should have 3 dimensions [out_channels, "
                    + "in_channels / groups, kW], got " + Shapes.str(weight.shape));
        }
        int[] s = one("conv1d", "stride", stride, 1);
        int[] p = onePad("conv1d", padding);
        int[] d = one("conv1d", "dilation", dilation, 1);
        if (input.dim() == 2) {   // unbatched: PyTorch's result is the batched one squeezed (SqueezeBackward1)
            return conv1d(input.unsqueeze(0), weight, bias, stride, padding, dilation, groups).squeeze(0);
        }
        return named("ConvolutionBackward0", in -> Convolution.conv2d(in[0].unsqueeze(2), in[1].unsqueeze(2), in[2],
                s, p, d, groups).squeeze(2), input, weight, bias);
    }

    static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation,
            int groups) {
        if (input == null || weight == null) {
            throw new IllegalArgumentException("conv1d: expected input and weight tensors, got null");
        }
        if (weight.dim() != 3 || (input.dim() != 2 && input.dim() != 3)) {
            return conv1d(input, weight, bias, stride, new int[] {0}, dilation, groups);   // its errors
        }
        int[] s = one("conv1d", "stride", stride, 1);
        int[] d = one("conv1d", "dilation", dilation, 1);
        if (input.dim() == 2) {
            return conv1d(input.unsqueeze(0), weight, bias, stride, padding, dilation, groups).squeeze(0);
        }
        return named("ConvolutionBackward0", in -> Convolution.conv2d(in[0].unsqueeze(2), in[1].unsqueeze(2), in[2],
                s, padding, d, groups).squeeze(2), input, weight, bias);
    }

    private static void check1d(String op, Tensor input) {
        Indexing.nonNull(op, input);
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException(op + ": Expected 2D or 3D (batch mode) tensor for input, got "
                    + Shapes.str(input.shape));
        }
    }

    static Tensor adaptiveAvgPool1d(Tensor input, int outputSize) {
        check1d("adaptive_avg_pool1d", input);
        if (outputSize < 0) {
            throw new IllegalArgumentException("adaptive_avg_pool1d: output_size must be non-negative, got "
                    + outputSize);
        }
        checkOutput("adaptive_avg_pool1d", input, (long) outputSize * input.size(-1));
        return Convolution.adaptiveAvgPool2d(input.unsqueeze(-2), new int[] {1, outputSize}).squeeze(-2);
    }

    /** Refuses outputs (or work arrays) of more than 2^31 - 9 elements, before anything is allocated. */
    private static void checkOutput(String op, Tensor input, long elements) {
        if (elements > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(op + ": the output for an input of shape " + Shapes.str(input.shape)
                    + " would hold " + elements + " elements, more than a tensor can (2^31 - 9)");
        }
    }

    // ---------------------------------------------------------------- group_norm, instance_norm

    static Tensor groupNorm(Tensor input, int numGroups, Tensor weight, Tensor bias, double eps) {
        Indexing.nonNull("group_norm", input);
        if (input.dim() < 2) {
            throw new IllegalArgumentException("group_norm: Expected at least 2 dimensions for input tensor but "
                    + "received " + input.dim());
        }
        int n = input.shape[0];
        int c = input.shape[1];
        if (numGroups >= 1) {
            // F.group_norm's _verify_batch_size on [N * C // G, G, *spatial]: one value per group is refused
            int[] verified = input.shape.clone();
            verified[0] = (int) ((long) n * c / numGroups);
            verified[1] = numGroups;
            if (Shapes.numel(verified) == numGroups) {
                throw new IllegalArgumentException("group_norm: Expected more than 1 value per channel when training, "
                        + "got input size " + Shapes.str(verified));
            }
        }
        if (numGroups < 1 || c % numGroups != 0) {
            throw new IllegalArgumentException("group_norm: Expected number of channels in input to be divisible by "
                    + "num_groups, but got input of shape " + Shapes.str(input.shape) + " and num_groups=" + numGroups);
        }
        for (Tensor t : new Tensor[] {weight, bias}) {
            if (t != null && (t.dim() != 1 || t.shape[0] != c)) {
                throw new IllegalArgumentException("group_norm: Expected weight to be a vector of size equal to the "
                        + "number of channels in input, but got weight of shape " + Shapes.str(t.shape)
                        + " and input of shape " + Shapes.str(input.shape));
            }
        }
        int[] affine = new int[input.dim()];
        Arrays.fill(affine, 1);
        affine[1] = c;
        return named("NativeGroupNormBackward0", in -> {
            Tensor x = in[0].reshape(n, numGroups, -1);
            Tensor mean = x.mean(new int[] {-1}, true);
            Tensor centered = x.sub(mean);
            Tensor var = centered.mul(centered).mean(new int[] {-1}, true);
            Tensor y = centered.mul(var.add(eps).rsqrt()).reshape(in[0].shape());
            if (in[1] != null) {
                y = y.mul(in[1].reshape(affine));
            }
            if (in[2] != null) {
                y = y.add(in[2].reshape(affine));
            }
            return y;
        }, input, weight, bias);
    }

    /**
     * PyTorch's instance_norm: batch_norm over {@code [1, N*C, ...]} with the per-channel parameters and running
     * statistics repeated N times; the running statistics become the mean over the batch of the updated copies.
     */
    static Tensor instanceNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            boolean useInputStats, double momentum, double eps) {
        Indexing.nonNull("instance_norm", input);
        if (input.dim() < 2) {
            throw new IllegalArgumentException("instance_norm: expected an input of at least 2 dimensions [N, C, ...], "
                    + "got " + Shapes.str(input.shape));
        }
        if (!useInputStats && (runningMean == null || runningVar == null)) {
            throw new IllegalArgumentException("instance_norm: Expected running_mean and running_var to be defined when "
                    + "use_input_stats is false");
        }
        int b = input.shape[0];
        int c = input.shape[1];
        int[] shape = input.shape();
        if (input.numel() == 0) {
            return input.clone();   // PyTorch's empty result; nothing to normalise, the statistics stay
        }
        int[] flat = shape.clone();
        flat = Arrays.copyOfRange(flat, 1, flat.length);
        flat[0] = b * c;
        int[] reshaped = new int[shape.length];
        reshaped[0] = 1;
        System.arraycopy(flat, 0, reshaped, 1, flat.length);
        Tensor x = input.contiguous().view(reshaped);
        Tensor rm = runningMean == null ? null : runningMean.repeat(b);
        Tensor rv = runningVar == null ? null : runningVar.repeat(b);
        Tensor w = weight == null ? null : weight.repeat(b);
        Tensor bb = bias == null ? null : bias.repeat(b);
        Tensor out = Functional.batchNorm(x, rm, rv, w, bb, useInputStats, momentum, eps);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            if (runningMean != null && useInputStats) {
                runningMean.copy_(rm.view(b, c).mean(new int[] {0}, false));
            }
            if (runningVar != null && useInputStats) {
                runningVar.copy_(rv.view(b, c).mean(new int[] {0}, false));
            }
        }
        return out.view(shape);
    }

    // ---------------------------------------------------------------- distances

    /** {@code sum(x1 / max(||x1||, eps) * x2 / max(||x2||, eps), dim)}, PyTorch's normalise-first formula. */
    static Tensor cosineSimilarity(Tensor x1, Tensor x2, int dim, double eps) {
        Indexing.nonNull("cosine_similarity", x1);
        Indexing.nonNull("cosine_similarity", x2);
        DType common = DTypes.resultType(new Tensor[] {x1, x2});
        if (!common.isFloatingPoint()) {
            throw new IllegalArgumentException("cosine_similarity: expected common dtype to be floating point, yet "
                    + "common dtype is " + DTypes.typeName(common));
        }
        Tensor a = x1.dtype().isFloatingPoint() ? x1 : x1.to(common);
        Tensor b = x2.dtype().isFloatingPoint() ? x2 : x2.to(common);
        int[] shape = Shapes.broadcast("cosine_similarity", a.shape, b.shape);
        a = a.expand(shape);
        b = b.expand(shape);
        int d = Shapes.dim("cosine_similarity", dim, shape.length);
        Tensor n1 = a.norm(2.0, new int[] {d}, true).clone();
        Tensor n2 = b.norm(2.0, new int[] {d}, true).clone();
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            n1.clampMin_(eps);
            n2.clampMin_(eps);
        }
        return a.div(n1).mul(b.div(n2)).sum(new int[] {d}, false);
    }

    /** {@code ||x1 - x2 + eps||_p} over the last dimension. */
    static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps, boolean keepdim) {
        Indexing.nonNull("pairwise_distance", x1);
        Indexing.nonNull("pairwise_distance", x2);
        int outDim = Math.max(x1.dim(), x2.dim());
        int innermost = outDim - 1;
        if (outDim == 0) {
            return x1.sub(x2).add(eps).norm(p, new int[] {}, keepdim);
        }
        return x1.sub(x2).add(eps).norm(p, new int[] {innermost}, keepdim);
    }

    /** {@code x / max(||x||_p over dim, eps)}. */
    static Tensor normalize(Tensor input, double p, int dim, double eps) {
        Indexing.nonNull("normalize", input);
        Tensor denom = input.norm(p, new int[] {dim}, true).clampMin(eps).expandAs(input);
        return input.div(denom);
    }

    // ---------------------------------------------------------------- channel dropout

    /**
     * PyTorch's feature_dropout on {@code [N, C, ...]}: one Bernoulli(1 - p) per (sample, channel), scaled by
     * {@code 1 / (1 - p)}, broadcast over the rest; drawn as {@code tensor.bernoulli_} draws a contiguous tensor.
     */
    static Tensor featureDropout(Tensor input, double p, boolean inplace, Generator generator) {
        int[] noiseShape = new int[input.dim()];
        Arrays.fill(noiseShape, 1);
        noiseShape[0] = input.shape[0];
        noiseShape[1] = input.shape[1];
        Tensor noise;
        if (p == 1) {
            noise = Tensor.zeros(noiseShape).to(input.dtype()).to(input.device());
        } else {
            int count = input.shape[0] * input.shape[1];
            double[] mask = new double[count];
            generator.bernoulli(mask, 1 - p);
            double scale = input.dtype() == DType.FLOAT32 ? 1.0f / (float) (1 - p) : 1.0 / (1 - p);
            for (int i = 0; i < count; i++) {
                mask[i] *= scale;
            }
            noise = Tensor.of(mask, input.dtype(), input.device(), noiseShape);
        }
        return inplace ? input.mul_(noise) : input.mul(noise);
    }

    // ---------------------------------------------------------------- interpolate

    static Tensor interpolate(Tensor input, int[] size, double[] scaleFactor, String mode, Boolean alignCorners) {
        return interpolate(input, size, scaleFactor, mode, alignCorners, null);
    }

    /**
     * {@code F.interpolate} for {@code nearest}, {@code nearest-exact} and {@code area} (adaptive average pooling) on
     * 3-D to 5-D inputs, {@code linear} (3-D), {@code bilinear} and {@code bicubic} (4-D) and {@code trilinear}
     * (5-D), with PyTorch 1.13's source indices and weights computed on the host in its precision and applied as gathers along each spatial
     * dimension, the last innermost as PyTorch's separable kernel sums. With {@code recomputeScaleFactor} the
     * kernels get the output size only, not the scale.
     */
    static Tensor interpolate(Tensor input, int[] size, double[] scaleFactor, String mode, Boolean alignCorners,
            Boolean recomputeScaleFactor) {
        Indexing.nonNull("interpolate", input);
        if (mode == null) {
            throw new IllegalArgumentException("interpolate: expected a mode, got null");
        }
        boolean exact = mode.equals("nearest-exact");
        boolean nearest = mode.equals("nearest") || exact;
        boolean area = mode.equals("area");
        if (mode.equals("bicubic") && input.dim() != 4 || !Set.of("nearest", "nearest-exact", "linear", "bilinear", "area", "bicubic", "trilinear")
                .contains(mode)) {
            throw new IllegalArgumentException("interpolate: Input Error: Only 3D, 4D and 5D input Tensors supported "
                    + "(got " + input.dim() + "D) for the modes: nearest | linear | bilinear | bicubic | trilinear | "
                    + "area | nearest-exact (got " + mode + ")");
        }
        boolean cubic = mode.equals("bicubic");
        if ((nearest || area) && alignCorners != null) {
            throw new IllegalArgumentException("interpolate: align_corners option can only be set with the "
                    + "interpolating modes: linear | bilinear | bicubic | trilinear");
        }
        boolean corners = alignCorners != null && alignCorners;
        int dims = input.dim() - 2;
        if (size != null && scaleFactor != null) {
            throw new IllegalArgumentException("interpolate: only one of size or scale_factor should be defined");
        }
        if (size == null && scaleFactor == null) {
            throw new IllegalArgumentException("interpolate: either size or scale_factor should be defined");
        }
        if (dims < 1 || dims > 3) {
            throw new IllegalArgumentException("interpolate: Input Error: Only 3D, 4D and 5D input Tensors supported (got "
                    + input.dim() + "D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | "
                    + "nearest-exact (got " + mode + ")");
        }
        int[] in = Arrays.copyOfRange(input.shape(), 2, input.dim());
        int[] out = new int[dims];
        double[] scales = null;
        if (size != null) {
            if (size.length != 1 && size.length != dims) {
                throw new IllegalArgumentException("interpolate: Input and output must have the same number of spatial "
                        + "dimensions, but got input with spatial dimensions of " + Arrays.toString(in)
                        + " and output size of (" + join(size) + (size.length == 1 ? ",)" : ")") + ". Please provide input tensor in (N, C, d1, "
                        + "d2, ...,dK) format and output size in (o1, o2, ...,oK) format.");
            }
            for (int i = 0; i < dims; i++) {
                out[i] = size[size.length == 1 ? 0 : i];
            }
        } else {
            if (scaleFactor.length != 1 && scaleFactor.length != dims) {
                throw new IllegalArgumentException("interpolate: Input and scale_factor must have the same number of "
                        + "spatial dimensions, but got input with spatial dimensions of " + Arrays.toString(in)
                        + " and scale_factor of shape " + Arrays.toString(scaleFactor) + ". Please provide input tensor "
                        + "in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.");
            }
            scales = new double[dims];
            for (int i = 0; i < dims; i++) {
                scales[i] = scaleFactor[scaleFactor.length == 1 ? 0 : i];
                out[i] = (int) Math.floor(in[i] * scales[i]);
            }
        }
        if (recomputeScaleFactor != null && recomputeScaleFactor && size != null) {
            throw new IllegalArgumentException("interpolate: recompute_scale_factor is not meaningful with an explicit "
                    + "size.");
        }
        if ((recomputeScaleFactor != null && recomputeScaleFactor) || area) {
            scales = null;   // the kernels get the output size only
        }
        if (area) {
            return dims == 1 ? adaptiveAvgPool1d(input, out[0]) : dims == 2 ? Convolution.adaptiveAvgPool2d(input, out)
                    : Layers3.adaptiveAvgPool3d(input, out);
        }
        String kind = exact ? "NearestExact" : nearest ? "Nearest" : cubic ? "Bicubic" : dims == 1 ? "Linear"
                : dims == 2 ? "Bilinear" : "Trilinear";
        int needs = mode.equals("linear") ? 1 : mode.equals("trilinear") ? 3 : 2;   // the interpolating modes' ranks
        if (!nearest && dims != needs) {
            throw new IllegalArgumentException("interpolate: Got " + input.dim() + "D input, but " + mode + " mode needs "
                    + (needs + 2) + "D input");
        }
        for (int i = 0; i < dims; i++) {
            if (in[i] <= 0 || out[i] <= 0) {
                throw new IllegalArgumentException("interpolate: Input and output sizes should be greater than 0, but got "
                        + "input (" + join(in) + ") and output (" + join(out) + ")");
            }
        }
        if (!input.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("interpolate: \"upsample_" + mode + "\" not implemented for '"
                    + DTypes.typeName(input.dtype()) + "'");
        }
        long total = input.numel() / Math.max(1, Arrays.stream(in).asLongStream().reduce(1, (x, y) -> x * y));
        for (int o : out) {
            total *= o;
        }
        checkOutput("interpolate", input, Math.max(total, (long) out[dims - 1] * in[dims - 1]));
        double[] sc = scales;
        // 1.13's 3-d nearest kernel takes nearest_idx's same-size and double-size shortcuts only on its channels-last
        // path (one channel, or one spatial element); its generic path computes every index from the scale
        boolean shortcuts = dims < 3 || input.shape[1] == 1 || Shapes.numel(in) == 1;
        String name = "Upsample" + kind + dims + "DBackward1";
        return named(name, t -> {
            Tensor x = t[0];
            for (int i = 0; i < dims; i++) {   // the last dimension innermost: gathered and weighted first
                int d = input.dim() - 1 - i;
                int k = dims - 1 - i;
                Double scale = sc == null ? null : sc[k];
                x = nearest ? x.indexSelect(d, nearestIndex(in[k], out[k], scale, exact, shortcuts, x))
                        : cubic ? cubic(x, d, in[k], out[k], scale, corners)
                        : linear(x, d, in[k], out[k], scale, corners);
            }
            return x;
        }, input);
    }

    private static String join(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int x : v) {
            sb.append(sb.length() == 0 ? "" : ", ").append(x);
        }
        return sb.toString();
    }

    /**
     * PyTorch's nearest_idx: {@code min(floor(dst * scale), in - 1)} with a float scale; for nearest-exact
     * {@code min(floorf((dst + 0.5) * scale), in - 1)}, the product in double rounded to float. With
     * {@code shortcuts}, nearest_idx's copy of a same-size dimension and halving of a doubled one.
     */
    private static Tensor nearestIndex(int in, int out, Double scale, boolean exact, boolean shortcuts, Tensor like) {
        long[] idx = new long[out];
        float s = scale != null && scale > 0 ? (float) (1.0 / scale) : (float) in / out;
        for (int o = 0; o < out; o++) {
            if (exact) {
                idx[o] = Math.min((long) Math.floor((float) ((o + 0.5) * s)), in - 1);
            } else {
                idx[o] = shortcuts && out == in ? o : shortcuts && out == 2 * in ? o >> 1
                        : Math.min((long) Math.floor((float) o * s), in - 1);
            }
        }
        return Tensor.of(idx, new int[] {out}).to(like.device());
    }

    /**
     * Along dimension {@code d}: {@code fma(x[i0], lambda0, x[i1] * lambda1)} with PyTorch 1.13's indices and
     * weights: the scale in the input's dtype, the source position {@code fma(scale, o + 0.5, -0.5)} (or
     * {@code scale * o} with align_corners) in double, {@code lambda1} its fraction rounded to the dtype and
     * {@code lambda0 = 1 - lambda1}. The CPU kernel's {@code t0 * w0 + t1 * w1} is compiled to one fused
     * multiply-add on the first product (measured bit for bit against PyTorch 1.13 in both dtypes).
     */
    private static Tensor linear(Tensor x, int d, int in, int out, Double scale, boolean corners) {
        long[] i0 = new long[out];
        long[] i1 = new long[out];
        double[] l0 = new double[out];
        double[] l1 = new double[out];
        boolean f32 = x.dtype() == DType.FLOAT32;
        double ratio;
        if (corners) {
            ratio = out > 1 ? (f32 ? (float) (in - 1) / (out - 1) : (double) (in - 1) / (out - 1)) : 0;
        } else if (scale != null && scale > 0) {
            ratio = f32 ? (float) (1.0 / scale) : 1.0 / scale;
        } else {
            ratio = f32 ? (float) in / out : (double) in / out;
        }
        for (int o = 0; o < out; o++) {
            if (out == in && !corners) {
                i0[o] = o;
                i1[o] = o;
                l0[o] = 1;
                continue;
            }
            // scale * (o + 0.5) - 0.5 contracted to one fma by PyTorch's compiler (exact anyway for a float scale)
            double r = corners ? ratio * o : Math.max(Math.fma(ratio, o + 0.5, -0.5), 0);
            i0[o] = Math.min((long) r, in - 1);
            double lam = Math.min(Math.max(r - i0[o], 0), 1);
            if (f32) {
                float lf = (float) lam;
                l1[o] = lf;
                l0[o] = 1f - lf;
            } else {
                l1[o] = lam;
                l0[o] = 1 - lam;
            }
            i1[o] = i0[o] + (i0[o] < in - 1 ? 1 : 0);
        }
        int[] wShape = new int[x.dim() - d];
        Arrays.fill(wShape, 1);
        wShape[0] = out;
        Tensor w0 = Tensor.of(l0, x.dtype(), x.device(), wShape);
        Tensor w1 = Tensor.of(l1, x.dtype(), x.device(), wShape);
        Tensor a = x.indexSelect(d, Tensor.of(i0, new int[] {out}).to(x.device()));
        Tensor b = x.indexSelect(d, Tensor.of(i1, new int[] {out}).to(x.device()));
        Tensor y;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            y = b.mul(w1).addcmul_(a, w0, 1.0);   // fma(a, w0, b * w1), one rounding of the sum
        }
        if (Tensor.needsGrad(a, b)) {
            Tensor.record(y, new Indexing.FnNode("UpsampleLinearStep", g -> new Tensor[] {g.mul(w0), g.mul(w1)}, a, b));
        }
        return y;
    }

    /**
     * Along dimension {@code d}: PyTorch's bicubic convolution ({@code A = -0.75}) of the four inputs around the
     * source position {@code scale * (o + 0.5) - 0.5} (not clamped; or {@code scale * o} with align_corners), the
     * indices clamped to the input. The weights follow PyTorch's formulas; the sum is the weighted one in order
     * (within rounding of PyTorch's compiled kernel, not bit for bit).
     */
    private static Tensor cubic(Tensor x, int d, int in, int out, Double scale, boolean corners) {
        boolean f32 = x.dtype() == DType.FLOAT32;
        double ratio;
        if (corners) {
            ratio = out > 1 ? (f32 ? (float) (in - 1) / (out - 1) : (double) (in - 1) / (out - 1)) : 0;
        } else if (scale != null && scale > 0) {
            ratio = f32 ? (float) (1.0 / scale) : 1.0 / scale;
        } else {
            ratio = f32 ? (float) in / out : (double) in / out;
        }
        long[][] idx = new long[4][out];
        double[][] wts = new double[4][out];
        for (int o = 0; o < out; o++) {
            double r = corners ? ratio * o : Math.fma(ratio, o + 0.5, -0.5);
            long i0 = (long) Math.floor(r);
            double t = r - i0;
            if (f32) {
                t = (float) t;
            }
            double a = -0.75;
            double x1 = t;
            double x2 = 1 - t;
            double[] w = {cubic2(x1 + 1, a), cubic1(x1, a), cubic1(x2, a), cubic2(x2 + 1, a)};
            for (int j = 0; j < 4; j++) {
                idx[j][o] = Math.max(Math.min(i0 - 1 + j, in - 1), 0);
                wts[j][o] = f32 ? (float) w[j] : w[j];
            }
        }
        int[] wShape = new int[x.dim() - d];
        Arrays.fill(wShape, 1);
        wShape[0] = out;
        Tensor y = null;
        for (int j = 0; j < 4; j++) {
            Tensor term = x.indexSelect(d, Tensor.of(idx[j], new int[] {out}).to(x.device()))
                    .mul(Tensor.of(wts[j], x.dtype(), x.device(), wShape));
            y = y == null ? term : y.add(term);
        }
        return y;
    }

    private static double cubic1(double x, double a) {
        return ((a + 2) * x - (a + 3)) * x * x + 1;
    }

    private static double cubic2(double x, double a) {
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
    }

    // ---------------------------------------------------------------- adaptive_max_pool2d

    /**
     * {@code F.adaptive_max_pool2d}: cell {@code (i, j)} is the max of rows {@code floor(i*H/OH)} to
     * {@code ceil((i+1)*H/OH)} and the matching columns, the first maximum (a NaN wins, as PyTorch's loop). The
     * positions are found on the host, then the values gathered (exact) and the gradient scattered back to them.
     */
    static Tensor adaptiveMaxPool2d(Tensor input, int[] outputSize) {
        return adaptiveMaxPool2dWithIndices(input, outputSize).values();
    }

    /** {@link #adaptiveMaxPool2d} with the maxima's flat per-plane indices {@code h * W + w} (int64). */
    static ValuesIndices adaptiveMaxPool2dWithIndices(Tensor input, int[] outputSize) {
        Indexing.nonNull("adaptive_max_pool2d", input);
        if (outputSize == null || (outputSize.length != 1 && outputSize.length != 2) || outputSize[0] < 0
                || outputSize[outputSize.length - 1] < 0) {
            throw new IllegalArgumentException("adaptive_max_pool2d: expected output_size as one or two non-negative "
                    + "ints, got " + (outputSize == null ? "null" : Arrays.toString(outputSize)));
        }
        if (input.dim() != 3 && input.dim() != 4) {
            throw new IllegalArgumentException("adaptive_max_pool2d: Expected 3D or 4D tensor, but got: "
                    + Shapes.str(input.shape));
        }
        if (!input.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("adaptive_max_pool2d: \"adaptive_max_pool2d\" not implemented for '"
                    + DTypes.typeName(input.dtype()) + "'");
        }
        int oh = outputSize[0];
        int ow = outputSize[outputSize.length - 1];
        int h = input.size(-2);
        int w = input.size(-1);
        for (int i = 1; i < input.dim(); i++) {
            if (input.size(i) == 0) {
                throw new IllegalArgumentException("adaptive_max_pool2d: adaptive_max_pool2d(): Expected input to have "
                        + "non-zero size for non-batch dimensions, but input has sizes " + Shapes.str(input.shape)
                        + " with dimension " + i + " being empty");
            }
        }
        int planes = (int) (input.numel() / Math.max(1, (long) h * w));
        checkOutput("adaptive_max_pool2d", input, (long) planes * oh * ow);
        double[] v = input.detach().contiguous().toDoubleArray();
        long[] idx = new long[planes * oh * ow];
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                int h0 = (int) ((long) i * h / oh);
                int h1 = (int) (((long) (i + 1) * h + oh - 1) / oh);
                for (int j = 0; j < ow; j++) {
                    int w0 = (int) ((long) j * w / ow);
                    int w1 = (int) (((long) (j + 1) * w + ow - 1) / ow);
                    int best = h0 * w + w0;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int y = h0; y < h1; y++) {
                        for (int x = w0; x < w1; x++) {
                            double val = v[p * h * w + y * w + x];
                            if (val > max || Double.isNaN(val)) {
                                max = val;
                                best = y * w + x;
                            }
                        }
                    }
                    idx[(p * oh + i) * ow + j] = best;
                }
            }
        }
        int[] outShape = input.shape();
        outShape[outShape.length - 2] = oh;
        outShape[outShape.length - 1] = ow;
        Tensor index = Tensor.of(idx, new int[] {planes, oh * ow}).to(input.device());
        Tensor values = named("AdaptiveMaxPool2DBackward0",
                t -> t[0].reshape(planes, h * w).gather(1, index).reshape(outShape), input);
        return new ValuesIndices(values, index.reshape(outShape));
    }

    /**
     * {@code F.adaptive_max_pool1d}: the 2-d op on an inserted height of 1 (grad_fn SqueezeBackward1), values and
     * int64 positions along the length.
     */
    static ValuesIndices adaptiveMaxPool1d(Tensor input, int outputSize) {
        String op = "adaptive_max_pool1d";
        Indexing.nonNull(op, input);
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException(op + ": Expected 2 to 3 dimensions, but got " + input.dim()
                    + "-dimensional tensor for argument #1 'self' (while checking arguments for adaptive_max_pool1d)");
        }
        if (outputSize < 0) {
            throw new IllegalArgumentException(op + ": output_size must be non-negative, got " + outputSize);
        }
        ValuesIndices r;
        try {
            r = adaptiveMaxPool2dWithIndices(input.unsqueeze(-2), new int[] {1, outputSize});
        } catch (IllegalArgumentException e) {   // the 2-d op's message, under this op's name
            throw new IllegalArgumentException(op + e.getMessage().substring("adaptive_max_pool2d".length()), e);
        }
        return new ValuesIndices(r.values().squeeze(-2), r.indices().squeeze(-2));
    }

    // ---------------------------------------------------------------- conv_transpose2d

    private static int[] two(String op, String what, int[] v, int least) {
        if (v == null || (v.length != 1 && v.length != 2) || Arrays.stream(v).anyMatch(x -> x < least)) {
            throw new IllegalArgumentException(op + ": expected " + what + " as one or two ints of at least " + least
                    + ", got " + (v == null ? "null" : Arrays.toString(v)));
        }
        return v.length == 1 ? new int[] {v[0], v[0]} : v.clone();
    }

    static void checkGroups(String op, int groups) {
        if (groups < 1) {
            throw new IllegalArgumentException(op + ": non-positive groups is not supported (groups " + groups + ")");
        }
    }

    /**
     * conv_transpose{1,2,3}d's check that each output padding is smaller than its stride or dilation, in PyTorch's
     * words; {@code names} are the spatial dimensions' ("depth", "height", "width").
     */
    static void checkOutputPadding(String op, String[] names, int[] outputPadding, int[] stride, int[] dilation) {
        for (int i = 0; i < names.length; i++) {
            if (outputPadding[i] >= stride[i] && outputPadding[i] >= dilation[i]) {
                StringBuilder b = new StringBuilder(op).append(
                        ": output padding must be smaller than either stride or dilation, but got");
                for (int j = 0; j < names.length; j++) {
                    b.append(" output_padding_").append(names[j]).append(": ").append(outputPadding[j]);
                }
                for (int j = 0; j < names.length; j++) {
                    b.append(" stride_").append(names[j]).append(": ").append(stride[j]);
                }
                for (int j = 0; j < names.length; j++) {
                    b.append(" dilation_").append(names[j]).append(": ").append(dilation[j]);
                }
                throw new IllegalArgumentException(b.toString());
            }
        }
    }

    /** The input-channel and bias checks conv_transpose{1,2,3}d share, on a batched input. */
    static void checkTransposedChannels(String op, Tensor input, Tensor weight, Tensor bias, int groups) {
        int cin = weight.shape[0];
        if (input.shape[1] != cin || cin % groups != 0) {
            throw new IllegalArgumentException(op + ": Given transposed=1, weight of size " + Shapes.str(weight.shape)
                    + ", expected input" + Shapes.str(input.shape) + " to have " + cin + " channels, but got "
                    + input.shape[1] + " channels instead");
        }
        int cout = weight.shape[1] * groups;
        if (bias != null && (bias.dim() != 1 || bias.shape[0] != cout)) {
            throw new IllegalArgumentException(op + ": Given transposed=1, weight of size " + Shapes.str(weight.shape)
                    + ", expected bias to be 1-dimensional with " + cout + " elements, but got bias of size "
                    + Shapes.str(bias.shape) + " instead");
        }
    }

    /**
     * {@code F.conv_transpose2d}: the gradient of conv2d with respect to its input, computed as a conv2d of the input
     * with zeros inserted between its elements (stride), padded by {@code dilation * (k - 1) - padding} (plus
     * output_padding at the bottom and right; negative amounts crop), with the weight's in/out channels swapped per
     * group and its window flipped (grad_fn ConvolutionBackward0).
     */
    static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
            int[] outputPadding, int groups, int[] dilation) {
        String op = "conv_transpose2d";
        if (input == null || weight == null) {
            throw new IllegalArgumentException(op + ": expected input and weight tensors, got null");
        }
        if (input.dim() != 3 && input.dim() != 4) {
            throw new IllegalArgumentException(op + ": Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, "
                    + "but got input of size: " + Shapes.str(input.shape));
        }
        if (weight.dim() != 4) {
            throw new IllegalArgumentException(op + ": weight should have 4 dimensions [in_channels, out_channels / "
                    + "groups, kH, kW], got " + Shapes.str(weight.shape));
        }
        int[] s = two(op, "stride", stride, 1);
        int[] p = two(op, "padding", padding, 0);
        int[] op2 = two(op, "output_padding", outputPadding, 0);
        int[] d = two(op, "dilation", dilation, 1);
        checkGroups(op, groups);
        boolean emptyBatch = input.dim() == 4 && input.shape[0] == 0;   // PyTorch skips the kernel's shape checks
        if (!emptyBatch) {
            checkOutputPadding(op, new String[] {"height", "width"}, op2, s, d);
        }
        if (input.dim() == 3) {
            return convTranspose2d(input.unsqueeze(0), weight, bias, stride, padding, outputPadding, groups, dilation)
                    .squeeze(0);
        }
        checkTransposedChannels(op, input, weight, bias, groups);
        int cin = weight.shape[0];
        int cout = weight.shape[1] * groups;
        int kh = weight.shape[2];
        int kw = weight.shape[3];
        if (input.shape[0] == 0) {
            return emptyTransposed(op, new int[] {0, cout, (input.shape[2] - 1) * s[0] - 2 * p[0] + d[0] * (kh - 1)
                    + op2[0] + 1, (input.shape[3] - 1) * s[1] - 2 * p[1] + d[1] * (kw - 1) + op2[1] + 1}, input, weight,
                    bias);
        }
        return named("ConvolutionBackward0", t -> {
            Tensor x = dilate(dilate(t[0], 2, s[0]), 3, s[1]);
            int top = d[0] * (kh - 1) - p[0];
            int left = d[1] * (kw - 1) - p[1];
            x = edges(x, 2, top, top + op2[0]);
            x = edges(x, 3, left, left + op2[1]);
            Tensor w = t[1].reshape(groups, cin / groups, cout / groups, kh, kw).transpose(1, 2)
                    .reshape(cout, cin / groups, kh, kw).flip(2, 3);
            return Convolution.conv2d(x, w, t[2], new int[] {1, 1}, new int[] {0, 0}, d, groups);
        }, input, weight, bias);
    }

    /**
     * A transposed convolution of an empty batch: PyTorch computes no window, so any output size that is not negative
     * passes (an empty output, zero gradients).
     */
    static Tensor emptyTransposed(String op, int[] outShape, Tensor input, Tensor weight, Tensor bias) {
        for (int size : outShape) {
            if (size < 0) {
                throw new IllegalArgumentException(op + ": invalid shape dimension " + size + " (output "
                        + Arrays.toString(outShape) + " of input " + Shapes.str(input.shape) + ", weight "
                        + Shapes.str(weight.shape) + ")");
            }
        }
        return named("ConvolutionBackward0", true, t -> Tensor.zeros(outShape, input.dtype()).to(input.device()), input,
                weight, bias);
    }

    /** {@code stride - 1} zeros between neighbours along {@code dim}. */
    static Tensor dilate(Tensor x, int dim, int stride) {
        if (stride == 1 || x.shape()[dim] == 0) {
            return x;
        }
        int[] shape = x.shape();
        int n = shape[dim];
        Tensor e = x.unsqueeze(dim + 1);
        int[] zshape = e.shape();
        zshape[dim + 1] = stride - 1;
        Tensor z = Tensor.zeros(zshape, x.dtype()).to(x.device());
        int[] merged = shape.clone();
        merged[dim] = n * stride;
        return Tensor.cat(List.of(e, z), dim + 1).reshape(merged).narrow(dim, 0, (n - 1) * stride + 1);
    }

    /** Pads {@code dim} with zeros before and after (a negative amount crops). */
    static Tensor edges(Tensor x, int dim, int before, int after) {
        int[] pad = new int[2 * (x.dim() - dim)];
        pad[pad.length - 2] = Math.max(before, 0);
        pad[pad.length - 1] = Math.max(after, 0);
        Tensor y = pad[pad.length - 2] == 0 && pad[pad.length - 1] == 0 ? x : Joining.pad(x, pad, "constant", 0.0);
        int start = Math.max(-before, 0);
        int length = y.shape()[dim] - start - Math.max(-after, 0);
        return start == 0 && length == y.shape()[dim] ? y : y.narrow(dim, start, Math.max(length, 0));
    }
}

package org.grad4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
            Tensor[] gs = Autograd.grad(inner, wanted, g, true, true);
            Tensor[] all = new Tensor[inputs.length];
            for (int k = 0; k < gs.length; k++) {
                all[at.get(k)] = gs[k];
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

    static Tensor maxPool1d(Tensor input, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        check1d("max_pool1d", input);
        int[] k = one("max_pool1d", "kernel_size", kernel, 1);
        int[] s = stride == null || stride.length == 0 ? k : one("max_pool1d", "stride", stride, 1);
        return Convolution.maxPool2d(input.unsqueeze(-2), k, s, onePad("max_pool1d", padding),
                one("max_pool1d", "dilation", dilation, 1)).squeeze(-2);
    }

    static Tensor avgPool1d(Tensor input, int[] kernel, int[] stride, int[] padding) {
        check1d("avg_pool1d", input);
        int[] k = one("avg_pool1d", "kernel_size", kernel, 1);
        int[] s = stride == null || stride.length == 0 ? k : one("avg_pool1d", "stride", stride, 1);
        return Convolution.avgPool2d(input.unsqueeze(-2), k, s, onePad("avg_pool1d", padding)).squeeze(-2);
    }

    static Tensor adaptiveAvgPool1d(Tensor input, int outputSize) {
        check1d("adaptive_avg_pool1d", input);
        if (outputSize < 0) {
            throw new IllegalArgumentException("adaptive_avg_pool1d: output_size must be non-negative, got "
                    + outputSize);
        }
        return Convolution.adaptiveAvgPool2d(input.unsqueeze(-2), new int[] {1, outputSize}).squeeze(-2);
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
}

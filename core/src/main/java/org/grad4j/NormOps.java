package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;

/**
 * {@code batch_norm} and {@code layer_norm} with PyTorch 1.13's grad_fn names ({@code NativeBatchNormBackward0},
 * {@code NativeLayerNormBackward0}).
 *
 * <p>Evaluation-mode batch norm (running statistics) is PyTorch's CPU kernel bit for bit, measured against 1.13 in
 * float32 and float64: per channel {@code invstd = 1 / sqrt(running_var + eps)} in the input's dtype,
 * {@code alpha = invstd * weight}, {@code beta = fma(-running_mean, alpha, bias)}, and {@code y = fma(x, alpha, beta)};
 * its input gradient is {@code (dy * invstd') * weight} with {@code invstd'} computed in double and rounded.
 * Training mode (batch statistics) and layer norm are composed from tensor ops: PyTorch's vectorised moment
 * kernels sum in an order not reproduced here, so their values are within a few ulps (the golden suites' bounds).
 */
final class NormOps {
    private NormOps() {
    }

    /** The dimensions other than dim 1 (the channels) of a rank-{@code rank} input. */
    private static int[] nonChannelDims(int rank) {
        int[] dims = new int[rank - 1];
        dims[0] = 0;
        for (int i = 2; i < rank; i++) {
            dims[i - 1] = i;
        }
        return dims;
    }

    private static int[] channelShape(int rank, int channels) {
        int[] s = new int[rank];
        Arrays.fill(s, 1);
        s[1] = channels;
        return s;
    }

    private static void checkChannelTensor(String what, Tensor t, int channels, Tensor input) {
        if (t != null && (t.dim() != 1 || t.shape[0] != channels)) {
            throw new IllegalArgumentException("batch_norm: " + what + " should contain " + channels + " elements not "
                    + (t.dim() == 1 ? t.shape[0] : Shapes.str(t.shape)) + " (input of shape " + Shapes.str(input.shape)
                    + ")");
        }
        if (t != null) {
            Pointwise.checkSameDevice("batch_norm", input, t);
        }
    }

    static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            boolean training, double momentum, double eps) {
        if (input == null) {
            throw new IllegalArgumentException("batch_norm: expected an input tensor, got null");
        }
        if (!input.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("batch_norm: expected a floating input, got " + input.dtype.torchName());
        }
        if (input.dim() < 2) {
            throw new IllegalArgumentException("batch_norm: expected an input of at least 2 dimensions [N, C, ...], got "
                    + "shape " + Shapes.str(input.shape));
        }
        int channels = input.shape[1];
        checkChannelTensor("running_mean", runningMean, channels, input);
        checkChannelTensor("running_var", runningVar, channels, input);
        checkChannelTensor("weight", weight, channels, input);
        checkChannelTensor("bias", bias, channels, input);
        if (!training && (runningMean == null || runningVar == null)) {
            throw new IllegalArgumentException("batch_norm: running_mean and running_var must be defined in "
                    + "evaluation mode (training=false)");
        }
        if (input.numel() == 0) {
            // PyTorch's _batch_norm_impl_index on an empty input: a clone times weight[0] plus bias[0], so the graph
            // stays connected; the running statistics stay as they are
            Tensor out = input.clone();
            out = weight == null ? out : out.mul(weight.select(0, 0));
            return bias == null ? out : out.add(bias.select(0, 0));
        }
        return training ? trainingForward(input, runningMean, runningVar, weight, bias, momentum, eps)
                : evalForward(input, runningMean, runningVar, weight, bias, eps);
    }

    private static Tensor trainingForward(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight,
            Tensor bias, double momentum, double eps) {
        int rank = input.dim();
        int channels = input.shape[1];
        int perChannel = input.numel() / channels;
        if (perChannel == 1) {
            throw new IllegalArgumentException("batch_norm: Expected more than 1 value per channel when training, got "
                    + "input size " + Shapes.str(input.shape));
        }
        int[] dims = nonChannelDims(rank);
        int[] cs = channelShape(rank, channels);
        Tensor mean = input.mean(dims, true);
        Tensor centered = input.sub(mean);
        Tensor varSum = centered.mul(centered).sum(dims, true);
        Tensor y = centered.div(varSum.div(perChannel).add(eps).sqrt());
        if (weight != null) {
            y = y.mul(weight.reshape(cs));
        }
        if (bias != null) {
            y = y.add(bias.reshape(cs));
        }
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            if (runningMean != null) {
                Tensor batchMean = mean.detach().reshape(channels);
                runningMean.copy_(batchMean.mul(momentum).add(runningMean.mul(1 - momentum)));
            }
            if (runningVar != null) {
                Tensor unbiased = varSum.detach().reshape(channels).div(perChannel - 1);
                runningVar.copy_(unbiased.mul(momentum).add(runningVar.mul(1 - momentum)));
            }
        }
        return named(y, "NativeBatchNormBackward0");
    }

    private static Tensor evalForward(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            double eps) {
        int rank = input.dim();
        int channels = input.shape[1];
        int[] cs = channelShape(rank, channels);
        boolean f32 = input.dtype == DType.FLOAT32;
        double[] rm = runningMean.toDoubleArray();
        double[] rv = runningVar.toDoubleArray();
        double[] w = weight == null ? null : weight.toDoubleArray();
        double[] b = bias == null ? null : bias.toDoubleArray();
        double[] alpha = new double[channels];
        double[] beta = new double[channels];
        double[] invstdBackward = new double[channels];
        for (int c = 0; c < channels; c++) {
            double wc = w == null ? 1.0 : w[c];
            double bc = b == null ? 0.0 : b[c];
            if (f32) {
                // batch_norm_cpu_collect_linear_and_constant_terms: float arithmetic, eps rounded to float
                float invstd = 1f / (float) Math.sqrt((float) rv[c] + (float) eps);
                float a = invstd * (float) wc;
                alpha[c] = a;
                beta[c] = Math.fma(-(float) rm[c], a, (float) bc);
                invstdBackward[c] = (float) (1 / Math.sqrt(rv[c] + eps));
            } else {
                double invstd = 1 / Math.sqrt(rv[c] + eps);
                alpha[c] = invstd * wc;
                beta[c] = Math.fma(-rm[c], alpha[c], bc);
                invstdBackward[c] = invstd;
            }
        }
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor alphaT = Tensor.of(alpha, input.dtype, input.device(), channels).reshape(cs);
            out = Tensor.of(beta, input.dtype, input.device(), channels).reshape(cs).expand(input.shape).clone();
            out.backend().fma(out.shape, input.stridedAs(out.shape), alphaT.stridedAs(out.shape), out.strided());
            out.bumpVersion();
        }
        boolean grads = Tensor.needsGrad(input) || (weight != null && Tensor.needsGrad(weight))
                || (bias != null && Tensor.needsGrad(bias));
        if (grads) {
            int[] dims = nonChannelDims(rank);
            Tensor[] inputs = {input, weight, bias};
            Tensor.record(out, new Indexing.FnNode("NativeBatchNormBackward0", g -> {
                Tensor invstd = Tensor.of(invstdBackward, g.dtype, g.device(), channels).reshape(cs);
                boolean graph = GradMode.isEnabled();   // create_graph: keep the weight's and the input's history
                Tensor gx = null;
                if (input.requiresGrad()) {
                    gx = g.mul(invstd);
                    if (weight != null) {
                        gx = gx.mul((graph ? weight : weight.detach()).reshape(cs));
                    }
                }
                Tensor gw = weight != null && weight.requiresGrad()
                        ? (graph ? input : input.detach()).sub(runningMean.detach().reshape(cs)).mul(g).sum(dims, false)
                                .mul(invstd.reshape(channels))
                        : null;
                Tensor gb = bias != null && bias.requiresGrad() ? g.sum(dims, false) : null;
                String name = "NativeBatchNormBackwardBackward0";
                return new Tensor[] {DoubleBackward.named(gx, name), DoubleBackward.named(gw, name),
                    DoubleBackward.named(gb, name)};
            }, inputs));
        }
        return out;
    }

    static Tensor layerNorm(Tensor input, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        if (input == null || normalizedShape == null) {
            throw new IllegalArgumentException("layer_norm: expected an input and a normalized_shape, got null");
        }
        if (!input.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("layer_norm: expected a floating input, got " + input.dtype.torchName());
        }
        int k = normalizedShape.length;
        boolean ok = k > 0 && input.dim() >= k;
        for (int i = 0; ok && i < k; i++) {
            ok = input.shape[input.dim() - k + i] == normalizedShape[i];
        }
        if (!ok) {
            throw new IllegalArgumentException("layer_norm: Given normalized_shape=" + Arrays.toString(normalizedShape)
                    + ", expected input with shape [*, " + Arrays.toString(normalizedShape).replaceAll("[\\[\\]]", "")
                    + "], but got input of size" + Shapes.str(input.shape));
        }
        for (Tensor t : new Tensor[] {weight, bias}) {
            if (t != null && !Arrays.equals(t.shape, normalizedShape)) {
                throw new IllegalArgumentException("layer_norm: Expected weight and bias of shape "
                        + Arrays.toString(normalizedShape) + " (normalized_shape), got " + Shapes.str(t.shape));
            }
            if (t != null) {
                Pointwise.checkSameDevice("layer_norm", input, t);
            }
        }
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) {
            dims[i] = input.dim() - k + i;
        }
        Tensor centered = input.sub(input.mean(dims, true));
        Tensor var = centered.mul(centered).mean(dims, true);
        Tensor y = centered.div(var.add(eps).sqrt());
        if (weight != null) {
            y = y.mul(weight);
        }
        if (bias != null) {
            y = y.add(bias);
        }
        return named(y, "NativeLayerNormBackward0");
    }

    /**
     * {@code y} under PyTorch's grad_fn name: an alias of it whose node passes the gradient on to {@code y}'s own
     * graph (no computation; the composed ops' gradients are the values).
     */
    private static Tensor named(Tensor y, String name) {
        if (y.gradFn() == null) {
            return y;
        }
        Tensor alias = y.detach();
        return Tensor.record(alias, new Indexing.FnNode(name, g -> new Tensor[] {g}, y));
    }
}

package org.grad4j.nn;

import java.util.ArrayList;
import java.util.List;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;

/**
 * PyTorch's {@code torch.nn.utils}: gradient clipping ({@link #clipGradNorm_}, {@link #clipGradValue_}) and the
 * flattening of parameters into one vector and back ({@link #parametersToVector}, {@link #vectorToParameters}).
 *
 * <pre>{@code
 * loss.backward();
 * Tensor total = Utils.clipGradNorm_(model.parameters(), 1.0);   // torch.nn.utils.clip_grad_norm_
 * optimizer.step();
 * }</pre>
 *
 * <p><b>Numbers.</b> {@code clipGradNorm_} follows PyTorch 1.13's CPU arithmetic: each gradient's norm,
 * then the norm of those norms, then {@code coef = (1 / (total + 1e-6)) * max_norm} (PyTorch's
 * {@code max_norm / tensor} is a reciprocal, then a product), clamped to 1, multiplied into every gradient.
 * The norms are computed on the host in PyTorch's order (measured against PyTorch 1.13): in float64 a
 * sequential sum, fused for p = 2 ({@code acc = fma(x, x, acc)}), with {@link Math#pow} for other p;
 * in float32 for p = 2 eight fused lanes, summed in order, then the tail. float64 results are bit-exact
 * for p = 1, 2 and inf (and for other p where Java's {@code pow} agrees with glibc's, nearly always);
 * float32 ones may differ from PyTorch's by an ulp of the norm, and for p other than 1, 2, inf by a few.
 * (PyTorch splits reductions of 32768 elements or more across threads; there it may differ too.)
 */
public final class Utils {
    private Utils() {
    }

    /**
     * Scales all gradients together so that their 2-norm is at most {@code maxNorm}, like
     * {@code torch.nn.utils.clip_grad_norm_(parameters, max_norm)}.
     *
     * @param parameters the parameters whose gradients are clipped (those without a gradient are skipped)
     * @param maxNorm the largest allowed norm
     * @return the total norm of the gradients before clipping, a 0-d tensor on their device
     */
    public static Tensor clipGradNorm_(List<Tensor> parameters, double maxNorm) {
        return clipGradNorm_(parameters, maxNorm, 2.0, false);
    }

    /**
     * Like {@code torch.nn.utils.clip_grad_norm_(parameters, max_norm, norm_type)}.
     *
     * @param parameters the parameters whose gradients are clipped (those without a gradient are skipped)
     * @param maxNorm the largest allowed norm
     * @param normType the p of the p-norm: any number, or {@link Double#POSITIVE_INFINITY} for the max norm
     * @return the total norm of the gradients before clipping, a 0-d tensor on their device
     */
    public static Tensor clipGradNorm_(List<Tensor> parameters, double maxNorm, double normType) {
        return clipGradNorm_(parameters, maxNorm, normType, false);
    }

    /**
     * Scales all gradients together (as if concatenated into one vector) so that their {@code normType}-norm
     * is at most {@code maxNorm}, like {@code torch.nn.utils.clip_grad_norm_(parameters, max_norm, norm_type,
     * error_if_nonfinite)}. The gradients are modified in place.
     *
     * @param parameters the parameters whose gradients are clipped (those without a gradient are skipped)
     * @param maxNorm the largest allowed norm
     * @param normType the p of the p-norm: any number, or {@link Double#POSITIVE_INFINITY} for the max norm
     * @param errorIfNonfinite throw, leaving the gradients unchanged, if the total norm is NaN or infinite
     * @return the total norm of the gradients before clipping, a 0-d tensor on their device (a float32
     *         0 on the CPU if no parameter has a gradient, as PyTorch's {@code torch.tensor(0.)})
     * @throws IllegalArgumentException if {@code parameters} or one of them is null, or the gradients are on
     *         different devices
     * @throws IllegalStateException if {@code errorIfNonfinite} and the total norm is not finite
     */
    public static Tensor clipGradNorm_(List<Tensor> parameters, double maxNorm, double normType,
            boolean errorIfNonfinite) {
        List<Tensor> grads = grads("clipGradNorm_", parameters);
        if (grads.isEmpty()) {
            return Tensor.full(new int[0], 0.0, DType.FLOAT32, Device.CPU);
        }
        Device device = grads.get(0).device();
        DType dtype = DType.FLOAT32;
        for (Tensor g : grads) {
            if (!g.device().equals(device)) {
                throw new IllegalArgumentException("clipGradNorm_: gradients are on " + device + " and " + g.device()
                        + "; expected one device");
            }
            if (g.dtype() == DType.FLOAT64) {
                dtype = DType.FLOAT64;
            }
        }
        boolean f32 = dtype == DType.FLOAT32;
        double total;
        if (normType == Double.POSITIVE_INFINITY) {
            total = Double.NEGATIVE_INFINITY;
            for (Tensor g : grads) {
                total = maxNaN(total, Norms.absMax(g.toDoubleArray()));
            }
        } else {
            double[] norms = new double[grads.size()];
            for (int i = 0; i < norms.length; i++) {
                Tensor g = grads.get(i);
                norms[i] = Norms.norm(g.toDoubleArray(), normType, g.dtype() == DType.FLOAT32);
            }
            total = Norms.norm(norms, normType, f32);
        }
        if (errorIfNonfinite && !Double.isFinite(total)) {
            throw new IllegalStateException("clipGradNorm_: The total norm of order " + normType + " for gradients "
                    + "from `parameters` is non-finite (" + total + "), so it cannot be clipped. To disable this error "
                    + "and scale the gradients by the non-finite norm anyway, set errorIfNonfinite to false");
        }
        double coef;
        if (f32) {
            float t = (float) total + (float) 1e-6;
            coef = (1.0f / t) * (float) maxNorm;
        } else {
            coef = (1.0 / (total + 1e-6)) * maxNorm;
        }
        double clamped = Double.isNaN(coef) ? coef : Math.min(coef, 1.0);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            for (Tensor g : grads) {
                g.mul_(clamped);
            }
        }
        return Tensor.full(new int[0], total, dtype, device);
    }

    /**
     * Clamps every gradient element into {@code [-clipValue, clipValue]} in place, like
     * {@code torch.nn.utils.clip_grad_value_(parameters, clip_value)}; NaN stays NaN.
     *
     * @param parameters the parameters whose gradients are clipped (those without a gradient are skipped)
     * @param clipValue the largest allowed magnitude
     * @throws IllegalArgumentException if {@code parameters} or one of them is null
     */
    public static void clipGradValue_(List<Tensor> parameters, double clipValue) {
        List<Tensor> grads = grads("clipGradValue_", parameters);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            for (Tensor g : grads) {
                Tensor lo = Tensor.full(new int[0], -clipValue, g.dtype(), g.device());
                Tensor hi = Tensor.full(new int[0], clipValue, g.dtype(), g.device());
                g.copy_(g.maximum(lo).minimum(hi));
            }
        }
    }

    /**
     * PyTorch's {@code parameters_to_vector(parameters)}: every parameter flattened ({@code view(-1)}) and
     * concatenated, in order, with the gradient flowing back to each.
     *
     * @param parameters the parameters, all on one device (each contiguous, as {@code view(-1)} needs)
     * @return a 1-D tensor of their elements
     * @throws IllegalArgumentException if the list is empty or null, holds null, or mixes devices
     */
    public static Tensor parametersToVector(List<Tensor> parameters) {
        checkDevices("parametersToVector", parameters);
        List<Tensor> flat = new ArrayList<>();
        for (Tensor p : parameters) {
            flat.add(p.view(-1));
        }
        if (flat.isEmpty()) {
            throw new IllegalArgumentException("parametersToVector: torch.cat(): expected a non-empty list of Tensors");
        }
        return Tensor.cat(flat, 0);
    }

    /**
     * PyTorch's {@code vector_to_parameters(vec, parameters)}: each parameter's data becomes the next
     * {@code numel} elements of {@code vec}, viewed in its shape ({@code param.data = vec[i:i+n].view_as(param)}:
     * the parameters then share {@code vec}'s storage and take its dtype; their identity, {@code requires_grad} and
     * gradients stay). Elements of {@code vec} past the parameters' total are ignored.
     *
     * @param vec a 1-D tensor of at least as many elements as the parameters hold
     * @param parameters the parameters, all on one device
     * @throws IllegalArgumentException for a null or non-1-D {@code vec}, too few elements, or mixed devices;
     *     nothing is changed then
     */
    public static void vectorToParameters(Tensor vec, List<Tensor> parameters) {
        if (vec == null) {
            throw new IllegalArgumentException("vectorToParameters: expected torch.Tensor, but got: null");
        }
        checkDevices("vectorToParameters", parameters);
        long total = 0;
        for (Tensor p : parameters) {
            total += p.numel();
        }
        if (vec.dim() != 1 || vec.numel() < total) {
            throw new IllegalArgumentException("vectorToParameters: expected a 1-D vector of at least " + total
                    + " elements (the parameters' total), got shape " + java.util.Arrays.toString(vec.shape()));
        }
        for (Tensor p : parameters) {
            if (p.gradFn() != null) {   // grad4j replaces only a leaf's data; refused before any is changed
                throw new IllegalArgumentException("vectorToParameters: expected leaf parameters, got the output of "
                        + p.gradFn().name());
            }
        }
        Tensor data = vec.detach();
        int pointer = 0;
        for (Tensor p : parameters) {
            int n = p.numel();
            p.setData(data.narrow(0, pointer, n).view(p.shape()));
            pointer += n;
        }
    }

    /** PyTorch's {@code _check_param_device}: all on one device. */
    private static void checkDevices(String op, List<Tensor> parameters) {
        if (parameters == null) {
            throw new IllegalArgumentException(op + ": expected a list of parameters, got null");
        }
        Device device = null;
        for (int i = 0; i < parameters.size(); i++) {
            Tensor p = parameters.get(i);
            if (p == null) {
                throw new IllegalArgumentException(op + ": parameter " + i + " is null");
            }
            if (device == null) {
                device = p.device();
            } else if (!device.equals(p.device())) {
                throw new IllegalArgumentException(op + ": Found two parameters on different devices, this is currently "
                        + "not supported. (" + device + " and " + p.device() + ")");
            }
        }
    }

    private static List<Tensor> grads(String op, List<Tensor> parameters) {
        if (parameters == null) {
            throw new IllegalArgumentException(op + ": expected a list of parameters, got null");
        }
        List<Tensor> grads = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            Tensor p = parameters.get(i);
            if (p == null) {
                throw new IllegalArgumentException(op + ": parameter " + i + " is null");
            }
            if (p.grad() != null) {
                grads.add(p.grad());
            }
        }
        return grads;
    }

    private static double maxNaN(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
    }

    // ---------------------------------------------------------------- nn5: weight_norm, spectral_norm

    /**
     * PyTorch 1.13's {@code nn.utils.weight_norm(module)}: {@code weight} becomes {@code weight_g} and
     * {@code weight_v}, recombined before each {@link Module#call} as {@code v * (g / ||v||)} with the norm over
     * every dimension but 0.
     *
     * @param module a Linear, Conv1d/2d/3d or ConvTranspose1d/2d/3d
     * @return {@code module}
     */
    public static Module weightNorm(Module module) {
        return weightNorm(module, "weight", 0);
    }

    /**
     * PyTorch 1.13's {@code nn.utils.weight_norm(module, name, dim)}.
     *
     * @param module a Linear, Conv1d/2d/3d or ConvTranspose1d/2d/3d
     * @param name {@code "weight"} or {@code "bias"}
     * @param dim the dimension whose slices keep their own norm; -1 (PyTorch's {@code dim=None}): the whole tensor
     * @return {@code module}
     * @throws IllegalStateException if {@code name} already has a weight_norm
     * @throws IllegalArgumentException for another module or name, a dim out of range, or a lazy module before its
     *         first forward
     */
    public static Module weightNorm(Module module, String name, int dim) {
        return WeightNorm.apply(module, name, dim);
    }

    /**
     * PyTorch's {@code nn.utils.remove_weight_norm(module)}: {@code weight} becomes an ordinary parameter again,
     * holding the last recombined value.
     *
     * @param module a module with a weight_norm on {@code weight}
     * @return {@code module}
     */
    public static Module removeWeightNorm(Module module) {
        return removeWeightNorm(module, "weight");
    }

    /**
     * PyTorch's {@code nn.utils.remove_weight_norm(module, name)}.
     *
     * @param module a module with a weight_norm on {@code name}
     * @param name the reparametrized parameter's name
     * @return {@code module}
     * @throws IllegalArgumentException if {@code name} has no weight_norm
     */
    public static Module removeWeightNorm(Module module, String name) {
        return WeightNorm.remove(module, name);
    }

    /**
     * PyTorch 1.13's {@code nn.utils.spectral_norm(module)}: one power iteration per training call, eps 1e-12,
     * dim 0 (1 for the transposed convolutions).
     *
     * @param module a Linear, Conv1d/2d/3d or ConvTranspose1d/2d/3d
     * @return {@code module}
     */
    public static Module spectralNorm(Module module) {
        return spectralNorm(module, "weight", 1, 1e-12, null);
    }

    /**
     * PyTorch 1.13's {@code nn.utils.spectral_norm(module, name, n_power_iterations, eps, dim)}: {@code name}
     * becomes {@code name_orig}, buffers {@code name_u} and {@code name_v} hold the power iteration's vectors (drawn
     * now from the default generator), and each call computes {@code name = orig / sigma}.
     *
     * @param module a Linear, Conv1d/2d/3d or ConvTranspose1d/2d/3d
     * @param name {@code "weight"} or {@code "bias"}
     * @param nPowerIterations power iterations per training call, at least 1
     * @param eps the normalisation's floor
     * @param dim the dimension of the output features, or null for PyTorch's default
     * @return {@code module}
     * @throws IllegalStateException if {@code name} already has a spectral_norm
     * @throws IllegalArgumentException for another module or name, nPowerIterations below 1, a bad eps or dim
     */
    public static Module spectralNorm(Module module, String name, int nPowerIterations, double eps, Integer dim) {
        return SpectralNorm.apply(module, name, nPowerIterations, eps, dim);
    }

    /**
     * PyTorch's {@code nn.utils.remove_spectral_norm(module)}.
     *
     * @param module a module with a spectral_norm on {@code weight}
     * @return {@code module}
     */
    public static Module removeSpectralNorm(Module module) {
        return removeSpectralNorm(module, "weight");
    }

    /**
     * PyTorch's {@code nn.utils.remove_spectral_norm(module, name)}: {@code name} becomes an ordinary parameter
     * holding {@code orig / sigma} with the stored vectors.
     *
     * @param module a module with a spectral_norm on {@code name}
     * @param name the reparametrized parameter's name
     * @return {@code module}
     * @throws IllegalArgumentException if {@code name} has no spectral_norm
     */
    public static Module removeSpectralNorm(Module module, String name) {
        return SpectralNorm.remove(module, name);
    }
}

package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;

/**
 * PyTorch 1.13's hook-based {@code nn.utils.spectral_norm}: the parameter {@code name} becomes {@code name_orig}
 * (the same tensor), buffers {@code name_u} and {@code name_v} hold the power iteration's singular vectors (drawn
 * from N(0, 1) and normalised, as PyTorch draws them), and a forward pre-hook sets {@code name = orig / sigma} with
 * {@code sigma = u . (W v)}, {@code W} the weight as a matrix with {@code dim} first. In training mode each call
 * first runs {@code n_power_iterations} steps of the power iteration without grad, updating u and v in place; in
 * evaluation mode the stored vectors are used.
 */
final class SpectralNorm {
    static final Reparametrization HOOKS = new Reparametrization("spectral_norm", "SpectralNorm", "spectral normalization");

    private record Options(int nPowerIterations, double eps, int dim) {
    }

    private SpectralNorm() {
    }

    static Module apply(Module module, String name, int nPowerIterations, double eps, Integer dim) {
        if (nPowerIterations <= 0) {
            throw new IllegalArgumentException("spectralNorm: Expected n_power_iterations to be positive, but got "
                    + "n_power_iterations=" + nPowerIterations);
        }
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("spectralNorm: expected a finite eps >= 0, got " + eps);
        }
        Tensor weight = HOOKS.checkApply("spectralNorm", module, name);
        // PyTorch's default: dimension 1 (the output channels) for the transposed convolutions, else 0
        int d = dim != null ? dim
                : module instanceof ConvTransposeNd || module instanceof ConvTranspose2d ? 1 : 0;
        if (d < 0) {
            d += weight.dim();
        }
        if (d < 0 || d >= Math.max(weight.dim(), 1)) {
            throw new IllegalArgumentException("spectralNorm: dim " + dim + " is out of range for " + name + " of shape "
                    + java.util.Arrays.toString(weight.shape()));
        }
        Options options = new Options(nPowerIterations, eps, d);
        Tensor u;
        Tensor v;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor matrix = matrix(weight, d);
            u = Functional.normalize(weight.newEmpty(matrix.size(0)).normal_(0, 1), 2, 0, eps);
            v = Functional.normalize(weight.newEmpty(matrix.size(1)).normal_(0, 1), 2, 0, eps);
        }
        module.removeParameter(name);
        module.registerParameter(name + "_orig", weight);   // the same tensor, as PyTorch's
        module.setSlot(name, weight.data());              // until the first call: the raw data, as PyTorch's setattr
        module.registerBuffer(name + "_u", u);
        module.registerBuffer(name + "_v", v);
        HOOKS.remember(module, name, module.registerForwardPreHook((m, input) -> {
            m.setSlot(name, compute(m, name, options, m.isTraining()));
            return null;
        }), options);
        return module;
    }

    /** The weight as a matrix, {@code dim} first: PyTorch's {@code reshape_weight_to_matrix}. */
    private static Tensor matrix(Tensor weight, int dim) {
        Tensor w = weight;
        if (dim != 0) {
            int[] order = new int[weight.dim()];
            order[0] = dim;
            for (int i = 0, k = 1; i < weight.dim(); i++) {
                if (i != dim) {
                    order[k++] = i;
                }
            }
            w = weight.permute(order);
        }
        return w.reshape(w.dim() == 0 ? 1 : w.size(0), -1);
    }

    private static Tensor compute(Module module, String name, Options o, boolean powerIteration) {
        Tensor weight = module.getParameter(name + "_orig");
        Tensor u = module.getBuffer(name + "_u");
        Tensor v = module.getBuffer(name + "_v");
        Tensor matrix = matrix(weight, o.dim());
        if (powerIteration) {
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                for (int i = 0; i < o.nPowerIterations(); i++) {
                    v.copy_(Functional.normalize(matrix.t().mv(u), 2, 0, o.eps()));
                    u.copy_(Functional.normalize(matrix.mv(v), 2, 0, o.eps()));
                }
                // the buffers change in place on the next call: the graph keeps today's values
                u = u.clone();
                v = v.clone();
            }
        }
        Tensor sigma = u.dot(matrix.mv(v));
        return weight.div(sigma);
    }

    static Module remove(Module module, String name) {
        HOOKS.checkRemove("removeSpectralNorm", module, name);
        Options options = (Options) HOOKS.options(module, name);
        Tensor weight;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            weight = compute(module, name, options, false);
        }
        Tensor orig = module.getParameter(name + "_orig");
        HOOKS.forget(module, name);
        module.setSlot(name, null);
        module.removeParameter(name + "_orig");
        module.removeBuffer(name + "_u");
        module.removeBuffer(name + "_v");
        orig.setData(weight.detach());
        orig.clearGrad();
        module.registerParameter(name, orig);
        return module;
    }
}

package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;

/**
 * PyTorch 1.13's hook-based {@code nn.utils.weight_norm}: the parameter {@code name} is replaced by
 * {@code name_g} (its norm over every dimension but {@code dim}) and {@code name_v} (its direction, the former
 * parameter itself), and a forward pre-hook recomputes {@code name = v * (g / norm_except_dim(v, 2, dim))} before
 * each call, as ATen's CPU {@code _weight_norm} composes it.
 */
final class WeightNorm {
    static final Reparametrization HOOKS = new Reparametrization("weight_norm", "WeightNorm", "weight normalization");

    private WeightNorm() {
    }

    static Module apply(Module module, String name, int dim) {
        Tensor weight = HOOKS.checkApply("weightNorm", module, name);
        int d = dim < -1 ? dim + weight.dim() : dim;   // -1 is PyTorch's "over the whole tensor" (dim=None)
        if (d < -1 || d >= weight.dim()) {
            throw new IllegalArgumentException("weightNorm: dim " + dim + " is out of range for " + name + " of shape "
                    + java.util.Arrays.toString(weight.shape()) + " (expected -1, meaning the whole tensor, or a "
                    + "dimension in [" + -weight.dim() + ", " + (weight.dim() - 1) + "])");
        }
        Tensor g;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            g = normExceptDim(weight, d).contiguous().clone();
        }
        module.removeParameter(name);
        module.registerParameter(name + "_g", g);
        module.registerParameter(name + "_v", weight);   // the former parameter keeps its identity as v
        module.setSlot(name, compute(module, name, d));
        HOOKS.remember(module, name, module.registerForwardPreHook((m, input) -> {
            m.setSlot(name, compute(m, name, d));
            return null;
        }), d);
        return module;
    }

    static Tensor compute(Module module, String name, int dim) {
        Tensor g = module.getParameter(name + "_g");
        Tensor v = module.getParameter(name + "_v");
        return v.mul(g.div(normExceptDim(v, dim)));
    }

    /** ATen's {@code norm_except_dim(v, 2, dim)}: the 2-norm over every dimension but {@code dim}, kept as size 1. */
    static Tensor normExceptDim(Tensor v, int dim) {
        if (dim == -1) {
            return v.norm();
        }
        int last = v.dim() - 1;
        if (dim == 0 || dim == last) {
            int[] shape = new int[v.dim()];
            java.util.Arrays.fill(shape, 1);
            shape[dim] = v.size(dim);
            Tensor rows = dim == 0 ? v.contiguous().reshape(v.size(0), -1) : v.contiguous().reshape(-1, v.size(last));
            return rows.norm(2, new int[] {dim == 0 ? 1 : 0}, false).reshape(shape);
        }
        return normExceptDim(v.transpose(0, dim), 0).transpose(0, dim);
    }

    static Module remove(Module module, String name) {
        HOOKS.checkRemove("removeWeightNorm", module, name);
        Tensor weight;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            weight = compute(module, name, (Integer) HOOKS.options(module, name));
        }
        Tensor v = module.getParameter(name + "_v");
        HOOKS.forget(module, name);
        module.setSlot(name, null);
        module.removeParameter(name + "_g");
        module.removeParameter(name + "_v");
        v.setData(weight.detach());
        v.clearGrad();
        module.registerParameter(name, v);
        return module;
    }
}

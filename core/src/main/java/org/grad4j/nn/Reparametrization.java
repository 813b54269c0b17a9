package org.grad4j.nn;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

import org.grad4j.Tensor;

/**
 * What weight_norm and spectral_norm share, PyTorch 1.13's hook-based reparametrizations: which modules can take
 * one (those whose forward reads the tensor through {@link Module#slot}), and the forward pre-hook each leaves on
 * a module, by parameter name.
 */
final class Reparametrization {
    private final String what;   // "weight_norm", "spectral_norm"
    private final String className;   // "WeightNorm", PyTorch's hook class, named in its lazy-module error
    private final String noun;   // "weight normalization"
    private final Map<Module, Map<String, Hook>> hooks = Collections.synchronizedMap(new WeakHashMap<>());

    /** A registered hook and the options it computes with. */
    record Hook(Tensor.HookHandle handle, Object options) {
    }

    Reparametrization(String what, String className, String noun) {
        this.what = what;
        this.className = className;
        this.noun = noun;
    }

    /** Refuses a module or name the reparametrization cannot serve, before anything changes. */
    Tensor checkApply(String op, Module module, String name) {
        if (module == null || name == null) {
            throw new IllegalArgumentException(op + ": expected a module and a parameter name, got "
                    + (module == null ? "a null module" : "a null name"));
        }
        if (has(module, name)) {
            throw new IllegalStateException(op + ": Cannot register two " + what + " hooks on the same parameter "
                    + name + " (of " + module.getClass().getSimpleName() + ")");
        }
        if (!(module instanceof Linear || module instanceof Conv1d || module instanceof Conv2d
                || module instanceof Conv3d || module instanceof ConvTransposeNd || module instanceof ConvTranspose2d)
                || !(name.equals("weight") || name.equals("bias"))) {
            throw new IllegalArgumentException(op + ": " + module.getClass().getSimpleName() + "'s '" + name
                    + "' cannot be reparametrized here: grad4j supports the weight or bias of Linear, Conv1d/2d/3d "
                    + "and ConvTranspose1d/2d/3d");
        }
        if (!module.hasOwnParameter(name)) {
            throw new IllegalArgumentException(op + ": " + module.getClass().getSimpleName() + " has no parameter '"
                    + name + "' (it is None or already reparametrized)");
        }
        if (module instanceof LazyModule lazy && lazy.hasUninitializedParams()) {
            throw new IllegalArgumentException(op + ": The module passed to `" + className + "` can't have uninitialized "
                    + "parameters. Make sure to run the dummy forward before applying " + noun);
        }
        return module.getParameter(name);
    }

    boolean has(Module module, String name) {
        Map<String, Hook> own = hooks.get(module);
        return own != null && own.containsKey(name);
    }

    void remember(Module module, String name, Tensor.HookHandle handle, Object options) {
        hooks.computeIfAbsent(module, m -> new HashMap<>()).put(name, new Hook(handle, options));
    }

    Object options(Module module, String name) {
        return hooks.get(module).get(name).options();
    }

    /** Refuses a removal with PyTorch's ValueError wording when {@code name} carries no such hook. */
    void checkRemove(String op, Module module, String name) {
        if (module == null || name == null) {
            throw new IllegalArgumentException(op + ": expected a module and a parameter name, got "
                    + (module == null ? "a null module" : "a null name"));
        }
        if (!has(module, name)) {
            throw new IllegalArgumentException(op + ": " + what + " of '" + name + "' not found in " + module);
        }
    }

    void forget(Module module, String name) {
        Map<String, Hook> own = hooks.get(module);
        own.remove(name).handle().remove();
        if (own.isEmpty()) {
            hooks.remove(module);
        }
    }
}

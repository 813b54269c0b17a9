package org.grad4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;

/**
 * What every lazy module shares, PyTorch's {@code LazyModuleMixin}: parameters and buffers that stay empty
 * placeholders (PyTorch's {@code UninitializedParameter}, {@code torch.empty(0)}) until the first forward infers
 * the input's size, then take the ordinary module's freshly initialised values in place. In place matters: the
 * placeholders are the very tensors {@link Module#parameters()} returned, so an optimizer built before the first
 * forward (PyTorch allows it) updates the materialised parameters.
 */
final class LazyInit {
    private final String lazyName;
    private final List<String> names;
    private boolean initialized;

    /**
     * Empties the named parameters and buffers of {@code module} (registered by the ordinary constructor with
     * throwaway values); {@code lazyName} is the class name, {@code LazyLinear}.
     */
    LazyInit(Module module, String lazyName, String... names) {
        this.lazyName = lazyName;
        this.names = List.of(names);
        for (String n : names) {
            Tensor t = tensor(module, n);
            if (t != null) {
                t.setData(Tensor.zeros(new int[] {0}, t.dtype()).to(t.device()));
            }
        }
    }

    private static Tensor tensor(Module module, String name) {
        if (module.namedParameters().containsKey(name)) {
            return module.getParameter(name);
        }
        return module.namedBuffers().get(name);
    }

    /** Builds the ordinary module for an inferred size, drawing its initial values. */
    @FunctionalInterface
    interface Fresh {
        Module make(int inferred, DType dtype, Device device);
    }

    /** Refuses a non-positive count before the throwaway super-constructor sees it. */
    static int positive(String lazyName, String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(lazyName + ": " + what + " must be positive, got " + value);
        }
        return value;
    }

    static void notNull(String lazyName, Object generator) {
        if (generator == null) {
            throw new IllegalArgumentException(lazyName + ": expected a generator, got null");
        }
    }

    boolean initialized() {
        return initialized;
    }

    /**
     * Whether the module has any placeholder: without affine parameters and running statistics a lazy norm has none,
     * and PyTorch then leaves its {@code num_features} at 0 (it prints so after the first forward too).
     */
    boolean hasPlaceholders(Module module) {
        return names.stream().anyMatch(n -> tensor(module, n) != null);
    }

    /** The dtype the placeholders have now ({@link Module#to(DType)} may have changed it): the one to draw in. */
    DType dtype(Module module) {
        return firstPlaceholder(module).dtype();
    }

    /** The device the placeholders are on now. */
    Device device(Module module) {
        return firstPlaceholder(module).device();
    }

    private Tensor firstPlaceholder(Module module) {
        for (String n : names) {
            Tensor t = tensor(module, n);
            if (t != null) {
                return t;
            }
        }
        // affine=False and track_running_stats=False: nothing to materialise, the default dtype and device apply
        return Tensor.zeros(new int[] {0}, Tensor.defaultDType()).to(Device.fromSystemProperty());
    }

    /**
     * Materialises {@code module} from {@code fresh} (the ordinary module built for the inferred size, whose
     * construction drew the initial values as PyTorch's {@code reset_parameters} does), runs {@code forward},
     * and, if that refuses the input, puts every placeholder back, so a refused first call changes nothing.
     *
     * @param inferred sets the module's inferred size (its argument: true to set, false to reset to 0)
     */
    Tensor materializeAndRun(Module module, Module fresh, java.util.function.Consumer<Boolean> inferred,
            Supplier<Tensor> forward) {
        Map<Tensor, Tensor> saved = new IdentityHashMap<>();
        List<Map.Entry<String, Tensor>> freshState = new ArrayList<>(fresh.namedParameters().entrySet());
        freshState.addAll(fresh.namedBuffers().entrySet());
        for (Map.Entry<String, Tensor> e : freshState) {
            Tensor mine = tensor(module, e.getKey());
            saved.put(mine, mine.data());
        }
        for (Map.Entry<String, Tensor> e : freshState) {
            tensor(module, e.getKey()).setData(e.getValue().detach());
        }
        inferred.accept(true);
        initialized = true;
        try {
            return forward.get();
        } catch (RuntimeException | Error e) {
            saved.forEach(Tensor::setData);
            inferred.accept(false);
            initialized = false;
            throw e;
        }
    }

    /** PyTorch's repr: {@code LazyLinear(in_features=0, ...)} before, {@code Linear(in_features=3, ...)} after. */
    String repr(String moduleRepr) {
        return initialized ? moduleRepr.replaceFirst("^Lazy", "") : moduleRepr;
    }

    /** The refusal of a placeholder's use, worded as PyTorch's ValueError. */
    IllegalStateException uninitialized(String accessor) {
        return new IllegalStateException(lazyName + "." + accessor + "(): Attempted to use an uninitialized parameter. "
                + "This error happens when you are using a `LazyModule` or explicitly manipulating "
                + "`torch.nn.parameter.UninitializedParameter` objects. When using LazyModules Call `forward` with a "
                + "dummy batch to initialize the parameters before calling torch functions");
    }

    /** The norms' feature count: dimension 1 of the input, as PyTorch 1.13's {@code _LazyNormBase} reads it. */
    int numFeatures(Tensor input) {
        if (input == null || input.dim() < 2) {
            throw new IllegalArgumentException(lazyName + ": expected an input of at least 2 dimensions to infer "
                    + "num_features from its dimension 1, got " + (input == null ? "null"
                            : input.dim() + "D input of shape " + Arrays.toString(input.shape())));
        }
        return input.size(1);
    }

    /** An input of {@code dims} (unbatched) or {@code dims + 1} (batched) dimensions, as PyTorch's lazy convolutions check. */
    int inChannels(Tensor input, int spatialDims, int groups) {
        if (input == null) {
            throw new IllegalArgumentException(lazyName + ": expected an input tensor, got null");
        }
        int unbatched = spatialDims + 1;
        if (input.dim() != unbatched && input.dim() != unbatched + 1) {
            throw new IllegalArgumentException("Expected " + unbatched + "D (unbatched) or " + (unbatched + 1)
                    + "D (batched) input to " + lazyName + ", but got input of size: torch.Size("
                    + Arrays.toString(input.shape()) + ")");
        }
        int in = input.dim() == unbatched ? input.size(0) : input.size(1);
        if (in % groups != 0) {
            throw new IllegalArgumentException(lazyName + ": in_channels must be divisible by groups (in_channels " + in
                    + " inferred from the input of shape " + Arrays.toString(input.shape()) + ", groups " + groups + ")");
        }
        return in;
    }
}

package org.grad4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;

/**
 * Base class of layers and models, PyTorch's {@code nn.Module}: registered parameters and
 * submodules, dotted parameter names ({@code fc.weight}), and state dicts.
 *
 * <pre>{@code
 * class Net extends Module {
 *     final Linear fc = registerModule("fc", new Linear(1, 1, true));
 *     public Tensor forward(Tensor x) { return fc.forward(x); }
 * }
 * }</pre>
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Module> modules = new LinkedHashMap<>();

    /** A module with no parameters or submodules yet; register them in the subclass's constructor. */
    protected Module() {
    }

    /**
     * Computes the module's output.
     *
     * @param input the input tensor
     * @return the output tensor
     */
    public abstract Tensor forward(Tensor input);

    /**
     * Registers {@code tensor} as a parameter named {@code name}: it requires grad and prints as an
     * {@code nn.Parameter} ({@link Tensor#asParameter()}).
     *
     * @param name the parameter's name, unique within this module
     * @param tensor a leaf tensor
     * @return {@code tensor}, now requiring grad
     */
    protected final Tensor registerParameter(String name, Tensor tensor) {
        checkName(name);
        if (tensor == null) {
            throw new IllegalArgumentException("registerParameter: parameter '" + name + "' is null");
        }
        if (!tensor.isLeaf()) {
            throw new IllegalArgumentException("registerParameter: '" + name + "' must be a leaf tensor (it is the output of "
                    + tensor.gradFn().name() + "); pass tensor.detach()");
        }
        parameters.put(name, tensor.asParameter());
        return tensor;
    }

    /**
     * Registers a submodule; its parameters appear as {@code name.param}.
     *
     * @param <M> the submodule's type
     * @param name the submodule's name, unique within this module
     * @param module the submodule
     * @return {@code module}
     */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        if (module == null) {
            throw new IllegalArgumentException("registerModule: module '" + name + "' is null");
        }
        modules.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("register: name must be non-empty and contain no '.', got '" + name + "'");
        }
        if (parameters.containsKey(name) || modules.containsKey(name)) {
            throw new IllegalArgumentException("register: '" + name + "' is already registered in "
                    + getClass().getSimpleName());
        }
    }

    /**
     * Every parameter with its dotted name, in registration order (own parameters first, then submodules').
     *
     * @return a new ordered map from dotted name to the parameter itself
     */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out);
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out) {
        parameters.forEach((n, t) -> out.put(prefix + n, t));
        modules.forEach((n, m) -> m.collect(prefix + n + ".", out));
    }

    /**
     * Every parameter, in the order of {@link #namedParameters()}.
     *
     * @return a new list of the parameters themselves
     */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /**
     * The direct submodules by name.
     *
     * @return a new ordered map from name to submodule
     */
    public final Map<String, Module> namedChildren() {
        return new LinkedHashMap<>(modules);
    }

    /** Clears every parameter's gradient (sets it to null, PyTorch 2's default); see {@link Tensor#clearGrad()}. */
    public final void zeroGrad() {
        for (Tensor p : parameters()) {
            p.clearGrad();
        }
    }

    /**
     * The parameters by dotted name, detached: they share storage with the module, like PyTorch's {@code state_dict}.
     *
     * @return a new ordered map from dotted name to a detached alias of each parameter
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedParameters().forEach((n, t) -> out.put(n, t.detach()));
        return out;
    }

    /**
     * Copies values from {@code state} into the parameters. Every name, shape and dtype is checked
     * before anything is written: on a mismatch the module is left unchanged and the error lists
     * what was missing, unexpected or of the wrong shape.
     *
     * @param state the values by dotted name, as {@link #stateDict()} returns them
     * @throws IllegalArgumentException if a name is missing or unexpected, or a shape or dtype differs
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        if (state == null) {
            throw new IllegalArgumentException("loadStateDict: expected a state dict, got null");
        }
        Map<String, Tensor> own = namedParameters();
        List<String> problems = new ArrayList<>();
        for (String name : own.keySet()) {
            if (!state.containsKey(name)) {
                problems.add("missing key '" + name + "'");
            }
        }
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            Tensor mine = own.get(e.getKey());
            Tensor theirs = e.getValue();
            if (mine == null) {
                problems.add("unexpected key '" + e.getKey() + "'");
            } else if (theirs == null) {
                problems.add("'" + e.getKey() + "' is null");
            } else if (!Arrays.equals(mine.shape(), theirs.shape())) {
                problems.add("size mismatch for '" + e.getKey() + "': copying a param with shape "
                        + Arrays.toString(theirs.shape()) + ", the shape in the current model is " + Arrays.toString(mine.shape()));
            } else if (mine.dtype() != theirs.dtype()) {
                problems.add("dtype mismatch for '" + e.getKey() + "': " + theirs.dtype() + " given, the model has " + mine.dtype());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Error(s) in loading state dict for " + getClass().getSimpleName() + ": "
                    + String.join("; ", problems) + ". Nothing was loaded.");
        }
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            own.forEach((n, t) -> t.copy_(state.get(n)));
        }
    }

    /** PyTorch's module tree: {@code Net(\n  (fc): Linear(in_features=1, out_features=1, bias=True)\n)}. */
    @Override
    public String toString() {
        String extra = extraRepr();
        if (modules.isEmpty()) {
            return getClass().getSimpleName() + "(" + extra + ")";
        }
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append("(");
        if (!extra.isEmpty()) {
            sb.append("\n  ").append(extra);
        }
        modules.forEach((n, m) -> sb.append("\n  (").append(n).append("): ").append(m.toString().replace("\n", "\n  ")));
        return sb.append("\n)").toString();
    }

    /**
     * Extra text inside this module's parentheses, like PyTorch's {@code extra_repr}.
     *
     * @return the text, empty by default
     */
    protected String extraRepr() {
        return "";
    }
}

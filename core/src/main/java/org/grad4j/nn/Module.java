package org.grad4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.MemoryScope;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.internal.Internals;

/**
 * Base class of layers and models, PyTorch's {@code nn.Module}: registered parameters, buffers and
 * submodules, dotted names ({@code fc.weight}), state dicts, training/evaluation mode and conversion
 * between dtypes and devices.
 *
 * <p>Import it by its single name, {@code import org.grad4j.nn.Module;}: an on-demand
 * {@code import org.grad4j.nn.*;} alone leaves {@code Module} ambiguous with {@code java.lang.Module}
 * (the compiler reports "reference to Module is ambiguous"), while a single-type import shadows
 * {@code java.lang.Module} in that file.
 *
 * <pre>{@code
 * import org.grad4j.nn.Module;
 *
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

    // ---------------------------------------------------------------- hooks (nnmore): PyTorch's __call__

    private ModuleHooks hooks;

    /**
     * Runs the module as PyTorch's {@code module(input)} ({@code __call__}): forward pre-hooks, {@link #forward},
     * forward hooks, and the full backward hooks' bookkeeping, each kind in registration order. Containers call
     * their children this way; calling {@link #forward} directly skips this module's hooks, as in PyTorch.
     *
     * @param input the input tensor
     * @return the output, as the forward hooks left it
     */
    public final Tensor call(Tensor input) {
        return hooks == null ? forward(input) : hooks.call(this, input);
    }

    private ModuleHooks hooks() {
        if (hooks == null) {
            hooks = new ModuleHooks();
        }
        return hooks;
    }

    /**
     * PyTorch's {@code register_forward_pre_hook}: {@code hook(module, input)} runs before {@link #forward} on each
     * {@link #call}; a non-null result replaces the input.
     *
     * @param hook the hook
     * @return a handle whose {@code remove()} unregisters it
     */
    public final Tensor.HookHandle registerForwardPreHook(ForwardPreHook hook) {
        return hooks().addPre(hook);
    }

    /**
     * PyTorch's {@code register_forward_hook}: {@code hook(module, input, output)} runs after {@link #forward} on
     * each {@link #call}; a non-null result replaces the output.
     *
     * @param hook the hook
     * @return a handle whose {@code remove()} unregisters it
     */
    public final Tensor.HookHandle registerForwardHook(ForwardHook hook) {
        return hooks().addPost(hook);
    }

    /**
     * PyTorch's {@code register_full_backward_hook}: on each backward pass through a {@link #call}'s output,
     * {@code hook(module, gradInput, gradOutput)} runs once the input's gradient is complete (one-element arrays;
     * {@code gradInput[0]} null when the input does not require grad) and may return a replacement
     * {@code gradInput} (a null element keeps that gradient). The output's grad_fn is then
     * {@code BackwardHookFunctionBackward}, as PyTorch's.
     *
     * @param hook the hook
     * @return a handle whose {@code remove()} unregisters it (calls already made keep it for their backward)
     */
    public final Tensor.HookHandle registerFullBackwardHook(BackwardHook hook) {
        return hooks().addBackward(hook);
    }

    /** A forward pre-hook: returns a replacement input, or null to keep it. */
    @FunctionalInterface
    public interface ForwardPreHook {
        /**
         * @param module the module being called
         * @param input its input
         * @return a replacement input, or null
         */
        Tensor apply(Module module, Tensor input);
    }

    /** A forward hook: returns a replacement output, or null to keep it. */
    @FunctionalInterface
    public interface ForwardHook {
        /**
         * @param module the module being called
         * @param input its input (as the pre-hooks left it)
         * @param output its output
         * @return a replacement output, or null
         */
        Tensor apply(Module module, Tensor input, Tensor output);
    }

    /** A full backward hook: returns a replacement {@code gradInput}, or null to keep it. */
    @FunctionalInterface
    public interface BackwardHook {
        /**
         * @param module the module
         * @param gradInput the gradient of the input ({@code [null]} when the input does not require grad)
         * @param gradOutput the gradient of the output
         * @return a replacement gradInput of the same length, or null
         */
        Tensor[] apply(Module module, Tensor[] gradInput, Tensor[] gradOutput);
    }

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
     * Registers a submodule; its parameters appear as {@code name.param}. Registering a module under the name of
     * an existing submodule replaces it in place, as PyTorch's {@code model.fc = nn.Linear(...)} does (fine-tuning
     * replaces a pretrained model's last layer): the name keeps its position in the module's order.
     *
     * @param <M> the submodule's type
     * @param name the submodule's name, unique within this module
     * @param module the submodule
     * @return {@code module}
     */
    protected final <M extends Module> M registerModule(String name, M module) {
        if (name == null || !modules.containsKey(name)) {
            checkName(name);
        }
        if (module == null) {
            throw new IllegalArgumentException("registerModule: module '" + name + "' is null");
        }
        if (((Module) module).contains(this)) {
            // parameters(), stateDict() and toString() walk the tree: a cycle would never end.
            throw new IllegalArgumentException("registerModule: registering " + module.getClass().getSimpleName()
                    + " as '" + name + "' inside " + getClass().getSimpleName() + " would make a cycle ("
                    + (module == this ? "a module inside itself" : "the module already contains this one")
                    + "); modules must form a tree");
        }
        modules.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("register: name must be non-empty and contain no '.', got '" + name + "'");
        }
        if (parameters.containsKey(name) || modules.containsKey(name) || buffers.containsKey(name)) {
            throw new IllegalArgumentException("register: '" + name + "' is already registered in "
                    + getClass().getSimpleName());
        }
    }

    /**
     * Every parameter with its dotted name, in registration order (own parameters first, then submodules'), each
     * parameter once: a module or parameter registered twice (tied weights) keeps its first name, as PyTorch's
     * {@code named_parameters()} (the state dict lists every name).
     *
     * @return a new ordered map from dotted name to the parameter itself
     */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, Module> e : namedModules().entrySet()) {
            String prefix = e.getKey().isEmpty() ? "" : e.getKey() + ".";
            e.getValue().parameters.forEach((n, t) -> {
                if (seen.add(t)) {
                    out.put(prefix + n, t);
                }
            });
        }
        return out;
    }

    /** Whether {@code target} is this module or one of its descendants (iterative: no deep recursion). */
    private boolean contains(Module target) {
        java.util.ArrayDeque<Module> todo = new java.util.ArrayDeque<>();
        java.util.Set<Module> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        todo.push(this);
        while (!todo.isEmpty()) {
            Module m = todo.pop();
            if (m == target) {
                return true;
            }
            if (seen.add(m)) {
                m.modules.values().forEach(todo::push);
            }
        }
        return false;
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
     * The direct submodules by name, each once (a module registered twice keeps its first name), like PyTorch's
     * {@code named_children()}.
     *
     * @return a new ordered map from name to submodule
     */
    public final Map<String, Module> namedChildren() {
        Map<String, Module> out = new LinkedHashMap<>();
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        modules.forEach((n, m) -> {
            if (seen.add(m)) {
                out.put(n, m);
            }
        });
        return out;
    }

    /**
     * PyTorch 2's {@code module.zero_grad()} ({@code set_to_none=True}): every parameter's gradient becomes null
     * ({@link Tensor#clearGrad()}).
     */
    public final void zeroGrad() {
        zeroGrad(true);
    }

    /**
     * PyTorch's {@code module.zero_grad(set_to_none)}.
     *
     * @param setToNone true: as {@link #zeroGrad()}; false: PyTorch 1.13's default, every parameter that has a
     *        gradient gets zeros (lazily, as {@link org.grad4j.optim.Optimizer#zeroGrad(boolean)} describes)
     */
    public final void zeroGrad(boolean setToNone) {
        Internals.TensorAccess t = Internals.tensors();
        for (Tensor p : parameters()) {
            if (setToNone) {
                p.clearGrad();
            } else {
                t.zeroGrad(p);
            }
        }
    }

    /**
     * The parameters and persistent buffers by dotted name, detached: they share storage with the module, like
     * PyTorch's {@code state_dict} (and in its order: each module's parameters, then its buffers, then its
     * submodules').
     *
     * @return a new ordered map from dotted name to a detached alias of each parameter and buffer
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        stateEntries().forEach((n, t) -> out.put(n, t.detach()));
        return out;
    }

    /**
     * PyTorch's {@code load_state_dict(state)} (strict): copies values from {@code state} into the parameters and
     * persistent buffers, cast to each one's dtype and device as PyTorch's {@code copy_} casts. Every name and
     * shape is checked before anything is written: on a problem the module is left unchanged and the message
     * lists them as PyTorch does ({@code Error(s) in loading state_dict for Net:\n\tMissing key(s) in
     * state_dict: "fc.bias". ...}).
     *
     * @param state the values by dotted name, as {@link #stateDict()} returns them
     * @return the missing and unexpected keys: both empty
     * @throws IllegalArgumentException if a name is missing or unexpected, or a shape differs
     */
    public final IncompatibleKeys loadStateDict(Map<String, Tensor> state) {
        return loadStateDict(state, true);
    }

    /**
     * PyTorch's {@code load_state_dict(state, strict)}. With {@code strict} false, missing and unexpected keys are
     * returned rather than refused (the entries present in both are loaded); a shape mismatch is refused either way.
     *
     * @param state the values by dotted name
     * @param strict whether a missing or unexpected key is an error
     * @return the keys this module has and {@code state} lacks, and the keys of {@code state} this module lacks
     * @throws IllegalArgumentException on a shape mismatch, a null or released tensor, or (strict) a missing or
     *         unexpected key; nothing is loaded then
     */
    public final IncompatibleKeys loadStateDict(Map<String, Tensor> state, boolean strict) {
        if (state == null) {
            throw new IllegalArgumentException("loadStateDict: expected a state dict, got null");
        }
        Map<String, Tensor> own = stateEntries();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {   // the module's order, as PyTorch reports them
            Tensor mine = e.getValue();
            Tensor theirs = state.get(e.getKey());
            if (!state.containsKey(e.getKey())) {
                missing.add(e.getKey());
            } else if (theirs == null) {
                problems.add("While copying the parameter named \"" + e.getKey() + "\", expected torch.Tensor or "
                        + "Tensor-like object from checkpoint but received null");
            } else if (!Arrays.equals(mine.shape(), theirs.shape())) {
                problems.add("size mismatch for " + e.getKey() + ": copying a param with shape "
                        + torchSize(theirs.shape()) + " from checkpoint, the shape in current model is "
                        + torchSize(mine.shape()) + ".");
            } else if (theirs.isReleased()) {
                problems.add(e.getKey() + " was released (its MemoryScope closed or it was a dropped gradient).");
            } else if (mine.isReleased()) {
                problems.add("the model's " + e.getKey() + " was released.");
            }
        }
        for (String key : state.keySet()) {
            if (!own.containsKey(key)) {
                unexpected.add(key);
            }
        }
        if (strict && !unexpected.isEmpty()) {
            problems.add(0, "Unexpected key(s) in state_dict: " + quoted(unexpected) + ". ");
        }
        if (strict && !missing.isEmpty()) {
            problems.add(0, "Missing key(s) in state_dict: " + quoted(missing) + ". ");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Error(s) in loading state_dict for " + getClass().getSimpleName() + ":\n\t"
                    + String.join("\n\t", problems) + "\nNothing was loaded.");
        }
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            own.forEach((n, t) -> {
                Tensor src = state.get(n);
                if (src != null) {
                    t.copy_(src.dtype() == t.dtype() ? src : src.to(t.dtype()));
                }
            });
        }
        return new IncompatibleKeys(Collections.unmodifiableList(missing), Collections.unmodifiableList(unexpected));
    }

    /**
     * The keys a non-strict {@link #loadStateDict(Map, boolean)} did not match, PyTorch's {@code _IncompatibleKeys}.
     *
     * @param missingKeys keys of the module that the state dict lacks, in the module's order
     * @param unexpectedKeys keys of the state dict that the module lacks, in the state dict's order
     */
    public record IncompatibleKeys(List<String> missingKeys, List<String> unexpectedKeys) {
        /** PyTorch's printing: {@code <All keys matched successfully>}, or {@code _IncompatibleKeys(missing_keys=['b'], ...)}. */
        @Override
        public String toString() {
            if (missingKeys.isEmpty() && unexpectedKeys.isEmpty()) {
                return "<All keys matched successfully>";
            }
            return "_IncompatibleKeys(missing_keys=" + pythonList(missingKeys) + ", unexpected_keys="
                    + pythonList(unexpectedKeys) + ")";
        }

        private static String pythonList(List<String> keys) {
            StringBuilder sb = new StringBuilder("[");
            for (String k : keys) {
                sb.append(sb.length() == 1 ? "" : ", ").append('\'').append(k).append('\'');
            }
            return sb.append(']').toString();
        }
    }

    private static String torchSize(int[] shape) {
        return "torch.Size(" + Arrays.toString(shape) + ")";
    }

    private static String quoted(List<String> keys) {
        StringBuilder sb = new StringBuilder();
        for (String k : keys) {
            sb.append(sb.length() == 0 ? "" : ", ").append('"').append(k).append('"');
        }
        return sb.toString();
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

    // ---------------------------------------------------------------- buffers, train/eval, traversal, conversion
    // (kept apart from the registration and state-dict code above)

    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Set<String> nonPersistent = new HashSet<>();
    /** Buffers that hold counts (BatchNorm's num_batches_tracked): {@link #to(DType)} leaves their dtype alone. */
    private final Set<String> counters = new HashSet<>();
    private boolean training = true;

    /**
     * Registers a persistent buffer: state that is not trained but belongs to the module (BatchNorm's running
     * statistics), like PyTorch's {@code register_buffer(name, tensor)}. It appears in {@link #stateDict()},
     * moves with {@link #to(Device)} and {@link #to(DType)}, and never requires grad.
     *
     * @param name the buffer's name, unique within this module
     * @param tensor the buffer's initial value; the module keeps this tensor itself
     * @return {@code tensor}
     */
    protected final Tensor registerBuffer(String name, Tensor tensor) {
        return registerBuffer(name, tensor, true);
    }

    /**
     * Registers a buffer, like PyTorch's {@code register_buffer(name, tensor, persistent)}; a non-persistent
     * buffer is left out of {@link #stateDict()} and {@link #loadStateDict(Map)}.
     *
     * @param name the buffer's name, unique within this module
     * @param tensor the buffer's initial value, a tensor that does not require grad
     * @param persistent whether the buffer is part of the state dict
     * @return {@code tensor}
     */
    protected final Tensor registerBuffer(String name, Tensor tensor, boolean persistent) {
        checkName(name);
        if (tensor == null) {
            throw new IllegalArgumentException("registerBuffer: buffer '" + name + "' is null");
        }
        if (tensor.requiresGrad()) {
            throw new IllegalArgumentException("registerBuffer: buffer '" + name + "' requires grad; a buffer is not "
                    + "trained: register it as a parameter, or pass tensor.detach()");
        }
        buffers.put(name, tensor);
        if (!persistent) {
            nonPersistent.add(name);
        }
        return tensor;
    }

    /** Like {@link #registerBuffer(String, Tensor)} for a count, whose dtype {@link #to(DType)} keeps. */
    final Tensor registerCounter(String name, Tensor tensor) {
        registerBuffer(name, tensor, true);
        counters.add(name);
        return tensor;
    }

    /**
     * The parameter at a dotted path, like PyTorch's {@code get_parameter("fc.weight")}. Layers read their own
     * parameters through it, so that {@link #to(DType)} and {@link #to(Device)} can replace them.
     *
     * @param target the dotted name, as in {@link #namedParameters()}
     * @return the parameter itself
     * @throws IllegalArgumentException if there is no such parameter
     */
    public final Tensor getParameter(String target) {
        Module owner = ownerOf(target, "getParameter");
        Tensor t = owner.parameters.get(leaf(target));
        if (t == null) {
            throw new IllegalArgumentException("getParameter: " + owner.getClass().getSimpleName() + " has no parameter '"
                    + leaf(target) + "' (target '" + target + "')");
        }
        return t;
    }

    /**
     * The buffer at a dotted path, like PyTorch's {@code get_buffer("bn.running_mean")}.
     *
     * @param target the dotted name, as in {@link #namedBuffers()}
     * @return the buffer itself
     * @throws IllegalArgumentException if there is no such buffer
     */
    public final Tensor getBuffer(String target) {
        Module owner = ownerOf(target, "getBuffer");
        Tensor t = owner.buffers.get(leaf(target));
        if (t == null) {
            throw new IllegalArgumentException("getBuffer: " + owner.getClass().getSimpleName() + " has no buffer '"
                    + leaf(target) + "' (target '" + target + "')");
        }
        return t;
    }

    /**
     * The submodule at a dotted path, like PyTorch's {@code get_submodule("encoder.0")}; {@code ""} is this module.
     *
     * @param target the dotted name, as in {@link #namedModules()}
     * @return the submodule
     * @throws IllegalArgumentException if there is no such submodule
     */
    public final Module getSubmodule(String target) {
        if (target == null) {
            throw new IllegalArgumentException("getSubmodule: expected a name, got null");
        }
        Module m = this;
        if (target.isEmpty()) {
            return m;
        }
        for (String part : target.split("\\.", -1)) {
            Module next = m.modules.get(part);
            if (next == null) {
                throw new IllegalArgumentException("getSubmodule: " + m.getClass().getSimpleName() + " has no attribute `"
                        + part + "` (target '" + target + "')");
            }
            m = next;
        }
        return m;
    }

    private Module ownerOf(String target, String op) {
        if (target == null || target.isEmpty()) {
            throw new IllegalArgumentException(op + ": expected a non-empty name, got '" + target + "'");
        }
        int dot = target.lastIndexOf('.');
        return dot < 0 ? this : getSubmodule(target.substring(0, dot));
    }

    private static String leaf(String target) {
        return target.substring(target.lastIndexOf('.') + 1);
    }

    /**
     * Every buffer with its dotted name (own buffers first, then submodules'), persistent or not.
     *
     * @return a new ordered map from dotted name to the buffer itself
     */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> e : namedModules().entrySet()) {
            String prefix = e.getKey().isEmpty() ? "" : e.getKey() + ".";
            e.getValue().buffers.forEach((n, t) -> out.put(prefix + n, t));
        }
        return out;
    }

    /**
     * Every buffer, in the order of {@link #namedBuffers()}.
     *
     * @return a new list of the buffers themselves
     */
    public final List<Tensor> buffers() {
        return new ArrayList<>(namedBuffers().values());
    }

    /** Parameters and persistent buffers in PyTorch's state-dict order, not detached. */
    private Map<String, Tensor> stateEntries() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    private void collectState(String prefix, Map<String, Tensor> out) {
        parameters.forEach((n, t) -> out.put(prefix + n, t));
        buffers.forEach((n, t) -> {
            if (!nonPersistent.contains(n)) {
                out.put(prefix + n, t);
            }
        });
        modules.forEach((n, m) -> m.collectState(prefix + n + ".", out));
    }

    /**
     * Calls {@code fn} on every submodule, then on this module (children first, depth first, each child once),
     * like PyTorch's {@code model.apply(fn)}; typically to initialise weights:
     * {@code model.apply(m -> { if (m instanceof Linear l) Init.zeros_(l.bias()); })}.
     *
     * @param fn the function to call on each module
     * @return this module
     * @throws IllegalArgumentException if {@code fn} is null
     */
    public final Module apply(java.util.function.Consumer<Module> fn) {
        if (fn == null) {
            throw new IllegalArgumentException("apply: expected a function, got null");
        }
        for (Module child : children()) {
            child.apply(fn);
        }
        fn.accept(this);
        return this;
    }

    /** Every registered submodule by name, a module registered twice under both (PyTorch's {@code _modules}). */
    final Map<String, Module> registeredModules() {
        return Collections.unmodifiableMap(modules);
    }

    /**
     * The direct submodules, like PyTorch's {@code children()}.
     *
     * @return a new list of the direct submodules, in registration order, each once
     */
    public final List<Module> children() {
        return new ArrayList<>(namedChildren().values());
    }

    /**
     * This module and every submodule with its dotted name, this one first under {@code ""}, depth first, each
     * module once (a module registered twice keeps its first name), like PyTorch's {@code named_modules()}.
     *
     * @return a new ordered map from dotted name to module
     */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", out, new IdentityHashMap<>());
        return out;
    }

    private void collectModules(String prefix, Map<String, Module> out, Map<Module, Boolean> seen) {
        if (seen.put(this, Boolean.TRUE) != null) {
            return;
        }
        out.put(prefix, this);
        modules.forEach((n, m) -> m.collectModules(prefix.isEmpty() ? n : prefix + "." + n, out, seen));
    }

    /**
     * This module and every submodule, in the order of {@link #namedModules()}.
     *
     * @return a new list of modules, this one first
     */
    public final List<Module> modules() {
        return new ArrayList<>(namedModules().values());
    }

    /**
     * Sets training mode on this module and every submodule, like PyTorch's {@code train(mode)}: Dropout drops
     * and BatchNorm uses batch statistics only in training mode. Modules start in training mode.
     *
     * @param mode true for training, false for evaluation
     * @return this module
     */
    public Module train(boolean mode) {
        training = mode;
        for (Module m : modules.values()) {
            m.train(mode);
        }
        return this;
    }

    /**
     * Training mode, {@code train(true)}.
     *
     * @return this module
     */
    public final Module train() {
        return train(true);
    }

    /**
     * Evaluation mode, {@code train(false)}, like PyTorch's {@code eval()}.
     *
     * @return this module
     */
    public final Module eval() {
        return train(false);
    }

    /**
     * Whether this module is in training mode, PyTorch's {@code module.training}.
     *
     * @return true in training mode (the initial mode), false after {@link #eval()}
     */
    public final boolean isTraining() {
        return training;
    }

    /**
     * Makes every parameter require gradients: PyTorch's {@code module.requires_grad_()}.
     *
     * @return this module
     */
    public final Module requiresGrad_() {
        return requiresGrad_(true);
    }

    /**
     * Sets {@code requires_grad} on every parameter, like PyTorch's {@code module.requires_grad_(flag)}:
     * {@code requiresGrad_(false)} freezes the module (its parameters get no gradient).
     *
     * @param requiresGrad whether the parameters should require grad
     * @return this module
     */
    public final Module requiresGrad_(boolean requiresGrad) {
        for (Tensor p : parameters()) {
            p.requiresGrad_(requiresGrad);
        }
        return this;
    }

    /**
     * Moves every parameter, gradient and buffer to {@code device}, like PyTorch's {@code module.to(device)}.
     * The tensors are converted in place ({@link Tensor#setData(Tensor)}, PyTorch's {@code param.data = ...}):
     * references held by layers and optimizers stay valid.
     *
     * @param device the target device
     * @return this module
     */
    public final Module to(Device device) {
        if (device == null) {
            throw new IllegalArgumentException("Module.to: expected a device, got null");
        }
        convert(t -> t.to(device), false);
        return this;
    }

    /**
     * Converts every parameter, gradient and floating-point buffer to {@code dtype}, like PyTorch's
     * {@code module.to(dtype)} (counts such as {@code num_batches_tracked} keep theirs), in place as
     * {@link #to(Device)} does.
     *
     * @param dtype a floating-point dtype
     * @return this module
     */
    public final Module to(DType dtype) {
        if (dtype == null) {
            throw new IllegalArgumentException("Module.to: expected a dtype, got null");
        }
        convert(t -> t.to(dtype), true);
        return this;
    }

    /**
     * {@code to(DType.FLOAT64)}, PyTorch's {@code module.double()} ({@code double} is a Java keyword).
     *
     * @return this module
     */
    public final Module toDouble() {
        return to(DType.FLOAT64);
    }

    /**
     * {@code to(DType.FLOAT32)}, PyTorch's {@code module.float()} ({@code float} is a Java keyword).
     *
     * @return this module
     */
    public final Module toFloat() {
        return to(DType.FLOAT32);
    }

    /** Converts everything first, then swaps the data in, so a failure part-way leaves the module unchanged. */
    private void convert(UnaryOperator<Tensor> fn, boolean skipCounters) {
        Map<Tensor, Tensor> converted = new IdentityHashMap<>();
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            for (Module m : modules()) {
                for (Tensor p : m.parameters.values()) {
                    converted.computeIfAbsent(p, fn);
                    if (p.grad() != null) {
                        converted.computeIfAbsent(p.grad(), fn);
                    }
                }
                m.buffers.forEach((n, b) -> {
                    // PyTorch's module.to(dtype) converts floating-point tensors only (AveragedModel's n_averaged)
                    if (!(skipCounters && (m.counters.contains(n) || !b.dtype().isFloatingPoint()))) {
                        converted.computeIfAbsent(b, fn);
                    }
                });
            }
        }
        converted.forEach((old, fresh) -> {
            if (fresh != old) {
                old.setData(MemoryScope.keep(fresh));
            }
        });
    }

    // ---------------------------------------------------------------- nn5: reparametrized slots (weight_norm, spectral_norm)

    /** Tensors computed from other parameters that a layer reads in place of its own (PyTorch's plain attribute). */
    private Map<String, Tensor> slots;

    /**
     * The tensor a layer computes with for {@code name}: the one set by {@link #setSlot} (weight_norm's
     * {@code g * v / ||v||}), else its registered tensor.
     */
    final Tensor slot(String name, Tensor registered) {
        return slots == null ? registered : slots.getOrDefault(name, registered);
    }

    /** Sets (or, with null, clears) what {@link #slot} returns for {@code name}. */
    final void setSlot(String name, Tensor computed) {
        if (computed == null) {
            if (slots != null) {
                slots.remove(name);
            }
            return;
        }
        if (slots == null) {
            slots = new LinkedHashMap<>();
        }
        slots.put(name, computed);
    }

    /** Whether {@code name} is a parameter registered directly on this module. */
    final boolean hasOwnParameter(String name) {
        return parameters.containsKey(name);
    }

    /** Unregisters a parameter of this module (PyTorch's {@code del module._parameters[name]}). */
    final Tensor removeParameter(String name) {
        return parameters.remove(name);
    }

    /** Unregisters a buffer of this module. */
    final Tensor removeBuffer(String name) {
        nonPersistent.remove(name);
        counters.remove(name);
        return buffers.remove(name);
    }
}

package org.grad4j.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.MemoryScope;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.internal.Internals;

/**
 * Base of optimizers, PyTorch's {@code torch.optim.Optimizer}: parameter groups with their own options
 * ({@link #paramGroups()}, {@link #addParamGroup}), per-parameter state, and {@link #stateDict()} /
 * {@link #loadStateDict} in PyTorch's layout.
 *
 * <p>{@link #step()} is all-or-nothing with respect to bad input: every gradient is checked against its
 * parameter (shape, dtype, device) before any parameter or state is written.
 */
public abstract class Optimizer {
    /** PyTorch options that select an implementation, not the numbers; dropped when loading a state dict. */
    private static final Set<String> IMPLEMENTATION_KEYS = Set.of("foreach", "capturable", "differentiable", "fused");
    /** Keys PyTorch's schedulers add to groups; accepted by addParamGroup besides the optimizer's options. */
    private static final Set<String> SCHEDULER_KEYS = Set.of("initial_lr", "max_lr", "min_lr", "max_momentum",
            "base_momentum");

    /** The defaults of PyTorch 1.13's implementation switches (CPU, single-tensor path), as its state_dict lists them. */
    private static final Map<String, Object> IMPLEMENTATION_DEFAULTS;

    static {
        Map<String, Object> d = new HashMap<>();
        d.put("foreach", null);
        d.put("capturable", false);
        d.put("differentiable", false);
        d.put("fused", false);
        IMPLEMENTATION_DEFAULTS = Collections.unmodifiableMap(d);
    }

    private final String name;
    private final Map<String, Object> defaults;
    private final List<ParamGroup> groups = new ArrayList<>();
    private final List<Tensor> params = new ArrayList<>();
    private final Map<Tensor, ParamState> state = new IdentityHashMap<>();
    /** The state names a loaded state dict may hold besides {@code step}; null accepts any. */
    private final Set<String> stateKeys;
    // Read-only views made once, so that step() allocates nothing for them (SGD's step is allocation-free).
    private final List<ParamGroup> groupsView = Collections.unmodifiableList(groups);
    private final List<Tensor> paramsView = Collections.unmodifiableList(params);

    /**
     * An optimizer without options of its own beyond what {@code step()} hard-codes (one group).
     *
     * @param name the optimizer's name, used in error messages
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     * @throws IllegalArgumentException if the list is invalid
     */
    protected Optimizer(String name, List<Tensor> params) {
        this(name, params, Map.of());
    }

    /**
     * An optimizer whose first parameter group holds {@code params} with the options {@code defaults}.
     *
     * @param name the optimizer's name, used in error messages
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     * @param defaults the options under PyTorch's names, in PyTorch's order; later groups default to them
     * @throws IllegalArgumentException if the list or an option is invalid
     */
    protected Optimizer(String name, List<Tensor> params, Map<String, Object> defaults) {
        this(name, params, defaults, null);
    }

    /** grad4j's own optimizers: also the names of the state they keep (checked when a state dict is loaded). */
    Optimizer(String name, List<Tensor> params, Map<String, Object> defaults, Set<String> stateKeys) {
        this.name = name;
        this.stateKeys = stateKeys;
        Map<String, Object> d = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : defaults.entrySet()) {
            d.put(e.getKey(), normalize(e.getKey(), e.getValue()));
        }
        this.defaults = Collections.unmodifiableMap(d);
        validate(this.defaults);
        addParamGroup(params);
    }

    String name() {
        return name;
    }

    /**
     * The options a new group gets unless it overrides them (PyTorch's {@code optimizer.defaults}).
     *
     * @return an unmodifiable map of option names to values
     */
    public final Map<String, Object> defaults() {
        return defaults;
    }

    /**
     * All parameters, group after group, in order: the index of a parameter in this list is its key in
     * {@link #stateDict()}.
     *
     * @return an unmodifiable list of the parameters themselves
     */
    public final List<Tensor> parameters() {
        return paramsView;
    }

    /**
     * The parameter groups, PyTorch's {@code optimizer.param_groups}.
     *
     * @return an unmodifiable list of the groups (the groups themselves, whose options can be changed)
     */
    public final List<ParamGroup> paramGroups() {
        return groupsView;
    }

    /**
     * Adds a group with the default options, {@code optimizer.add_param_group({"params": params})}.
     *
     * @param params the group's parameters: non-empty, distinct leaves that require grad, in no other group
     * @return the new group
     * @throws IllegalArgumentException if a parameter is invalid
     */
    public final ParamGroup addParamGroup(List<Tensor> params) {
        return addParamGroup(params, Map.of());
    }

    /**
     * Adds a group whose options override the defaults, like PyTorch's
     * {@code optimizer.add_param_group({"params": params, "lr": 0.01})}:
     * {@code addParamGroup(head.parameters(), Map.of("lr", 0.01))}.
     *
     * @param params the group's parameters: non-empty, distinct leaves that require grad, in no other group
     * @param options option overrides under PyTorch's names ({@code "lr"}, {@code "weight_decay"}, ...); an
     *        unknown name is an error (PyTorch would keep it silently)
     * @return the new group
     * @throws IllegalArgumentException if a parameter or an option is invalid; nothing is added then
     */
    public final ParamGroup addParamGroup(List<Tensor> params, Map<String, ?> options) {
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException(name + ": optimizer got an empty parameter list");
        }
        if (options == null) {
            throw new IllegalArgumentException(name + ": addParamGroup expected a map of options, got null");
        }
        if (singleGroup() && !groups.isEmpty()) {
            throw new IllegalArgumentException(name + ": " + name + " doesn't support per-parameter options (parameter "
                    + "groups)");
        }
        Map<Tensor, Integer> seen = new IdentityHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p == null) {
                throw new IllegalArgumentException(name + ": parameter " + i + " is null");
            }
            if (!p.isLeaf()) {
                throw new IllegalArgumentException(name + ": can't optimize a non-leaf Tensor (parameter " + i
                        + " is the output of " + p.gradFn().name() + ")");
            }
            // A parameter that does not require grad is accepted, as in PyTorch (a frozen layer of a model passed
            // whole): it has no gradient, and step() skips it.
            Integer first = seen.put(p, i);
            if (first != null) {
                throw new IllegalArgumentException(name + ": parameter " + i + " is the same tensor as parameter " + first
                        + "; list each parameter once");
            }
            if (state.containsKey(p) || containsSame(this.params, p)) {
                throw new IllegalArgumentException(name + ": parameter " + i + " (shape " + Arrays.toString(p.shape())
                        + ") is already in another parameter group; some parameters appear in more than one group");
            }
        }
        for (String key : options.keySet()) {
            if (key == null || !defaults.containsKey(key) && !SCHEDULER_KEYS.contains(key)) {
                // PyTorch keeps unknown keys silently; here a camelCase spelling ("weightDecay") would be lost.
                throw new IllegalArgumentException(name + ": unknown option '" + key + "' for a parameter group; "
                        + "options are " + defaults.keySet() + " (PyTorch's names)");
            }
        }
        Map<String, Object> merged = new LinkedHashMap<>(defaults);
        merged.putAll(options);
        Map<String, Object> checked = checkOptions(merged);
        ParamGroup group = new ParamGroup(this, params, checked);
        groups.add(group);
        this.params.addAll(params);
        for (Tensor p : params) {
            initState(group, p);
        }
        return group;
    }

    private static boolean containsSame(List<Tensor> list, Tensor t) {
        for (Tensor q : list) {
            if (q == t) {
                return true;
            }
        }
        return false;
    }

    /** Normalizes and checks a full option map (types and ranges); returns a new map (defaults' keys first). */
    final Map<String, Object> checkOptions(Map<String, ?> options) {
        return checkOptions(options, true);
    }

    /**
     * Normalizes and checks a full option map; returns a new map (defaults' keys first). Ranges are checked
     * only when {@code ranges}: PyTorch checks them in the constructor, never on a later assignment
     * ({@code group["lr"] = x}) or a loaded state dict, where schedulers may legitimately go out of range
     * (OneCycleLR's linear three-phase schedule ends below zero).
     */
    final Map<String, Object> checkOptions(Map<String, ?> options, boolean ranges) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : defaults.keySet()) {
            if (options.containsKey(k)) {
                out.put(k, normalize(k, options.get(k)));
            }
        }
        for (Map.Entry<String, ?> e : options.entrySet()) {
            if (e.getKey() == null) {
                throw new IllegalArgumentException(name + ": option names must not be null");
            }
            if (!out.containsKey(e.getKey())) {
                out.put(e.getKey(), normalize(e.getKey(), e.getValue()));
            }
        }
        for (Map.Entry<String, Object> e : defaults.entrySet()) {
            Object v = out.get(e.getKey());
            Object d = e.getValue();
            if (!out.containsKey(e.getKey())) {
                throw new IllegalArgumentException(name + ": option '" + e.getKey() + "' is missing");
            }
            boolean text = d == null || d instanceof String;   // None or a str in PyTorch (LBFGS's line_search_fn)
            boolean sameType = text ? v == null || v instanceof String
                    : d instanceof List<?> dl ? v instanceof List<?> vl && vl.size() == dl.size()
                    : v != null && d.getClass() == v.getClass();
            if (!sameType) {
                throw new IllegalArgumentException(name + ": option '" + e.getKey() + "' must be " + describeType(d)
                        + ", got " + v);
            }
        }
        if (ranges) {
            validate(out);
        }
        return out;
    }

    private static String describeType(Object d) {
        if (d == null || d instanceof String) {
            return "null (None) or a string";
        }
        if (d instanceof List<?> l) {
            return "a tuple of " + l.size() + " numbers";
        }
        return d instanceof Boolean ? "a boolean" : "a number";
    }

    private Object normalize(String key, Object v) {
        if (v == null || v instanceof String) {
            return v;   // checked against the option's default by checkOptions
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean) {
            return v;
        }
        if (v instanceof double[] a) {
            List<Double> l = new ArrayList<>();
            for (double x : a) {
                l.add(x);
            }
            return Collections.unmodifiableList(l);
        }
        if (v instanceof List<?> list) {
            List<Double> l = new ArrayList<>();
            for (Object x : list) {
                if (!(x instanceof Number n)) {
                    throw new IllegalArgumentException(name + ": option '" + key + "' must hold numbers, got " + list);
                }
                l.add(n.doubleValue());
            }
            return Collections.unmodifiableList(l);
        }
        throw new IllegalArgumentException(name + ": option '" + key + "' must be a number, a boolean, a list of "
                + "numbers or a string, got " + v.getClass().getSimpleName() + " " + v);
    }

    /** Range checks of a normalized option map, PyTorch's constructor checks; throws IllegalArgumentException. */
    void validate(Map<String, Object> options) {
    }

    /** Whether this optimizer has one parameter group only (LBFGS). */
    boolean singleGroup() {
        return false;
    }

    /** State created when a parameter joins (Adagrad's accumulator); most optimizers create it lazily. */
    void initState(ParamGroup group, Tensor p) {
    }

    /** The state keys this optimizer keeps, for checking a loaded state dict; null accepts any. */
    final Set<String> stateKeys() {
        return stateKeys;
    }

    /**
     * The state this optimizer keeps as one number per parameter, a 0-d float32 tensor in PyTorch (NAdam's
     * {@code mu_product}, ASGD's {@code eta} and {@code mu}); the state dict lists them after {@code step}.
     */
    Set<String> scalarStateKeys() {
        return Set.of();
    }

    /** This parameter's state, created empty if absent. */
    final ParamState state(Tensor p) {
        ParamState s = state.get(p);
        if (s == null) {
            s = new ParamState();
            state.put(p, s);
        }
        return s;
    }

    /** This parameter's state, or null. */
    final ParamState existingState(Tensor p) {
        return state.get(p);
    }

    /** A zero tensor like {@code p} (shape, dtype, device) that outlives any {@link MemoryScope}. */
    static Tensor zerosLike(Tensor p) {
        return MemoryScope.keep(Tensor.full(p.shape(), 0.0, p.dtype(), p.device()));
    }

    /**
     * Checks every gradient against its parameter before anything is written, so a bad gradient
     * leaves all parameters and all state unchanged.
     */
    final void checkGrads() {
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            Tensor g = p.grad();
            ParamState st = state.isEmpty() ? null : state.get(p);   // no lookup for stateless SGD
            String released = p.isReleased() ? "parameter " + i
                    : g != null && g.isReleased() ? "the gradient of parameter " + i
                    : st != null && anyReleased(st) ? "the optimizer state of parameter " + i : null;
            if (released != null) {
                throw new IllegalStateException(name + ".step: " + released + " (shape " + Arrays.toString(p.shape())
                        + ") was released (its MemoryScope closed, or a gradient kept from before zeroGrad()); "
                        + "nothing was updated");
            }
            if (g == null) {
                continue;
            }
            if (!sameShape(g, p) || g.dtype() != p.dtype() || !sameDevice(g, p)) {
                throw new IllegalArgumentException(name + ".step: the gradient of parameter " + i + " is "
                        + Arrays.toString(g.shape()) + " " + g.dtype() + " on " + g.device() + ", expected "
                        + Arrays.toString(p.shape()) + " " + p.dtype() + " on " + p.device()
                        + " like the parameter; no parameter was updated");
            }
        }
    }

    private static boolean anyReleased(ParamState st) {
        for (Tensor t : st.tensors.values()) {
            if (t.isReleased()) {
                return true;
            }
        }
        return false;
    }

    /** Shape equality on the tensors' own arrays, without copying them (step() allocates nothing of its own). */
    private static boolean sameShape(Tensor a, Tensor b) {
        Internals.TensorAccess t = Internals.tensors();
        return Arrays.equals(t.shape(a), t.shape(b));
    }

    /** One backend is one device: compared without building the devices. */
    private static boolean sameDevice(Tensor a, Tensor b) {
        Internals.TensorAccess t = Internals.tensors();
        return t.backend(a) == t.backend(b) || a.device().equals(b.device());
    }

    /**
     * PyTorch 2's {@code optimizer.zero_grad()} ({@code set_to_none=True}, the product's chosen default): every
     * parameter's gradient becomes null and its memory is released; {@link #step()} skips a parameter the next
     * backward gives no gradient. A reference to the old gradient fails on use.
     */
    public final void zeroGrad() {
        zeroGrad(true);
    }

    /**
     * PyTorch's {@code optimizer.zero_grad(set_to_none)}.
     *
     * @param setToNone true: as {@link #zeroGrad()}; false: PyTorch 1.13's default, every parameter that has a
     *        gradient gets zeros, so {@link #step()} still updates it (momentum, weight decay, Adam's step count)
     *        if the next backward gives it no gradient. The zeros are lazy: the gradient's memory is released now
     *        and {@link Tensor#grad()} or the next backward makes zeros again
     */
    public final void zeroGrad(boolean setToNone) {
        Internals.TensorAccess t = Internals.tensors();
        for (int i = 0; i < params.size(); i++) {
            if (setToNone) {
                params.get(i).clearGrad();
            } else {
                t.zeroGrad(params.get(i));
            }
        }
    }

    /**
     * The keys of PyTorch 1.13's {@code param_groups} entries for this optimizer, in its order, implementation
     * switches ({@code foreach}, ...) included; empty for an optimizer without a PyTorch twin (its options as they are).
     */
    List<String> torchGroupKeys() {
        return List.of();
    }

    /**
     * A group's options as PyTorch 1.13's param group holds them: its keys in its order, its implementation switches
     * at their defaults, then added keys (a scheduler's initial_lr, ...); what the state dict and the printing list.
     * (A group PyTorch's {@code add_param_group} adds lists the given options first; grad4j keeps the constructor's
     * order for every group, since a {@code Map.of} of options has no order of its own.)
     */
    final Map<String, Object> torchOptions(ParamGroup g) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : torchGroupKeys()) {
            if (IMPLEMENTATION_DEFAULTS.containsKey(k)) {
                m.put(k, IMPLEMENTATION_DEFAULTS.get(k));
            } else if (g.has(k)) {
                m.put(k, g.get(k));
            }
        }
        for (Map.Entry<String, Object> e : g.options().entrySet()) {
            if (!m.containsKey(e.getKey())) {
                m.put(e.getKey(), e.getValue());
            }
        }
        return m;
    }

    /** Updates every parameter that has a gradient. Runs without recording a graph. */
    public abstract void step();

    /**
     * PyTorch's {@code optimizer.step(closure)}: calls the closure once with grad mode on (it typically clears the
     * gradients, computes the loss and calls {@code backward()}), then {@link #step()}. {@link LBFGS} calls it
     * several times per step.
     *
     * @param closure re-evaluates the model and returns the loss; null: just {@link #step()}, as PyTorch's
     *        {@code step(None)}
     * @return the closure's loss, or null without a closure
     */
    public Tensor step(Supplier<Tensor> closure) {
        Tensor loss = null;
        if (closure != null) {
            try (GradMode.Scope ignored = GradMode.enableGrad()) {
                loss = closure.get();
            }
        }
        step();
        return loss;
    }

    /**
     * The {@code step()} of grad4j's own optimizers: checks every gradient before anything is written, then,
     * without recording a graph, runs {@link #update} on each parameter that has a gradient, group by group.
     * (They extend this class directly, so that {@code List.of(sgd, adam)} is a {@code List<Optimizer>}.)
     */
    final void stepEachParameter() {
        checkGrads();
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            for (int gi = 0; gi < groups.size(); gi++) {
                ParamGroup group = groups.get(gi);
                List<Tensor> ps = group.params();
                for (int i = 0; i < ps.size(); i++) {
                    Tensor p = ps.get(i);
                    Tensor grad = p.grad();
                    if (grad != null) {
                        update(group, p, grad);
                    }
                }
            }
        }
    }

    /** The update of one parameter that has a gradient, with its group's options (see {@link #stepEachParameter}). */
    void update(ParamGroup group, Tensor p, Tensor grad) {
        throw new IllegalStateException(name + ": step() does not go through update()");
    }

    /**
     * This parameter's state; on its first update (no {@code first} tensor yet) its step count starts at 0 and
     * {@code first} and {@code second} (unless null) start as zeros like {@code p}, PyTorch's lazy state.
     */
    final ParamState started(Tensor p, String first, String second) {
        ParamState st = state(p);
        if (!st.tensors.containsKey(first)) {
            st.step = 0;
            st.hasStep = true;
            st.tensors.put(first, zerosLike(p));
            if (second != null) {
                st.tensors.put(second, zerosLike(p));
            }
        }
        return st;
    }

    /**
     * The options whose PyTorch default is a Python float ({@code lr=1e-3}, not {@code weight_decay=0}): printed as
     * floats even when whole ({@code lr: 1.0}), as PyTorch prints them.
     */
    Set<String> floatOptions() {
        return Set.of();
    }

    /**
     * PyTorch's {@code repr(optimizer)}: the class name, then per group its options sorted by name (PyTorch 1.13's
     * keys, implementation switches included).
     */
    @Override
    public String toString() {
        List<Map<String, Object>> gs = new ArrayList<>();
        for (ParamGroup g : groups) {
            gs.add(torchOptions(g));
        }
        return Optimizers.describe(name, gs, floatOptions());
    }

    // ------------------------------------------------------------------ state dict

    /**
     * PyTorch's {@code optimizer.state_dict()}: the state of each parameter that has one, by its index in
     * {@link #parameters()} ({@code "step"} as a 0-d float32 CPU tensor, buffers such as
     * {@code "exp_avg"} as the optimizer's own tensors, not copies, as in PyTorch), and each group's options
     * with {@code "params"}, the indices of its parameters: PyTorch 1.13's keys in its order, its implementation
     * switches included at their defaults ({@code "foreach"} null, {@code "capturable"}, {@code "differentiable"},
     * {@code "fused"} false; {@link #loadStateDict} ignores them).
     *
     * @return a new state dict referring to the live state tensors
     */
    public final StateDict stateDict() {
        beforeStateDict();
        Map<Integer, Map<String, Tensor>> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            ParamState s = state.get(params.get(i));
            if (s == null || (s.tensors.isEmpty() && !s.hasStep && s.scalars.isEmpty())) {
                continue;
            }
            Map<String, Tensor> m = new LinkedHashMap<>();
            if (s.hasStep) {
                m.put("step", Tensor.of(new double[] {s.step}, DType.FLOAT32, Device.CPU));
            }
            for (Map.Entry<String, Double> e : s.scalars.entrySet()) {
                m.put(e.getKey(), Tensor.of(new double[] {e.getValue()}, DType.FLOAT32, Device.CPU));
            }
            m.putAll(s.tensors);
            out.put(i, Collections.unmodifiableMap(m));
        }
        List<Map<String, Object>> pg = new ArrayList<>();
        int next = 0;
        for (ParamGroup g : groups) {
            Map<String, Object> m = torchOptions(g);   // then params, last as in PyTorch
            List<Integer> ids = new ArrayList<>();
            for (int k = 0; k < g.params().size(); k++) {
                ids.add(next++);
            }
            m.put("params", Collections.unmodifiableList(ids));
            pg.add(Collections.unmodifiableMap(m));
        }
        return new StateDict(Collections.unmodifiableMap(out), Collections.unmodifiableList(pg));
    }

    /**
     * PyTorch's {@code optimizer.load_state_dict(sd)}: the groups' options are replaced by the saved ones
     * and the state of every parameter by its saved state (cast to the parameter's dtype and device, as
     * PyTorch casts). All of it is checked first (group sizes, parameter indices, state names, shapes,
     * option types and ranges); on any error nothing changes and the message lists every problem.
     *
     * @param stateDict a state dict from {@link #stateDict()} of an optimizer of this kind with groups of the
     *        same sizes, or one built from PyTorch's
     * @throws IllegalArgumentException if it does not match this optimizer
     */
    public final void loadStateDict(StateDict stateDict) {
        if (stateDict == null || stateDict.state() == null || stateDict.paramGroups() == null) {
            throw new IllegalArgumentException(name + ".loadStateDict: expected a state dict, got null");
        }
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> saved = stateDict.paramGroups();
        if (saved.size() != groups.size()) {
            throw new IllegalArgumentException(name + ".loadStateDict: loaded state dict has " + saved.size()
                    + " parameter group(s), the optimizer has " + groups.size() + "; nothing was loaded");
        }
        Map<Integer, Tensor> byId = new HashMap<>();
        List<Map<String, Object>> newOptions = new ArrayList<>();
        int next = 0;
        for (int gi = 0; gi < saved.size(); gi++) {
            Map<String, Object> sg = saved.get(gi);
            ParamGroup g = groups.get(gi);
            Object ids = sg == null ? null : sg.get("params");
            if (!(ids instanceof List<?> idList) || idList.size() != g.params().size()) {
                problems.add("group " + gi + " has " + (ids instanceof List<?> l ? l.size() + " parameters" : "no params list")
                        + ", the optimizer's has " + g.params().size()
                        + " (the loaded state dict contains a parameter group that doesn't match the size of the optimizer's group)");
                next += g.params().size();
                continue;
            }
            for (int k = 0; k < idList.size(); k++) {
                Object id = idList.get(k);
                if (!(id instanceof Number n) || n.doubleValue() != n.intValue()) {
                    problems.add("group " + gi + " params[" + k + "] is " + id + ", expected an integer id");
                } else if (byId.put(n.intValue(), params.get(next + k)) != null) {
                    problems.add("parameter id " + n.intValue() + " appears twice in the groups");
                }
            }
            next += g.params().size();
            Map<String, Object> opts = new LinkedHashMap<>(g.options());
            for (Map.Entry<String, Object> e : sg.entrySet()) {
                if (!e.getKey().equals("params") && !IMPLEMENTATION_KEYS.contains(e.getKey())) {
                    opts.put(e.getKey(), e.getValue());
                }
            }
            try {
                newOptions.add(checkOptions(opts, false));
            } catch (IllegalArgumentException ex) {
                problems.add("group " + gi + ": " + ex.getMessage());
            }
        }
        Set<String> allowed = stateKeys();
        Map<Tensor, ParamState> newState = new IdentityHashMap<>();
        for (Map.Entry<Integer, Map<String, Tensor>> e : stateDict.state().entrySet()) {
            Tensor p = e.getKey() == null ? null : byId.get(e.getKey());
            if (p == null) {
                problems.add("state." + e.getKey() + " refers to parameter " + e.getKey() + ", which no group lists");
                continue;
            }
            ParamState s = new ParamState();
            for (Map.Entry<String, Tensor> f : e.getValue().entrySet()) {
                String key = f.getKey();
                Tensor t = f.getValue();
                String where = "state." + e.getKey() + "." + key;
                if (t == null) {
                    continue;   // PyTorch's None (SGD without momentum keeps momentum_buffer = None): no state
                } else if (key.equals("step")) {
                    double v = t.numel() == 1 ? t.toDoubleArray()[0] : Double.NaN;
                    if (!(v >= 0) || v != Math.rint(v) || v > (1 << 24)) {
                        problems.add(where + " must be one non-negative whole number (at most 2^24), got shape "
                                + Arrays.toString(t.shape()) + (t.numel() == 1 ? " value " + v : ""));
                    } else {
                        s.step = v;
                        s.hasStep = true;
                    }
                } else if (scalarStateKeys().contains(key)) {
                    if (t.numel() != 1) {
                        problems.add(where + " must hold one number, got shape " + Arrays.toString(t.shape()));
                    } else {
                        s.scalars.put(key, (double) (float) t.toDoubleArray()[0]);   // a float32 tensor in PyTorch
                    }
                } else if (allowed != null && !allowed.contains(key)) {
                    problems.add(where + " is not state of " + name + " (expected " + allowed + ")");
                } else if (stateFollowsParams() && !Arrays.equals(t.shape(), p.shape())) {
                    problems.add(where + " has shape " + Arrays.toString(t.shape()) + ", expected "
                            + Arrays.toString(p.shape()) + " like its parameter");
                } else {
                    s.tensors.put(key, t);
                }
            }
            newState.put(p, s);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(name + ".loadStateDict: " + String.join("; ", problems)
                    + ". Nothing was loaded.");
        }
        // Everything checked: copy (cast to each parameter's dtype and device) and commit.
        for (Map.Entry<Tensor, ParamState> e : newState.entrySet()) {
            Tensor p = e.getKey();
            e.getValue().tensors.replaceAll((k, t) -> MemoryScope.keep(t.detach().to(p.device()).to(p.dtype()).clone()));
        }
        state.clear();
        state.putAll(newState);
        for (int gi = 0; gi < groups.size(); gi++) {
            groups.get(gi).replaceOptions(newOptions.get(gi));
        }
        for (ParamGroup g : groups) {
            for (Tensor p : g.params()) {
                initState(g, p);
            }
        }
        afterLoadStateDict();
    }

    /** Writes state kept outside {@link ParamState} into it (LBFGS's history), for {@link #stateDict()}. */
    void beforeStateDict() {
    }

    /** Reads state kept outside {@link ParamState} back from it after {@link #loadStateDict}. */
    void afterLoadStateDict() {
    }

    /** Whether every state tensor has its parameter's shape (checked on load); LBFGS's flat vectors have not. */
    boolean stateFollowsParams() {
        return true;
    }

    /** A parameter's state: PyTorch's {@code optimizer.state[p]}. */
    static final class ParamState {
        /** The step count, a float32 tensor in PyTorch: incremented in float32. */
        double step;
        boolean hasStep;
        final Map<String, Tensor> tensors = new LinkedHashMap<>();
        /** One-number state kept in float32 as PyTorch's 0-d tensors ({@link #scalarStateKeys()}). */
        final Map<String, Double> scalars = new LinkedHashMap<>();

        void incrementStep() {
            step = (float) (step + 1);
            hasStep = true;
        }

        /** Adds zeros like {@code p} under {@code key} when {@code wanted} and absent (an optional buffer). */
        void zerosIfWanted(boolean wanted, String key, Tensor p) {
            if (wanted && !tensors.containsKey(key)) {
                tensors.put(key, zerosLike(p));
            }
        }
    }
}

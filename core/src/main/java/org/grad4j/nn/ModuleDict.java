package org.grad4j.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.grad4j.Tensor;

/**
 * Holds submodules by name in insertion order, PyTorch's {@code nn.ModuleDict}: they are registered under
 * their keys (so their parameters are found and saved as {@code key.weight}), but the dict has no
 * {@code forward}.
 *
 * <pre>{@code
 * ModuleDict heads = new ModuleDict().put("digits", new Linear(128, 10, true)).put("parity", new Linear(128, 2, true));
 * Tensor logits = heads.get("digits").forward(features);
 * }</pre>
 */
public class ModuleDict extends Module {
    /** An empty dict. */
    public ModuleDict() {
    }

    /**
     * A dict holding {@code modules} in the map's iteration order.
     *
     * @param modules the modules by key (use a {@link java.util.LinkedHashMap} to fix the order)
     */
    public ModuleDict(Map<String, ? extends Module> modules) {
        if (modules == null) {
            throw new IllegalArgumentException("ModuleDict: modules must not be null");
        }
        modules.forEach(this::put);
    }

    /**
     * Adds {@code module} under {@code key}, like {@code dict[key] = module}: a present key keeps its position and
     * gets the new module, as in PyTorch.
     *
     * @param key the name: non-empty, without '.'
     * @param module the module
     * @return this dict
     */
    public ModuleDict put(String key, Module module) {
        registerModule(key, module);
        return this;
    }

    /**
     * The module under {@code key}.
     *
     * @param key the name
     * @return the module
     * @throws IllegalArgumentException if there is no such key
     */
    public Module get(String key) {
        Module m = registeredModules().get(key);
        if (m == null) {
            throw new IllegalArgumentException("ModuleDict: no module under key '" + key + "'; keys are " + keys());
        }
        return m;
    }

    /**
     * Whether {@code key} is present.
     *
     * @param key the name
     * @return true if a module is registered under it
     */
    public boolean containsKey(String key) {
        return registeredModules().containsKey(key);
    }

    /**
     * The keys in insertion order.
     *
     * @return a new ordered set of keys
     */
    public Set<String> keys() {
        return new java.util.LinkedHashSet<>(registeredModules().keySet());
    }

    /**
     * The modules in insertion order.
     *
     * @return a new list of the modules
     */
    public List<Module> values() {
        return new ArrayList<>(registeredModules().values());
    }

    /**
     * Number of modules.
     *
     * @return the number of modules
     */
    public int size() {
        return registeredModules().size();
    }

    /** A container has no forward of its own, as in PyTorch. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("Module [ModuleDict] is missing the required \"forward\" function: "
                + "get a module by key and call its forward");
    }
}

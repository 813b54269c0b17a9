package org.grad4j.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.grad4j.Tensor;

/**
 * Parameters held by name, PyTorch's {@code nn.ParameterDict}, in insertion order (as from an {@code OrderedDict};
 * PyTorch sorts the keys of a plain {@code dict}): each is registered under its key and becomes a parameter. A key
 * is added once (replacing one is refused). It has no {@code forward}.
 */
public final class ParameterDict extends Module {
    private final Map<String, Tensor> items = new LinkedHashMap<>();

    /** An empty dict. */
    public ParameterDict() {
    }

    /**
     * A dict of {@code parameters}, in their map's order.
     *
     * @param parameters leaf tensors by name
     */
    public ParameterDict(Map<String, Tensor> parameters) {
        update(parameters);
    }

    /**
     * Adds a parameter.
     *
     * @param key a name not yet used, without '.'
     * @param parameter a leaf tensor; it now requires grad
     * @return this dict
     */
    public ParameterDict put(String key, Tensor parameter) {
        items.put(key, registerParameter(key, parameter));
        return this;
    }

    /**
     * Adds every entry of {@code parameters}, in its order.
     *
     * @param parameters leaf tensors by name
     * @return this dict
     */
    public ParameterDict update(Map<String, Tensor> parameters) {
        if (parameters == null) {
            throw new IllegalArgumentException("ParameterDict: parameters must not be null");
        }
        parameters.forEach(this::put);
        return this;
    }

    /**
     * The parameter under {@code key}.
     *
     * @param key the name
     * @return the parameter itself
     * @throws IllegalArgumentException if there is none (PyTorch's KeyError)
     */
    public Tensor get(String key) {
        Tensor t = items.get(key);
        if (t == null) {
            throw new IllegalArgumentException("ParameterDict.get: KeyError: '" + key + "' (keys " + items.keySet() + ")");
        }
        return t;
    }

    /**
     * Whether {@code key} is present.
     *
     * @param key the name
     * @return true if a parameter is registered under it
     */
    public boolean containsKey(String key) {
        return items.containsKey(key);
    }

    /**
     * The keys, in order.
     *
     * @return an unmodifiable view
     */
    public Set<String> keys() {
        return Collections.unmodifiableSet(items.keySet());
    }

    /**
     * The parameters, in order.
     *
     * @return a new list of the parameters themselves
     */
    public List<Tensor> values() {
        return new ArrayList<>(items.values());
    }

    /**
     * The number of parameters.
     *
     * @return the size
     */
    public int size() {
        return items.size();
    }

    /** A container has no forward of its own, as in PyTorch. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("Module [ParameterDict] is missing the required \"forward\" function");
    }

    /** PyTorch's repr: one {@code (key): Parameter containing: [torch.FloatTensor of size 2x3]} line per entry. */
    @Override
    public String toString() {
        if (items.isEmpty()) {
            return "ParameterDict()";
        }
        StringBuilder sb = new StringBuilder("ParameterDict(");
        items.forEach((k, p) -> sb.append("\n    (").append(k).append("): ").append(ParameterList.describe(p, true)));
        return sb.append("\n)").toString();
    }
}

package org.grad4j.nn;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.grad4j.Tensor;

/**
 * Holds submodules in a list, PyTorch's {@code nn.ModuleList}: they are registered as {@code 0}, {@code 1}, ...
 * (so their parameters are found and saved), but the list has no {@code forward}; call the layers yourself.
 *
 * <pre>{@code
 * final ModuleList blocks = registerModule("blocks", new ModuleList(new Linear(8, 8, true), new Linear(8, 8, true)));
 * for (Module b : blocks) { x = b.forward(x).relu(); }
 * }</pre>
 */
public class ModuleList extends Module implements Iterable<Module> {
    /**
     * A list holding {@code modules}, registered as {@code 0}, {@code 1}, ...
     *
     * @param modules the initial modules
     */
    public ModuleList(Module... modules) {
        if (modules == null) {
            throw new IllegalArgumentException("ModuleList: modules must not be null");
        }
        for (Module m : modules) {
            append(m);
        }
    }

    /**
     * Adds {@code module} at the end, like {@code ModuleList.append}.
     *
     * @param module the module, registered under the next index
     * @return this list
     */
    public ModuleList append(Module module) {
        registerModule(Integer.toString(size()), module);
        return this;
    }

    /**
     * Adds every module at the end, like {@code ModuleList.extend}.
     *
     * @param modules the modules to add
     * @return this list
     */
    public ModuleList extend(Iterable<? extends Module> modules) {
        if (modules == null) {
            throw new IllegalArgumentException("ModuleList.extend: modules must not be null");
        }
        for (Module m : modules) {
            append(m);
        }
        return this;
    }

    /**
     * The module at {@code index}; negative indices count from the end, as in Python.
     *
     * @param index the position
     * @return the module
     */
    public Module get(int index) {
        int n = size();
        if (index < -n || index >= n) {
            throw new IndexOutOfBoundsException("ModuleList: index " + index + " is out of range for a list of " + n + " modules");
        }
        return new ArrayList<>(registeredModules().values()).get(index < 0 ? index + n : index);
    }

    /**
     * Number of modules.
     *
     * @return the number of modules
     */
    public int size() {
        return registeredModules().size();
    }

    @Override
    public Iterator<Module> iterator() {
        List<Module> snapshot = new ArrayList<>(registeredModules().values());
        return snapshot.iterator();
    }

    /** A container has no forward of its own, as in PyTorch. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("Module [ModuleList] is missing the required \"forward\" function: "
                + "iterate over it and call each module's forward");
    }
}

package org.grad4j.nn;

import java.util.ArrayList;
import java.util.List;

import org.grad4j.Tensor;

/** Modules applied in order, PyTorch's {@code nn.Sequential}; submodules are named {@code 0}, {@code 1}, ... */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    /**
     * A chain of {@code layers}.
     *
     * @param layers the layers, applied in order; registered as submodules {@code 0}, {@code 1}, ...
     */
    public Sequential(Module... layers) {
        if (layers == null) {
            throw new IllegalArgumentException("Sequential: layers must not be null");
        }
        for (Module m : layers) {
            this.layers.add(registerModule(Integer.toString(this.layers.size()), m));
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : layers) {
            x = m.call(x);
        }
        return x;
    }

    /**
     * The layer at {@code index}.
     *
     * @param index the position, from 0; negative indices count from the end, as in Python ({@code model[-1]})
     * @return the layer
     */
    public Module get(int index) {
        int n = layers.size();
        if (index < -n || index >= n) {
            throw new IndexOutOfBoundsException("Sequential.get: index " + index + " is out of range for a Sequential of "
                    + n + " module(s) (expected " + -n + " to " + (n - 1) + ")");
        }
        return layers.get(index < 0 ? index + n : index);
    }

    /**
     * The layer at {@code index} as its class, for its own methods ({@code model.get(0, Linear.class).weight()}):
     * Java's form of Python's {@code model[0].weight}.
     *
     * @param <M> the layer's class
     * @param index the position, from 0; negative indices count from the end
     * @param type the layer's class (or a superclass of it)
     * @return the layer
     * @throws IllegalArgumentException if the layer is not a {@code type}
     */
    public <M extends Module> M get(int index, Class<M> type) {
        Module m = get(index);
        if (type == null || !type.isInstance(m)) {
            throw new IllegalArgumentException("Sequential.get: layer " + index + " is a " + m.getClass().getSimpleName()
                    + ", not a " + (type == null ? "null class" : type.getSimpleName()));
        }
        return type.cast(m);
    }

    /**
     * Number of layers.
     *
     * @return the number of layers
     */
    public int size() {
        return layers.size();
    }
}

package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;

/**
 * What the padding modules share, as PyTorch's {@code _ConstantPadNd}, {@code _ReflectionPadNd} and
 * {@code _ReplicationPadNd}: the padding (one int for every side, or (left, right) pairs from the last dimension
 * back) and {@link Functional#pad} with the subclass's mode; the constant modules print their value.
 */
abstract class PadNd extends Module {
    private final String mode;
    private final int[] padding;
    private final double value;

    PadNd(String name, String mode, int dims, int[] padding, double value) {
        if (padding == null || (padding.length != 1 && padding.length != 2 * dims)) {
            throw new IllegalArgumentException(name + ": expected padding as one int or " + 2 * dims + " ints, got "
                    + (padding == null ? "null" : java.util.Arrays.toString(padding)));
        }
        this.mode = mode;
        this.padding = new int[2 * dims];
        for (int i = 0; i < this.padding.length; i++) {
            this.padding[i] = padding.length == 1 ? padding[0] : padding[i];
        }
        this.value = value;
    }

    /**
     * The padding as F.pad takes it: (left, right) for the last dimension, then the one before.
     *
     * @return a copy of the padding
     */
    public int[] padding() {
        return padding.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.pad(input, padding, mode, value);
    }

    @Override
    protected String extraRepr() {
        return mode.equals("constant") && !(this instanceof ZeroPad2d)
                ? "padding=" + Layers3Args.tuple(padding) + ", value=" + PythonFloat.repr(value)
                : Layers3Args.tuple(padding);
    }
}

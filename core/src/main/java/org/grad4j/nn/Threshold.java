package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;

/** Applies {@link Functional#threshold(Tensor, double, double)}, PyTorch's {@code nn.Threshold(threshold, value)}. */
public final class Threshold extends Module {
    private final double threshold;
    private final double value;
    private final boolean inplace;

    /**
     * {@code Threshold(threshold, value)}.
     *
     * @param threshold the threshold
     * @param value the value of elements at or below it
     */
    public Threshold(double threshold, double value) {
        this(threshold, value, false);
    }

    /**
     * Every option.
     *
     * @param threshold the threshold
     * @param value the value of elements at or below it
     * @param inplace whether forward overwrites its input
     */
    public Threshold(double threshold, double value, boolean inplace) {
        this.threshold = threshold;
        this.value = value;
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.threshold(input, threshold, value, inplace);
    }

    @Override
    protected String extraRepr() {
        return "threshold=" + PythonFloat.repr(threshold) + ", value=" + PythonFloat.repr(value)
                + (inplace ? ", inplace=True" : "");
    }
}

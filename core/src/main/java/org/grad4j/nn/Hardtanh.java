package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;

/** Applies {@link Tensor#hardtanh(double, double)}, PyTorch's {@code nn.Hardtanh(min_val, max_val)}. */
public final class Hardtanh extends Module {
    private final double minVal;
    private final double maxVal;

    /** {@code Hardtanh(min_val=-1.0, max_val=1.0)}. */
    public Hardtanh() {
        this(-1.0, 1.0);
    }

    /**
     * The module with these settings.
     *
     * @param minVal the lower bound
     * @param maxVal the upper bound
     */
    public Hardtanh(double minVal, double maxVal) {
        if (!(maxVal > minVal)) {
            throw new IllegalArgumentException("Hardtanh: expected max_val > min_val, got min_val " + minVal
                    + " and max_val " + maxVal);
        }
        this.minVal = minVal;
        this.maxVal = maxVal;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("Hardtanh.forward: expected an input tensor, got null");
        }
        return input.hardtanh(minVal, maxVal);
    }

    @Override
    protected String extraRepr() {
        return "min_val=" + PythonFloat.repr(minVal) + ", max_val=" + PythonFloat.repr(maxVal);
    }
}

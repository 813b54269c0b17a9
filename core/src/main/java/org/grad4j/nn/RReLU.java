package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;

/**
 * PyTorch's {@code nn.RReLU(lower=1/8, upper=1/3, inplace=False)}: random negative slopes in training (drawn from
 * the layer's generator as PyTorch draws them), their mean in evaluation; see {@link Functional#rrelu}.
 */
public class RReLU extends Module {
    private final double lower;
    private final double upper;
    private final boolean inplace;
    private final Generator generator;

    /** Slopes in [1/8, 1/3), drawing from {@link Generator#defaultGenerator()}. */
    public RReLU() {
        this(1.0 / 8, 1.0 / 3, false, Generator.defaultGenerator());
    }

    /**
     * Every option.
     *
     * @param lower the least slope
     * @param upper the greatest slope
     * @param inplace whether to change the input
     * @param generator the source of the slopes
     */
    public RReLU(double lower, double upper, boolean inplace, Generator generator) {
        if (generator == null) {
            throw new IllegalArgumentException("RReLU: expected a generator, got null");
        }
        this.lower = lower;
        this.upper = upper;
        this.inplace = inplace;
        this.generator = generator;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.rrelu(input, lower, upper, isTraining(), inplace, generator);
    }

    @Override
    protected String extraRepr() {
        return "lower=" + PythonFloat.repr(lower) + ", upper=" + PythonFloat.repr(upper) + (inplace ? ", inplace=True" : "");
    }
}

package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;

/**
 * PyTorch's {@code nn.Dropout3d(p=0.5, inplace=False)}: in training, each channel of {@code [N, C, D, H, W]} (or
 * unbatched {@code [C, D, H, W]}) is zeroed with probability p and the rest scaled by {@code 1 / (1 - p)}; the
 * identity in evaluation. See {@link Functional#dropout3d}.
 */
public final class Dropout3d extends Module {
    private final double p;
    private final boolean inplace;
    private final Generator generator;

    /** {@code Dropout3d(p=0.5)}, drawing from {@link Generator#defaultGenerator()}. */
    public Dropout3d() {
        this(0.5, false, Generator.defaultGenerator());
    }

    /**
     * Every option.
     *
     * @param p the probability of zeroing a channel, in [0, 1]
     * @param inplace whether forward multiplies its input in place
     * @param generator the source of the draws
     */
    public Dropout3d(double p, boolean inplace, Generator generator) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout3d: dropout probability has to be between 0 and 1, but got " + p);
        }
        if (generator == null) {
            throw new IllegalArgumentException("Dropout3d: expected a Generator, got null");
        }
        this.p = p;
        this.inplace = inplace;
        this.generator = generator;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.dropout3d(input, p, isTraining(), inplace, generator);
    }

    @Override
    protected String extraRepr() {
        return "p=" + PythonFloat.repr(p) + ", inplace=" + (inplace ? "True" : "False");
    }
}

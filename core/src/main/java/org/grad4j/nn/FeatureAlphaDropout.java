package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;

/**
 * PyTorch's {@code nn.FeatureAlphaDropout(p=0.5, inplace=False)}:
 * in training, {@link Functional#featureAlphaDropout} with masks drawn from
 * the layer's generator as PyTorch draws them; in evaluation the identity.
 */
public class FeatureAlphaDropout extends Module {
    private final double p;
    private final boolean inplace;
    private final Generator generator;

    /**
     * p 0.5, out of place, drawing from {@link Generator#defaultGenerator()}.
     */
    public FeatureAlphaDropout() {
        this(0.5, false, Generator.defaultGenerator());
    }

    /**
     * Every option.
     *
     * @param p the probability of dropping, in [0, 1]
     * @param inplace whether to change the input
     * @param generator the source of the masks
     */
    public FeatureAlphaDropout(double p, boolean inplace, Generator generator) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("FeatureAlphaDropout: dropout probability has to be between 0 and 1, but got " + p);
        }
        if (generator == null) {
            throw new IllegalArgumentException("FeatureAlphaDropout: expected a generator, got null");
        }
        this.p = p;
        this.inplace = inplace;
        this.generator = generator;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.featureAlphaDropout(input, p, isTraining(), inplace, generator);
    }

    @Override
    protected String extraRepr() {
        return "p=" + PythonFloat.repr(p) + ", inplace=" + (inplace ? "True" : "False");
    }
}

package org.grad4j.distributions;

import java.util.Arrays;

import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * The one-hot categorical distribution, PyTorch 1.13's {@code torch.distributions.OneHotCategorical}: a
 * {@link Categorical} whose samples are one-hot vectors of the parameter's dtype (event shape {@code [K]}).
 */
public final class OneHotCategorical extends Distribution {
    private final Categorical categorical;

    /**
     * A batch of one-hot categorical distributions with arguments validated; exactly one parameter is given.
     *
     * @param probs non-negative weights along the last dimension (at least 1-d), or null
     * @param logits unnormalized log probabilities along the last dimension (at least 1-d), or null
     */
    public OneHotCategorical(Tensor probs, Tensor logits) {
        this(probs, logits, true);
    }

    /**
     * A batch of one-hot categorical distributions; exactly one parameter is given.
     *
     * @param probs non-negative weights along the last dimension (at least 1-d), or null
     * @param logits unnormalized log probabilities along the last dimension (at least 1-d), or null
     * @param validateArgs whether to check the parameter and the values given to logProb
     */
    public OneHotCategorical(Tensor probs, Tensor logits, boolean validateArgs) {
        this(inner(probs, logits, validateArgs), validateArgs);
    }

    private OneHotCategorical(Categorical categorical, boolean validateArgs) {
        super(categorical.batchShape(), new int[] {categorical.numEvents()}, validateArgs);
        this.categorical = categorical;
    }

    private static Categorical inner(Tensor probs, Tensor logits, boolean validateArgs) {
        try {
            return new Categorical(probs, logits, validateArgs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("OneHotCategorical: " + e.getMessage(), e);
        }
    }

    /**
     * The normalized probabilities.
     *
     * @return probs, summing to 1 along the last dimension
     */
    public Tensor probs() {
        return categorical.probs();
    }

    /**
     * The normalized log probabilities.
     *
     * @return logits
     */
    public Tensor logits() {
        return categorical.logits();
    }

    @Override
    public boolean hasEnumerateSupport() {
        return true;
    }

    @Override
    Tensor draw(Generator generator, int[] shape) {
        Tensor p = categorical.probs();
        Tensor indices = categorical.draw(generator, Arrays.copyOf(shape, shape.length - 1));
        return Functional.oneHot(indices, categorical.numEvents()).to(p.dtype());
    }

    /** PyTorch's constraints.one_hot: 0/1 entries, one 1 per event. */
    private static final Constraint ONE_HOT = new Constraint("OneHot()",
            x -> x.eq(0.0).logicalOr(x.eq(1.0)).all(-1, false).logicalAnd(x.sum(-1).eq(1.0)));

    @Override
    public Tensor logProb(Tensor value) {
        validateSample(value, ONE_HOT);
        return categorical.logProb(value.max(-1, false).indices());
    }

    @Override
    public Tensor entropy() {
        return categorical.entropy();
    }

    @Override
    public Tensor mean() {
        return categorical.probs();
    }

    @Override
    public Tensor variance() {
        Tensor p = categorical.probs();
        return p.mul(p.rsub(1.0));
    }

    @Override
    public Tensor enumerateSupport(boolean expand) {
        int n = categorical.numEvents();
        int[] batch = batchShape();
        int[] view = new int[batch.length + 2];
        Arrays.fill(view, 1);
        view[0] = n;
        view[view.length - 1] = n;
        Tensor p = categorical.probs();
        Tensor values = Tensor.eye(n, n, p.dtype()).to(p.device()).view(view);
        return expand ? values.expand(Shape.concat(new int[] {n}, batch, new int[] {n})) : values;
    }

    @Override
    public OneHotCategorical expand(int... batchShape) {
        return new OneHotCategorical(categorical.expand(batchShape), validateArgs);
    }

    @Override
    String[] paramNames() {
        return new String[0];
    }

    @Override
    Tensor param(String name) {
        throw new IllegalStateException("OneHotCategorical has no parameter in its repr");
    }
}

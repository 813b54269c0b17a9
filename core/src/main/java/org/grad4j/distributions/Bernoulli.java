package org.grad4j.distributions;

import java.util.List;

import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Reduction;
import org.grad4j.Tensor;

/**
 * The Bernoulli distribution over {0, 1}, PyTorch 1.13's {@code torch.distributions.Bernoulli}, parametrized by
 * {@code probs} or by {@code logits} (log-odds). Samples come from {@link Tensor#bernoulli(Generator)} on the
 * probabilities, PyTorch's draws.
 */
public final class Bernoulli extends Distribution {
    private final Tensor probs;
    private final Tensor logits;

    /**
     * A batch of Bernoulli distributions with arguments validated; exactly one parameter is given.
     *
     * @param probs the probabilities of 1 in [0, 1], or null
     * @param logits the log-odds of 1, or null
     */
    public Bernoulli(Tensor probs, Tensor logits) {
        this(probs, logits, true);
    }

    /**
     * A batch of Bernoulli distributions; exactly one parameter is given.
     *
     * @param probs the probabilities of 1 in [0, 1], or null
     * @param logits the log-odds of 1, or null
     * @param validateArgs whether to check the parameter and the values given to logProb
     */
    public Bernoulli(Tensor probs, Tensor logits, boolean validateArgs) {
        this(exactlyOne(probs, logits), probs != null, validateArgs, true);
    }

    private Bernoulli(Tensor param, boolean isProbs, boolean validateArgs, boolean checkParams) {
        super(param.shape(), new int[0], validateArgs);
        this.probs = isProbs ? param : null;
        this.logits = isProbs ? null : param;
        if (checkParams) {
            if (isProbs) {
                checkParam("probs", probs, Constraint.UNIT_INTERVAL);
            } else {
                checkParam("logits", logits, Constraint.REAL);
            }
        }
    }

    static Tensor exactlyOne(Tensor probs, Tensor logits) {
        if ((probs == null) == (logits == null)) {
            throw new IllegalArgumentException("Bernoulli: Either `probs` or `logits` must be specified, but not both.");
        }
        return requireTensor("Bernoulli", probs != null ? "probs" : "logits", probs != null ? probs : logits);
    }

    /**
     * One Bernoulli distribution with a 0-d probability in the default dtype.
     *
     * @param probs the probability of 1
     * @return the distribution
     */
    public static Bernoulli of(double probs) {
        return new Bernoulli(Tensor.scalar(probs), null);
    }

    /**
     * The probabilities of 1 (computed from the logits as their sigmoid when those were given).
     *
     * @return probs
     */
    public Tensor probs() {
        return probs != null ? probs : logits.sigmoid();
    }

    /**
     * The log-odds of 1 (computed from clamped probabilities when those were given, PyTorch's probs_to_logits).
     *
     * @return logits
     */
    public Tensor logits() {
        if (logits != null) {
            return logits;
        }
        double eps = eps(probs.dtype());
        Tensor p = probs.clamp(eps, 1 - eps);
        return p.log().sub(p.neg().log1p());
    }

    @Override
    public boolean hasEnumerateSupport() {
        return true;
    }

    @Override
    Tensor draw(Generator generator, int[] shape) {
        return probs().expand(shape).bernoulli(generator);
    }

    @Override
    public Tensor logProb(Tensor value) {
        validateSample(value, Constraint.BOOLEAN);
        List<Tensor> lv = Tensor.broadcastTensors(logits(), value);
        return Functional.binaryCrossEntropyWithLogits(lv.get(0), lv.get(1), null, Reduction.NONE, null).neg();
    }

    @Override
    public Tensor entropy() {
        return Functional.binaryCrossEntropyWithLogits(logits(), probs(), null, Reduction.NONE, null);
    }

    @Override
    public Tensor mean() {
        return probs();
    }

    @Override
    public Tensor variance() {
        Tensor p = probs();
        return p.mul(p.rsub(1.0));
    }

    @Override
    public Tensor enumerateSupport(boolean expand) {
        Tensor param = probs != null ? probs : logits;
        int[] batch = batchShape();
        int[] view = new int[batch.length + 1];
        java.util.Arrays.fill(view, 1);
        view[0] = -1;
        Tensor values = Tensor.arange(2L).to(param.dtype()).to(param.device()).view(view);
        if (!expand) {
            return values;
        }
        int[] full = Shape.concat(new int[] {-1}, batch, new int[0]);
        return values.expand(full);
    }

    @Override
    public Bernoulli expand(int... batchShape) {
        int[] shape = Shape.checkExpand("Bernoulli", batchShape(), batchShape);
        return probs != null ? new Bernoulli(probs.expand(shape), true, validateArgs, false)
                : new Bernoulli(logits.expand(shape), false, validateArgs, false);
    }

    @Override
    String[] paramNames() {
        return new String[] {probs != null ? "probs" : "logits"};
    }

    @Override
    Tensor param(String name) {
        return probs != null ? probs : logits;
    }
}

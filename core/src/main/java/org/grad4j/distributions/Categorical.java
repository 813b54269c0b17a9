package org.grad4j.distributions;

import java.util.Arrays;
import java.util.List;

import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * The categorical distribution over {0, ..., K-1}, PyTorch 1.13's {@code torch.distributions.Categorical}: the
 * last dimension of {@code probs} (normalized to sum to 1) or of {@code logits} (normalized by logsumexp) indexes the
 * categories. Samples come from {@link Tensor#multinomial(int, boolean, Generator)} with replacement on the rows of
 * the probabilities, PyTorch's draws; they are int64.
 */
public final class Categorical extends Distribution {
    private final Tensor probs;
    private final Tensor logits;
    private final int numEvents;

    /**
     * A batch of categorical distributions with arguments validated; exactly one parameter is given.
     *
     * @param probs non-negative weights along the last dimension (at least 1-d), or null
     * @param logits unnormalized log probabilities along the last dimension (at least 1-d), or null
     */
    public Categorical(Tensor probs, Tensor logits) {
        this(probs, logits, true);
    }

    /**
     * A batch of categorical distributions; exactly one parameter is given.
     *
     * @param probs non-negative weights along the last dimension (at least 1-d), or null
     * @param logits unnormalized log probabilities along the last dimension (at least 1-d), or null
     * @param validateArgs whether to check the parameter and the values given to logProb
     */
    public Categorical(Tensor probs, Tensor logits, boolean validateArgs) {
        this(normalized(probs, logits), probs != null, validateArgs, true);
    }

    private Categorical(Tensor param, boolean isProbs, boolean validateArgs, boolean checkParams) {
        super(Arrays.copyOf(param.shape(), param.dim() - 1), new int[0], validateArgs);
        this.probs = isProbs ? param : null;
        this.logits = isProbs ? null : param;
        this.numEvents = param.shape()[param.dim() - 1];
        if (checkParams) {
            if (isProbs) {
                checkParam("probs", probs, Constraint.SIMPLEX);
            } else {
                checkParam("logits", logits, Constraint.REAL_VECTOR);
            }
        }
    }

    private static Tensor normalized(Tensor probs, Tensor logits) {
        if ((probs == null) == (logits == null)) {
            throw new IllegalArgumentException("Categorical: Either `probs` or `logits` must be specified, but not both.");
        }
        String name = probs != null ? "probs" : "logits";
        Tensor p = requireTensor("Categorical", name, probs != null ? probs : logits);
        if (p.dim() < 1) {
            throw new IllegalArgumentException("Categorical: `" + name + "` parameter must be at least one-dimensional.");
        }
        if (p.shape()[p.dim() - 1] == 0) {
            throw new IllegalArgumentException("Categorical: `" + name + "` has no category (last dimension of size 0)");
        }
        return probs != null ? p.div(p.sum(new int[] {-1}, true)) : p.sub(p.logsumexp(new int[] {-1}, true));
    }

    /**
     * The normalized probabilities (the softmax of the logits when those were given).
     *
     * @return probs, summing to 1 along the last dimension
     */
    public Tensor probs() {
        return probs != null ? probs : logits.softmax(-1);
    }

    /**
     * The normalized log probabilities (from clamped probabilities when those were given, PyTorch's probs_to_logits).
     *
     * @return logits
     */
    public Tensor logits() {
        if (logits != null) {
            return logits;
        }
        double eps = eps(probs.dtype());
        return probs.clamp(eps, 1 - eps).log();
    }

    /**
     * The number of categories K.
     *
     * @return the size of the parameter's last dimension
     */
    public int numEvents() {
        return numEvents;
    }

    @Override
    public boolean hasEnumerateSupport() {
        return true;
    }

    @Override
    Tensor draw(Generator generator, int[] shape) {
        int samples = 1;
        for (int i = 0; i < shape.length - batchShape().length; i++) {
            samples *= shape[i];
        }
        Tensor rows = probs().reshape(-1, numEvents);
        return rows.multinomial(samples, true, generator).t().reshape(shape);
    }

    @Override
    public Tensor logProb(Tensor value) {
        validateSample(value, Constraint.integerInterval(0, numEvents - 1L));
        Tensor v = value.toLong().unsqueeze(-1);
        List<Tensor> b = Tensor.broadcastTensors(v, logits());
        Tensor index = b.get(0).narrow(-1, 0, 1);
        return b.get(1).gather(-1, index).squeeze(-1);
    }

    @Override
    public Tensor entropy() {
        Tensor l = logits();
        return l.clampMin(finfoMin(l.dtype())).mul(probs()).sum(-1).neg();
    }

    @Override
    public Tensor mean() {
        Tensor p = probs != null ? probs : logits;
        return Tensor.full(batchShape(), Double.NaN, p.dtype(), p.device());
    }

    @Override
    public Tensor variance() {
        return mean();
    }

    @Override
    public Tensor enumerateSupport(boolean expand) {
        Tensor param = probs != null ? probs : logits;
        int[] batch = batchShape();
        int[] view = new int[batch.length + 1];
        Arrays.fill(view, 1);
        view[0] = -1;
        Tensor values = Tensor.arange((long) numEvents).to(param.device()).view(view);
        return expand ? values.expand(Shape.concat(new int[] {-1}, batch, new int[0])) : values;
    }

    @Override
    public Categorical expand(int... batchShape) {
        int[] shape = Shape.checkExpand("Categorical", batchShape(), batchShape);
        int[] full = Shape.concat(shape, new int[] {numEvents}, new int[0]);
        return probs != null ? new Categorical(probs.expand(full), true, validateArgs, false)
                : new Categorical(logits.expand(full), false, validateArgs, false);
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

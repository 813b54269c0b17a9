package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;

/**
 * Kullback-Leibler divergence, PyTorch's {@code nn.KLDivLoss}: the input holds log-probabilities, the target
 * probabilities (or log-probabilities with {@code logTarget}). PyTorch's {@code reduction='batchmean'}, the
 * mathematically correct KL divergence per sample, is {@link #batchmean(boolean)}.
 *
 * <pre>{@code
 * Tensor loss = KLDivLoss.batchmean(false).forward(logits.logSoftmax(1), probabilities);
 * }</pre>
 */
public final class KLDivLoss {
    private final Reduction reduction;
    private final boolean batchmean;
    private final boolean logTarget;

    /** Mean reduction over all elements and a probability target: PyTorch's defaults. */
    public KLDivLoss() {
        this(Reduction.MEAN, false);
    }

    /**
     * The given options, in PyTorch's order.
     *
     * @param reduction NONE, MEAN (over all elements) or SUM
     * @param logTarget whether the target is given as log-probabilities
     */
    public KLDivLoss(Reduction reduction, boolean logTarget) {
        this(reduction, false, logTarget);
    }

    private KLDivLoss(Reduction reduction, boolean batchmean, boolean logTarget) {
        if (reduction == null) {
            throw new IllegalArgumentException("KLDivLoss: reduction must be NONE, MEAN or SUM, got null");
        }
        this.reduction = reduction;
        this.batchmean = batchmean;
        this.logTarget = logTarget;
    }

    /**
     * PyTorch's {@code KLDivLoss(reduction='batchmean')}: the sum divided by the batch size.
     *
     * @param logTarget whether the target is given as log-probabilities
     * @return a new loss
     */
    public static KLDivLoss batchmean(boolean logTarget) {
        return new KLDivLoss(Reduction.SUM, true, logTarget);
    }

    /**
     * The loss of {@code input} against {@code target}.
     *
     * @param input log-probabilities
     * @param target probabilities (or log-probabilities) of the input's shape
     * @return the loss, as {@link Functional#klDiv(Tensor, Tensor, Reduction, boolean)} or
     *     {@link Functional#klDivBatchmean(Tensor, Tensor, boolean)} computes it
     */
    public Tensor forward(Tensor input, Tensor target) {
        return batchmean ? Functional.klDivBatchmean(input, target, logTarget)
                : Functional.klDiv(input, target, reduction, logTarget);
    }

    /**
     * Whether this is PyTorch's 'batchmean' reduction.
     *
     * @return true for {@link #batchmean(boolean)}
     */
    public boolean isBatchmean() {
        return batchmean;
    }

    /**
     * The reduction ({@code SUM} for batchmean, which then divides by the batch size).
     *
     * @return how the per-element losses are combined
     */
    public Reduction reduction() {
        return reduction;
    }

    @Override
    public String toString() {
        return "KLDivLoss()";
    }
}

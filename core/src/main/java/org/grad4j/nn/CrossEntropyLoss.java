package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;

/**
 * Cross-entropy of unnormalized scores, PyTorch's {@code nn.CrossEntropyLoss}: {@code log_softmax} over the class
 * dimension followed by the negative log-likelihood of the target class (int64 class indices), or
 * {@code -sum(target * log_softmax)} for class probabilities (a target of the input's shape).
 *
 * <pre>{@code
 * Tensor loss = new CrossEntropyLoss().forward(logits, labels);   // logits [N, C], labels int64 [N]
 * }</pre>
 */
public final class CrossEntropyLoss {
    private final Tensor weight;
    private final long ignoreIndex;
    private final Reduction reduction;
    private final double labelSmoothing;

    /** No weight, ignore_index -100, mean reduction, no label smoothing: PyTorch's defaults. */
    public CrossEntropyLoss() {
        this(null, -100, Reduction.MEAN, 0.0);
    }

    /**
     * PyTorch's defaults with the given reduction.
     *
     * @param reduction NONE, MEAN or SUM
     */
    public CrossEntropyLoss(Reduction reduction) {
        this(null, -100, reduction, 0.0);
    }

    /**
     * Every option, in PyTorch's order.
     *
     * @param weight a weight per class, {@code [C]}, or null
     * @param ignoreIndex the class index to ignore (PyTorch's default -100)
     * @param reduction NONE, MEAN or SUM
     * @param labelSmoothing in [0, 1] (PyTorch's default 0)
     */
    public CrossEntropyLoss(Tensor weight, long ignoreIndex, Reduction reduction, double labelSmoothing) {
        if (reduction == null) {
            throw new IllegalArgumentException("CrossEntropyLoss: reduction must be NONE, MEAN or SUM, got null");
        }
        if (!(labelSmoothing >= 0.0 && labelSmoothing <= 1.0)) {
            throw new IllegalArgumentException("CrossEntropyLoss: label_smoothing must be between 0.0 and 1.0. Got: "
                    + labelSmoothing);
        }
        this.weight = weight;
        this.ignoreIndex = ignoreIndex;
        this.reduction = reduction;
        this.labelSmoothing = labelSmoothing;
    }

    /**
     * The loss of {@code input} against {@code target}.
     *
     * @param input scores, {@code [N, C]}, {@code [N, C, d1, ...]} or {@code [C]}
     * @param target int64 class indices, or class probabilities of the input's shape
     * @return the loss, as {@link Functional#crossEntropy(Tensor, Tensor, Tensor, long, Reduction, double)} computes it
     */
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.crossEntropy(input, target, weight, ignoreIndex, reduction, labelSmoothing);
    }

    /**
     * The reduction.
     *
     * @return how the per-element losses are combined
     */
    public Reduction reduction() {
        return reduction;
    }

    @Override
    public String toString() {
        return "CrossEntropyLoss()";
    }
}

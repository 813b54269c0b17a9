package org.grad4j.nn;

import java.util.function.BinaryOperator;

import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.TripletMarginWithDistanceLoss(*, distance_function=None, margin=1.0, swap=False,
 * reduction='mean')}: the triplet loss under any distance; see {@link Functional#tripletMarginWithDistanceLoss}.
 */
public final class TripletMarginWithDistanceLoss {
    private final BinaryOperator<Tensor> distanceFunction;
    private final double margin;
    private final boolean swap;
    private final Reduction reduction;
    private final boolean defaultDistance;

    /** The defaults: {@link PairwiseDistance}, margin 1, no swap, the mean. */
    public TripletMarginWithDistanceLoss() {
        this(null, 1.0, false, Reduction.MEAN);
    }

    /**
     * Every option.
     *
     * @param distanceFunction a distance of two tensors, or null for {@link PairwiseDistance}'s defaults
     * @param margin the margin
     * @param swap whether to use the distance swap
     * @param reduction how to reduce the losses
     */
    public TripletMarginWithDistanceLoss(BinaryOperator<Tensor> distanceFunction, double margin, boolean swap,
            Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("TripletMarginWithDistanceLoss: reduction must be NONE, MEAN or SUM, got "
                    + "null");
        }
        PairwiseDistance pd = distanceFunction == null ? new PairwiseDistance() : null;
        this.distanceFunction = distanceFunction != null ? distanceFunction : pd::forward;
        this.margin = margin;
        this.swap = swap;
        this.reduction = reduction;
        this.defaultDistance = distanceFunction == null;
    }

    /**
     * The loss of one batch of triplets.
     *
     * @param anchor the anchors
     * @param positive the positive examples
     * @param negative the negative examples
     * @return the loss
     */
    public Tensor forward(Tensor anchor, Tensor positive, Tensor negative) {
        return Functional.tripletMarginWithDistanceLoss(anchor, positive, negative, distanceFunction, margin, swap,
                reduction);
    }

    /**
     * The reduction.
     *
     * @return how the losses are reduced
     */
    public Reduction reduction() {
        return reduction;
    }

    /** PyTorch prints the default distance as a child module; a plain function is not printed. */
    @Override
    public String toString() {
        return defaultDistance ? "TripletMarginWithDistanceLoss(\n  (distance_function): PairwiseDistance()\n)"
                : "TripletMarginWithDistanceLoss()";
    }
}

package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.CTCLoss(blank=0, reduction='mean', zero_infinity=False)}: the connectionist temporal
 * classification loss; see {@link Functional#ctcLoss(Tensor, Tensor, Tensor, Tensor, int, Reduction, boolean)}.
 */
public final class CTCLoss {
    private final int blank;
    private final Reduction reduction;
    private final boolean zeroInfinity;

    /** {@code CTCLoss()}: blank 0, the mean, infinite losses kept. */
    public CTCLoss() {
        this(0, Reduction.MEAN, false);
    }

    /**
     * Every option.
     *
     * @param blank the blank label
     * @param reduction how to reduce the per-sample losses
     * @param zeroInfinity whether infinite losses and their gradients become 0
     */
    public CTCLoss(int blank, Reduction reduction, boolean zeroInfinity) {
        if (reduction == null) {
            throw new IllegalArgumentException("CTCLoss: reduction must be NONE, MEAN or SUM, got null");
        }
        this.blank = blank;
        this.reduction = reduction;
        this.zeroInfinity = zeroInfinity;
    }

    /**
     * The loss of one batch.
     *
     * @param logProbs {@code [T, N, C]} log-probabilities, or unbatched {@code [T, C]}
     * @param targets {@code [N, S]} padded labels or their 1-d concatenation
     * @param inputLengths int tensor of the N input lengths
     * @param targetLengths int tensor of the N target lengths
     * @return the loss
     */
    public Tensor forward(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths) {
        return Functional.ctcLoss(logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
    }

    /**
     * The reduction.
     *
     * @return how the losses are reduced
     */
    public Reduction reduction() {
        return reduction;
    }

    @Override
    public String toString() {
        return "CTCLoss()";
    }
}

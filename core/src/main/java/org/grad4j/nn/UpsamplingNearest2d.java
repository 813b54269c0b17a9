package org.grad4j.nn;

import org.grad4j.Functional;

/**
 * PyTorch's {@code nn.UpsamplingNearest2d(size=None, scale_factor=None)}: nearest-neighbour upsampling of {@code [N, C, H, W]}, an
 * {@link Upsample} with mode {@code 'nearest'}; see {@link Functional#upsampleNearest}.
 */
public final class UpsamplingNearest2d extends Upsample {
    /**
     * Upsampling by {@code scaleFactor} in both spatial dimensions.
     *
     * @param scaleFactor the multiplier
     */
    public UpsamplingNearest2d(double scaleFactor) {
        this(null, new double[] {scaleFactor});
    }

    /**
     * Every option; exactly one of {@code size} and {@code scaleFactor} (checked on forward, as PyTorch).
     *
     * @param size the output's height and width (one int for both), or null
     * @param scaleFactor the multipliers (one for both), or null
     */
    public UpsamplingNearest2d(int[] size, double[] scaleFactor) {
        super(size, scaleFactor, "nearest", null);
    }
}

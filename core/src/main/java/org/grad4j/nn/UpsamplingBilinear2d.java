package org.grad4j.nn;

import org.grad4j.Functional;

/**
 * PyTorch's {@code nn.UpsamplingBilinear2d(size=None, scale_factor=None)}: bilinear upsampling with {@code align_corners=True} of {@code [N, C, H, W]}, an
 * {@link Upsample} with mode {@code 'bilinear'}; see {@link Functional#upsampleBilinear}.
 */
public final class UpsamplingBilinear2d extends Upsample {
    /**
     * Upsampling by {@code scaleFactor} in both spatial dimensions.
     *
     * @param scaleFactor the multiplier
     */
    public UpsamplingBilinear2d(double scaleFactor) {
        this(null, new double[] {scaleFactor});
    }

    /**
     * Every option; exactly one of {@code size} and {@code scaleFactor} (checked on forward, as PyTorch).
     *
     * @param size the output's height and width (one int for both), or null
     * @param scaleFactor the multipliers (one for both), or null
     */
    public UpsamplingBilinear2d(int[] size, double[] scaleFactor) {
        super(size, scaleFactor, "bilinear", true);
    }
}

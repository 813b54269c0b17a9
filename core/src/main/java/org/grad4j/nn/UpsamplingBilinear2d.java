package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.UpsamplingBilinear2d(size=None, scale_factor=None)}: bilinear upsampling with {@code align_corners=True} of {@code [N, C, H, W]}, an
 * {@link Upsample} with mode {@code 'bilinear'}; see {@link Functional#upsampleBilinear}.
 */
public final class UpsamplingBilinear2d extends Module {
    private final int[] size;
    private final double[] scaleFactor;

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
        this.size = size == null ? null : size.clone();
        this.scaleFactor = scaleFactor == null ? null : scaleFactor.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.upsampleBilinear(input, size, scaleFactor);
    }

    @Override
    protected String extraRepr() {
        return Upsample.repr(size, scaleFactor, "bilinear");
    }
}

package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.PixelUnshuffle(downscale_factor)}: {@code [*, C, H * r, W * r]} to {@code [*, C * r * r, H, W]};
 * see {@link Functional#pixelUnshuffle}.
 */
public class PixelUnshuffle extends Module {
    private final int downscaleFactor;

    /**
     * The layer.
     *
     * @param downscaleFactor PyTorch's {@code downscale_factor} (checked when called, as PyTorch)
     */
    public PixelUnshuffle(int downscaleFactor) {
        this.downscaleFactor = downscaleFactor;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.pixelUnshuffle(input, downscaleFactor);
    }

    @Override
    protected String extraRepr() {
        return "downscale_factor=" + downscaleFactor;
    }
}

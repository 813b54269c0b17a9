package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.PixelShuffle(upscale_factor)}: {@code [*, C * r * r, H, W]} to {@code [*, C, H * r, W * r]};
 * see {@link Functional#pixelShuffle}.
 */
public class PixelShuffle extends Module {
    private final int upscaleFactor;

    /**
     * The layer.
     *
     * @param upscaleFactor PyTorch's {@code upscale_factor} (checked when called, as PyTorch)
     */
    public PixelShuffle(int upscaleFactor) {
        this.upscaleFactor = upscaleFactor;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.pixelShuffle(input, upscaleFactor);
    }

    @Override
    protected String extraRepr() {
        return "upscale_factor=" + upscaleFactor;
    }
}

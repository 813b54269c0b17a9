package org.grad4j.nn;

import java.util.Arrays;

import org.grad4j.Tensor;

/** PyTorch's {@code nn.Softmax2d()}: softmax over the channels of {@code [N, C, H, W]} or {@code [C, H, W]}. */
public class Softmax2d extends Module {
    /** The layer (it has no options). */
    public Softmax2d() {
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input == null || (input.dim() != 3 && input.dim() != 4)) {
            throw new IllegalArgumentException("Softmax2d: Softmax2d requires a 3D or 4D tensor as input, got "
                    + (input == null ? "null" : Arrays.toString(input.shape())));
        }
        return input.softmax(-3);
    }
}

package org.grad4j.nn;

import org.grad4j.Tensor;

/** Applies {@link Tensor#logsigmoid()}, PyTorch's {@code nn.LogSigmoid}. */
public final class LogSigmoid extends Module {
    /** The activation; it has no parameters. */
    public LogSigmoid() {
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("LogSigmoid.forward: expected an input tensor, got null");
        }
        return input.logsigmoid();
    }
}

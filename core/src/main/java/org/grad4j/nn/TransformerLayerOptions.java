package org.grad4j.nn;

import java.util.Map;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;

/**
 * The options the encoder and decoder layers share, checked once, and the parts both build from them: PyTorch
 * keeps the two classes apart, so the public constructors stay in each; the blocks they have in common live here.
 *
 * @param layer the layer's name, for messages
 */
record TransformerLayerOptions(String layer, int dModel, int nhead, int dimFeedforward, double dropout,
                               String activation, double layerNormEps, boolean batchFirst, boolean normFirst) {

    TransformerLayerOptions {
        // PyTorch builds every submodule before it looks at the activation; the draws are the same either way
        if (!"relu".equals(activation) && !"gelu".equals(activation)) {
            throw new IllegalArgumentException(layer + ": activation should be relu/gelu, not " + activation);
        }
    }

    MultiheadAttention attention(Generator generator, DType dtype, Device device) {
        return new MultiheadAttention(dModel, nhead, dropout, true, false, false, dModel, dModel, batchFirst, generator,
                dtype, device);
    }

    Linear linear(int in, int out, Generator generator, DType dtype, Device device) {
        return new Linear(in, out, true, generator, dtype, device);
    }

    LayerNorm norm(DType dtype, Device device) {
        return new LayerNorm(new int[] {dModel}, layerNormEps, true, dtype, device);
    }

    /** {@code dropoutOut(linear2(dropout(activation(linear1(x)))))}, the feed-forward block of both layers. */
    Tensor feedForward(Tensor x, Linear linear1, Dropout dropout, Linear linear2, Dropout dropoutOut) {
        Tensor h = linear1.forward(x);
        h = "gelu".equals(activation) ? h.gelu() : h.relu();
        return dropoutOut.forward(linear2.forward(dropout.forward(h)));
    }

    /**
     * Gives {@code copy} the values, trainability and mode of {@code source} (PyTorch's {@code copy.deepcopy} of a
     * layer, built with the same options).
     */
    static <M extends Module> M copyState(Module source, M copy) {
        Map<String, Tensor> theirs = copy.namedParameters();
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            source.namedParameters().forEach((name, p) -> theirs.get(name).copy_(p).requiresGrad_(p.requiresGrad()));
        }
        copy.train(source.isTraining());
        return copy;
    }
}

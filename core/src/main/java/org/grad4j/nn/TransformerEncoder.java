package org.grad4j.nn;

import org.grad4j.Tensor;

/**
 * A stack of {@code num_layers} copies of an encoder layer, PyTorch's {@code nn.TransformerEncoder}: the layers are deep
 * copies of the given one (equal initial values, independent parameters, in a ModuleList {@code layers}), run in turn
 * with the same masks, then the optional final {@code norm}. PyTorch's nested-tensor inference path is not taken.
 *
 * <pre>{@code
 * TransformerEncoder enc = new TransformerEncoder(new TransformerEncoderLayer(16, 4), 6, null);
 * Tensor y = enc.forward(x);
 * }</pre>
 */
public final class TransformerEncoder extends Module {
    private final ModuleList layers;
    private final LayerNorm norm;
    private final int numLayers;

    /**
     * {@code num_layers} deep copies of {@code encoderLayer}, then {@code norm}.
     *
     * @param encoderLayer the layer to copy (not itself registered, as in PyTorch)
     * @param numLayers the number of layers
     * @param norm the final layer norm, or null
     */
    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers, LayerNorm norm) {
        if (encoderLayer == null || numLayers < 1) {
            throw new IllegalArgumentException("TransformerEncoder: expected an encoder layer and num_layers >= 1, got "
                    + encoderLayer + " and " + numLayers);
        }
        Module[] copies = new Module[numLayers];
        for (int i = 0; i < numLayers; i++) {
            copies[i] = encoderLayer.deepCopy();
        }
        this.layers = registerModule("layers", new ModuleList(copies));
        this.norm = norm == null ? null : registerModule("norm", norm);
        this.numLayers = numLayers;
    }

    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null);
    }

    /**
     * PyTorch's {@code forward(src, mask, src_key_padding_mask)}.
     *
     * @param src {@code [seq, batch, d_model]} ({@code [batch, seq, d_model]} batch first) or {@code [seq, d_model]}
     * @param mask the attention mask for every layer, or null
     * @param srcKeyPaddingMask the key padding mask for every layer, or null
     * @return the output, shaped like {@code src}
     */
    public Tensor forward(Tensor src, Tensor mask, Tensor srcKeyPaddingMask) {
        Tensor out = src;
        for (int i = 0; i < numLayers; i++) {
            out = ((TransformerEncoderLayer) layers.get(i)).forward(out, mask, srcKeyPaddingMask);
        }
        return norm == null ? out : norm.forward(out);
    }

    /**
     * The layers.
     *
     * @return {@code layers}
     */
    public ModuleList layers() {
        return layers;
    }
}

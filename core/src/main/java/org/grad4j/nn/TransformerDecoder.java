package org.grad4j.nn;

import org.grad4j.Tensor;

/**
 * A stack of {@code num_layers} copies of a decoder layer, PyTorch's {@code nn.TransformerDecoder}: the layers are deep
 * copies of the given one (equal initial values, independent parameters, in a ModuleList {@code layers}), run in turn
 * on the target with the same memory and masks, then the optional final {@code norm}.
 *
 * <pre>{@code
 * TransformerDecoder dec = new TransformerDecoder(new TransformerDecoderLayer(16, 4), 6, null);
 * Tensor y = dec.forward(tgt, memory);
 * }</pre>
 */
public final class TransformerDecoder extends Module {
    private final ModuleList layers;
    private final LayerNorm norm;
    private final int numLayers;

    /**
     * {@code num_layers} deep copies of {@code decoderLayer}, then {@code norm}.
     *
     * @param decoderLayer the layer to copy (not itself registered, as in PyTorch)
     * @param numLayers the number of layers
     * @param norm the final layer norm, or null
     */
    public TransformerDecoder(TransformerDecoderLayer decoderLayer, int numLayers, LayerNorm norm) {
        if (decoderLayer == null || numLayers < 1) {
            throw new IllegalArgumentException("TransformerDecoder: expected a decoder layer and num_layers >= 1, got "
                    + decoderLayer + " and " + numLayers);
        }
        Module[] copies = new Module[numLayers];
        for (int i = 0; i < numLayers; i++) {
            copies[i] = decoderLayer.deepCopy();
        }
        this.layers = registerModule("layers", new ModuleList(copies));
        this.norm = norm == null ? null : registerModule("norm", norm);
        this.numLayers = numLayers;
    }

    /**
     * Refused: a decoder needs the encoder's output too ({@link #forward(Tensor, Tensor)}).
     *
     * @param tgt the target sequence
     * @return never
     * @throws IllegalArgumentException always, as PyTorch's call without {@code memory}
     */
    @Override
    public Tensor forward(Tensor tgt) {
        throw new IllegalArgumentException("TransformerDecoder: forward() missing 1 required positional argument: "
                + "'memory' (use forward(tgt, memory))");
    }

    /**
     * The decoder without masks.
     *
     * @param tgt the target sequence
     * @param memory the encoder's output
     * @return the output, shaped like {@code tgt}
     */
    public Tensor forward(Tensor tgt, Tensor memory) {
        return forward(tgt, memory, null, null, null, null);
    }

    /**
     * PyTorch's {@code forward(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask)};
     * see {@link TransformerDecoderLayer#forward(Tensor, Tensor, Tensor, Tensor, Tensor, Tensor)} for the shapes.
     *
     * @param tgt the target sequence
     * @param memory the encoder's output
     * @param tgtMask the self-attention mask for every layer, or null
     * @param memoryMask the target-to-memory attention mask for every layer, or null
     * @param tgtKeyPaddingMask the target's key padding mask for every layer, or null
     * @param memoryKeyPaddingMask the memory's key padding mask for every layer, or null
     * @return the output, shaped like {@code tgt}
     */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask) {
        Tensor out = tgt;
        for (int i = 0; i < numLayers; i++) {
            out = ((TransformerDecoderLayer) layers.get(i)).forward(out, memory, tgtMask, memoryMask, tgtKeyPaddingMask,
                    memoryKeyPaddingMask);
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

    /**
     * The final layer norm.
     *
     * @return {@code norm}, or null
     */
    public LayerNorm norm() {
        return norm;
    }
}

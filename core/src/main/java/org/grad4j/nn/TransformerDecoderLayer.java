package org.grad4j.nn;


import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * One Transformer decoder layer, PyTorch's {@code nn.TransformerDecoderLayer}: self-attention on the target,
 * attention from the target to the encoder's output ({@code memory}), and a feed-forward block
 * ({@code linear2(dropout(activation(linear1(x))))}), each with dropout and a residual connection, and layer
 * normalization after each residual sum ({@code norm_first=False}) or before each block ({@code norm_first=True}).
 * The submodules are PyTorch's ({@code self_attn}, {@code multihead_attn}, {@code linear1}, {@code dropout},
 * {@code linear2}, {@code norm1}, {@code norm2}, {@code norm3}, {@code dropout1}, {@code dropout2}, {@code dropout3}),
 * drawn in its order for the same seed; the dropouts draw from the default generator in PyTorch's order.
 *
 * <pre>{@code
 * TransformerDecoderLayer layer = new TransformerDecoderLayer(16, 4, 64, 0.1, "relu", 1e-5, true, false);
 * Tensor y = layer.forward(tgt, memory);   // tgt [batch, T, 16], memory [batch, S, 16]
 * }</pre>
 */
public final class TransformerDecoderLayer extends Module {
    private final TransformerLayerOptions options;
    private final MultiheadAttention selfAttn;
    private final MultiheadAttention multiheadAttn;
    private final Linear linear1;
    private final Dropout dropout;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final LayerNorm norm3;
    private final Dropout dropout1;
    private final Dropout dropout2;
    private final Dropout dropout3;

    /**
     * PyTorch's defaults: {@code dim_feedforward=2048}, {@code dropout=0.1}, relu, eps 1e-5, time first, norm after.
     *
     * @param dModel the model dimension
     * @param nhead the number of attention heads
     */
    public TransformerDecoderLayer(int dModel, int nhead) {
        this(dModel, nhead, 2048, 0.1, "relu", 1e-5, false, false);
    }

    /**
     * A layer in the default dtype on the default device, drawn from the default generator.
     *
     * @param dModel the model dimension
     * @param nhead the number of attention heads
     * @param dimFeedforward the width of the feed-forward block
     * @param dropout the dropout probability (attention weights, and after each block and the activation)
     * @param activation {@code "relu"} or {@code "gelu"}
     * @param layerNormEps the layer norms' eps
     * @param batchFirst whether the inputs are {@code [batch, seq, d_model]}
     * @param normFirst whether the layer norms come before each block
     */
    public TransformerDecoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation,
                                   double layerNormEps, boolean batchFirst, boolean normFirst) {
        this(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst,
                Generator.defaultGenerator(), Tensor.defaultDType(), Device.fromSystemProperty());
    }

    /**
     * A layer drawn from {@code generator}, created in {@code dtype} on {@code device}.
     *
     * @param dModel the model dimension
     * @param nhead the number of attention heads
     * @param dimFeedforward the width of the feed-forward block
     * @param dropout the dropout probability (attention weights, and after each block and the activation)
     * @param activation {@code "relu"} or {@code "gelu"}
     * @param layerNormEps the layer norms' eps
     * @param batchFirst whether the inputs are {@code [batch, seq, d_model]}
     * @param normFirst whether the layer norms come before each block
     * @param generator the source of the initial values; it advances
     * @param dtype a floating dtype
     * @param device the device
     */
    public TransformerDecoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation,
                                   double layerNormEps, boolean batchFirst, boolean normFirst, Generator generator,
                                   DType dtype, Device device) {
        options = new TransformerLayerOptions("TransformerDecoderLayer", dModel, nhead, dimFeedforward, dropout,
                activation, layerNormEps, batchFirst, normFirst);
        selfAttn = registerModule("self_attn", options.attention(generator, dtype, device));
        multiheadAttn = registerModule("multihead_attn", options.attention(generator, dtype, device));
        linear1 = registerModule("linear1", options.linear(dModel, dimFeedforward, generator, dtype, device));
        this.dropout = registerModule("dropout", new Dropout(dropout));
        linear2 = registerModule("linear2", options.linear(dimFeedforward, dModel, generator, dtype, device));
        norm1 = registerModule("norm1", options.norm(dtype, device));
        norm2 = registerModule("norm2", options.norm(dtype, device));
        norm3 = registerModule("norm3", options.norm(dtype, device));
        dropout1 = registerModule("dropout1", new Dropout(dropout));
        dropout2 = registerModule("dropout2", new Dropout(dropout));
        dropout3 = registerModule("dropout3", new Dropout(dropout));
    }

    /**
     * Refused: a decoder layer needs the encoder's output too ({@link #forward(Tensor, Tensor)}).
     *
     * @param tgt the target sequence
     * @return never
     * @throws IllegalArgumentException always, as PyTorch's call without {@code memory}
     */
    @Override
    public Tensor forward(Tensor tgt) {
        throw new IllegalArgumentException("TransformerDecoderLayer: forward() missing 1 required positional argument: "
                + "'memory' (use forward(tgt, memory))");
    }

    /**
     * The layer without masks.
     *
     * @param tgt {@code [T, batch, d_model]} ({@code [batch, T, d_model]} batch first) or {@code [T, d_model]}
     * @param memory the encoder's output, {@code [S, batch, d_model]} ({@code [batch, S, d_model]} batch first) or
     *     {@code [S, d_model]}
     * @return the output, shaped like {@code tgt}
     */
    public Tensor forward(Tensor tgt, Tensor memory) {
        return forward(tgt, memory, null, null, null, null);
    }

    /**
     * PyTorch's {@code forward(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask)}.
     *
     * @param tgt {@code [T, batch, d_model]} ({@code [batch, T, d_model]} batch first) or {@code [T, d_model]}
     * @param memory the encoder's output, {@code [S, batch, d_model]} ({@code [batch, S, d_model]} batch first) or
     *     {@code [S, d_model]}
     * @param tgtMask the self-attention mask, {@code [T, T]} or {@code [batch * nhead, T, T]}, bool (true: not
     *     attended) or floating (added), or null
     * @param memoryMask the target-to-memory attention mask, {@code [T, S]} or {@code [batch * nhead, T, S]}, or null
     * @param tgtKeyPaddingMask {@code [batch, T]} ({@code [T]} unbatched), bool or floating, or null
     * @param memoryKeyPaddingMask {@code [batch, S]} ({@code [S]} unbatched), bool or floating, or null
     * @return the output, shaped like {@code tgt}
     */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask) {
        if (tgt == null || memory == null) {
            throw new IllegalArgumentException("TransformerDecoderLayer: expected tgt and memory tensors, got "
                    + (tgt == null ? "a null tgt" : "a null memory"));
        }
        Tensor x = tgt;
        if (options.normFirst()) {
            x = x.add(selfAttentionBlock(norm1.forward(x), tgtMask, tgtKeyPaddingMask));
            x = x.add(crossAttentionBlock(norm2.forward(x), memory, memoryMask, memoryKeyPaddingMask));
            x = x.add(feedForwardBlock(norm3.forward(x)));
        } else {
            x = norm1.forward(x.add(selfAttentionBlock(x, tgtMask, tgtKeyPaddingMask)));
            x = norm2.forward(x.add(crossAttentionBlock(x, memory, memoryMask, memoryKeyPaddingMask)));
            x = norm3.forward(x.add(feedForwardBlock(x)));
        }
        return x;
    }

    private Tensor selfAttentionBlock(Tensor x, Tensor mask, Tensor keyPaddingMask) {
        return dropout1.forward(selfAttn.forward(x, x, x, keyPaddingMask, false, mask, true).attnOutput());
    }

    private Tensor crossAttentionBlock(Tensor x, Tensor memory, Tensor mask, Tensor keyPaddingMask) {
        return dropout2.forward(multiheadAttn.forward(x, memory, memory, keyPaddingMask, false, mask, true).attnOutput());
    }

    private Tensor feedForwardBlock(Tensor x) {
        return options.feedForward(x, linear1, dropout, linear2, dropout3);
    }

    /** A deep copy (PyTorch's {@code copy.deepcopy}): the same configuration, values, trainability and mode. */
    TransformerDecoderLayer deepCopy() {
        TransformerLayerOptions o = options;
        Tensor w = linear1.weight();
        return TransformerLayerOptions.copyState(this, new TransformerDecoderLayer(o.dModel(), o.nhead(),
                o.dimFeedforward(), o.dropout(), o.activation(), o.layerNormEps(), o.batchFirst(), o.normFirst(),
                new Generator(0), w.dtype(), w.device()));
    }

    /**
     * The self-attention on the target.
     *
     * @return {@code self_attn}
     */
    public MultiheadAttention selfAttn() {
        return selfAttn;
    }

    /**
     * The attention from the target to the memory.
     *
     * @return {@code multihead_attn}
     */
    public MultiheadAttention multiheadAttn() {
        return multiheadAttn;
    }

    /**
     * Whether the layer norms come first.
     *
     * @return {@code norm_first}
     */
    public boolean normFirst() {
        return options.normFirst();
    }

    /**
     * Whether the inputs are batch first.
     *
     * @return {@code batch_first}
     */
    public boolean batchFirst() {
        return options.batchFirst();
    }
}

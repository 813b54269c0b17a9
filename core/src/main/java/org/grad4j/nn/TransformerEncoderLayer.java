package org.grad4j.nn;


import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * One Transformer encoder layer, PyTorch's {@code nn.TransformerEncoderLayer}: self-attention and a feed-forward
 * block ({@code linear2(dropout(activation(linear1(x))))}), each with dropout and a residual connection, and layer
 * normalization after each residual sum ({@code norm_first=False}) or before each block ({@code norm_first=True}).
 * The submodules are PyTorch's ({@code self_attn}, {@code linear1}, {@code dropout}, {@code linear2}, {@code norm1},
 * {@code norm2}, {@code dropout1}, {@code dropout2}), drawn in its order for the same seed; the dropouts draw from
 * the default generator in PyTorch's order. PyTorch's inference fast path is not taken (the results agree to rounding).
 *
 * <pre>{@code
 * TransformerEncoderLayer layer = new TransformerEncoderLayer(16, 4, 64, 0.1, "gelu", 1e-5, true, false);
 * Tensor y = layer.forward(x);   // x [batch, seq, 16]
 * }</pre>
 */
public final class TransformerEncoderLayer extends Module {
    private final TransformerLayerOptions options;
    private final MultiheadAttention selfAttn;
    private final Linear linear1;
    private final Dropout dropout;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final Dropout dropout1;
    private final Dropout dropout2;

    /**
     * PyTorch's defaults: {@code dim_feedforward=2048}, {@code dropout=0.1}, relu, eps 1e-5, time first, norm after.
     *
     * @param dModel the model dimension
     * @param nhead the number of attention heads
     */
    public TransformerEncoderLayer(int dModel, int nhead) {
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
     * @param batchFirst whether the input is {@code [batch, seq, d_model]}
     * @param normFirst whether the layer norms come before each block
     */
    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation,
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
     * @param batchFirst whether the input is {@code [batch, seq, d_model]}
     * @param normFirst whether the layer norms come before each block
     * @param generator the source of the initial values; it advances
     * @param dtype a floating dtype
     * @param device the device
     */
    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation,
                                   double layerNormEps, boolean batchFirst, boolean normFirst, Generator generator,
                                   DType dtype, Device device) {
        options = new TransformerLayerOptions("TransformerEncoderLayer", dModel, nhead, dimFeedforward, dropout,
                activation, layerNormEps, batchFirst, normFirst);
        selfAttn = registerModule("self_attn", options.attention(generator, dtype, device));
        linear1 = registerModule("linear1", options.linear(dModel, dimFeedforward, generator, dtype, device));
        this.dropout = registerModule("dropout", new Dropout(dropout));
        linear2 = registerModule("linear2", options.linear(dimFeedforward, dModel, generator, dtype, device));
        norm1 = registerModule("norm1", options.norm(dtype, device));
        norm2 = registerModule("norm2", options.norm(dtype, device));
        dropout1 = registerModule("dropout1", new Dropout(dropout));
        dropout2 = registerModule("dropout2", new Dropout(dropout));
    }

    /**
     * The layer without masks.
     *
     * @param src {@code [seq, batch, d_model]} ({@code [batch, seq, d_model]} batch first) or {@code [seq, d_model]}
     * @return the output, shaped like {@code src}
     */
    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null);
    }

    /**
     * PyTorch's {@code forward(src, src_mask, src_key_padding_mask)}.
     *
     * @param src {@code [seq, batch, d_model]} ({@code [batch, seq, d_model]} batch first) or {@code [seq, d_model]}
     * @param srcMask the attention mask, {@code [seq, seq]} or {@code [batch * nhead, seq, seq]}, bool or floating, or null
     * @param srcKeyPaddingMask {@code [batch, seq]} ({@code [seq]} unbatched), bool or floating, or null
     * @return the output, shaped like {@code src}
     */
    public Tensor forward(Tensor src, Tensor srcMask, Tensor srcKeyPaddingMask) {
        if (src == null) {
            throw new IllegalArgumentException("TransformerEncoderLayer: expected a src tensor, got null");
        }
        if (srcKeyPaddingMask != null && srcKeyPaddingMask.dtype() != DType.BOOL
                && !srcKeyPaddingMask.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("TransformerEncoderLayer: only bool and floating types of key_padding_mask "
                    + "are supported (got " + srcKeyPaddingMask.dtype().torchName() + ")");
        }
        Tensor x = src;
        if (options.normFirst()) {
            x = x.add(selfAttentionBlock(norm1.forward(x), srcMask, srcKeyPaddingMask));
            x = x.add(feedForwardBlock(norm2.forward(x)));
        } else {
            x = norm1.forward(x.add(selfAttentionBlock(x, srcMask, srcKeyPaddingMask)));
            x = norm2.forward(x.add(feedForwardBlock(x)));
        }
        return x;
    }

    private Tensor selfAttentionBlock(Tensor x, Tensor mask, Tensor keyPaddingMask) {
        return dropout1.forward(selfAttn.forward(x, x, x, keyPaddingMask, false, mask, true).attnOutput());
    }

    private Tensor feedForwardBlock(Tensor x) {
        return options.feedForward(x, linear1, dropout, linear2, dropout2);
    }

    /** A deep copy (PyTorch's {@code copy.deepcopy}): the same configuration, values, trainability and mode. */
    TransformerEncoderLayer deepCopy() {
        TransformerLayerOptions o = options;
        Tensor w = linear1.weight();
        return TransformerLayerOptions.copyState(this, new TransformerEncoderLayer(o.dModel(), o.nhead(),
                o.dimFeedforward(), o.dropout(), o.activation(), o.layerNormEps(), o.batchFirst(), o.normFirst(),
                new Generator(0), w.dtype(), w.device()));
    }

    /**
     * The self-attention.
     *
     * @return {@code self_attn}
     */
    public MultiheadAttention selfAttn() {
        return selfAttn;
    }

    /**
     * Whether the layer norms come first.
     *
     * @return {@code norm_first}
     */
    public boolean normFirst() {
        return options.normFirst();
    }
}

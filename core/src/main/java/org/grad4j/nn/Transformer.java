package org.grad4j.nn;

import java.util.Arrays;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;

/**
 * The encoder-decoder Transformer, PyTorch's {@code nn.Transformer}: a {@link TransformerEncoder} ({@code encoder}:
 * {@code num_encoder_layers} encoder layers and a final LayerNorm) whose output is the memory of a
 * {@link TransformerDecoder} ({@code decoder}: {@code num_decoder_layers} decoder layers and a final LayerNorm).
 * As in PyTorch, the submodules are drawn first, then every parameter of more than one dimension is redrawn with
 * {@code xavier_uniform_} in {@code parameters()} order, all from the same generator: the same seed gives PyTorch's
 * values.
 *
 * <pre>{@code
 * Transformer t = new Transformer(16, 4, 2, 2, 64, 0.1, "relu", null, null, 1e-5, true, false);
 * Tensor mask = Transformer.generateSquareSubsequentMask(tgt.size(1));
 * Tensor y = t.forward(src, tgt, null, mask, null, null, null, null);
 * }</pre>
 */
public final class Transformer extends Module {
    private final TransformerEncoder encoder;
    private final TransformerDecoder decoder;
    private final int dModel;
    private final int nhead;
    private final boolean batchFirst;

    /** PyTorch's defaults: {@code d_model=512, nhead=8}, 6 + 6 layers, {@code dim_feedforward=2048}, dropout 0.1, relu. */
    public Transformer() {
        this(512, 8, 6, 6, 2048, 0.1, "relu", null, null, 1e-5, false, false);
    }

    /**
     * A Transformer in the default dtype on the default device, drawn from the default generator.
     *
     * @param dModel the model dimension
     * @param nhead the number of attention heads
     * @param numEncoderLayers the number of encoder layers
     * @param numDecoderLayers the number of decoder layers
     * @param dimFeedforward the width of the feed-forward blocks
     * @param dropout the dropout probability
     * @param activation {@code "relu"} or {@code "gelu"}
     * @param customEncoder an encoder to use instead of the default one, or null
     * @param customDecoder a decoder to use instead of the default one, or null
     * @param layerNormEps the layer norms' eps
     * @param batchFirst whether the inputs are {@code [batch, seq, d_model]}
     * @param normFirst whether the layer norms come before each block
     */
    public Transformer(int dModel, int nhead, int numEncoderLayers, int numDecoderLayers, int dimFeedforward,
                       double dropout, String activation, TransformerEncoder customEncoder,
                       TransformerDecoder customDecoder, double layerNormEps, boolean batchFirst, boolean normFirst) {
        this(dModel, nhead, numEncoderLayers, numDecoderLayers, dimFeedforward, dropout, activation, customEncoder,
                customDecoder, layerNormEps, batchFirst, normFirst, Generator.defaultGenerator(), Tensor.defaultDType(),
                Device.fromSystemProperty());
    }

    /**
     * A Transformer drawn from {@code generator}, created in {@code dtype} on {@code device}.
     *
     * @param dModel the model dimension
     * @param nhead the number of attention heads
     * @param numEncoderLayers the number of encoder layers
     * @param numDecoderLayers the number of decoder layers
     * @param dimFeedforward the width of the feed-forward blocks
     * @param dropout the dropout probability
     * @param activation {@code "relu"} or {@code "gelu"}
     * @param customEncoder an encoder to use instead of the default one (its parameters are redrawn too, as in
     *     PyTorch), or null
     * @param customDecoder a decoder to use instead of the default one (redrawn too), or null
     * @param layerNormEps the layer norms' eps
     * @param batchFirst whether the inputs are {@code [batch, seq, d_model]}
     * @param normFirst whether the layer norms come before each block
     * @param generator the source of the initial values; it advances
     * @param dtype a floating dtype
     * @param device the device
     */
    public Transformer(int dModel, int nhead, int numEncoderLayers, int numDecoderLayers, int dimFeedforward,
                       double dropout, String activation, TransformerEncoder customEncoder,
                       TransformerDecoder customDecoder, double layerNormEps, boolean batchFirst, boolean normFirst,
                       Generator generator, DType dtype, Device device) {
        if (customEncoder != null) {
            encoder = registerModule("encoder", customEncoder);
        } else {
            TransformerEncoderLayer layer = new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropout,
                    activation, layerNormEps, batchFirst, normFirst, generator, dtype, device);
            LayerNorm norm = new LayerNorm(new int[] {dModel}, layerNormEps, true, dtype, device);
            encoder = registerModule("encoder", new TransformerEncoder(layer, numEncoderLayers, norm));
        }
        if (customDecoder != null) {
            decoder = registerModule("decoder", customDecoder);
        } else {
            TransformerDecoderLayer layer = new TransformerDecoderLayer(dModel, nhead, dimFeedforward, dropout,
                    activation, layerNormEps, batchFirst, normFirst, generator, dtype, device);
            LayerNorm norm = new LayerNorm(new int[] {dModel}, layerNormEps, true, dtype, device);
            decoder = registerModule("decoder", new TransformerDecoder(layer, numDecoderLayers, norm));
        }
        try (GradMode.Scope ignored = GradMode.noGrad()) {   // PyTorch's _reset_parameters
            for (Tensor p : parameters()) {
                if (p.dim() > 1) {
                    Init.xavierUniform_(p, 1.0, generator);
                }
            }
        }
        this.dModel = dModel;
        this.nhead = nhead;
        this.batchFirst = batchFirst;
    }

    /**
     * Refused: a Transformer needs the target too ({@link #forward(Tensor, Tensor)}).
     *
     * @param src the source sequence
     * @return never
     * @throws IllegalArgumentException always, as PyTorch's call without {@code tgt}
     */
    @Override
    public Tensor forward(Tensor src) {
        throw new IllegalArgumentException("Transformer: forward() missing 1 required positional argument: 'tgt' "
                + "(use forward(src, tgt))");
    }

    /**
     * The Transformer without masks.
     *
     * @param src the source sequence, {@code [S, batch, d_model]} ({@code [batch, S, d_model]} batch first) or
     *     {@code [S, d_model]}
     * @param tgt the target sequence, {@code [T, batch, d_model]} ({@code [batch, T, d_model]} batch first) or
     *     {@code [T, d_model]}
     * @return the decoder's output, shaped like {@code tgt}
     */
    public Tensor forward(Tensor src, Tensor tgt) {
        return forward(src, tgt, null, null, null, null, null, null);
    }

    /**
     * PyTorch's {@code forward(src, tgt, src_mask, tgt_mask, memory_mask, src_key_padding_mask,
     * tgt_key_padding_mask, memory_key_padding_mask)}: the encoder on {@code src}, then the decoder on {@code tgt}
     * with the encoder's output as memory.
     *
     * @param src the source sequence, {@code [S, batch, d_model]} ({@code [batch, S, d_model]} batch first) or
     *     {@code [S, d_model]}
     * @param tgt the target sequence, {@code [T, batch, d_model]} ({@code [batch, T, d_model]} batch first) or
     *     {@code [T, d_model]}
     * @param srcMask {@code [S, S]} or {@code [batch * nhead, S, S]}, or null
     * @param tgtMask {@code [T, T]} or {@code [batch * nhead, T, T]} (e.g. {@link #generateSquareSubsequentMask}),
     *     or null
     * @param memoryMask {@code [T, S]} or {@code [batch * nhead, T, S]}, or null
     * @param srcKeyPaddingMask {@code [batch, S]}, or null
     * @param tgtKeyPaddingMask {@code [batch, T]}, or null
     * @param memoryKeyPaddingMask {@code [batch, S]}, or null
     * @return the decoder's output, shaped like {@code tgt}
     */
    public Tensor forward(Tensor src, Tensor tgt, Tensor srcMask, Tensor tgtMask, Tensor memoryMask,
                          Tensor srcKeyPaddingMask, Tensor tgtKeyPaddingMask, Tensor memoryKeyPaddingMask) {
        if (src == null || tgt == null) {
            throw new IllegalArgumentException("Transformer: expected src and tgt tensors, got "
                    + (src == null ? "a null src" : "a null tgt"));
        }
        boolean batched = src.dim() == 3;
        int batchDim = batchFirst ? 0 : 1;
        if (batched && (tgt.dim() <= batchDim || src.size(batchDim) != tgt.size(batchDim))) {
            throw new IllegalArgumentException("Transformer: the batch number of src and tgt must be equal (src "
                    + Arrays.toString(src.shape()) + ", tgt " + Arrays.toString(tgt.shape()) + ", batch_first="
                    + (batchFirst ? "True" : "False") + ")");
        }
        if (src.dim() == 0 || tgt.dim() == 0 || src.size(-1) != dModel || tgt.size(-1) != dModel) {
            throw new IllegalArgumentException("Transformer: the feature number of src and tgt must be equal to d_model "
                    + "(src " + Arrays.toString(src.shape()) + ", tgt " + Arrays.toString(tgt.shape()) + ", d_model "
                    + dModel + ")");
        }
        Tensor memory = encoder.forward(src, srcMask, srcKeyPaddingMask);
        return decoder.forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
    }

    /**
     * PyTorch's {@code Transformer.generate_square_subsequent_mask(sz)}: a {@code [sz, sz]} float mask in the default
     * dtype, {@code -inf} above the diagonal (a position may not attend to later ones) and 0 elsewhere.
     *
     * @param sz the sequence length
     * @return the mask, on the CPU
     */
    public static Tensor generateSquareSubsequentMask(int sz) {
        return generateSquareSubsequentMask(sz, Device.CPU);
    }

    /**
     * {@link #generateSquareSubsequentMask(int)} on {@code device}.
     *
     * @param sz the sequence length
     * @param device the device of the mask
     * @return the mask
     */
    public static Tensor generateSquareSubsequentMask(int sz, Device device) {
        if (sz < 0) {
            throw new IllegalArgumentException("Transformer.generateSquareSubsequentMask: Trying to create tensor with "
                    + "negative dimension " + sz + ": [" + sz + ", " + sz + "]");
        }
        return Tensor.full(new int[] {sz, sz}, Double.NEGATIVE_INFINITY, Tensor.defaultDType(), device).triu(1);
    }

    /**
     * The encoder.
     *
     * @return {@code encoder}
     */
    public TransformerEncoder encoder() {
        return encoder;
    }

    /**
     * The decoder.
     *
     * @return {@code decoder}
     */
    public TransformerDecoder decoder() {
        return decoder;
    }

    /**
     * The model dimension.
     *
     * @return {@code d_model}
     */
    public int dModel() {
        return dModel;
    }

    /**
     * The number of attention heads.
     *
     * @return {@code nhead}
     */
    public int nhead() {
        return nhead;
    }

    /**
     * Whether the inputs are batch first.
     *
     * @return {@code batch_first}
     */
    public boolean batchFirst() {
        return batchFirst;
    }
}

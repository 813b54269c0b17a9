package org.grad4j.nn;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;

/**
 * PyTorch's {@code nn.EmbeddingBag(num_embeddings, embedding_dim, max_norm=None, norm_type=2.0,
 * scale_grad_by_freq=False, mode='mean', sparse=False, include_last_offset=False, padding_idx=None)}: {@code weight}
 * drawn from N(0, 1) as PyTorch draws it (the padding row zeroed), so a seeded generator gives PyTorch's initial
 * values; see {@link Functional#embeddingBag}. Sparse gradients are not supported.
 */
public class EmbeddingBag extends Module {
    private final int numEmbeddings;
    private final int embeddingDim;
    private final double maxNorm;
    private final double normType;
    private final boolean scaleGradByFreq;
    private final String mode;
    private final boolean includeLastOffset;
    private final Integer paddingIdx;
    private final Tensor weight;

    /**
     * {@code EmbeddingBag(num, dim)}: mode "mean", in the default dtype on the default device, from
     * {@link Generator#defaultGenerator()}.
     *
     * @param numEmbeddings the table's rows
     * @param embeddingDim each row's size
     */
    public EmbeddingBag(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, Double.NaN, 2.0, false, "mean", false, null, Generator.defaultGenerator(),
                Tensor.defaultDType(), Device.fromSystemProperty());
    }

    /**
     * Every option, in PyTorch's order (without {@code sparse}).
     *
     * @param numEmbeddings the table's rows
     * @param embeddingDim each row's size
     * @param maxNorm renormalise looked-up rows to at most this norm, or NaN for none
     * @param normType the norm's p
     * @param scaleGradByFreq scale the gradient by the inverse frequency of each index
     * @param mode "sum", "mean" or "max"
     * @param includeLastOffset whether offsets end with the end of the last bag
     * @param paddingIdx an index whose entries are skipped (its row starts at zero), or null
     * @param generator the source of the initial values; it advances
     * @param dtype the weight's floating dtype
     * @param device the weight's device
     */
    public EmbeddingBag(int numEmbeddings, int embeddingDim, double maxNorm, double normType, boolean scaleGradByFreq,
            String mode, boolean includeLastOffset, Integer paddingIdx, Generator generator, DType dtype,
            Device device) {
        if (!"sum".equals(mode) && !"mean".equals(mode) && !"max".equals(mode)) {
            throw new IllegalArgumentException("EmbeddingBag: mode has to be one of sum, mean or max, got " + mode);
        }
        if (paddingIdx != null && (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings)) {
            throw new IllegalArgumentException("EmbeddingBag: padding_idx must be within num_embeddings (padding_idx "
                    + paddingIdx + ", num_embeddings " + numEmbeddings + ")");
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.maxNorm = maxNorm;
        this.normType = normType;
        this.scaleGradByFreq = scaleGradByFreq;
        this.mode = mode;
        this.includeLastOffset = includeLastOffset;
        this.paddingIdx = paddingIdx == null ? null : paddingIdx >= 0 ? paddingIdx : (Integer) (paddingIdx + numEmbeddings);
        // Embedding draws N(0, 1) as PyTorch and zeroes the padding row: the same table
        Embedding draw = new Embedding(numEmbeddings, embeddingDim,
                this.paddingIdx == null ? Embedding.NO_PADDING : this.paddingIdx, generator, dtype, device);
        this.weight = registerParameter("weight", draw.weight().detach().clone());
    }

    /**
     * The bags of a 2-D input (one per row).
     *
     * @param input int64 {@code [bags, length]}
     * @return {@code [bags, embedding_dim]}
     */
    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null, null);
    }

    /**
     * PyTorch's {@code forward(input, offsets, per_sample_weights)}.
     *
     * @param input int64 indices, 1-D with offsets or 2-D without
     * @param offsets each bag's start, or null
     * @param perSampleWeights weights of the input's shape (mode "sum"), or null
     * @return {@code [bags, embedding_dim]}
     */
    public Tensor forward(Tensor input, Tensor offsets, Tensor perSampleWeights) {
        return Functional.embeddingBag(input, weight, offsets, maxNorm, normType, scaleGradByFreq, mode,
                perSampleWeights, includeLastOffset, paddingIdx);
    }

    /**
     * The table, {@code [num_embeddings, embedding_dim]}.
     *
     * @return the weight parameter itself
     */
    public Tensor weight() {
        return weight;
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (Double.isNaN(maxNorm) ? "" : ", max_norm=" + PythonFloat.repr(maxNorm))
                + (normType != 2 ? ", norm_type=" + PythonFloat.repr(normType) : "")
                + (scaleGradByFreq ? ", scale_grad_by_freq=True" : "") + ", mode=" + mode
                + (paddingIdx != null ? ", padding_idx=" + paddingIdx : "");
    }
}

package org.grad4j.nn;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;

/**
 * A lookup table of {@code num_embeddings} vectors of size {@code embedding_dim} ({@code nn.Embedding}): the forward
 * maps int64 indices of any shape to their rows. The weight is drawn from N(0, 1) by the generator, as PyTorch's
 * {@code normal_} draws it (same values for the same seed); the {@code padding_idx} row starts at zero and
 * receives no gradient. With {@code max_norm}, each forward first scales the looked-up rows whose norm exceeds it
 * down to it, in place (PyTorch's {@code embedding_renorm_}). PyTorch's {@code scale_grad_by_freq} and
 * {@code sparse} are not offered. {@link #fromPretrained} wraps a given table.
 *
 * <pre>{@code
 * Embedding emb = new Embedding(10, 3);
 * Tensor v = emb.forward(Tensor.of(new long[] {1, 2, 4}, 3));   // [3, 3]
 * }</pre>
 */
public class Embedding extends Module {
    /** No padding row. */
    public static final int NO_PADDING = Integer.MIN_VALUE;
    /** No renormalisation ({@code max_norm=None}). */
    public static final double NO_MAX_NORM = Double.NaN;

    private final int numEmbeddings;
    private final int embeddingDim;
    private final int paddingIdx;
    private final double maxNorm;
    private final double normType;
    private final Tensor weight;

    /**
     * A table in the default dtype on the default device, drawn from {@link Generator#defaultGenerator()}.
     *
     * @param numEmbeddings the number of rows
     * @param embeddingDim the size of each row
     */
    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, NO_PADDING);
    }

    /**
     * A table with a padding row.
     *
     * @param numEmbeddings the number of rows
     * @param embeddingDim the size of each row
     * @param paddingIdx the row that starts at zero and gets no gradient (negative counts from the end), or
     *     {@link #NO_PADDING}
     */
    public Embedding(int numEmbeddings, int embeddingDim, int paddingIdx) {
        this(numEmbeddings, embeddingDim, paddingIdx, Generator.defaultGenerator(), Tensor.defaultDType(),
                Device.fromSystemProperty());
    }

    /**
     * A table drawn from {@code generator}, created in {@code dtype} on {@code device}.
     *
     * @param numEmbeddings the number of rows
     * @param embeddingDim the size of each row
     * @param paddingIdx the padding row, or {@link #NO_PADDING}
     * @param generator the source of the N(0, 1) initial values
     * @param dtype a floating dtype
     * @param device the device
     */
    public Embedding(int numEmbeddings, int embeddingDim, int paddingIdx, Generator generator, DType dtype, Device device) {
        this(numEmbeddings, embeddingDim, paddingIdx, NO_MAX_NORM, 2.0, generator, dtype, device);
    }

    /**
     * A table whose looked-up rows are renormalised to at most {@code maxNorm} by each forward
     * ({@code nn.Embedding(n, d, padding_idx, max_norm, norm_type)}).
     *
     * @param numEmbeddings the number of rows
     * @param embeddingDim the size of each row
     * @param paddingIdx the padding row, or {@link #NO_PADDING}
     * @param maxNorm the largest norm a looked-up row keeps, or {@link #NO_MAX_NORM}
     * @param normType the p of that norm (PyTorch's default is 2)
     */
    public Embedding(int numEmbeddings, int embeddingDim, int paddingIdx, double maxNorm, double normType) {
        this(numEmbeddings, embeddingDim, paddingIdx, maxNorm, normType, Generator.defaultGenerator(),
                Tensor.defaultDType(), Device.fromSystemProperty());
    }

    /**
     * A table with every option, drawn from {@code generator}, created in {@code dtype} on {@code device}.
     *
     * @param numEmbeddings the number of rows
     * @param embeddingDim the size of each row
     * @param paddingIdx the padding row, or {@link #NO_PADDING}
     * @param maxNorm the largest norm a looked-up row keeps, or {@link #NO_MAX_NORM}
     * @param normType the p of that norm (PyTorch's default is 2)
     * @param generator the source of the N(0, 1) initial values
     * @param dtype a floating dtype
     * @param device the device
     */
    public Embedding(int numEmbeddings, int embeddingDim, int paddingIdx, double maxNorm, double normType,
            Generator generator, DType dtype, Device device) {
        if (numEmbeddings < 0 || embeddingDim < 0) {
            throw new IllegalArgumentException("Embedding: num_embeddings and embedding_dim must be non-negative, got "
                    + numEmbeddings + " and " + embeddingDim);
        }
        if (generator == null || dtype == null || device == null) {
            throw new IllegalArgumentException("Embedding: generator, dtype and device must not be null");
        }
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("Embedding: expected a floating dtype, got " + dtype.torchName());
        }
        if (paddingIdx != NO_PADDING && (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings)) {
            throw new IllegalArgumentException("Embedding: Padding_idx must be within num_embeddings (padding_idx "
                    + paddingIdx + ", num_embeddings " + numEmbeddings + ")");
        }
        long count = (long) numEmbeddings * embeddingDim;
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Embedding: a table of " + numEmbeddings + " x " + embeddingDim
                    + " is too large: grad4j indexes at most " + Integer.MAX_VALUE + " elements per tensor");
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.maxNorm = maxNorm;
        this.normType = normType;
        this.paddingIdx = paddingIdx == NO_PADDING || paddingIdx >= 0 ? paddingIdx : paddingIdx + numEmbeddings;
        double[] values;
        try {
            values = new double[(int) count];
            if (dtype == DType.FLOAT32) {
                float[] f = new float[values.length];
                generator.normal(f, 0.0, 1.0);
                for (int i = 0; i < f.length; i++) {
                    values[i] = f[i];
                }
            } else {
                generator.normal(values, 0.0, 1.0);
            }
        } catch (OutOfMemoryError e) {
            throw new IllegalStateException("Embedding: out of memory for a weight of shape [" + numEmbeddings + ", "
                    + embeddingDim + "] (" + dtype + ", drawn in double: " + count * Double.BYTES + " bytes); the "
                    + "Java heap's maximum is " + Runtime.getRuntime().maxMemory() + " bytes (-Xmx)", e);
        }
        if (this.paddingIdx != NO_PADDING) {
            java.util.Arrays.fill(values, this.paddingIdx * embeddingDim, (this.paddingIdx + 1) * embeddingDim, 0.0);
        }
        this.weight = registerParameter("weight", Tensor.of(values, dtype, device, numEmbeddings, embeddingDim));
    }

    /** {@link #fromPretrained}'s table: the given weight, shared, not drawn. */
    private Embedding(Tensor embeddings, boolean freeze, int paddingIdx, double maxNorm, double normType) {
        int rows = embeddings.size(0);
        int cols = embeddings.size(1);
        if (paddingIdx != NO_PADDING && (paddingIdx >= rows || paddingIdx < -rows)) {
            throw new IllegalArgumentException("Embedding.fromPretrained: Padding_idx must be within num_embeddings "
                    + "(padding_idx " + paddingIdx + ", num_embeddings " + rows + ")");
        }
        if (!freeze && !embeddings.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("Embedding.fromPretrained: Only Tensors of floating point and complex "
                    + "dtype can require gradients (embeddings of dtype " + embeddings.dtype().torchName() + ", freeze=False)");
        }
        this.numEmbeddings = rows;
        this.embeddingDim = cols;
        this.maxNorm = maxNorm;
        this.normType = normType;
        this.paddingIdx = paddingIdx == NO_PADDING || paddingIdx >= 0 ? paddingIdx : paddingIdx + rows;
        // PyTorch's Parameter(embeddings) shares their storage; the padding row is kept as given
        this.weight = registerParameter("weight", embeddings.detach());
        weight.requiresGrad_(!freeze);   // PyTorch's embedding.weight.requires_grad = not freeze
    }

    /**
     * {@code nn.Embedding.from_pretrained(embeddings)}: a frozen table without padding row or renormalisation.
     *
     * @param embeddings the table, {@code [num_embeddings, embedding_dim]}; shared, not copied
     * @return the module, whose weight does not require grad
     */
    public static Embedding fromPretrained(Tensor embeddings) {
        return fromPretrained(embeddings, true, NO_PADDING, NO_MAX_NORM, 2.0);
    }

    /**
     * PyTorch's {@code nn.Embedding.from_pretrained(embeddings, freeze, padding_idx, max_norm, norm_type)}: a table
     * whose weight is {@code embeddings} itself (the parameter shares their storage, as PyTorch's
     * {@code Parameter(embeddings)} does; nothing is drawn, and the padding row keeps its values but gets no gradient).
     *
     * @param embeddings the table, a 2-D tensor {@code [num_embeddings, embedding_dim]}
     * @param freeze whether the weight does not require grad (PyTorch's default: true)
     * @param paddingIdx the padding row (negative counts from the end), or {@link #NO_PADDING}
     * @param maxNorm the largest norm a looked-up row keeps, or {@link #NO_MAX_NORM}
     * @param normType the p of that norm (PyTorch's default is 2)
     * @return the module
     */
    public static Embedding fromPretrained(Tensor embeddings, boolean freeze, int paddingIdx, double maxNorm,
                                           double normType) {
        if (embeddings == null) {
            throw new IllegalArgumentException("Embedding.fromPretrained: expected an embeddings tensor, got null");
        }
        if (embeddings.dim() != 2) {
            throw new IllegalArgumentException("Embedding.fromPretrained: Embeddings parameter is expected to be "
                    + "2-dimensional (got shape " + java.util.Arrays.toString(embeddings.shape()) + ")");
        }
        return new Embedding(embeddings, freeze, paddingIdx, maxNorm, normType);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (!Double.isNaN(maxNorm)) {
            return Functional.embedding(input, weight, paddingIdx, maxNorm, normType);
        }
        return paddingIdx == NO_PADDING ? Functional.embedding(input, weight)
                : Functional.embedding(input, weight, paddingIdx);
    }

    /**
     * The table, {@code [num_embeddings, embedding_dim]}.
     *
     * @return the weight parameter itself (not a copy)
     */
    public Tensor weight() {
        return weight;
    }

    /**
     * The padding row, or {@link #NO_PADDING}.
     *
     * @return the padding index, non-negative when set
     */
    public int paddingIdx() {
        return paddingIdx;
    }

    /**
     * The renormalisation bound.
     *
     * @return {@code max_norm}, or {@link #NO_MAX_NORM} (NaN) when none
     */
    public double maxNorm() {
        return maxNorm;
    }

    /**
     * The p of the norm that {@code max_norm} bounds.
     *
     * @return {@code norm_type}, 2 by default
     */
    public double normType() {
        return normType;
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (paddingIdx == NO_PADDING ? "" : ", padding_idx=" + paddingIdx)
                + (Double.isNaN(maxNorm) ? "" : ", max_norm=" + PythonFloat.repr(maxNorm))
                + (normType == 2.0 ? "" : ", norm_type=" + PythonFloat.repr(normType));
    }
}

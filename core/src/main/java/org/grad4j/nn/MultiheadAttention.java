package org.grad4j.nn;

import java.util.Arrays;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * Multi-head attention, PyTorch's {@code nn.MultiheadAttention}, computed in the order of PyTorch 1.13's
 * {@code F.multi_head_attention_forward}: the packed (or, with {@code kdim}/{@code vdim}, separate) input projections,
 * per head {@code softmax(q / sqrt(head_dim) @ k^T + mask) @ v} (dropout on the weights when training), then
 * {@code out_proj}. Inputs are {@code [L, N, E]} ({@code [N, L, E]} batch first) or unbatched {@code [L, E]}.
 *
 * <p>Parameters: {@code in_proj_weight} {@code [3E, E]} (or {@code q_proj_weight}, {@code k_proj_weight},
 * {@code v_proj_weight} when {@code kdim} or {@code vdim} differ from {@code E}), {@code in_proj_bias} {@code [3E]},
 * {@code out_proj.weight} and {@code out_proj.bias}; drawn as PyTorch draws them for the same seed (the output
 * projection's Linear init first, then Xavier-uniform input projections; biases zero). {@code attn_mask} may be bool
 * (true: not attended) or floating (added), {@code [L, S]} or {@code [N * heads, L, S]}; {@code key_padding_mask}
 * bool (true: ignored) or floating (added), {@code [N, S]}. With {@code add_bias_kv}, the learned {@code bias_k} and
 * {@code bias_v} ({@code [1, 1, E]}, Xavier-normal) are appended to the keys and values; with {@code add_zero_attn},
 * a zero key and value per head. PyTorch's inference fast path is not taken (the results agree to rounding).
 *
 * <pre>{@code
 * MultiheadAttention mha = new MultiheadAttention(8, 2);
 * MultiheadAttention.Output o = mha.forward(x, x, x);   // x [L, N, 8]: o.attnOutput() [L, N, 8],
 *                                                       // o.attnOutputWeights() [N, L, L]
 * }</pre>
 */
public final class MultiheadAttention extends Module {
    /**
     * A forward's result, PyTorch's {@code (attn_output, attn_output_weights)}.
     *
     * @param attnOutput {@code [L, N, E]} ({@code [N, L, E]} batch first; {@code [L, E]} unbatched)
     * @param attnOutputWeights {@code [N, L, S]} averaged over the heads, or {@code [N, heads, L, S]}; unbatched
     *     without {@code N}; null unless {@code needWeights}
     */
    public record Output(Tensor attnOutput, Tensor attnOutputWeights) {
    }

    private final int embedDim;
    private final int kdim;
    private final int vdim;
    private final int numHeads;
    private final double dropout;
    private final boolean batchFirst;
    private final boolean sameEmbedDim;
    private final Tensor inProjWeight;
    private final Tensor qProjWeight;
    private final Tensor kProjWeight;
    private final Tensor vProjWeight;
    private final Tensor inProjBias;
    private final Linear outProj;
    private final Tensor biasK;
    private final Tensor biasV;
    private final boolean addZeroAttn;

    /**
     * Attention with biases, no dropout, time first, in the default dtype on the default device.
     *
     * @param embedDim the model dimension E
     * @param numHeads the number of heads; E must be divisible by it
     */
    public MultiheadAttention(int embedDim, int numHeads) {
        this(embedDim, numHeads, 0.0, true, false, false, embedDim, embedDim, false);
    }

    /**
     * Attention in the default dtype on the default device, drawn from the default generator.
     *
     * @param embedDim the model dimension E
     * @param numHeads the number of heads; E must be divisible by it
     * @param dropout the dropout probability on the attention weights, when training
     * @param bias whether the input and output projections have biases
     * @param addBiasKv whether to append the learned {@code bias_k} and {@code bias_v} to the keys and values
     * @param addZeroAttn whether to append a zero key and value
     * @param kdim the number of features of the keys (PyTorch's default: E)
     * @param vdim the number of features of the values (PyTorch's default: E)
     * @param batchFirst whether inputs and output are {@code [N, L, E]}
     */
    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, boolean addBiasKv,
                              boolean addZeroAttn, int kdim, int vdim, boolean batchFirst) {
        this(embedDim, numHeads, dropout, bias, addBiasKv, addZeroAttn, kdim, vdim, batchFirst, Generator.defaultGenerator(),
                Tensor.defaultDType(), Device.fromSystemProperty());
    }

    /**
     * Attention drawn from {@code generator}, created in {@code dtype} on {@code device}.
     *
     * @param embedDim the model dimension E
     * @param numHeads the number of heads; E must be divisible by it
     * @param dropout the dropout probability on the attention weights, when training
     * @param bias whether the input and output projections have biases
     * @param addBiasKv whether to append the learned {@code bias_k} and {@code bias_v} to the keys and values
     * @param addZeroAttn whether to append a zero key and value
     * @param kdim the number of features of the keys (PyTorch's default: E)
     * @param vdim the number of features of the values (PyTorch's default: E)
     * @param batchFirst whether inputs and output are {@code [N, L, E]}
     * @param generator the source of the initial values; it advances
     * @param dtype a floating dtype
     * @param device the device
     */
    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, boolean addBiasKv,
                              boolean addZeroAttn, int kdim, int vdim, boolean batchFirst, Generator generator,
                              DType dtype, Device device) {
        if (embedDim <= 0 || numHeads <= 0 || kdim <= 0 || vdim <= 0) {
            throw new IllegalArgumentException("MultiheadAttention: embed_dim, num_heads, kdim and vdim must be positive, got "
                    + embedDim + ", " + numHeads + ", " + kdim + " and " + vdim);
        }
        if (embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiheadAttention: embed_dim must be divisible by num_heads (embed_dim "
                    + embedDim + ", num_heads " + numHeads + ")");
        }
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException("MultiheadAttention: dropout probability has to be between 0 and 1, but got "
                    + dropout);
        }
        if (generator == null || dtype == null || device == null || !dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("MultiheadAttention: expected a generator, a floating dtype and a device, got "
                    + generator + ", " + dtype + " and " + device);
        }
        this.embedDim = embedDim;
        this.kdim = kdim;
        this.vdim = vdim;
        this.numHeads = numHeads;
        this.dropout = dropout;
        this.batchFirst = batchFirst;
        this.sameEmbedDim = kdim == embedDim && vdim == embedDim;
        // registered in PyTorch's order; drawn in its order: out_proj's Linear init first, then Xavier
        if (sameEmbedDim) {
            inProjWeight = registerParameter("in_proj_weight", Tensor.full(new int[] {3 * embedDim, embedDim}, 0.0, dtype, device));
            qProjWeight = kProjWeight = vProjWeight = null;
        } else {
            inProjWeight = null;
            qProjWeight = registerParameter("q_proj_weight", Tensor.full(new int[] {embedDim, embedDim}, 0.0, dtype, device));
            kProjWeight = registerParameter("k_proj_weight", Tensor.full(new int[] {embedDim, kdim}, 0.0, dtype, device));
            vProjWeight = registerParameter("v_proj_weight", Tensor.full(new int[] {embedDim, vdim}, 0.0, dtype, device));
        }
        inProjBias = bias ? registerParameter("in_proj_bias", Tensor.full(new int[] {3 * embedDim}, 0.0, dtype, device)) : null;
        outProj = registerModule("out_proj", new NonDynamicallyQuantizableLinear(embedDim, bias, generator, dtype, device));
        biasK = addBiasKv ? registerParameter("bias_k", Tensor.full(new int[] {1, 1, embedDim}, 0.0, dtype, device)) : null;
        biasV = addBiasKv ? registerParameter("bias_v", Tensor.full(new int[] {1, 1, embedDim}, 0.0, dtype, device)) : null;
        this.addZeroAttn = addZeroAttn;
        if (sameEmbedDim) {
            Init.xavierUniform_(inProjWeight, 1.0, generator);
        } else {
            Init.xavierUniform_(qProjWeight, 1.0, generator);
            Init.xavierUniform_(kProjWeight, 1.0, generator);
            Init.xavierUniform_(vProjWeight, 1.0, generator);
        }
        if (bias) {
            Init.constant_(outProj.bias(), 0.0);
        }
        if (addBiasKv) {
            Init.xavierNormal_(biasK, 1.0, generator);
            Init.xavierNormal_(biasV, 1.0, generator);
        }
    }

    /**
     * Self-attention of {@code input}: the output of {@code forward(input, input, input)}.
     *
     * @param input the query, key and value
     * @return the attention output
     */
    @Override
    public Tensor forward(Tensor input) {
        return forward(input, input, input, null, false, null, true).attnOutput();
    }

    /**
     * Attention without masks, with the head-averaged weights.
     *
     * @param query {@code [L, N, E]} ({@code [N, L, E]} batch first) or {@code [L, E]}
     * @param key {@code [S, N, kdim]} or {@code [S, kdim]}
     * @param value {@code [S, N, vdim]} or {@code [S, vdim]}
     * @return the output and the averaged weights
     */
    public Output forward(Tensor query, Tensor key, Tensor value) {
        return forward(query, key, value, null, true, null, true);
    }

    /**
     * PyTorch's {@code forward(query, key, value, key_padding_mask, need_weights, attn_mask, average_attn_weights)}.
     *
     * @param query {@code [L, N, E]} ({@code [N, L, E]} batch first) or {@code [L, E]}
     * @param key {@code [S, N, kdim]} or {@code [S, kdim]}
     * @param value {@code [S, N, vdim]} or {@code [S, vdim]}
     * @param keyPaddingMask {@code [N, S]} ({@code [S]} unbatched), bool (true: ignore that key) or floating (added),
     *     or null
     * @param needWeights whether to return the attention weights
     * @param attnMask {@code [L, S]} or {@code [N * num_heads, L, S]}, bool (true: not attended) or floating (added),
     *     or null
     * @param averageAttnWeights whether the returned weights are averaged over the heads
     * @return the output and, with {@code needWeights}, the weights
     */
    public Output forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights,
                          Tensor attnMask, boolean averageAttnWeights) {
        if (query == null || key == null || value == null) {
            throw new IllegalArgumentException("MultiheadAttention: expected query, key and value tensors, got null");
        }
        boolean batched = query.dim() == 3;
        if (keyPaddingMask != null && keyPaddingMask.dtype() != DType.BOOL && !keyPaddingMask.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("MultiheadAttention: only bool and floating types of key_padding_mask are "
                    + "supported (got " + keyPaddingMask.dtype().torchName() + ")");
        }
        Tensor q = query;
        Tensor k = key;
        Tensor v = value;
        if (batchFirst && batched) {   // keeps the identities that choose the packed projection
            if (key == value) {
                if (query == key) {
                    q = k = v = query.transpose(1, 0);
                } else {
                    q = query.transpose(1, 0);
                    k = v = key.transpose(1, 0);
                }
            } else {
                q = query.transpose(1, 0);
                k = key.transpose(1, 0);
                v = value.transpose(1, 0);
            }
        }
        Output o = attend(q, k, v, keyPaddingMask, needWeights, attnMask, averageAttnWeights);
        return batchFirst && batched ? new Output(o.attnOutput().transpose(1, 0), o.attnOutputWeights()) : o;
    }

    /** {@code F.multi_head_attention_forward} of PyTorch 1.13, step by step. */
    private Output attend(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights,
                          Tensor attnMask, boolean averageAttnWeights) {
        boolean batched = shapeCheck(query, key, value, keyPaddingMask, attnMask);
        if (!batched) {   // three new tensors, as in PyTorch: the projections are then separate
            query = query.unsqueeze(1);
            key = key.unsqueeze(1);
            value = value.unsqueeze(1);
            if (keyPaddingMask != null) {
                keyPaddingMask = keyPaddingMask.unsqueeze(0);
            }
        }
        int tgtLen = query.size(0);
        int bsz = query.size(1);
        int e = query.size(2);
        if (e != embedDim) {
            throw error("was expecting embedding dimension of " + embedDim + ", but got " + e);
        }
        int headDim = embedDim / numHeads;
        if (sameEmbedDim) {
            if (!Arrays.equals(key.shape(), value.shape())) {
                throw error("key shape " + torchSize(key.shape()) + " does not match value shape " + torchSize(value.shape()));
            }
        } else if (key.size(0) != value.size(0) || key.size(1) != value.size(1)) {
            throw error("key's sequence and batch dims " + torchSize(key.size(0), key.size(1)) + " do not match value's "
                    + torchSize(value.size(0), value.size(1)));
        }
        if (key.size(1) != bsz) {
            throw error("expected key and value with the query's batch size " + bsz + ", got key of shape "
                    + Arrays.toString(key.shape()));
        }
        Tensor[] qkv = project(query, key, value);
        Tensor q = qkv[0];
        Tensor k = qkv[1];
        Tensor v = qkv[2];
        int srcLen = k.size(0);
        Tensor mask = attnMask;
        if (mask != null) {
            if (mask.dtype() == DType.UINT8) {
                mask = mask.to(DType.BOOL);   // PyTorch warns that byte masks are deprecated
            } else if (mask.dtype() != DType.BOOL && !mask.dtype().isFloatingPoint()) {
                throw error("Only float, byte, and bool types are supported for attn_mask, not " + mask.dtype().torchName());
            }
            if (mask.dim() == 2) {
                if (mask.size(0) != tgtLen || mask.size(1) != srcLen) {
                    throw error("The shape of the 2D attn_mask is " + torchSize(mask.shape()) + ", but should be ("
                            + tgtLen + ", " + srcLen + ").");
                }
                mask = mask.unsqueeze(0);
            } else if (mask.dim() == 3) {
                if (mask.size(0) != bsz * numHeads || mask.size(1) != tgtLen || mask.size(2) != srcLen) {
                    throw error("The shape of the 3D attn_mask is " + torchSize(mask.shape()) + ", but should be ("
                            + bsz * numHeads + ", " + tgtLen + ", " + srcLen + ").");
                }
            } else {
                throw error("attn_mask's dimension " + mask.dim() + " is not supported");
            }
        }
        if (biasK != null) {
            k = Tensor.cat(java.util.List.of(k, biasK.expand(1, bsz, embedDim)), 0);
            v = Tensor.cat(java.util.List.of(v, biasV.expand(1, bsz, embedDim)), 0);
            mask = padLast(mask);
            keyPaddingMask = padLast(keyPaddingMask);
        }
        q = q.contiguous().view(tgtLen, bsz * numHeads, headDim).transpose(0, 1);
        k = k.contiguous().view(k.size(0), bsz * numHeads, headDim).transpose(0, 1);
        v = v.contiguous().view(v.size(0), bsz * numHeads, headDim).transpose(0, 1);
        if (addZeroAttn) {
            Tensor zeros = Tensor.full(new int[] {bsz * numHeads, 1, headDim}, 0.0, k.dtype(), k.device());
            k = Tensor.cat(java.util.List.of(k, zeros), 1);
            v = Tensor.cat(java.util.List.of(v, zeros), 1);
            mask = padLast(mask);
            keyPaddingMask = padLast(keyPaddingMask);
        }
        srcLen = k.size(1);
        if (keyPaddingMask != null) {
            if (keyPaddingMask.dim() != 2 || keyPaddingMask.size(0) != bsz || keyPaddingMask.size(1) != srcLen) {
                throw error("expecting key_padding_mask shape of (" + bsz + ", " + srcLen + "), but got "
                        + torchSize(keyPaddingMask.shape()));
            }
            Tensor kpm = keyPaddingMask.view(bsz, 1, 1, srcLen).expand(-1, numHeads, -1, -1).reshape(bsz * numHeads, 1, srcLen);
            if (mask == null) {
                mask = kpm;
            } else if (mask.dtype() == DType.BOOL) {
                mask = mask.logicalOr(kpm);
            } else {
                if (kpm.dtype() != DType.BOOL) {
                    throw error("masked_fill_ only supports boolean masks, but got mask with dtype "
                            + kpm.dtype().torchName().replace("torch.", "") + " (a floating attn_mask takes a bool key_padding_mask)");
                }
                mask = mask.maskedFill(kpm, Double.NEGATIVE_INFINITY);
            }
        }
        if (mask != null && mask.dtype() == DType.BOOL) {
            mask = Tensor.zerosLike(mask, q.dtype()).maskedFill(mask, Double.NEGATIVE_INFINITY);
        }
        double p = isTraining() ? dropout : 0.0;
        Tensor qScaled = q.div(Math.sqrt(headDim));
        Tensor scores = qScaled.bmm(k.transpose(-2, -1));
        // PyTorch's baddbmm(mask, q, k^T): mask + (q k^T), the sum added to the mask last
        Tensor weights = mask == null ? scores : mask.add(scores);
        weights = weights.softmax(-1);
        if (p > 0.0) {
            weights = Dropout.dropout(weights, p, true, false, Generator.defaultGenerator());
        }
        Tensor out = weights.bmm(v);
        out = out.transpose(0, 1).contiguous().view(tgtLen * bsz, embedDim);
        out = Functional.linear(out, outProj.weight(), outProj.bias());
        out = out.view(tgtLen, bsz, out.size(1));
        Tensor w = null;
        if (needWeights) {
            w = weights.view(bsz, numHeads, tgtLen, srcLen);
            if (averageAttnWeights) {
                w = w.sum(1).div(numHeads);
            }
            if (!batched) {
                w = w.squeeze(0);
            }
        }
        return new Output(batched ? out : out.squeeze(1), w);
    }

    /** PyTorch's {@code pad(mask, (0, 1))}: one more column of zeros (false), or null for null. */
    private static Tensor padLast(Tensor mask) {
        return mask == null ? null : Tensor.cat(java.util.List.of(mask, Tensor.zerosLike(mask.narrow(-1, 0, 1))), -1);
    }

    /** PyTorch's {@code _in_projection_packed} (sharing the projection when query, key and value are one) or {@code _in_projection}. */
    private Tensor[] project(Tensor q, Tensor k, Tensor v) {
        int e = embedDim;
        if (sameEmbedDim) {
            checkWidth(k, e);
            checkWidth(v, e);
            Tensor b = inProjBias;
            if (k == v) {
                if (q == k) {
                    Tensor all = Functional.linear(q, inProjWeight, b);
                    return new Tensor[] {all.narrow(-1, 0, e), all.narrow(-1, e, e), all.narrow(-1, 2 * e, e)};
                }
                Tensor qp = Functional.linear(q, inProjWeight.narrow(0, 0, e), b == null ? null : b.narrow(0, 0, e));
                Tensor kv = Functional.linear(k, inProjWeight.narrow(0, e, 2 * e), b == null ? null : b.narrow(0, e, 2 * e));
                return new Tensor[] {qp, kv.narrow(-1, 0, e), kv.narrow(-1, e, e)};
            }
            return new Tensor[] {
                Functional.linear(q, inProjWeight.narrow(0, 0, e), b == null ? null : b.narrow(0, 0, e)),
                Functional.linear(k, inProjWeight.narrow(0, e, e), b == null ? null : b.narrow(0, e, e)),
                Functional.linear(v, inProjWeight.narrow(0, 2 * e, e), b == null ? null : b.narrow(0, 2 * e, e))};
        }
        checkWidth(k, kdim);
        checkWidth(v, vdim);
        Tensor b = inProjBias;
        return new Tensor[] {
            Functional.linear(q, qProjWeight, b == null ? null : b.narrow(0, 0, e)),
            Functional.linear(k, kProjWeight, b == null ? null : b.narrow(0, e, e)),
            Functional.linear(v, vProjWeight, b == null ? null : b.narrow(0, 2 * e, e))};
    }

    private void checkWidth(Tensor t, int width) {
        if (t.size(-1) != width) {
            throw error("mat1 and mat2 shapes cannot be multiplied (" + (t.numel() / Math.max(1, t.size(-1))) + "x"
                    + t.size(-1) + " and " + width + "x" + embedDim + ")");
        }
        if (t.dtype() != (inProjBias != null ? inProjBias : outProj.weight()).dtype()) {
            throw error("mat1 and mat2 must have the same dtype (input " + t.dtype().torchName() + ", parameters "
                    + outProj.weight().dtype().torchName() + ")");
        }
    }

    /** PyTorch's {@code _mha_shape_check}: whether the input is batched, or its assertion's message. */
    private boolean shapeCheck(Tensor query, Tensor key, Tensor value, Tensor kpm, Tensor mask) {
        if (query.dim() == 3) {
            if (key.dim() != 3 || value.dim() != 3) {
                throw error("For batched (3-D) `query`, expected `key` and `value` to be 3-D but found " + key.dim()
                        + "-D and " + value.dim() + "-D tensors respectively");
            }
            if (kpm != null && kpm.dim() != 2) {
                throw error("For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D but found "
                        + kpm.dim() + "-D tensor instead");
            }
            if (mask != null && mask.dim() != 2 && mask.dim() != 3) {
                throw error("For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but found "
                        + mask.dim() + "-D tensor instead");
            }
            return true;
        }
        if (query.dim() == 2) {
            if (key.dim() != 2 || value.dim() != 2) {
                throw error("For unbatched (2-D) `query`, expected `key` and `value` to be 2-D but found " + key.dim()
                        + "-D and " + value.dim() + "-D tensors respectively");
            }
            if (kpm != null && kpm.dim() != 1) {
                throw error("For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D but found "
                        + kpm.dim() + "-D tensor instead");
            }
            if (mask != null) {
                if (mask.dim() != 2 && mask.dim() != 3) {
                    throw error("For unbatched (2-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but found "
                            + mask.dim() + "-D tensor instead");
                }
                if (mask.dim() == 3 && (mask.size(0) != numHeads || mask.size(1) != query.size(0)
                        || mask.size(2) != key.size(0))) {
                    throw error("Expected `attn_mask` shape to be (" + numHeads + ", " + query.size(0) + ", " + key.size(0)
                            + ") but got " + torchSize(mask.shape()));
                }
            }
            return false;
        }
        throw error("query should be unbatched 2D or batched 3D tensor but received " + query.dim() + "-D query tensor");
    }

    private static IllegalArgumentException error(String message) {
        return new IllegalArgumentException("MultiheadAttention: " + message);
    }

    /** Python's repr of a {@code torch.Size}. */
    private static String torchSize(int... shape) {
        return "torch.Size(" + Arrays.toString(shape) + ")";
    }

    /**
     * {@code in_proj_weight}, {@code [3E, E]}, or null when {@code kdim} or {@code vdim} differ from E.
     *
     * @return the parameter itself, or null
     */
    public Tensor inProjWeight() {
        return inProjWeight;
    }

    /**
     * {@code in_proj_bias}, {@code [3E]}, or null without bias.
     *
     * @return the parameter itself, or null
     */
    public Tensor inProjBias() {
        return inProjBias;
    }

    /**
     * The output projection, {@code out_proj}.
     *
     * @return the submodule itself
     */
    public Linear outProj() {
        return outProj;
    }

    /**
     * The number of heads.
     *
     * @return {@code num_heads}
     */
    public int numHeads() {
        return numHeads;
    }

    /**
     * The model dimension.
     *
     * @return {@code embed_dim}
     */
    public int embedDim() {
        return embedDim;
    }

    /**
     * Whether inputs and output are batch first.
     *
     * @return {@code batch_first}
     */
    public boolean batchFirst() {
        return batchFirst;
    }

    /**
     * The dropout probability on the attention weights.
     *
     * @return {@code dropout}
     */
    public double dropout() {
        return dropout;
    }
}

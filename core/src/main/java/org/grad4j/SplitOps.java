package org.grad4j;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code tensor_split}, {@code hsplit}/{@code vsplit}/{@code dsplit}, {@code split_with_sizes} and the
 * {@code unsafe_*} splits: views along one dimension, with PyTorch 1.13's checks, messages and grad_fn names
 * (tensor_split's pieces are slices: SliceBackward0; the unsafe splits are PyTorch's Unsafe*Backward0).
 */
final class SplitOps {
    /** The most pieces a split by a number of sections returns (each is a tensor object; PyTorch has no limit). */
    static final int MAX_PIECES = 1 << 24;

    private SplitOps() {
    }

    private static void atLeast1d(String op, Tensor t) {
        Indexing.nonNull(op, t);
        if (t.dim() == 0) {
            throw new IllegalArgumentException(op + ": tensor_split expected at least a 1-dimensional tensor, but got "
                    + "a tensor with 0 dims");
        }
    }

    /** {@code torch.tensor_split(t, sections, dim)}: the first {@code size % sections} pieces one longer. */
    static List<Tensor> tensorSplit(Tensor t, int sections, int dim) {
        atLeast1d("tensor_split", t);
        if (sections <= 0) {
            throw new IllegalArgumentException("tensor_split: number of sections must be larger than 0, got "
                    + sections);
        }
        if (sections > MAX_PIECES) {
            throw new IllegalArgumentException("tensor_split: number of sections " + sections
                    + " exceeds grad4j's limit of " + MAX_PIECES + " pieces");
        }
        int d = Shapes.dim("tensor_split", dim, t.dim());
        int size = t.shape[d];
        int min = size / sections;
        int extra = size % sections;
        List<Tensor> out = new ArrayList<>(sections);
        int start = 0;
        for (int i = 0; i < sections; i++) {
            int len = min + (i < extra ? 1 : 0);
            out.add(ShapeOps.slice(t, d, start, start + len, 1));
            start += len;
        }
        return out;
    }

    /** {@code torch.tensor_split(t, indices, dim)}: slices {@code [0:i0], [i0:i1], ..., [ik:]}, Python's bounds. */
    static List<Tensor> tensorSplit(Tensor t, int[] indices, int dim) {
        atLeast1d("tensor_split", t);
        Indexing.nonNull("tensor_split", indices);
        int d = Shapes.dim("tensor_split", dim, t.dim());
        List<Tensor> out = new ArrayList<>(indices.length + 1);
        int start = 0;
        for (int i = 0; i <= indices.length; i++) {
            int end = i < indices.length ? indices[i] : Integer.MAX_VALUE;
            out.add(ShapeOps.slice(t, d, start, end, 1));
            start = end;
        }
        return out;
    }

    /** {@code torch.tensor_split(t, tensor_indices_or_sections, dim)}: a 0-d int64 tensor of sections, or indices. */
    static List<Tensor> tensorSplit(Tensor t, Tensor indicesOrSections, int dim) {
        Indexing.nonNull("tensor_split", t, indicesOrSections);
        // PyTorch's order: the indices' device, dtype and rank, then the input's rank
        if (!indicesOrSections.device().equals(Device.CPU)) {
            throw new IllegalArgumentException("tensor_split: tensor_split expected tensor_indices_or_sections to be "
                    + "on cpu, but it's on " + indicesOrSections.device());
        }
        if (indicesOrSections.dtype != DType.INT64) {
            throw new IllegalArgumentException("tensor_split: tensor_split expected tensor_indices_or_sections to have "
                    + "dtype of long, but got " + DTypes.typeName(indicesOrSections.dtype));
        }
        if (indicesOrSections.dim() > 1) {
            throw new IllegalArgumentException("tensor_split: tensor_split expected tensor_indices_or_sections to be a "
                    + "zero-dimensional or one-dimensional tensor, but got a tensor with " + indicesOrSections.dim()
                    + " dims");
        }
        long[] v = indicesOrSections.toLongArray();
        if (indicesOrSections.dim() == 0) {
            return tensorSplit(t, clampInt(v[0]), dim);
        }
        int[] idx = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = clampInt(v[i]);
        }
        return tensorSplit(t, idx, dim);
    }

    private static int clampInt(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    /**
     * hsplit / vsplit / dsplit with a number of sections: along {@code dim}, which must divide evenly.
     *
     * @param minDims the rank the op requires (1, 2, 3)
     */
    static List<Tensor> directional(String op, Tensor t, int sections, int minDims) {
        int d = directionalDim(op, t, minDims);
        int size = t.shape[d];
        if (sections == 0 || size % sections != 0) {
            throw new IllegalArgumentException(op + ": torch." + op + " attempted to split along dimension " + d
                    + ", but the size of the dimension " + size + " is not divisible by the split_size " + sections
                    + "!");
        }
        return tensorSplit(t, sections, d);
    }

    /** hsplit / vsplit / dsplit at the given indices. */
    static List<Tensor> directional(String op, Tensor t, int[] indices, int minDims) {
        int d = directionalDim(op, t, minDims);
        return tensorSplit(t, indices, d);
    }

    private static int directionalDim(String op, Tensor t, int minDims) {
        Indexing.nonNull(op, t);
        if (t.dim() < minDims) {
            throw new IllegalArgumentException(op + ": torch." + op + " requires a tensor with at least " + minDims
                    + " dimension, but got a tensor with " + t.dim() + " dimensions!");
        }
        return switch (op) {
            case "hsplit" -> t.dim() == 1 ? 0 : 1;
            case "vsplit" -> 0;
            default -> 2;
        };
    }

    /** {@code split_with_sizes}: {@link ShapeOps#split(Tensor, int[], int)} with PyTorch's message for a 0-d tensor. */
    static List<Tensor> splitWithSizes(Tensor t, int[] sizes, int dim) {
        Indexing.nonNull("split_with_sizes", t, sizes);
        if (t.dim() == 0) {
            throw new IllegalArgumentException("split_with_sizes: split expects at least a 1-dimensional tensor");
        }
        return ShapeOps.split(t, sizes, dim);
    }

    /**
     * The unsafe splits: the same views as the safe ones, recorded under PyTorch's names (PyTorch does not guard
     * their in-place changes; grad4j's views stay guarded, which only refuses more).
     */
    static List<Tensor> unsafe(List<Tensor> pieces, Tensor t, int dim, String name) {
        if (!Tensor.needsGrad(t)) {
            return pieces;
        }
        int d = Shapes.dim(name, dim, t.dim());
        List<Tensor> out = new ArrayList<>(pieces.size());
        int[] inShape = t.shape;
        int start = 0;
        for (Tensor p : pieces) {
            int from = start;
            int len = p.shape[d];
            Node node = new Indexing.FnNode(name, g -> new Tensor[] {
                Views.intoZeros(name, inShape, g, z -> z.narrow(d, from, len))
            }, t);
            out.add(Views.view(t, p.shape, p.strides, p.offset, node));
            start += len;
        }
        return out;
    }

    static List<Tensor> unsafeSplit(Tensor t, int splitSize, int dim) {
        List<Tensor> pieces;
        try {
            pieces = t.split(splitSize, dim);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw ScatterOps.named("unsafe_split", e);
        }
        return unsafe(pieces, t, dim, "UnsafeSplitBackward0");
    }

    static List<Tensor> unsafeChunk(Tensor t, int chunks, int dim) {
        List<Tensor> pieces;
        try {
            pieces = t.chunk(chunks, dim);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw ScatterOps.named("unsafe_chunk", e);
        }
        // chunk splits an empty dimension with sizes (PyTorch's unsafe_chunk too)
        boolean empty = t.shape[Shapes.dim("unsafe_chunk", dim, t.dim())] == 0;
        return unsafe(pieces, t, dim, empty ? "UnsafeSplitWithSizesBackward0" : "UnsafeSplitBackward0");
    }

    static List<Tensor> unsafeSplitWithSizes(Tensor t, int[] sizes, int dim) {
        List<Tensor> pieces;
        try {
            pieces = splitWithSizes(t, sizes, dim);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw ScatterOps.named("unsafe_split_with_sizes", e);
        }
        return unsafe(pieces, t, dim, "UnsafeSplitWithSizesBackward0");
    }
}

package org.grad4j;

import org.grad4j.autograd.GradMode;

/**
 * What the tutorials' programs use beyond the op families: {@code x[idx0, idx1, ...]} with several int64 index
 * tensors (the tutorials' {@code input[range(n), target]}) and {@code torch.randint(..., dtype=)}.
 */
final class TutorialOps {
    private TutorialOps() {
    }

    /**
     * {@code x[i0, i1, ..., ik-1]}: the index tensors broadcast together; each picks along its dimension, so the result
     * has the broadcast shape followed by {@code x.shape[k:]}. Computed as one index along the first k dimensions
     * flattened, its positions {@code sum(i_j * stride_j)}: the gradient is IndexBackward0's index_add.
     */
    static Tensor index(Tensor x, Tensor... indices) {
        if (x == null || indices == null) {
            throw new IllegalArgumentException("index: expected a tensor and index tensors, got null");
        }
        if (indices.length == 1) {
            return Joining.index(x, 0, indices[0]);
        }
        int k = indices.length;
        if (k == 0) {
            throw new IllegalArgumentException("index: expected at least one index tensor, got none");
        }
        if (k > x.dim()) {
            throw new IndexOutOfBoundsException("too many indices for tensor of dimension " + x.dim() + " (shape "
                    + Shapes.str(x.shape) + ", " + k + " index tensors)");
        }
        int[] shape = indices[0] == null ? null : indices[0].shape;
        StringBuilder shapes = new StringBuilder();
        for (int j = 0; j < k; j++) {
            Tensor idx = indices[j];
            if (idx == null) {
                throw new IllegalArgumentException("index: index tensor " + j + " is null");
            }
            Indexing.sameDevice("index", x, idx);
            if (idx.dtype != DType.INT64) {
                throw new IndexOutOfBoundsException("tensors used as indices must be long, byte or bool tensors, got "
                        + idx.dtype.torchName() + " (grad4j takes several index tensors as int64 only)");
            }
            shapes.append(j > 0 ? ", " : "").append(Shapes.str(idx.shape));
            shape = shape == null ? null : Shapes.broadcastOrNull(shape, idx.shape);
        }
        if (shape == null) {
            throw new IndexOutOfBoundsException("shape mismatch: indexing tensors could not be broadcast together with "
                    + "shapes " + shapes);
        }
        Tensor linear = null;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            long stride = 1;
            for (int j = k - 1; j >= 0; j--) {
                int size = x.shape[j];
                Tensor idx = indices[j];
                if (idx.numel() > 0) {
                    long max = PrimitiveReductions.maxAll(idx.reshape(-1)).itemLong();
                    long min = -PrimitiveReductions.maxAll(idx.reshape(-1).neg()).itemLong();
                    if (min < -size || max >= size) {
                        throw new IndexOutOfBoundsException("index " + (min < -size ? min : max) + " is out of bounds for "
                                + "dimension " + j + " with size " + size + " (shape " + Shapes.str(x.shape) + ")");
                    }
                    if (min < 0) {
                        idx = Indexing.where(idx.lt(0.0), idx.add(size), idx);
                    }
                }
                Tensor term = stride == 1 ? idx : idx.mul(stride);
                linear = linear == null ? term : linear.add(term);
                stride *= size;
            }
            linear = linear.expand(shape).contiguous();
        }
        return Joining.index(x.flatten(0, k - 1), 0, linear);
    }

    /** {@code torch.randint(low, high, size, dtype=)}: int64's draws, converted, after PyTorch's bounds checks. */
    static Tensor randint(long low, long high, int[] size, DType dtype, Generator generator) {
        if (dtype == null) {
            throw new IllegalArgumentException("randint: expected a dtype, got null");
        }
        long min;
        long max;
        switch (dtype) {
            case BOOL -> {
                min = 0;
                max = 1;
            }
            case UINT8 -> {
                min = 0;
                max = 255;
            }
            case INT32 -> {
                min = Integer.MIN_VALUE;
                max = Integer.MAX_VALUE;
            }
            default -> {
                min = Long.MIN_VALUE;
                max = Long.MAX_VALUE;
            }
        }
        String type = switch (dtype) {
            case BOOL -> "bool";
            case UINT8 -> "unsigned char";
            case INT32 -> "int";
            default -> dtype.torchName();
        };
        String what = " (randint(" + low + ", " + high + ") as " + dtype.torchName() + ")";
        if (low < min || low > max) {
            throw new IllegalArgumentException("from is out of bounds for " + type + what);
        }
        if (high - 1 < min || high - 1 > max) {
            throw new IllegalArgumentException("to - 1 is out of bounds for " + type + what);
        }
        // float32 at a range of 2^32 or more (past float's exact 2^24, where PyTorch warns) draws differently in
        // ATen 1.13 and is not reproduced
        Tensor t = Creation.randint(low, high, size, generator);
        return dtype == DType.INT64 ? t : t.to(dtype);
    }
}

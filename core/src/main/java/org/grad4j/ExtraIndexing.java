package org.grad4j;

import java.util.ArrayList;
import java.util.List;

import org.grad4j.autograd.GradMode;

/**
 * {@code unbind}, {@code take} and {@code index_add}: composed of the existing views and gather/scatter primitives,
 * each recorded as one node with PyTorch's grad_fn name and checked with PyTorch's rules.
 */
final class ExtraIndexing {
    private ExtraIndexing() {
    }

    /** {@code torch.unbind(t, dim)}: the slices along {@code dim}, views, each recorded as UnbindBackward0. */
    static List<Tensor> unbind(Tensor t, int dim) {
        Indexing.nonNull("unbind", t);
        if (t.dim() == 0) {
            throw new IndexOutOfBoundsException("unbind: dimension specified as " + dim + " but tensor has no dimensions");
        }
        int d = Shapes.dim("unbind", dim, t.dim());
        int n = t.shape[d];
        List<Tensor> out = new ArrayList<>(n);
        int[] inShape = t.shape;
        for (int i = 0; i < n; i++) {
            int at = i;
            Tensor v;
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                v = t.select(d, i);
            }
            Node node = !Tensor.needsGrad(t) ? null : new Indexing.FnNode("UnbindBackward0", g -> new Tensor[] {
                Views.intoZeros("UnbindBackward0", inShape, g, z -> z.select(d, at))
            }, t);
            out.add(Views.view(t, v.shape, v.strides, v.offset, node));
        }
        return out;
    }

    /** {@code torch.take(t, index)}: {@code t} read as 1-D at {@code index} (negative from the end), index's shape. */
    static Tensor take(Tensor t, Tensor index) {
        Indexing.nonNull("take", t, index);
        Indexing.sameDevice("take", t, index);
        if (index.dtype != DType.INT64) {
            throw new IllegalArgumentException("take(): Expected a long tensor for index, but got "
                    + index.dtype.torchName().replace("torch.", ""));
        }
        int n = t.numel();
        if (n == 0 && index.numel() > 0) {
            throw new IndexOutOfBoundsException("take(): tried to take from an empty tensor (shape " + Shapes.str(t.shape)
                    + ", index shape " + Shapes.str(index.shape) + ")");
        }
        Tensor positions;
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            positions = index.reshape(-1);
            if (positions.numel() > 0) {
                long max = PrimitiveReductions.maxAll(positions).itemLong();
                long min = -1 - PrimitiveReductions.maxAll(PrimitiveReductions.reversed(positions)).itemLong();
                if (min < -n || max >= n) {
                    throw new IndexOutOfBoundsException("take: out of range: tried to access index "
                            + (min < -n ? min : max) + " on a tensor of " + n + " elements (shape " + Shapes.str(t.shape)
                            + ")");
                }
                if (min < 0) {
                    positions = Indexing.where(positions.lt(0L), positions.add((long) n), positions);
                }
            }
            out = t.reshape(-1).indexSelect(0, positions).reshape(index.shape);
        }
        if (!Tensor.needsGrad(t)) {
            return out;
        }
        int[] inShape = t.shape;
        Tensor at = positions;
        return Tensor.record(out, new Indexing.FnNode("TakeBackward0",
                g -> new Tensor[] {Indexing.indexAdd(new int[] {n}, 0, at, g.reshape(-1)).reshape(inShape)}, t));
    }

    /**
     * {@code torch.index_add(self, dim, index, source)}: a copy of {@code self} to which each slice {@code i} of
     * {@code source} along {@code dim} is added at {@code index[i]}, in index order (PyTorch's order of the sums).
     */
    static Tensor indexAdd(Tensor self, int dim, Tensor index, Tensor source) {
        Indexing.nonNull("index_add", self, index, source);
        Indexing.sameDevice("index_add", self, index);
        Indexing.sameDevice("index_add", self, source);
        int d = Shapes.dim("index_add", dim, Math.max(self.dim(), 1));
        if (index.dim() > 1) {
            throw new IndexOutOfBoundsException("index_add_(): Index is supposed to be a vector, but got dim: " + index.dim()
                    + " with type: " + index.dtype.torchName() + " and size: " + Shapes.str(index.shape));
        }
        Tensor idx = index.dtype == DType.INT32 ? index.to(DType.INT64) : index;
        if (idx.dtype != DType.INT64) {
            throw new IllegalArgumentException("index_add_(): Expected dtype int32/int64 for index, got "
                    + index.dtype.torchName());
        }
        if (self.dtype != source.dtype) {
            throw new IllegalArgumentException("index_add_(): self (" + self.dtype.torchName() + ") and source ("
                    + source.dtype.torchName() + ") must have the same scalar type");
        }
        int[] selfShape = self.dim() == 0 ? new int[] {1} : self.shape;
        int[] srcShape = source.dim() == 0 ? new int[] {1} : source.shape;
        int k = idx.numel();
        if (srcShape.length != selfShape.length || srcShape[d] != k) {
            throw new IllegalArgumentException("index_add_(): Number of indices (" + k + ") should be equal to "
                    + "source.size(dim): (" + (d < srcShape.length ? srcShape[d] : 1) + "), for dim: " + d
                    + " (self shape " + Shapes.str(self.shape) + ", source shape " + Shapes.str(source.shape) + ")");
        }
        for (int i = 0; i < selfShape.length; i++) {
            if (i != d && srcShape[i] != selfShape[i]) {
                throw new IllegalArgumentException("index_add_(): source tensor shape must match self tensor shape, "
                        + "excluding the specified dimension. Got self.shape = " + Shapes.str(self.shape)
                        + " source.shape = " + Shapes.str(source.shape));
            }
        }
        if (k > 0) {
            long max;
            long min;
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                max = PrimitiveReductions.maxAll(idx).itemLong();
                min = -1 - PrimitiveReductions.maxAll(PrimitiveReductions.reversed(idx)).itemLong();
            }
            if (min < 0 || max >= selfShape[d]) {
                throw new IndexOutOfBoundsException("index_add: index out of range in self (index "
                        + (min < 0 ? min : max) + " for dimension " + d + " of size " + selfShape[d] + ")");
            }
        }
        Tensor out;
        Tensor flatIndex;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            flatIndex = idx.reshape(-1);
            int[] viewShape = new int[selfShape.length];
            java.util.Arrays.fill(viewShape, 1);
            viewShape[d] = k;
            Tensor base = self.reshape(selfShape);
            out = k == 0 ? base.clone()
                    : base.scatterAdd(d, flatIndex.reshape(viewShape).expand(srcShape), source.reshape(srcShape));
            out = out.reshape(self.shape);
        }
        if (!Tensor.needsGrad(self, source)) {
            return out;
        }
        int[] sourceShape = source.shape;
        return Tensor.record(out, new Indexing.FnNode("IndexAddBackward0", g -> new Tensor[] {
            g,
            g.reshape(selfShape).indexSelect(d, flatIndex).reshape(sourceShape)
        }, self, source));
    }
}

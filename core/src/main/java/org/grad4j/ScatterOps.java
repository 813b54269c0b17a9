package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;

/**
 * index_copy, index_fill, index_put, masked_scatter, put, take_along_dim, the *_scatter ops, scatter_reduce and
 * index_reduce, with PyTorch 1.13's checks, messages, gradients and grad_fn names. Each is composed of the
 * existing gather / scatter / where primitives (so every backend runs it), except scatter_reduce's and
 * index_reduce's prod / mean / amax / amin, whose values are reduced on the host in PyTorch's order and rounding
 * (as {@code Sorting} computes its permutations there), their gradients being tensor formulas again.
 */
final class ScatterOps {
    private ScatterOps() {
    }

    // ------------------------------------------------------------ helpers

    /** {min, max} of an int64 tensor with elements. */
    private static long[] minMax(Tensor idx) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor flat = idx.reshape(-1);
            long max = PrimitiveReductions.maxAll(flat).itemLong();
            long min = -1 - PrimitiveReductions.maxAll(PrimitiveReductions.reversed(flat)).itemLong();
            return new long[] {min, max};
        }
    }

    /** The first index outside {@code [lo, hi)} in row-major order: the one PyTorch's kernels report. */
    private static long firstBad(Tensor idx, long lo, long hi) {
        long[] v = idx.toLongArray();
        for (long x : v) {
            if (x < lo || x >= hi) {
                return x;
            }
        }
        return v[0];
    }

    /** Indices in {@code [-size, size)} made non-negative. */
    private static Tensor wrap(Tensor idx, long size) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return Indexing.where(idx.lt(0L), idx.add(size), idx);
        }
    }

    /** A 1-D index viewed as {@code [1, .., k, .., 1]} at {@code d} and expanded to {@code shape}. */
    private static Tensor along(Tensor index1d, int d, int[] shape) {
        int[] view = new int[shape.length];
        Arrays.fill(view, 1);
        view[d] = index1d.numel();
        return index1d.reshape(view).expand(shape);
    }

    private static int[] shape1(Tensor t) {
        return t.dim() == 0 ? new int[] {1} : t.shape;
    }

    private static String type(DType t) {
        return DTypes.typeName(t);
    }

    /** An in-place form: {@code other} (the op's tensor operand, which may receive a gradient) checked first. */
    static Tensor inPlace(String op, Tensor self, Tensor other, boolean savesInput,
                          java.util.function.UnaryOperator<Tensor> f) {
        Indexing.nonNull(op, other);
        return InPlaceUnary.apply(op, self, other, savesInput, f);
    }

    /** {@code e} again, of the same kind, its message prefixed with the op's name (errors of the ops composed). */
    static RuntimeException named(String op, RuntimeException e) {
        String m = op + ": " + e.getMessage();
        if (e instanceof IndexOutOfBoundsException) {
            return new IndexOutOfBoundsException(m);
        }
        if (e instanceof IllegalStateException) {
            return new IllegalStateException(m, e);
        }
        if (e instanceof IllegalArgumentException) {
            return new IllegalArgumentException(m, e);
        }
        return e;
    }

    /** Same-rank broadcasting with PyTorch's {@code infer_size} message. */
    private static int[] broadcastSameRank(String op, int[] a, int[] b) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i] && a[i] != 1 && b[i] != 1) {
                throw new IllegalArgumentException(op + ": The size of tensor a (" + a[i] + ") must match the size of "
                        + "tensor b (" + b[i] + ") at non-singleton dimension " + i);
            }
            out[i] = a[i] == 1 ? b[i] : a[i];
        }
        return out;
    }

    private static Tensor zeros(int[] shape, Tensor like) {
        return Tensor.zeroed("idx", shape, like.dtype, like.backend());
    }

    // ------------------------------------------------------------ index_copy

    static Tensor indexCopy(Tensor self, int dim, Tensor index, Tensor source) {
        String op = "index_copy_()";
        Indexing.nonNull("index_copy", self, index, source);
        Indexing.sameDevice("index_copy", self, index);
        Indexing.sameDevice("index_copy", self, source);
        int d = Shapes.dim("index_copy", dim, self.dim());
        if (index.dim() > 1) {
            throw new IndexOutOfBoundsException(op + ": Index should have dimension 1 or 0 (got " + index.dim() + ")");
        }
        int k = index.numel();
        if (source.dim() == 0 && k != 1) {
            throw new IndexOutOfBoundsException(op + ": When source is scalar, index should have one element (got " + k
                    + ")");
        }
        if (source.dim() != self.dim() && source.dim() != 0 && self.dim() != 0) {
            throw new IndexOutOfBoundsException(op + ": When source and destination are not scalars, their "
                    + "dimensionality must match. Source dimensionality (" + source.dim() + "), destination "
                    + "dimensionality (" + self.dim() + ")");
        }
        if (index.dtype != DType.INT64) {
            throw new IllegalArgumentException(op + ": Expected a long tensor for index, but got " + type(index.dtype));
        }
        if (self.dtype != source.dtype) {
            throw new IllegalArgumentException(op + ": self and source expected to have the same dtype, but got (self) "
                    + type(self.dtype) + " and (source) " + type(source.dtype));
        }
        String selfSlice = sliceSizes(self.shape, d);
        String sourceSlice = sliceSizes(source.shape, d);
        if (!selfSlice.equals(sourceSlice)) {
            throw new IllegalArgumentException(op + ": Source/destination tensor must have same slice shapes. "
                    + "Destination slice shape: " + selfSlice + " at dimension " + d + " and source slice shape: "
                    + sourceSlice + " at dimension 0.");
        }
        if (source.dim() > 0 && k != source.shape[d]) {
            throw new IndexOutOfBoundsException(op + ": Number of indices (" + k + ") should be equal to "
                    + "source.size(dim) (" + source.shape[d] + ")");
        }
        int[] selfShape = shape1(self);
        if (k > 0) {
            long[] mm = minMax(index);
            if (mm[0] < 0 || mm[1] >= selfShape[d]) {
                throw new IndexOutOfBoundsException(op + ": index " + firstBad(index, 0, selfShape[d])
                        + " is out of bounds for dimension " + d + " with size " + selfShape[d]);
            }
        }
        Tensor flat = index.reshape(-1);
        int[] srcShape = selfShape.clone();
        srcShape[d] = k;
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = Indexing.scatterRaw(self.reshape(selfShape), d, along(flat, d, srcShape), source.reshape(srcShape),
                    false).reshape(self.shape);
        }
        if (!Tensor.needsGrad(self, source)) {
            return out;
        }
        int[] sourceShape = source.shape;
        return Tensor.record(out, new Indexing.FnNode("IndexCopyBackward0", g -> new Tensor[] {
            indexFill(g, d, flat, 0.0),
            g.reshape(selfShape).indexSelect(d, flat).reshape(sourceShape)
        }, self, source));
    }

    /** PyTorch's printing of a shape without {@code dim}: sizes separated by spaces. */
    private static String sliceSizes(int[] shape, int d) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            if (i != d) {
                b.append(b.length() > 0 ? " " : "").append(shape[i]);
            }
        }
        return b.toString();
    }

    // ------------------------------------------------------------ index_fill

    static Tensor indexFill(Tensor self, int dim, Tensor index, double value) {
        Indexing.nonNull("index_fill", self, index);
        DTypes.checkFill("index_fill_()", value, self.dtype, self.shape);
        return indexFill(self, dim, index, Tensor.full(Shapes.SCALAR, value, self.dtype, self.device()), true);
    }

    static Tensor indexFill(Tensor self, int dim, Tensor index, Tensor value) {
        Indexing.nonNull("index_fill", self, index, value);
        if (value.dim() != 0) {
            throw new IllegalArgumentException("index_fill_(): index_fill_ only supports a 0-dimensional value tensor, "
                    + "but got tensor with " + value.dim() + " dimension(s).");
        }
        return indexFill(self, dim, index, value, false);
    }

    private static Tensor indexFill(Tensor self, int dim, Tensor index, Tensor value, boolean scalar) {
        String op = "index_fill_()";
        Indexing.sameDevice("index_fill", self, index);
        if (index.dtype != DType.INT64) {
            throw new IndexOutOfBoundsException(op + ": Expected dtype int64 for index.");
        }
        int d = Shapes.dim("index_fill", dim, self.dim());
        if (index.dim() > 1) {
            throw new IllegalArgumentException(op + ": Index has to be a vector/scalar");
        }
        int[] selfShape = shape1(self);
        int size = selfShape[d];
        int k = index.numel();
        Tensor flat = index.reshape(-1);
        if (k > 0) {
            long[] mm = minMax(flat);
            if (mm[0] < -size || mm[1] >= size) {
                throw new IndexOutOfBoundsException(op + ": index " + firstBad(flat, -size, size)
                        + " is out of bounds for dimension " + d + " with size " + size);
            }
            if (mm[0] < 0) {
                flat = wrap(flat, size);
            }
        }
        Tensor at = flat;
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor v = value.to(self.dtype);
            if (!v.device().equals(self.device())) {
                v = v.to(self.device());
            }
            int[] srcShape = selfShape.clone();
            srcShape[d] = k;
            out = Indexing.scatterRaw(self.reshape(selfShape), d, along(at, d, srcShape), v.expand(srcShape), false)
                    .reshape(self.shape);
        }
        boolean valueGrad = !scalar && self.dtype.isFloatingPoint() && Tensor.needsGrad(value);
        if (!Tensor.needsGrad(self) && !valueGrad) {
            return out;
        }
        if (scalar) {
            return Tensor.record(out, new Indexing.FnNode("IndexFillBackward0",
                    g -> new Tensor[] {indexFill(g, d, at, 0.0)}, self));
        }
        // value's gradient: the sum over the filled slices, each counted once (PyTorch's _unique of the index)
        Tensor distinct = k == 0 ? at : ShapeOps.longs(Arrays.stream(at.toLongArray()).distinct().toArray(), at);
        return Tensor.record(out, new Indexing.FnNode("IndexFillBackward1", g -> new Tensor[] {
            indexFill(g, d, at, 0.0),
            g.reshape(selfShape).indexSelect(d, distinct).sum()
        }, self, value));
    }

    // ------------------------------------------------------------ index_put

    /** The indices of an index_put, resolved: positions into self's first {@code m} dimensions flattened. */
    private record Resolved(Tensor linear, int m, int[] resultShape) {
    }

    private static Resolved resolve(String op, Tensor self, Tensor[] indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException(op + ": expected at least one index tensor, got none");
        }
        java.util.List<Tensor> ints = new java.util.ArrayList<>();
        int pos = 0;
        for (Tensor idx : indices) {
            if (idx == null) {
                throw new IllegalArgumentException(op + ": index tensors must not be null (slices are not supported)");
            }
            Indexing.sameDevice(op, self, idx);
            if (idx.dtype == DType.BOOL || idx.dtype == DType.UINT8) {
                if (idx.dim() == 0) {
                    if (self.dim() == 0) {
                        throw new IndexOutOfBoundsException(op + ": too many indices for tensor of dimension 0 (got 1)");
                    }
                    // PyTorch 1.13's index_put fails an internal assert here (x[True] = v goes another way)
                    throw new IllegalArgumentException(op + ": 0-dimensional bool masks are not supported (self shape "
                            + Shapes.str(self.shape) + ")");
                }
                for (int j = 0; j < idx.dim(); j++) {
                    if (pos + j >= self.dim()) {
                        throw new IndexOutOfBoundsException(op + ": too many indices for tensor of dimension "
                                + self.dim() + " (got " + (pos + idx.dim()) + ")");
                    }
                    if (idx.shape[j] != self.shape[pos + j]) {
                        throw new IndexOutOfBoundsException(op + ": The shape of the mask " + Shapes.str(idx.shape)
                                + " at index " + j + " does not match the shape of the indexed tensor "
                                + Shapes.str(self.shape) + " at index " + (pos + j));
                    }
                }
                Tensor nz;
                try (GradMode.Scope ignored = GradMode.noGrad()) {
                    nz = (idx.dtype == DType.BOOL ? idx : idx.ne(0L)).nonzero();
                }
                for (int j = 0; j < idx.dim(); j++) {
                    ints.add(nz.select(1, j));
                }
                pos += idx.dim();
            } else if (idx.dtype == DType.INT64) {
                ints.add(idx);
                pos++;
            } else {
                throw new IndexOutOfBoundsException(op + ": tensors used as indices must be long, byte or bool tensors "
                        + "(got " + idx.dtype.torchName() + ")");
            }
        }
        if (pos > self.dim()) {
            throw new IndexOutOfBoundsException(op + ": too many indices for tensor of dimension " + self.dim()
                    + " (got " + pos + ")");
        }
        int[] shape = ints.get(0).shape;
        StringBuilder shapes = new StringBuilder();
        for (int j = 0; j < ints.size(); j++) {
            shapes.append(j > 0 ? ", " : "").append(Shapes.str(ints.get(j).shape));
            shape = shape == null ? null : Shapes.broadcastOrNull(shape, ints.get(j).shape);
        }
        if (shape == null) {
            throw new IndexOutOfBoundsException(op + ": shape mismatch: indexing tensors could not be broadcast "
                    + "together with shapes " + shapes);
        }
        Tensor linear = null;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            long stride = 1;
            for (int j = ints.size() - 1; j >= 0; j--) {
                int size = self.shape[j];
                Tensor idx = ints.get(j);
                if (idx.numel() > 0) {
                    long[] mm = minMax(idx);
                    if (mm[0] < -size || mm[1] >= size) {
                        throw new IndexOutOfBoundsException(op + ": index " + firstBad(idx, -size, size)
                                + " is out of bounds for dimension " + j + " with size " + size);
                    }
                    if (mm[0] < 0) {
                        idx = wrap(idx, size);
                    }
                }
                Tensor term = stride == 1 ? idx : idx.mul(stride);
                linear = linear == null ? term : linear.add(term);
                stride *= size;
            }
            linear = linear.expand(shape).reshape(-1);
        }
        int m = ints.size();
        int[] result = new int[shape.length + self.dim() - m];
        System.arraycopy(shape, 0, result, 0, shape.length);
        System.arraycopy(self.shape, m, result, shape.length, self.dim() - m);
        return new Resolved(linear, m, result);
    }

    /** self viewed as {@code [prod(shape[:m]), shape[m:]...]}. */
    private static int[] flatShape(int[] shape, int m) {
        int[] out = new int[shape.length - m + 1];
        long p = 1;
        for (int i = 0; i < m; i++) {
            p *= shape[i];
        }
        out[0] = (int) p;
        System.arraycopy(shape, m, out, 1, shape.length - m);
        return out;
    }

    static Tensor indexPut(Tensor self, Tensor[] indices, Tensor values, boolean accumulate) {
        String op = "index_put";
        Indexing.nonNull(op, self, indices, values);
        Indexing.sameDevice(op, self, values);
        Resolved r = resolve(op, self, indices);
        if (values.dtype != self.dtype) {
            throw new IllegalArgumentException(op + ": Index put requires the source and destination dtypes match, got "
                    + type(self.dtype) + " for the destination and " + type(values.dtype) + " for the source.");
        }
        int[] b = Shapes.broadcastOrNull(values.shape, r.resultShape);
        if (b == null || !Arrays.equals(b, r.resultShape)) {
            throw new IllegalArgumentException(op + ": shape mismatch: value tensor of shape "
                    + Shapes.str(values.shape) + " cannot be broadcast to indexing result of shape "
                    + Shapes.str(r.resultShape));
        }
        int[] flat = flatShape(self.shape, r.m);
        int n = r.linear.numel();
        int[] srcShape = flat.clone();
        srcShape[0] = n;
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor src = values.expand(r.resultShape).reshape(srcShape);
            out = Indexing.scatterRaw(self.reshape(flat), 0, along(r.linear, 0, srcShape), src, accumulate)
                    .reshape(self.shape);
        }
        if (!Tensor.needsGrad(self, values)) {
            return out;
        }
        int[] selfShape = self.shape;
        int[] valuesShape = values.shape;
        Tensor linear = r.linear;
        int[] resultShape = r.resultShape;
        return Tensor.record(out, new Indexing.FnNode("IndexPutBackward0", g -> new Tensor[] {
            accumulate ? g : indexFill(g.reshape(flat), 0, linear, 0.0).reshape(selfShape),
            PrimitiveReductions.sumTo(g.reshape(flat).indexSelect(0, linear).reshape(resultShape), valuesShape)
        }, self, values));
    }

    // ------------------------------------------------------------ masked_scatter

    static Tensor maskedScatter(Tensor self, Tensor mask, Tensor source) {
        String op = "masked_scatter";
        Indexing.nonNull(op, self, mask, source);
        Indexing.sameDevice(op, self, mask);
        Indexing.sameDevice(op, self, source);
        if (mask.dtype != DType.BOOL && mask.dtype != DType.UINT8) {
            throw new IllegalArgumentException(op + ": masked_scatter_ only supports boolean masks, but got mask with "
                    + "dtype " + mask.dtype.torchName());
        }
        if (self.dtype != source.dtype) {
            throw new IllegalArgumentException(op + ": masked_scatter: expected self and source to have same dtypes "
                    + "but got" + type(self.dtype) + " and " + type(source.dtype));
        }
        int[] shape = Shapes.broadcast(op, self.shape, mask.shape);
        Tensor positions;
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor m = (mask.dtype == DType.BOOL ? mask : mask.ne(0L)).expand(shape).reshape(-1);
            positions = m.nonzero().reshape(-1);
            int k = positions.numel();
            if (k > source.numel()) {
                throw new IllegalArgumentException(op + ": Number of elements of source < number of ones in mask "
                        + "(source has " + source.numel() + " elements, the mask " + k + " ones)");
            }
            Tensor base = self.expand(shape).reshape(-1);
            Tensor src = source.reshape(-1).narrow(0, 0, k);
            out = Indexing.scatterRaw(base, 0, positions, src, false).reshape(shape);
        }
        if (!Tensor.needsGrad(self, source)) {
            return out;
        }
        int[] selfShape = self.shape;
        int[] sourceShape = source.shape;
        int sourceNumel = source.numel();
        Tensor at = positions;
        return Tensor.record(out, new Indexing.FnNode("MaskedScatterBackward0", g -> {
            Tensor flatG = g.reshape(-1);
            Tensor gSelf = PrimitiveReductions.sumTo(indexFill(flatG, 0, at, 0.0).reshape(shape), selfShape);
            Tensor picked = flatG.indexSelect(0, at);
            Tensor gSource = Indexing.indexAdd(new int[] {sourceNumel}, 0,
                    ShapeOps.longs(range(at.numel()), at), picked).reshape(sourceShape);
            return new Tensor[] {gSelf, gSource};
        }, self, source));
    }

    private static long[] range(int n) {
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    // ------------------------------------------------------------ put, take_along_dim

    static Tensor put(Tensor self, Tensor index, Tensor source, boolean accumulate) {
        String op = "put_()";
        Indexing.nonNull("put", self, index, source);
        Indexing.sameDevice("put", self, index);
        Indexing.sameDevice("put", self, source);
        if (index.dtype != DType.INT64) {
            throw new IllegalArgumentException(op + ": Expected a long tensor for index, but got " + type(index.dtype));
        }
        if (self.dtype != source.dtype) {
            throw new IllegalArgumentException(op + ": self and source expected to have the same dtype, but got "
                    + "self.dtype = " + type(self.dtype) + " and source.dtype = " + type(source.dtype));
        }
        if (index.numel() != source.numel()) {
            throw new IndexOutOfBoundsException(op + ": Expected source and index to have the same number of elements, "
                    + "but got source.numel() = " + source.numel() + ", index.numel() = " + index.numel());
        }
        int n = self.numel();
        if (n == 0 && index.numel() > 0) {
            throw new IndexOutOfBoundsException(op + ": Tried to put elements into an empty tensor");
        }
        Tensor flat = index.reshape(-1);
        if (flat.numel() > 0) {
            long[] mm = minMax(flat);
            if (mm[0] < -n || mm[1] >= n) {
                throw new IndexOutOfBoundsException(op + ": out of range: tried to access index "
                        + firstBad(flat, -n, n) + " on a tensor of " + n + " elements.");
            }
            if (mm[0] < 0) {
                flat = wrap(flat, n);
            }
        }
        Tensor at = flat;
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = Indexing.scatterRaw(self.reshape(-1), 0, at, source.reshape(-1), accumulate).reshape(self.shape);
        }
        if (!Tensor.needsGrad(self, source)) {
            return out;
        }
        int[] selfShape = self.shape;
        int[] sourceShape = source.shape;
        return Tensor.record(out, new Indexing.FnNode("PutBackward0", g -> new Tensor[] {
            accumulate ? g : indexFill(g.reshape(-1), 0, at, 0.0).reshape(selfShape),
            g.reshape(-1).indexSelect(0, at).reshape(sourceShape)
        }, self, source));
    }

    /** {@code torch.take_along_dim(self, indices)}: the flattened input gathered at the flattened indices. */
    static Tensor takeAlongDim(Tensor self, Tensor indices) {
        Indexing.nonNull("take_along_dim", self, indices);
        if (indices.dtype != DType.INT64) {
            throw new IllegalArgumentException("take_along_dim: gather(): Expected dtype int64 for index (got "
                    + indices.dtype.torchName() + ")");
        }
        checkGatherRange("take_along_dim", indices, 0, self.numel());
        return self.reshape(-1).gather(0, indices.reshape(-1));
    }

    /** {@code torch.take_along_dim(self, indices, dim)}: both broadcast apart from {@code dim}, then gathered. */
    static Tensor takeAlongDim(Tensor self, Tensor indices, int dim) {
        String op = "take_along_dim";
        Indexing.nonNull(op, self, indices);
        if (indices.dtype != DType.INT64) {
            throw new IllegalArgumentException(op + ": torch.take_along_dim(): dtype of indices should be Long but got "
                    + type(indices.dtype));
        }
        if (self.dim() != indices.dim()) {
            throw new IllegalArgumentException(op + ": torch.take_along_dim(): input and indices should have the same "
                    + "number of dimensions, but got " + self.dim() + " dimensions for input, and " + indices.dim()
                    + " dimensions for indices");
        }
        if (self.dim() == 0) {
            throw new IndexOutOfBoundsException(op + ": Dimension specified as " + dim
                    + " but tensor has no dimensions");
        }
        int d = Shapes.dim(op, dim, self.dim());
        int[] a = self.shape.clone();
        int[] b = indices.shape.clone();
        a[d] = 1;
        b[d] = 1;
        int[] common = broadcastSameRank(op, a, b);
        int[] selfTarget = common.clone();
        selfTarget[d] = self.shape[d];
        int[] indexTarget = common.clone();
        indexTarget[d] = indices.shape[d];
        checkGatherRange(op, indices, d, self.shape[d]);
        return self.expand(selfTarget).gather(d, indices.expand(indexTarget));
    }

    /** gather's range check, raised as PyTorch's RuntimeError (take_along_dim). */
    private static void checkGatherRange(String op, Tensor indices, int d, int size) {
        if (indices.numel() > 0) {
            long[] mm = minMax(indices);
            if (mm[0] < 0 || mm[1] >= size) {
                throw new IllegalArgumentException(op + ": index " + firstBad(indices, 0, size)
                        + " is out of bounds for dimension " + d + " with size " + size);
            }
        }
    }

    // ------------------------------------------------------------ select / slice / diagonal scatter

    /** A copy of {@code self} with {@code src} written into {@code region} of it; gradients as PyTorch's *_scatter. */
    private static Tensor embed(String op, String gradFn, Tensor self, Tensor src,
                                java.util.function.UnaryOperator<Tensor> region) {
        Indexing.nonNull(op, self, src);
        Indexing.sameDevice(op, self, src);
        Tensor view;
        try {
            view = region.apply(self.detach());
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw named(op, e);
        }
        if (!Arrays.equals(view.shape, src.shape)) {
            throw new IllegalArgumentException(op + ": expected src to have a size equal to the slice of self. "
                    + "src size = " + Shapes.str(src.shape) + ", slice size = " + Shapes.str(view.shape));
        }
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = self.clone().contiguous();
            region.apply(out).copy_(src);
        }
        boolean srcGrad = src.dtype.isFloatingPoint() && self.dtype.isFloatingPoint() && Tensor.needsGrad(src);
        if (!Tensor.needsGrad(self) && !srcGrad) {
            return out;
        }
        DType srcType = src.dtype;
        int[] srcShape = src.shape;
        return Tensor.record(out, new Indexing.FnNode(gradFn, g -> {
            Tensor gSelf = embed(op, gradFn, g, zeros(srcShape, g), region);
            Tensor gSrc = region.apply(g);
            return new Tensor[] {gSelf, gSrc.dtype == srcType ? gSrc : gSrc.to(srcType)};
        }, self, srcGrad ? src : null));
    }

    static Tensor selectScatter(Tensor self, Tensor src, int dim, int index) {
        return embed("select_scatter", "SelectScatterBackward0", self, src, z -> z.select(dim, index));
    }

    static Tensor sliceScatter(Tensor self, Tensor src, int dim, int start, int end, int step) {
        return embed("slice_scatter", "SliceScatterBackward0", self, src, z -> z.slice(dim, start, end, step));
    }

    static Tensor diagonalScatter(Tensor self, Tensor src, int offset, int dim1, int dim2) {
        return embed("diagonal_scatter", "DiagonalScatterBackward0", self, src, z -> z.diagonal(offset, dim1, dim2));
    }

    // ------------------------------------------------------------ scatter_reduce, index_reduce

    /**
     * {@code self.scatter_reduce(dim, index, src, reduce, include_self)}: each {@code src} element reduced into the
     * position {@code index} gives along {@code dim}.
     */
    static Tensor scatterReduce(Tensor self, int dim, Tensor index, Tensor src, String reduce, boolean includeSelf) {
        String op = "scatter_reduce";
        Indexing.nonNull(op, self, index, src, reduce);
        Indexing.sameDevice(op, self, index);
        Indexing.sameDevice(op, self, src);
        if (!Arrays.asList("sum", "prod", "mean", "amax", "amin").contains(reduce)) {
            throw new IllegalArgumentException(op + ": reduce argument must be either sum, prod, mean, amax or amin. "
                    + "Got: " + reduce);
        }
        int d = Shapes.dim(op, dim, self.dim());
        if (index.dtype != DType.INT64) {
            throw new IllegalArgumentException(op + ": scatter(): Expected dtype int64 for index (got "
                    + index.dtype.torchName() + ")");
        }
        if (self.dtype != src.dtype) {
            throw new IllegalArgumentException(op + ": scatter(): Expected self.dtype to be equal to src.dtype (self "
                    + self.dtype.torchName() + ", src " + src.dtype.torchName() + ")");
        }
        if (Math.max(index.dim(), 1) != Math.max(self.dim(), 1) || Math.max(src.dim(), 1) != Math.max(self.dim(), 1)) {
            throw new IllegalArgumentException(op + ": Index tensor must have the same number of dimensions as self "
                    + "tensor (index shape " + Shapes.str(index.shape) + ", self shape " + Shapes.str(self.shape)
                    + ", src shape " + Shapes.str(src.shape) + ")");
        }
        int[] is = shape1(index);
        int[] xs = shape1(self);
        int[] ss = shape1(src);
        for (int k = 0; k < is.length; k++) {
            if ((k != d && is[k] > xs[k]) || is[k] > ss[k]) {
                throw new IllegalArgumentException(op + ": Expected index " + Shapes.str(index.shape)
                        + " to be smaller than self " + Shapes.str(self.shape) + " apart from dimension " + d
                        + " and to be smaller size than src " + Shapes.str(src.shape));
            }
        }
        if (index.numel() > 0) {
            long[] mm = minMax(index);
            if (mm[0] < 0 || mm[1] >= xs[d]) {
                throw new IllegalArgumentException(op + ": index " + firstBad(index, 0, xs[d])
                        + " is out of bounds for dimension " + d + " with size " + xs[d]);
            }
        }
        if (self.dtype == DType.BOOL && reduce.equals("mean")) {
            throw new IllegalArgumentException(op + ": \"scatter_gather_tensor_cpu_reduce_mean\" not implemented for "
                    + "'Bool'");
        }
        // only the part of src that index covers takes part
        Tensor covered = src.dim() == 0 ? src.reshape(1) : src;
        for (int k = 0; k < is.length; k++) {
            covered = covered.narrow(k, 0, is[k]);
        }
        return reduced(self, d, index.dim() == 0 ? index.reshape(1) : index, covered, src, reduce, includeSelf,
                "ScatterReduceBackward0");
    }

    /** {@code self.index_reduce(dim, index, source, reduce, include_self)}: scatter_reduce with an index along dim. */
    static Tensor indexReduce(Tensor self, int dim, Tensor index, Tensor source, String reduce, boolean includeSelf) {
        String op = "index_reduce_()";
        Indexing.nonNull("index_reduce", self, index, source, reduce);
        Indexing.sameDevice("index_reduce", self, index);
        Indexing.sameDevice("index_reduce", self, source);
        if (!Arrays.asList("prod", "mean", "amax", "amin").contains(reduce)) {
            throw new IllegalArgumentException("index_reduce(): Expected reduce to be one of prod, mean, amax or amin "
                    + "but got " + reduce + ".");
        }
        int d = Shapes.dim("index_reduce", dim, self.dim());
        if (index.dim() > 1) {
            throw new IndexOutOfBoundsException(op + ": Index is supposed to be a vector, but got dim: " + index.dim()
                    + " with type: " + type(index.dtype) + " and size: " + Shapes.str(index.shape));
        }
        if (index.dtype != DType.INT64 && index.dtype != DType.INT32) {
            throw new IllegalArgumentException(op + ": Expected dtype int32/int64 for index but got: "
                    + type(index.dtype));
        }
        if (self.dtype != source.dtype) {
            throw new IllegalArgumentException(op + ": self (" + type(self.dtype) + ") and source ("
                    + type(source.dtype) + ") must have the same scalar type");
        }
        int[] selfShape = shape1(self);
        int[] srcShape = shape1(source);
        int k = index.numel();
        if (srcShape.length != selfShape.length || srcShape[d] != k) {
            throw new IllegalArgumentException(op + ": Number of indices (" + k
                    + ") should be equal to source.size(dim): (" + (d < srcShape.length ? srcShape[d] : 1)
                    + "), for dim: " + d);
        }
        for (int i = 0; i < selfShape.length; i++) {
            if (i != d && srcShape[i] != selfShape[i]) {
                throw new IllegalArgumentException("index_reduce: The size of tensor a (" + selfShape[i]
                        + ") must match the size of tensor b (" + srcShape[i] + ") at non-singleton dimension "
                        + (i < d ? i : i - 1)
                        + " (self shape " + Shapes.str(self.shape) + ", source shape " + Shapes.str(source.shape)
                        + ")");
            }
        }
        if (self.dtype == DType.BOOL) {
            // PyTorch's kernels: the exclude-self initialisation refuses first
            throw new IllegalArgumentException("index_reduce: \"" + (includeSelf ? "index_func_"
                    : "index_reduce_func_exclude_input_init") + "\" not implemented for 'Bool'");
        }
        Tensor idx = index.dtype == DType.INT64 ? index : index.to(DType.INT64);
        if (k > 0) {
            long[] mm = minMax(idx);
            if (mm[0] < 0 || mm[1] >= selfShape[d]) {
                throw new IndexOutOfBoundsException("index_reduce: index out of range in self (index "
                        + firstBad(idx, 0, selfShape[d]) + " for dimension " + d + " of size " + selfShape[d] + ")");
            }
        }
        Tensor expanded = along(idx.reshape(-1), d, srcShape);
        Tensor src = source.reshape(srcShape);
        return reduced(self, d, expanded, src, source, reduce, includeSelf, "IndexReduceBackward0");
    }

    /**
     * The checked scatter-reduction and its node: {@code index} and {@code src} have one shape; {@code original}
     * is the source tensor the caller gave (its gradient's shape).
     */
    private static Tensor reduced(Tensor self, int d, Tensor index, Tensor src, Tensor original, String reduce,
                                  boolean includeSelf, String gradFn) {
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = hostReduce(self, d, index, src, reduce, includeSelf);
        }
        if (!self.dtype.isFloatingPoint() || !Tensor.needsGrad(self, original)) {
            return out;
        }
        return Tensor.record(out, new ReduceNode(gradFn, self, original, d, index, src, reduce, includeSelf, out));
    }

    /**
     * scatter_reduce's and index_reduce's node: saves self, src, index and the result (an in-place change of any
     * before backward fails, as in PyTorch); a src larger than the index gets zeros where it was not read.
     */
    private static final class ReduceNode extends NamedNode {
        private final int d;
        private final String reduce;
        private final boolean includeSelf;
        private final int[] selfShape;
        private final int[] originalShape;

        ReduceNode(String name, Tensor self, Tensor original, int d, Tensor index, Tensor src, String reduce,
                   boolean includeSelf, Tensor out) {
            super(name, self, original);
            this.d = d;
            this.reduce = reduce;
            this.includeSelf = includeSelf;
            this.selfShape = self.shape;
            this.originalShape = original.shape;
            save(self.detach(), src.detach(), index, out.detach());
        }

        @Override
        Tensor[] backward(Tensor g) {
            int[] xs = selfShape.length == 0 ? new int[] {1} : selfShape;
            Tensor src = saved(1);
            Tensor[] grads = reduceBackward(g.reshape(xs), saved(0).reshape(xs), d, saved(2), src, reduce, includeSelf,
                    saved(3).reshape(xs));
            Tensor gSrc = grads[1];
            if (!Arrays.equals(gSrc.shape, originalShape)) {
                int[] covered = gSrc.shape;
                int[] full = originalShape.length == 0 ? new int[] {1} : originalShape;
                gSrc = Views.intoZeros("SliceBackward0", full, gSrc, z -> {
                    Tensor region = z;
                    for (int k = 0; k < covered.length; k++) {
                        region = region.narrow(k, 0, covered[k]);
                    }
                    return region;
                }).reshape(originalShape);
            }
            return new Tensor[] {grads[0].reshape(selfShape), gSrc};
        }
    }

    /** PyTorch 1.13's scatter_reduce_backward (index_reduce_backward is the same with an expanded index). */
    private static Tensor[] reduceBackward(Tensor g, Tensor self, int d, Tensor index, Tensor src, String reduce,
                                           boolean includeSelf, Tensor result) {
        Tensor gSelf;
        Tensor gSrc;
        switch (reduce) {
            case "sum" -> {
                gSelf = g;
                gSrc = g.gather(d, index);
            }
            case "prod" -> {
                Tensor maskedSelf = self.maskedFill(self.eq(0.0), 1.0);
                Tensor maskedSelfResult = hostReduce(maskedSelf, d, index, src, reduce, includeSelf);
                gSelf = g.mul(maskedSelfResult).div(maskedSelf);
                Tensor srcZero = src.eq(0.0);
                Tensor numZeros = zeros(self.shape, self).scatterAdd(d, index, srcZero.to(self.dtype)).gather(d, index);
                Tensor singleZero = srcZero.logicalAnd(numZeros.eq(1.0));
                Tensor maskedSrc = src.maskedFill(singleZero, 1.0);
                Tensor maskedSrcResult = hostReduce(self, d, index, maskedSrc, reduce, includeSelf);
                gSrc = Tensor.where(singleZero, g.mul(maskedSrcResult).gather(d, index),
                        g.mul(result).gather(d, index).div(src.maskedFill(srcZero, 1.0)));
            }
            case "mean" -> {
                Tensor n = includeSelf ? Tensor.onesLike(g) : Tensor.zerosLike(g);
                n = n.scatterAdd(d, index, Tensor.onesLike(src));
                n = n.maskedFill(n.eq(0.0), 1.0);
                gSelf = g.div(n);
                gSrc = g.gather(d, index).div(n.gather(d, index));
            }
            default -> {
                Tensor value = result.gather(d, index);
                Tensor selfIsResult = self.eq(result).to(self.dtype);
                Tensor srcIsResult = src.eq(value).to(self.dtype);
                Tensor distribute = selfIsResult.scatterAdd(d, index, srcIsResult);
                Tensor distributed = g.div(distribute);
                gSelf = selfIsResult.mul(distributed);
                gSrc = srcIsResult.mul(distributed.gather(d, index));
            }
        }
        if (!includeSelf) {
            gSelf = gSelf.scatter(d, index, 0.0);
        }
        return new Tensor[] {gSelf, gSrc};
    }

    /**
     * The reduction on the host, in PyTorch's CPU order (each target's contributions by ascending position along
     * {@code d}) and rounding (float32 after each step, integers wrapping to their width, mean's integer quotient
     * floored). Positions that receive a value start from the reduction's identity when {@code !includeSelf}.
     */
    private static Tensor hostReduce(Tensor self, int d, Tensor index, Tensor src, String reduce, boolean includeSelf) {
        int[] xs = shape1(self);
        int[] is = index.shape.length == 0 ? new int[] {1} : index.shape;
        int[] xStrides = Shapes.contiguousStrides(xs);
        long[] idx = index.toLongArray();
        int n = Shapes.numel(xs);
        int[] target = new int[idx.length];
        int[] coord = new int[is.length];
        for (int p = 0; p < idx.length; p++) {
            int off = 0;
            for (int k = 0; k < is.length; k++) {
                off += (k == d ? (int) idx[p] : coord[k]) * xStrides[k];
            }
            target[p] = off;
            for (int k = is.length - 1; k >= 0; k--) {
                if (++coord[k] < is[k]) {
                    break;
                }
                coord[k] = 0;
            }
        }
        // mean's divisor: the contributions, plus self's value where it takes part (at least 1)
        int[] count = new int[n];
        Arrays.fill(count, includeSelf ? 1 : 0);
        for (int t : target) {
            count[t]++;
        }
        DType dt = self.dtype;
        if (dt.isFloatingPoint()) {
            boolean f32 = dt == DType.FLOAT32;
            double[] out = self.contiguous().toDoubleArray();
            double[] s = src.contiguous().toDoubleArray();
            if (!includeSelf) {
                double init = switch (reduce) {
                    case "prod" -> 1.0;
                    case "amax" -> Double.NEGATIVE_INFINITY;
                    case "amin" -> Double.POSITIVE_INFINITY;
                    default -> 0.0;
                };
                for (int t : target) {
                    out[t] = init;
                }
            }
            for (int p = 0; p < target.length; p++) {
                double a = out[target[p]];
                double b = s[p];
                double v = switch (reduce) {
                    case "prod" -> a * b;
                    case "amax" -> Double.isNaN(b) ? b : (a < b ? b : a);
                    case "amin" -> Double.isNaN(b) ? b : (b < a ? b : a);
                    default -> a + b;
                };
                out[target[p]] = f32 ? (float) v : v;
            }
            if (reduce.equals("mean")) {
                for (int t = 0; t < n; t++) {
                    double v = out[t] / Math.max(count[t], 1);
                    out[t] = f32 ? (float) v : v;
                }
            }
            return Tensor.of(out, dt, self.device(), self.shape);
        }
        long[] out = self.contiguous().toLongArray();
        long[] s = src.contiguous().toLongArray();
        if (!includeSelf) {
            long init = switch (reduce) {
                case "prod" -> 1L;
                case "amax" -> minOf(dt);
                case "amin" -> maxOf(dt);
                default -> 0L;
            };
            for (int t : target) {
                out[t] = init;
            }
        }
        for (int p = 0; p < target.length; p++) {
            long a = out[target[p]];
            long b = s[p];
            long v = switch (reduce) {
                case "prod" -> a * b;
                case "amax" -> Math.max(a, b);
                case "amin" -> Math.min(a, b);
                default -> a + b;
            };
            out[target[p]] = wrapTo(v, dt);
        }
        if (reduce.equals("mean")) {
            for (int t = 0; t < n; t++) {
                out[t] = wrapTo(Math.floorDiv(out[t], Math.max(count[t], 1)), dt);
            }
        }
        return DTypes.of(out, dt, self.backend(), self.shape);
    }

    private static long minOf(DType dt) {
        return switch (dt) {
            case BOOL, UINT8 -> 0L;
            case INT32 -> Integer.MIN_VALUE;
            default -> Long.MIN_VALUE;
        };
    }

    private static long maxOf(DType dt) {
        return switch (dt) {
            case BOOL -> 1L;
            case UINT8 -> 255L;
            case INT32 -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE;
        };
    }

    private static long wrapTo(long v, DType dt) {
        return switch (dt) {
            case BOOL -> v != 0 ? 1 : 0;
            case UINT8 -> v & 0xFF;
            case INT32 -> (int) v;
            default -> v;
        };
    }
}

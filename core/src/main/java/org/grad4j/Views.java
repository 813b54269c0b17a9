package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;
import org.grad4j.spi.Backend;
import org.grad4j.spi.Buffer;
import org.grad4j.spi.UnaryOp;

/** Shape operations that share storage (views), the copies behind them, and their gradients. */
final class Views {
    private Views() {
    }

    static Tensor view(Tensor t, int[] shape, int[] strides, int offset, Node node) {
        // A view without elements never reads its storage: offset 0 keeps every backend call in bounds
        // (a narrow or select of a [3, 0] tensor would otherwise point past its empty buffer).
        int at = Shapes.numel(shape) == 0 ? 0 : offset;
        Tensor v = new Tensor(t.storage, shape, strides, at, t.dtype).markView().markNoGradView(t).markViewOf(t);
        return Tensor.needsGrad(t) ? Tensor.record(v, node) : v;
    }

    private static boolean recording(Tensor t) {
        return Tensor.needsGrad(t);
    }

    static Tensor alias(Tensor t) {
        return view(t, t.shape, t.strides, t.offset, recording(t) ? new ReshapeNode(t, "AliasBackward0") : null);
    }

    private static int[] inferShape(String op, Tensor t, int[] requested) {
        if (requested == null) {
            throw new IllegalArgumentException(op + ": expected a shape, got null");
        }
        int[] s = requested.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException(op + ": only one dimension can be inferred in shape " + Arrays.toString(requested));
                }
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid size " + s[i] + " in shape " + Arrays.toString(requested));
            } else {
                known *= s[i];   // known <= 2^31 - 1 before: no long overflow
                if (known > Integer.MAX_VALUE) {
                    throw Shapes.tooLarge(op, requested);
                }
            }
        }
        int n = t.numel();
        if (infer >= 0 && known != 0 && n % known == 0) {
            s[infer] = (int) (n / known);
            known *= s[infer];
        }
        if (known != n || (infer >= 0 && s[infer] < 0)) {
            throw new IllegalArgumentException(op + ": shape " + Arrays.toString(requested) + " is invalid for input of size "
                    + n + " (shape " + Shapes.str(t.shape) + ")");
        }
        return Shapes.checkIndexable(op, s);
    }

    /** PyTorch 1.13 names a reshape that is a view {@code ReshapeAliasBackward0}, one that copies {@code UnsafeViewBackward0}. */
    static Tensor reshape(Tensor t, int[] requested) {
        return reshape(t, requested, null);
    }

    /**
     * A reshape whose node prints as {@code name}, for composite ops that end in one (matmul's {@code _unsafe_view}),
     * whatever the input's layout; a null name names it as {@link #reshape(Tensor, int[])} does.
     */
    static Tensor reshape(Tensor t, int[] requested, String name) {
        int[] s = inferShape("reshape", t, requested);
        String viewName = name != null ? name : "ReshapeAliasBackward0";
        if (t.isContiguous()) {
            return view(t, s, Shapes.contiguousStrides(s), t.offset, recording(t) ? new ReshapeNode(t, viewName) : null);
        }
        // As PyTorch: a view whenever the strides allow one (a transposed matrix split along a dimension, an
        // expanded tensor given a size-1 dimension), a copy otherwise.
        int[] strides = viewStrides(t.shape, t.strides, s);
        if (strides != null) {
            return view(t, s, strides, t.offset, recording(t) ? new ReshapeNode(t, viewName) : null);
        }
        Tensor src = copy(t, t.dtype, "CloneBackward0");
        return view(src, s, Shapes.contiguousStrides(s), src.offset,
                recording(src) ? new ReshapeNode(src, name != null ? name : "UnsafeViewBackward0") : null);
    }

    static Tensor view(Tensor t, int[] requested) {
        int[] s = inferShape("view", t, requested);
        int[] strides = t.isContiguous() ? Shapes.contiguousStrides(s) : viewStrides(t.shape, t.strides, s);
        if (strides == null) {
            throw new IllegalArgumentException("view: size " + Arrays.toString(requested) + " is not compatible with the "
                    + "input's size " + Shapes.str(t.shape) + " and stride " + Arrays.toString(t.strides)
                    + " (at least one dimension spans across two contiguous subspaces). Use reshape(...) instead.");
        }
        return view(t, s, strides, t.offset, recording(t) ? new ReshapeNode(t, "ViewBackward0") : null);
    }

    /**
     * The strides that show a tensor of {@code oldShape}/{@code oldStrides} as {@code newShape} without copying, or
     * null where none do (PyTorch's rule for {@code view}): the old dimensions fall into chunks that are contiguous
     * among themselves, and each chunk must be exactly covered by consecutive new dimensions (size-1 dimensions
     * going anywhere).
     */
    static int[] viewStrides(int[] oldShape, int[] oldStrides, int[] newShape) {
        int[] out = new int[newShape.length];
        if (Shapes.numel(oldShape) == 0) {
            return Arrays.equals(oldShape, newShape) ? oldStrides.clone() : Shapes.contiguousStrides(newShape).clone();
        }
        if (oldShape.length == 0) {
            return Shapes.contiguousStrides(newShape).clone();   // a 0-d tensor: every new size is 1
        }
        int viewDim = newShape.length - 1;
        long chunkBase = oldStrides[oldShape.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int d = oldShape.length - 1; d >= 0; d--) {
            tensorNumel *= oldShape[d];
            if (d == 0 || (oldShape[d - 1] != 1 && oldStrides[d - 1] != tensorNumel * chunkBase)) {
                while (viewDim >= 0 && (viewNumel < tensorNumel || newShape[viewDim] == 1)) {
                    out[viewDim] = (int) (viewNumel * chunkBase);
                    viewNumel *= newShape[viewDim];
                    viewDim--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (d > 0) {
                    chunkBase = oldStrides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewDim == -1 ? out : null;
    }

    static Tensor transpose(Tensor t, int dim0, int dim1) {
        return transpose(t, dim0, dim1, false);
    }

    /** {@code t()} is {@code transpose(0, 1)} printed as {@code TBackward0}. */
    static Tensor transpose(Tensor t, int dim0, int dim1, boolean isT) {
        int r = t.shape.length;
        if (r == 0) {
            Shapes.dim("transpose", dim0, 0);
            Shapes.dim("transpose", dim1, 0);
            return alias(t);
        }
        int a = Shapes.dim("transpose", dim0, r);
        int b = Shapes.dim("transpose", dim1, r);
        int[] shape = t.shape.clone();
        int[] strides = t.strides.clone();
        shape[a] = t.shape[b];
        shape[b] = t.shape[a];
        strides[a] = t.strides[b];
        strides[b] = t.strides[a];
        return view(t, shape, strides, t.offset, recording(t) ? new TransposeNode(t, a, b, isT) : null);
    }

    static Tensor unsqueeze(Tensor t, int dim) {
        int r = t.shape.length;
        int d = Shapes.dim("unsqueeze", dim, r + 1);
        int[] shape = new int[r + 1];
        int[] strides = new int[r + 1];
        for (int i = 0, j = 0; i <= r; i++) {
            if (i == d) {
                shape[i] = 1;
                strides[i] = j < r ? t.strides[j] * t.shape[j] : 1;
            } else {
                shape[i] = t.shape[j];
                strides[i] = t.strides[j];
                j++;
            }
        }
        return view(t, shape, strides, t.offset, recording(t) ? new ReshapeNode(t, "UnsqueezeBackward0") : null);
    }

    static Tensor squeeze(Tensor t, int dim, boolean all) {
        return squeeze(t, dim, all, all ? "SqueezeBackward0" : "SqueezeBackward1");
    }

    /** A squeeze whose node prints as {@code name}: matmul's 1-D forms end in one (Mv, Dot, in-place squeeze_). */
    static Tensor squeeze(Tensor t, int dim, boolean all, String name) {
        int r = t.shape.length;
        int only = all || r == 0 ? -1 : Shapes.dim("squeeze", dim, r);
        if (!all && r == 0) {
            Shapes.dim("squeeze", dim, 0);
        }
        int n = 0;
        for (int i = 0; i < r; i++) {
            boolean drop = t.shape[i] == 1 && (all || i == only);
            n += drop ? 0 : 1;
        }
        int[] shape = new int[n];
        int[] strides = new int[n];
        for (int i = 0, j = 0; i < r; i++) {
            boolean drop = t.shape[i] == 1 && (all || i == only);
            if (!drop) {
                shape[j] = t.shape[i];
                strides[j++] = t.strides[i];
            }
        }
        return view(t, shape, strides, t.offset, recording(t) ? new ReshapeNode(t, name) : null);
    }

    /** {@code torch.broadcast_to}: {@link #expand}, but a new view (ExpandBackward0) also when the shape is kept. */
    static Tensor broadcastTo(Tensor t, int[] sizes) {
        Tensor e = expand(t, sizes);
        return e != t ? e : view(t, t.shape, t.strides, t.offset, recording(t) ? new ExpandNode(t) : null);
    }

    static Tensor expand(Tensor t, int[] sizes) {
        if (sizes == null || sizes.length < t.shape.length) {
            throw new IllegalArgumentException("expand: the number of sizes provided (" + (sizes == null ? 0 : sizes.length)
                    + ") must be greater or equal to the number of dimensions in the tensor (" + t.shape.length + ")");
        }
        int lead = sizes.length - t.shape.length;
        int[] shape = new int[sizes.length];
        int[] strides = new int[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            int have = i < lead ? 1 : t.shape[i - lead];
            int want = sizes[i] == -1 && i >= lead ? have : sizes[i];
            if (want < 0 || (have != want && have != 1)) {
                throw new IllegalArgumentException("expand: the expanded size of the tensor (" + sizes[i] + ") must match the "
                        + "existing size (" + have + ") at non-singleton dimension " + i + ". Target sizes: "
                        + Arrays.toString(sizes) + ". Tensor sizes: " + Shapes.str(t.shape));
            }
            shape[i] = want;
            strides[i] = i < lead || (have == 1 && want != 1) ? 0 : t.strides[i - lead];
        }
        if (Arrays.equals(shape, t.shape)) {
            return t;
        }
        Shapes.checkIndexable("expand", shape);
        return view(t, shape, strides, t.offset, recording(t) ? new ExpandNode(t) : null);
    }

    static Tensor select(Tensor t, int dim, int index) {
        if (t.shape.length == 0) {
            throw new IndexOutOfBoundsException("select: cannot be applied to a 0-dim tensor");
        }
        int d = Shapes.dim("select", dim, t.shape.length);
        int size = t.shape[d];
        if (index < -size || index >= size) {
            throw new IndexOutOfBoundsException("select: index " + index + " out of range for tensor of size " + size
                    + " at dimension " + d + " (shape " + Shapes.str(t.shape) + ")");
        }
        int i = index < 0 ? index + size : index;
        int[] shape = new int[t.shape.length - 1];
        int[] strides = new int[shape.length];
        for (int k = 0, j = 0; k < t.shape.length; k++) {
            if (k != d) {
                shape[j] = t.shape[k];
                strides[j++] = t.strides[k];
            }
        }
        return view(t, shape, strides, t.offset + i * t.strides[d], recording(t) ? new SliceNode(t, d, i, 1, true) : null);
    }

    static Tensor narrow(Tensor t, int dim, int start, int length) {
        if (t.shape.length == 0) {
            throw new IndexOutOfBoundsException("narrow: cannot be applied to a 0-dim tensor");
        }
        int d = Shapes.dim("narrow", dim, t.shape.length);
        int size = t.shape[d];
        int s = start < 0 ? start + size : start;
        if (s < 0 || s > size || length < 0 || length > size - s) {   // no start + length: it can overflow
            throw new IndexOutOfBoundsException("narrow: start " + start + " and length " + length + " are out of range for "
                    + "dimension " + d + " of size " + size + " (shape " + Shapes.str(t.shape) + ")");
        }
        int[] shape = t.shape.clone();
        shape[d] = length;
        return view(t, shape, t.strides, t.offset + s * t.strides[d], recording(t) ? new SliceNode(t, d, s, length, false) : null);
    }

    /**
     * {@code t} converted to {@code dtype} for an elementwise op: an expanded (stride-0) operand is
     * converted once per distinct element and expanded again, so type promotion never materialises
     * a broadcast (a float32 {@code ones(1).expand(65536, 32767)} added to a float64 tensor needs no
     * 2^31-element copy).
     */
    static Tensor promote(Tensor t, DType dtype) {
        if (t.dtype == dtype) {
            return t;
        }
        Tensor base = t;
        for (int d = 0; d < t.shape.length; d++) {
            if (t.strides[d] == 0 && t.shape[d] > 1) {
                base = base.narrow(d, 0, 1);
            }
        }
        return base == t ? t.to(dtype) : base.to(dtype).expand(t.shape);
    }

    /**
     * PyTorch's {@code clone()} / {@code to(dtype)} ({@code memory_format=torch.preserve_format}): a copy with
     * {@code t}'s strides when they are dense and non-overlapping, else dense strides in the same order of
     * dims ({@code infer_dense_strides}: a transposed slice stays transposed), contiguous for an expanded tensor.
     */
    static Tensor copyPreserving(Tensor t, DType dtype, String nodeName) {
        return copyWithStrides(t, dtype, preservedStrides(t.shape, t.strides), nodeName);
    }

    /** A copy of {@code t} laid out with {@code strides} (dense, non-overlapping), converted to {@code dtype}. */
    static Tensor copyWithStrides(Tensor t, DType dtype, int[] strides, String nodeName) {
        if (Arrays.equals(strides, Shapes.contiguousStrides(t.shape))) {
            return copy(t, dtype, nodeName);
        }
        Tensor fresh = Tensor.empty(t.shape, dtype, t.storage.backend);
        Tensor out = new Tensor(fresh.storage, t.shape.clone(), strides, 0, dtype);
        t.storage.backend.unary(UnaryOp.COPY, t.shape, t.strided(), out.strided());
        return Tensor.needsGrad(t) && dtype.isFloatingPoint() ? Tensor.record(out, new CopyNode(t, nodeName)) : out;
    }

    /** The strides of {@link #copyPreserving}'s result for a tensor of {@code shape} and {@code strides}. */
    static int[] preservedStrides(int[] shape, int[] strides) {
        if (nonOverlappingAndDense(shape, strides)) {
            return strides.clone();
        }
        int n = shape.length;
        // ATen's infer_dense_strides: dims ordered innermost first by stride (a stable insertion sort from the
        // contiguous order; a 0 stride compares as a tie, so an expanded dim keeps its place), then packed densely
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = n - 1 - i;
        }
        for (int i = 1; i < n; i++) {
            int dim1 = i;
            for (int dim0 = i - 1; dim0 >= 0; dim0--) {
                int c = shouldSwap(shape, strides, perm[dim0], perm[dim1]);
                if (c > 0) {
                    int tmp = perm[dim0];
                    perm[dim0] = perm[dim1];
                    perm[dim1] = tmp;
                    dim1 = dim0;
                } else if (c < 0) {
                    break;
                }
            }
        }
        int[] out = new int[n];
        int stride = 1;
        for (int i = 0; i < n; i++) {
            int d = perm[i];
            out[d] = stride;
            if (shape[d] > 1) {
                stride *= shape[d];
            }
        }
        return out;
    }

    private static int shouldSwap(int[] shape, int[] strides, int dim0, int dim1) {
        int s0 = strides[dim0];
        int s1 = strides[dim1];
        if (s0 == 0 || s1 == 0) {
            return 0;
        }
        if (s0 != s1) {
            return s0 < s1 ? -1 : 1;
        }
        return shape[dim0] > shape[dim1] ? 1 : 0;
    }

    /** ATen's {@code is_non_overlapping_and_dense}: the elements fill a block of numel slots, each once. */
    static boolean nonOverlappingAndDense(int[] shape, int[] strides) {
        int n = shape.length;
        if (n == 1) {
            return shape[0] < 2 || strides[0] == 1;
        }
        Integer[] perm = new Integer[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        // by stride, dims of size 0 or 1 last (they do not matter)
        Arrays.sort(perm, (a, b) -> {
            boolean sa = shape[a] < 2;
            boolean sb = shape[b] < 2;
            if (sa != sb) {
                return sa ? 1 : -1;
            }
            return sa ? 0 : Integer.compare(strides[a], strides[b]);
        });
        long required = 1;
        for (int d : perm) {
            if (shape[d] < 2) {
                return true;
            }
            if (strides[d] != required) {
                return false;
            }
            required *= shape[d];
        }
        return true;
    }

    /** A contiguous copy, converted to {@code dtype}, recorded as {@code nodeName}. */
    static Tensor copy(Tensor t, DType dtype, String nodeName) {
        Tensor out = Tensor.empty(t.shape, dtype, t.storage.backend);
        t.storage.backend.unary(UnaryOp.COPY, t.shape, t.strided(), out.strided());
        // A conversion to int64 or bool is not differentiable: its result does not require grad.
        return Tensor.needsGrad(t) && dtype.isFloatingPoint() ? Tensor.record(out, new CopyNode(t, nodeName)) : out;
    }

    /** A copy on another device, through the host. */
    static Tensor toDevice(Tensor t, Backend target) {
        Tensor src = t.contiguous();
        Buffer buffer;
        if (!t.dtype.isFloatingPoint()) {
            long[] host = new long[src.numel()];
            src.storage.backend.download(src.buffer(), src.offset, host);
            buffer = target.upload(host, t.dtype);
        } else if (t.dtype == DType.FLOAT32) {
            float[] host = new float[src.numel()];
            src.storage.backend.download(src.buffer(), src.offset, host);
            buffer = target.upload(host, t.dtype);
        } else {
            double[] host = new double[src.numel()];
            src.storage.backend.download(src.buffer(), src.offset, host);
            buffer = target.upload(host, t.dtype);
        }
        Tensor out = new Tensor(new Tensor.Storage(buffer, target), t.shape, Shapes.contiguousStrides(t.shape), 0, t.dtype);
        return Tensor.needsGrad(t) ? Tensor.record(out, new CopyNode(t, "ToCopyBackward0")) : out;
    }

    /** Gradient of a reshape-like view: reshape back. */
    static final class ReshapeNode extends NamedNode {
        private final int[] inShape;

        ReshapeNode(Tensor in, String name) {
            super(name, in);
            this.inShape = in.shape;
        }

        @Override
        Tensor[] backward(Tensor g) {
            return new Tensor[] {g.reshape(inShape)};
        }
    }

    /** Gradient of transpose: transpose back. */
    static final class TransposeNode extends Node {
        private final int a;
        private final int b;

        private final boolean isT;

        TransposeNode(Tensor in, int a, int b, boolean isT) {
            super(in);
            this.a = a;
            this.b = b;
            this.isT = isT;
        }

        @Override
        public String name() {
            return isT ? "TBackward0" : "TransposeBackward0";
        }

        @Override
        Tensor[] backward(Tensor g) {
            return new Tensor[] {isT ? g.t() : g.transpose(a, b)};   // t()'s formula is grad.t()
        }
    }

    /** Gradient of expand: sum over the broadcast dims. */
    static final class ExpandNode extends Node {
        private final int[] inShape;

        ExpandNode(Tensor in) {
            super(in);
            this.inShape = in.shape;
        }

        @Override
        public String name() {
            return "ExpandBackward0";
        }

        @Override
        Tensor[] backward(Tensor g) {
            return new Tensor[] {PrimitiveReductions.sumTo(g, inShape)};
        }
    }

    /** Gradient of select/narrow: the output gradient placed in a zero tensor of the input's shape. */
    static final class SliceNode extends Node {
        private final int[] inShape;
        private final int dim;
        private final int start;
        private final int length;
        private final boolean select;

        SliceNode(Tensor in, int dim, int start, int length, boolean select) {
            super(in);
            this.inShape = in.shape;
            this.dim = dim;
            this.start = start;
            this.length = length;
            this.select = select;
        }

        @Override
        public String name() {
            return select ? "SelectBackward0" : "SliceBackward0";
        }

        @Override
        Tensor[] backward(Tensor g) {
            return new Tensor[] {intoZeros(name(), inShape, g,
                    z -> select ? z.select(dim, start) : z.narrow(dim, start, length))};
        }
    }

    /**
     * The backward of a view op (select, narrow, slice, diagonal, unbind): {@code g} written into zeros of the
     * input's shape through {@code region}, the same view of them. A gradient with history (create_graph) makes it
     * a recorded op, PyTorch's {@code SelectBackwardBackward0} etc., whose own gradient is that view of its gradient.
     */
    static Tensor intoZeros(String gradFn, int[] inShape, Tensor g, java.util.function.UnaryOperator<Tensor> region) {
        Tensor z = Tensor.zeroed(gradFn, inShape, g.dtype, g.storage.backend);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            region.apply(z).copy_(g);
        }
        if (Tensor.needsGrad(g)) {
            Tensor.record(z, new Indexing.FnNode(gradFn.replace("Backward0", "BackwardBackward0"),
                    gg -> new Tensor[] {region.apply(gg)}, g));
        }
        return z;
    }

    /** Gradient of a copy: passes through, converted back to the source's dtype and device. */
    static final class CopyNode extends NamedNode {
        private final DType srcType;
        private final Device srcDevice;

        CopyNode(Tensor in, String name) {
            super(name, in);
            this.srcType = in.dtype;
            this.srcDevice = in.device();
        }

        @Override
        Tensor[] backward(Tensor g) {
            return new Tensor[] {g.to(srcType).to(srcDevice)};
        }
    }
}

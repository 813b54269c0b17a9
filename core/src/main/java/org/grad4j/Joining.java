package org.grad4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.grad4j.Indexing.FnNode;
import org.grad4j.autograd.GradMode;
import org.grad4j.spi.UnaryOp;

/**
 * cat, stack, pad, one_hot, nonzero, masked_select, advanced indexing ({@code x[idx]}, {@code x[mask]}) and
 * embedding: PyTorch's checks, results and grad_fn names, composed from the backend's copy and gather/scatter.
 * nonzero, masked_select and mask indexing read the mask on the host (their output size depends on it), as
 * PyTorch's CUDA kernels synchronise too.
 */
final class Joining {
    private Joining() {
    }

    private static Tensor record(Tensor out, String name, Indexing.FnNode.Rule rule, Tensor... inputs) {
        for (Tensor t : inputs) {
            if (t != null && Tensor.needsGrad(t)) {
                return Tensor.record(out, new FnNode(name, rule, inputs));
            }
        }
        return out;
    }

    private static List<Tensor> checkList(String op, List<Tensor> tensors, String emptyMessage) {
        if (tensors == null || tensors.isEmpty()) {
            throw new IllegalArgumentException(emptyMessage);
        }
        List<Tensor> list = new ArrayList<>(tensors);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw new IllegalArgumentException(op + ": expected a tensor at position " + i + ", got null");
            }
            Indexing.sameDevice(op, list.get(0), list.get(i));
        }
        return list;
    }

    static Tensor cat(List<Tensor> tensors, int dim) {
        List<Tensor> list = checkList("cat", tensors, "torch.cat(): expected a non-empty list of Tensors");
        DType dt = list.get(0).dtype;
        Tensor ref = null;
        int refIndex = -1;
        for (int i = 0; i < list.size(); i++) {
            Tensor t = list.get(i);
            dt = DTypes.promote(dt, t.dtype);
            // PyTorch's legacy rule: 1-D empty tensors are skipped whatever the others' shapes
            if (ref == null && !(t.dim() == 1 && t.numel() == 0)) {
                ref = t;
                refIndex = i;
            }
        }
        if (ref == null) {
            ref = list.get(0);
            refIndex = 0;
        }
        if (ref.dim() == 0) {
            throw new IllegalArgumentException("cat: zero-dimensional tensor (at position " + refIndex
                    + ") cannot be concatenated");
        }
        int d = Shapes.dim("cat", dim, ref.dim());
        int[] shape = ref.shape.clone();
        shape[d] = 0;
        long total = 0;
        for (int i = 0; i < list.size(); i++) {
            Tensor t = list.get(i);
            if (t.dim() == 1 && t.numel() == 0) {
                continue;
            }
            if (t.dim() != ref.dim()) {
                throw new IllegalArgumentException("Tensors must have same number of dimensions: got " + ref.dim() + " and "
                        + t.dim() + " (cat: tensor " + i + " has shape " + Shapes.str(t.shape) + ")");
            }
            for (int k = 0; k < ref.dim(); k++) {
                if (k != d && t.shape[k] != ref.shape[k]) {
                    throw new IllegalArgumentException("Sizes of tensors must match except in dimension " + d + ". Expected "
                            + "size " + ref.shape[k] + " but got size " + t.shape[k] + " for tensor number " + i
                            + " in the list (cat of " + Shapes.str(ref.shape) + " and " + Shapes.str(t.shape) + ").");
                }
            }
            total += t.shape[d];
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cat: the result has " + total + " elements along dimension " + d
                    + ", more than a tensor holds");
        }
        shape[d] = (int) total;
        Shapes.checkIndexable("cat", shape);
        Tensor out = Tensor.empty(shape, dt, ref.backend());
        int[] offsets = new int[list.size()];
        int at = 0;
        for (int i = 0; i < list.size(); i++) {
            Tensor t = list.get(i);
            offsets[i] = at;
            if (t.dim() == 1 && t.numel() == 0) {
                continue;   // skipped (PyTorch's legacy rule), whatever the others' rank
            }
            if (t.numel() > 0) {
                Tensor region;
                try (GradMode.Scope ignored = GradMode.noGrad()) {
                    region = out.narrow(d, at, t.shape[d]);
                }
                t.backend().unary(UnaryOp.COPY, t.shape, t.strided(), region.strided());
            }
            at += t.shape[d];
        }
        Tensor[] inputs = list.toArray(new Tensor[0]);
        if (!dt.isFloatingPoint()) {
            return out;
        }
        return record(out, "CatBackward0", g -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                Tensor t = inputs[i];
                Tensor gi = t.dim() == 1 && t.numel() == 0 && !(g.dim() == 1)
                        ? Tensor.zeroed("cat backward", t.shape, g.dtype, g.backend()) : g.narrow(d, offsets[i], t.shape[d]);
                grads[i] = gi.dtype == t.dtype ? gi : gi.to(t.dtype);
            }
            return grads;
        }, inputs);
    }

    static Tensor stack(List<Tensor> tensors, int dim) {
        List<Tensor> list = checkList("stack", tensors, "stack expects a non-empty TensorList");
        int[] s0 = list.get(0).shape;
        for (int i = 1; i < list.size(); i++) {
            if (!Arrays.equals(s0, list.get(i).shape)) {
                throw new IllegalArgumentException("stack expects each tensor to be equal size, but got " + Shapes.str(s0)
                        + " at entry 0 and " + Shapes.str(list.get(i).shape) + " at entry " + i);
            }
        }
        int d = Shapes.dim("stack", dim, s0.length + 1);
        List<Tensor> parts = new ArrayList<>();
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            for (Tensor t : list) {
                parts.add(t.unsqueeze(d));
            }
            out = cat(parts, d);
        }
        Tensor[] inputs = list.toArray(new Tensor[0]);
        if (!out.dtype.isFloatingPoint()) {
            return out;
        }
        return record(out, "StackBackward0", g -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                Tensor gi = g.select(d, i);
                grads[i] = gi.dtype == inputs[i].dtype ? gi : gi.to(inputs[i].dtype);
            }
            return grads;
        }, inputs);
    }

    // ------------------------------------------------------------ pad

    static Tensor pad(Tensor x, int[] pad, String mode, double value) {
        Indexing.nonNull("pad", x, pad, mode);
        if (pad.length % 2 != 0) {
            throw new IllegalArgumentException("pad: Padding length must be divisible by 2, got " + Arrays.toString(pad));
        }
        int k = pad.length / 2;
        if (k > x.dim()) {
            throw new IllegalArgumentException("pad: Padding length too large: " + pad.length + " values for a tensor of "
                    + "shape " + Shapes.str(x.shape));
        }
        return switch (mode) {
            case "constant" -> constantPad(x, pad, value);
            case "reflect", "replicate" -> indexPad(x, pad, mode.equals("reflect"));
            case "circular" -> circularPad(x, pad);
            default -> throw new IllegalArgumentException("pad: unsupported padding mode '" + mode
                    + "' (expected constant, reflect, replicate or circular)");
        };
    }

    private static Tensor constantPad(Tensor x, int[] pad, double value) {
        int r = x.dim();
        int[] shape = x.shape.clone();
        // PyTorch's constant_pad_nd: only cropping narrows (to any size); once anything is added, every padded
        // dimension must come out non-empty
        boolean adds = Arrays.stream(pad).anyMatch(p -> p > 0);
        for (int i = 0; i < pad.length / 2; i++) {
            int d = r - 1 - i;
            long size = (long) x.shape[d] + pad[2 * i] + pad[2 * i + 1];
            if (size < 0 || size == 0 && adds) {
                throw new IllegalArgumentException("pad: The input size " + x.shape[d] + ", plus negative padding "
                        + pad[2 * i] + " and " + pad[2 * i + 1] + " resulted in a negative output size, which is invalid. "
                        + "Check dimension " + d + " of your input " + Shapes.str(x.shape));
            }
            shape[d] = (int) size;
        }
        Shapes.checkIndexable("pad", shape);
        Tensor out = Tensor.full(shape, value, x.dtype, x.device());
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor src = x;
            Tensor dst = out;
            for (int i = 0; i < pad.length / 2; i++) {
                int d = r - 1 - i;
                int lo = pad[2 * i];
                int hi = pad[2 * i + 1];
                int from = Math.max(0, -lo);
                int len = Math.max(0, x.shape[d] - from - Math.max(0, -hi));
                src = src.narrow(d, from, len);
                dst = dst.narrow(d, Math.max(0, lo), len);
            }
            if (src.numel() > 0) {
                x.backend().unary(UnaryOp.COPY, src.shape, src.strided(), dst.strided());
            }
        }
        int[] neg = new int[pad.length];
        for (int i = 0; i < pad.length; i++) {
            neg[i] = -pad[i];
        }
        return x.dtype.isFloatingPoint()
                ? record(out, "ConstantPadNdBackward0", g -> new Tensor[] {constantPad(g, neg, 0.0)}, x) : out;
    }

    /** reflect / replicate: one index_select per padded dim, PyTorch's checks on which dims may be padded. */
    private static Tensor indexPad(Tensor x, int[] pad, boolean reflect) {
        String name = reflect ? "Reflection" : "Replication";
        int k = pad.length / 2;
        int r = x.dim();
        if (k < 1 || k > 3 || (r != k + 1 && r != k + 2)) {
            throw new IllegalArgumentException("pad: " + (reflect ? "reflect" : "replicate") + " padding of " + k
                    + " dimension(s) expects a " + (k + 1) + "-D or " + (k + 2) + "-D input, got shape "
                    + Shapes.str(x.shape) + " (pad " + Arrays.toString(pad) + ")");
        }
        Tensor[] indices = new Tensor[k];
        int[] dims = new int[k];
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = x;
            for (int i = 0; i < k; i++) {
                int d = r - 1 - i;
                int size = x.shape[d];
                int lo = pad[2 * i];
                int hi = pad[2 * i + 1];
                if (reflect ? (lo >= size || hi >= size || lo < 0 || hi < 0) : (size == 0 || lo < 0 || hi < 0)) {
                    throw new IllegalArgumentException("pad: Padding size should be less than the corresponding input "
                            + "dimension, but got: padding (" + lo + ", " + hi + ") at dimension " + d + " of input "
                            + Shapes.str(x.shape) + " (" + (reflect ? "reflect" : "replicate") + ")");
                }
                long[] ix = new long[size + lo + hi];
                for (int j = 0; j < ix.length; j++) {
                    int p = j - lo;
                    if (reflect) {
                        p = p < 0 ? -p : p >= size ? 2 * (size - 1) - p : p;
                    } else {
                        p = Math.min(Math.max(p, 0), size - 1);
                    }
                    ix[j] = p;
                }
                dims[i] = d;
                indices[i] = ShapeOps.longs(ix, x);
                out = out.indexSelect(d, indices[i]);
            }
        }
        int[] inShape = x.shape;
        String node = name + "Pad" + k + "DBackward0";
        return record(out, node, g -> {
            Tensor grad = g;
            for (int i = k - 1; i >= 0; i--) {
                int[] s = grad.shape.clone();
                s[dims[i]] = inShape[dims[i]];
                grad = Indexing.indexAdd(s, dims[i], indices[i], grad);
            }
            return new Tensor[] {grad};
        }, x);
    }

    /**
     * circular: ATen's {@code _pad_circular}, which pads every dim but the first two of a 3-D to 5-D input: the
     * (possibly cropped) input copied into the middle, then per dim (the last first) the left pad copied from the
     * end of the middle and the right pad from its start. Each output element comes from one input element, so it is
     * one index_select per dim; the gradient adds back (PyTorch records the copies: {@code CopySlices}).
     */
    private static Tensor circularPad(Tensor x, int[] pad) {
        int r = x.dim();
        int p = pad.length;
        if (!(p == 2 && (r == 2 || r == 3)) && !(p == 4 && (r == 3 || r == 4)) && !(p == 6 && (r == 4 || r == 5))) {
            throw new IllegalArgumentException("pad: Only 2D, 3D, 4D, 5D padding with non-constant padding are supported "
                    + "for now (circular padding " + Arrays.toString(pad) + " of a " + r + "-D input of shape "
                    + Shapes.str(x.shape) + ")");
        }
        int k = r - 2;
        if (p != 2 * k) {
            throw new IllegalArgumentException("pad: Invalid padding size, expected " + 2 * k + " but got " + pad.length
                    + " (circular padding pads every dim after the first two of shape " + Shapes.str(x.shape) + ")");
        }
        Tensor[] indices = new Tensor[k];
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) {
            int d = r - 1 - i;
            int size = x.shape[d];
            int lo = pad[2 * i];
            int hi = pad[2 * i + 1];
            long length = (long) size + lo + hi;
            if (lo > size || hi > size) {
                throw new IllegalArgumentException("pad: Padding value causes wrapping around more than once (padding ("
                        + lo + ", " + hi + ") of dimension " + d + " of size " + size + ")");
            }
            if (length < 0) {
                throw new IllegalArgumentException("pad: Negative padding value is resulting in an empty dimension "
                        + "(padding (" + lo + ", " + hi + ") of dimension " + d + " of size " + size + ")");
            }
            int n = (int) length;
            long[] ix = new long[n];
            for (int j = 0; j < n; j++) {
                int src = j < Math.max(lo, 0) ? n - lo - Math.max(hi, 0) + j   // left: from the middle's end
                        : j >= n - Math.max(hi, 0) ? Math.max(lo, 0) + j - (n - hi)   // right: from its start
                        : j;
                ix[j] = size == 0 ? 0 : Math.floorMod(src - lo, size);
            }
            dims[i] = d;
            indices[i] = ShapeOps.longs(ix, x);
        }
        int[] shape = x.shape.clone();
        for (int i = 0; i < k; i++) {
            shape[dims[i]] = indices[i].numel();
        }
        Shapes.checkIndexable("pad", shape);
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            if (Shapes.numel(shape) == 0) {
                out = Tensor.empty(shape, x.dtype, x.storage.backend);
            } else {
                out = x;
                for (int i = 0; i < k; i++) {
                    out = out.indexSelect(dims[i], indices[i]);
                }
                out = out == x ? x.clone() : out;
            }
        }
        int[] inShape = x.shape;
        return !x.dtype.isFloatingPoint() ? out : record(out, "CopySlices", g -> {
            Tensor grad = g;
            for (int i = k - 1; i >= 0; i--) {
                int[] s = grad.shape.clone();
                s[dims[i]] = inShape[dims[i]];
                grad = Indexing.indexAdd(s, dims[i], indices[i], grad);
            }
            return new Tensor[] {grad};
        }, x);
    }

    // ------------------------------------------------------------ one_hot, nonzero, masked_select, x[idx]

    static Tensor oneHot(Tensor t, int numClasses) {
        Indexing.nonNull("one_hot", t);
        if (t.dtype != DType.INT64) {
            throw new IllegalArgumentException("one_hot is only applicable to index tensor (got "
                    + t.dtype.torchName() + ")");
        }
        long min = 0;
        long max = -1;
        if (t.numel() > 0) {
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                max = PrimitiveReductions.maxAll(t).itemLong();
                min = -PrimitiveReductions.maxAll(t.neg()).itemLong();
            }
        } else if (numClasses < 0) {
            throw new IllegalArgumentException("one_hot: Can not infer total number of classes from empty tensor.");
        }
        if (min < 0) {
            throw new IllegalArgumentException("one_hot: Class values must be non-negative (got " + min + ")");
        }
        int c = numClasses;
        if (numClasses < 0) {
            if (numClasses != -1) {
                throw new IllegalArgumentException("one_hot: num_classes should be -1 or non-negative, got " + numClasses);
            }
            c = (int) Math.min(max + 1, Integer.MAX_VALUE);
        } else if (max >= numClasses) {
            throw new IllegalArgumentException("one_hot: Class values must be smaller than num_classes (got " + max
                    + ", num_classes " + numClasses + ")");
        }
        int[] shape = Arrays.copyOf(t.shape, t.dim() + 1);
        shape[t.dim()] = c;
        Shapes.checkIndexable("one_hot", shape);
        Tensor classes = DTypes.of(DTypes.arange(0, c, 1), DType.INT64, t.backend(), new int[] {c});
        return t.unsqueeze(-1).eq(classes).to(DType.INT64);
    }

    /** The positions (flat, row-major) where {@code t} is non-zero. */
    private static long[] flatNonzero(Tensor t) {
        long[] v;
        if (t.dtype.isFloatingPoint()) {
            double[] d = t.toDoubleArray();
            v = new long[d.length];
            for (int i = 0; i < d.length; i++) {
                v[i] = d[i] != 0.0 ? 1 : 0;   // NaN is non-zero
            }
        } else {
            v = DTypes.toLongArray(t);
        }
        int n = 0;
        for (long x : v) {
            n += x != 0 ? 1 : 0;
        }
        long[] out = new long[n];
        for (int i = 0, j = 0; i < v.length; i++) {
            if (v[i] != 0) {
                out[j++] = i;
            }
        }
        return out;
    }

    static Tensor nonzero(Tensor t) {
        Indexing.nonNull("nonzero", t);
        long[] flat = flatNonzero(t);
        int r = t.dim();
        long[] out = new long[flat.length * r];
        for (int i = 0; i < flat.length; i++) {
            long f = flat[i];
            for (int d = r - 1; d >= 0; d--) {
                out[i * r + d] = f % t.shape[d];
                f /= t.shape[d];
            }
        }
        return DTypes.of(out, DType.INT64, t.backend(), new int[] {flat.length, r});
    }

    static Tensor maskedSelect(Tensor x, Tensor mask) {
        Indexing.nonNull("masked_select", x, mask);
        Indexing.sameDevice("masked_select", x, mask);
        if (mask.dtype != DType.BOOL) {
            throw new IllegalArgumentException("masked_select: expected BoolTensor for mask, got "
                    + mask.dtype.torchName());
        }
        int[] shape = Shapes.broadcast("masked_select", x.shape, mask.shape);
        Tensor out;
        Tensor positions;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            positions = ShapeOps.longs(flatNonzero(mask.expand(shape)), x);
            out = x.expand(shape).reshape(-1).indexSelect(0, positions);
        }
        int[] inShape = x.shape;
        int n = Shapes.numel(shape);
        return x.dtype.isFloatingPoint() ? record(out, "MaskedSelectBackward0",
                g -> new Tensor[] {PrimitiveReductions.sumTo(Indexing.indexAdd(new int[] {n}, 0, positions, g).reshape(shape),
                        inShape)}, x) : out;
    }

    /** {@code x[mask]}: a bool mask over the leading dims of {@code x}. */
    /**
     * {@code x[:, ..., mask]} with the mask's dimensions starting at {@code d}: those dimensions become one, of the
     * mask's true positions in row-major order (PyTorch's advanced indexing by a bool tensor).
     */
    private static Tensor indexMaskAt(Tensor x, int d, Tensor mask) {
        int k = mask.dim();
        if (d + k > x.dim()) {
            throw new IndexOutOfBoundsException("index: too many indices for tensor of dimension " + x.dim()
                    + " (mask of shape " + Shapes.str(mask.shape) + " at dimension " + d + ")");
        }
        for (int i = 0; i < k; i++) {
            if (mask.shape[i] != x.shape[d + i]) {
                throw new IndexOutOfBoundsException("The shape of the mask " + Shapes.str(mask.shape) + " at index " + i
                        + " does not match the shape of the indexed tensor " + Shapes.str(x.shape) + " at index "
                        + (d + i));
            }
        }
        Tensor positions;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            positions = ShapeOps.longs(flatNonzero(mask), x);
        }
        return index(k == 1 ? x : x.flatten(d, d + k - 1), d, positions);
    }

    static Tensor indexMask(Tensor x, Tensor mask) {
        int k = mask.dim();
        if (k > x.dim()) {
            throw new IndexOutOfBoundsException("index: too many indices for tensor of dimension " + x.dim()
                    + " (mask of shape " + Shapes.str(mask.shape) + ")");
        }
        for (int i = 0; i < k; i++) {
            if (mask.shape[i] != x.shape[i]) {
                throw new IndexOutOfBoundsException("The shape of the mask " + Shapes.str(mask.shape) + " at index " + i
                        + " does not match the shape of the indexed tensor " + Shapes.str(x.shape) + " at index " + i);
            }
        }
        int lead = 1;
        for (int i = 0; i < k; i++) {
            lead *= x.shape[i];
        }
        int[] rest = Arrays.copyOfRange(x.shape, k, x.dim());
        int[] flatShape = new int[rest.length + 1];
        flatShape[0] = lead;
        System.arraycopy(rest, 0, flatShape, 1, rest.length);
        Tensor out;
        Tensor positions;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            positions = ShapeOps.longs(flatNonzero(mask), x);
            out = x.reshape(flatShape).indexSelect(0, positions);
        }
        int[] inShape = x.shape;
        return x.dtype.isFloatingPoint() ? record(out, "IndexBackward0",
                g -> new Tensor[] {Indexing.indexAdd(flatShape, 0, positions, g).reshape(inShape)}, x) : out;
    }

    /** {@code x[..., idx]} along {@code dim}: negative indices count from the end; the index's shape replaces dim. */
    static Tensor index(Tensor x, int dim, Tensor idx) {
        Indexing.nonNull("index", x, idx);
        Indexing.sameDevice("index", x, idx);
        if (idx.dtype == DType.BOOL) {
            if (dim != 0 && idx.dim() > 0) {
                return indexMaskAt(x, Shapes.dim("index", dim, x.dim()), idx);
            }
            if (dim != 0) {
                throw new IllegalArgumentException("index: a 0-dim bool mask indexes the leading dimension (dim 0), got dim "
                        + dim);
            }
            return indexMask(x, idx);
        }
        if (idx.dtype == DType.UINT8) {
            return index(x, dim, idx.ne(0.0));   // PyTorch's deprecated uint8 mask: a bool mask
        }
        if (idx.dtype != DType.INT64) {
            throw new IndexOutOfBoundsException("tensors used as indices must be long, byte or bool tensors, got "
                    + idx.dtype.torchName());
        }
        if (x.dim() == 0) {
            throw new IndexOutOfBoundsException("index: invalid index of a 0-dim tensor (index shape "
                    + Shapes.str(idx.shape) + ")");
        }
        int d = Shapes.dim("index", dim, x.dim());
        int size = x.shape[d];
        Tensor flat;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            flat = idx.reshape(-1);
            if (flat.numel() > 0) {
                long max = PrimitiveReductions.maxAll(flat).itemLong();
                long min = -PrimitiveReductions.maxAll(flat.neg()).itemLong();
                if (min < -size || max >= size) {
                    throw new IndexOutOfBoundsException("index " + (min < -size ? min : max) + " is out of bounds for "
                            + "dimension " + d + " with size " + size + " (shape " + Shapes.str(x.shape) + ")");
                }
                if (min < 0) {
                    flat = Indexing.where(flat.lt(0.0), flat.add(size), flat);
                }
            }
        }
        Tensor positions = flat;
        Tensor out;
        int[] outShape = new int[x.dim() - 1 + idx.dim()];
        System.arraycopy(x.shape, 0, outShape, 0, d);
        System.arraycopy(idx.shape, 0, outShape, d, idx.dim());
        System.arraycopy(x.shape, d + 1, outShape, d + idx.dim(), x.dim() - d - 1);
        int[] selShape = x.shape.clone();
        selShape[d] = positions.numel();
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = x.indexSelect(d, positions).reshape(outShape);
        }
        int[] inShape = x.shape;
        return x.dtype.isFloatingPoint() ? record(out, "IndexBackward0",
                g -> new Tensor[] {Indexing.indexAdd(inShape, d, positions, g.reshape(selShape))}, x) : out;
    }

    // ------------------------------------------------------------ embedding

    static Tensor embedding(Tensor input, Tensor weight, int paddingIdx) {
        return embedding(input, weight, paddingIdx, Double.NaN, 2.0);
    }

    /** {@code F.embedding} with {@code max_norm} ({@code NaN}: none), which renormalises the looked-up rows first. */
    static Tensor embedding(Tensor input, Tensor weight, int paddingIdx, double maxNorm, double normType) {
        Indexing.nonNull("embedding", input, weight);
        Indexing.sameDevice("embedding", input, weight);
        if (input.dtype == DType.INT32) {
            input = input.to(DType.INT64);
        }
        if (input.dtype != DType.INT64) {
            throw new IllegalArgumentException("embedding: Expected tensor for argument #1 'indices' to have one of the "
                    + "following scalar types: Long, Int; but got " + input.typeName() + " instead");
        }
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("embedding: 'weight' must be 2-D, got shape " + Shapes.str(weight.shape));
        }
        int num = weight.shape[0];
        int pad = paddingIdx;
        if (paddingIdx != Integer.MIN_VALUE) {
            if (paddingIdx >= num || paddingIdx < -num) {
                throw new IllegalArgumentException("embedding: Padding_idx must be within num_embeddings (padding_idx "
                        + paddingIdx + ", num_embeddings " + num + ")");
            }
            pad = paddingIdx < 0 ? paddingIdx + num : paddingIdx;
        }
        Tensor flat = input.reshape(-1);
        if (flat.numel() > 0) {
            long max;
            long min;
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                max = PrimitiveReductions.maxAll(flat).itemLong();
                min = -PrimitiveReductions.maxAll(flat.neg()).itemLong();
            }
            if (min < 0 || max >= num) {
                throw new IndexOutOfBoundsException("embedding: index out of range in self (index " + (min < 0 ? min : max)
                        + ", num_embeddings " + num + ")");
            }
        }
        if (!Double.isNaN(maxNorm)) {
            embeddingRenorm(weight, flat, maxNorm, normType);
        }
        int[] outShape = Arrays.copyOf(input.shape, input.dim() + 1);
        outShape[input.dim()] = weight.shape[1];
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = weight.indexSelect(0, flat).reshape(outShape);
        }
        int[] wShape = weight.shape;
        int padRow = pad;
        return record(out, "EmbeddingBackward0", g -> {
            Tensor g2 = g.reshape(flat.numel(), wShape[1]);
            if (padRow != Integer.MIN_VALUE) {
                Tensor zero = Tensor.full(Shapes.SCALAR, 0.0, g.dtype, g.device());
                g2 = Indexing.where(flat.eq((long) padRow).unsqueeze(1), zero, g2);
            }
            return new Tensor[] {Indexing.indexAdd(wShape, 0, flat, g2)};
        }, weight);
    }

    /**
     * PyTorch's {@code embedding_renorm_}, in place under no_grad (after the indices were checked, so bad input
     * leaves the weight unchanged): each distinct looked-up row whose {@code normType}-norm exceeds
     * {@code maxNorm} is scaled by {@code maxNorm / (norm + 1e-7)}, row by row in increasing order as PyTorch's
     * CPU loop does.
     */
    static void embeddingRenorm(Tensor weight, Tensor flat, double maxNorm, double normType) {
        long[] rows = flat.toLongArray();
        Arrays.sort(rows);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            for (int i = 0; i < rows.length; i++) {
                if (i > 0 && rows[i] == rows[i - 1]) {
                    continue;
                }
                Tensor row = weight.select(0, (int) rows[i]);
                double norm = row.norm(normType).item();
                if (norm > maxNorm) {
                    row.mul_(maxNorm / (norm + 1e-7));
                }
            }
        }
    }
}

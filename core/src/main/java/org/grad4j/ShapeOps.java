package org.grad4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.grad4j.Indexing.FnNode;
import org.grad4j.autograd.GradMode;

/**
 * Shape ops: the views (permute, slice with a step, diagonal, split, chunk, unflatten) share storage as
 * PyTorch's do; the copies (repeat, tril, triu, flip, roll, repeat_interleave) compose index_select and where
 * without recording and record one node with PyTorch's grad_fn name.
 */
final class ShapeOps {
    private ShapeOps() {
    }

    private static Tensor record(Tensor t, Tensor in, String name, Indexing.FnNode.Rule rule) {
        return Tensor.needsGrad(in) ? Tensor.record(t, new FnNode(name, rule, in)) : t;
    }

    /** A 1-D int64 tensor on {@code like}'s device. */
    static Tensor longs(long[] values, Tensor like) {
        return DTypes.of(values, DType.INT64, like.backend(), new int[] {values.length});
    }

    static int[] dims(String op, int[] dims, int rank, String duplicate) {
        Indexing.nonNull(op, dims);
        int[] out = new int[dims.length];
        boolean[] seen = new boolean[Math.max(rank, 1)];
        for (int i = 0; i < dims.length; i++) {
            out[i] = Shapes.dim(op, dims[i], rank);
            if (seen[out[i]]) {
                throw new IllegalArgumentException(duplicate.replace("%d", Integer.toString(out[i])));
            }
            seen[out[i]] = true;
        }
        return out;
    }

    // ------------------------------------------------------------ views

    static Tensor permute(Tensor t, int[] dims) {
        Indexing.nonNull("permute", t, dims);
        int r = t.dim();
        if (dims.length != r) {
            throw new IllegalArgumentException("permute: number of dimensions in the tensor input does not match the "
                    + "length of the desired ordering of dimensions i.e. input.dim() = " + r + " is not equal to "
                    + "len(dims) = " + dims.length);
        }
        int[] d = dims("permute", dims, r, "permute(): duplicate dims are not allowed.");
        int[] shape = new int[r];
        int[] strides = new int[r];
        int[] inverse = new int[r];
        for (int i = 0; i < r; i++) {
            shape[i] = t.shape[d[i]];
            strides[i] = t.strides[d[i]];
            inverse[d[i]] = i;
        }
        Node node = Tensor.needsGrad(t) ? new FnNode("PermuteBackward0", g -> new Tensor[] {g.permute(inverse)}, t) : null;
        return Views.view(t, shape, strides, t.offset, node);
    }

    static Tensor slice(Tensor t, int dim, int start, int end, int step) {
        Indexing.nonNull("slice", t);
        if (t.dim() == 0) {
            throw new IndexOutOfBoundsException("slice() cannot be applied to a 0-dim tensor.");
        }
        int d = Shapes.dim("slice", dim, t.dim());
        if (step <= 0) {
            throw new IllegalArgumentException("slice step must be positive, got " + step);
        }
        int size = t.shape[d];
        long s = start < 0 ? (long) start + size : start;
        long e = end < 0 ? (long) end + size : end;
        s = Math.min(Math.max(s, 0), size);
        e = Math.min(Math.max(e, s), size);   // PyTorch's clamping: an empty range, never an error
        int len = (int) ((e - s + step - 1) / step);
        int[] shape = t.shape.clone();
        int[] strides = t.strides.clone();
        shape[d] = len;
        strides[d] = t.strides[d] * (len > 1 ? step : 1);
        int[] inShape = t.shape;
        int from = (int) s;
        Node node = !Tensor.needsGrad(t) ? null : new FnNode("SliceBackward0", g -> new Tensor[] {
            Views.intoZeros("SliceBackward0", inShape, g, z -> slice(z, d, from, from + len * step, step))
        }, t);
        return Views.view(t, shape, strides, t.offset + from * t.strides[d], node);
    }

    static Tensor diagonal(Tensor t, int offset, int dim1, int dim2) {
        Indexing.nonNull("diagonal", t);
        int r = t.dim();
        int a = Shapes.dim("diagonal", dim1, r);
        int b = Shapes.dim("diagonal", dim2, r);
        if (a == b) {
            throw new IllegalArgumentException("diagonal dimensions cannot be identical " + dim1 + ", " + dim2);
        }
        int len = offset >= 0 ? Math.max(0, Math.min(t.shape[a], t.shape[b] - offset))
                : Math.max(0, Math.min(t.shape[a] + offset, t.shape[b]));
        int at = len == 0 ? t.offset : t.offset + (offset >= 0 ? offset * t.strides[b] : -offset * t.strides[a]);
        int[] shape = new int[r - 1];
        int[] strides = new int[r - 1];
        for (int i = 0, j = 0; i < r; i++) {
            if (i != a && i != b) {
                shape[j] = t.shape[i];
                strides[j++] = t.strides[i];
            }
        }
        shape[r - 2] = len;
        strides[r - 2] = t.strides[a] + t.strides[b];
        int[] inShape = t.shape;
        Node node = !Tensor.needsGrad(t) ? null : new FnNode("DiagonalBackward0", g -> new Tensor[] {
            Views.intoZeros("DiagonalBackward0", inShape, g, z -> diagonal(z, offset, a, b))
        }, t);
        return Views.view(t, shape, strides, at, node);
    }

    /** The pieces of {@code sizes} along {@code d}, views named {@code name}. */
    private static List<Tensor> pieces(Tensor t, int d, int[] sizes, String name) {
        List<Tensor> out = new ArrayList<>(sizes.length);
        int[] inShape = t.shape;
        int start = 0;
        for (int size : sizes) {
            int[] shape = t.shape.clone();
            shape[d] = size;
            int from = start;
            Node node = !Tensor.needsGrad(t) ? null : new FnNode(name, g -> {
                Tensor z = Tensor.zeroed("split backward", inShape, g.dtype, g.backend());
                try (GradMode.Scope ignored = GradMode.noGrad()) {
                    z.narrow(d, from, size).copy_(g);
                }
                return new Tensor[] {z};
            }, t);
            out.add(Views.view(t, shape, t.strides, t.offset + from * t.strides[d], node));
            start += size;
        }
        return out;
    }

    static List<Tensor> split(Tensor t, int splitSize, int dim) {
        Indexing.nonNull("split", t);
        if (t.dim() == 0) {
            throw new IllegalArgumentException("split expects at least a 1-dimensional tensor");
        }
        int d = Shapes.dim("split", dim, t.dim());
        int size = t.shape[d];
        if (splitSize < 0 || (splitSize == 0 && size != 0)) {
            throw new IllegalArgumentException("split_size can only be 0 if dimension size is 0, but got dimension size of "
                    + size + " (split_size " + splitSize + ")");
        }
        int n = splitSize == 0 ? 1 : Math.max(1, (size + splitSize - 1) / splitSize);
        int[] sizes = new int[n];
        for (int i = 0; i < n; i++) {
            sizes[i] = Math.min(splitSize, size - i * splitSize);
        }
        return pieces(t, d, sizes, "SplitBackward0");
    }

    static List<Tensor> split(Tensor t, int[] splitSizes, int dim) {
        Indexing.nonNull("split_with_sizes", t, splitSizes);
        if (t.dim() == 0) {
            throw new IllegalArgumentException("split_with_sizes expects at least a 1-dimensional tensor");
        }
        int d = Shapes.dim("split_with_sizes", dim, t.dim());
        long sum = 0;
        for (int s : splitSizes) {
            if (s < 0) {
                throw new IllegalArgumentException("split_with_sizes expects split_sizes have only non-negative entries, "
                        + "but got split_sizes=" + Arrays.toString(splitSizes));
            }
            sum += s;
        }
        if (sum != t.shape[d]) {
            throw new IllegalArgumentException("split_with_sizes expects split_sizes to sum exactly to " + t.shape[d]
                    + " (input tensor's size at dimension " + d + "), but got split_sizes=" + Arrays.toString(splitSizes));
        }
        return pieces(t, d, splitSizes.clone(), "SplitWithSizesBackward0");
    }

    static List<Tensor> chunk(Tensor t, int chunks, int dim) {
        Indexing.nonNull("chunk", t);
        if (t.dim() == 0) {
            throw new IllegalArgumentException("chunk expects at least a 1-dimensional tensor");
        }
        if (chunks <= 0) {
            throw new IllegalArgumentException("chunk expects `chunks` to be greater than 0, got: " + chunks);
        }
        int d = Shapes.dim("chunk", dim, t.dim());
        int size = t.shape[d];
        if (size == 0) {
            return pieces(t, d, new int[chunks], "SplitWithSizesBackward0");   // PyTorch: `chunks` empty pieces
        }
        return split(t, (size + chunks - 1) / chunks, d);
    }

    static Tensor flatten(Tensor t, int startDim, int endDim) {
        Indexing.nonNull("flatten", t);
        if (t.dim() == 0) {
            Shapes.dim("flatten", startDim, 0);
            Shapes.dim("flatten", endDim, 0);
            return t.reshape(1);
        }
        int s = Shapes.dim("flatten", startDim, t.dim());
        int e = Shapes.dim("flatten", endDim, t.dim());
        if (s > e) {
            throw new IllegalArgumentException("flatten() has invalid args: start_dim cannot come after end_dim (start_dim "
                    + startDim + ", end_dim " + endDim + ")");
        }
        if (s == e) {
            return t;
        }
        int[] shape = new int[t.dim() - (e - s)];
        int n = 1;
        for (int i = s; i <= e; i++) {
            n *= t.shape[i];
        }
        for (int i = 0, j = 0; i < t.dim(); i++) {
            if (i < s || i > e) {
                shape[j++] = t.shape[i];
            } else if (i == s) {
                shape[j++] = n;
            }
        }
        return t.reshape(shape);
    }

    static Tensor unflatten(Tensor t, int dim, int[] sizes) {
        Indexing.nonNull("unflatten", t, sizes);
        if (t.dim() == 0) {
            throw new IndexOutOfBoundsException("unflatten: dimension specified as " + dim
                    + " but tensor has no dimensions");
        }
        int d = Shapes.dim("unflatten", dim, t.dim());
        if (sizes.length == 0) {
            throw new IllegalArgumentException("unflatten: sizes must be non-empty");
        }
        int size = t.shape[d];
        int[] s = sizes.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1 && infer < 0) {
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException("unflatten: invalid size " + s[i] + " in " + Arrays.toString(sizes));
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0 && known != 0 && size % known == 0) {
            s[infer] = (int) (size / known);
            known *= s[infer];
        }
        if (known != size || (infer >= 0 && s[infer] < 0)) {
            throw new IllegalArgumentException("unflatten: Provided sizes " + Arrays.toString(sizes)
                    + " don't multiply up to the size of dim " + dim + " (" + size + ") in the input tensor");
        }
        int r = t.dim();
        int[] shape = new int[r - 1 + s.length];
        int[] strides = new int[shape.length];
        for (int i = 0, j = 0; i < r; i++) {
            if (i != d) {
                shape[j] = t.shape[i];
                strides[j++] = t.strides[i];
                continue;
            }
            int st = t.strides[d];
            for (int k = s.length - 1; k >= 0; k--) {
                shape[j + k] = s[k];
                strides[j + k] = st;
                st *= s[k];
            }
            j += s.length;
        }
        return Views.view(t, shape, strides, t.offset, Tensor.needsGrad(t) ? new Views.ReshapeNode(t, "ViewBackward0") : null);
    }

    // ------------------------------------------------------------ copies

    static Tensor repeat(Tensor t, int[] repeats) {
        Indexing.nonNull("repeat", t, repeats);
        if (repeats.length < t.dim()) {
            throw new IllegalArgumentException("Number of dimensions of repeat dims can not be smaller than number of "
                    + "dimensions of tensor (repeat dims " + Arrays.toString(repeats) + ", tensor shape "
                    + Shapes.str(t.shape) + ")");
        }
        int n = repeats.length;
        int[] padded = new int[n];
        int lead = n - t.dim();
        int[] pairs = new int[2 * n];
        int[] expanded = new int[2 * n];
        int[] outShape = new int[n];
        for (int i = 0; i < n; i++) {
            if (repeats[i] < 0) {
                throw new IllegalArgumentException("repeat: repeats can not be negative, got " + Arrays.toString(repeats));
            }
            padded[i] = i < lead ? 1 : t.shape[i - lead];
            pairs[2 * i] = 1;
            pairs[2 * i + 1] = padded[i];
            expanded[2 * i] = repeats[i];
            expanded[2 * i + 1] = padded[i];
            outShape[i] = repeats[i] * padded[i];
        }
        Shapes.checkIndexable("repeat", outShape);
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = t.reshape(pairs).expand(expanded).contiguous().reshape(outShape);
            if (out == t || out.storage == t.storage) {
                out = out.clone();
            }
        }
        int[] inShape = t.shape;
        return record(out, t, "RepeatBackward0", g -> {
            int[] even = new int[n];
            for (int i = 0; i < n; i++) {
                even[i] = 2 * i;
            }
            return new Tensor[] {g.reshape(expanded).sum(even, false).reshape(inShape)};
        });
    }

    /** tril (lower) or triu: a where with a host-built mask over the last two dims. */
    static Tensor tri(Tensor t, int diagonal, boolean lower) {
        String op = lower ? "tril" : "triu";
        Indexing.nonNull(op, t);
        if (t.dim() < 2) {
            throw new IndexOutOfBoundsException(op + ": input tensor must have at least 2 dimensions, got shape "
                    + Shapes.str(t.shape));
        }
        int rows = t.shape[t.dim() - 2];
        int cols = t.shape[t.dim() - 1];
        boolean[] keep = new boolean[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                keep[i * cols + j] = lower ? (long) j - i <= diagonal : (long) j - i >= diagonal;
            }
        }
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor mask = DTypes.of(DTypes.fromBooleans(keep), DType.BOOL, t.backend(), new int[] {rows, cols});
            out = Indexing.where(mask, t, Tensor.full(Shapes.SCALAR, 0.0, t.dtype, t.device()));
        }
        return record(out, t, lower ? "TrilBackward0" : "TriuBackward0",
                g -> new Tensor[] {lower ? g.tril(diagonal) : g.triu(diagonal)});
    }

    static Tensor flip(Tensor t, int[] dims) {
        Indexing.nonNull("flip", t, dims);
        int[] d = dims("flip", dims, t.dim(), "dim %d appears multiple times in the list of dims");
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = t;
            for (int k : t.dim() == 0 ? new int[0] : d) {
                int size = t.shape[k];
                long[] ix = new long[size];
                for (int i = 0; i < size; i++) {
                    ix[i] = size - 1 - i;
                }
                out = out.indexSelect(k, longs(ix, t));
            }
            if (out == t) {
                out = t.clone();
            }
        }
        return record(out, t, "FlipBackward0", g -> new Tensor[] {g.flip(d)});
    }

    static Tensor roll(Tensor t, int[] shifts, int[] dims) {
        Indexing.nonNull("roll", t, shifts, dims);
        if (dims.length == 0) {
            if (shifts.length != 1) {
                throw new IllegalArgumentException("roll: `shifts` required (one shift without dims), got "
                        + Arrays.toString(shifts));
            }
            Tensor out;
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                out = roll(t.reshape(-1), shifts, new int[] {0}).reshape(t.shape);
            }
            return record(out, t, "RollBackward0", g -> new Tensor[] {g.roll(new int[] {-shifts[0]}, new int[0])});
        }
        if (shifts.length != dims.length) {
            throw new IllegalArgumentException("shifts and dimensions must align. shifts: " + shifts.length + ", dims:"
                    + dims.length);
        }
        if (t.dim() == 0) {   // PyTorch's roll takes no dimension of a 0-d tensor (only the flat form above)
            throw new IndexOutOfBoundsException("roll: dimension specified as " + dims[0]
                    + " but tensor has no dimensions");
        }
        int[] d = new int[dims.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Shapes.dim("roll", dims[i], t.dim());
        }
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = t;
            for (int k = 0; k < d.length; k++) {
                int size = t.dim() == 0 ? 0 : t.shape[d[k]];
                if (size == 0) {
                    continue;
                }
                long[] ix = new long[size];
                long shift = Math.floorMod((long) shifts[k], size);
                for (int i = 0; i < size; i++) {
                    ix[i] = Math.floorMod(i - shift, size);
                }
                out = out.indexSelect(d[k], longs(ix, t));
            }
            if (out == t) {
                out = t.clone();
            }
        }
        int[] neg = new int[shifts.length];
        for (int i = 0; i < neg.length; i++) {
            neg[i] = -shifts[i];
        }
        return record(out, t, "RollBackward0", g -> new Tensor[] {g.roll(neg, d)});
    }

    /** repeat_interleave with per-position counts; {@code dim} null flattens first. */
    static Tensor repeatInterleave(Tensor t, long[] repeats, Integer dim) {
        Indexing.nonNull("repeat_interleave", t);
        Tensor x = dim == null ? t.reshape(-1) : t;
        int d = dim == null ? 0 : Shapes.dim("repeat_interleave", dim, t.dim());
        int size = x.dim() == 0 ? 1 : x.shape[d];
        if (repeats.length != 1 && repeats.length != size) {
            throw new IllegalArgumentException("repeat_interleave: repeats must have the same size as input along dim, "
                    + "got " + repeats.length + " repeats for size " + size);
        }
        long total = 0;
        for (int i = 0; i < size; i++) {
            long r = repeats.length == 1 ? repeats[0] : repeats[i];
            if (r < 0) {
                throw new IllegalArgumentException("repeat_interleave: repeats can not be negative, got " + r);
            }
            total += r;
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("repeat_interleave: the result has " + total + " elements along dim, "
                    + "more than a tensor holds");
        }
        long[] ix = new long[(int) total];
        for (int i = 0, k = 0; i < size; i++) {
            long r = repeats.length == 1 ? repeats[0] : repeats[i];
            for (long j = 0; j < r; j++) {
                ix[k++] = i;
            }
        }
        return x.indexSelect(d, longs(ix, t));
    }
}

package org.grad4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.grad4j.autograd.GradMode;

/**
 * torch's composite shape and product functions that are compositions of existing ops (rot90, fliplr, ravel,
 * vander, combinations, block_diag, atleast_nd, broadcast_tensors, inner, addr, addbmm, sum_to_size, ...). Each
 * follows ATen's composite step by step, so values, dtypes and the last op's grad_fn come out as 1.13's; where 1.13
 * records a node of its own (Rot90Backward0, BlockDiagBackward0, AddrBackward0, ...) the result carries that name.
 */
final class Shape2Ops {
    private Shape2Ops() {
    }

    /** {@code inner} as a node named {@code name} whose gradient flows unchanged into {@code inner}'s history. */
    static Tensor relabel(String name, Tensor inner) {
        if (!Tensor.needsGrad(inner)) {
            return inner;
        }
        return Tensor.record(inner.detach(), new Indexing.FnNode(name, g -> new Tensor[] {g}, inner));
    }

    static void nonNull(String op, Object... args) {
        Indexing.nonNull(op, args);
    }

    // ------------------------------------------------------------ flips and rotations

    static Tensor rot90(Tensor x, int k, int[] dims) {
        nonNull("rot90", x, dims);
        int total = x.dim();
        if (dims.length != 2) {
            throw new IllegalArgumentException("rot90: expected total rotation dims == 2, but got dims = " + dims.length);
        }
        if (total < 2) {
            throw new IllegalArgumentException("rot90: expected total dims >= 2, but got total dims = " + total);
        }
        if (dims[0] == dims[1] || Math.abs(dims[0] - dims[1]) == total) {
            throw new IllegalArgumentException("rot90: expected rotation dims to be different, but got dim0 = " + dims[0]
                    + " and dim1 = " + dims[1]);
        }
        if (dims[0] >= total || dims[0] < -total) {
            throw new IllegalArgumentException("rot90: Rotation dim0 out of range, dim0 = " + dims[0]);
        }
        if (dims[1] >= total || dims[1] < -total) {
            throw new IllegalArgumentException("rot90: Rotation dim1 out of range, dim1 = " + dims[1]);
        }
        int d0 = dims[0] < 0 ? dims[0] + total : dims[0];
        int d1 = dims[1] < 0 ? dims[1] + total : dims[1];
        int turns = ((k % 4) + 4) % 4;
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = switch (turns) {
                case 1 -> x.flip(d1).transpose(d0, d1);
                case 2 -> x.flip(d0, d1);
                case 3 -> x.flip(d0).transpose(d0, d1);
                default -> x.contiguous() == x ? x.clone() : x.contiguous();
            };
        }
        if (!Tensor.needsGrad(x)) {
            return out;
        }
        int[] dd = {d0, d1};
        return Tensor.record(out, new Indexing.FnNode("Rot90Backward0", g -> new Tensor[] {rot90(g, -k, dd)}, x));
    }

    static Tensor fliplr(Tensor x) {
        nonNull("fliplr", x);
        if (x.dim() < 2) {
            throw new IllegalArgumentException("fliplr: Input must be >= 2-d.");
        }
        return x.flip(1);
    }

    static Tensor flipud(Tensor x) {
        nonNull("flipud", x);
        if (x.dim() < 1) {
            throw new IllegalArgumentException("flipud: Input must be >= 1-d.");
        }
        return x.flip(0);
    }

    /** ATen's ravel: {@code contiguous().view(-1)}. */
    static Tensor ravel(Tensor x) {
        nonNull("ravel", x);
        return x.contiguous().view(-1);
    }

    static Tensor msort(Tensor x) {
        nonNull("msort", x);
        return x.sort(0, false).values();
    }

    /** ATen's diagflat: {@code contiguous().view(-1).diag(offset)}. */
    static Tensor diagflat(Tensor x, int offset) {
        nonNull("diagflat", x);
        return x.contiguous().view(-1).diag(offset);
    }

    // ------------------------------------------------------------ creation

    /** ATen's vander: columns of ones then the running product (cumprod) of x, flipped unless increasing. */
    static Tensor vander(Tensor x, Integer columns, boolean increasing) {
        nonNull("vander", x);
        if (x.dim() != 1) {
            throw new IllegalArgumentException("vander: x must be a one-dimensional tensor.");
        }
        int rows = x.shape[0];
        int n = columns == null ? rows : columns;
        if (n < 0) {
            throw new IllegalArgumentException("vander: N must be non-negative.");
        }
        Shapes.checkIndexable("vander", new int[] {rows, n});
        DType dt = x.dtype.isFloatingPoint() ? x.dtype : DType.INT64;
        Tensor in = x.dtype == dt ? x : x.to(dt);
        Tensor result;
        if (n <= 1) {
            result = Tensor.ones(new int[] {rows, n}, dt).to(x.device());
        } else {
            Tensor ones = Tensor.ones(new int[] {rows, 1}, dt).to(x.device());
            Tensor powers = in.unsqueeze(1).expand(rows, n - 1).cumprod(1);
            // ATen writes the powers into a slice of the result: grad_fn CopySlices (whose backward 1.13 cannot run)
            result = relabel("CopySlices", Tensor.cat(List.of(ones, powers), 1));
        }
        return increasing ? result : result.flip(1);
    }

    /** torch.tril_indices / triu_indices: the coordinates of the kept triangle, row by row, as int64 [2, n]. */
    static Tensor triangleIndices(String op, int row, int col, int offset, boolean lower) {
        if (row < 0) {
            throw new IllegalArgumentException(op + ": row must be non-negative, got" + row);
        }
        if (col < 0) {
            throw new IllegalArgumentException(op + ": col must be non-negative, got" + col);
        }
        // per row, the kept columns are one run: [0, i + offset] (lower) or [i + offset, col) (upper)
        // counted in closed form: a loop over rows would take seconds for row = Integer.MAX_VALUE
        long total = lower ? clampedSum(row, (long) offset + 1, col)
                : (long) row * col - clampedSum(row, offset, col);
        if (2 * total > Shapes.MAX_EXTENT) {   // the [2, n] result
            throw new IllegalArgumentException(op + ": " + total + " indices for a " + row + " x " + col
                    + " matrix exceed the largest tensor extent (" + Shapes.MAX_EXTENT + ")");
        }
        int n = (int) total;
        long[] data = new long[2 * n];
        int k = 0;
        // only the rows whose run is not empty (each then holds at least one index, so n bounds the loop)
        int from = col == 0 ? row : lower ? (int) Math.min(row, Math.max(0L, -(long) offset)) : 0;
        int to = lower ? row : (int) Math.max(0L, Math.min(row, (long) col - offset));
        for (int i = from; i < to; i++) {
            int len = (int) runLength(i, col, offset, lower);
            int first = lower ? 0 : (int) Math.max(0L, (long) i + offset);
            for (int j = first; j < first + len; j++, k++) {
                data[k] = i;
                data[n + k] = j;
            }
        }
        return Tensor.of(data, 2, n);
    }

    /** The sum of {@code clamp(i + c, 0, col)} over i in [0, row). */
    private static long clampedSum(int row, long c, int col) {
        long first = Math.max(c, 1);                  // values v = i + c below 1 add nothing
        long last = Math.min(c + row - 1, col - 1L);  // values from col on add col each
        long sum = first <= last ? (first + last) * (last - first + 1) / 2 : 0;
        long full = c + row - 1 - Math.max(c, col) + 1;
        return sum + (full > 0 ? full * col : 0);
    }

    private static long runLength(int i, int col, int offset, boolean lower) {
        long diag = (long) i + offset;
        return lower ? Math.max(0L, Math.min(col, diag + 1)) : Math.max(0L, col - Math.max(0L, diag));
    }

    private static void checkVector(String op, Tensor t) {
        if (t.dim() != 1) {
            throw new IllegalArgumentException(op + ": Expect a 1D vector, but got shape " + Shapes.str(t.shape));
        }
    }

    static Tensor cartesianProd(Tensor... tensors) {
        nonNull("cartesian_prod", (Object) tensors);
        nonNull("cartesian_prod", (Object[]) tensors);
        for (Tensor t : tensors) {
            checkVector("cartesian_prod", t);
        }
        if (tensors.length == 1) {
            return tensors[0];
        }
        if (tensors.length == 0) {
            throw new IllegalArgumentException("cartesian_prod: meshgrid expects a non-empty TensorList");
        }
        for (Tensor t : tensors) {
            if (t.dtype != tensors[0].dtype) {
                throw new IllegalArgumentException("cartesian_prod: meshgrid expects all tensors to have the same dtype");
            }
        }
        List<Tensor> grids = new ArrayList<>();
        for (Tensor g : Tensor.meshgrid("ij", tensors)) {
            grids.add(g.flatten());
        }
        return Tensor.stack(grids, 1);
    }

    /** torch.combinations: r-tuples of x's elements in lexicographic order of their positions. */
    static Tensor combinations(Tensor x, int r, boolean withReplacement) {
        nonNull("combinations", x);
        checkVector("combinations", x);
        if (r < 0) {
            throw new IllegalArgumentException("combinations: Expect a non-negative number, but got " + r);
        }
        if (r == 0) {
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                return x.narrow(0, 0, 0).clone();
            }
        }
        int n = x.shape[0];
        // C(n, r) tuples, or C(n + r - 1, r) with replacement: refused past the largest tensor extent
        double count = 1;
        int top = withReplacement ? n + r - 1 : n;
        for (int i = 0; i < r && count > 0 && count * r <= Shapes.MAX_EXTENT; i++) {
            count = top - i <= 0 ? 0 : count * (top - i) / (i + 1);
        }
        if (count * r > Shapes.MAX_EXTENT) {
            throw new IllegalArgumentException("combinations: " + (long) count + " combinations of " + r + " of " + n
                    + " elements exceed the largest tensor extent (" + Shapes.MAX_EXTENT + ")");
        }
        List<int[]> tuples = new ArrayList<>();
        int[] cur = new int[r];
        enumerate(tuples, cur, 0, 0, n, withReplacement);
        List<Tensor> columns = new ArrayList<>();
        for (int j = 0; j < r; j++) {
            long[] ix = new long[tuples.size()];
            for (int i = 0; i < ix.length; i++) {
                ix[i] = tuples.get(i)[j];
            }
            columns.add(x.indexSelect(0, ShapeOps.longs(ix, x)));
        }
        return Tensor.stack(columns, 1);
    }

    private static void enumerate(List<int[]> out, int[] cur, int pos, int from, int n, boolean repeat) {
        if (pos == cur.length) {
            out.add(cur.clone());
            return;
        }
        for (int i = from; i < n; i++) {
            cur[pos] = i;
            enumerate(out, cur, pos + 1, repeat ? i : i + 1, n, repeat);
        }
    }

    /** torch.block_diag: 0-D and 1-D inputs as 1 x n blocks, in the promoted dtype; grad_fn BlockDiagBackward0. */
    static Tensor blockDiag(Tensor... tensors) {
        nonNull("block_diag", (Object) tensors);
        nonNull("block_diag", (Object[]) tensors);
        int rows = 0;
        int cols = 0;
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            if (t.dim() > 2) {
                throw new IllegalArgumentException("block_diag: torch.block_diag: Input tensors must have 2 or fewer "
                        + "dimensions. Input " + i + " has " + t.dim() + " dimensions");
            }
            if (i > 0) {
                Pointwise.checkSameDevice("block_diag", tensors[0], t);
            }
        }
        if (tensors.length == 0) {
            return Tensor.zeros(new int[] {1, 0}, Tensor.defaultDType());
        }
        DType dt = DTypes.resultType(tensors);
        int[][] shapes = new int[tensors.length][];
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            shapes[i] = t.dim() == 2 ? t.shape : new int[] {1, t.dim() == 0 ? 1 : t.shape[0]};
            rows += shapes[i][0];
            cols += shapes[i][1];
        }
        Tensor out = Tensor.zeros(new int[] {rows, cols}, dt).to(tensors[0].device());
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            int r = 0;
            int c = 0;
            for (int i = 0; i < tensors.length; i++) {
                int[] s = shapes[i];
                if (s[0] > 0 && s[1] > 0) {
                    out.narrow(0, r, s[0]).narrow(1, c, s[1]).copy_(tensors[i].reshape(s).to(dt));
                }
                r += s[0];
                c += s[1];
            }
        }
        boolean grad = false;
        for (Tensor t : tensors) {
            grad |= Tensor.needsGrad(t);
        }
        if (!grad) {
            return out;
        }
        Tensor[] in = tensors.clone();
        return Tensor.record(out, new Indexing.FnNode("BlockDiagBackward0", g -> {
            Tensor[] grads = new Tensor[in.length];
            int r = 0;
            int c = 0;
            for (int i = 0; i < in.length; i++) {
                int[] s = shapes[i];
                if (in[i].isFloatingPoint()) {
                    Tensor gi = g.narrow(0, r, s[0]).narrow(1, c, s[1]).reshape(in[i].shape);
                    grads[i] = gi.dtype == in[i].dtype ? gi : gi.to(in[i].dtype);
                }
                r += s[0];
                c += s[1];
            }
            return grads;
        }, in));
    }

    // ------------------------------------------------------------ atleast_nd, broadcasting

    static Tensor atleast1d(Tensor x) {
        nonNull("atleast_1d", x);
        return x.dim() == 0 ? x.reshape(1) : x;
    }

    static Tensor atleast2d(Tensor x) {
        nonNull("atleast_2d", x);
        return switch (x.dim()) {
            case 0 -> x.reshape(1, 1);
            case 1 -> x.unsqueeze(0);
            default -> x;
        };
    }

    static Tensor atleast3d(Tensor x) {
        nonNull("atleast_3d", x);
        return switch (x.dim()) {
            case 0 -> x.reshape(1, 1, 1);
            case 1 -> x.unsqueeze(0).unsqueeze(-1);
            case 2 -> x.unsqueeze(-1);
            default -> x;
        };
    }

    static List<Tensor> each(java.util.function.UnaryOperator<Tensor> f, Tensor... tensors) {
        nonNull("atleast_nd", (Object) tensors);
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : tensors) {
            out.add(f.apply(t));
        }
        return out;
    }

    /** torch.broadcast_tensors: each expanded to the common shape; one already of that shape is returned as is. */
    static List<Tensor> broadcastTensors(Tensor... tensors) {
        nonNull("broadcast_tensors", (Object) tensors);
        nonNull("broadcast_tensors", (Object[]) tensors);
        int[] shape = tensors.length == 0 ? new int[0] : tensors[0].shape;
        for (int i = 1; i < tensors.length; i++) {
            shape = broadcastPair("broadcast_tensors", shape, tensors[i].shape);
        }
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : tensors) {
            out.add(Arrays.equals(t.shape, shape) ? t : t.expand(shape));
        }
        return out;
    }

    /** ATen's infer_size message. */
    static int[] broadcastPair(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = n - 1; i >= 0; i--) {
            int offset = n - 1 - i;
            int da = a.length - 1 - offset;
            int db = b.length - 1 - offset;
            int sa = da >= 0 ? a[da] : 1;
            int sb = db >= 0 ? b[db] : 1;
            if (sa != sb && sa != 1 && sb != 1) {
                throw new IllegalArgumentException(op + ": The size of tensor a (" + sa + ") must match the size of "
                        + "tensor b (" + sb + ") at non-singleton dimension " + i);
            }
            out[i] = sa == 1 ? sb : sa;
        }
        return out;
    }

    /** torch.broadcast_shapes (1.13's Python loop, its messages). */
    static Size broadcastShapes(int[]... shapes) {
        nonNull("broadcast_shapes", (Object) shapes);
        nonNull("broadcast_shapes", (Object[]) shapes);
        int max = 0;
        for (int[] s : shapes) {
            max = Math.max(max, s.length);
        }
        int[] result = new int[max];
        Arrays.fill(result, 1);
        for (int[] s : shapes) {
            for (int i = -1; i >= -s.length; i--) {
                int v = s[s.length + i];
                if (v < 0) {
                    throw new IllegalArgumentException("broadcast_shapes: Trying to create tensor with negative dimension ("
                            + v + "): (" + v + ")");
                }
                int at = max + i;
                if (v == 1 || v == result[at]) {
                    continue;
                }
                if (result[at] != 1) {
                    throw new IllegalArgumentException(
                            "broadcast_shapes: Shape mismatch: objects cannot be broadcast to a single shape");
                }
                result[at] = v;
            }
        }
        return new Size(result);
    }

    /** Tensor.sum_to_size: ATen's sum_to (sum over the broadcast dims with keepdim, then a view dropping leading ones). */
    static Tensor sumToSize(Tensor x, int[] size) {
        nonNull("sum_to_size", x, size);
        if (!Shapes.broadcastsTo(size, x.shape)) {
            throw new IllegalArgumentException("sum_to_size: size {" + Arrays.toString(size) + "} is not expandable to "
                    + "size {" + Arrays.toString(x.shape) + "}.");
        }
        if (size.length == 0) {
            return x.sum();
        }
        int lead = x.dim() - size.length;
        List<Integer> reduce = new ArrayList<>();
        for (int i = 0; i < lead; i++) {
            reduce.add(i);
        }
        for (int i = lead; i < x.dim(); i++) {
            if (size[i - lead] == 1 && x.shape[i] != 1) {
                reduce.add(i);
            }
        }
        Tensor t = x;
        if (!reduce.isEmpty()) {
            t = t.sum(reduce.stream().mapToInt(Integer::intValue).toArray(), true);
        }
        return lead > 0 ? t.view(size) : t;
    }

    // ------------------------------------------------------------ products

    static Tensor inner(Tensor a, Tensor b) {
        nonNull("inner", a, b);
        Pointwise.checkSameDevice("inner", a, b);
        if (a.dim() == 0 || b.dim() == 0) {
            return a.mul(b);
        }
        if (a.shape[a.dim() - 1] != b.shape[b.dim() - 1]) {
            throw new IllegalArgumentException("inner: inner() the last dimension must match on both input tensors but "
                    + "got shapes " + Shapes.str(a.shape) + " and " + Shapes.str(b.shape));
        }
        if (a.dtype != b.dtype) {
            throw new IllegalArgumentException("inner: expected scalar type " + DTypes.typeName(a.dtype)
                    + " but found " + DTypes.typeName(b.dtype));
        }
        return a.tensordot(b, new int[] {-1}, new int[] {-1});
    }

    static Tensor vdot(Tensor a, Tensor b) {
        nonNull("vdot", a, b);
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("vdot: 1D tensors expected, but got " + a.dim() + "D and " + b.dim()
                    + "D tensors");
        }
        if (a.dtype != b.dtype) {
            throw new IllegalArgumentException("vdot: dot : expected both vectors to have same dtype, but found "
                    + DTypes.typeName(a.dtype) + " and " + DTypes.typeName(b.dtype));
        }
        if (a.shape[0] != b.shape[0]) {
            throw new IllegalArgumentException("vdot: inconsistent tensor size, expected tensor [" + a.shape[0]
                    + "] and src [" + b.shape[0] + "] to have the same number of elements, but got " + a.shape[0]
                    + " and " + b.shape[0] + " elements respectively");
        }
        return relabel("VdotBackward0", a.dot(b));
    }

    private static void checkIntegralScalar(String op, DType dt, String name, double v) {
        if (!dt.isFloatingPoint() && v != Math.rint(v)) {
            throw new IllegalArgumentException(op + ": For integral input tensors, argument " + name
                    + " must not be a floating point number.");
        }
    }

    /** torch.addr: {@code beta * self + alpha * outer(vec1, vec2)} (self ignored when beta is 0). */
    static Tensor addr(Tensor self, Tensor vec1, Tensor vec2, double beta, double alpha) {
        nonNull("addr", self, vec1, vec2);
        if (vec1.dim() != 1) {
            throw new IllegalArgumentException("addr: Expected 1-D argument vec1, but got " + vec1.dim() + "-D");
        }
        if (vec2.dim() != 1) {
            throw new IllegalArgumentException("addr: Expected 1-D argument vec2, but got " + vec2.dim() + "-D");
        }
        int[] shape = {vec1.shape[0], vec2.shape[0]};
        if (!Shapes.broadcastsTo(self.shape, shape)) {
            throw new IllegalArgumentException("addr: The expanded size of the tensor (" + shape[0] + ") must match "
                    + "the existing size (" + self.shape[0] + ") at non-singleton dimension 0.  Target sizes: "
                    + Arrays.toString(shape) + ".  Tensor sizes: " + Arrays.toString(self.shape));
        }
        DType dt = DTypes.resultType(new Tensor[] {self, vec1, vec2});
        if (dt == DType.BOOL) {
            Tensor prod;
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                prod = vec1.unsqueeze(1).logicalAnd(vec2.unsqueeze(0));
                if (alpha == 0) {
                    prod = Tensor.zeros(shape, DType.BOOL).to(self.device());
                }
                return beta == 0 ? prod : self.expand(shape).logicalAnd(Tensor.full(shape, true).to(self.device()))
                        .logicalOr(prod);
            }
        }
        checkIntegralScalar("addr", dt, "beta", beta);
        checkIntegralScalar("addr", dt, "alpha", alpha);
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor v1 = vec1.to(dt);
            Tensor v2 = vec2.to(dt);
            Tensor p = dt.isFloatingPoint() ? v1.mul(alpha).outer(v2) : v1.mul((long) alpha).outer(v2);
            if (beta == 0) {
                out = p.contiguous();
            } else {
                Tensor s = self.to(dt).expand(shape);
                out = (dt.isFloatingPoint() ? s.mul(beta) : s.mul((long) beta)).add(p);
            }
        }
        if (!Tensor.needsGrad(self, vec1, vec2)) {
            return out;
        }
        int[] selfShape = self.shape;
        return Tensor.record(out, new Indexing.FnNode("AddrBackward0", g -> new Tensor[] {
            self.isFloatingPoint() ? cast(PrimitiveReductions.sumTo(beta == 1 ? g : g.mul(beta), selfShape), self)
                    : null,
            vec1.isFloatingPoint() ? cast(g.mv(vec2.to(g.dtype)).mul(alpha), vec1) : null,
            vec2.isFloatingPoint() ? cast(g.t().mv(vec1.to(g.dtype)).mul(alpha), vec2) : null}, self, vec1, vec2));
    }

    private static Tensor cast(Tensor g, Tensor like) {
        return g.dtype == like.dtype ? g : g.to(like.dtype);
    }

    /** torch.addbmm: ATen's loop of addmm over the batches (beta applied once), grad_fn AddbmmBackward0. */
    static Tensor addbmm(Tensor self, Tensor batch1, Tensor batch2, double beta, double alpha) {
        nonNull("addbmm", self, batch1, batch2);
        if (batch1.dim() != 3 || batch2.dim() != 3) {
            Tensor bad = batch1.dim() != 3 ? batch1 : batch2;
            throw new IndexOutOfBoundsException("addbmm: Dimension out of range (expected 3-D batch1 and batch2, but "
                    + "got a " + bad.dim() + "-D tensor)");
        }
        int[] shape = {batch1.shape[1], batch2.shape[2]};
        if (!Shapes.broadcastsTo(self.shape, shape)) {
            throw new IllegalArgumentException("addbmm: The expanded size of the tensor (" + shape[shape.length - 1]
                    + ") must match the existing size (" + self.shape[self.dim() - 1] + ") at non-singleton dimension "
                    + (self.dim() - 1) + ".  Target sizes: " + Arrays.toString(shape) + ".  Tensor sizes: "
                    + Arrays.toString(self.shape));
        }
        if (batch1.shape[0] != batch2.shape[0]) {
            throw new IllegalArgumentException("addbmm: batch1 and batch2 must have same number of batches, got "
                    + batch1.shape[0] + " and " + batch2.shape[0]);
        }
        if (batch1.shape[2] != batch2.shape[1]) {
            throw new IllegalArgumentException("addbmm: Incompatible matrix sizes for bmm (" + batch1.shape[1] + "x"
                    + batch1.shape[2] + " and " + batch2.shape[1] + "x" + batch2.shape[2] + ")");
        }
        if (self.dtype != batch1.dtype || self.dtype != batch2.dtype) {
            throw new IllegalArgumentException("addbmm: expected scalar type " + DTypes.typeName(self.dtype)
                    + " but found " + DTypes.typeName(self.dtype != batch1.dtype ? batch1.dtype : batch2.dtype));
        }
        checkIntegralScalar("addbmm", self.dtype, "beta", beta);
        checkIntegralScalar("addbmm", self.dtype, "alpha", alpha);
        Tensor out;
        if (!self.dtype.isFloatingPoint()) {
            // integer products: exact in any order, as a broadcast product summed over the batches and the inner dim
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                Tensor prod = batch1.unsqueeze(3).mul(batch2.unsqueeze(1)).sum(new int[] {0, 2}, false).mul((long) alpha);
                return beta == 0 ? prod.contiguous() : self.expand(shape).mul((long) beta).add(prod);
            }
        }
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = self.expand(shape).contiguous().clone();
            int batches = batch1.shape[0];
            if (batches == 0) {
                out = beta == 0 ? Tensor.zerosLike(out) : out.mul(beta);
            }
            double b = beta;
            for (int i = 0; i < batches; i++) {
                out = out.addmm(batch1.select(0, i), batch2.select(0, i), b, alpha);
                b = 1;
            }
        }
        if (!Tensor.needsGrad(self, batch1, batch2)) {
            return out;
        }
        int[] selfShape = self.shape;
        int n = batch1.shape[0];
        return Tensor.record(out, new Indexing.FnNode("AddbmmBackward0", g -> {
            Tensor ge = g.unsqueeze(0).expand(n, shape[0], shape[1]);
            return new Tensor[] {
                self.requiresGrad() ? PrimitiveReductions.sumTo(beta == 1 ? g : g.mul(beta), selfShape) : null,
                batch1.requiresGrad() ? ge.bmm(batch2.transpose(1, 2)).mul(alpha) : null,
                batch2.requiresGrad() ? batch1.transpose(1, 2).bmm(ge).mul(alpha) : null};
        }, self, batch1, batch2));
    }
}

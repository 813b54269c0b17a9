package org.grad4j;

import java.util.Arrays;
import java.util.List;

import org.grad4j.autograd.GradMode;

/**
 * PyTorch's diag, diag_embed, trace and diff, and the products kron, cross and tensordot: composed of cat, reshape, narrow and
 * elementwise ops (so every backend runs them), with one node of PyTorch's grad_fn name where PyTorch has one.
 */
final class MoreLinalg {
    private MoreLinalg() {
    }

    private static void nonNull(String op, Tensor x) {
        if (x == null) {
            throw new IllegalArgumentException(op + ": expected a tensor, got null");
        }
    }

    private static Tensor zeros(Tensor like, int... shape) {
        return Tensor.full(shape, 0.0, like.dtype, like.device());
    }

    /**
     * The vectors {@code v[..., i]} placed on diagonal {@code k} of {@code [..., rows, cols]} zero matrices: each
     * vector interleaved with {@code cols} zeros, so that element i lands {@code cols + 1} after element i - 1, after
     * a prefix of zeros that puts element 0 at row {@code max(0, -k)}, column {@code max(0, k)}. Exact for any dtype.
     */
    static Tensor embed(Tensor v, int k, int rows, int cols) {
        int r = v.dim();
        int n = v.shape[r - 1];
        int[] batch = Arrays.copyOf(v.shape, r - 1);
        int[] padShape = Arrays.copyOf(batch, r + 1);
        padShape[r - 1] = n;
        padShape[r] = cols;
        Tensor inter = Tensor.cat(List.of(v.unsqueeze(-1), zeros(v, padShape)), r);   // [..., n, cols + 1]
        int[] flat = Arrays.copyOf(batch, r);
        flat[r - 1] = n * (cols + 1);
        Tensor f = inter.reshape(flat);
        int prefix = k >= 0 ? k : -k * cols;
        int total = rows * cols;
        int have = prefix + n * (cols + 1);
        int[] pre = Arrays.copyOf(batch, r);
        pre[r - 1] = prefix;
        int[] post = Arrays.copyOf(batch, r);
        post[r - 1] = Math.max(0, total - have);
        f = Tensor.cat(List.of(zeros(v, pre), f, zeros(v, post)), r - 1).narrow(r - 1, 0, total);
        int[] out = Arrays.copyOf(batch, r + 1);
        out[r - 1] = rows;
        out[r] = cols;
        return f.reshape(out).contiguous();
    }

    /** {@code torch.diag}: a 1-D tensor on diagonal k of a square matrix, or a 2-D tensor's diagonal k (a copy). */
    static Tensor diag(Tensor x, int k) {
        nonNull("diag", x);
        if (x.dim() != 1 && x.dim() != 2) {
            throw new IllegalArgumentException("diag: matrix or a vector expected (got a " + x.dim() + "-D tensor of shape "
                    + Shapes.str(x.shape) + ")");
        }
        Tensor out;
        int[] inShape = x.shape;
        if (x.dim() == 2 && (k > x.shape[1] || -k > x.shape[0])) {
            throw new IllegalArgumentException("diag: diagonal " + k + " is outside a matrix of shape " + Shapes.str(x.shape)
                    + " (PyTorch: numel: integer multiplication overflow)");
        }
        if (x.dim() == 1) {
            int size = x.shape[0] + Math.abs(k);
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                out = embed(x, k, size, size);
            }
            if (Tensor.needsGrad(x)) {
                Tensor.record(out, new Indexing.FnNode("DiagBackward0", g -> new Tensor[] {g.diagonal(k, 0, 1)}, x));
            }
            return out;
        }
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = x.diagonal(k, 0, 1).contiguous();
        }
        if (Tensor.needsGrad(x)) {
            Tensor.record(out, new Indexing.FnNode("DiagBackward0",
                    g -> new Tensor[] {embed(g, k, inShape[0], inShape[1])}, x));
        }
        return out;
    }

    /** {@code torch.diag_embed}: the last dim placed on diagonal {@code offset} of new dims {@code dim1, dim2}. */
    static Tensor diagEmbed(Tensor x, int offset, int dim1, int dim2) {
        nonNull("diag_embed", x);
        if (x.dim() == 0) {
            throw new IndexOutOfBoundsException("diag_embed: Dimension out of range (expected to be in range of [-1, 0], "
                    + "but got " + dim1 + "): a 0-D input has no last dim to place on a diagonal");
        }
        int rank = x.dim() + 1;
        int d1 = Shapes.dim("diag_embed", dim1, rank);
        int d2 = Shapes.dim("diag_embed", dim2, rank);
        if (d1 == d2) {
            throw new IllegalArgumentException("diag_embed: diagonal dimensions cannot be identical " + dim1 + ", " + dim2);
        }
        Tensor in = x;
        int size = in.shape[in.dim() - 1] + Math.abs(offset);
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = embed(in, offset, size, size).movedim(new int[] {rank - 1 - 1, rank - 1}, new int[] {d1, d2})
                    .contiguous();
        }
        if (Tensor.needsGrad(x)) {
            int[] shape = x.shape;
            Tensor.record(out, new Indexing.FnNode("DiagEmbedBackward0",
                    g -> new Tensor[] {g.diagonal(offset, d1, d2).reshape(shape)}, x));
        }
        return out;
    }

    /**
     * {@code torch.trace}: the sum of a matrix's diagonal, in order, accumulated in double for floating tensors and in
     * int64 for integer ones (PyTorch's CPU kernel, acc_type), rounded once to the dtype.
     */
    static Tensor trace(Tensor x) {
        nonNull("trace", x);
        if (x.dim() != 2) {
            throw new IllegalArgumentException("trace: expected a matrix, but got tensor with dim " + x.dim() + " (shape "
                    + Shapes.str(x.shape) + ")");
        }
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor d = x.diagonal(0, 0, 1);
            if (x.dtype.isFloatingPoint()) {
                double sum = 0;
                for (double v : d.toDoubleArray()) {
                    sum += v;
                }
                out = Tensor.full(Shapes.SCALAR, x.dtype.round(sum), x.dtype, x.device());
            } else {
                long sum = 0;
                for (long v : d.toLongArray()) {
                    sum += v;
                }
                out = DTypes.of(new long[] {sum}, DType.INT64, x.storage.backend, Shapes.SCALAR);
            }
        }
        if (Tensor.needsGrad(x)) {
            int[] shape = x.shape;
            // PyTorch's trace_backward fills every (cols + 1)-th element of the flattened matrix, so a tall matrix's
            // gradient also lands below the diagonal (rows >= cols + 1): reproduced, elements up to rows * cols
            int n = (shape[0] * shape[1] + shape[1]) / (shape[1] + 1);
            Tensor.record(out, new Indexing.FnNode("TraceBackward0",
                    g -> new Tensor[] {embed(g.reshape(1).expand(n), 0, shape[0], shape[1])}, x));
        }
        return out;
    }

    /** {@code torch.diff(x, n, dim, prepend, append)}: n-th forward differences (xor for bool) along dim. */
    static Tensor diff(Tensor x, int n, int dim, Tensor prepend, Tensor append) {
        nonNull("diff", x);
        if (x.dim() == 0) {
            throw new IllegalArgumentException("diff: diff expects input to be at least one-dimensional");
        }
        // n <= 0: PyTorch 1.13 returns x itself (no order check yet)
        int d = Shapes.dim("diff", dim, x.dim());
        Tensor t = x;
        if (prepend != null || append != null) {
            java.util.ArrayList<Tensor> parts = new java.util.ArrayList<>();
            for (Tensor p : new Tensor[] {prepend, x, append}) {
                if (p == null) {
                    continue;
                }
                if (p.dim() != x.dim()) {
                    throw new IllegalArgumentException("diff: diff expects prepend or append to be the same dimension as "
                            + "input (input " + Shapes.str(x.shape) + ", got " + Shapes.str(p.shape) + ")");
                }
                parts.add(p);
            }
            t = Tensor.cat(parts, d);
        }
        for (int i = 0; i < n && t.shape[d] > 0; i++) {
            int len = t.shape[d] - 1;
            Tensor hi = t.narrow(d, 1, len);
            Tensor lo = t.narrow(d, 0, len);
            t = t.dtype == DType.BOOL ? hi.logicalXor(lo) : hi.sub(lo);
        }
        return t;
    }

    /** {@code torch.kron}: the Kronecker product, as PyTorch's broadcast product of interleaved views, reshaped. */
    static Tensor kron(Tensor a, Tensor b) {
        nonNull("kron", a);
        nonNull("kron", b);
        int r = Math.max(a.dim(), b.dim());
        int[] sa = pad(a.shape, r);
        int[] sb = pad(b.shape, r);
        int[] va = new int[2 * r];
        int[] vb = new int[2 * r];
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            va[2 * i] = sa[i];
            va[2 * i + 1] = 1;
            vb[2 * i] = 1;
            vb[2 * i + 1] = sb[i];
            out[i] = sa[i] * sb[i];
        }
        Tensor product = a.reshape(va).mul(b.reshape(vb));
        return Views.reshape(product, out, "UnsafeViewBackward0");
    }

    private static int[] pad(int[] shape, int rank) {
        int[] p = new int[rank];
        Arrays.fill(p, 1);
        System.arraycopy(shape, 0, p, rank - shape.length, shape.length);
        return p;
    }

    /** {@code torch.linalg.cross(a, b, dim)}: broadcast, size 3 at dim; gradients {@code cross(b, g)}, {@code cross(g, a)}. */
    static Tensor cross(Tensor a, Tensor b, int dim) {
        nonNull("cross", a);
        nonNull("cross", b);
        Pointwise.checkSameDevice("cross", a, b);
        if (a.dim() != b.dim()) {
            throw new IllegalArgumentException("cross: inputs must have the same number of dimensions (shapes "
                    + Shapes.str(a.shape) + " and " + Shapes.str(b.shape) + ")");
        }
        if (a.dtype != b.dtype) {   // PyTorch computes in the promoted dtype
            DType dt = DTypes.resultType(a, b);
            return cross(a.to(dt), b.to(dt), dim);
        }
        int[] shape = Shapes.broadcast("cross", a.shape, b.shape);
        int d = Shapes.dim("cross", dim, shape.length);
        if (shape[d] != 3) {
            throw new IllegalArgumentException("cross: dimension " + dim + " does not have size 3 (shapes "
                    + Shapes.str(a.shape) + " and " + Shapes.str(b.shape) + ")");
        }
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = crossValues(a.expand(shape), b.expand(shape), d);
        }
        if (Tensor.needsGrad(a, b)) {
            int[] sa = a.shape;
            int[] sb = b.shape;
            Tensor.record(out, new Indexing.FnNode("LinalgCrossBackward0", g -> new Tensor[] {
                PrimitiveReductions.sumTo(cross(b.detach().expand(shape), g, d), sa),
                PrimitiveReductions.sumTo(cross(g, a.detach().expand(shape), d), sb)}, a, b));
        }
        return out;
    }

    private static Tensor crossValues(Tensor a, Tensor b, int d) {
        Tensor a0 = a.select(d, 0);
        Tensor a1 = a.select(d, 1);
        Tensor a2 = a.select(d, 2);
        Tensor b0 = b.select(d, 0);
        Tensor b1 = b.select(d, 1);
        Tensor b2 = b.select(d, 2);
        return Tensor.stack(List.of(term(a1, b2, a2, b1), term(a2, b0, a0, b2), term(a0, b1, a1, b0)), d);
    }

    /**
     * {@code p * q - r * t} as PyTorch's CPU cross kernel computes it: compiled with FMA contraction, {@code fma(p, q,
     * -(r * t))} for floating tensors (matched on every element of 300 random float64 vectors, where the plain
     * expression matched 70%); exact for integers.
     */
    private static Tensor term(Tensor p, Tensor q, Tensor r, Tensor t) {
        if (!p.dtype.isFloatingPoint()) {
            return p.mul(q).sub(r.mul(t));
        }
        Tensor y = r.mul(t).neg().contiguous();
        y.storage.backend.fma(y.shape, p.stridedAs(y.shape), q.stridedAs(y.shape), y.strided());
        return y;
    }

    /** The first dim of size 3 of the broadcast shape: {@code torch.cross}'s default (PyTorch 1.13 warns about it). */
    static int firstSize3(Tensor a, Tensor b) {
        nonNull("cross", a);
        nonNull("cross", b);
        int[] shape = Shapes.broadcast("cross", a.shape, b.shape);
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 3) {
                return i;
            }
        }
        throw new IllegalArgumentException("cross: no dimension of size 3 in input (shapes " + Shapes.str(a.shape) + " and "
                + Shapes.str(b.shape) + ")");
    }

    /** {@code torch.tensordot(a, b, dims)}: the last {@code dims} dims of a against the first of b. */
    static Tensor tensordot(Tensor a, Tensor b, int dims) {
        nonNull("tensordot", a);
        nonNull("tensordot", b);
        if (dims < 0) {
            throw new IllegalArgumentException("tensordot: tensordot expects dims >= 0, but got dims=" + dims);
        }
        if (dims > a.dim() || dims > b.dim()) {
            throw new IllegalArgumentException("tensordot: dims " + dims + " exceeds a tensor's rank (shapes "
                    + Shapes.str(a.shape) + " and " + Shapes.str(b.shape) + ")");
        }
        int[] da = new int[dims];
        int[] db = new int[dims];
        for (int i = 0; i < dims; i++) {
            da[i] = a.dim() - dims + i;
            db[i] = i;
        }
        return tensordot(a, b, da, db);
    }

    /**
     * {@code torch.tensordot(a, b, dims=(dimsA, dimsB))}, as PyTorch: a permuted to its free dims then the contracted
     * ones and reshaped to a matrix, b likewise, one mm, reshaped to a's free dims then b's.
     */
    static Tensor tensordot(Tensor a, Tensor b, int[] dimsA, int[] dimsB) {
        nonNull("tensordot", a);
        nonNull("tensordot", b);
        if (dimsA == null || dimsB == null || dimsA.length != dimsB.length) {
            throw new IllegalArgumentException("tensordot: both dimension lists should have same length (got "
                    + Arrays.toString(dimsA) + " and " + Arrays.toString(dimsB) + ")");
        }
        Pointwise.checkSameDevice("tensordot", a, b);
        int c = dimsA.length;
        boolean[] ca = new boolean[Math.max(a.dim(), 1)];
        boolean[] cb = new boolean[Math.max(b.dim(), 1)];
        int[] pa = new int[a.dim()];
        int[] pb = new int[b.dim()];
        int k = 1;
        for (int i = 0; i < c; i++) {
            int x = Shapes.dim("tensordot", dimsA[i], a.dim());
            int y = Shapes.dim("tensordot", dimsB[i], b.dim());
            if (a.shape[x] != b.shape[y]) {
                throw new IllegalArgumentException("tensordot: contracted dimensions need to match, but first has size "
                        + a.shape[x] + " in dim " + dimsA[i] + " and second has size " + b.shape[y] + " in dim " + dimsB[i]);
            }
            if (ca[x] || cb[y]) {
                throw new IllegalArgumentException("tensordot: a dim appears twice in the dimension lists ("
                        + Arrays.toString(dimsA) + ", " + Arrays.toString(dimsB) + ")");
            }
            ca[x] = true;
            cb[y] = true;
            pa[a.dim() - c + i] = x;
            pb[i] = y;
            k *= a.shape[x];
        }
        int[] out = new int[a.dim() + b.dim() - 2 * c];
        int o = 0;
        int free = 0;
        int m = 1;
        for (int i = 0; i < a.dim(); i++) {
            if (!ca[i]) {
                pa[free++] = i;
                out[o++] = a.shape[i];
                m *= a.shape[i];
            }
        }
        free = c;
        int n = 1;
        for (int i = 0; i < b.dim(); i++) {
            if (!cb[i]) {
                pb[free++] = i;
                out[o++] = b.shape[i];
                n *= b.shape[i];
            }
        }
        Tensor ma = a.permute(pa).reshape(m, k);
        Tensor mb = b.permute(pb).reshape(k, n);
        return ma.mm(mb).reshape(out);
    }
}

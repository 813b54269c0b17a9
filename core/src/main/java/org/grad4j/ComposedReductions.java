package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;
import org.grad4j.spi.BinaryOp;

/**
 * prod, amax/amin, min over all, var/std, cumsum, norm, any/all: composed from the backend primitives
 * (sums through {@code ReduceOp.SUM}, so PyTorch's summation order where the sum is the whole op), each
 * recording one node with PyTorch's grad_fn name and backward formula. Every backend runs them unchanged.
 *
 * <p>Exactness against PyTorch 1.13's CPU results (golden cases): bit-exact for cumsum (a sequential loop with a
 * double accumulator, as PyTorch's), amax/amin/max/min, any/all, every int64 result and var/std. Within a few ulps
 * elsewhere, as measured on the golden
 * cases: prod 1 ulp (a pairwise tree here, PyTorch's vectorized loop there), norm 2 ulps (float32) / 4 (float64);
 * the conformance tolerance is 2e-6 relative in float32 and 1e-13 in float64. var/std follow PyTorch's own CPU
 * algorithms in {@link Moments}, bit for bit in both dtypes.
 */
final class ComposedReductions {
    private ComposedReductions() {
    }

    // ------------------------------------------------------------------ helpers

    private static void nonNull(String op, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": expected a tensor, got null");
        }
    }

    /** The dims as a sorted list of distinct, wrapped indices; none means all, as in PyTorch. */
    static int[] wrapDims(String op, int[] dims, int rank) {
        if (dims == null) {
            throw new IllegalArgumentException(op + ": expected dimensions, got null");
        }
        if (dims.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) {
                all[i] = i;
            }
            return all;
        }
        boolean[] seen = new boolean[Math.max(rank, 1)];
        for (int d : dims) {
            int w = Shapes.dim(op, d, rank);
            if (rank > 0 && seen[w]) {
                throw new IllegalArgumentException(op + ": dim " + w + " appears multiple times in the list of dims "
                        + Arrays.toString(dims));
            }
            seen[w] = true;
        }
        if (rank == 0) {
            return new int[0];
        }
        int n = 0;
        for (boolean s : seen) {
            n += s ? 1 : 0;
        }
        int[] out = new int[n];
        for (int i = 0, j = 0; i < rank; i++) {
            if (seen[i]) {
                out[j++] = i;
            }
        }
        return out;
    }

    private static int[] keptShape(int[] shape, int[] dims) {
        int[] k = shape.clone();
        for (int d : dims) {
            k[d] = 1;
        }
        return k;
    }

    private static int[] droppedShape(int[] shape, int[] dims) {
        int[] s = new int[shape.length - dims.length];
        for (int i = 0, j = 0, k = 0; i < shape.length; i++) {
            if (k < dims.length && dims[k] == i) {
                k++;
            } else {
                s[j++] = shape[i];
            }
        }
        return s;
    }

    private static int count(int[] shape, int[] dims) {
        int n = 1;
        for (int d : dims) {
            n *= shape[d];
        }
        return n;
    }

    /** A keepdim-shaped result with the reduced dims dropped, as a view. */
    private static Tensor drop(Tensor kept, int[] inShape, int[] dims, boolean keepdim) {
        return keepdim ? kept : kept.reshape(droppedShape(inShape, dims));
    }

    /** The output gradient in keepdim layout, broadcastable against the input. */
    private static Tensor keep(Tensor g, int[] inShape, int[] dims, boolean keepdim) {
        return keepdim ? g : g.reshape(keptShape(inShape, dims));
    }

    private static void requireFloat(String op, Tensor t) {
        if (!t.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": only supports floating point and complex dtypes, got "
                    + t.dtype.torchName() + " (shape " + Shapes.str(t.shape) + "); convert with float() first");
        }
    }

    // ------------------------------------------------------------------ prod

    /** {@code torch.prod(t)}: int64 and bool give int64, as PyTorch. */
    static Tensor prodAll(Tensor t) {
        nonNull("prod", t);
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor flat = t.reshape(-1);
            out = productAlong(flat, 0).reshape();
        }
        if (Tensor.needsGrad(t)) {
            Tensor.record(out, new ProdNode(t, out, -1, false, "ProdBackward0"));
        }
        return out;
    }

    /** {@code torch.prod(t, dim, keepdim)}. */
    static Tensor prod(Tensor t, int dim, boolean keepdim) {
        nonNull("prod", t);
        int d = Shapes.dim("prod", dim, t.dim());
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            if (t.dim() == 0) {
                out = t.dtype.isFloatingPoint() ? t.clone() : t.to(DType.INT64);
            } else {
                Tensor kept = productAlong(t, d);
                out = drop(kept, t.shape, new int[] {d}, keepdim);
            }
        }
        if (Tensor.needsGrad(t)) {
            Tensor.record(out, new ProdNode(t, out, t.dim() == 0 ? -1 : d, keepdim, "ProdBackward1"));
        }
        return out;
    }

    /** The product over dim {@code d} (kept as size 1), as a pairwise tree of elementwise products. */
    private static Tensor productAlong(Tensor t, int d) {
        Tensor cur = t.dtype.isFloatingPoint() ? t : t.to(DType.INT64);
        int n = cur.shape[d];
        if (n == 0) {
            int[] kept = cur.shape.clone();
            kept[d] = 1;
            return Tensor.full(kept, 1.0, cur.dtype, cur.device());
        }
        if (n == 1) {
            return cur.clone();
        }
        while (n > 1) {
            int h = n / 2;
            Tensor next = cur.narrow(d, 0, h).mul(cur.narrow(d, h, h));
            if (n % 2 == 1) {
                Tensor first = next.narrow(d, 0, 1);
                first.copy_(first.mul(cur.narrow(d, 2 * h, 1)));
            }
            cur = next;
            n = h;
        }
        return cur;
    }

    /**
     * PyTorch's prod_backward: {@code g * result / x} without zeros; with zeros, each element's gradient is the
     * product of the others (exclusive products from both ends), so one zero passes the rest's product and two
     * zeros give 0; over all elements with two zeros or more and no graph to build, PyTorch's zeros_like (+0.0).
     */
    static final class ProdNode extends NamedNode {
        private final int dim;
        private final boolean keepdim;

        ProdNode(Tensor in, Tensor out, int dim, boolean keepdim, String name) {
            super(name, in);
            this.dim = dim;
            this.keepdim = keepdim;
            save(in, out.detach());
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor x = saved(0);
            Tensor result = savedOutput(1);
            if (x.dim() == 0) {
                return new Tensor[] {g.mul(1.0)};
            }
            if (dim < 0) {
                Tensor flat = x.reshape(-1);
                long zeros = flat.eq(0.0).sum().itemLong();
                if (zeros > 1 && !GradMode.isEnabled()) {
                    return new Tensor[] {Tensor.full(x.shape, 0.0, x.dtype, x.device())};
                }
                Tensor others = zeros > 0 ? othersProduct(flat, 0) : null;
                Tensor gx = others != null ? g.mul(others) : g.mul(result.div(x).reshape(-1));
                return new Tensor[] {gx.reshape(x.shape)};
            }
            int[] dims = {dim};
            Tensor gk = keep(g, x.shape, dims, keepdim);
            if (hasZero(x)) {
                return new Tensor[] {gk.mul(othersProduct(x, dim))};
            }
            Tensor rk = keep(result, x.shape, dims, keepdim);
            return new Tensor[] {gk.mul(rk.div(x))};
        }

        private static boolean hasZero(Tensor x) {
            return x.eq(0.0).sum().itemLong() > 0;
        }

        /** For each element, the product of the other elements along {@code d}. */
        private static Tensor othersProduct(Tensor x, int d) {
            if (GradMode.isEnabled()) {
                // a graph is being recorded (create_graph): the same exclusive products by recorded cumprods
                return exclusiveProduct(x, d).mul(exclusiveProduct(x.flip(d), d).flip(d));
            }
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                Tensor before = scan(x, d, BinaryOp.MUL, false, true);
                Tensor after = scan(x, d, BinaryOp.MUL, true, true);
                return before.mul(after);
            }
        }
    }

    /** The product of the elements before each one along {@code d} (1 for the first), by a recorded cumprod. */
    private static Tensor exclusiveProduct(Tensor x, int d) {
        int n = x.shape[d];
        Tensor one = Tensor.onesLike(x.narrow(d, 0, 1));
        return n == 1 ? one : Tensor.cat(java.util.List.of(one, x.cumprod(d).narrow(d, 0, n - 1)), d);
    }

    // ------------------------------------------------------------------ scans

    /**
     * An inclusive (or exclusive) scan along {@code d}, forward or from the end, as PyTorch's CPU kernel: a
     * sequential loop whose running value is a double for float32 too (acc_type), rounded once per element; int64
     * accumulates exactly (wrapping). Backends have no scan primitive and a slice-by-slice loop would launch one
     * kernel per element of {@code d}, so the values make one round trip through the host instead.
     */
    static Tensor scan(Tensor x, int d, BinaryOp op, boolean reverse, boolean exclusive) {
        boolean mul = op == BinaryOp.MUL;
        int[] shape = x.shape;
        int n = shape.length == 0 ? 1 : shape[d];
        int inner = 1;
        for (int i = d + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        int outer = n == 0 || inner == 0 ? 0 : x.numel() / (n * inner);
        if (x.dtype == DType.INT64 || x.dtype == DType.BOOL) {
            long[] v = x.toLongArray();
            long[] out = new long[v.length];
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    long acc = mul ? 1 : 0;
                    for (int k = 0; k < n; k++) {
                        int idx = (o * n + (reverse ? n - 1 - k : k)) * inner + i;
                        if (exclusive) {
                            out[idx] = acc;
                        }
                        acc = mul ? acc * v[idx] : acc + v[idx];
                        if (!exclusive) {
                            out[idx] = acc;
                        }
                    }
                }
            }
            return Tensor.of(out, shape).to(x.device());
        }
        double[] v = x.toDoubleArray();
        double[] out = new double[v.length];
        boolean f32 = x.dtype == DType.FLOAT32;
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double acc = mul ? 1 : 0;
                for (int k = 0; k < n; k++) {
                    int idx = (o * n + (reverse ? n - 1 - k : k)) * inner + i;
                    if (exclusive) {
                        out[idx] = f32 ? (float) acc : acc;
                    }
                    acc = mul ? acc * v[idx] : acc + v[idx];
                    if (!exclusive) {
                        out[idx] = f32 ? (float) acc : acc;
                    }
                }
            }
        }
        return Tensor.of(out, x.dtype, x.device(), shape);
    }

    /** {@code torch.cumsum(t, dim)}: int64 and bool give int64, as PyTorch. */
    static Tensor cumsum(Tensor t, int dim) {
        nonNull("cumsum", t);
        int d = Shapes.dim("cumsum", dim, t.dim());
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor x = t.dtype.isFloatingPoint() ? t : t.to(DType.INT64);
            // a 0-d input is copied (ATen fills the result with it: -0.0 stays -0.0), not added to 0
            out = t.dim() == 0 ? (x == t ? x.clone() : x) : scan(x, d, BinaryOp.ADD, false, false);
        }
        if (Tensor.needsGrad(t)) {
            Tensor.record(out, new CumsumNode(t, d, true));
        }
        return out;
    }

    /** cumsum's gradient is the reversed cumsum of the output gradient (itself differentiable). */
    static final class CumsumNode extends NamedNode {
        private final int dim;
        private final boolean forward;

        CumsumNode(Tensor in, int dim, boolean forward) {
            super(forward ? "CumsumBackward0" : "CumsumBackward0", in);
            this.dim = dim;
            this.forward = forward;
        }

        @Override
        Tensor[] backward(Tensor g) {
            if (forward && Tensor.needsGrad(g)) {
                // with history (create_graph): PyTorch's formula, flip(cumsum(flip(g))), the same sums
                return new Tensor[] {g.flip(dim).cumsum(dim).flip(dim)};
            }
            Tensor r;
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                r = scan(g, dim, BinaryOp.ADD, forward, false);
            }
            if (Tensor.needsGrad(g)) {
                Tensor.record(r, new CumsumNode(g, dim, !forward));
            }
            return new Tensor[] {r};
        }
    }

    // ------------------------------------------------------------------ min over all, amax, amin

    /** {@code torch.min(t)}: NaN wins; the gradient is shared evenly among the minima ({@code MinBackward1}). */
    static Tensor minAll(Tensor t) {
        nonNull("min", t);
        if (t.numel() == 0) {
            throw new IllegalArgumentException("min(): Expected reduction dim to be specified for input.numel() == 0. "
                    + "Specify the reduction dim with the 'dim' argument (shape " + Shapes.str(t.shape) + ")");
        }
        return extreme("min", t, new int[0], false, true, "MinBackward1");
    }

    /** {@code torch.amax(t, dims, keepdim)}: the gradient is shared evenly among the maxima. */
    static Tensor amax(Tensor t, int[] dims, boolean keepdim) {
        return extreme("amax", t, dims, keepdim, false, "AmaxBackward0");
    }

    /** {@code torch.amin(t, dims, keepdim)}. */
    static Tensor amin(Tensor t, int[] dims, boolean keepdim) {
        return extreme("amin", t, dims, keepdim, true, "AminBackward0");
    }

    private static Tensor extreme(String op, Tensor t, int[] dimsIn, boolean keepdim, boolean min, String name) {
        nonNull(op, t);
        int[] dims = wrapDims(op, dimsIn, t.dim());
        for (int d : dims) {
            if (t.shape[d] == 0) {
                throw new IndexOutOfBoundsException(op + "(): Expected reduction dim " + d + " to have non-zero size "
                        + "(shape " + Shapes.str(t.shape) + ")");
            }
        }
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor x = min ? PrimitiveReductions.reversed(t) : t;
            Tensor kept = PrimitiveReductions.amax(op, x, dims);
            out = drop(min ? PrimitiveReductions.reversed(kept) : kept, t.shape, dims, keepdim);
        }
        if (Tensor.needsGrad(t)) {
            Tensor.record(out, new ExtremeNode(t, out, dims, keepdim, name));
        }
        return out;
    }

    /** amax/amin and max()/min(): the gradient split evenly among the elements equal to the result. */
    static final class ExtremeNode extends NamedNode {
        private final int[] dims;
        private final boolean keepdim;
        private final boolean all;

        ExtremeNode(Tensor in, Tensor out, int[] dims, boolean keepdim, String name) {
            super(name, in);
            this.dims = dims;
            this.keepdim = keepdim;
            this.all = name.endsWith("1");
            save(in, out.detach());
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor x = saved(0);
            Tensor r = keep(saved(1), x.shape, dims, keepdim);
            Tensor mask = Pointwise.mask(BinaryOp.EQ, x, r);
            if (all) {
                // max()/min() (evenly_distribute_backward): a NaN result goes to the NaN inputs.
                mask = mask.add(Pointwise.mask(BinaryOp.NE, x, x).mul(Pointwise.mask(BinaryOp.NE, r, r)));
            }
            Tensor counts = mask.sum(dims, true);
            Tensor share = keep(g, x.shape, dims, keepdim).div(counts);
            // max()/min() on the CPU fill zeros with the share (+0.0 elsewhere); amax/amin multiply by the mask
            return new Tensor[] {all ? Pointwise.gradThrough(share, mask) : mask.mul(share)};
        }
    }

    // ------------------------------------------------------------------ var, std

    /** {@code torch.var(t, dims, correction=c, keepdim)}; std takes its square root. */
    static Tensor var(Tensor t, int[] dimsIn, int correction, boolean keepdim, boolean std) {
        return var(t, dimsIn, correction, keepdim, std, true);
    }

    /** dimGiven: false for {@code t.var()} / {@code t.std()}, whose backward PyTorch computes apart (VarNode). */
    static Tensor var(Tensor t, int[] dimsIn, int correction, boolean keepdim, boolean std, boolean dimGiven) {
        String op = std ? "std" : "var";
        nonNull(op, t);
        if (!t.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": std and var only support floating point and complex dtypes, got "
                    + t.dtype.torchName() + " (shape " + Shapes.str(t.shape) + "); convert with float() first");
        }
        int[] dims = wrapDims(op, dimsIn, t.dim());
        int n = count(t.shape, dims);
        double divisor = Math.max(0, n - correction);
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            if (t.numel() > 0) {
                // PyTorch 1.13's CPU kernels, bit for bit (Moments)
                int[] sorted = dims.clone();
                Arrays.sort(sorted);
                double[] v = Moments.varStd(t, sorted, correction, std);
                out = drop(Tensor.of(v, t.dtype, t.device(), keptShape(t.shape, sorted)), t.shape, sorted, keepdim);
            } else {
                // nothing to reduce: the formula gives PyTorch's NaN (or an empty result)
                Tensor x = t.dtype == DType.FLOAT32 ? t.to(DType.FLOAT64) : t;
                Tensor centered = x.sub(x.sum(dims, true).div((double) n));
                Tensor v = centered.mul(centered).sum(dims, true).div(divisor);
                Tensor r = std ? v.sqrt() : v;
                out = drop(r.dtype() == t.dtype ? r : r.to(t.dtype), t.shape, dims, keepdim);
            }
        }
        if (Tensor.needsGrad(t)) {
            // PyTorch's var_backward divides by N - correction unclamped (negative when correction > N).
            // without a dim (or on a 0-d input) and N == correction, var_backward is INFINITY * grad
            boolean infinite = (!dimGiven || t.dim() == 0) && n == correction;
            Tensor.record(out, new VarNode(t, out, dims, keepdim, n - correction, std, infinite));
        }
        return out;
    }

    /** var: {@code 2 g (x - mean) / (N - correction)}; std: var's with {@code g / (2 std)} (0 where std is 0). */
    static final class VarNode extends NamedNode {
        private final int[] dims;
        private final boolean keepdim;
        private final double divisor;
        private final boolean std;
        private final boolean infinite;

        VarNode(Tensor in, Tensor out, int[] dims, boolean keepdim, double divisor, boolean std, boolean infinite) {
            super(std ? "StdBackward0" : "VarBackward0", in);
            this.dims = dims;
            this.keepdim = keepdim;
            this.divisor = divisor;
            this.std = std;
            this.infinite = infinite;
            save(in, std ? out.detach() : null);
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor x = saved(0);
            Tensor gk = keep(g, x.shape, dims, keepdim);
            if (std) {
                Tensor s = keep(savedOutput(1), x.shape, dims, keepdim);
                // PyTorch's (g / (2 std)).masked_fill_(std == 0, 0): +0.0 there, whatever g's sign
                gk = gk.div(s.mul(2.0)).maskedFill(s.eq(0.0), 0.0);
            }
            if (infinite) {
                return new Tensor[] {gk.mul(Double.POSITIVE_INFINITY)};
            }
            Tensor mean = x.sum(dims, true).div((double) count(x.shape, dims));
            return new Tensor[] {gk.mul(2.0 / divisor).mul(x.sub(mean))};
        }
    }

    // ------------------------------------------------------------------ norm

    /**
     * {@code Tensor.norm(p, dims, keepdim)} as PyTorch 1.13 computes it ({@code NormBackward1}): p = inf / -inf is
     * the largest / smallest magnitude, 0 counts non-zeros, otherwise {@code sum(|x|^p)^(1/p)}; an empty reduction
     * gives 0 for every p (1.13's {@code norm}, unlike {@code linalg.vector_norm}, which refuses infinite p).
     */
    static Tensor norm(Tensor t, double p, int[] dimsIn, boolean keepdim) {
        return norm(t, p, dimsIn, keepdim, "NormBackward1");
    }

    /** {@code name}: PyTorch 1.13 computes {@code norm('fro', two dims)} as {@code sqrt(sum(x^2))} (SqrtBackward0). */
    static Tensor norm(Tensor t, double p, int[] dimsIn, boolean keepdim, String name) {
        nonNull("norm", t);
        if (!t.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("norm(): input dtype should be either floating point or complex. Got "
                    + t.dtype.torchName() + " instead (shape " + Shapes.str(t.shape) + ")");
        }
        if (Double.isNaN(p)) {
            throw new IllegalArgumentException("norm(): expected a number for p, got NaN");
        }
        int[] dims = wrapDims("norm", dimsIn, t.dim());
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor a = t.abs();
            Tensor kept;
            if (count(t.shape, dims) == 0) {
                kept = Tensor.full(keptShape(t.shape, dims), 0.0, t.dtype, t.device());   // 1.13: 0 for every p
            } else if (p == Double.POSITIVE_INFINITY) {
                kept = PrimitiveReductions.amax("norm", a, dims);
            } else if (p == Double.NEGATIVE_INFINITY) {
                kept = PrimitiveReductions.amax("norm", a.neg(), dims).neg();
            } else if (p == 0) {
                kept = Pointwise.mask(BinaryOp.NE, t, 0.0).sum(dims, true);
            } else if (p == 1) {
                kept = a.sum(dims, true);
            } else if (p == 2) {
                kept = t.mul(t).sum(dims, true).sqrt();
            } else {
                kept = a.pow(p).sum(dims, true).pow(1.0 / p);
            }
            out = drop(kept, t.shape, dims, keepdim);
        }
        if (Tensor.needsGrad(t)) {
            Tensor.record(out, new NormNode(t, out, p, dims, keepdim, name));
        }
        return out;
    }

    /** PyTorch's norm_backward for each kind of p. */
    static final class NormNode extends NamedNode {
        private final double p;
        private final int[] dims;
        private final boolean keepdim;

        NormNode(Tensor in, Tensor out, double p, int[] dims, boolean keepdim, String name) {
            super(name, in);
            this.p = p;
            this.dims = dims;
            this.keepdim = keepdim;
            save(in, out.detach());
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor x = saved(0);
            Tensor norm = keep(savedOutput(1), x.shape, dims, keepdim);
            Tensor gk = keep(g, x.shape, dims, keepdim);
            if (p == 0) {
                return new Tensor[] {x.mul(0.0).add(gk.mul(0.0))};
            }
            if (p == 1) {
                return new Tensor[] {x.sign().mul(gk)};
            }
            // PyTorch's masked_fill_(norm == 0, 0) below: +0.0 there, so the zeros keep its sign
            Tensor zeroNorm = norm.eq(0.0);
            if (p == 2) {
                return new Tensor[] {gk.mul(x.div(norm).maskedFill(zeroNorm, 0.0))};
            }
            if (Double.isInfinite(p)) {
                Tensor a = x.abs();
                Tensor mask = Pointwise.mask(BinaryOp.EQ, a, norm).add(Pointwise.mask(BinaryOp.NE, a, a));
                return new Tensor[] {x.sign().mul(gk.div(mask.sum(dims, true)).mul(mask))};
            }
            if (p < 1) {
                Tensor scaled = x.sign().mul(x.abs().pow(p - 1).maskedFill(x.eq(0.0), 0.0));
                return new Tensor[] {scaled.mul(gk).mul(norm.pow(1 - p))};
            }
            Tensor scaled = p < 2 ? x.sign().mul(x.abs().pow(p - 1)) : x.mul(x.abs().pow(p - 2));
            Tensor scale = gk.div(norm.pow(p - 1)).maskedFill(zeroNorm, 0.0);
            return new Tensor[] {scaled.mul(scale)};
        }
    }

    /** {@code Tensor.norm("fro", dims, keepdim)}: the 2-norm; over exactly two dims 1.13 records SqrtBackward0. */
    static Tensor norm(Tensor t, String p, int[] dims, boolean keepdim) {
        if ("nuc".equals(p)) {
            return Linalg.nuclearNorm(t, dims, keepdim);
        }
        if (!"fro".equals(p)) {
            throw new IllegalArgumentException("norm: p must be 'fro', 'nuc' or a number, got '" + p
                    + "'");
        }
        if (dims != null && dims.length > 2) {
            // torch.norm hands 'fro' with a dim list to frobenius_norm, which takes one or two dims
            throw new IllegalArgumentException("norm: 'fro' expected at most 2 dimensions, but got " + dims.length
                    + " dimensions instead (dims " + Arrays.toString(dims) + ", input shape " + Shapes.str(t.shape)
                    + ")");
        }
        return norm(t, 2.0, dims, keepdim, dims != null && dims.length == 2 ? "SqrtBackward0" : "NormBackward1");
    }

    // ------------------------------------------------------------------ any, all

    /**
     * {@code torch.any(t)} / {@code torch.all(t)}: bool results (uint8 for a uint8 input, as PyTorch 1.13); empty
     * gives false / true.
     */
    static Tensor anyAll(Tensor t, boolean all) {
        nonNull(all ? "all" : "any", t);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor hits = all ? t.eq(0L) : t.ne(0L);
            Tensor n = hits.sum();
            return likeInput(t, all ? n.eq(0L) : n.gt(0L));
        }
    }

    private static Tensor likeInput(Tensor t, Tensor result) {
        return t.dtype() == DType.UINT8 ? result.to(DType.UINT8) : result;
    }

    /** {@code torch.any(t, dim, keepdim)} / {@code torch.all(t, dim, keepdim)}. */
    static Tensor anyAll(Tensor t, int dim, boolean keepdim, boolean all) {
        String op = all ? "all" : "any";
        nonNull(op, t);
        int d = Shapes.dim(op, dim, t.dim());
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor hits = all ? t.eq(0L) : t.ne(0L);
            Tensor n = t.dim() == 0 ? hits.toLong() : hits.sum(new int[] {d}, keepdim);
            return likeInput(t, all ? n.eq(0L) : n.gt(0L));
        }
    }
}

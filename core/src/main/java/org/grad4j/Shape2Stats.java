package org.grad4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.grad4j.autograd.GradMode;

/**
 * torch's composite numerical functions: trapezoid / cumulative_trapezoid, gradient, cov / corrcoef, dist, cdist /
 * pdist, renorm, unique_consecutive and histogram. Each follows ATen's composite op by op (so the values, dtypes and
 * the last op's grad_fn are 1.13's); cdist, pdist and renorm carry their own nodes (CdistBackward0, PdistBackward0,
 * EuclideanDistBackward0, RenormBackward0) with ATen's subgradients at zero distances and ties.
 */
final class Shape2Stats {
    private Shape2Stats() {
    }

    // ------------------------------------------------------------ trapezoid

    private static int sampleDim(String op, Tensor y, int dim) {
        if (y.dim() == 0) {
            throw new IndexOutOfBoundsException(op + ": Dimension specified as " + dim + " but tensor has no dimensions");
        }
        return Shapes.dim(op, dim, y.dim());
    }

    private static Tensor zerosExcept(Tensor y, int d) {
        int[] s = new int[y.dim() - 1];
        for (int i = 0, j = 0; i < y.dim(); i++) {
            if (i != d) {
                s[j++] = y.shape[i];
            }
        }
        return Tensor.zeros(s, y.dtype).to(y.device());
    }

    /** x viewed so that its differences broadcast against y's along {@code d}, as ATen's trapezoid does. */
    private static Tensor spacings(String op, Tensor y, Tensor x, int d) {
        Tensor xv;
        if (x.dim() == 1) {
            if (x.shape[0] != y.shape[d]) {
                throw new IllegalArgumentException(op + ": " + op + ": There must be one `x` value for each sample "
                        + "point");
            }
            int[] s = new int[y.dim()];
            Arrays.fill(s, 1);
            s[d] = x.shape[0];
            xv = x.view(s);
        } else if (x.dim() < y.dim()) {
            int[] s = new int[y.dim()];
            Arrays.fill(s, 1);
            System.arraycopy(x.shape, 0, s, y.dim() - x.dim(), x.dim());
            xv = x.view(s);
        } else {
            xv = x;
        }
        int n = xv.shape[d];
        return xv.narrow(d, 1, Math.max(n - 1, 0)).sub(xv.narrow(d, 0, Math.max(n - 1, 0)));
    }

    private static void noBool(String op, Tensor y, Tensor x) {
        if (y.dtype == DType.BOOL || (x != null && x.dtype == DType.BOOL)) {
            throw new IllegalArgumentException(op + ": " + op + ": received a bool input for `x` or `y`, but bool is "
                    + "not supported");
        }
    }

    static Tensor trapezoid(Tensor y, Tensor x, int dim) {
        Indexing.nonNull("trapezoid", y, x);
        int d = sampleDim("trapezoid", y, dim);
        if (y.shape[d] == 0) {
            return zerosExcept(y, d);
        }
        noBool("trapezoid", y, x);
        Tensor dx = spacings("trapezoid", y, x, d);
        int n = y.shape[d];
        return Shape2Ops.relabel("DivBackward1", dx.mul(y.narrow(d, 1, n - 1).add(y.narrow(d, 0, n - 1))).sum(d)
                .div(2.0));
    }

    static Tensor trapezoid(Tensor y, double dx, int dim) {
        Indexing.nonNull("trapezoid", y);
        int d = sampleDim("trapezoid", y, dim);
        if (y.shape[d] == 0) {
            return zerosExcept(y, d);
        }
        if (y.dtype == DType.BOOL) {
            throw new IllegalArgumentException("trapezoid: trapezoid: received a bool input for `y`, but bool is not "
                    + "supported");
        }
        int n = y.shape[d];
        return Shape2Ops.relabel("MulBackward1", y.sum(d).sub(y.select(d, 0).add(y.select(d, n - 1)).mul(0.5)).mul(dx));
    }

    static Tensor cumulativeTrapezoid(Tensor y, Tensor x, int dim) {
        Indexing.nonNull("cumulative_trapezoid", y, x);
        int d = sampleDim("cumulative_trapezoid", y, dim);
        noBool("cumulative_trapezoid", y, x);
        Tensor dx = spacings("cumulative_trapezoid", y, x, d);
        int m = Math.max(y.shape[d] - 1, 0);
        return Shape2Ops.relabel("DivBackward1", dx.mul(y.narrow(d, 0, m).add(y.narrow(d, y.shape[d] - m, m))).cumsum(d)
                .div(2.0));
    }

    static Tensor cumulativeTrapezoid(Tensor y, double dx, int dim) {
        Indexing.nonNull("cumulative_trapezoid", y);
        int d = sampleDim("cumulative_trapezoid", y, dim);
        noBool("cumulative_trapezoid", y, null);
        int m = Math.max(y.shape[d] - 1, 0);
        return y.narrow(d, 0, m).add(y.narrow(d, y.shape[d] - m, m)).mul(dx / 2.0).cumsum(d);
    }

    // ------------------------------------------------------------ gradient

    private static int[] gradientDims(Tensor x, int[] dims, int spacingCount, int edgeOrder) {
        if (x.dtype == DType.UINT8) {
            throw new IllegalArgumentException("gradient: torch.gradient does not support uint8 input.");
        }
        if (spacingCount >= 0 && dims == null && spacingCount != 1 && spacingCount != x.dim()) {
            throw new IllegalArgumentException("gradient: torch.gradient expected spacing to be unspecified, a scalar or "
                    + "a list of length " + x.dim() + " but got a list of length " + spacingCount);
        }
        if (spacingCount >= 0 && dims != null && spacingCount != dims.length) {
            throw new IllegalArgumentException("gradient: torch.gradient expected spacing to be unspecified, a scalar "
                    + "or it's spacing and dim arguments to have the same length, but got a spacing argument of length "
                    + spacingCount + " and a dim argument of length " + dims.length + ".");
        }
        if (edgeOrder != 1 && edgeOrder != 2) {
            throw new IllegalArgumentException("gradient: torch.gradient only supports edge_order=1 and edge_order=2.");
        }
        int[] d;
        if (dims != null) {
            d = ShapeOps.dims("gradient", dims, x.dim(), "gradient: dim %d appears multiple times in the list of dims");
        } else {
            d = new int[x.dim()];
            for (int i = 0; i < d.length; i++) {
                d[i] = i;
            }
        }
        for (int k : d) {
            if (x.shape[k] < edgeOrder + 1) {
                throw new IllegalArgumentException("gradient: torch.gradient expected each dimension size to be at least "
                        + "edge_order+1");
            }
        }
        return d;
    }

    private static Tensor part(Tensor x, int d, int start, int end) {
        int n = x.shape[d];
        int s = start < 0 ? start + n : start;
        int e = end <= 0 && end != Integer.MAX_VALUE ? end + n : Math.min(end, n);
        return x.narrow(d, s, e - s);
    }

    private static final int END = Integer.MAX_VALUE;

    /** torch.gradient with scalar spacings (one per dim, or one for all). */
    static List<Tensor> gradient(Tensor x, double[] spacing, int[] dims, int edgeOrder) {
        Indexing.nonNull("gradient", x, spacing);
        int[] d = gradientDims(x, dims, spacing.length == 1 ? -1 : spacing.length, edgeOrder);
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < d.length; i++) {
            int k = d[i];
            double h = spacing.length == 1 ? spacing[0] : spacing[i];
            Tensor center = part(x, k, 2, END).sub(part(x, k, 0, -2)).div(h);
            Tensor prepend;
            Tensor append;
            if (edgeOrder == 1) {
                prepend = part(x, k, 1, 2).sub(part(x, k, 0, 1)).div(h);
                append = part(x, k, -1, END).sub(part(x, k, -2, -1)).div(h);
            } else {
                prepend = part(x, k, 0, 1).mul(-1.5).add(part(x, k, 1, 2).mul(2L)).sub(part(x, k, 2, 3).mul(0.5)).div(h);
                append = part(x, k, -3, -2).mul(0.5).add(part(x, k, -2, -1).mul(-2L)).add(part(x, k, -1, END).mul(1.5))
                        .div(h);
            }
            out.add(Tensor.cat(List.of(prepend, center.div(2L), append), k));
        }
        return out;
    }

    /** torch.gradient with coordinates: one 1-D tensor of sample positions per dim. */
    static List<Tensor> gradient(Tensor x, Tensor[] coordinates, int[] dims, int edgeOrder) {
        Indexing.nonNull("gradient", x, coordinates);
        Indexing.nonNull("gradient", (Object[]) coordinates);
        int[] d = gradientDims(x, dims, coordinates.length, edgeOrder);
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < d.length; i++) {
            Tensor coord = coordinates[i];
            if (coord.dim() != 1) {
                throw new IllegalArgumentException("gradient: torch.gradient expected each element of spacing to have "
                        + "one dimension, but got an element with " + coord.dim() + " dimensions!");
            }
            int k = d[i];
            int[] shape = new int[x.dim()];
            Arrays.fill(shape, 1);
            shape[k] = -1;
            Tensor ax = coord.diff();
            int m = ax.shape[0];
            Tensor dx1 = ax.narrow(0, 0, Math.max(m - 1, 0));
            Tensor dx2 = ax.narrow(0, Math.min(1, m), Math.max(m - 1, 0));
            Tensor a = dx2.neg().div(dx1.mul(dx1.add(dx2))).reshape(shape);
            Tensor b = dx2.sub(dx1).div(dx1.mul(dx2)).reshape(shape);
            Tensor c = dx1.div(dx2.mul(dx1.add(dx2))).reshape(shape);
            Tensor center = a.mul(part(x, k, 0, -2)).add(b.mul(part(x, k, 1, -1))).add(c.mul(part(x, k, 2, END)));
            Tensor prepend;
            Tensor append;
            Tensor h0 = ax.select(0, 0);
            Tensor hl = ax.select(0, m - 1);
            if (edgeOrder == 1) {
                prepend = part(x, k, 1, 2).sub(part(x, k, 0, 1)).div(h0);
                append = part(x, k, -1, END).sub(part(x, k, -2, -1)).div(hl);
            } else {
                Tensor h1 = ax.select(0, 1);
                Tensor hm = ax.select(0, m - 2);
                Tensor a0 = h0.mul(2.0).add(h1).div(h0.mul(h0.add(h1))).neg();
                Tensor b0 = h0.add(h1).div(h0.mul(h1));
                Tensor c0 = h0.neg().div(h1.mul(h0.add(h1)));
                prepend = a0.mul(part(x, k, 0, 1)).add(b0.mul(part(x, k, 1, 2))).add(c0.mul(part(x, k, 2, 3)));
                Tensor a1 = hl.div(hm.mul(hl.add(hm)));
                Tensor b1 = hl.add(hm).div(hl.mul(hm)).neg();
                Tensor c1 = hl.mul(2L).add(hm).div(hl.mul(hl.add(hm)));
                append = a1.mul(part(x, k, -3, -2)).add(b1.mul(part(x, k, -2, -1))).add(c1.mul(part(x, k, -1, END)));
            }
            out.add(Tensor.cat(List.of(prepend, center, append), k));
        }
        return out;
    }

    // ------------------------------------------------------------ cov, corrcoef

    static Tensor cov(Tensor input, int correction, Tensor fweights, Tensor aweights) {
        Indexing.nonNull("cov", input);
        if (input.dim() > 2) {
            throw new IllegalArgumentException("cov: cov(): expected input to have two or fewer dimensions but got an "
                    + "input with " + input.dim() + " dimensions");
        }
        if (input.dtype == DType.BOOL) {
            throw new IllegalArgumentException("cov: cov(): bool dtype is not supported for input");
        }
        Tensor in = input.dim() < 2 ? input.view(1, -1) : input;
        int observations = in.shape[1];
        Tensor w = null;
        if (fweights != null) {
            w = fweights;
            if (w.dim() > 1) {
                throw new IllegalArgumentException("cov: cov(): expected fweights to have one or fewer dimensions but got "
                        + "fweights with " + w.dim() + " dimensions");
            }
            if (w.dtype.isFloatingPoint() || w.dtype == DType.BOOL) {
                throw new IllegalArgumentException("cov: cov(): expected fweights to have integral dtype but got fweights "
                        + "with " + DTypes.typeName(w.dtype) + " dtype");
            }
            if (w.numel() != observations) {
                throw new IllegalArgumentException("cov: cov(): expected fweights to have the same numel as there are "
                        + "observations in the input but got " + w.numel() + " != " + observations);
            }
            if (observations > 0 && w.min().item() < 0) {
                throw new IllegalArgumentException("cov: cov(): fweights cannot be negative");
            }
        }
        if (aweights != null) {
            Tensor aw = aweights;
            if (aw.dim() > 1) {
                throw new IllegalArgumentException("cov: cov(): expected aweights to have one or fewer dimensions but got "
                        + "aweights with " + aw.dim() + " dimensions");
            }
            if (!aw.dtype.isFloatingPoint()) {
                throw new IllegalArgumentException("cov: cov(): expected aweights to have floating point dtype but got "
                        + "aweights with " + DTypes.typeName(aw.dtype) + " dtype");
            }
            if (aw.numel() != observations) {
                throw new IllegalArgumentException("cov: cov(): expected aweights to have the same numel as there are "
                        + "observations in the input but got " + aw.numel() + " != " + observations);
            }
            if (observations > 0 && aw.min().item() < 0) {
                throw new IllegalArgumentException("cov: cov(): aweights cannot be negative");
            }
            w = w == null ? aw : w.mul(aw);
        }
        Tensor wSum = w != null ? w.sum() : Tensor.full(new int[0], (long) observations).to(in.device());
        if (w != null && wSum.item() == 0) {
            throw new IllegalArgumentException("cov: cov(): weights sum to zero, can't be normalized");
        }
        Tensor avg = (w != null ? in.mul(w) : in).sum(1).div(wSum);
        Tensor normFactor;
        if (w != null && correction != 0) {
            normFactor = aweights != null ? wSum.sub(w.mul(aweights).sum().mul((long) correction).div(wSum))
                    : wSum.sub((long) correction);
        } else {
            normFactor = wSum.sub((long) correction);
        }
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            if (normFactor.item() <= 0) {
                normFactor = Tensor.zerosLike(normFactor);   // 1.13 warns "degrees of freedom is <= 0" and divides by 0
            }
        }
        Tensor centered = in.sub(avg.unsqueeze(1));
        Tensor c = centered.mm((w != null ? centered.mul(w) : centered).t());
        return c.div(normFactor).squeeze();
    }

    static Tensor corrcoef(Tensor input) {
        Indexing.nonNull("corrcoef", input);
        if (input.dim() > 2) {
            throw new IllegalArgumentException("corrcoef: corrcoef(): expected input to have two or fewer dimensions but "
                    + "got an input with " + input.dim() + " dimensions");
        }
        Tensor c = cov(input, 1, null, null);
        if (c.dim() == 0) {
            return c.div(c);
        }
        Tensor stddev = c.diag().sqrt();
        c = c.div(stddev.view(-1, 1));
        c = c.div(stddev.view(1, -1));
        return c.clamp(-1.0, 1.0);
    }

    // ------------------------------------------------------------ dist, cdist, pdist

    static Tensor dist(Tensor a, Tensor b, double p) {
        Indexing.nonNull("dist", a, b);
        Shape2Ops.broadcastPair("dist", a.shape, b.shape);
        Tensor diff = a.sub(b);
        if (!diff.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("dist: norm(): input dtype should be either floating point or complex. Got "
                    + DTypes.typeName(diff.dtype) + " instead.");
        }
        return Shape2Ops.relabel("DistBackward0", diff.norm(p));
    }

    /** d(dist)/d(diff) times the incoming gradient, ATen's Dist backward rules (subgradient 0 at zero distance). */
    private static Tensor distGrad(Tensor g, Tensor diff, Tensor dist, double p) {
        // g and dist come with a trailing unit dim, diff with the coordinates last
        if (p == 0) {
            return Tensor.zerosLike(diff);
        }
        if (p == 1) {
            return g.mul(diff.sign());
        }
        Tensor zero = dist.eq(0.0);
        if (Double.isInfinite(p)) {
            return g.mul(diff.sign()).mul(diff.abs().eq(dist).to(diff.dtype));
        }
        if (p < 2) {
            Tensor mask = p < 1 ? zero.logicalOr(diff.eq(0.0)) : zero;
            Tensor v = diff.sign().mul(diff.abs().pow(p - 1)).mul(g).div(dist.pow(p - 1));
            return Tensor.where(mask, 0.0, v);
        }
        if (p == 2) {
            return Tensor.where(zero, 0.0, g.mul(diff).div(dist));
        }
        Tensor v = diff.mul(diff.abs().pow(p - 2)).mul(g).div(dist.pow(p - 1));
        return Tensor.where(zero, 0.0, v);
    }

    /** The p-norm of each row of {@code diff} (last dim), in ATen's per-p forms. */
    private static Tensor rowNorms(Tensor diff, double p) {
        int last = diff.dim() - 1;
        if (p == 0) {
            return diff.ne(0.0).to(diff.dtype).sum(new int[] {last}, false);
        }
        if (p == 1) {
            return diff.abs().sum(new int[] {last}, false);
        }
        if (p == 2) {
            return diff.mul(diff).sum(new int[] {last}, false).sqrt();
        }
        if (Double.isInfinite(p)) {
            return diff.abs().amax(new int[] {last}, false);
        }
        return diff.abs().pow(p).sum(new int[] {last}, false).pow(1.0 / p);
    }

    private static String modeName(String mode) {
        return switch (mode) {
            case "use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist", "donot_use_mm_for_euclid_dist" -> mode;
            default -> throw new IllegalArgumentException("cdist: " + mode + " is not a valid value for compute_mode");
        };
    }

    static Tensor cdist(Tensor x1, Tensor x2, double p, String computeMode) {
        Indexing.nonNull("cdist", x1, x2);
        String mode = modeName(computeMode == null ? "use_mm_for_euclid_dist_if_necessary" : computeMode);
        if (x1.dim() < 2) {
            throw new IllegalArgumentException("cdist: cdist only supports at least 2D tensors, X1 got: " + x1.dim() + "D");
        }
        if (x2.dim() < 2) {
            throw new IllegalArgumentException("cdist: cdist only supports at least 2D tensors, X2 got: " + x2.dim() + "D");
        }
        int m = x1.shape[x1.dim() - 1];
        if (m != x2.shape[x2.dim() - 1]) {
            throw new IllegalArgumentException("cdist: X1 and X2 must have the same number of columns. X1: " + m + " X2: "
                    + x2.shape[x2.dim() - 1]);
        }
        if (!x1.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("cdist: cdist only supports floating-point dtypes, X1 got: "
                    + DTypes.typeName(x1.dtype));
        }
        if (!x2.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("cdist: cdist only supports floating-point dtypes, X2 got: "
                    + DTypes.typeName(x2.dtype));
        }
        if (x1.dtype != x2.dtype) {
            throw new IllegalArgumentException("cdist: expected scalar type " + DTypes.typeName(x1.dtype)
                    + " but found " + DTypes.typeName(x2.dtype));
        }
        if (!(p >= 0)) {
            throw new IllegalArgumentException("cdist: cdist only supports non-negative p values");
        }
        Pointwise.checkSameDevice("cdist", x1, x2);
        int r1 = x1.shape[x1.dim() - 2];
        int r2 = x2.shape[x2.dim() - 2];
        int[] b1 = Arrays.copyOf(x1.shape, x1.dim() - 2);
        int[] b2 = Arrays.copyOf(x2.shape, x2.dim() - 2);
        int[] batch = Shapes.broadcast("cdist", b1, b2);
        int[] e1 = concat(batch, r1, m);
        int[] e2 = concat(batch, r2, m);
        Tensor a = x1.expand(e1);
        Tensor b = x2.expand(e2);
        boolean mm = p == 2 && (mode.equals("use_mm_for_euclid_dist")
                || (mode.equals("use_mm_for_euclid_dist_if_necessary") && (r1 > 25 || r2 > 25)));
        if (mm && x1.numel() > 0 && x2.numel() > 0) {
            return euclidean(x1, x2, a, b);
        }
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            if (m == 0) {
                out = Tensor.zeros(concat(batch, r1, r2), x1.dtype).to(x1.device());
            } else {
                out = rowNorms(a.unsqueeze(-2).sub(b.unsqueeze(-3)), p).contiguous();
            }
        }
        if (!Tensor.needsGrad(x1, x2)) {
            return out;
        }
        Tensor res = out;
        return Tensor.record(out, new Indexing.FnNode("CdistBackward0", g -> {
            // ATen: x2's gradient is x1's rule applied to (grad^T, x2, x1, result^T)
            Tensor g1 = x1.requiresGrad() ? distGrad(g.unsqueeze(-1), a.unsqueeze(-2).sub(b.unsqueeze(-3)),
                    res.unsqueeze(-1), p) : null;
            Tensor g2 = x2.requiresGrad() ? distGrad(g.mT().unsqueeze(-1), b.unsqueeze(-2).sub(a.unsqueeze(-3)),
                    res.mT().unsqueeze(-1), p) : null;
            return new Tensor[] {
                g1 == null ? null : PrimitiveReductions.sumTo(g1.sum(new int[] {g1.dim() - 2}, false), x1.shape),
                g2 == null ? null : PrimitiveReductions.sumTo(g2.sum(new int[] {g2.dim() - 2}, false), x2.shape)};
        }, x1, x2));
    }

    private static int[] concat(int[] batch, int r, int c) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = r;
        s[batch.length + 1] = c;
        return s;
    }

    /** ATen's _euclidean_dist: |a|^2 - 2 a.b + |b|^2 by one matmul, clamped at 1e-30 before the sqrt. */
    private static Tensor euclidean(Tensor x1, Tensor x2, Tensor a, Tensor b) {
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor n1 = a.pow(2.0).sum(new int[] {-1}, true);
            Tensor n2 = b.pow(2.0).sum(new int[] {-1}, true);
            Tensor l = Tensor.cat(List.of(a.mul(-2.0), n1, Tensor.onesLike(n1)), -1);
            Tensor r = Tensor.cat(List.of(b, Tensor.onesLike(n2), n2), -1);
            out = l.matmul(r.mT()).clampMin(1e-30).sqrt();
        }
        if (!Tensor.needsGrad(x1, x2)) {
            return out;
        }
        Tensor res = out;
        int[] shape = out.shape;
        return Tensor.record(out, new Indexing.FnNode("EuclideanDistBackward0", g -> {
            Tensor ratio = Tensor.where(res.eq(0.0), 0.0, g.div(res));
            return new Tensor[] {
                x1.requiresGrad() ? PrimitiveReductions.sumTo(
                        a.mul(ratio.sum(new int[] {-1}, true)).sub(ratio.matmul(b)), x1.shape) : null,
                x2.requiresGrad() ? PrimitiveReductions.sumTo(
                        b.mul(ratio.sum(new int[] {-2}, false).unsqueeze(-1)).sub(ratio.mT().matmul(a)), x2.shape)
                        : null};
        }, x1, x2)).view(shape);   // cdist_impl's view of the result: grad_fn ViewBackward0
    }

    static Tensor pdist(Tensor x, double p) {
        Indexing.nonNull("pdist", x);
        if (x.dim() != 2) {
            throw new IllegalArgumentException("pdist: pdist only supports 2D tensors, got: " + x.dim() + "D");
        }
        if (!x.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("pdist: pdist only supports floating-point dtypes");
        }
        if (!(p >= 0)) {
            throw new IllegalArgumentException("pdist: pdist only supports non-negative p values");
        }
        int n = x.shape[0];
        int pairs = n <= 1 ? 0 : n * (n - 1) / 2;
        long[] li = new long[pairs];
        long[] lj = new long[pairs];
        for (int i = 0, k = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++, k++) {
                li[k] = i;
                lj[k] = j;
            }
        }
        Tensor ii = ShapeOps.longs(li, x);
        Tensor jj = ShapeOps.longs(lj, x);
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            if (pairs == 0 || x.shape[1] == 0) {
                out = Tensor.zeros(new int[] {pairs}, x.dtype).to(x.device());
            } else {
                out = rowNorms(x.indexSelect(0, ii).sub(x.indexSelect(0, jj)), p);
            }
        }
        if (!Tensor.needsGrad(x)) {
            return out;
        }
        Tensor res = out;
        return Tensor.record(out, new Indexing.FnNode("PdistBackward0", g -> {
            if (pairs == 0) {
                return new Tensor[] {Tensor.zerosLike(x)};
            }
            Tensor diff = x.indexSelect(0, ii).sub(x.indexSelect(0, jj));
            Tensor gd = distGrad(g.unsqueeze(-1), diff, res.unsqueeze(-1), p);
            return new Tensor[] {Tensor.zerosLike(x).indexAdd(0, ii, gd).indexAdd(0, jj, gd.neg())};
        }, x));
    }

    // ------------------------------------------------------------ renorm

    static Tensor renorm(Tensor x, double p, int dim, double maxnorm) {
        Indexing.nonNull("renorm", x);
        if (!(p > 0)) {
            throw new IllegalArgumentException("renorm: renorm: non-positive-norm not supported");
        }
        if (!(maxnorm >= 0)) {
            throw new IllegalArgumentException("renorm: renorm: expected maxnorm to be >= 0 but got "
                    + num(maxnorm));
        }
        if (x.dim() <= 1) {
            throw new IllegalArgumentException("renorm: renorm: input needs at least 2 dimensions, got " + x.dim()
                    + " dimensions");
        }
        int d = Shapes.dim("renorm", dim, x.dim());
        if (!x.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("renorm: linalg.vector_norm: Expected a floating point or complex tensor "
                    + "as input. Got " + DTypes.typeName(x.dtype));
        }
        int[] reduce = new int[x.dim() - 1];
        for (int i = 0, j = 0; i < x.dim(); i++) {
            if (i != d) {
                reduce[j++] = i;
            }
        }
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor norm = x.norm(p, reduce, true);
            Tensor scaled = Tensor.full(norm.shape, maxnorm, norm.dtype, norm.device()).div(norm.add(1e-7));
            out = x.mul(Tensor.where(norm.gt(maxnorm), scaled, 1.0));
        }
        if (!Tensor.needsGrad(x)) {
            return out;
        }
        return Tensor.record(out, new Indexing.FnNode("RenormBackward0", g -> {
            Tensor norm = x.norm(p, reduce, true);
            Tensor nb = normBackward(x.mul(g).sum(reduce, true), x, p, norm, reduce);
            Tensor invnorm = norm.add(1e-7).reciprocal();
            Tensor factor = invnorm.mul(maxnorm);
            return new Tensor[] {Tensor.where(norm.gt(maxnorm), factor.mul(g.sub(invnorm.mul(nb))), g)};
        }, x));
    }

    /** ATen's norm_backward (keepdim): the p-norm's gradient times {@code g}, 0 where the norm is 0. */
    private static Tensor normBackward(Tensor g, Tensor x, double p, Tensor norm, int[] dims) {
        if (p == 1) {
            return x.sign().mul(g);
        }
        if (p == 2) {
            return x.mul(Tensor.where(norm.eq(0.0), 0.0, g.div(norm)));
        }
        if (Double.isInfinite(p)) {
            Tensor mask = x.abs().eq(norm).logicalOr(x.isnan()).to(x.dtype);
            return x.sign().mul(g.div(mask.sum(dims, true)).mul(mask));
        }
        Tensor scale = Tensor.where(norm.eq(0.0), 0.0, g.div(norm.pow(p - 1)));
        return p < 2 ? x.sign().mul(x.abs().pow(p - 1)).mul(scale) : x.mul(x.abs().pow(p - 2)).mul(scale);
    }

    /** A double as C++'s stream prints it in PyTorch's messages (integral values without a fraction). */
    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    // ------------------------------------------------------------ unique_consecutive

    static Unique uniqueConsecutive(Tensor x, boolean returnInverse, boolean returnCounts, Integer dim) {
        Indexing.nonNull("unique_consecutive", x);
        Tensor rows;
        int d = 0;
        if (dim == null) {
            rows = x.reshape(-1, 1);
        } else {
            if (x.dim() == 0) {
                throw new IndexOutOfBoundsException("unique_consecutive: Dimension out of range (expected to be in range "
                        + "of [-1, 0], but got " + dim + ")");
            }
            d = Shapes.dim("unique_consecutive", dim, x.dim());
            rows = x.movedim(d, 0).contiguous();
            rows = rows.reshape(rows.shape[0], -1);
        }
        int n = rows.shape[0];
        int w = n == 0 ? 0 : rows.numel() / n;
        boolean integral = !x.dtype.isFloatingPoint();
        long[] li = integral ? rows.toLongArray() : null;
        double[] ld = integral ? null : rows.toDoubleArray();
        List<Integer> firsts = new ArrayList<>();
        long[] inverse = new long[n];
        List<Long> counts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean same = i > 0;
            for (int k = 0; same && k < w; k++) {
                same = integral ? li[i * w + k] == li[(i - 1) * w + k] : ld[i * w + k] == ld[(i - 1) * w + k];
            }
            if (!same) {
                firsts.add(i);
                counts.add(0L);
            }
            inverse[i] = firsts.size() - 1;
            counts.set(counts.size() - 1, counts.get(counts.size() - 1) + 1);
        }
        long[] first = firsts.stream().mapToLong(Integer::longValue).toArray();
        Tensor values;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor idx = ShapeOps.longs(first, x);
            values = dim == null ? x.reshape(-1).indexSelect(0, idx) : x.indexSelect(d, idx);
        }
        Tensor inv = null;
        if (returnInverse) {
            inv = ShapeOps.longs(inverse, x);
            if (dim == null) {
                inv = inv.reshape(x.shape);
            }
        }
        Tensor cnt = returnCounts ? ShapeOps.longs(counts.stream().mapToLong(Long::longValue).toArray(), x) : null;
        return new Unique(values, inv, cnt);
    }

    // ------------------------------------------------------------ histogram

    private static void floating(String op, Tensor x) {
        if (!x.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": \"histogramdd\" not implemented for '" + DTypes.typeName(x.dtype)
                    + "'");
        }
    }

    private static void checkWeight(Tensor x, Tensor weight) {
        if (weight != null) {
            if (!Arrays.equals(weight.shape, x.shape)) {
                throw new IllegalArgumentException("histogram: torch.histogramdd: if weight tensor is provided it should "
                        + "have the same shape as the input tensor excluding its innermost dimension, but got input with "
                        + "shape [" + x.numel() + ", 1] and weight with shape " + Shapes.str(weight.shape));
            }
            if (weight.dtype != x.dtype) {
                throw new IllegalArgumentException("histogram: torch.histogramdd: if weight tensor is provided, input "
                        + "tensor and weight tensor should have the same dtype, but got input(" + x.dtype.torchName()
                        + ") and weight(" + weight.dtype.torchName() + ")");
            }
        }
    }

    /** torch.histogram with {@code bins} equal bins over {@code range} (null: the elements' min and max). */
    static Histogram histogram(Tensor x, int bins, double[] range, Tensor weight, boolean density) {
        Indexing.nonNull("histogram", x);
        floating("histogram", x);
        if (bins <= 0) {
            throw new IllegalArgumentException("histogram: torch.histogram(): bins must be > 0, but got " + bins
                    + " for dimension 0");
        }
        checkWeight(x, weight);
        Shapes.checkIndexable("histogram", new int[] {bins, 2});   // the edges' extent (bins + 1) without overflow
        boolean f32 = x.dtype == DType.FLOAT32;
        double[] v = x.toDoubleArray();
        double lo = 0;
        double hi = 1;   // an empty input without a range: ATen's initial edges
        if (range != null) {
            if (range.length != 2) {
                throw new IllegalArgumentException("histogram: expected a range of two values, got " + range.length);
            }
            lo = range[0];
            hi = range[1];
        } else if (v.length > 0) {
            lo = Double.POSITIVE_INFINITY;
            hi = Double.NEGATIVE_INFINITY;
            for (double e : v) {
                if (Double.isNaN(e) || Double.isNaN(lo)) {
                    lo = Double.NaN;
                    hi = Double.NaN;
                } else {
                    lo = Math.min(lo, e);
                    hi = Math.max(hi, e);
                }
            }
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("histogram: torch.histogramdd: dimension 0's range [" + num(lo)
                    + ", " + num(hi) + "] is not finite");
        }
        if (lo > hi) {
            throw new IllegalArgumentException("histogram: torch.histogramdd: min should not exceed max, but got min "
                    + num(lo) + " max " + num(hi) + " for dimension 0");
        }
        if (lo == hi) {
            lo -= 0.5;
            hi += 0.5;
        }
        double[] edges = Creation.linspaceValues(lo, hi, bins + 1, x.dtype);
        return fill(x, v, edges, weight, density, true, f32);
    }

    /** torch.histogram with the bins' edges given (increasing, 1-D, the input's dtype). */
    static Histogram histogram(Tensor x, Tensor bins, Tensor weight, boolean density) {
        Indexing.nonNull("histogram", x, bins);
        floating("histogram", x);
        if (bins.dtype != x.dtype) {
            throw new IllegalArgumentException("histogram: torch.histogramdd: input tensor and bins tensors should have "
                    + "the same dtype, but got input with dtype " + DTypes.typeName(x.dtype).toLowerCase()
                    + " and bins for dimension 0 with dtype " + DTypes.typeName(bins.dtype).toLowerCase());
        }
        if (bins.dim() != 1) {
            throw new IllegalArgumentException("histogram: torch.histogramdd: bins tensor should have one dimension, but "
                    + "got " + bins.dim() + " dimensions in the bins tensor for dimension 0");
        }
        if (bins.numel() == 0) {
            throw new IllegalArgumentException("histogram: torch.histogramdd: bins tensor should have at least 1 element, "
                    + "but got " + bins.numel() + " elements in the bins tensor for dimension 0");
        }
        checkWeight(x, weight);
        return fill(x, x.toDoubleArray(), bins.toDoubleArray(), weight, density, false, x.dtype == DType.FLOAT32);
    }

    /** ATen's histogramdd_cpu_contiguous for one dimension: linear interpolation with a local search, or bisection. */
    private static Histogram fill(Tensor x, double[] v, double[] edges, Tensor weight, boolean density, boolean linear,
            boolean f32) {
        int nb = edges.length;
        int bins = Math.max(nb - 1, 0);
        double[] hist = Allocation.guard("histogram", new int[] {bins}, DType.FLOAT64, null, () -> new double[bins]);
        double[] w = weight == null ? null : weight.toDoubleArray();
        double left = edges[0];
        double right = edges[nb - 1];
        for (int i = 0; i < v.length; i++) {
            double e = v[i];
            if (!(e >= left && e <= right)) {
                continue;
            }
            int pos;
            if (linear) {
                double q = f32 ? (double) ((float) ((float) (e - left) * (float) (nb - 1)) / (float) (right - left))
                        : (e - left) * (nb - 1) / (right - left);
                pos = (int) q;
                int from = Math.max(0, pos - 1);
                int to = Math.min(pos + 2, nb);
                pos = upperBound(edges, from, to, e) - 1;
            } else {
                pos = upperBound(edges, 0, nb, e) - 1;
            }
            if (pos == nb - 1) {
                pos -= 1;
            }
            double add = w == null ? 1 : w[i];
            hist[pos] = f32 ? (float) (hist[pos] + add) : hist[pos] + add;
        }
        DType dt = x.dtype;
        Tensor h = Tensor.of(hist, dt, x.device(), hist.length);
        Tensor be = Tensor.of(edges, dt, x.device(), edges.length);
        if (density) {
            h = h.div(h.sum()).div(be.diff());
        }
        return new Histogram(h, be);
    }

    private static int upperBound(double[] a, int from, int to, double key) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}

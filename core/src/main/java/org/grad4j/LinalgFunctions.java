package org.grad4j;

import static org.grad4j.Linalg.batchShape;
import static org.grad4j.Linalg.checkMatrix;
import static org.grad4j.Linalg.checkSquare;
import static org.grad4j.Linalg.cols;
import static org.grad4j.Linalg.concat;
import static org.grad4j.Linalg.graph;
import static org.grad4j.Linalg.make;
import static org.grad4j.Linalg.mT;
import static org.grad4j.Linalg.nonNull;
import static org.grad4j.Linalg.rows;
import static org.grad4j.Linalg.scalarName;

import java.util.Arrays;
import java.util.List;

import org.grad4j.autograd.GradMode;

/**
 * matrix_exp, householder_product, geqrf, tensorinv, tensorsolve and cond of {@link Linalg}, as PyTorch 1.13
 * computes them (matrix_exp: its degree selection of Taylor polynomials by the 1-norm, then scaling and squaring; cond:
 * its compositions and their grad_fn names).
 */
final class LinalgFunctions {
    private LinalgFunctions() {
    }

    // ------------------------------------------------------------------ matrix_exp

    /** ATen's bounds on the 1-norm for the Taylor degrees 1, 2, 4, 8, 12 and 18 (float, then double). */
    private static final double[] THETA_FLOAT = {1.192092800768788e-07, 5.978858893805233e-04, 5.116619363445086e-02,
        5.800524627688768e-01, 1.461661507209034e+00, 3.010066362817634e+00};
    private static final double[] THETA_DOUBLE = {2.220446049250313e-16, 2.580956802971767e-08, 3.397168839976962e-04,
        4.991228871115323e-02, 2.996158913811580e-01, 1.090863719290036e+00};
    private static final int[] DEGREES = {1, 2, 4, 8, 12, 18};

    static Tensor matrixExp(Tensor a) {
        String op = "linalg.matrix_exp";
        nonNull(op, a, "A");
        checkMatrix(op, a, "A");
        checkSquare(op, a);
        if (!a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("matrix_exp: Expected a floating point or complex tensor as input. Got "
                    + scalarName(a.dtype()));
        }
        Tensor e = make(expHost(a.toDoubleArray(), cols(a), a.dtype() == DType.FLOAT32), a, a.shape.clone());
        int n = cols(a);
        return LinalgNodes.single("LinalgMatrixExpBackward0", e, (g, s) -> {
            // PyTorch's backward of an analytic matrix function: the upper-right block of f([[A^T, G], [0, A^T]])
            Tensor at = mT(s[0]);
            Tensor top = Tensor.cat(List.of(at, g[0]), -1);
            Tensor bottom = Tensor.cat(List.of(Tensor.zerosLike(at), at), -1);
            Tensor meta = Tensor.cat(List.of(top, bottom), -2);
            Tensor big = graph() ? matrixExp(meta)
                    : make(expHost(meta.toDoubleArray(), 2 * n, s[0].dtype() == DType.FLOAT32), s[0], meta.shape());
            return new Tensor[] {big.narrow(-2, 0, n).narrow(-1, n, n)};
        }, new Tensor[] {a}, a);
    }

    /** exp of each n x n matrix of {@code h} (in double, ATen's degree choice for the dtype). */
    static double[] expHost(double[] h, int n, boolean single) {
        double[] out = new double[h.length];
        int count = n == 0 ? 0 : h.length / (n * n);
        double[] theta = single ? THETA_FLOAT : THETA_DOUBLE;
        for (int b = 0; b < count; b++) {
            double[] m = Arrays.copyOfRange(h, b * n * n, (b + 1) * n * n);
            double norm = 0.0;
            for (int j = 0; j < n; j++) {
                double c = 0.0;
                for (int i = 0; i < n; i++) {
                    c += Math.abs(m[i * n + j]);
                }
                norm = Math.max(norm, c);
            }
            int degree = 18;
            int squarings = 0;
            for (int i = 0; i < DEGREES.length - 1; i++) {
                if (norm <= theta[i]) {
                    degree = DEGREES[i];
                    break;
                }
            }
            if (degree == 18 && norm > theta[5]) {
                squarings = (int) Math.max(0, Math.ceil(Math.log(norm / theta[5]) / Math.log(2.0)));
                double scale = Math.scalb(1.0, -squarings);
                for (int i = 0; i < m.length; i++) {
                    m[i] *= scale;
                }
            }
            double[] r = taylor(m, n, degree);
            for (int s = 0; s < squarings; s++) {
                r = LinalgKernels.matmul(r, r, n, n, n);
            }
            System.arraycopy(r, 0, out, b * n * n, n * n);
        }
        return out;
    }

    /** The Taylor polynomial of exp of the given degree at {@code m}, by Horner's rule. */
    private static double[] taylor(double[] m, int n, int degree) {
        double[] r = Linalg.identity(n);
        for (int k = degree; k >= 1; k--) {
            // r = I + m r / k
            double[] p = LinalgKernels.matmul(m, r, n, n, n);
            for (int i = 0; i < p.length; i++) {
                p[i] /= k;
            }
            for (int i = 0; i < n; i++) {
                p[i * n + i] += 1.0;
            }
            r = p;
        }
        return r;
    }

    // ------------------------------------------------------------------ householder_product, geqrf

    static Tensor householderProduct(Tensor a, Tensor tau) {
        String op = "torch.linalg.householder_product";
        nonNull(op, a, "input");
        nonNull(op, tau, "tau");
        if (a.dim() < 2) {
            throw new IllegalArgumentException(op + ": input must have at least 2 dimensions.");
        }
        int m = rows(a);
        int n = cols(a);
        if (m < n) {
            throw new IllegalArgumentException(op + ": input.shape[-2] must be greater than or equal to input.shape[-1]");
        }
        int k = tau.dim() == 0 ? 1 : tau.shape[tau.dim() - 1];
        if (n < k) {
            throw new IllegalArgumentException(op + ": input.shape[-1] must be greater than or equal to tau.shape[-1]");
        }
        if (a.dim() - tau.dim() != 1) {
            throw new IllegalArgumentException(op + ": Expected tau to have one dimension less than input, but got tau.ndim "
                    + "equal to " + tau.dim() + " and input.ndim is equal to " + a.dim());
        }
        int[] batch = batchShape(a);
        int[] tauBatch = Arrays.copyOf(tau.shape, tau.dim() - 1);
        if (a.dim() > 2 && !Arrays.equals(batch, tauBatch)) {
            throw new IllegalArgumentException(op + ": Expected batch dimensions of tau to be equal to input.shape[:-2], "
                    + "but got " + Arrays.toString(tauBatch));
        }
        if (tau.dtype() != a.dtype()) {
            throw new IllegalArgumentException(op + ": tau dtype " + scalarName(tau.dtype()) + " does not match input dtype "
                    + scalarName(a.dtype()));
        }
        if (!a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"orgqr_cpu\" not implemented for '" + scalarName(a.dtype()) + "'");
        }
        int count = Shapes.numel(batch);
        double[] ha = a.toDoubleArray();
        double[] ht = tau.toDoubleArray();
        double[] out = new double[count * m * n];
        for (int b = 0; b < count; b++) {
            double[][] qs = householderChain(ha, ht, b, m, n, k);
            System.arraycopy(qs[0], 0, out, b * m * n, m * n);
        }
        Tensor q = make(out, a, a.shape.clone());
        return LinalgNodes.single("LinalgHouseholderProductBackward0", q, (g, s) -> householderBackward(g[0], s[0], s[1]),
                new Tensor[] {a, tau}, a, tau);
    }

    /**
     * The chain {@code Q_j = H_j Q_{j+1}}, {@code Q_k} the first n columns of the identity, for matrix b:
     * {@code qs[j]} (m x n), {@code qs[0]} the product.
     */
    private static double[][] householderChain(double[] ha, double[] ht, int b, int m, int n, int k) {
        double[][] qs = new double[k + 1][];
        double[] q = new double[m * n];
        for (int i = 0; i < n; i++) {
            q[i * n + i] = 1.0;
        }
        qs[k] = q;
        for (int j = k - 1; j >= 0; j--) {
            q = q.clone();
            double t = ht[b * k + j];
            for (int c = 0; c < n; c++) {
                double w = q[j * n + c];
                for (int i = j + 1; i < m; i++) {
                    w += ha[b * m * n + i * n + j] * q[i * n + c];
                }
                w *= t;
                q[j * n + c] -= w;
                for (int i = j + 1; i < m; i++) {
                    q[i * n + c] -= w * ha[b * m * n + i * n + j];
                }
            }
            qs[j] = q;
        }
        return qs;
    }

    /**
     * The gradients of householder_product through its chain, on the host: with {@code w = v^T Q_{j+1}},
     * {@code g tau_j = -v^T G_j w^T}, {@code g v = -tau_j (G_j w^T + Q_{j+1} G_j^T v)} (below the diagonal), and
     * {@code G_{j+1} = H_j^T G_j}.
     */
    private static Tensor[] householderBackward(Tensor grad, Tensor a, Tensor tau) {
        int m = rows(a);
        int n = cols(a);
        int k = tau.shape[tau.dim() - 1];
        int count = Shapes.numel(batchShape(a));
        double[] ha = a.toDoubleArray();
        double[] ht = tau.toDoubleArray();
        double[] hg = grad.toDoubleArray();
        double[] ga = new double[ha.length];
        double[] gt = new double[ht.length];
        double[] v = new double[m];
        double[] w = new double[n];
        double[] gw = new double[m];
        double[] gtv = new double[n];
        for (int b = 0; b < count; b++) {
            double[][] qs = householderChain(ha, ht, b, m, n, k);
            double[] gj = Arrays.copyOfRange(hg, b * m * n, (b + 1) * m * n);
            for (int j = 0; j < k; j++) {
                double t = ht[b * k + j];
                double[] qn = qs[j + 1];
                Arrays.fill(v, 0.0);
                v[j] = 1.0;
                for (int i = j + 1; i < m; i++) {
                    v[i] = ha[b * m * n + i * n + j];
                }
                Arrays.fill(w, 0.0);
                Arrays.fill(gtv, 0.0);
                Arrays.fill(gw, 0.0);
                for (int i = j; i < m; i++) {
                    for (int c = 0; c < n; c++) {
                        w[c] += v[i] * qn[i * n + c];
                        gtv[c] += v[i] * gj[i * n + c];
                    }
                }
                double dtau = 0.0;
                for (int i = 0; i < m; i++) {
                    double gwi = 0.0;
                    double qg = 0.0;
                    for (int c = 0; c < n; c++) {
                        gwi += gj[i * n + c] * w[c];
                        qg += qn[i * n + c] * gtv[c];
                    }
                    dtau -= v[i] * gwi;
                    gw[i] = -t * (gwi + qg);
                }
                gt[b * k + j] = dtau;
                for (int i = j + 1; i < m; i++) {
                    ga[b * m * n + i * n + j] = gw[i];
                }
                for (int i = j; i < m; i++) {   // G_{j+1} = G_j - tau v (v^T G_j)
                    for (int c = 0; c < n; c++) {
                        gj[i * n + c] -= t * v[i] * gtv[c];
                    }
                }
            }
        }
        return new Tensor[] {make(ga, a, a.shape()), make(gt, tau, tau.shape())};
    }

    /** torch.geqrf: LAPACK's compact QR (R above the diagonal, reflectors below) and the reflectors' scales. */
    static Linalg.Geqrf geqrf(Tensor a) {
        String op = "torch.geqrf";
        nonNull(op, a, "input");
        if (a.dim() < 2) {
            throw new IllegalArgumentException(op + ": input must have at least 2 dimensions.");
        }
        if (!a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"geqrf_cpu\" not implemented for '" + scalarName(a.dtype()) + "'");
        }
        int m = rows(a);
        int n = cols(a);
        int k = Math.min(m, n);
        int[] batch = batchShape(a);
        int count = Shapes.numel(batch);
        double[] h = a.toDoubleArray();
        double[] taus = new double[count * k];
        double[] tau = new double[k];
        double[] w = new double[m * n];
        for (int b = 0; b < count; b++) {
            System.arraycopy(h, b * m * n, w, 0, m * n);
            LinalgKernels.qr(w, m, n, tau);
            System.arraycopy(w, 0, h, b * m * n, m * n);
            System.arraycopy(tau, 0, taus, b * k, k);
        }
        Tensor qr = make(h, a, a.shape.clone());
        Tensor t = make(taus, a, concat(batch, k));
        LinalgNodes.multi("GeqrfBackward0", new Tensor[] {qr, t}, new boolean[] {true, true}, (g, s) -> {
            throw new UnsupportedOperationException("the derivative for 'geqrf' is not implemented.");
        }, new Tensor[] {a});
        return new Linalg.Geqrf(qr, t);
    }

    // ------------------------------------------------------------------ tensorinv, tensorsolve

    static Tensor tensorinv(Tensor a, int ind) {
        nonNull("linalg.tensorinv", a, "A");
        if (ind <= 0) {
            throw new IllegalArgumentException("Expected a strictly positive integer for 'ind', but got " + ind);
        }
        int[] shape = a.shape();
        int split = Math.min(ind, shape.length);
        long front = 1;
        long back = 1;
        for (int i = 0; i < shape.length; i++) {
            if (i < split) {
                front *= shape[i];
            } else {
                back *= shape[i];
            }
        }
        if (front != back) {
            throw new IllegalArgumentException("Expected self to satisfy the requirement prod(self.shape[ind:]) == "
                    + "prod(self.shape[:ind]), but got " + back + " != " + front);
        }
        int[] result = new int[shape.length];
        System.arraycopy(shape, split, result, 0, shape.length - split);
        System.arraycopy(shape, 0, result, shape.length - split, split);
        Linalg.checkFloat("linalg.inv", a);
        Tensor x = Linalg.inv("inv", a.reshape((int) front, (int) front));   // 1.13 names a singular one "inv"
        return x.reshape(result);
    }

    static Tensor tensorsolve(Tensor a, Tensor b, int[] dims) {
        nonNull("linalg.tensorsolve", a, "A");
        nonNull("linalg.tensorsolve", b, "B");
        Tensor self = a;
        int nd = a.dim();
        if (dims != null) {
            int[] dest = new int[dims.length];
            for (int i = 0; i < dims.length; i++) {
                dest[i] = nd - dims.length + i;
            }
            self = a.movedim(dims, dest);
        }
        int[] shape = self.shape();
        int from = Math.min(b.dim(), nd);
        int[] result = Arrays.copyOfRange(shape, from, nd);
        long rp = 1;
        for (int s : result) {
            rp *= s;
        }
        long op = 1;
        for (int s : b.shape()) {
            op *= s;
        }
        if (rp != op) {
            throw new IllegalArgumentException("Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == "
                    + "prod(self.shape[:other.ndim]), but got " + rp + " != " + op);
        }
        Tensor x = Linalg.solve(self.reshape((int) rp, (int) rp), b.flatten());
        return x.reshape(result);
    }

    // ------------------------------------------------------------------ cond

    /** linalg.cond with a numeric order (null: 2). */
    static Tensor cond(Tensor a, Double p) {
        nonNull("linalg.cond", a, "A");
        if (a.dim() < 2) {
            throw new IllegalArgumentException("linalg.cond: The input tensor must have at least 2 dimensions.");
        }
        double ord = p == null ? 2.0 : p;
        double abs = Math.abs(ord);
        if (abs != 2.0 && abs != 1.0 && abs != Double.POSITIVE_INFINITY) {
            String shown = ord == Math.rint(ord) ? Long.toString((long) ord) : Double.toString(ord);
            throw new IllegalArgumentException("linalg.cond got an invalid norm type: " + (Double.isNaN(ord) ? "nan" : shown));
        }
        if (abs == 2.0) {
            if (a.numel() == 0) {
                Linalg.checkFloat("linalg.svd", a);
                return emptyCond(a);
            }
            Tensor s = Linalg.svdvals(a);
            Tensor max = s.narrow(-1, 0, 1);
            Tensor min = s.narrow(-1, s.shape[s.dim() - 1] - 1, 1);
            return (ord < 0 ? min.div(max) : max.div(min)).squeeze(-1);
        }
        String name = Double.isInfinite(ord) ? (ord > 0 ? "inf" : "-inf") : String.format("%.6f", ord);
        checkSquare("linalg.cond(ord=" + name + ")", a);
        return condHelper(a, p, null);
    }

    /** linalg.cond with 'fro' or 'nuc'. */
    static Tensor cond(Tensor a, String p) {
        nonNull("linalg.cond", a, "A");
        if (a.dim() < 2) {
            throw new IllegalArgumentException("linalg.cond: The input tensor must have at least 2 dimensions.");
        }
        if (!"fro".equals(p) && !"nuc".equals(p)) {
            throw new IllegalArgumentException("linalg.cond got an invalid norm type: " + p);
        }
        checkSquare("linalg.cond(ord=" + p + ")", a);
        if ("nuc".equals(p)) {
            if (a.numel() == 0) {
                Linalg.checkFloat("linalg.svd", a);
                return emptyCond(a);
            }
            Tensor s = Linalg.svdvals(a);
            return s.sum(new int[] {-1}, false).mul(s.reciprocal().sum(new int[] {-1}, false));
        }
        return condHelper(a, null, p);
    }

    private static Tensor emptyCond(Tensor a) {
        return Tensor.full(batchShape(a), 0.0, a.dtype(), a.device());
    }

    /**
     * {@code norm(A) * norm(A^-1)} with A^-1 infinite where A is singular, NaN products made infinite (PyTorch's
     * {@code _linalg_cond_helper}). 1.13 fills the inverse in place after saving it, so its backward always fails;
     * grad4j records the same failure.
     */
    private static Tensor condHelper(Tensor a, Double p, String named) {
        Linalg.checkFloat("linalg.inv", a);
        if (a.numel() == 0) {
            return emptyCond(a);
        }
        Tensor result;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Linalg.InvEx r = LinalgSolvers.invEx(a, false);
            Tensor singular = r.info().gt(0.0).unsqueeze(-1).unsqueeze(-1);
            Tensor inverse = Tensor.where(singular, Double.POSITIVE_INFINITY, r.inverse());
            Tensor na = named != null ? Linalg.matrixNorm(a, named) : Linalg.matrixNorm(a, p);
            Tensor ni = named != null ? Linalg.matrixNorm(inverse, named) : Linalg.matrixNorm(inverse, p);
            result = na.mul(ni).nanToNum(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        }
        String type = (a.dtype() == DType.FLOAT32 ? "torch.FloatTensor" : "torch.DoubleTensor") + " "
                + Arrays.toString(a.shape());
        return LinalgNodes.single("NanToNumBackward0", result, (g, s) -> {
            throw new IllegalStateException("one of the variables needed for gradient computation has been modified by "
                    + "an inplace operation: [" + type + "], which is output 0 of LinalgInvExBackward0, is at version 1; "
                    + "expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to "
                    + "compute its gradient, with torch.autograd.set_detect_anomaly(True).");
        }, new Tensor[] {a});
    }
}

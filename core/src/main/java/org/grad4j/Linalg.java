package org.grad4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.grad4j.autograd.GradMode;

/**
 * PyTorch 1.13's {@code torch.linalg}: determinants, inverses and solves, the Cholesky, QR, symmetric eigen and
 * singular value decompositions, matrix and vector norms, pseudo-inverse, rank, least squares, matrix powers and
 * chained products; the LU family (lu_factor, lu, lu_solve, lu_unpack), triangular and Cholesky solves, the
 * {@code _ex} variants, matrix_exp, householder_product, geqrf, tensorinv, tensorsolve and cond; for float32 and
 * float64 matrices with any leading batch dimensions.
 *
 * <p>The factorisations run on the host in double precision ({@code LinalgKernels}: LU with partial pivoting,
 * Householder QR with LAPACK's signs, tridiagonal QR for eigh, one-sided Jacobi for the SVD), are rounded to the
 * input's dtype and placed on its device; everything else is composed of tensor ops. Results agree with PyTorch's
 * LAPACK to rounding, not bit for bit; eigenvectors and singular vectors are unique only up to sign, as in LAPACK. Gradients follow PyTorch's
 * formulas and carry its grad_fn names ({@code LinalgDetBackward0}, {@code LinalgSvdBackward0}, ...). Errors are
 * PyTorch's messages, as {@link IllegalArgumentException}s (a singular or not positive-definite input included).
 */
public final class Linalg {
    private Linalg() {
    }

    /** {@code torch.linalg.slogdet}'s result: the determinant's sign and the log of its absolute value. */
    public record Slogdet(Tensor sign, Tensor logabsdet) {
    }

    /** {@code torch.linalg.qr}'s result (PyTorch's Q and R; Q is empty for mode 'r'). */
    public record Qr(Tensor q, Tensor r) {
    }

    /** {@code torch.linalg.eigh}'s result: ascending eigenvalues and the eigenvectors as columns. */
    public record Eigh(Tensor eigenvalues, Tensor eigenvectors) {
    }

    /** {@code torch.linalg.svd}'s result (PyTorch's U, S, Vh): {@code A = U diag(S) Vh}, S descending. */
    public record Svd(Tensor u, Tensor s, Tensor vh) {
    }

    /** {@code torch.linalg.lstsq}'s result; residuals and singular values are empty unless the driver gives them. */
    public record Lstsq(Tensor solution, Tensor residuals, Tensor rank, Tensor singularValues) {
    }

    /** {@code torch.linalg.lu_factor}'s result: L and U packed in one matrix, and LAPACK's 1-based pivots (int32). */
    public record LuFactor(Tensor lu, Tensor pivots) {
    }

    /** {@code torch.linalg.lu_factor_ex}'s result: {@link LuFactor}'s and LAPACK's info per matrix (int32). */
    public record LuFactorEx(Tensor lu, Tensor pivots, Tensor info) {
    }

    /** {@code torch.linalg.lu}'s (and {@code torch.lu_unpack}'s) result: {@code A = P L U}. */
    public record Lu(Tensor p, Tensor l, Tensor u) {
    }

    /** {@code torch.triangular_solve}'s result: the solution and a copy of the (broadcast) coefficient matrix. */
    public record TriangularSolve(Tensor solution, Tensor clonedCoefficient) {
    }

    /** {@code torch.linalg.cholesky_ex}'s result: the factor and LAPACK's info per matrix (int32). */
    public record CholeskyEx(Tensor l, Tensor info) {
    }

    /** {@code torch.linalg.inv_ex}'s result: the inverse and LAPACK's info per matrix (int32). */
    public record InvEx(Tensor inverse, Tensor info) {
    }

    /** {@code torch.linalg.solve_ex}'s result: the solution and LAPACK's info per matrix of A (int32). */
    public record SolveEx(Tensor result, Tensor info) {
    }

    /** {@code torch.geqrf}'s result: LAPACK's compact QR and the reflectors' scales. */
    public record Geqrf(Tensor a, Tensor tau) {
    }

    // ------------------------------------------------------------------ checks and host transfer

    /** PyTorch's ScalarType name ({@code Long}, {@code Float}, ...), as its messages spell it. */
    static String scalarName(DType d) {
        return switch (d) {
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            case INT64 -> "Long";
            case INT32 -> "Int";
            case BOOL -> "Bool";
            case UINT8 -> "Byte";
        };
    }

    static void nonNull(String op, Tensor t, String name) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": expected a tensor for " + name + ", got null");
        }
    }

    static void checkFloat(String op, Tensor a) {
        if (!a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": Expected a floating point or complex tensor as input. Got "
                    + scalarName(a.dtype()));
        }
    }

    static void checkMatrix(String op, Tensor a, String name) {
        if (a.dim() < 2) {
            throw new IllegalArgumentException(op + ": The input tensor " + name + " must have at least 2 dimensions.");
        }
    }

    static void checkSquare(String op, Tensor a) {
        checkMatrix(op, a, "A");
        int m = a.shape[a.dim() - 2];
        int n = a.shape[a.dim() - 1];
        if (m != n) {
            throw new IllegalArgumentException(op + ": A must be batches of square matrices, but they are " + m + " by " + n
                    + " matrices");
        }
    }

    /** A float matrix (batch) for {@code op}: not null, floating, at least 2-D. */
    static void floatMatrix(String op, Tensor a) {
        nonNull(op, a, "A");
        checkMatrix(op, a, "A");
        checkFloat(op, a);
    }

    /** A float square matrix (batch) for {@code op}. */
    static void floatSquare(String op, Tensor a) {
        floatMatrix(op, a);
        checkSquare(op, a);
    }

    /** PyTorch's prefix for a failure in one matrix of a batch. */
    static String batchPrefix(Tensor a, int b) {
        return a.dim() > 2 ? "(Batch element " + b + "): " : "";
    }

    static int[] batchShape(Tensor a) {
        return Arrays.copyOf(a.shape, a.dim() - 2);
    }

    static int[] concat(int[] batch, int... tail) {
        int[] s = Arrays.copyOf(batch, batch.length + tail.length);
        System.arraycopy(tail, 0, s, batch.length, tail.length);
        return s;
    }

    static int rows(Tensor a) {
        return a.shape[a.dim() - 2];
    }

    static int cols(Tensor a) {
        return a.shape[a.dim() - 1];
    }

    /** A new tensor of {@code like}'s dtype and device from host values (rounded to the dtype). */
    static Tensor make(double[] data, Tensor like, int... shape) {
        return Tensor.of(data, like.dtype(), like.device(), shape);
    }

    static Tensor mT(Tensor x) {
        return x.transpose(-2, -1);
    }

    /** {@code d[..., None, None]}. */
    static Tensor asMatrix(Tensor d) {
        return d.unsqueeze(-1).unsqueeze(-1);
    }

    /**
     * Whether a backward rule runs in a pass that records the gradients' graph (create_graph): the rules then
     * recompute the op's results from its inputs with recorded ops (so second derivatives see them) instead of
     * using the detached saved results and host-only helpers.
     */
    static boolean graph() {
        return GradMode.isEnabled();
    }

    /** The machine epsilon of a floating dtype (PyTorch's default tolerances scale with it). */
    static double eps(DType d) {
        return d == DType.FLOAT32 ? 0x1p-23 : 0x1p-52;
    }

    // ------------------------------------------------------------------ det, slogdet, logdet

    /**
     * {@code torch.linalg.det(A)}: the determinant of each square matrix.
     *
     * @param a a float tensor of shape {@code [..., n, n]}
     * @return a tensor of the batch shape
     */
    public static Tensor det(Tensor a) {
        floatSquare("linalg.det", a);
        int n = cols(a);
        double[] h = a.toDoubleArray();
        int count = Shapes.numel(batchShape(a));
        double[] out = new double[count];
        int[] piv = new int[n];
        for (int b = 0; b < count; b++) {
            double[] m = Arrays.copyOfRange(h, b * n * n, (b + 1) * n * n);
            LinalgKernels.lu(m, n, piv);
            out[b] = LinalgKernels.luDet(m, n, piv);
        }
        Tensor d = make(out, a, batchShape(a));
        return LinalgNodes.single("LinalgDetBackward0", d, (g, s) -> new Tensor[] {asMatrix(g[0]).mul(graph()
                ? asMatrix(det(s[0])).mul(mT(inv(s[0]))) : cofactors(s[0]))}, new Tensor[] {a}, a);
    }

    /**
     * The cofactor matrices {@code det(A) A^-T}, continuous through singular matrices: from LU where A is invertible,
     * else from the SVD ({@code det(U) det(Vh) U diag(prod_{j != i} s_j) Vh}).
     */
    static Tensor cofactors(Tensor a) {
        int n = cols(a);
        double[] h = a.toDoubleArray();
        int count = Shapes.numel(batchShape(a));
        double[] out = new double[h.length];
        int[] piv = new int[n];
        for (int b = 0; b < count; b++) {
            double[] m = Arrays.copyOfRange(h, b * n * n, (b + 1) * n * n);
            double[] lu = m.clone();
            int at = b * n * n;
            if (LinalgKernels.lu(lu, n, piv) == 0) {
                double det = LinalgKernels.luDet(lu, n, piv);
                double[] inv = identity(n);
                LinalgKernels.luSolve(lu, n, piv, inv, n);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        out[at + i * n + j] = det * inv[j * n + i];
                    }
                }
                continue;
            }
            double[] u = new double[n * n];
            double[] s = new double[n];
            double[] vt = new double[n * n];
            LinalgKernels.svd(m, n, n, false, u, s, vt);
            double sign = detOf(u, n) * detOf(vt, n);
            for (int k = 0; k < n; k++) {
                double p = sign;
                for (int j = 0; j < n; j++) {
                    p *= j == k ? 1.0 : s[j];
                }
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        out[at + i * n + j] += u[i * n + k] * p * vt[k * n + j];
                    }
                }
            }
        }
        return make(out, a, a.shape);
    }

    private static double detOf(double[] m, int n) {
        double[] lu = m.clone();
        int[] piv = new int[n];
        LinalgKernels.lu(lu, n, piv);
        return LinalgKernels.luDet(lu, n, piv);
    }

    static double[] identity(int n) {
        double[] e = new double[n * n];
        for (int i = 0; i < n; i++) {
            e[i * n + i] = 1.0;
        }
        return e;
    }

    /**
     * {@code torch.linalg.slogdet(A)}: the sign of the determinant (0 for a singular matrix) and the natural log of
     * its absolute value (-inf for a singular matrix), both of the batch shape.
     *
     * @param a a float tensor of shape {@code [..., n, n]}
     * @return sign and logabsdet
     */
    public static Slogdet slogdet(Tensor a) {
        return slogdet("linalg.slogdet", a);
    }

    private static Slogdet slogdet(String op, Tensor a) {
        floatSquare(op, a);
        int n = cols(a);
        double[] h = a.toDoubleArray();
        int count = Shapes.numel(batchShape(a));
        double[] sign = new double[count];
        double[] logabs = new double[count];
        int[] piv = new int[n];
        for (int b = 0; b < count; b++) {
            double[] m = Arrays.copyOfRange(h, b * n * n, (b + 1) * n * n);
            LinalgKernels.lu(m, n, piv);
            double sg = 1.0;
            double la = 0.0;
            for (int i = 0; i < n; i++) {
                double d = m[i * n + i];
                sg *= Math.signum(d) * (piv[i] != i ? -1.0 : 1.0);
                la += Math.log(Math.abs(d));
            }
            sign[b] = sg;
            logabs[b] = la;
        }
        Tensor s = make(sign, a, batchShape(a));
        Tensor l = make(logabs, a, batchShape(a));
        // d logabsdet = tr(A^-1 dA): the gradient g A^-T; the sign is piecewise constant
        LinalgNodes.multi("LinalgSlogdetBackward0", new Tensor[] {s, l}, new boolean[] {true, true},
                (g, sv) -> new Tensor[] {asMatrix(g[1]).mul(mT(inv(sv[0])))}, new Tensor[] {a}, a);
        return new Slogdet(s, l);
    }

    /**
     * {@code torch.logdet(A)}: the log of the determinant; NaN where it is negative, -inf where it is zero.
     *
     * @param a a float tensor of shape {@code [..., n, n]}
     * @return a tensor of the batch shape
     */
    public static Tensor logdet(Tensor a) {
        nonNull("logdet", a, "A");
        checkMatrix("logdet", a, "A");
        checkFloat("logdet", a);
        Slogdet r = slogdet("logdet", a);
        Tensor negative;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            negative = r.sign().eq(-1.0);
        }
        return Tensor.where(negative, Double.NaN, r.logabsdet());
    }

    // ------------------------------------------------------------------ inv, solve

    /**
     * {@code torch.linalg.inv(A)} (and {@code Tensor.inverse}): the inverse of each square matrix.
     *
     * @param a a float tensor of shape {@code [..., n, n]}
     * @return a tensor of {@code a}'s shape
     * @throws IllegalArgumentException for a singular matrix, with PyTorch's message
     */
    public static Tensor inv(Tensor a) {
        return inv("linalg.inv", a);
    }

    /** The inverse with its node, PyTorch's messages under {@code op}. */
    static Tensor inv(String op, Tensor a) {
        return invNode(inverse(op, a), a);
    }

    /** Records the inverse {@code x} of {@code a} with PyTorch's node ({@code -X^T g X^T}). */
    static Tensor invNode(Tensor x, Tensor a) {
        return LinalgNodes.single("LinalgInvExBackward0", x, (g, s) -> {
            Tensor xt = mT(graph() ? inv(s[1]) : s[0]);
            return new Tensor[] {xt.matmul(g[0]).matmul(xt).neg()};
        }, new Tensor[] {a}, x.detach(), a);
    }

    /** The inverse without a node (host LU), with PyTorch's checks and messages under {@code op}. */
    static Tensor inverse(String op, Tensor a) {
        floatSquare(op, a);
        int n = cols(a);
        double[] h = a.toDoubleArray();
        int count = Shapes.numel(batchShape(a));
        double[] out = new double[h.length];
        int[] piv = new int[n];
        for (int b = 0; b < count; b++) {
            double[] m = Arrays.copyOfRange(h, b * n * n, (b + 1) * n * n);
            int info = LinalgKernels.lu(m, n, piv);
            if (info > 0) {
                throw new IllegalArgumentException(op + ": " + batchPrefix(a, b) + "The diagonal element " + info
                        + " is zero, the inversion could not be completed because the input matrix is singular.");
            }
            double[] e = identity(n);
            LinalgKernels.luSolve(m, n, piv, e, n);
            System.arraycopy(e, 0, out, b * n * n, n * n);
        }
        return make(out, a, a.shape);
    }

    /** PyTorch's rule for a vector right-hand side of solve: B 1-D, or one dimension less than A with A's batch. */
    private static boolean vectorRhs(Tensor a, Tensor b) {
        return b.dim() == 1 || (a.dim() - 1 == b.dim() && Arrays.equals(b.shape, Arrays.copyOf(a.shape, a.dim() - 1)));
    }

    /**
     * {@code torch.linalg.solve(A, B)}: X with {@code A X = B}, B a vector or a matrix (batch dimensions broadcast).
     *
     * @param a a float tensor of shape {@code [..., n, n]}
     * @param b a tensor of {@code a}'s dtype, shape {@code [..., n, k]}, or {@code [n]} / {@code [..., n]} for vectors
     * @return X, of B's shape with the batch dimensions broadcast
     * @throws IllegalArgumentException for a singular matrix, with PyTorch's message
     */
    public static Tensor solve(Tensor a, Tensor b) {
        return solve(a, b, true, "linalg.solve", true);
    }

    /**
     * {@code torch.linalg.solve(A, B, left=left)}: with {@code left} false, X with {@code X A = B}.
     *
     * @param a a float tensor of shape {@code [..., n, n]}
     * @param b a tensor of {@code a}'s dtype, {@code [..., k, n]} when not left
     * @param left whether A is on the left of X
     * @return X
     * @throws IllegalArgumentException for a singular matrix, with PyTorch's message
     */
    public static Tensor solve(Tensor a, Tensor b, boolean left) {
        return solve(a, b, left, "linalg.solve", true);
    }

    /** solve under {@code op}'s name; {@code check}: refuse singular matrices (solve_ex passes false). */
    static Tensor solve(Tensor a, Tensor b, boolean left, String op, boolean check) {
        nonNull(op, a, "A");
        nonNull(op, b, "B");
        checkFloat(op, a);
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": Expected A and B to have the same dtype, but found A of type "
                    + scalarName(a.dtype()) + " and B of type " + scalarName(b.dtype()) + " instead");
        }
        checkSquare(op, a);
        boolean vector = vectorRhs(a, b);
        if (!vector) {
            checkMatrix(op, b, "B");
        }
        int n = cols(a);
        Tensor bm = vector ? b.unsqueeze(-1) : b;
        if (left ? rows(bm) != n : cols(bm) != n) {
            throw new IllegalArgumentException(op + ": Incompatible shapes of A and B for the equation "
                    + (left ? "AX = B" : "XA = B") + " (" + n + "x" + n + " and " + rows(bm) + "x" + cols(bm) + ")");
        }
        // X A = B  <=>  A^T X^T = B^T
        Tensor x = left ? solveNoGrad(a, bm, check) : mT(solveNoGrad(mT(a), mT(bm), check)).contiguous();
        Tensor out = vector ? x.squeeze(-1) : x;
        Tensor xSaved = x.detach();
        int[] aShape = a.shape.clone();
        int[] bShape = b.shape.clone();
        return LinalgNodes.single("LinalgSolveExBackward0", out, (g, s) -> {
            Tensor gm = vector ? g[0].unsqueeze(-1) : g[0];
            Tensor xm = xSaved;
            if (graph()) {
                Tensor again = solve(s[0], s[1], left, op, check);
                xm = vector ? again.unsqueeze(-1) : again;
            }
            Tensor gb;
            Tensor ga;
            if (left) {   // gB = A^-T gX, gA = -gB X^T
                gb = graph() ? solve(mT(s[0]), gm) : solveNoGrad(mT(s[0]), gm, true);
                ga = gb.matmul(mT(xm)).neg();
            } else {      // gB = gX A^-T, gA = -X^T gB
                gb = mT(graph() ? solve(s[0], mT(gm)) : solveNoGrad(s[0], mT(gm), true));
                ga = mT(xm).matmul(gb).neg();
            }
            Tensor gbOut = vector ? gb.squeeze(-1) : gb;
            return new Tensor[] {PrimitiveReductions.sumTo(ga, aShape), PrimitiveReductions.sumTo(gbOut, bShape)};
        }, new Tensor[] {a, b}, a, b);
    }

    /** The broadcast of two batch shapes, with PyTorch's message (B's batch is its "tensor a"). */
    static int[] broadcastBatch(int[] bBatch, int[] aBatch) {
        int rank = Math.max(aBatch.length, bBatch.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int x = i - (rank - bBatch.length) >= 0 ? bBatch[i - (rank - bBatch.length)] : 1;
            int y = i - (rank - aBatch.length) >= 0 ? aBatch[i - (rank - aBatch.length)] : 1;
            if (x != y && x != 1 && y != 1) {
                throw new IllegalArgumentException("The size of tensor a (" + x + ") must match the size of tensor b (" + y
                        + ") at non-singleton dimension " + i);
            }
            out[i] = x == 1 ? y : x;
        }
        return out;
    }

    /** X with A X = B for matrices B ({@code [..., n, k]}), batches broadcast, on the host. */
    static Tensor solveNoGrad(Tensor a, Tensor bm, boolean check) {
        int n = cols(a);
        int k = cols(bm);
        int[] batch = broadcastBatch(batchShape(bm), batchShape(a));
        double[] ha = a.expand(concat(batch, n, n)).toDoubleArray();
        double[] hb = bm.expand(concat(batch, n, k)).toDoubleArray();
        int count = Shapes.numel(batch);
        int[] piv = new int[n];
        for (int i = 0; i < count; i++) {
            double[] m = Arrays.copyOfRange(ha, i * n * n, (i + 1) * n * n);
            if (LinalgKernels.lu(m, n, piv) > 0 && check) {
                throw new IllegalArgumentException("torch.linalg.solve: " + (batch.length > 0 ? "(Batch element " + i
                        + "): " : "") + "The solver failed because the input matrix is singular.");
            }
            double[] rhs = Arrays.copyOfRange(hb, i * n * k, (i + 1) * n * k);
            LinalgKernels.luSolve(m, n, piv, rhs, k);
            System.arraycopy(rhs, 0, hb, i * n * k, n * k);
        }
        return make(hb, a, concat(batch, n, k));
    }

    // ------------------------------------------------------------------ cholesky

    /**
     * {@code torch.linalg.cholesky(A)}: the lower triangular L with {@code A = L L^T}, from A's lower triangle.
     *
     * @param a a float tensor of shape {@code [..., n, n]}, symmetric positive-definite
     * @return L
     * @throws IllegalArgumentException where a matrix is not positive-definite, with PyTorch's message
     */
    public static Tensor cholesky(Tensor a) {
        return cholesky(a, false);
    }

    /**
     * {@code torch.linalg.cholesky(A, upper=upper)}: L, or with {@code upper} the upper triangular {@code U = L^T}
     * (from A's upper triangle).
     *
     * @param a a float tensor of shape {@code [..., n, n]}, symmetric positive-definite
     * @param upper whether to return the upper factor
     * @return the factor
     */
    public static Tensor cholesky(Tensor a, boolean upper) {
        return cholesky(a, upper, "LinalgCholeskyExBackward0");
    }

    /** Cholesky with the grad_fn name of the entry point ({@code torch.cholesky}'s is CholeskyBackward0). */
    static Tensor cholesky(Tensor a, boolean upper, String name) {
        String op = "linalg.cholesky";
        floatSquare(op, a);
        int n = cols(a);
        double[] h = a.toDoubleArray();
        int count = Shapes.numel(batchShape(a));
        double[] out = new double[h.length];
        double[] l = new double[n * n];
        for (int b = 0; b < count; b++) {
            double[] m = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    m[i * n + j] = upper ? h[b * n * n + j * n + i] : h[b * n * n + i * n + j];
                }
            }
            int info = LinalgKernels.cholesky(m, n, l);
            if (info > 0) {
                throw new IllegalArgumentException(op + ": " + batchPrefix(a, b) + "The factorization could not be "
                        + "completed because the input is not positive-definite (the leading minor of order " + info
                        + " is not positive-definite).");
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    out[b * n * n + (upper ? j * n + i : i * n + j)] = l[i * n + j];
                }
            }
        }
        return choleskyNode(make(out, a, a.shape), a, upper, name);
    }

    /** Records the Cholesky factor {@code f} of {@code a} with PyTorch's gradient under {@code name}. */
    static Tensor choleskyNode(Tensor f, Tensor a, boolean upper, String name) {
        return LinalgNodes.single(name, f, (g, s) -> {
            Tensor f0 = graph() ? cholesky(s[1], upper, name) : s[0];
            Tensor lo = upper ? mT(f0) : f0;
            Tensor gl = upper ? mT(g[0]) : g[0];
            // gA = L^-T Phi(L^T gL) L^-1, Phi: the lower triangle, mirrored, the diagonal once (PyTorch's formula)
            Tensor phi = mT(lo).matmul(gl).tril(0);
            phi = phi.add(mT(phi.tril(-1))).mul(0.5);
            Tensor linv = inv(lo);
            return new Tensor[] {mT(linv).matmul(phi).matmul(linv)};
        }, new Tensor[] {a}, f.detach(), a);
    }

    // ------------------------------------------------------------------ qr

    /**
     * {@code torch.linalg.qr(A)}: the reduced QR decomposition (Q {@code [..., m, k]}, R {@code [..., k, n]},
     * k = min(m, n)), with LAPACK's signs (R's diagonal may be negative).
     *
     * @param a a float tensor of shape {@code [..., m, n]}
     * @return Q and R
     */
    public static Qr qr(Tensor a) {
        return qr(a, "reduced");
    }

    /**
     * {@code torch.linalg.qr(A, mode)}.
     *
     * @param a a float tensor of shape {@code [..., m, n]}
     * @param mode {@code "reduced"}, {@code "complete"} (Q {@code [..., m, m]}, R {@code [..., m, n]}) or {@code "r"}
     *             (R only; Q empty, not differentiable)
     * @return Q and R
     */
    public static Qr qr(Tensor a, String mode) {
        String op = "linalg.qr";
        nonNull(op, a, "A");
        if (!"reduced".equals(mode) && !"complete".equals(mode) && !"r".equals(mode)) {
            throw new IllegalArgumentException("qr received unrecognized mode '" + mode
                    + "' but expected one of 'reduced' (default), 'r', or 'complete'");
        }
        checkMatrix(op, a, "A");
        checkFloat(op, a);
        int m = rows(a);
        int n = cols(a);
        int k = Math.min(m, n);
        int qc = "complete".equals(mode) ? m : k;
        int rr = "complete".equals(mode) ? m : k;
        int[] batch = batchShape(a);
        int count = Shapes.numel(batch);
        double[] h = a.toDoubleArray();
        double[] qs = new double[count * m * qc];
        double[] rs = new double[count * rr * n];
        double[] tau = new double[k];
        for (int b = 0; b < count; b++) {
            double[] w = Arrays.copyOfRange(h, b * m * n, (b + 1) * m * n);
            LinalgKernels.qr(w, m, n, tau);
            for (int i = 0; i < rr; i++) {
                for (int j = i; j < n; j++) {
                    rs[b * rr * n + i * n + j] = w[i * n + j];
                }
            }
            if (!"r".equals(mode)) {
                System.arraycopy(LinalgKernels.qrQ(w, m, n, tau, qc), 0, qs, b * m * qc, m * qc);
            }
        }
        Tensor q = "r".equals(mode) ? make(new double[0], a, 0) : make(qs, a, concat(batch, m, qc));
        Tensor r = make(rs, a, concat(batch, rr, n));
        LinalgNodes.multi("LinalgQrBackward0", new Tensor[] {q, r}, new boolean[] {true, true}, (g, s) -> {
            if ("r".equals(mode)) {
                throw new IllegalStateException("The derivative of linalg.qr depends on Q, which is not computed when "
                        + "mode='r'. Please use linalg.qr(A, mode='reduced') if you are going to differentiate through "
                        + "linalg.qr.");
            }
            if ("complete".equals(mode) && m > n) {
                throw new IllegalStateException("The QR decomposition is not differentiable when mode='complete' and "
                        + "nrows > ncols.");
            }
            if (graph()) {
                Qr again = qr(s[2], mode);
                return new Tensor[] {qrBackward(g[0], g[1], again.q(), again.r(), s[2])};
            }
            return new Tensor[] {qrBackward(g[0], g[1], s[0], s[1], s[2])};
        }, new Tensor[] {a}, q.detach(), r.detach(), a);
        return new Qr(q, r);
    }

    /**
     * QR's gradient (Q m x k, R k x n). Square or tall: {@code (gQ + Q copyltu(M)) R^-T} with
     * {@code M = R gR^T - gQ^T Q} and copyltu mirroring the lower triangle; wide (A = [X | Y], R = [U | V]):
     * X's gradient from the square rule with {@code gQ + Y gV^T}, Y's {@code Q gV}.
     */
    private static Tensor qrBackward(Tensor gq, Tensor gr, Tensor q, Tensor r, Tensor a) {
        int m = rows(q);
        int n = cols(r);
        if (m >= n) {
            return qrSquareBackward(gq, gr, q, r);
        }
        Tensor y = a.narrow(-1, m, n - m);
        Tensor gu = gr.narrow(-1, 0, m);
        Tensor gv = gr.narrow(-1, m, n - m);
        Tensor gx = qrSquareBackward(gq.add(y.matmul(mT(gv))), gu, q, r.narrow(-1, 0, m));
        Tensor gy = q.matmul(gv);
        return Tensor.cat(List.of(gx, gy), -1);
    }

    private static Tensor qrSquareBackward(Tensor gq, Tensor gr, Tensor q, Tensor r) {
        Tensor mm = r.matmul(mT(gr)).sub(mT(gq).matmul(q));
        Tensor lower = mm.tril(0);
        Tensor copyltu = lower.add(mT(mm.tril(-1)));
        return gq.add(q.matmul(copyltu)).matmul(mT(inv(r)));
    }

    // ------------------------------------------------------------------ eigh, eigvalsh

    /**
     * {@code torch.linalg.eigh(A)}: eigenvalues (ascending) and eigenvectors of symmetric matrices, from the lower
     * triangle.
     *
     * @param a a float tensor of shape {@code [..., n, n]}
     * @return eigenvalues {@code [..., n]} and eigenvectors {@code [..., n, n]} (columns)
     */
    public static Eigh eigh(Tensor a) {
        return eigh(a, "L");
    }

    /**
     * {@code torch.linalg.eigh(A, UPLO)}.
     *
     * @param a a float tensor of shape {@code [..., n, n]}
     * @param uplo {@code "L"} or {@code "U"}: the triangle read
     * @return eigenvalues and eigenvectors
     */
    public static Eigh eigh(Tensor a, String uplo) {
        Tensor[] wv = eighNoGrad(a, uplo);
        Tensor w = wv[0];
        Tensor v = wv[1];
        LinalgNodes.multi("LinalgEighBackward0", new Tensor[] {w, v}, new boolean[] {true, true}, (g, s) -> {
            Eigh e = graph() ? eigh(s[2], uplo) : new Eigh(s[0], s[1]);
            return new Tensor[] {eighBackward(g[0], g[1], e.eigenvalues(), e.eigenvectors())};
        }, new Tensor[] {a}, w.detach(), v.detach(), a);
        return new Eigh(w, v);
    }

    /**
     * {@code torch.linalg.eigvalsh(A)}: the eigenvalues of symmetric matrices, ascending, from the lower triangle.
     *
     * @param a a float tensor of shape {@code [..., n, n]}
     * @return a tensor {@code [..., n]}
     */
    public static Tensor eigvalsh(Tensor a) {
        return eigvalsh(a, "L");
    }

    /**
     * {@code torch.linalg.eigvalsh(A, UPLO)}.
     *
     * @param a a float tensor of shape {@code [..., n, n]}
     * @param uplo {@code "L"} or {@code "U"}
     * @return a tensor {@code [..., n]}
     */
    public static Tensor eigvalsh(Tensor a, String uplo) {
        Tensor[] wv = eighNoGrad(a, uplo);
        return LinalgNodes.single("LinalgEighBackward0", wv[0], (g, s) -> new Tensor[] {eighBackward(g[0], null, null,
                graph() ? eigh(s[1], uplo).eigenvectors() : s[0])}, new Tensor[] {a}, wv[1], a);
    }

    private static Tensor[] eighNoGrad(Tensor a, String uplo) {
        String op = "linalg.eigh";
        nonNull(op, a, "A");
        if (!"L".equals(uplo) && !"U".equals(uplo)) {
            throw new IllegalArgumentException("Expected UPLO argument to be 'L' or 'U', but got " + uplo);
        }
        checkSquare(op, a);
        if (!a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"linalg_eigh_cpu\" not implemented for '" + scalarName(a.dtype()) + "'");
        }
        int n = cols(a);
        int[] batch = batchShape(a);
        int count = Shapes.numel(batch);
        double[] h = a.toDoubleArray();
        double[] ws = new double[count * n];
        double[] vs = new double[count * n * n];
        double[] w = new double[n];
        double[] v = new double[n * n];
        boolean lower = "L".equals(uplo);
        for (int b = 0; b < count; b++) {
            double[] m = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double x = lower ? h[b * n * n + i * n + j] : h[b * n * n + j * n + i];
                    m[i * n + j] = x;
                    m[j * n + i] = x;
                }
            }
            LinalgKernels.eigh(m, n, w, v);
            System.arraycopy(w, 0, ws, b * n, n);
            System.arraycopy(v, 0, vs, b * n * n, n * n);
        }
        return new Tensor[] {make(ws, a, concat(batch, n)), make(vs, a, concat(batch, n, n))};
    }

    /**
     * PyTorch's eigh gradient: {@code V (diag(gL) + skew(V^T gV) / E) V^T} with {@code E_ij = L_j - L_i} and
     * {@code skew(X) = (X - X^T) / 2}; eigenvalues only ({@code gv} null): {@code V diag(gL) V^T}.
     */
    private static Tensor eighBackward(Tensor gl, Tensor gv, Tensor w, Tensor v) {
        Tensor inner = gl.diagEmbed();
        if (gv != null) {
            Tensor vtgv = mT(v).matmul(gv);
            Tensor skew = vtgv.sub(mT(vtgv)).mul(0.5);
            int n = w.shape[w.dim() - 1];
            Tensor e = w.unsqueeze(-2).sub(w.unsqueeze(-1));
            Tensor eye = Tensor.eye(n, n, w.dtype()).to(w.device());
            e = e.add(eye);   // the diagonal of skew is zero: any non-zero divisor
            inner = inner.add(skew.div(e));
        }
        return v.matmul(inner).matmul(mT(v));
    }

    // ------------------------------------------------------------------ svd, svdvals

    /**
     * {@code torch.linalg.svd(A)}: the full SVD (U {@code [..., m, m]}, S {@code [..., k]} descending, Vh
     * {@code [..., n, n]}).
     *
     * @param a a float tensor of shape {@code [..., m, n]}
     * @return U, S and Vh
     */
    public static Svd svd(Tensor a) {
        return svd(a, true);
    }

    /**
     * {@code torch.linalg.svd(A, full_matrices)}: with {@code fullMatrices} false, U {@code [..., m, k]} and Vh
     * {@code [..., k, n]} (k = min(m, n)).
     *
     * @param a a float tensor of shape {@code [..., m, n]}
     * @param fullMatrices whether U and Vh are square
     * @return U, S and Vh
     */
    public static Svd svd(Tensor a, boolean fullMatrices) {
        Tensor[] usv = svdNoGrad(a, fullMatrices);
        Tensor u = usv[0];
        Tensor s = usv[1];
        Tensor vh = usv[2];
        int k = s.shape[s.dim() - 1];
        LinalgNodes.multi("LinalgSvdBackward0", usv, new boolean[] {true, true, true}, (g, saved) -> {
            Tensor[] sv = saved;
            if (graph()) {
                Svd again = svd(saved[3], fullMatrices);
                sv = new Tensor[] {again.u(), again.s(), again.vh()};
            }
            Tensor gu = fullMatrices ? g[0].narrow(-1, 0, k) : g[0];
            Tensor gvh = fullMatrices ? g[2].narrow(-2, 0, k) : g[2];
            Tensor uu = fullMatrices ? sv[0].narrow(-1, 0, k) : sv[0];
            Tensor vv = fullMatrices ? sv[2].narrow(-2, 0, k) : sv[2];
            return new Tensor[] {svdBackward(gu, g[1], gvh, uu, sv[1], vv)};
        }, new Tensor[] {a}, u.detach(), s.detach(), vh.detach(), a);
        return new Svd(u, s, vh);
    }

    /**
     * {@code torch.linalg.svdvals(A)}: the singular values, descending.
     *
     * @param a a float tensor of shape {@code [..., m, n]}
     * @return a tensor {@code [..., min(m, n)]}
     */
    public static Tensor svdvals(Tensor a) {
        Tensor[] usv = svdNoGrad(a, false);
        return LinalgNodes.single("LinalgSvdBackward0", usv[1], (g, sv) -> {
            if (graph()) {
                Svd again = svd(sv[2], false);
                return new Tensor[] {svdBackward(null, g[0], null, again.u(), null, again.vh())};
            }
            return new Tensor[] {svdBackward(null, g[0], null, sv[0], null, sv[1])};
        }, new Tensor[] {a}, usv[0], usv[2], a);
    }

    private static Tensor[] svdNoGrad(Tensor a, boolean full) {
        String op = "linalg.svd";
        nonNull(op, a, "A");
        checkMatrix(op, a, "A");
        checkFloat(op, a);
        int m = rows(a);
        int n = cols(a);
        int k = Math.min(m, n);
        int uc = full ? m : k;
        int vr = full ? n : k;
        int[] batch = batchShape(a);
        int count = Shapes.numel(batch);
        double[] h = a.toDoubleArray();
        double[] us = new double[count * m * uc];
        double[] ss = new double[count * k];
        double[] vs = new double[count * vr * n];
        double[] u = new double[m * Math.max(uc, 1)];
        double[] s = new double[k];
        double[] vt = new double[Math.max(vr, n) * n];
        for (int b = 0; b < count; b++) {
            LinalgKernels.svd(Arrays.copyOfRange(h, b * m * n, (b + 1) * m * n), m, n, full, u, s, vt);
            System.arraycopy(u, 0, us, b * m * uc, m * uc);
            System.arraycopy(s, 0, ss, b * k, k);
            System.arraycopy(vt, 0, vs, b * vr * n, vr * n);
        }
        return new Tensor[] {make(us, a, concat(batch, m, uc)), make(ss, a, concat(batch, k)),
            make(vs, a, concat(batch, vr, n))};
    }

    /**
     * PyTorch's svd_backward (reduced U, Vh; {@code gu}/{@code gvh} null where not needed):
     * {@code U [(skew(U^T gU) S + S skew(Vh gVh^T)) / E + diag(gS)] Vh}, {@code E_ij = s_j^2 - s_i^2}, plus the parts
     * of gU and gVh outside U's and Vh's spans for non-square matrices.
     */
    private static Tensor svdBackward(Tensor gu, Tensor gs, Tensor gvh, Tensor u, Tensor s, Tensor vh) {
        int m = rows(u);
        int n = cols(vh);
        if (gu == null && gvh == null) {
            return m >= n ? u.matmul(gs.unsqueeze(-1).mul(vh)) : u.mul(gs.unsqueeze(-2)).matmul(vh);
        }
        int k = s.shape[s.dim() - 1];
        Tensor uhgu = mT(u).matmul(gu);
        uhgu = uhgu.sub(mT(uhgu));
        Tensor vhgv = vh.matmul(mT(gvh));
        vhgv = vhgv.sub(mT(vhgv));
        Tensor s2 = s.mul(s);
        Tensor e = s2.unsqueeze(-2).sub(s2.unsqueeze(-1)).add(Tensor.eye(k, k, s.dtype()).to(s.device()));
        Tensor ga = uhgu.mul(s.unsqueeze(-2)).add(s.unsqueeze(-1).mul(vhgv)).div(e);
        ga = ga.add(gs.diagEmbed());
        if (m > n) {
            ga = u.matmul(ga);
            Tensor gusinv = gu.div(s.unsqueeze(-2));
            ga = ga.add(gusinv).sub(u.matmul(mT(u).matmul(gusinv)));
            return ga.matmul(vh);
        }
        if (m < n) {
            ga = ga.matmul(vh);
            Tensor sinvgvh = gvh.div(s.unsqueeze(-1));
            ga = ga.add(sinvgvh).sub(sinvgvh.matmul(mT(vh)).matmul(vh));
            return u.matmul(ga);
        }
        return u.matmul(ga.matmul(vh));
    }

    // ------------------------------------------------------------------ norms

    /**
     * {@code torch.linalg.vector_norm(x)}: the 2-norm of all elements.
     *
     * @param x a float tensor
     * @return a 0-d tensor
     */
    public static Tensor vectorNorm(Tensor x) {
        return vectorNorm(x, 2.0, null, false);
    }

    /**
     * {@code torch.linalg.vector_norm(x, ord)} over all elements.
     *
     * @param x a float tensor
     * @param ord the order: any number, infinities included (0 counts the non-zeros)
     * @return a 0-d tensor
     */
    public static Tensor vectorNorm(Tensor x, double ord) {
        return vectorNorm(x, ord, null, false);
    }

    /**
     * {@code torch.linalg.vector_norm(x, ord, dim, keepdim)}.
     *
     * @param x a float tensor
     * @param ord the order
     * @param dims the dimensions to reduce; null or empty for all
     * @param keepdim whether reduced dimensions stay with size 1
     * @return a new tensor
     */
    public static Tensor vectorNorm(Tensor x, double ord, int[] dims, boolean keepdim) {
        String op = "linalg.vector_norm";
        nonNull(op, x, "x");
        checkFloat(op, x);
        int[] d = dims == null ? new int[0] : dims;
        if (Double.isInfinite(ord) && x.numel() == 0) {
            int[] wrapped = d.length == 0 ? allDims(x.dim()) : ComposedReductions.wrapDims(op, d, x.dim());
            for (int w : wrapped) {
                if (x.dim() > 0 && x.shape[w] == 0) {
                    throw new IllegalArgumentException(op + " cannot compute the " + (ord > 0 ? "inf" : "-inf")
                            + " norm on an empty tensor because the operation does not have an identity");
                }
            }
        }
        return ComposedReductions.norm(x, ord, d, keepdim, "LinalgVectorNormBackward0");
    }

    private static int[] allDims(int rank) {
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) {
            d[i] = i;
        }
        return d;
    }

    /**
     * {@code torch.linalg.matrix_norm(A)}: the Frobenius norm of each matrix.
     *
     * @param a a float tensor of shape {@code [..., m, n]}
     * @return a tensor of the batch shape
     */
    public static Tensor matrixNorm(Tensor a) {
        return matrixNorm(a, "fro", new int[] {-2, -1}, false);
    }

    /**
     * {@code torch.linalg.matrix_norm(A, ord)} for a numeric order over the last two dimensions.
     *
     * @param a a float tensor of shape {@code [..., m, n]}
     * @param ord 1, -1 (max / min column sum), 2, -2 (largest / smallest singular value), infinity, -infinity (max /
     *            min row sum)
     * @return a tensor of the batch shape
     */
    public static Tensor matrixNorm(Tensor a, double ord) {
        return matrixNorm(a, ord, new int[] {-2, -1}, false);
    }

    /**
     * {@code torch.linalg.matrix_norm(A, ord)} for a named order over the last two dimensions.
     *
     * @param a a float tensor of shape {@code [..., m, n]}
     * @param ord {@code "fro"} (Frobenius) or {@code "nuc"} (nuclear: the sum of the singular values)
     * @return a tensor of the batch shape
     */
    public static Tensor matrixNorm(Tensor a, String ord) {
        return matrixNorm(a, ord, new int[] {-2, -1}, false);
    }

    /**
     * {@code torch.linalg.matrix_norm(A, ord, dim, keepdim)} for a named order.
     *
     * @param a a float tensor
     * @param ord {@code "fro"} or {@code "nuc"}
     * @param dim the two dimensions holding the matrices
     * @param keepdim whether they stay with size 1
     * @return a new tensor
     */
    public static Tensor matrixNorm(Tensor a, String ord, int[] dim, boolean keepdim) {
        String op = "linalg.matrix_norm";
        int[] d = matrixNormChecks(op, a, dim);
        if ("fro".equals(ord)) {
            return vectorNorm(a, 2.0, d, keepdim);
        }
        if ("nuc".equals(ord)) {
            return singularValueNorm(a, d, keepdim, 0);
        }
        throw new IllegalArgumentException(op + ": Order " + ord + " not supported.");
    }

    /**
     * {@code torch.linalg.matrix_norm(A, ord, dim, keepdim)} for a numeric order.
     *
     * @param a a float tensor
     * @param ord 1, -1, 2, -2, infinity or -infinity
     * @param dim the two dimensions holding the matrices
     * @param keepdim whether they stay with size 1
     * @return a new tensor
     */
    public static Tensor matrixNorm(Tensor a, double ord, int[] dim, boolean keepdim) {
        String op = "linalg.matrix_norm";
        int[] d = matrixNormChecks(op, a, dim);
        double abs = Math.abs(ord);
        if (abs == 2) {
            return singularValueNorm(a, d, keepdim, ord > 0 ? 1 : -1);
        }
        if (abs == 1 || abs == Double.POSITIVE_INFINITY) {
            int sumDim = d[0];
            int maxDim = d[1];
            if (abs == Double.POSITIVE_INFINITY) {
                sumDim = d[1];
                maxDim = d[0];
            }
            if (!keepdim && sumDim < maxDim) {
                maxDim--;
            }
            Tensor sums = vectorNorm(a, 1.0, new int[] {sumDim}, keepdim);
            return extreme(sums, maxDim, keepdim, ord > 0);
        }
        String shown = ord == Math.rint(ord) && !Double.isInfinite(ord) ? Long.toString((long) ord) : Double.toString(ord);
        throw new IllegalArgumentException(op + ": Order " + (Double.isNaN(ord) ? "nan" : shown) + " not supported.");
    }

    /** amax or amin over {@code dim}, refusing an empty dim with PyTorch's message (which names the dim as given). */
    private static Tensor extreme(Tensor t, int dim, boolean keepdim, boolean max) {
        if (t.shape[Shapes.dim("linalg.matrix_norm", dim, t.dim())] == 0) {
            throw new IndexOutOfBoundsException((max ? "amax" : "amin") + "(): Expected reduction dim " + dim
                    + " to have non-zero size.");
        }
        return max ? t.amax(new int[] {dim}, keepdim) : t.amin(new int[] {dim}, keepdim);
    }

    /** The checks of matrix_norm; returns the two dims wrapped. */
    private static int[] matrixNormChecks(String op, Tensor a, int[] dim) {
        nonNull(op, a, "A");
        checkMatrix(op, a, "A");
        checkFloat(op, a);
        if (dim == null || dim.length != 2) {
            StringBuilder got = new StringBuilder();
            for (int i = 0; dim != null && i < dim.length; i++) {
                got.append(i == 0 ? "" : " ").append(dim[i]);
            }
            throw new IllegalArgumentException(op + ": dim must be a 2-tuple. Got " + got);
        }
        int d0 = Shapes.dim(op, dim[0], a.dim());
        int d1 = Shapes.dim(op, dim[1], a.dim());
        if (d0 == d1) {
            throw new IllegalArgumentException(op + ": dims must be different. Got (" + dim[0] + ", " + dim[1] + ")");
        }
        return new int[] {d0, d1};
    }

    /** Nuclear (which 0), spectral (1) or smallest singular value (-1) norm: the matrices moved to the end. */
    private static Tensor singularValueNorm(Tensor a, int[] d, boolean keepdim, int which) {
        int r = a.dim();
        int[] perm = new int[r];
        int at = 0;
        for (int i = 0; i < r; i++) {
            if (i != d[0] && i != d[1]) {
                perm[at++] = i;
            }
        }
        perm[r - 2] = d[0];
        perm[r - 1] = d[1];
        Tensor sv = svdvals(a.permute(perm));
        Tensor out = which == 0 ? sv.sum(new int[] {-1}, false) : extreme(sv, -1, false, which > 0);
        if (!keepdim) {
            return out;
        }
        int[] inverse = new int[r];
        for (int i = 0; i < r; i++) {
            inverse[perm[i]] = i;
        }
        return out.unsqueeze(-1).unsqueeze(-1).permute(inverse);
    }

    /**
     * {@code torch.linalg.norm(A)}: the 2-norm of all elements (A flattened).
     *
     * @param a a float tensor
     * @return a 0-d tensor
     */
    public static Tensor norm(Tensor a) {
        return vectorNorm(a, 2.0, null, false);
    }

    /**
     * {@code torch.linalg.norm(A, ord)}: a vector norm of a 1-D tensor, a matrix norm of a 2-D one.
     *
     * @param a a 1-D or 2-D float tensor
     * @param ord the order (see {@link #vectorNorm(Tensor, double)} and {@link #matrixNorm(Tensor, double)})
     * @return a 0-d tensor
     */
    public static Tensor norm(Tensor a, double ord) {
        return norm(a, ord, null, false);
    }

    /**
     * {@code torch.linalg.norm(A, ord)} for a named matrix order.
     *
     * @param a a 2-D float tensor
     * @param ord {@code "fro"} or {@code "nuc"}
     * @return a 0-d tensor
     */
    public static Tensor norm(Tensor a, String ord) {
        return norm(a, ord, null, false);
    }

    /**
     * {@code torch.linalg.norm(A, ord, dim, keepdim)}: a vector norm over one dim, a matrix norm over two; without
     * dims, by A's rank (1-D vector, 2-D matrix).
     *
     * @param a a float tensor
     * @param ord the order; null for the default (2, or 'fro' for matrices)
     * @param dim one or two dims, or null
     * @param keepdim whether reduced dimensions stay with size 1
     * @return a new tensor
     */
    public static Tensor norm(Tensor a, Double ord, int[] dim, boolean keepdim) {
        nonNull("linalg.norm", a, "A");
        if (dim != null) {
            if (dim.length == 1) {
                return vectorNorm(a, ord == null ? 2.0 : ord, dim, keepdim);
            }
            if (dim.length == 2) {
                return ord == null ? matrixNorm(a, "fro", dim, keepdim) : matrixNorm(a, ord, dim, keepdim);
            }
            throw new IllegalArgumentException("linalg.norm: If dim is specified, it must be of length 1 or 2. Got "
                    + Arrays.toString(dim));
        }
        if (ord == null) {
            return vectorNorm(a, 2.0, null, keepdim);
        }
        checkNormRank(a);
        return a.dim() == 1 ? vectorNorm(a, ord, null, keepdim) : matrixNorm(a, ord, new int[] {-2, -1}, keepdim);
    }

    /**
     * {@code torch.linalg.norm(A, ord, dim, keepdim)} for a named matrix order ('fro' or 'nuc').
     *
     * @param a a float tensor
     * @param ord {@code "fro"} or {@code "nuc"}
     * @param dim two dims, or null for a 2-D tensor
     * @param keepdim whether reduced dimensions stay with size 1
     * @return a new tensor
     */
    public static Tensor norm(Tensor a, String ord, int[] dim, boolean keepdim) {
        nonNull("linalg.norm", a, "A");
        if (dim != null) {
            if (dim.length != 1 && dim.length != 2) {
                throw new IllegalArgumentException("linalg.norm: If dim is specified, it must be of length 1 or 2. Got "
                        + Arrays.toString(dim));
            }
            return matrixNorm(a, ord, dim, keepdim);
        }
        checkNormRank(a);
        return matrixNorm(a, ord, new int[] {-2, -1}, keepdim);
    }

    private static void checkNormRank(Tensor a) {
        if (a.dim() != 1 && a.dim() != 2) {
            throw new IllegalArgumentException("linalg.norm: If dim is not specified but ord is, the input must be 1D or "
                    + "2D. Got " + a.dim() + "D.");
        }
    }

    /**
     * {@code torch.norm(A, 'nuc', dim, keepdim)}: the nuclear norm of a 2-D tensor (or over two dims).
     *
     * @param a a float tensor
     * @param dims two dims, or null/empty for a 2-D tensor
     * @param keepdim whether reduced dimensions stay with size 1
     * @return a new tensor
     */
    static Tensor nuclearNorm(Tensor a, int[] dims, boolean keepdim) {
        nonNull("norm", a, "input");
        if (dims == null || dims.length == 0) {
            if (a.dim() != 2) {
                throw new IllegalArgumentException("Expected a tensor with 2 dimensions, but got a tensor with " + a.dim()
                        + " dimension" + (a.dim() == 1 ? "" : "s") + " instead.");
            }
            return matrixNorm(a, "nuc", new int[] {0, 1}, keepdim);
        }
        return matrixNorm(a, "nuc", dims, keepdim);
    }

    // ------------------------------------------------------------------ matrix_power, multi_dot, cross

    /**
     * {@code torch.linalg.matrix_power(A, n)}: A to an integer power by repeated squaring (PyTorch's order of
     * products); 0 gives identities, negative powers invert first.
     *
     * @param a a tensor of shape {@code [..., m, m]} (integer dtypes allowed for n >= 0)
     * @param n the exponent
     * @return a new tensor of {@code a}'s shape
     */
    public static Tensor matrixPower(Tensor a, int n) {
        String op = "linalg.matrix_power";
        nonNull(op, a, "A");
        checkSquare(op, a);
        if (n == 0) {
            Tensor eye;
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                int m = cols(a);
                eye = Tensor.eye(m, m, a.dtype()).to(a.device()).expand(a.shape).contiguous();
            }
            int[] shape = a.shape.clone();
            // PyTorch copies the identity into a clone of A: A's gradient is zero
            return LinalgNodes.single("torch::autograd::CopyBackwards", eye,
                    (g, s) -> new Tensor[] {Tensor.full(shape, 0.0, g[0].dtype(), g[0].device())}, new Tensor[] {a});
        }
        Tensor base = a;
        int p = n;
        if (n < 0) {
            base = inv(a);
            p = -n;
            if (p == 1) {
                return base;
            }
        } else if (n == 1) {
            return a.clone();
        }
        if (p == 2) {
            return base.matmul(base);
        }
        if (p == 3) {
            return base.matmul(base).matmul(base);
        }
        Tensor z = null;
        Tensor result = null;
        while (p > 0) {
            boolean bit = (p & 1) == 1;
            p >>= 1;
            z = z == null ? base : z.matmul(z);
            if (bit) {
                result = result == null ? z : result.matmul(z);
            }
        }
        return result;
    }

    /**
     * {@code torch.linalg.multi_dot(tensors)}: the chained matrix product in the cheapest order (PyTorch's
     * dynamic programme); the first may be a row vector (1-D), the last a column vector (1-D).
     *
     * @param tensors two or more tensors: 1-D or 2-D at the ends, 2-D in between, of one dtype
     * @return the product, without the vectors' dimensions
     */
    public static Tensor multiDot(List<Tensor> tensors) {
        String op = "multi_dot()";
        if (tensors == null || tensors.size() < 2) {
            throw new IllegalArgumentException(op + ": expected at least 2 tensors but got "
                    + (tensors == null ? 0 : tensors.size()));
        }
        int count = tensors.size();
        for (int i = 0; i < count; i++) {
            nonNull("multi_dot", tensors.get(i), "tensor " + i);
        }
        Tensor first = tensors.get(0);
        Tensor last = tensors.get(count - 1);
        if (first.dim() != 1 && first.dim() != 2) {
            throw new IllegalArgumentException(op + ": the first tensor must be 1D or 2D but got " + first.dim() + "D");
        }
        for (int i = 1; i < count - 1; i++) {
            if (tensors.get(i).dim() != 2) {
                throw new IllegalArgumentException(op + ": tensor " + i + " must be 2D but got " + tensors.get(i).dim()
                        + "D");
            }
        }
        if (last.dim() != 1 && last.dim() != 2) {
            throw new IllegalArgumentException(op + ": the last tensor must be 1D or 2D but got " + last.dim() + "D");
        }
        List<Tensor> mats = new ArrayList<>(tensors);
        if (first.dim() == 1) {
            mats.set(0, first.unsqueeze(0));
        }
        if (last.dim() == 1) {
            mats.set(count - 1, last.unsqueeze(-1));
        }
        for (int i = 1; i < count; i++) {
            if (mats.get(i).dtype() != first.dtype()) {
                throw new IllegalArgumentException(op + ": all tensors must have be the same dtype but tensor 0 is "
                        + cName(first.dtype()) + " and tensor " + i + " " + cName(mats.get(i).dtype()));
            }
            if (!mats.get(i).device().equals(first.device())) {
                throw new IllegalArgumentException(op + ": all tensors must be on the same device but tensor 0 is on "
                        + first.device() + " and tensor " + i + " on " + mats.get(i).device());
            }
            if (cols(mats.get(i - 1)) != rows(mats.get(i))) {
                throw new IllegalArgumentException(op + ": tensors " + (i - 1) + " and " + i + " with shapes "
                        + Arrays.toString(tensors.get(i - 1).shape) + " and " + Arrays.toString(tensors.get(i).shape)
                        + " cannot be multiplied");
            }
        }
        Tensor product;
        if (count == 2) {
            product = mats.get(0).matmul(mats.get(1));
        } else if (count == 3) {
            long a = rows(mats.get(0));
            long b = rows(mats.get(1));
            long c = rows(mats.get(2));
            long d = cols(mats.get(2));
            long costLeft = a * c * (b + d);    // (AB)C
            long costRight = b * d * (a + c);   // A(BC)
            product = costLeft > costRight ? mats.get(0).matmul(mats.get(1).matmul(mats.get(2)))
                    : mats.get(0).matmul(mats.get(1)).matmul(mats.get(2));
        } else {
            int[][] split = chainOrder(mats);
            product = chain(mats, split, 0, count - 1);
        }
        List<Integer> shape = new ArrayList<>(2);
        if (first.dim() == 2) {
            shape.add(rows(first));
        }
        if (last.dim() == 2) {
            shape.add(cols(last));
        }
        return product.view(shape.stream().mapToInt(Integer::intValue).toArray());
    }

    /** C++'s dtype names as multi_dot's message spells them. */
    private static String cName(DType d) {
        return switch (d) {
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case INT64 -> "long int";
            case INT32 -> "int";
            case BOOL -> "bool";
            case UINT8 -> "unsigned char";
        };
    }

    /** The matrix-chain order: split[i][j] is where the cheapest product of i..j splits (the first cheapest). */
    private static int[][] chainOrder(List<Tensor> mats) {
        int n = mats.size();
        long[] p = new long[n + 1];
        for (int i = 0; i < n; i++) {
            p[i] = rows(mats.get(i));
        }
        p[n] = cols(mats.get(n - 1));
        long[][] cost = new long[n][n];
        int[][] split = new int[n][n];
        for (int len = 1; len < n; len++) {
            for (int i = 0; i < n - len; i++) {
                int j = i + len;
                cost[i][j] = Long.MAX_VALUE;
                for (int k = i; k < j; k++) {
                    long c = cost[i][k] + cost[k + 1][j] + p[i] * p[k + 1] * p[j + 1];
                    if (c < cost[i][j]) {
                        cost[i][j] = c;
                        split[i][j] = k;
                    }
                }
            }
        }
        return split;
    }

    private static Tensor chain(List<Tensor> mats, int[][] split, int i, int j) {
        if (i == j) {
            return mats.get(i);
        }
        int k = split[i][j];
        return chain(mats, split, i, k).matmul(chain(mats, split, k + 1, j));
    }

    /**
     * {@code torch.linalg.cross(a, b, dim=-1)}: the cross product of 3-vectors along {@code dim} (broadcast).
     *
     * @param a a tensor with size 3 at {@code dim}
     * @param b a tensor with size 3 at {@code dim}
     * @param dim the dimension of the vectors
     * @return a new tensor
     */
    public static Tensor cross(Tensor a, Tensor b, int dim) {
        String op = "linalg.cross";
        nonNull(op, a, "input");
        nonNull(op, b, "other");
        if (a.dim() != b.dim()) {
            throw new IllegalArgumentException(op + ": inputs must have the same number of dimensions.");
        }
        int d = Shapes.dim(op, dim, a.dim());
        if (a.shape[d] != 3 || b.shape[d] != 3) {
            throw new IllegalArgumentException(op + ": inputs dimension " + dim + " must have length 3. Got "
                    + a.shape[d] + " and " + b.shape[d]);
        }
        return MoreLinalg.cross(a, b, dim);
    }

    /**
     * {@code torch.linalg.cross(a, b)}: the cross product along the last dimension.
     *
     * @param a a tensor whose last dimension has size 3
     * @param b a tensor whose last dimension has size 3
     * @return a new tensor
     */
    public static Tensor cross(Tensor a, Tensor b) {
        return cross(a, b, -1);
    }

    // ------------------------------------------------------------------ pinv, matrix_rank, lstsq

    /**
     * {@code torch.linalg.pinv(A)}: the Moore-Penrose pseudo-inverse from the SVD, singular values at most
     * {@code eps * max(m, n) * s_max} treated as zero.
     *
     * @param a a float tensor of shape {@code [..., m, n]}
     * @return a tensor {@code [..., n, m]}
     */
    public static Tensor pinv(Tensor a) {
        return pinv(a, null, null, false);
    }

    /**
     * {@code torch.linalg.pinv(A, hermitian=hermitian)}: with {@code hermitian}, from the eigen-decomposition of the
     * lower triangle.
     *
     * @param a a float tensor of shape {@code [..., m, n]} (square when hermitian)
     * @param hermitian whether A is symmetric
     * @return a tensor {@code [..., n, m]}
     */
    public static Tensor pinv(Tensor a, boolean hermitian) {
        return pinv(a, null, null, hermitian);
    }

    /**
     * {@code torch.linalg.pinv(A, atol=atol, rtol=rtol, hermitian=hermitian)}: singular values at most
     * {@code max(atol, rtol * s_max)} count as zero; rtol defaults to {@code eps * max(m, n)}, or 0 when atol is given.
     *
     * @param a a float tensor of shape {@code [..., m, n]}
     * @param atol the absolute tolerance, or null (0)
     * @param rtol the relative tolerance, or null
     * @param hermitian whether A is symmetric
     * @return a tensor {@code [..., n, m]}
     */
    public static Tensor pinv(Tensor a, Double atol, Double rtol, boolean hermitian) {
        nonNull("linalg.pinv", a, "A");
        if (a.dim() < 2 || !a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("linalg.pinv(" + scalarName(a.dtype()) + "{" + Arrays.toString(a.shape)
                    + "}): expected a tensor with 2 or more dimensions of float, double, cfloat or cdouble types");
        }
        if (hermitian) {
            checkSquare("linalg.pinv", a);
        }
        Tensor p = pinvNoGrad(a, atol, rtol, hermitian);
        return LinalgNodes.single("LinalgPinvBackward0", p, (g, s) -> new Tensor[] {pinvBackward(g[0],
                graph() ? pinv(s[1], atol, rtol, hermitian) : s[0], s[1])}, new Tensor[] {a}, p.detach(), a);
    }

    /** The tolerance for singular values: {@code max(atol, rtol * smax)} with PyTorch's defaults. */
    private static double tolerance(Double atol, Double rtol, DType dtype, int m, int n, double smax) {
        double at = atol == null ? 0.0 : atol;
        double rt = rtol != null ? rtol : atol != null && atol > 0 ? 0.0 : eps(dtype) * Math.max(m, n);
        return Math.max(at, rt * smax);
    }

    private static Tensor pinvNoGrad(Tensor a, Double atol, Double rtol, boolean hermitian) {
        int m = rows(a);
        int n = cols(a);
        int k = Math.min(m, n);
        int[] batch = batchShape(a);
        int count = Shapes.numel(batch);
        double[] h = a.toDoubleArray();
        double[] out = new double[count * n * m];
        for (int b = 0; b < count; b++) {
            double[] mat = Arrays.copyOfRange(h, b * m * n, (b + 1) * m * n);
            double[] u;
            double[] s = new double[k];
            double[] vt;
            double[] inv = new double[k];
            if (hermitian) {
                double[] sym = new double[n * n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j <= i; j++) {
                        sym[i * n + j] = mat[i * n + j];
                        sym[j * n + i] = mat[i * n + j];
                    }
                }
                u = new double[n * n];
                LinalgKernels.eigh(sym, n, s, u);
                vt = new double[n * n];
                double smax = 0;
                for (double x : s) {
                    smax = Math.max(smax, Math.abs(x));
                }
                double tol = tolerance(atol, rtol, a.dtype(), m, n, smax);
                for (int i = 0; i < k; i++) {
                    inv[i] = Math.abs(s[i]) > tol ? 1.0 / s[i] : 0.0;
                    for (int j = 0; j < n; j++) {
                        vt[i * n + j] = u[j * n + i];
                    }
                }
            } else {
                u = new double[m * k];
                vt = new double[k * n];
                LinalgKernels.svd(mat, m, n, false, u, s, vt);
                double tol = tolerance(atol, rtol, a.dtype(), m, n, k > 0 ? s[0] : 0.0);
                for (int i = 0; i < k; i++) {
                    inv[i] = s[i] > tol ? 1.0 / s[i] : 0.0;
                }
            }
            // pinv = V diag(inv) U^T
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    double x = 0;
                    for (int l = 0; l < k; l++) {
                        x += vt[l * n + i] * inv[l] * u[j * k + l];
                    }
                    out[b * n * m + i * m + j] = x;
                }
            }
        }
        return make(out, a, concat(batch, n, m));
    }

    /** PyTorch's pinv_backward (the derivative of the pseudo-inverse at constant rank). */
    private static Tensor pinvBackward(Tensor g, Tensor pinvA, Tensor a) {
        int m = rows(a);
        int n = cols(a);
        Tensor pinvAh = mT(pinvA);
        Tensor gh = mT(g);
        if (m <= n) {
            Tensor k = gh.matmul(pinvA);
            Tensor kpinvAh = k.matmul(pinvAh);
            return mT(pinvA.matmul(k)).neg().add(kpinvAh).sub(a.matmul(pinvA).matmul(kpinvAh))
                    .add(pinvAh.matmul(pinvA).matmul(gh.sub(k.matmul(a))));
        }
        Tensor k = pinvA.matmul(gh);
        Tensor pinvAhK = pinvAh.matmul(k);
        return mT(k.matmul(pinvA)).neg().add(gh.sub(a.matmul(k)).matmul(pinvA).matmul(pinvAh)).add(pinvAhK)
                .sub(pinvAhK.matmul(pinvA).matmul(a));
    }

    /**
     * {@code torch.linalg.matrix_rank(A)}: the number of singular values above {@code eps * max(m, n) * s_max}.
     *
     * @param a a float tensor of shape {@code [..., m, n]}
     * @return an int64 tensor of the batch shape
     */
    public static Tensor matrixRank(Tensor a) {
        return matrixRank(a, null, null, false);
    }

    /**
     * {@code torch.linalg.matrix_rank(A, hermitian=hermitian)}.
     *
     * @param a a float tensor of shape {@code [..., m, n]}
     * @param hermitian whether A is symmetric (eigenvalues' magnitudes stand for the singular values)
     * @return an int64 tensor of the batch shape
     */
    public static Tensor matrixRank(Tensor a, boolean hermitian) {
        return matrixRank(a, null, null, hermitian);
    }

    /**
     * {@code torch.linalg.matrix_rank(A, atol=atol, rtol=rtol, hermitian=hermitian)}, tolerances as
     * {@link #pinv(Tensor, Double, Double, boolean)}.
     *
     * @param a a float tensor of shape {@code [..., m, n]}
     * @param atol the absolute tolerance, or null
     * @param rtol the relative tolerance, or null
     * @param hermitian whether A is symmetric
     * @return an int64 tensor of the batch shape
     */
    public static Tensor matrixRank(Tensor a, Double atol, Double rtol, boolean hermitian) {
        nonNull("linalg.matrix_rank", a, "A");
        if (a.dim() < 2) {
            throw new IllegalArgumentException("torch.linalg.matrix_rank: The input tensor input must have at least 2 "
                    + "dimensions.");
        }
        if (!a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("This function doesn't handle types other than float and double");
        }
        if (hermitian) {
            checkSquare("linalg.matrix_rank", a);
        }
        int m = rows(a);
        int n = cols(a);
        int k = Math.min(m, n);
        int[] batch = batchShape(a);
        int count = Shapes.numel(batch);
        long[] out = new long[count];
        double[] h = a.toDoubleArray();
        for (int b = 0; b < count; b++) {
            double[] mat = Arrays.copyOfRange(h, b * m * n, (b + 1) * m * n);
            double[] s = new double[k];
            if (hermitian) {
                double[] sym = new double[n * n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j <= i; j++) {
                        sym[i * n + j] = mat[i * n + j];
                        sym[j * n + i] = mat[i * n + j];
                    }
                }
                LinalgKernels.eigh(sym, n, s, new double[n * n]);
                for (int i = 0; i < k; i++) {
                    s[i] = Math.abs(s[i]);
                }
            } else {
                LinalgKernels.svd(mat, m, n, false, new double[m * k], s, new double[k * n]);
            }
            double smax = 0;
            for (double x : s) {
                smax = Math.max(smax, x);
            }
            double tol = tolerance(atol, rtol, a.dtype(), m, n, smax);
            for (double x : s) {
                out[b] += x > tol ? 1 : 0;
            }
        }
        return Tensor.of(out, batch).to(a.device());
    }

    /**
     * {@code torch.linalg.lstsq(A, B)} with the CPU default driver (gelsy): the least-squares solution (the
     * minimum-norm one where A is rank-deficient or wide), the rank; residuals and singular values empty.
     *
     * @param a a float tensor of shape {@code [..., m, n]}
     * @param b a tensor of a's dtype, {@code [..., m, k]}, or {@code [..., m]} (one dimension less than A)
     * @return solution {@code [..., n, k]} (or {@code [..., n]}), residuals, rank (int64), singular values
     */
    public static Lstsq lstsq(Tensor a, Tensor b) {
        return lstsq(a, b, null, null);
    }

    /**
     * {@code torch.linalg.lstsq(A, B, rcond, driver)}: singular values below {@code rcond * s_max} (default
     * {@code eps * max(m, n)}) count as zero. Drivers gelsd and gelss also return the singular values and, for a
     * full-rank tall A, the squared residuals; gels assumes full rank and returns neither rank nor singular values.
     *
     * @param a a float tensor of shape {@code [..., m, n]}
     * @param b a tensor of a's dtype
     * @param rcond the relative cut-off, or null
     * @param driver "gelsy" (null), "gelsd", "gelss" or "gels"
     * @return solution, residuals, rank and singular values
     */
    public static Lstsq lstsq(Tensor a, Tensor b, Double rcond, String driver) {
        String op = "torch.linalg.lstsq";
        nonNull(op, a, "A");
        nonNull(op, b, "B");
        String drv = driver == null ? "gelsy" : driver;
        if (!a.dtype().isFloatingPoint() || !b.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("This function doesn't handle types other than float and double");
        }
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": Expected input and other to have the same dtype, but got input's "
                    + "dtype " + scalarName(a.dtype()) + " and other's dtype " + scalarName(b.dtype()));
        }
        checkMatrix(op, a, "input");
        boolean vector = b.dim() == a.dim() - 1;
        if (!vector) {
            checkMatrix(op, b, "other");
        }
        if (!List.of("gels", "gelsy", "gelsd", "gelss").contains(drv)) {
            throw new IllegalArgumentException(op + ": parameter `driver` should be one of (gels, gelsy, gelsd, gelss)");
        }
        int m = rows(a);
        int n = cols(a);
        Tensor bm = vector ? b.unsqueeze(-1) : b;
        if (rows(bm) != m) {
            throw new IllegalArgumentException(op + ": input.size(-2) should match other.size(" + (vector ? -1 : -2) + ")");
        }
        int k = cols(bm);
        int[] batch = broadcastBatch(batchShape(bm), batchShape(a));
        int count = Shapes.numel(batch);
        double[] ha = a.expand(concat(batch, m, n)).toDoubleArray();
        double[] hb = bm.expand(concat(batch, m, k)).toDoubleArray();
        int q = Math.min(m, n);
        double[] xs = new double[count * n * k];
        long[] ranks = new long[count];
        double[] svals = new double[count * q];
        double[] res = new double[count * k];
        boolean fullRank = true;
        for (int i = 0; i < count; i++) {
            double[] u = new double[m * q];
            double[] s = new double[q];
            double[] vt = new double[q * n];
            LinalgKernels.svd(Arrays.copyOfRange(ha, i * m * n, (i + 1) * m * n), m, n, false, u, s, vt);
            double cut = (rcond != null && rcond >= 0 ? rcond : eps(a.dtype()) * Math.max(m, n)) * (q > 0 ? s[0] : 0.0);
            int rank = 0;
            for (int l = 0; l < q; l++) {
                rank += s[l] > cut ? 1 : 0;
            }
            ranks[i] = rank;
            fullRank &= rank == n;
            System.arraycopy(s, 0, svals, i * q, q);
            // x = V diag(1/s) U^T b over the kept singular values
            for (int c = 0; c < k; c++) {
                double[] coef = new double[q];
                for (int l = 0; l < rank; l++) {
                    double d = 0;
                    for (int r = 0; r < m; r++) {
                        d += u[r * q + l] * hb[i * m * k + r * k + c];
                    }
                    coef[l] = d / s[l];
                }
                for (int r = 0; r < n; r++) {
                    double x = 0;
                    for (int l = 0; l < rank; l++) {
                        x += vt[l * n + r] * coef[l];
                    }
                    xs[i * n * k + r * k + c] = x;
                }
                double rr = 0;
                for (int r = 0; r < m; r++) {
                    double ax = -hb[i * m * k + r * k + c];
                    for (int l = 0; l < n; l++) {
                        ax += ha[i * m * n + r * n + l] * xs[i * n * k + l * k + c];
                    }
                    rr += ax * ax;
                }
                res[i * k + c] = rr;
            }
        }
        Tensor x = make(xs, a, concat(batch, n, k));
        Tensor solution = vector ? x.squeeze(-1) : x;
        boolean svd = drv.equals("gelsd") || drv.equals("gelss");
        Tensor residuals = svd && m > n && fullRank ? make(res, a, concat(batch, k)) : make(new double[0], a, 0);
        Tensor rank = drv.equals("gels") ? Tensor.of(new long[0], 0).to(a.device()) : Tensor.of(ranks, batch).to(a.device());
        Tensor sv = svd ? make(svals, a, concat(batch, q)) : make(new double[0], a, 0);
        int[] aShape = a.shape.clone();
        int[] bShape = b.shape.clone();
        LinalgNodes.single("LinalgLstsqBackward0", solution, (g, s) -> {
            Tensor pinvA = graph() ? pinv(s[0]) : pinvNoGrad(s[0], null, null, false);
            Tensor gx = vector ? g[0].unsqueeze(-1) : g[0];
            Tensor bb = vector ? s[1].unsqueeze(-1) : s[1];
            Tensor ga = pinvBackward(gx.matmul(mT(bb)), pinvA, s[0]);
            Tensor gb = mT(pinvA).matmul(gx);
            return new Tensor[] {PrimitiveReductions.sumTo(ga, aShape),
                PrimitiveReductions.sumTo(vector ? gb.squeeze(-1) : gb, bShape)};
        }, new Tensor[] {a, b}, a, b);
        return new Lstsq(solution, residuals, rank, sv);
    }

    // ------------------------------------------------------------------ LU, triangular and Cholesky solves (linalg2)

    /**
     * {@code torch.linalg.lu_factor(A)}: the LU factorisation with partial pivoting, L (unit diagonal, not stored) and
     * U packed in one matrix, LAPACK's 1-based pivots. Any {@code [..., m, n]} matrix; an exactly zero pivot fails.
     *
     * @param a a float tensor of shape {@code [..., m, n]}
     * @return LU {@code [..., m, n]} and pivots {@code [..., min(m, n)]} (int32)
     */
    public static LuFactor luFactor(Tensor a) {
        return luFactor(a, true);
    }

    /**
     * {@code torch.linalg.lu_factor(A, pivot=pivot)}; without pivoting is CUDA-only in PyTorch and refused here.
     *
     * @param a a float tensor of shape {@code [..., m, n]}
     * @param pivot must be true
     * @return LU and pivots
     */
    public static LuFactor luFactor(Tensor a, boolean pivot) {
        LuFactorEx r = LinalgSolvers.luFactorEx("torch.linalg.lu_factor", a, pivot, true);
        return new LuFactor(r.lu(), r.pivots());
    }

    /**
     * {@code torch.linalg.lu_factor_ex(A)}: lu_factor with LAPACK's info (0, or the first zero pivot) instead of an error.
     *
     * @param a a float tensor of shape {@code [..., m, n]}
     * @return LU, pivots and info (int32, the batch shape)
     */
    public static LuFactorEx luFactorEx(Tensor a) {
        return luFactorEx(a, true, false);
    }

    /**
     * {@code torch.linalg.lu_factor_ex(A, pivot=pivot, check_errors=check_errors)}.
     *
     * @param a a float tensor of shape {@code [..., m, n]}
     * @param pivot must be true
     * @param checkErrors whether a zero pivot throws (as lu_factor)
     * @return LU, pivots and info
     */
    public static LuFactorEx luFactorEx(Tensor a, boolean pivot, boolean checkErrors) {
        return LinalgSolvers.luFactorEx("torch.linalg.lu_factor_ex", a, pivot, checkErrors);
    }

    /**
     * {@code torch.linalg.lu(A)}: {@code A = P L U} with P a permutation matrix (A's dtype, no gradient), L
     * {@code [..., m, k]} unit lower and U {@code [..., k, n]} upper triangular, k = min(m, n).
     *
     * @param a a float tensor of shape {@code [..., m, n]}
     * @return P, L and U
     */
    public static Lu lu(Tensor a) {
        return lu(a, true);
    }

    /**
     * {@code torch.linalg.lu(A, pivot=pivot)}.
     *
     * @param a a float tensor of shape {@code [..., m, n]}
     * @param pivot must be true (CUDA-only otherwise in PyTorch)
     * @return P, L and U
     */
    public static Lu lu(Tensor a, boolean pivot) {
        return LinalgSolvers.lu(a, pivot);
    }

    /**
     * {@code torch.lu_unpack(LU_data, LU_pivots)}: P, L and U from lu_factor's result.
     *
     * @param lu LU data {@code [..., m, n]}
     * @param pivots int32 pivots {@code [..., min(m, n)]}, 1-based
     * @return P, L and U
     */
    public static Lu luUnpack(Tensor lu, Tensor pivots) {
        return luUnpack(lu, pivots, true, true);
    }

    /**
     * {@code torch.lu_unpack(LU_data, LU_pivots, unpack_data, unpack_pivots)}: the parts not unpacked are empty.
     *
     * @param lu LU data {@code [..., m, n]}
     * @param pivots int32 pivots {@code [..., min(m, n)]}, 1-based
     * @param unpackData whether to return L and U
     * @param unpackPivots whether to return P
     * @return P, L and U
     */
    public static Lu luUnpack(Tensor lu, Tensor pivots, boolean unpackData, boolean unpackPivots) {
        return LinalgSolvers.luUnpack(lu, pivots, unpackData, unpackPivots);
    }

    /**
     * {@code torch.linalg.lu_solve(LU, pivots, B)}: X with {@code A X = B} from A's lu_factor.
     *
     * @param lu LU data {@code [..., n, n]}
     * @param pivots int32 pivots {@code [..., n]}
     * @param b {@code [..., n, k]} (batch dimensions broadcast)
     * @return X
     */
    public static Tensor luSolve(Tensor lu, Tensor pivots, Tensor b) {
        return luSolve(lu, pivots, b, true, false);
    }

    /**
     * {@code torch.linalg.lu_solve(LU, pivots, B, left=left, adjoint=adjoint)}: {@code op(A) X = B} (left) or
     * {@code X op(A) = B}, op(A) = A^T when adjoint.
     *
     * @param lu LU data {@code [..., n, n]}
     * @param pivots int32 pivots {@code [..., n]}
     * @param b {@code [..., n, k]} (left) or {@code [..., k, n]}
     * @param left whether A is on the left of X
     * @param adjoint whether to solve with A's transpose
     * @return X
     */
    public static Tensor luSolve(Tensor lu, Tensor pivots, Tensor b, boolean left, boolean adjoint) {
        return LinalgSolvers.luSolve(lu, pivots, b, left, adjoint);
    }

    /**
     * {@code torch.linalg.solve_triangular(A, B, upper=upper)}: X with {@code A X = B}, A's other triangle not read.
     *
     * @param a a float tensor {@code [..., n, n]}
     * @param b {@code [..., n, k]} of a's dtype (batch dimensions broadcast)
     * @param upper whether A is upper triangular
     * @return X
     */
    public static Tensor solveTriangular(Tensor a, Tensor b, boolean upper) {
        return solveTriangular(a, b, upper, true, false);
    }

    /**
     * {@code torch.linalg.solve_triangular(A, B, upper=upper, left=left, unitriangular=unitriangular)}.
     *
     * @param a a float tensor {@code [..., n, n]}
     * @param b {@code [..., n, k]} (left) or {@code [..., k, n]}
     * @param upper whether A is upper triangular
     * @param left whether to solve {@code A X = B} (else {@code X A = B})
     * @param unitriangular whether A's diagonal is taken as ones
     * @return X
     */
    public static Tensor solveTriangular(Tensor a, Tensor b, boolean upper, boolean left, boolean unitriangular) {
        return LinalgSolvers.solveTriangular(a, b, upper, left, unitriangular);
    }

    /**
     * {@code torch.triangular_solve(b, A, upper, transpose, unitriangular)} (the deprecated form, its argument
     * order): the solution of {@code op(A) X = b} and a copy of A (broadcast), both with TriangularSolveBackward0.
     *
     * @param b {@code [..., n, k]}
     * @param a {@code [..., n, n]}, triangular
     * @param upper whether A is upper triangular (PyTorch's default true)
     * @param transpose whether to solve with A^T
     * @param unitriangular whether A's diagonal is taken as ones
     * @return solution and cloned coefficient
     */
    public static TriangularSolve triangularSolve(Tensor b, Tensor a, boolean upper, boolean transpose,
            boolean unitriangular) {
        return LinalgSolvers.triangularSolve(b, a, upper, transpose, unitriangular);
    }

    /**
     * {@code torch.cholesky_solve(B, L, upper)}: X with {@code L L^T X = B} (upper: {@code U^T U X = B}), only the
     * factor's triangle read.
     *
     * @param b {@code [..., n, k]}
     * @param factor the Cholesky factor {@code [..., n, n]}
     * @param upper whether the factor is upper triangular
     * @return X
     */
    public static Tensor choleskySolve(Tensor b, Tensor factor, boolean upper) {
        return LinalgSolvers.choleskySolve(b, factor, upper);
    }

    /**
     * {@code torch.cholesky_inverse(L, upper)}: the inverse of {@code L L^T} (or {@code U^T U}) from its factor.
     *
     * @param factor the Cholesky factor {@code [..., n, n]}
     * @param upper whether the factor is upper triangular
     * @return the inverse
     */
    public static Tensor choleskyInverse(Tensor factor, boolean upper) {
        return LinalgSolvers.choleskyInverse(factor, upper);
    }

    /**
     * {@code torch.linalg.cholesky_ex(A, upper=upper, check_errors=check_errors)}: the factor and LAPACK's info (0,
     * or the order of the first leading minor that is not positive-definite; the factor is then unspecified).
     *
     * @param a a float tensor {@code [..., n, n]}
     * @param upper whether to return the upper factor
     * @param checkErrors whether a failure throws (as cholesky)
     * @return the factor and info (int32, the batch shape)
     */
    public static CholeskyEx choleskyEx(Tensor a, boolean upper, boolean checkErrors) {
        return LinalgSolvers.choleskyEx(a, upper, checkErrors);
    }

    /**
     * {@code torch.linalg.cholesky_ex(A)}.
     *
     * @param a a float tensor {@code [..., n, n]}
     * @return the lower factor and info
     */
    public static CholeskyEx choleskyEx(Tensor a) {
        return choleskyEx(a, false, false);
    }

    /**
     * {@code torch.linalg.inv_ex(A, check_errors=check_errors)}: the inverse and LAPACK's info (0, or the first zero
     * pivot; the inverse is then unspecified).
     *
     * @param a a float tensor {@code [..., n, n]}
     * @param checkErrors whether a singular matrix throws (as inv)
     * @return the inverse and info (int32, the batch shape)
     */
    public static InvEx invEx(Tensor a, boolean checkErrors) {
        return LinalgSolvers.invEx(a, checkErrors);
    }

    /**
     * {@code torch.linalg.inv_ex(A)}.
     *
     * @param a a float tensor {@code [..., n, n]}
     * @return the inverse and info
     */
    public static InvEx invEx(Tensor a) {
        return invEx(a, false);
    }

    /**
     * {@code torch.linalg.solve_ex(A, B, left=left, check_errors=check_errors)}: solve with LAPACK's info of A's
     * factorisation (A's batch shape) instead of an error for a singular A.
     *
     * @param a a float tensor {@code [..., n, n]}
     * @param b as for {@link #solve(Tensor, Tensor, boolean)}
     * @param left whether A is on the left of X
     * @param checkErrors whether a singular matrix throws
     * @return the result and info (int32)
     */
    public static SolveEx solveEx(Tensor a, Tensor b, boolean left, boolean checkErrors) {
        return LinalgSolvers.solveEx(a, b, left, checkErrors);
    }

    /**
     * {@code torch.linalg.solve_ex(A, B)}.
     *
     * @param a a float tensor {@code [..., n, n]}
     * @param b as for {@link #solve(Tensor, Tensor)}
     * @return the result and info
     */
    public static SolveEx solveEx(Tensor a, Tensor b) {
        return solveEx(a, b, true, false);
    }

    // ------------------------------------------------------------------ matrix functions (linalg2)

    /**
     * {@code torch.linalg.matrix_exp(A)}: the matrix exponential, by PyTorch 1.13's choice of a Taylor polynomial
     * (degree 1 to 18 by A's 1-norm and the dtype) with scaling and squaring beyond; computed in double.
     *
     * @param a a float tensor {@code [..., n, n]}
     * @return exp(A)
     */
    public static Tensor matrixExp(Tensor a) {
        return LinalgFunctions.matrixExp(a);
    }

    /**
     * {@code torch.linalg.householder_product(A, tau)} (LAPACK's orgqr): the first n columns of
     * {@code H_1 ... H_k}, {@code H_i = I - tau_i v_i v_i^T}, v_i A's column i below the diagonal with a 1 on it.
     *
     * @param a {@code [..., m, n]}, m >= n
     * @param tau {@code [..., k]}, k <= n
     * @return Q {@code [..., m, n]}
     */
    public static Tensor householderProduct(Tensor a, Tensor tau) {
        return LinalgFunctions.householderProduct(a, tau);
    }

    /**
     * {@code torch.geqrf(A)}: LAPACK's compact Householder QR (not differentiable, as in PyTorch).
     *
     * @param a a float tensor {@code [..., m, n]}
     * @return a (R on and above the diagonal, the reflectors below) and tau {@code [..., min(m, n)]}
     */
    public static Geqrf geqrf(Tensor a) {
        return LinalgFunctions.geqrf(a);
    }

    /**
     * {@code torch.linalg.tensorinv(A, ind=2)}.
     *
     * @param a a float tensor with {@code prod(shape[:2]) == prod(shape[2:])}
     * @return the inverse, of shape {@code shape[2:] + shape[:2]}
     */
    public static Tensor tensorinv(Tensor a) {
        return tensorinv(a, 2);
    }

    /**
     * {@code torch.linalg.tensorinv(A, ind)}: the inverse of A seen as a matrix of {@code prod(shape[:ind])} rows.
     *
     * @param a a float tensor with {@code prod(shape[:ind]) == prod(shape[ind:])}
     * @param ind how many leading dimensions index rows (positive)
     * @return the inverse, of shape {@code shape[ind:] + shape[:ind]}
     */
    public static Tensor tensorinv(Tensor a, int ind) {
        return LinalgFunctions.tensorinv(a, ind);
    }

    /**
     * {@code torch.linalg.tensorsolve(A, B)}: X with {@code tensordot(A, X, X.ndim) == B}.
     *
     * @param a a float tensor of shape {@code B.shape + X.shape}
     * @param b a tensor of a's dtype
     * @return X
     */
    public static Tensor tensorsolve(Tensor a, Tensor b) {
        return tensorsolve(a, b, null);
    }

    /**
     * {@code torch.linalg.tensorsolve(A, B, dims)}: A's dimensions {@code dims} moved to the end first.
     *
     * @param a a float tensor
     * @param b a tensor of a's dtype
     * @param dims dimensions of A that belong to X, or null
     * @return X
     */
    public static Tensor tensorsolve(Tensor a, Tensor b, int[] dims) {
        return LinalgFunctions.tensorsolve(a, b, dims);
    }

    /**
     * {@code torch.linalg.cond(A)}: the 2-norm condition number, {@code s_max / s_min} (any {@code [..., m, n]}).
     *
     * @param a a float tensor {@code [..., m, n]}
     * @return a tensor of the batch shape
     */
    public static Tensor cond(Tensor a) {
        return LinalgFunctions.cond(a, (Double) null);
    }

    /**
     * {@code torch.linalg.cond(A, p)} for p in 2, -2 (singular values), 1, -1, inf, -inf ({@code norm(A) *
     * norm(A^-1)}, square A, infinite for a singular one; PyTorch 1.13's backward of these fails, and so does grad4j's).
     *
     * @param a a float tensor {@code [..., m, n]}
     * @param p the order
     * @return a tensor of the batch shape
     */
    public static Tensor cond(Tensor a, double p) {
        return LinalgFunctions.cond(a, p);
    }

    /**
     * {@code torch.linalg.cond(A, p)} for p 'fro' or 'nuc' (square A).
     *
     * @param a a float tensor {@code [..., n, n]}
     * @param p {@code "fro"} or {@code "nuc"}
     * @return a tensor of the batch shape
     */
    public static Tensor cond(Tensor a, String p) {
        return LinalgFunctions.cond(a, p);
    }

    /**
     * {@code torch.linalg.diagonal(A)}: the diagonals of the last two dimensions (a view).
     *
     * @param a a tensor of at least 2 dimensions
     * @return a view {@code [..., min(m, n)]}
     */
    public static Tensor diagonal(Tensor a) {
        return diagonal(a, 0, -2, -1);
    }

    /**
     * {@code torch.linalg.diagonal(A, offset=offset, dim1=dim1, dim2=dim2)}: {@code torch.diagonal} with the last
     * two dimensions as defaults.
     *
     * @param a a tensor
     * @param offset the diagonal (positive: above the main one)
     * @param dim1 the first dimension
     * @param dim2 the second dimension
     * @return a view
     */
    public static Tensor diagonal(Tensor a, int offset, int dim1, int dim2) {
        nonNull("linalg.diagonal", a, "A");
        return a.diagonal(offset, dim1, dim2);
    }
}

package org.grad4j;

/**
 * The host algorithms behind {@link Linalg}, on one row-major matrix in double precision: LU with partial pivoting
 * (LAPACK getrf's order: the first largest pivot, a rank-1 update per column), Cholesky, Householder QR (LAPACK's
 * geqrf/orgqr reflector convention, so Q and R carry LAPACK's signs; computed along contiguous columns),
 * tridiagonalisation and implicit QR steps for symmetric eigenproblems and one-sided Jacobi for the SVD (both
 * accurate to a few ulps of the largest value), triangular solves in reference BLAS's order. Every method works in
 * place on arrays it is given or returns new ones.
 */
final class LinalgKernels {
    private LinalgKernels() {
    }

    /**
     * LU factorisation of the n x n matrix {@code a} in place (L unit lower, U upper), row swaps in {@code piv}
     * (0-based: row i was swapped with row piv[i]).
     *
     * @return LAPACK's info: 0, or the 1-based index of the first exactly zero pivot (the factorisation completes)
     */
    static int lu(double[] a, int n, int[] piv) {
        return lu(a, n, n, piv);
    }

    /**
     * LU factorisation of the m x n matrix {@code a} in place (LAPACK getrf on a rectangular matrix: L m x k unit
     * lower, U k x n upper, k = min(m, n)), row swaps in {@code piv[0..k)} (0-based).
     *
     * @return LAPACK's info: 0, or the 1-based index of the first exactly zero pivot (the factorisation completes)
     */
    static int lu(double[] a, int m, int n, int[] piv) {
        int info = 0;
        int k = Math.min(m, n);
        for (int j = 0; j < k; j++) {
            int p = j;
            double best = Math.abs(a[j * n + j]);
            for (int i = j + 1; i < m; i++) {
                double v = Math.abs(a[i * n + j]);
                if (v > best || Double.isNaN(v) && !Double.isNaN(best)) {
                    best = v;
                    p = i;
                }
            }
            piv[j] = p;
            if (p != j) {
                int rj = j * n;
                int rp = p * n;
                for (int c = 0; c < n; c++) {
                    double t = a[rj + c];
                    a[rj + c] = a[rp + c];
                    a[rp + c] = t;
                }
            }
            double d = a[j * n + j];
            if (d == 0.0) {
                if (info == 0) {
                    info = j + 1;
                }
                continue;
            }
            double r = 1.0 / d;
            int rj = j * n;
            for (int i = j + 1; i < m; i++) {
                int ri = i * n;
                // getf2 scales by the reciprocal where it is safe, as LAPACK does
                double l = Math.abs(d) >= Double.MIN_NORMAL ? a[ri + j] * r : a[ri + j] / d;
                a[ri + j] = l;
                if (l != 0.0) {
                    for (int c = j + 1; c < n; c++) {
                        a[ri + c] -= l * a[rj + c];
                    }
                }
            }
        }
        return info;
    }

    /**
     * Solves {@code T X = B} in place in {@code b} (n x k, row-major) for the triangle of {@code t} (n x n) chosen
     * by {@code upper}, the other triangle not read; {@code unit}: the diagonal is taken as ones. Each element sees
     * reference BLAS dtrsm's operations in its order, so singular triangles give its infinities and NaNs: a left-side
     * solve skips B's zeros; {@code rightSide} (the transpose of BLAS's {@code X A = B}) skips T's zeros instead
     * and always divides.
     */
    static void trsm(double[] t, int n, boolean upper, boolean unit, double[] b, int k, boolean rightSide) {
        for (int step = 0; step < n; step++) {
            int p = upper ? n - 1 - step : step;
            int rp = p * k;
            if (!unit) {
                double d = t[p * n + p];
                for (int c = 0; c < k; c++) {
                    if (rightSide || b[rp + c] != 0.0) {
                        b[rp + c] /= d;
                    }
                }
            }
            int from = upper ? 0 : p + 1;
            int to = upper ? p : n;
            for (int i = from; i < to; i++) {
                double l = t[i * n + p];
                if (rightSide && l == 0.0) {
                    continue;
                }
                int ri = i * k;
                for (int c = 0; c < k; c++) {
                    double x = b[rp + c];
                    if (rightSide || x != 0.0) {
                        b[ri + c] -= x * l;
                    }
                }
            }
        }
    }

    /** The m x n transpose of the n x m row-major matrix {@code a} (the result is n x m read as m x n). */
    static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = a[i * cols + j];
            }
        }
        return t;
    }

    /** The m x n product of the row-major m x k matrix {@code a} and k x n matrix {@code b} (i-k-j order). */
    static double[] matmul(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            int ci = i * n;
            for (int p = 0; p < k; p++) {
                double x = a[i * k + p];
                int bp = p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += x * b[bp + j];
                }
            }
        }
        return c;
    }

    /** The determinant from an LU factorisation: the product of U's diagonal, negated per row swap. */
    static double luDet(double[] lu, int n, int[] piv) {
        double d = 1.0;
        for (int i = 0; i < n; i++) {
            d *= lu[i * n + i];
            if (piv[i] != i) {
                d = -d;
            }
        }
        return d;
    }

    /** Solves {@code A X = B} in place in {@code b} (n x k) from A's LU factorisation (non-singular). */
    static void luSolve(double[] lu, int n, int[] piv, double[] b, int k) {
        for (int i = 0; i < n; i++) {
            int p = piv[i];
            if (p != i) {
                for (int c = 0; c < k; c++) {
                    double t = b[i * k + c];
                    b[i * k + c] = b[p * k + c];
                    b[p * k + c] = t;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double l = lu[i * n + j];
                if (l != 0.0) {
                    for (int c = 0; c < k; c++) {
                        b[i * k + c] -= l * b[j * k + c];
                    }
                }
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            for (int j = i + 1; j < n; j++) {
                double u = lu[i * n + j];
                if (u != 0.0) {
                    for (int c = 0; c < k; c++) {
                        b[i * k + c] -= u * b[j * k + c];
                    }
                }
            }
            double d = lu[i * n + i];
            for (int c = 0; c < k; c++) {
                b[i * k + c] /= d;
            }
        }
    }

    /**
     * Solves {@code A^T X = B} in place in {@code b} (n x k) from A's LU factorisation {@code P A = L U}:
     * {@code U^T L^T P X = B}, so a lower solve with U^T, a unit upper one with L^T, then the row swaps undone.
     */
    static void luSolveTransposed(double[] lu, int n, int[] piv, double[] b, int k) {
        for (int i = 0; i < n; i++) {
            double d = lu[i * n + i];
            for (int c = 0; c < k; c++) {
                b[i * k + c] /= d;
            }
            for (int j = i + 1; j < n; j++) {
                double u = lu[i * n + j];   // (U^T)[j][i]
                if (u != 0.0) {
                    for (int c = 0; c < k; c++) {
                        b[j * k + c] -= u * b[i * k + c];
                    }
                }
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            for (int j = 0; j < i; j++) {
                double l = lu[i * n + j];   // (L^T)[j][i]
                if (l != 0.0) {
                    for (int c = 0; c < k; c++) {
                        b[j * k + c] -= l * b[i * k + c];
                    }
                }
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            int p = piv[i];
            if (p != i) {
                for (int c = 0; c < k; c++) {
                    double t = b[i * k + c];
                    b[i * k + c] = b[p * k + c];
                    b[p * k + c] = t;
                }
            }
        }
    }

    /**
     * The lower Cholesky factor of the n x n matrix whose lower triangle {@code a} holds (the upper is not read).
     *
     * @return the factor in {@code out}'s lower triangle (upper zero) and 0, or the order of the first leading minor
     *         that is not positive-definite (LAPACK potrf's info)
     */
    static int cholesky(double[] a, int n, double[] out) {
        java.util.Arrays.fill(out, 0, n * n, 0.0);
        for (int j = 0; j < n; j++) {
            double s = a[j * n + j];
            for (int k = 0; k < j; k++) {
                s -= out[j * n + k] * out[j * n + k];
            }
            if (!(s > 0.0)) {
                return j + 1;
            }
            double d = Math.sqrt(s);
            out[j * n + j] = d;
            for (int i = j + 1; i < n; i++) {
                double v = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    v -= out[i * n + k] * out[j * n + k];
                }
                out[i * n + j] = v / d;
            }
        }
        return 0;
    }

    /**
     * Householder QR of the m x n matrix {@code a} (in place: R in the upper triangle, the reflectors' vectors
     * below it, LAPACK's storage), the reflectors' scales in {@code tau} (min(m, n) of them). LAPACK's dlarfg:
     * {@code beta = -sign(alpha) * ||x||}, no reflection (tau 0) when the part below the diagonal is zero.
     */
    static void qr(double[] a, int m, int n, double[] tau) {
        int k = Math.min(m, n);
        double[] c = transpose(a, m, n);   // column j at c[j * m ...]: every loop below runs along a column
        for (int j = 0; j < k; j++) {
            int cj = j * m;
            double alpha = c[cj + j];
            double xnorm = 0.0;
            for (int i = j + 1; i < m; i++) {
                xnorm = Math.hypot(xnorm, c[cj + i]);
            }
            if (xnorm == 0.0) {
                tau[j] = 0.0;
                continue;
            }
            double beta = -Math.copySign(Math.hypot(alpha, xnorm), alpha);
            tau[j] = (beta - alpha) / beta;
            double scale = 1.0 / (alpha - beta);
            for (int i = j + 1; i < m; i++) {
                c[cj + i] *= scale;
            }
            c[cj + j] = beta;
            // apply H = I - tau v v^T (v[j] = 1) to the columns right of j
            for (int col = j + 1; col < n; col++) {
                int cc = col * m;
                double sum = c[cc + j];
                for (int i = j + 1; i < m; i++) {
                    sum += c[cj + i] * c[cc + i];
                }
                sum *= tau[j];
                c[cc + j] -= sum;
                for (int i = j + 1; i < m; i++) {
                    c[cc + i] -= sum * c[cj + i];
                }
            }
        }
        System.arraycopy(transpose(c, n, m), 0, a, 0, m * n);
    }

    /** The first {@code cols} columns of Q = H_0 H_1 ... H_{k-1} (m x cols) from {@link #qr}'s output. */
    static double[] qrQ(double[] a, int m, int n, double[] tau, int cols) {
        int k = Math.min(m, n);
        double[] v = transpose(a, m, n);   // the reflectors along columns
        double[] q = new double[cols * m];   // Q's columns contiguous
        for (int i = 0; i < Math.min(m, cols); i++) {
            q[i * m + i] = 1.0;
        }
        for (int j = k - 1; j >= 0; j--) {
            if (tau[j] == 0.0) {
                continue;
            }
            int vj = j * m;
            for (int c = 0; c < cols; c++) {
                int qc = c * m;
                double sum = q[qc + j];
                for (int i = j + 1; i < m; i++) {
                    sum += v[vj + i] * q[qc + i];
                }
                sum *= tau[j];
                q[qc + j] -= sum;
                for (int i = j + 1; i < m; i++) {
                    q[qc + i] -= sum * v[vj + i];
                }
            }
        }
        return transpose(q, cols, m);
    }

    /**
     * Eigen-decomposition of the symmetric n x n matrix {@code a} (both triangles set): Householder reduction to
     * tridiagonal form, then implicit QR steps (O(n^3) with a small constant, backward stable as LAPACK's syev).
     *
     * @param w receives the eigenvalues in ascending order
     * @param v receives the eigenvectors as columns (n x n), in the eigenvalues' order
     */
    static void eigh(double[] a, int n, double[] w, double[] v) {
        double[] d = new double[n];
        double[] e = new double[Math.max(n - 1, 0)];
        double[] qt = tridiagonalize(a, n, d, e);
        tridiagonalQr(d, e, n, qt);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(d[x], d[y]));
        for (int j = 0; j < n; j++) {
            int from = order[j];
            w[j] = d[from];
            for (int i = 0; i < n; i++) {
                v[i * n + j] = qt[from * n + i];
            }
        }
    }

    /**
     * Householder reduction of the symmetric n x n matrix {@code a} (both triangles set; not modified) to
     * tridiagonal form {@code T = Q^T A Q}: T's diagonal in {@code d}, its subdiagonal in {@code e}.
     *
     * @return Q^T (row k: Q's column k), for the rotations of {@link #tridiagonalQr}
     */
    static double[] tridiagonalize(double[] a, int n, double[] d, double[] e) {
        double[] z = a.clone();
        double[][] vs = new double[Math.max(n - 2, 0)][];
        double[] taus = new double[Math.max(n - 2, 0)];
        double[] p = new double[n];
        double[] wv = new double[n];
        for (int k = 0; k < n - 2; k++) {
            double alpha = z[(k + 1) * n + k];
            double xnorm = 0.0;
            for (int i = k + 2; i < n; i++) {
                xnorm = Math.hypot(xnorm, z[i * n + k]);
            }
            if (xnorm == 0.0) {
                e[k] = alpha;
                continue;
            }
            double beta = -Math.copySign(Math.hypot(alpha, xnorm), alpha);
            double tau = (beta - alpha) / beta;
            double scale = 1.0 / (alpha - beta);
            double[] vk = new double[n];
            vk[k + 1] = 1.0;
            for (int i = k + 2; i < n; i++) {
                vk[i] = z[i * n + k] * scale;
            }
            e[k] = beta;
            // the trailing block B (rows and columns k+1..): B <- H B H = B - v w^T - w v^T, with p = tau B v and
            // w = p - (tau / 2)(p . v) v
            double pv = 0.0;
            for (int i = k + 1; i < n; i++) {
                double sum = 0.0;
                int ri = i * n;
                for (int j = k + 1; j < n; j++) {
                    sum += z[ri + j] * vk[j];
                }
                p[i] = tau * sum;
                pv += p[i] * vk[i];
            }
            double half = 0.5 * tau * pv;
            for (int i = k + 1; i < n; i++) {
                wv[i] = p[i] - half * vk[i];
            }
            for (int i = k + 1; i < n; i++) {
                int ri = i * n;
                double vi = vk[i];
                double wi = wv[i];
                for (int j = k + 1; j < n; j++) {
                    z[ri + j] -= vi * wv[j] + wi * vk[j];
                }
            }
            vs[k] = vk;
            taus[k] = tau;
        }
        if (n >= 2) {
            e[n - 2] = z[(n - 1) * n + n - 2];
        }
        for (int i = 0; i < n; i++) {
            d[i] = z[i * n + i];
        }
        // Q = H_0 H_1 ... H_{n-3}, built from the right end: Q <- H_k Q
        double[] q = identity(n);
        double[] s = new double[n];
        for (int k = n - 3; k >= 0; k--) {
            double[] vk = vs[k];
            if (vk == null) {
                continue;
            }
            java.util.Arrays.fill(s, 0.0);
            for (int i = k + 1; i < n; i++) {
                double vi = vk[i];
                int ri = i * n;
                for (int c = 0; c < n; c++) {
                    s[c] += vi * q[ri + c];
                }
            }
            for (int i = k + 1; i < n; i++) {
                double f = taus[k] * vk[i];
                int ri = i * n;
                for (int c = 0; c < n; c++) {
                    q[ri + c] -= f * s[c];
                }
            }
        }
        return transpose(q, n, n);
    }

    private static double[] identity(int n) {
        double[] e = new double[n * n];
        for (int i = 0; i < n; i++) {
            e[i * n + i] = 1.0;
        }
        return e;
    }

    /**
     * The eigenvalues of the symmetric tridiagonal matrix (d, e) in place in {@code d}, by implicit QR steps with
     * Wilkinson's shift and deflation of negligible off-diagonal entries; each step's rotations are applied to the
     * rows of {@code qt} (n x n), which ends holding the eigenvectors as rows.
     */
    static void tridiagonalQr(double[] d, double[] e, int n, double[] qt) {
        double eps = 0x1p-53;
        int hi = n - 1;
        int budget = 50 * Math.max(n, 1);
        while (hi > 0) {
            if (Math.abs(e[hi - 1]) <= eps * (Math.abs(d[hi - 1]) + Math.abs(d[hi])) || Math.abs(e[hi - 1])
                    < Double.MIN_NORMAL) {
                e[hi - 1] = 0.0;
                hi--;
                continue;
            }
            if (budget-- == 0) {
                break;   // not converged (NaN input): what is left stays as it is
            }
            int lo = hi - 1;
            while (lo > 0 && Math.abs(e[lo - 1]) > eps * (Math.abs(d[lo - 1]) + Math.abs(d[lo]))
                    && Math.abs(e[lo - 1]) >= Double.MIN_NORMAL) {
                lo--;
            }
            double delta = 0.5 * (d[hi - 1] - d[hi]);
            double eh = e[hi - 1];
            double denom = delta + Math.copySign(Math.hypot(delta, eh), delta);
            double mu = d[hi] - eh / denom * eh;
            double x = d[lo] - mu;
            double z = e[lo];
            for (int k = lo; k < hi; k++) {
                double r = Math.hypot(x, z);
                double c = r == 0.0 ? 1.0 : x / r;
                double s = r == 0.0 ? 0.0 : z / r;
                if (k > lo) {
                    e[k - 1] = r;
                }
                double dk = d[k];
                double dk1 = d[k + 1];
                double ek = e[k];
                double cs = c * s;
                d[k] = c * c * dk + 2.0 * cs * ek + s * s * dk1;
                d[k + 1] = s * s * dk - 2.0 * cs * ek + c * c * dk1;
                e[k] = cs * (dk1 - dk) + (c * c - s * s) * ek;
                if (k < hi - 1) {
                    z = s * e[k + 1];
                    e[k + 1] *= c;
                    x = e[k];
                }
                int rk = k * n;
                int rk1 = rk + n;
                for (int i = 0; i < n; i++) {
                    double a0 = qt[rk + i];
                    double a1 = qt[rk1 + i];
                    qt[rk + i] = c * a0 + s * a1;
                    qt[rk1 + i] = c * a1 - s * a0;
                }
            }
        }
    }

    /**
     * Thin SVD of the m x n matrix {@code a} with m >= n by one-sided Jacobi, started from the eigenvectors of
     * {@code a^T a}: {@code a = u diag(s) vt}, u m x cols
     * ({@code cols} = n, or m for the full U, completed to an orthonormal basis), s descending, vt n x n.
     */
    static void svdTall(double[] a, int m, int n, int cols, double[] u, double[] s, double[] vt) {
        // columns stored contiguously (w[j * m + i]): the rotations sweep whole columns
        double[] w = new double[m * n];   // converge to u_j * s_j
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                w[j * m + i] = a[i * n + j];
            }
        }
        // Start from the eigenvectors V0 of A^T A: the columns of A V0 are then close to orthogonal, and the
        // rotations below (which alone decide the accuracy) converge in a few cheap sweeps instead of many
        double[] v = gramEigenvectors(w, m, n);   // v[j * n + i]: column j of V
        w = times(w, m, n, v);
        double[] sq = new double[n];
        // LAPACK dgesvj's threshold: columns count as orthogonal below sqrt(m) eps (a smaller one only adds sweeps
        // that rotate by rounding noise)
        double tol = Math.sqrt(m) * 0x1p-52;
        for (int sweep = 0; sweep < 80; sweep++) {
            for (int j = 0; j < n; j++) {
                double x2 = 0.0;
                for (int i = 0; i < m; i++) {
                    x2 += w[j * m + i] * w[j * m + i];
                }
                sq[j] = x2;
            }
            boolean rotated = false;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    int pp = p * m;
                    int qq = q * m;
                    double alpha = sq[p];   // kept up to date through the rotations, exact at each sweep's start
                    double beta = sq[q];
                    double gamma = 0;
                    for (int i = 0; i < m; i++) {
                        gamma += w[pp + i] * w[qq + i];
                    }
                    if (gamma == 0.0 || Math.abs(gamma) <= tol * Math.sqrt(alpha * beta)) {
                        continue;
                    }
                    rotated = true;
                    double zeta = (beta - alpha) / (2.0 * gamma);
                    double t = Math.copySign(1.0, zeta) / (Math.abs(zeta) + Math.sqrt(1.0 + zeta * zeta));
                    double c = 1.0 / Math.sqrt(1.0 + t * t);
                    double sn = c * t;
                    for (int i = 0; i < m; i++) {
                        double x = w[pp + i];
                        double y = w[qq + i];
                        w[pp + i] = c * x - sn * y;
                        w[qq + i] = sn * x + c * y;
                    }
                    sq[p] = alpha - t * gamma;
                    sq[q] = beta + t * gamma;
                    int vp = p * n;
                    int vq = q * n;
                    for (int i = 0; i < n; i++) {
                        double x = v[vp + i];
                        double y = v[vq + i];
                        v[vp + i] = c * x - sn * y;
                        v[vq + i] = sn * x + c * y;
                    }
                }
            }
            if (!rotated) {
                break;
            }
        }
        double[] norms = new double[n];
        for (int j = 0; j < n; j++) {
            double ss = 0.0;
            for (int i = 0; i < m; i++) {
                ss = Math.hypot(ss, w[j * m + i]);
            }
            norms[j] = ss;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(norms[y], norms[x]));
        java.util.Arrays.fill(u, 0, m * cols, 0.0);
        boolean[] set = new boolean[cols];
        for (int j = 0; j < n; j++) {
            int from = order[j];
            s[j] = norms[from];
            System.arraycopy(v, from * n, vt, j * n, n);
            if (norms[from] > 1e-300) {
                for (int i = 0; i < m; i++) {
                    u[i * cols + j] = w[from * m + i] / norms[from];
                }
                set[j] = true;
            }
        }
        complete(u, m, cols, set);
    }

    /** The eigenvectors of W^T W for W's n columns of length m stored contiguously, as contiguous columns. */
    private static double[] gramEigenvectors(double[] w, int m, int n) {
        double[] g = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double d = 0.0;
                for (int k = 0; k < m; k++) {
                    d += w[i * m + k] * w[j * m + k];
                }
                g[i * n + j] = d;
                g[j * n + i] = d;
            }
        }
        double[] values = new double[n];
        double[] vectors = new double[n * n];
        eigh(g, n, values, vectors);
        return transpose(vectors, n, n);
    }

    /** W V for W's n columns (length m) and V's n columns (length n), both stored contiguously; columns out. */
    private static double[] times(double[] w, int m, int n, double[] v) {
        double[] out = new double[m * n];
        for (int j = 0; j < n; j++) {
            int oj = j * m;
            for (int k = 0; k < n; k++) {
                double f = v[j * n + k];
                int wk = k * m;
                for (int i = 0; i < m; i++) {
                    out[oj + i] += f * w[wk + i];
                }
            }
        }
        return out;
    }

    /**
     * Fills the columns of the m x cols matrix {@code u} not marked in {@code set} with unit vectors orthogonal to
     * every other column (Gram-Schmidt, twice, over the standard basis), so u has orthonormal columns.
     */
    static void complete(double[] u, int m, int cols, boolean[] set) {
        int e = 0;
        for (int j = 0; j < cols; j++) {
            if (set[j]) {
                continue;
            }
            while (e < m) {
                double[] x = new double[m];
                x[e++] = 1.0;
                for (int pass = 0; pass < 2; pass++) {
                    for (int k = 0; k < cols; k++) {
                        if (!set[k]) {
                            continue;
                        }
                        double d = 0;
                        for (int i = 0; i < m; i++) {
                            d += u[i * cols + k] * x[i];
                        }
                        for (int i = 0; i < m; i++) {
                            x[i] -= d * u[i * cols + k];
                        }
                    }
                }
                double nrm = 0;
                for (int i = 0; i < m; i++) {
                    nrm = Math.hypot(nrm, x[i]);
                }
                if (nrm > 1e-8) {
                    for (int i = 0; i < m; i++) {
                        u[i * cols + j] = x[i] / nrm;
                    }
                    set[j] = true;
                    break;
                }
            }
        }
    }

    /**
     * SVD of any m x n matrix: u (m x ucols: k, or m when full), s (k = min(m, n), descending), vt (vrows x n:
     * k, or n when full).
     */
    static void svd(double[] a, int m, int n, boolean full, double[] u, double[] s, double[] vt) {
        int k = Math.min(m, n);
        if (m >= n) {
            int ucols = full ? m : n;
            svdTall(a, m, n, ucols, u, s, vt);
            return;
        }
        // A^T = V S U^T: the tall SVD of the transpose, with the roles of U and V exchanged
        double[] at = new double[n * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                at[j * m + i] = a[i * n + j];
            }
        }
        int vcols = full ? n : m;
        double[] v = new double[n * vcols];
        double[] ut = new double[m * m];
        svdTall(at, n, m, vcols, v, s, ut);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                u[i * k + j] = ut[j * m + i];
            }
        }
        for (int i = 0; i < vcols; i++) {
            for (int j = 0; j < n; j++) {
                vt[i * n + j] = v[j * vcols + i];
            }
        }
    }
}

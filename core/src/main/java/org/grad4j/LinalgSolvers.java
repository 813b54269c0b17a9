package org.grad4j;

import static org.grad4j.Linalg.batchPrefix;
import static org.grad4j.Linalg.batchShape;
import static org.grad4j.Linalg.broadcastBatch;
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
 * The LU family, triangular and Cholesky solves and the {@code _ex} variants of {@link Linalg}: host kernels of
 * {@link LinalgKernels} per matrix of a (broadcast) batch, gradients as PyTorch 1.13's FunctionsManual writes them
 * (with tensor ops, so they are differentiable again), its grad_fn names and messages.
 */
final class LinalgSolvers {
    private LinalgSolvers() {
    }

    // ------------------------------------------------------------------ helpers

    private static Tensor zeros(Tensor like, int... shape) {
        return Tensor.full(shape, 0.0, like.dtype(), like.device());
    }

    /** An int32 tensor on {@code like}'s device. */
    private static Tensor int32(int[] data, Tensor like, int... shape) {
        return Tensor.of(data, shape).to(like.device());
    }

    private static void sameDtype(String op, Tensor a, String an, Tensor b, String bn) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": Expected " + an + " and " + bn + " to have the same dtype, but found "
                    + an + " of type " + scalarName(a.dtype()) + " and " + bn + " of type " + scalarName(b.dtype())
                    + " instead.");
        }
    }

    private static void floating(String op, Tensor a) {
        if (!a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": Expected a floating point or complex tensor as input. Got "
                    + scalarName(a.dtype()));
        }
    }

    /** The matrices of {@code t} (shape {@code [..., r, c]}) expanded to {@code batch}, as one host array. */
    private static double[] host(Tensor t, int[] batch) {
        return t.expand(concat(batch, rows(t), cols(t))).toDoubleArray();
    }

    // ------------------------------------------------------------------ LU

    /** The host LU of every matrix of {@code a}: LU (as a), 1-based pivots (batch x k) and info (batch). */
    record HostLu(double[] lu, int[] pivots, int[] info, int m, int n, int count) {
        int k() {
            return Math.min(m, n);
        }
    }

    static HostLu hostLu(Tensor a) {
        int m = rows(a);
        int n = cols(a);
        int k = Math.min(m, n);
        int count = Shapes.numel(batchShape(a));
        double[] h = a.toDoubleArray();
        int[] piv = new int[count * k];
        int[] info = new int[count];
        int[] p = new int[k];
        double[] w = new double[m * n];
        for (int b = 0; b < count; b++) {
            System.arraycopy(h, b * m * n, w, 0, m * n);
            info[b] = LinalgKernels.lu(w, m, n, p);
            System.arraycopy(w, 0, h, b * m * n, m * n);
            for (int i = 0; i < k; i++) {
                piv[b * k + i] = p[i] + 1;
            }
        }
        return new HostLu(h, piv, info, m, n, count);
    }

    private static void luChecks(String op, Tensor a, boolean pivot) {
        nonNull(op, a, "A");
        if (a.dim() < 2) {
            String shown = op.equals("linalg.lu") ? op : "torch.lu_factor";   // lu_factor_ex's message too
            throw new IllegalArgumentException(shown + ": Expected tensor with 2 or more dimensions. Got size: "
                    + Arrays.toString(a.shape) + " instead");
        }
        if (!a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"lu_cpu\" not implemented for '" + scalarName(a.dtype()) + "'");
        }
        if (!pivot) {
            throw new IllegalArgumentException("linalg.lu_factor: LU without pivoting is not implemented on the CPU");
        }
    }

    /** torch.linalg.lu_factor_ex; {@code op} names the entry point in messages. */
    static Linalg.LuFactorEx luFactorEx(String op, Tensor a, boolean pivot, boolean checkErrors) {
        luChecks(op, a, pivot);
        HostLu f = hostLu(a);
        int[] batch = batchShape(a);
        if (checkErrors) {
            for (int b = 0; b < f.count(); b++) {
                if (f.info()[b] > 0) {
                    int i = f.info()[b];
                    throw new IllegalArgumentException(op + ": " + batchPrefix(a, b) + "U[" + i + "," + i + "] is zero and "
                            + "using it on lu_solve would result in a division by zero. If you still want to perform the "
                            + "factorization, consider calling linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)");
                }
            }
        }
        Tensor lu = make(f.lu(), a, a.shape.clone());
        Tensor piv = int32(f.pivots(), a, concat(batch, f.k()));
        Tensor info = int32(f.info(), a, batch);
        int m = f.m();
        int n = f.n();
        int k = f.k();
        LinalgNodes.single("LinalgLuFactorExBackward0", lu, (g, s) -> {
            Tensor[] plu = unpack(s[0], s[1]);
            return new Tensor[] {luBackward(g[0].narrow(-1, 0, k), g[0].narrow(-2, 0, k), plu[0], plu[1], plu[2])};
        }, new Tensor[] {a}, lu.detach(), piv);
        return new Linalg.LuFactorEx(lu, piv, info);
    }

    /** torch.linalg.lu: P, L, U with {@code A = P L U}. */
    static Linalg.Lu lu(Tensor a, boolean pivot) {
        luChecks("linalg.lu", a, pivot);
        HostLu f = hostLu(a);
        Tensor lu = make(f.lu(), a, a.shape.clone());
        Tensor piv = int32(f.pivots(), a, concat(batchShape(a), f.k()));
        Tensor[] plu = unpack(lu, piv);
        LinalgNodes.multi("LinalgLuBackward0", new Tensor[] {plu[1], plu[2]}, new boolean[] {true, true},
                (g, s) -> new Tensor[] {luBackward(g[0], g[1], s[0], s[1], s[2])}, new Tensor[] {a},
                plu[0], plu[1].detach(), plu[2].detach());
        return new Linalg.Lu(plu[0], plu[1], plu[2]);
    }

    /** The permutation matrices (float, {@code like}'s dtype) of 1-based LAPACK pivots: {@code A = P L U}. */
    static double[] permutations(int[] piv, int count, int m, int k) {
        double[] p = new double[count * m * m];
        int[] perm = new int[m];
        for (int b = 0; b < count; b++) {
            for (int i = 0; i < m; i++) {
                perm[i] = i;
            }
            for (int i = 0; i < k; i++) {
                int j = piv[b * k + i] - 1;
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            for (int i = 0; i < m; i++) {
                p[b * m * m + perm[i] * m + i] = 1.0;   // row i of P^T A is row perm[i] of A
            }
        }
        return p;
    }

    /** P, L, U of detached LU data and pivots, without checks or nodes. */
    private static Tensor[] unpack(Tensor lu, Tensor piv) {
        int m = rows(lu);
        int n = cols(lu);
        int k = Math.min(m, n);
        int[] batch = batchShape(lu);
        int count = Shapes.numel(batch);
        Tensor p = make(permutations(toInts(piv), count, m, k), lu, concat(batch, m, m));
        Tensor l;
        Tensor u;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor eye = Tensor.eye(m, k, lu.dtype()).to(lu.device());
            l = lu.narrow(-1, 0, k).tril(-1).add(eye);
            u = lu.narrow(-2, 0, k).triu(0);
        }
        return new Tensor[] {p, l, u};
    }

    private static int[] toInts(Tensor t) {
        long[] v = t.toLongArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i];
        }
        return out;
    }

    /** torch.lu_unpack. */
    static Linalg.Lu luUnpack(Tensor lu, Tensor pivots, boolean unpackData, boolean unpackPivots) {
        String op = "torch.lu_unpack";
        nonNull(op, lu, "LU_data");
        nonNull(op, pivots, "LU_pivots");
        if (lu.dim() < 2) {
            throw new IllegalArgumentException(op + ": Expected tensor with 2 or more dimensions. Got size: "
                    + Arrays.toString(lu.shape) + " instead");
        }
        if (pivots.dtype() != DType.INT32) {
            throw new IllegalArgumentException(op + ": LU_pivots is expected to be a contiguous tensor of torch.int32 "
                    + "dtype.");
        }
        int m = rows(lu);
        int n = cols(lu);
        int k = Math.min(m, n);
        int[] batch = batchShape(lu);
        int count = Shapes.numel(batch);
        boolean shapeOk = pivots.dim() >= 1 && pivots.shape[pivots.dim() - 1] == k;
        try {
            pivots = shapeOk ? pivots.expand(concat(batch, k)) : pivots;   // PyTorch broadcasts the pivots' batch
        } catch (RuntimeException notBroadcastable) {
            shapeOk = false;
        }
        int[] piv = toInts(pivots);
        for (int i = 0; shapeOk && i < piv.length; i++) {
            shapeOk = piv[i] >= 1 && piv[i] <= m;
        }
        if (!shapeOk) {
            throw new IllegalArgumentException("pivots passed to lu_unpack must be between 1 and LU.size(-2) inclusive."
                    + "Did you properly pass the result of lu_factor?");
        }
        Tensor p = unpackPivots ? make(permutations(piv, count, m, k), lu, concat(batch, m, m)) : zeros(lu, 0);
        if (!unpackData) {
            return new Linalg.Lu(p, zeros(lu, 0), zeros(lu, 0));
        }
        Tensor l;
        Tensor u;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            l = lu.narrow(-1, 0, k).tril(-1).add(Tensor.eye(m, k, lu.dtype()).to(lu.device())).contiguous();
            u = lu.narrow(-2, 0, k).triu(0).contiguous();
        }
        LinalgNodes.multi("LuUnpackBackward0", new Tensor[] {l, u}, new boolean[] {true, true}, (g, s) -> {
            Tensor gl = g[0].tril(-1);
            Tensor gu = g[1].triu(0);
            if (m == n) {
                return new Tensor[] {gl.add(gu)};
            }
            if (m < n) {
                return new Tensor[] {gu.add(Tensor.cat(List.of(gl, zeros(gl, concat(batch, m, n - m))), -1))};
            }
            return new Tensor[] {gl.add(Tensor.cat(List.of(gu, zeros(gu, concat(batch, m - n, n))), -2))};
        }, new Tensor[] {lu});
        return new Linalg.Lu(p, l, u);
    }

    /**
     * PyTorch's linalg_lu_backward for {@code A = P L U} (L m x k, U k x n): square, wide and tall cases, written
     * with triangular solves.
     */
    static Tensor luBackward(Tensor gL, Tensor gU, Tensor p, Tensor l, Tensor u) {
        int m = rows(l);
        int n = cols(u);
        int k = Math.min(m, n);
        Tensor g;
        if (m == n) {
            g = mT(l).matmul(gL).tril(-1).add(gU.matmul(mT(u)).triu(0));
            g = solveTriangular(mT(u), g, false, false, false);
            g = solveTriangular(mT(l), g, true, true, true);
        } else if (m < n) {
            Tensor u1 = u.narrow(-1, 0, k);
            g = mT(l).matmul(gL).sub(gU.triu(0).matmul(mT(u)));
            g = solveTriangular(mT(u1), g.tril(-1), false, false, false);
            g = Tensor.cat(List.of(g.add(gU.narrow(-1, 0, k).triu(0)), gU.narrow(-1, k, n - k)), -1);
            g = solveTriangular(mT(l), g, true, true, true);
        } else {
            Tensor l1 = l.narrow(-2, 0, k);
            g = gU.matmul(mT(u)).sub(mT(l).matmul(gL.tril(-1)));
            g = solveTriangular(mT(l1), g.triu(0), true, true, true);
            g = Tensor.cat(List.of(g.add(gL.narrow(-2, 0, k).tril(-1)), gL.narrow(-2, k, m - k)), -2);
            g = solveTriangular(mT(u), g, false, false, false);
        }
        return p.matmul(g);
    }

    /** torch.linalg.lu_solve. */
    static Tensor luSolve(Tensor lu, Tensor pivots, Tensor b, boolean left, boolean adjoint) {
        String op = "linalg.lu_solve";
        nonNull(op, lu, "LU");
        nonNull(op, pivots, "pivots");
        nonNull(op, b, "B");
        checkMatrix(op, lu, "LU");
        checkMatrix(op, b, "B");
        checkSquare("torch." + op, lu);
        floating("torch." + op, lu);
        int n = cols(lu);
        int br = rows(b);
        int bc = cols(b);
        if (left ? br != n : bc != n) {
            throw new IllegalArgumentException(op + ": Incompatible shapes of A and B for the equation "
                    + (left ? "AX = B" : "XA = B") + " (" + n + "x" + n + " and " + br + "x" + bc + ")");
        }
        if (lu.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": Expected LU and B to have the same dtype, but found LU of type "
                    + scalarName(lu.dtype()) + " and B of type " + scalarName(b.dtype()) + " instead");
        }
        if (pivots.dtype() != DType.INT32) {
            throw new IllegalArgumentException(op + ": pivots should be a Tensor of scalar type torch.int32");
        }
        if (pivots.dim() == 0 || pivots.shape[pivots.dim() - 1] != n) {
            throw new IllegalArgumentException(op + ": Number of pivots per batch should be same as the dimension of the "
                    + "matrix");
        }
        if (!Arrays.equals(pivots.shape, Arrays.copyOf(lu.shape, lu.dim() - 1))) {
            throw new IllegalArgumentException(op + ": Expected LU.shape[:-1] and pivots.shape to be the same, but got "
                    + "pivots with shape " + Arrays.toString(pivots.shape) + " instead");
        }
        int[] hostPivots = toInts(pivots);
        for (int v : hostPivots) {
            if (v < 1 || v > n) {
                throw new IllegalArgumentException(op + ": pivots must be between 1 and LU.size(-2) = " + n + ", got " + v);
            }
        }
        Tensor x = luSolveNoGrad(lu, pivots, b, left, adjoint);
        int[] luShape = lu.shape.clone();
        int[] bShape = b.shape.clone();
        return LinalgNodes.single("LinalgLuSolveBackward0", x, (g, s) -> {
            Tensor gx = g[0];
            Tensor xs = graph() ? luSolve(s[0], s[1], s[2], left, adjoint) : s[3];
            Tensor gb = graph() ? luSolve(s[0], s[1], gx, left, !adjoint) : luSolveNoGrad(s[0], s[1], gx, left, !adjoint);
            Tensor glu = luSolveLuGradient(gx, s[0], s[1], xs, left, adjoint);
            return new Tensor[] {PrimitiveReductions.sumTo(glu, luShape), PrimitiveReductions.sumTo(gb, bShape)};
        }, new Tensor[] {lu, b}, lu, pivots, b, x.detach());
    }

    /** PyTorch's linalg_lu_solve_LU: the gradient of lu_solve's X with respect to the LU data (square). */
    private static Tensor luSolveLuGradient(Tensor gx, Tensor lu, Tensor pivots, Tensor x, boolean left, boolean adjoint) {
        int n = cols(lu);
        Tensor eye = Tensor.eye(n, n, lu.dtype()).to(lu.device());
        Tensor l = lu.tril(-1).add(eye);
        Tensor u = lu.triu(0);
        if (left != adjoint) {
            Tensor r = (left ? gx : mT(gx)).neg().matmul(left ? mT(x) : x);
            r = solveTriangular(mT(u), r, false, true, false);
            Tensor gl = solveTriangular(mT(l), r.matmul(mT(u)), true, true, true).tril(-1);
            return gl.add(r.triu(0));
        }
        Tensor p = make(permutations(toInts(pivots), Shapes.numel(batchShape(lu)), n, n), lu,
                concat(batchShape(lu), n, n));
        Tensor r = mT(p).matmul(left ? x : mT(x)).matmul(left ? mT(gx) : gx).matmul(p).neg();
        r = solveTriangular(mT(l), r, true, false, true);
        Tensor gu = solveTriangular(mT(u), mT(l).matmul(r), false, false, false).triu(0);
        return r.tril(-1).add(gu);
    }

    /** X of lu_solve on the host (batches broadcast). */
    private static Tensor luSolveNoGrad(Tensor lu, Tensor pivots, Tensor b, boolean left, boolean adjoint) {
        int n = cols(lu);
        int[] batch = broadcastBatch(batchShape(b), batchShape(lu));
        int count = Shapes.numel(batch);
        double[] hl = host(lu, batch);
        int[] piv = toInts(pivots.expand(concat(batch, n)));
        Tensor bm = left ? b : mT(b);   // X A = B  <=>  A^T X^T = B^T
        boolean transposed = left == adjoint;   // the system's matrix is A^T
        int k = cols(bm);
        double[] hb = host(bm, batch);
        int[] p = new int[n];
        double[] f = new double[n * n];
        double[] rhs = new double[n * k];
        for (int i = 0; i < count; i++) {
            System.arraycopy(hl, i * n * n, f, 0, n * n);
            System.arraycopy(hb, i * n * k, rhs, 0, n * k);
            for (int j = 0; j < n; j++) {
                p[j] = piv[i * n + j] - 1;
            }
            if (!transposed) {
                LinalgKernels.luSolve(f, n, p, rhs, k);
            } else {
                LinalgKernels.luSolveTransposed(f, n, p, rhs, k);
            }
            System.arraycopy(rhs, 0, hb, i * n * k, n * k);
        }
        Tensor x = make(hb, lu, concat(batch, n, k));
        return left ? x : mT(x).contiguous();
    }

    // ------------------------------------------------------------------ triangular solves

    /** torch.linalg.solve_triangular. */
    static Tensor solveTriangular(Tensor a, Tensor b, boolean upper, boolean left, boolean unitriangular) {
        String op = "linalg.solve_triangular";
        nonNull(op, a, "A");
        nonNull(op, b, "B");
        checkMatrix(op, a, "A");
        checkMatrix(op, b, "B");
        checkSquare(op, a);
        int n = cols(a);
        if (left ? rows(b) != n : cols(b) != n) {
            throw new IllegalArgumentException(op + ": Incompatible shapes of A and B for the equation "
                    + (left ? "AX = B" : "XA = B") + " (" + n + "x" + n + " and " + rows(b) + "x" + cols(b) + ")");
        }
        if (!a.dtype().isFloatingPoint() || !b.dtype().isFloatingPoint()) {
            DType shown = a.dtype().isFloatingPoint() ? b.dtype() : a.dtype();
            throw new IllegalArgumentException("\"triangular_solve_cpu\" not implemented for '" + scalarName(shown) + "'");
        }
        if (a.dtype() != b.dtype()) {   // 1.13 solves in A's dtype
            return solveTriangular(a, b.to(a.dtype()), upper, left, unitriangular);
        }
        Tensor x = triangularNoGrad(a, b, upper, left, unitriangular);
        int[] aShape = a.shape.clone();
        int[] bShape = b.shape.clone();
        return LinalgNodes.single("LinalgSolveTriangularBackward0", x, (g, s) -> {
            Tensor xs = graph() ? solveTriangular(s[0], s[1], upper, left, unitriangular) : s[2];
            Tensor gb = graph() ? solveTriangular(mT(s[0]), g[0], !upper, left, unitriangular)
                    : triangularNoGrad(mT(s[0]), g[0], !upper, left, unitriangular);
            Tensor ga = (left ? gb.matmul(mT(xs)) : mT(xs).matmul(gb)).neg();
            ga = upper ? ga.triu(unitriangular ? 1 : 0) : ga.tril(unitriangular ? -1 : 0);
            return new Tensor[] {PrimitiveReductions.sumTo(ga, aShape), PrimitiveReductions.sumTo(gb, bShape)};
        }, new Tensor[] {a, b}, a, b, x.detach());
    }

    /** X with {@code T X = B} (or {@code X T = B}) on the host, T the triangle of A (batches broadcast). */
    static Tensor triangularNoGrad(Tensor a, Tensor b, boolean upper, boolean left, boolean unit) {
        int n = cols(a);
        Tensor t = left ? a : mT(a);
        Tensor bm = left ? b : mT(b);
        boolean up = left == upper;
        int k = cols(bm);
        int[] batch = broadcastBatch(batchShape(bm), batchShape(t));
        int count = Shapes.numel(batch);
        double[] ht = host(t, batch);
        double[] hb = host(bm, batch);
        double[] f = new double[n * n];
        double[] rhs = new double[n * k];
        for (int i = 0; i < count; i++) {
            System.arraycopy(ht, i * n * n, f, 0, n * n);
            System.arraycopy(hb, i * n * k, rhs, 0, n * k);
            LinalgKernels.trsm(f, n, up, unit, rhs, k, !left);
            System.arraycopy(rhs, 0, hb, i * n * k, n * k);
        }
        Tensor x = make(hb, a, concat(batch, n, k));
        return left ? x : mT(x).contiguous();
    }

    /** torch.triangular_solve(b, A): the solution of {@code op(A) X = b} and a copy of A. */
    static Linalg.TriangularSolve triangularSolve(Tensor b, Tensor a, boolean upper, boolean transpose,
            boolean unitriangular) {
        String op = "torch.triangular_solve";
        nonNull(op, b, "b");
        nonNull(op, a, "A");
        if (b.dim() < 2) {
            throw new IllegalArgumentException(op + ": Expected b to have at least 2 dimensions, but it has " + b.dim()
                    + " dimensions instead");
        }
        if (a.dim() < 2) {
            throw new IllegalArgumentException(op + ": Expected A to have at least 2 dimensions, but it has " + a.dim()
                    + " dimensions instead");
        }
        sameDtype(op, b, "b", a, "A");
        int n = cols(a);
        if (rows(a) != n) {
            throw new IllegalArgumentException("A must be batches of square matrices, but they are " + rows(a) + " by " + n
                    + " matrices");
        }
        if (rows(b) != n) {
            throw new IllegalArgumentException("Incompatible matrix sizes for triangular_solve: each A matrix is " + n
                    + " by " + n + " but each b matrix is " + rows(b) + " by " + cols(b));
        }
        if (!a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"triangular_solve_cpu\" not implemented for '" + scalarName(a.dtype())
                    + "'");
        }
        int[] batch = broadcastBatch(batchShape(b), batchShape(a));
        Tensor x = triangularNoGrad(transpose ? mT(a) : a, b, transpose != upper, true, unitriangular);
        Tensor m;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            m = a.expand(concat(batch, n, n)).contiguous();
        }
        int[] aShape = a.shape.clone();
        int[] bShape = b.shape.clone();
        LinalgNodes.multi("TriangularSolveBackward0", new Tensor[] {x, m}, new boolean[] {true, true}, (g, s) -> {
            Tensor xs = graph() ? triangularSolve(s[0], s[1], upper, transpose, unitriangular).solution() : s[2];
            Tensor gb = graph() ? triangularSolve(g[0], s[1], upper, !transpose, unitriangular).solution()
                    : triangularNoGrad(transpose ? s[1] : mT(s[1]), g[0], transpose == upper, true, unitriangular);
            Tensor ga = (transpose ? xs.matmul(mT(gb)) : gb.matmul(mT(xs))).neg();
            ga = upper ? ga.triu(unitriangular ? 1 : 0) : ga.tril(unitriangular ? -1 : 0);
            ga = ga.add(g[1]);
            return new Tensor[] {PrimitiveReductions.sumTo(gb, bShape), PrimitiveReductions.sumTo(ga, aShape)};
        }, new Tensor[] {b, a}, b, a, x.detach());
        return new Linalg.TriangularSolve(x, m);
    }

    // ------------------------------------------------------------------ Cholesky solves

    /** torch.cholesky_solve(B, L, upper): X with {@code L L^T X = B} (or {@code U^T U X = B}). */
    static Tensor choleskySolve(Tensor b, Tensor f, boolean upper) {
        String op = "cholesky_solve";
        nonNull(op, b, "input");
        nonNull(op, f, "input2");
        if (b.dim() < 2) {
            throw new IllegalArgumentException("b should have at least 2 dimensions, but has " + b.dim()
                    + " dimensions instead");
        }
        if (f.dim() < 2) {
            throw new IllegalArgumentException("u should have at least 2 dimensions, but has " + f.dim()
                    + " dimensions instead");
        }
        if (b.dtype() != f.dtype()) {
            throw new IllegalArgumentException("Expected b and A to have the same dtype, but found b of type "
                    + scalarName(b.dtype()) + " and A of type " + scalarName(f.dtype()) + " instead.");
        }
        int n = cols(f);
        if (rows(f) != n) {
            throw new IllegalArgumentException("A must be batches of square matrices, but they are " + rows(f) + " by "
                    + n + " matrices");
        }
        if (rows(b) != n) {
            throw new IllegalArgumentException("Incompatible matrix sizes for cholesky_solve: each A matrix is " + n
                    + " by " + n + " but each b matrix is " + rows(b) + " by " + cols(b));
        }
        if (!f.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"cholesky_solve_cpu\" not implemented for '" + scalarName(f.dtype()) + "'");
        }
        Tensor x = choleskySolveNoGrad(b, f, upper);
        int[] bShape = b.shape.clone();
        int[] fShape = f.shape.clone();
        return LinalgNodes.single("CholeskySolveBackward0", x, (g, s) -> {
            Tensor xs = graph() ? choleskySolve(s[0], s[1], upper) : s[2];
            Tensor gb = graph() ? choleskySolve(g[0], s[1], upper) : choleskySolveNoGrad(g[0], s[1], upper);
            Tensor common = gb.matmul(mT(xs));
            common = common.add(mT(common));
            Tensor gf = (upper ? s[1].matmul(common) : common.matmul(s[1])).neg();
            return new Tensor[] {PrimitiveReductions.sumTo(gb, bShape), PrimitiveReductions.sumTo(gf, fShape)};
        }, new Tensor[] {b, f}, b, f, x.detach());
    }

    private static Tensor choleskySolveNoGrad(Tensor b, Tensor f, boolean upper) {
        // L L^T X = B: L Y = B, then L^T X = Y (U^T U X = B: U^T Y = B, then U X = Y)
        Tensor lower = upper ? mT(f) : f;
        Tensor y = triangularNoGrad(lower, b, false, true, false);
        return triangularNoGrad(mT(lower), y, true, true, false);
    }

    /** torch.cholesky_inverse(L, upper): {@code (L L^T)^-1} (or {@code (U^T U)^-1}) from the triangle. */
    static Tensor choleskyInverse(Tensor f, boolean upper) {
        String op = "cholesky_inverse";
        nonNull(op, f, "input");
        checkMatrix(op, f, "A");
        checkSquare(op, f);
        if (!f.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"cholesky_inverse_out_cpu\" not implemented for '" + scalarName(f.dtype())
                    + "'");
        }
        int n = cols(f);
        Tensor inv;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor eye = Tensor.eye(n, n, f.dtype()).to(f.device());
            Tensor lower = upper ? mT(f) : f;
            Tensor linv = triangularNoGrad(lower, eye.expand(f.shape), false, true, false);   // L^-1
            inv = mT(linv).matmul(linv).contiguous();
        }
        return LinalgNodes.single("CholeskyInverseBackward0", inv, (g, s) -> {
            Tensor invs = graph() ? choleskyInverse(s[0], upper) : s[1];
            Tensor common = invs.matmul(g[0].add(mT(g[0])).matmul(invs));
            return new Tensor[] {(upper ? s[0].matmul(common) : common.matmul(s[0])).neg()};
        }, new Tensor[] {f}, f, inv.detach());
    }

    // ------------------------------------------------------------------ the _ex variants

    /** torch.linalg.cholesky_ex: the factor and LAPACK's info per matrix. */
    static Linalg.CholeskyEx choleskyEx(Tensor a, boolean upper, boolean checkErrors) {
        String op = "linalg.cholesky_ex";
        Linalg.floatSquare("linalg.cholesky", a);
        int n = cols(a);
        int[] batch = batchShape(a);
        int count = Shapes.numel(batch);
        double[] h = a.toDoubleArray();
        double[] out = new double[h.length];
        double[] m = new double[n * n];
        double[] l = new double[n * n];
        int[] info = new int[count];
        for (int b = 0; b < count; b++) {
            Arrays.fill(m, 0.0);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    m[i * n + j] = upper ? h[b * n * n + j * n + i] : h[b * n * n + i * n + j];
                }
            }
            info[b] = LinalgKernels.cholesky(m, n, l);
            if (info[b] > 0 && checkErrors) {
                throw new IllegalArgumentException(op + ": " + batchPrefix(a, b) + "The factorization could not be "
                        + "completed because the input is not positive-definite (the leading minor of order " + info[b]
                        + " is not positive-definite).");
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    out[b * n * n + (upper ? j * n + i : i * n + j)] = l[i * n + j];
                }
            }
        }
        Tensor f = Linalg.choleskyNode(make(out, a, a.shape.clone()), a, upper, "LinalgCholeskyExBackward0");
        return new Linalg.CholeskyEx(f, int32(info, a, batch));
    }

    /** torch.linalg.inv_ex: the inverse and LAPACK's info per matrix. */
    static Linalg.InvEx invEx(Tensor a, boolean checkErrors) {
        String op = "linalg.inv_ex";
        Linalg.floatSquare("linalg.inv", a);
        int n = cols(a);
        HostLu f = hostLu(a);
        int[] info = infoOfSolve(a, f);
        double[] out = new double[f.lu().length];
        int[] p = new int[n];
        double[] w = new double[n * n];
        for (int b = 0; b < f.count(); b++) {
            if (info[b] > 0 && checkErrors) {
                throw new IllegalArgumentException(op + ": " + batchPrefix(a, b) + "The diagonal element " + info[b]
                        + " is zero, the inversion could not be completed because the input matrix is singular.");
            }
            System.arraycopy(f.lu(), b * n * n, w, 0, n * n);
            for (int j = 0; j < n; j++) {
                p[j] = f.pivots()[b * n + j] - 1;
            }
            double[] e = Linalg.identity(n);
            LinalgKernels.luSolve(w, n, p, e, n);
            System.arraycopy(e, 0, out, b * n * n, n * n);
        }
        Tensor x = Linalg.invNode(make(out, a, a.shape.clone()), a);
        return new Linalg.InvEx(x, int32(info, a, batchShape(a)));
    }

    /**
     * LAPACK's info as 1.13's solve_ex (and inv_ex, which solves against the identity) reports it: of A^T's
     * factorisation when A is contiguous (PyTorch factors A^T then, to spare a copy), else of A's ({@code f}).
     */
    private static int[] infoOfSolve(Tensor a, HostLu f) {
        return a.isContiguous() ? hostLu(mT(a)).info() : f.info();
    }

    /** torch.linalg.solve_ex: the solution and LAPACK's info of A's factorisation (A's batch shape). */
    static Linalg.SolveEx solveEx(Tensor a, Tensor b, boolean left, boolean checkErrors) {
        String op = "torch.linalg.solve_ex";
        Linalg.floatSquare("linalg.solve", a);
        int[] info = infoOfSolve(a, hostLu(a));
        if (checkErrors) {
            for (int i = 0; i < info.length; i++) {
                if (info[i] > 0) {
                    throw new IllegalArgumentException(op + ": " + batchPrefix(a, i) + "The solver failed because the "
                            + "input matrix is singular.");
                }
            }
        }
        Tensor x = Linalg.solve(a, b, left, "linalg.solve", false);
        return new Linalg.SolveEx(x, int32(info, a, batchShape(a)));
    }
}

package org.grad4j.cpu;

import static org.grad4j.cpu.VectorGemmKernel.C_ADD;
import static org.grad4j.cpu.VectorGemmKernel.C_ZERO;
import static org.grad4j.cpu.VectorGemmKernel.DS;
import static org.grad4j.cpu.VectorGemmKernel.D_KC;
import static org.grad4j.cpu.VectorGemmKernel.D_L;
import static org.grad4j.cpu.VectorGemmKernel.D_NR;
import static org.grad4j.cpu.VectorGemmKernel.MR;
import static org.grad4j.cpu.VectorGemmKernel.cMode;
import static org.grad4j.cpu.VectorGemmKernel.split;

import java.util.concurrent.atomic.AtomicInteger;

import jdk.incubator.vector.DoubleVector;

/**
 * {@code C = alpha * X * W^T + beta * C} (X m x k, W n x k, both row-major: a Linear layer's forward) for few
 * rows of X, computed as its transpose {@code C^T = W * X^T}: W's rows are op(A)'s rows, read in place six at
 * a time, and only X^T is packed (m x k instead of the n x k of W^T, and no packing of A at all). The MLP
 * 784-256-10's forward (64 x 256 x 784) spent 46% of its time in the two packings, W^T's transposed one
 * scalar. Each element of C gets exactly the blocked kernel's operations ({@link VectorGemmKernel}: per
 * k-block of {@code KC} in increasing order, one FMA chain in increasing k, then {@code c = fma(acc, alpha,
 * c)}, beta in the first block's update); {@code fma(w, x, acc)} is {@code fma(x, w, acc)}, so the bits are
 * those of {@link VectorGemmKernel#gemm}. C^T lives in a per-thread scratch array, filled from C when beta is
 * not 0 and copied back into C. The float32 class is generated from this 64-bit source (see package-info).
 */
final class VectorRowsGemmF64 {
    private VectorRowsGemmF64() {
    }

    /** Per-thread scratch: packed X^T slivers, C^T, the edge tile. */
    private static final class Workspace {
        private double[] bp = new double[0];
        private double[] ct = new double[0];
        private final double[] tmp = new double[MR * D_NR];
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /**
     * C = alpha * X * W^T + beta * C on t threads, each taking a contiguous range of W's rows (C's columns);
     * arguments already validated, m, n, k, alpha non-trivial.
     */
    static void gemm(int t, int m, int n, int k, double alpha, double[] x, int xOff, int ldx,
                     double[] w, int wOff, int ldw, double beta, double[] c, int cOff, int ldc) {
        if (t <= 1) {
            block(m, 0, n, k, alpha, x, xOff, ldx, w, wOff, ldw, beta, c, cOff, ldc);
            return;
        }
        final int units = (n + MR - 1) / MR;
        final int chunks = Math.min(units, t);
        AtomicInteger next = new AtomicInteger();
        Workers.run(t, () -> {
            int ch;
            while ((ch = next.getAndIncrement()) < chunks) {
                int lo = split(units, chunks, ch) * MR;
                int hi = Math.min(n, split(units, chunks, ch + 1) * MR);
                if (lo < hi) {
                    block(m, lo, hi, k, alpha, x, xOff, ldx, w, wOff, ldw, beta, c, cOff, ldc);
                }
            }
        });
    }

    /** Columns [lo, hi) of C (rows lo..hi of W) on this thread. */
    static void block(int m, int lo, int hi, int k, double alpha, double[] x, int xOff, int ldx,
                      double[] w, int wOff, int ldw, double beta, double[] c, int cOff, int ldc) {
        Workspace ws = WORKSPACE.get();
        final int nr = D_NR;
        final int rows = hi - lo;
        final int mPad = (m + nr - 1) / nr * nr;
        final int kcMax = Math.min(D_KC, k);
        if (ws.bp.length < kcMax * mPad) {
            ws.bp = new double[kcMax * mPad];
        }
        if (ws.ct.length < rows * m) {
            ws.ct = new double[rows * m];
        }
        double[] bp = ws.bp;
        double[] ct = ws.ct;
        double[] tmp = ws.tmp;
        if (beta != 0.0) {
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc + lo;
                for (int j = 0; j < rows; j++) {
                    ct[j * m + i] = c[ci + j];
                }
            }
        }
        for (int pc = 0; pc < k; pc += D_KC) {
            int kc = Math.min(D_KC, k - pc);
            int mode = cMode(pc == 0, beta);
            VectorPackF64.packB(true, kc, m, x, xOff, ldx, pc, 0, bp);
            for (int jr = 0; jr < m; jr += nr) {
                int nv = Math.min(nr, m - jr);
                for (int ir = 0; ir < rows; ir += MR) {
                    int mv = Math.min(MR, rows - ir);
                    micro(kc, w, wOff + (lo + ir) * ldw + pc, ldw, mv, bp, jr * kc, ct, ir * m + jr, m, alpha,
                            nv, tmp, mode, beta);
                }
            }
        }
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc + lo;
            for (int j = 0; j < rows; j++) {
                c[ci + j] = ct[j * m + i];
            }
        }
    }

    private static DoubleVector cIn(double[] c, int r, int mode, DoubleVector bv) {
        return mode == C_ADD ? DoubleVector.fromArray(DS, c, r)
                : mode == C_ZERO ? DoubleVector.zero(DS) : DoubleVector.fromArray(DS, c, r).mul(bv);
    }

    private static double cIn(double c, int mode, double beta) {
        return mode == C_ADD ? c : mode == C_ZERO ? 0.0 : c * beta;
    }

    /**
     * The 6 x 2-vector register kernel of {@code VectorMicroF64}, its A sliver read in place: rows
     * {@code a, a + lda, ...} of a row-major matrix from their k-block's first column ({@code mv} of them
     * valid; the others read the last valid row again and are not stored).
     */
    static void micro(int kc, double[] a, int ai, int lda, int mv, double[] bp, int bi,
                      double[] c, int ci, int ldc, double alpha, int nv, double[] tmp, int mode, double beta) {
        int r0 = ai;
        int r1 = mv > 1 ? r0 + lda : r0;
        int r2 = mv > 2 ? r1 + lda : r1;
        int r3 = mv > 3 ? r2 + lda : r2;
        int r4 = mv > 4 ? r3 + lda : r3;
        int r5 = mv > 5 ? r4 + lda : r4;
        DoubleVector c00 = DoubleVector.zero(DS), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
                c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0; p < kc; p++) {
            int bq = bi + p * D_NR;
            DoubleVector b0 = DoubleVector.fromArray(DS, bp, bq);
            DoubleVector b1 = DoubleVector.fromArray(DS, bp, bq + D_L);
            DoubleVector av = DoubleVector.broadcast(DS, a[r0 + p]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = DoubleVector.broadcast(DS, a[r1 + p]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = DoubleVector.broadcast(DS, a[r2 + p]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = DoubleVector.broadcast(DS, a[r3 + p]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = DoubleVector.broadcast(DS, a[r4 + p]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = DoubleVector.broadcast(DS, a[r5 + p]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        DoubleVector al = DoubleVector.broadcast(DS, alpha);
        DoubleVector bv = DoubleVector.broadcast(DS, beta);
        if (mv == MR && nv == D_NR) {
            int r = ci;
            c00.fma(al, cIn(c, r, mode, bv)).intoArray(c, r);
            c01.fma(al, cIn(c, r + D_L, mode, bv)).intoArray(c, r + D_L);
            r += ldc;
            c10.fma(al, cIn(c, r, mode, bv)).intoArray(c, r);
            c11.fma(al, cIn(c, r + D_L, mode, bv)).intoArray(c, r + D_L);
            r += ldc;
            c20.fma(al, cIn(c, r, mode, bv)).intoArray(c, r);
            c21.fma(al, cIn(c, r + D_L, mode, bv)).intoArray(c, r + D_L);
            r += ldc;
            c30.fma(al, cIn(c, r, mode, bv)).intoArray(c, r);
            c31.fma(al, cIn(c, r + D_L, mode, bv)).intoArray(c, r + D_L);
            r += ldc;
            c40.fma(al, cIn(c, r, mode, bv)).intoArray(c, r);
            c41.fma(al, cIn(c, r + D_L, mode, bv)).intoArray(c, r + D_L);
            r += ldc;
            c50.fma(al, cIn(c, r, mode, bv)).intoArray(c, r);
            c51.fma(al, cIn(c, r + D_L, mode, bv)).intoArray(c, r + D_L);
        } else {
            final int nr = D_NR;
            c00.intoArray(tmp, 0);
            c01.intoArray(tmp, D_L);
            c10.intoArray(tmp, nr);
            c11.intoArray(tmp, nr + D_L);
            c20.intoArray(tmp, 2 * nr);
            c21.intoArray(tmp, 2 * nr + D_L);
            c30.intoArray(tmp, 3 * nr);
            c31.intoArray(tmp, 3 * nr + D_L);
            c40.intoArray(tmp, 4 * nr);
            c41.intoArray(tmp, 4 * nr + D_L);
            c50.intoArray(tmp, 5 * nr);
            c51.intoArray(tmp, 5 * nr + D_L);
            for (int i = 0; i < mv; i++) {
                int row = ci + i * ldc;
                for (int j = 0; j < nv; j++) {
                    c[row + j] = Math.fma(tmp[i * nr + j], alpha, cIn(c[row + j], mode, beta));
                }
            }
        }
    }
}

package org.grad4j.cpu;

import static org.grad4j.cpu.VectorGemmKernel.C_ADD;
import static org.grad4j.cpu.VectorGemmKernel.CHUNKS_PER_THREAD;
import static org.grad4j.cpu.VectorGemmKernel.D_KC;
import static org.grad4j.cpu.VectorGemmKernel.D_MC;
import static org.grad4j.cpu.VectorGemmKernel.D_NC;
import static org.grad4j.cpu.VectorGemmKernel.D_NR;
import static org.grad4j.cpu.VectorGemmKernel.MR;
import static org.grad4j.cpu.VectorGemmKernel.cMode;
import static org.grad4j.cpu.VectorGemmKernel.roundUp;
import static org.grad4j.cpu.VectorGemmKernel.split;
import static org.grad4j.cpu.VectorGemmKernel.splitByColumns;
import static org.grad4j.cpu.VectorGemmKernel.tasks;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The blocked GEMM's loops for float64 (see {@link VectorGemmKernel} for the layout): the split
 * over threads, the cache blocking, and the calls to packing ({@link VectorPackF64}) and the register
 * kernel ({@link VectorMicroF64}). The float32 class is generated from this 64-bit source (see
 * package-info).
 */
final class VectorGemmF64 {
    private VectorGemmF64() {
    }

    /** Per-thread packing buffers, grown on demand and kept for the thread's life. */
    private static final class Workspace {
        private double[] a;
        private double[] b;
        private double[] tmp;

        double[] a(int size) {
            if (a == null || a.length < size) {
                a = new double[size];
            }
            return a;
        }

        double[] b(int size) {
            if (b == null || b.length < size) {
                b = new double[size];
            }
            return b;
        }

        double[] tmp(int size) {
            if (tmp == null || tmp.length < size) {
                tmp = new double[size];
            }
            return tmp;
        }
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /** C = alpha * op(A) * op(B) + beta * C, arguments already validated, m, n, k, alpha non-trivial. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        int t = tasks(m, n, k);
        if (t <= 1) {
            gemmBlock(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            gemmParallel(t, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /**
     * {@link #gemmBlock} on t threads: C is cut into t independent sub-products, by columns or by
     * rows, each claimed by whichever thread comes first and run by gemmBlock. Threads share only
     * the inputs (each sub-product packs its own copy of the operand that is not split), so no
     * core waits on another's caches or at a barrier. The per-element arithmetic is gemmBlock's,
     * so results are the same bits for every t and split.
     */
    static void gemmParallel(int t, boolean transA, boolean transB, int m, int n, int k, double alpha,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        final boolean byCols = splitByColumns(transB, m, n);
        final int unit = byCols ? D_NR : MR;
        final int extent = byCols ? n : m;
        final int units = (extent + unit - 1) / unit;
        final int chunks = Math.max(1, Math.min(units, CHUNKS_PER_THREAD * t));
        AtomicInteger next = new AtomicInteger();
        Workers.run(t, () -> {
            int ch;
            while ((ch = next.getAndIncrement()) < chunks) {
                int lo = split(units, chunks, ch) * unit;
                int hi = Math.min(extent, split(units, chunks, ch + 1) * unit);
                if (lo >= hi) {
                    continue;
                }
                if (byCols) {
                    int bo = bOff + (transB ? lo * ldb : lo);
                    gemmBlock(transA, transB, m, hi - lo, k, alpha, a, aOff, lda, b, bo, ldb, beta, c, cOff + lo, ldc);
                } else {
                    int ao = aOff + (transA ? lo : lo * lda);
                    gemmBlock(transA, transB, hi - lo, n, k, alpha, a, ao, lda, b, bOff, ldb, beta, c,
                            cOff + lo * ldc, ldc);
                }
            }
        });
    }

    /** Single-threaded blocked GEMM on a sub-problem; beta is applied in the first k-block's update of C. */
    static void gemmBlock(boolean transA, boolean transB, int m, int n, int k, double alpha,
                          double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                          double beta, double[] c, int cOff, int ldc) {
        Workspace w = WORKSPACE.get();
        final int nr = D_NR;
        final int ncMax = Math.min(D_NC, roundUp(n, nr));
        double[] ap = w.a(D_MC * D_KC);
        double[] bp = w.b(D_KC * ncMax);
        double[] tmp = w.tmp(MR * nr);
        for (int jc = 0; jc < n; jc += D_NC) {
            int nc = Math.min(D_NC, n - jc);
            for (int pc = 0; pc < k; pc += D_KC) {
                int kc = Math.min(D_KC, k - pc);
                int cMode = cMode(pc == 0, beta);
                VectorPackF64.packB(transB, kc, nc, b, bOff, ldb, pc, jc, bp);
                for (int ic = 0; ic < m; ic += D_MC) {
                    int mc = Math.min(D_MC, m - ic);
                    VectorPackF64.packA(transA, mc, kc, a, aOff, lda, ic, pc, ap);
                    for (int jr = 0; jr < nc; jr += nr) {
                        int nv = Math.min(nr, nc - jr);
                        int bIdx = jr * kc;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mv = Math.min(MR, mc - ir);
                            int cIdx = cOff + (ic + ir) * ldc + jc + jr;
                            if (cMode == C_ADD) {
                                VectorMicroF64.micro(kc, ap, ir * kc, bp, bIdx, c, cIdx, ldc, alpha, mv, nv, tmp);
                            } else {
                                VectorMicroF64.microFirst(kc, ap, ir * kc, bp, bIdx, c, cIdx, ldc, alpha, mv, nv, tmp, cMode, beta);
                            }
                        }
                    }
                }
            }
        }
    }
}

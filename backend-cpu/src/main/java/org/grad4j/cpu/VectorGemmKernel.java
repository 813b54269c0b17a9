package org.grad4j.cpu;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import org.grad4j.Config;

/**
 * The SIMD half of {@link VectorGemm}: the only class of this package that names
 * {@code jdk.incubator.vector} types, so it is loaded only after {@link VectorGemm} has seen the
 * module in the boot layer.
 *
 * <p>Layout (Goto/BLIS style): C is cut into column panels of {@code NC}, the inner dimension into
 * blocks of {@code KC}; for each (panel, block) op(B) is packed into slivers of {@code NR = 2}
 * vectors, then op(A) row blocks of {@code MC} are packed into slivers of {@code MR = 6} rows, and a
 * 6 x 2-vector register kernel (12 FMA accumulators) runs over every sliver pair. Each element of
 * C receives, for each k-block in increasing order, {@code c = fma(acc, alpha, c)} where
 * {@code acc} is a fused-multiply-add chain over that block in increasing k; this does not depend
 * on the tile the element falls in, so splitting C across threads never changes the result.
 */
final class VectorGemmKernel {
    private VectorGemmKernel() {
    }

    static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final int D_L = DS.length();
    static final int F_L = FS.length();

    /** Rows of the register tile. */
    static final int MR = 6;
    /** Columns of the register tile: two vectors. */
    static final int D_NR = 2 * D_L;
    static final int F_NR = 2 * F_L;

    // Cache blocking (elements). KC x NR of B stays in L1, MC x KC of A in L2, KC x NC of B in L3.
    static final int D_KC = Config.getInt("grad4j.gemm.f64.kc", 256);
    static final int D_MC = roundUp(Config.getInt("grad4j.gemm.f64.mc", 144), MR);
    static final int D_NC = roundUp(Config.getInt("grad4j.gemm.f64.nc", 1024), D_NR);
    static final int F_KC = Config.getInt("grad4j.gemm.f32.kc", 256);
    static final int F_MC = roundUp(Config.getInt("grad4j.gemm.f32.mc", 144), MR);
    static final int F_NC = roundUp(Config.getInt("grad4j.gemm.f32.nc", 2048), F_NR);

    /** Threads a large product is split over (the caller plus THREADS - 1 pool threads). */
    static final int THREADS = Workers.THREADS;
    /** Minimum multiply-adds per thread before a product is split. */
    static final long MIN_FMAS_PER_TASK = Config.getLong("grad4j.gemm.minFmasPerTask", 1L << 21);

    /** Sub-products per thread in a split product (1 measured best: each one repacks an operand). */
    static final int CHUNKS_PER_THREAD = Math.max(1, Config.getInt("grad4j.gemm.chunksPerThread", 1));
    /** "auto" (by packing cost), "rows" or "cols": which side of C a split product is cut along. */
    static final String SPLIT_BY = Config.getString("grad4j.gemm.splitBy", "auto");

    /**
     * Whether a split product is cut by columns of C (every part repacks op(A), m x k) rather than
     * by rows (every part repacks op(B), k x n). Packing op(A) costs about twice per element what
     * packing an untransposed B costs (vector copies), a transposed B about three times.
     */
    static boolean splitByColumns(boolean transB, int m, int n) {
        switch (SPLIT_BY) {
            case "rows":
                return false;
            case "cols":
                return true;
            default:
                return 2L * m <= (long) n * (transB ? 3 : 1);
        }
    }

    static int roundUp(int x, int to) {
        return (x + to - 1) / to * to;
    }

    /** Whether SIMD is worth using here: the preferred species holds at least two lanes. */
    static boolean usable() {
        return D_L >= 2 && F_L >= 2;
    }

    /** Per-thread packing buffers, grown on demand and kept for the thread's life. */
    static final class Workspace {
        private double[] da;
        private double[] db;
        private double[] dt;
        private float[] fa;
        private float[] fb;
        private float[] ft;

        double[] doubleA(int size) {
            if (da == null || da.length < size) {
                da = new double[size];
            }
            return da;
        }

        double[] doubleB(int size) {
            if (db == null || db.length < size) {
                db = new double[size];
            }
            return db;
        }

        double[] doubleTmp(int size) {
            if (dt == null || dt.length < size) {
                dt = new double[size];
            }
            return dt;
        }

        float[] floatA(int size) {
            if (fa == null || fa.length < size) {
                fa = new float[size];
            }
            return fa;
        }

        float[] floatB(int size) {
            if (fb == null || fb.length < size) {
                fb = new float[size];
            }
            return fb;
        }

        float[] floatTmp(int size) {
            if (ft == null || ft.length < size) {
                ft = new float[size];
            }
            return ft;
        }
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /** How many threads a product of this size is split over. */
    static int tasks(int m, int n, int k) {
        if (THREADS <= 1) {
            return 1;
        }
        long fmas = (long) m * n * k;
        long t = Math.min(THREADS, fmas / MIN_FMAS_PER_TASK);
        return (int) Math.max(1, t);
    }


    /** How the register kernel combines with C: add to it, ignore it (beta 0), or scale it by beta first. */
    static final int C_ADD = 0;
    static final int C_ZERO = 1;
    static final int C_SCALE = 2;

    /** The C operand of the first k-block's update: mode C_SCALE computes beta * c, as a separate pass would. */
    static int cMode(boolean firstBlock, double beta) {
        return !firstBlock || beta == 1.0 ? C_ADD : beta == 0.0 ? C_ZERO : C_SCALE;
    }

    private static DoubleVector cIn(double[] c, int r, int mode, DoubleVector bv) {
        return mode == C_ADD ? DoubleVector.fromArray(DS, c, r)
                : mode == C_ZERO ? DoubleVector.zero(DS) : DoubleVector.fromArray(DS, c, r).mul(bv);
    }

    private static FloatVector cIn(float[] c, int r, int mode, FloatVector bv) {
        return mode == C_ADD ? FloatVector.fromArray(FS, c, r)
                : mode == C_ZERO ? FloatVector.zero(FS) : FloatVector.fromArray(FS, c, r).mul(bv);
    }

    private static double cIn(double c, int mode, double beta) {
        return mode == C_ADD ? c : mode == C_ZERO ? 0.0 : c * beta;
    }

    private static float cIn(float c, int mode, float beta) {
        return mode == C_ADD ? c : mode == C_ZERO ? 0.0f : c * beta;
    }

    /** Splits [0, units) into t nearly equal contiguous ranges; returns the start of range i. */
    private static int split(int units, int t, int i) {
        return (int) ((long) units * i / t);
    }

    // ------------------------------------------------------------------ float64

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
        double[] ap = w.doubleA(D_MC * D_KC);
        double[] bp = w.doubleB(D_KC * ncMax);
        double[] tmp = w.doubleTmp(MR * nr);
        for (int jc = 0; jc < n; jc += D_NC) {
            int nc = Math.min(D_NC, n - jc);
            for (int pc = 0; pc < k; pc += D_KC) {
                int kc = Math.min(D_KC, k - pc);
                int cMode = cMode(pc == 0, beta);
                packB(transB, kc, nc, b, bOff, ldb, pc, jc, bp);
                for (int ic = 0; ic < m; ic += D_MC) {
                    int mc = Math.min(D_MC, m - ic);
                    packA(transA, mc, kc, a, aOff, lda, ic, pc, ap);
                    for (int jr = 0; jr < nc; jr += nr) {
                        int nv = Math.min(nr, nc - jr);
                        int bIdx = jr * kc;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mv = Math.min(MR, mc - ir);
                            int cIdx = cOff + (ic + ir) * ldc + jc + jr;
                            if (cMode == C_ADD) {
                                micro(kc, ap, ir * kc, bp, bIdx, c, cIdx, ldc, alpha, mv, nv, tmp);
                            } else {
                                microFirst(kc, ap, ir * kc, bp, bIdx, c, cIdx, ldc, alpha, mv, nv, tmp, cMode, beta);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs op(B)[pc:pc+kc, jc:jc+nc] into slivers of D_NR columns: sliver s holds, for each p,
     * D_NR consecutive values (zero padded past nc) starting at s * D_NR * kc.
     */
    private static void packB(boolean transB, int kc, int nc, double[] b, int bOff, int ldb,
                              int pc, int jc, double[] bp) {
        final int nr = D_NR;
        for (int js = 0; js < nc; js += nr) {
            int nv = Math.min(nr, nc - js);
            int dst = js * kc;
            if (!transB) {
                int src = bOff + pc * ldb + jc + js;
                if (nv == nr) {
                    for (int p = 0; p < kc; p++) {
                        DoubleVector.fromArray(DS, b, src).intoArray(bp, dst);
                        DoubleVector.fromArray(DS, b, src + D_L).intoArray(bp, dst + D_L);
                        src += ldb;
                        dst += nr;
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        System.arraycopy(b, src, bp, dst, nv);
                        Arrays.fill(bp, dst + nv, dst + nr, 0.0);
                        src += ldb;
                        dst += nr;
                    }
                }
            } else {
                for (int jj = 0; jj < nv; jj++) {
                    int src = bOff + (jc + js + jj) * ldb + pc;
                    for (int p = 0, d = dst + jj; p < kc; p++, d += nr) {
                        bp[d] = b[src + p];
                    }
                }
                for (int jj = nv; jj < nr; jj++) {
                    for (int p = 0, d = dst + jj; p < kc; p++, d += nr) {
                        bp[d] = 0.0;
                    }
                }
            }
        }
    }

    /**
     * Packs op(A)[ic:ic+mc, pc:pc+kc] into slivers of MR rows: sliver s holds, for each p, MR
     * consecutive values (zero padded past mc) starting at s * MR * kc.
     */
    private static void packA(boolean transA, int mc, int kc, double[] a, int aOff, int lda,
                              int ic, int pc, double[] ap) {
        for (int is = 0; is < mc; is += MR) {
            int mv = Math.min(MR, mc - is);
            int dst = is * kc;
            if (!transA && mv == MR) {
                // six row streams read in step, written in order: one pass over the sliver
                int r0 = aOff + (ic + is) * lda + pc;
                int r1 = r0 + lda;
                int r2 = r1 + lda;
                int r3 = r2 + lda;
                int r4 = r3 + lda;
                int r5 = r4 + lda;
                for (int p = 0, d = dst; p < kc; p++, d += MR) {
                    ap[d] = a[r0 + p];
                    ap[d + 1] = a[r1 + p];
                    ap[d + 2] = a[r2 + p];
                    ap[d + 3] = a[r3 + p];
                    ap[d + 4] = a[r4 + p];
                    ap[d + 5] = a[r5 + p];
                }
            } else if (!transA) {
                for (int ii = 0; ii < mv; ii++) {
                    int src = aOff + (ic + is + ii) * lda + pc;
                    for (int p = 0, d = dst + ii; p < kc; p++, d += MR) {
                        ap[d] = a[src + p];
                    }
                }
                for (int ii = mv; ii < MR; ii++) {
                    for (int p = 0, d = dst + ii; p < kc; p++, d += MR) {
                        ap[d] = 0.0;
                    }
                }
            } else if (mv == MR) {
                // op(A) = A^T: a full sliver's six values for one p are contiguous in A
                int src = aOff + pc * lda + ic + is;
                for (int p = 0, d = dst; p < kc; p++, d += MR, src += lda) {
                    ap[d] = a[src];
                    ap[d + 1] = a[src + 1];
                    ap[d + 2] = a[src + 2];
                    ap[d + 3] = a[src + 3];
                    ap[d + 4] = a[src + 4];
                    ap[d + 5] = a[src + 5];
                }
            } else {
                int src = aOff + pc * lda + ic + is;
                for (int p = 0; p < kc; p++) {
                    int d = dst + p * MR;
                    for (int ii = 0; ii < mv; ii++) {
                        ap[d + ii] = a[src + ii];
                    }
                    for (int ii = mv; ii < MR; ii++) {
                        ap[d + ii] = 0.0;
                    }
                    src += lda;
                }
            }
        }
    }

    /**
     * The register kernel: acc[MR x D_NR] = sum over p < kc of A-sliver(p) outer B-sliver(p),
     * then C[0:mv, 0:nv] += alpha * acc. Every element sees the same fused operations whether
     * its tile is full or an edge tile, so results do not depend on how C is partitioned.
     */
    private static void micro(int kc, double[] ap, int ai, double[] bp, int bi,
                              double[] c, int ci, int ldc, double alpha, int mv, int nv, double[] tmp) {
        DoubleVector c00 = DoubleVector.zero(DS), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
                c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0; p < kc; p++) {
            int bq = bi + p * D_NR;
            int aq = ai + p * MR;
            DoubleVector b0 = DoubleVector.fromArray(DS, bp, bq);
            DoubleVector b1 = DoubleVector.fromArray(DS, bp, bq + D_L);
            DoubleVector av = DoubleVector.broadcast(DS, ap[aq]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = DoubleVector.broadcast(DS, ap[aq + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = DoubleVector.broadcast(DS, ap[aq + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = DoubleVector.broadcast(DS, ap[aq + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = DoubleVector.broadcast(DS, ap[aq + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = DoubleVector.broadcast(DS, ap[aq + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        DoubleVector al = DoubleVector.broadcast(DS, alpha);
        if (mv == MR && nv == D_NR) {
            int r = ci;
            c00.fma(al, DoubleVector.fromArray(DS, c, r)).intoArray(c, r);
            c01.fma(al, DoubleVector.fromArray(DS, c, r + D_L)).intoArray(c, r + D_L);
            r += ldc;
            c10.fma(al, DoubleVector.fromArray(DS, c, r)).intoArray(c, r);
            c11.fma(al, DoubleVector.fromArray(DS, c, r + D_L)).intoArray(c, r + D_L);
            r += ldc;
            c20.fma(al, DoubleVector.fromArray(DS, c, r)).intoArray(c, r);
            c21.fma(al, DoubleVector.fromArray(DS, c, r + D_L)).intoArray(c, r + D_L);
            r += ldc;
            c30.fma(al, DoubleVector.fromArray(DS, c, r)).intoArray(c, r);
            c31.fma(al, DoubleVector.fromArray(DS, c, r + D_L)).intoArray(c, r + D_L);
            r += ldc;
            c40.fma(al, DoubleVector.fromArray(DS, c, r)).intoArray(c, r);
            c41.fma(al, DoubleVector.fromArray(DS, c, r + D_L)).intoArray(c, r + D_L);
            r += ldc;
            c50.fma(al, DoubleVector.fromArray(DS, c, r)).intoArray(c, r);
            c51.fma(al, DoubleVector.fromArray(DS, c, r + D_L)).intoArray(c, r + D_L);
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
                    c[row + j] = Math.fma(tmp[i * nr + j], alpha, c[row + j]);
                }
            }
        }
    }

    /** {@link #micro} for the first k-block: C enters as given by cMode (ignored, scaled by beta, or as is). */
    private static void microFirst(int kc, double[] ap, int ai, double[] bp, int bi,
                              double[] c, int ci, int ldc, double alpha, int mv, int nv, double[] tmp,
                              int cMode, double beta) {
        DoubleVector c00 = DoubleVector.zero(DS), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
                c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0; p < kc; p++) {
            int bq = bi + p * D_NR;
            int aq = ai + p * MR;
            DoubleVector b0 = DoubleVector.fromArray(DS, bp, bq);
            DoubleVector b1 = DoubleVector.fromArray(DS, bp, bq + D_L);
            DoubleVector av = DoubleVector.broadcast(DS, ap[aq]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = DoubleVector.broadcast(DS, ap[aq + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = DoubleVector.broadcast(DS, ap[aq + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = DoubleVector.broadcast(DS, ap[aq + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = DoubleVector.broadcast(DS, ap[aq + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = DoubleVector.broadcast(DS, ap[aq + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        DoubleVector al = DoubleVector.broadcast(DS, alpha);
        DoubleVector bv = DoubleVector.broadcast(DS, beta);
        if (mv == MR && nv == D_NR) {
            int r = ci;
            c00.fma(al, cIn(c, r, cMode, bv)).intoArray(c, r);
            c01.fma(al, cIn(c, r + D_L, cMode, bv)).intoArray(c, r + D_L);
            r += ldc;
            c10.fma(al, cIn(c, r, cMode, bv)).intoArray(c, r);
            c11.fma(al, cIn(c, r + D_L, cMode, bv)).intoArray(c, r + D_L);
            r += ldc;
            c20.fma(al, cIn(c, r, cMode, bv)).intoArray(c, r);
            c21.fma(al, cIn(c, r + D_L, cMode, bv)).intoArray(c, r + D_L);
            r += ldc;
            c30.fma(al, cIn(c, r, cMode, bv)).intoArray(c, r);
            c31.fma(al, cIn(c, r + D_L, cMode, bv)).intoArray(c, r + D_L);
            r += ldc;
            c40.fma(al, cIn(c, r, cMode, bv)).intoArray(c, r);
            c41.fma(al, cIn(c, r + D_L, cMode, bv)).intoArray(c, r + D_L);
            r += ldc;
            c50.fma(al, cIn(c, r, cMode, bv)).intoArray(c, r);
            c51.fma(al, cIn(c, r + D_L, cMode, bv)).intoArray(c, r + D_L);
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
                    c[row + j] = Math.fma(tmp[i * nr + j], alpha, cIn(c[row + j], cMode, beta));
                }
            }
        }
    }

    // ------------------------------------------------------------------ float32

    /** C = alpha * op(A) * op(B) + beta * C, arguments already validated, m, n, k, alpha non-trivial. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
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
    static void gemmParallel(int t, boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        final boolean byCols = splitByColumns(transB, m, n);
        final int unit = byCols ? F_NR : MR;
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
    static void gemmBlock(boolean transA, boolean transB, int m, int n, int k, float alpha,
                          float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float beta, float[] c, int cOff, int ldc) {
        Workspace w = WORKSPACE.get();
        final int nr = F_NR;
        final int ncMax = Math.min(F_NC, roundUp(n, nr));
        float[] ap = w.floatA(F_MC * F_KC);
        float[] bp = w.floatB(F_KC * ncMax);
        float[] tmp = w.floatTmp(MR * nr);
        for (int jc = 0; jc < n; jc += F_NC) {
            int nc = Math.min(F_NC, n - jc);
            for (int pc = 0; pc < k; pc += F_KC) {
                int kc = Math.min(F_KC, k - pc);
                int cMode = cMode(pc == 0, beta);
                packB(transB, kc, nc, b, bOff, ldb, pc, jc, bp);
                for (int ic = 0; ic < m; ic += F_MC) {
                    int mc = Math.min(F_MC, m - ic);
                    packA(transA, mc, kc, a, aOff, lda, ic, pc, ap);
                    for (int jr = 0; jr < nc; jr += nr) {
                        int nv = Math.min(nr, nc - jr);
                        int bIdx = jr * kc;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mv = Math.min(MR, mc - ir);
                            int cIdx = cOff + (ic + ir) * ldc + jc + jr;
                            if (cMode == C_ADD) {
                                micro(kc, ap, ir * kc, bp, bIdx, c, cIdx, ldc, alpha, mv, nv, tmp);
                            } else {
                                microFirst(kc, ap, ir * kc, bp, bIdx, c, cIdx, ldc, alpha, mv, nv, tmp, cMode, beta);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs op(B)[pc:pc+kc, jc:jc+nc] into slivers of F_NR columns: sliver s holds, for each p,
     * F_NR consecutive values (zero padded past nc) starting at s * F_NR * kc.
     */
    private static void packB(boolean transB, int kc, int nc, float[] b, int bOff, int ldb,
                              int pc, int jc, float[] bp) {
        final int nr = F_NR;
        for (int js = 0; js < nc; js += nr) {
            int nv = Math.min(nr, nc - js);
            int dst = js * kc;
            if (!transB) {
                int src = bOff + pc * ldb + jc + js;
                if (nv == nr) {
                    for (int p = 0; p < kc; p++) {
                        FloatVector.fromArray(FS, b, src).intoArray(bp, dst);
                        FloatVector.fromArray(FS, b, src + F_L).intoArray(bp, dst + F_L);
                        src += ldb;
                        dst += nr;
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        System.arraycopy(b, src, bp, dst, nv);
                        Arrays.fill(bp, dst + nv, dst + nr, 0.0f);
                        src += ldb;
                        dst += nr;
                    }
                }
            } else {
                int p0 = 0;
                if (nv == nr && Transpose16.ENABLED) {
                    // a full sliver's 16 x 16 blocks are transposed in registers; the loop below does kc % 16
                    int rows = bOff + (jc + js) * ldb + pc;
                    for (; p0 + 16 <= kc; p0 += 16) {
                        Transpose16.block(b, rows + p0, ldb, bp, dst + p0 * nr);
                        Transpose16.block(b, rows + 16 * ldb + p0, ldb, bp, dst + p0 * nr + 16);
                    }
                }
                for (int jj = 0; jj < nv; jj++) {
                    int src = bOff + (jc + js + jj) * ldb + pc;
                    for (int p = p0, d = dst + jj + p0 * nr; p < kc; p++, d += nr) {
                        bp[d] = b[src + p];
                    }
                }
                for (int jj = nv; jj < nr; jj++) {
                    for (int p = 0, d = dst + jj; p < kc; p++, d += nr) {
                        bp[d] = 0.0f;
                    }
                }
            }
        }
    }

    /**
     * 16 x 16 float32 transposes in registers, for packing a transposed B (X * W^T packs W^T): four
     * butterfly stages of {@code rearrange} and {@code blend}, each swapping one bit of the row
     * index with the same bit of the lane index. Used from JDK 25 on, where it runs 1.8x faster than
     * the scalar loop; JDK 17's C2 compiles it to slower code than the scalar loop, or falls back to
     * boxing. {@code grad4j.gemm.vectorTranspose} = {@code auto} (default), {@code true} or
     * {@code false}. Only for 16-lane float vectors (512-bit), the shape the rest of the kernel uses.
     */
    static final class Transpose16 {
        private Transpose16() {
        }

        static final boolean ENABLED = F_L == 16 && switch (Config.getString("grad4j.gemm.vectorTranspose", "auto")) {
            case "true" -> true;
            case "false" -> false;
            default -> Runtime.version().feature() >= 25;
        };

        /** Row i of the 16 x 16 block at {@code src} (row stride {@code ldb}) becomes column i at {@code dst} (row stride F_NR). */
        static void block(float[] b, int src, int ldb, float[] bp, int dst) {
            final int nr = F_NR;
            FloatVector v0 = FloatVector.fromArray(FS, b, src);
            FloatVector v1 = FloatVector.fromArray(FS, b, src + ldb);
            FloatVector v2 = FloatVector.fromArray(FS, b, src + 2 * ldb);
            FloatVector v3 = FloatVector.fromArray(FS, b, src + 3 * ldb);
            FloatVector v4 = FloatVector.fromArray(FS, b, src + 4 * ldb);
            FloatVector v5 = FloatVector.fromArray(FS, b, src + 5 * ldb);
            FloatVector v6 = FloatVector.fromArray(FS, b, src + 6 * ldb);
            FloatVector v7 = FloatVector.fromArray(FS, b, src + 7 * ldb);
            FloatVector v8 = FloatVector.fromArray(FS, b, src + 8 * ldb);
            FloatVector v9 = FloatVector.fromArray(FS, b, src + 9 * ldb);
            FloatVector va = FloatVector.fromArray(FS, b, src + 10 * ldb);
            FloatVector vb = FloatVector.fromArray(FS, b, src + 11 * ldb);
            FloatVector vc = FloatVector.fromArray(FS, b, src + 12 * ldb);
            FloatVector vd = FloatVector.fromArray(FS, b, src + 13 * ldb);
            FloatVector ve = FloatVector.fromArray(FS, b, src + 14 * ldb);
            FloatVector vf = FloatVector.fromArray(FS, b, src + 15 * ldb);
            FloatVector t;
            // bit 3: rows r and r + 8
            t = v0.blend(v8.rearrange(Lanes.UP8), Lanes.BIT8); v8 = v0.rearrange(Lanes.DOWN8).blend(v8, Lanes.BIT8); v0 = t;
            t = v1.blend(v9.rearrange(Lanes.UP8), Lanes.BIT8); v9 = v1.rearrange(Lanes.DOWN8).blend(v9, Lanes.BIT8); v1 = t;
            t = v2.blend(va.rearrange(Lanes.UP8), Lanes.BIT8); va = v2.rearrange(Lanes.DOWN8).blend(va, Lanes.BIT8); v2 = t;
            t = v3.blend(vb.rearrange(Lanes.UP8), Lanes.BIT8); vb = v3.rearrange(Lanes.DOWN8).blend(vb, Lanes.BIT8); v3 = t;
            t = v4.blend(vc.rearrange(Lanes.UP8), Lanes.BIT8); vc = v4.rearrange(Lanes.DOWN8).blend(vc, Lanes.BIT8); v4 = t;
            t = v5.blend(vd.rearrange(Lanes.UP8), Lanes.BIT8); vd = v5.rearrange(Lanes.DOWN8).blend(vd, Lanes.BIT8); v5 = t;
            t = v6.blend(ve.rearrange(Lanes.UP8), Lanes.BIT8); ve = v6.rearrange(Lanes.DOWN8).blend(ve, Lanes.BIT8); v6 = t;
            t = v7.blend(vf.rearrange(Lanes.UP8), Lanes.BIT8); vf = v7.rearrange(Lanes.DOWN8).blend(vf, Lanes.BIT8); v7 = t;
            // bit 2: rows r and r + 4
            t = v0.blend(v4.rearrange(Lanes.UP4), Lanes.BIT4); v4 = v0.rearrange(Lanes.DOWN4).blend(v4, Lanes.BIT4); v0 = t;
            t = v1.blend(v5.rearrange(Lanes.UP4), Lanes.BIT4); v5 = v1.rearrange(Lanes.DOWN4).blend(v5, Lanes.BIT4); v1 = t;
            t = v2.blend(v6.rearrange(Lanes.UP4), Lanes.BIT4); v6 = v2.rearrange(Lanes.DOWN4).blend(v6, Lanes.BIT4); v2 = t;
            t = v3.blend(v7.rearrange(Lanes.UP4), Lanes.BIT4); v7 = v3.rearrange(Lanes.DOWN4).blend(v7, Lanes.BIT4); v3 = t;
            t = v8.blend(vc.rearrange(Lanes.UP4), Lanes.BIT4); vc = v8.rearrange(Lanes.DOWN4).blend(vc, Lanes.BIT4); v8 = t;
            t = v9.blend(vd.rearrange(Lanes.UP4), Lanes.BIT4); vd = v9.rearrange(Lanes.DOWN4).blend(vd, Lanes.BIT4); v9 = t;
            t = va.blend(ve.rearrange(Lanes.UP4), Lanes.BIT4); ve = va.rearrange(Lanes.DOWN4).blend(ve, Lanes.BIT4); va = t;
            t = vb.blend(vf.rearrange(Lanes.UP4), Lanes.BIT4); vf = vb.rearrange(Lanes.DOWN4).blend(vf, Lanes.BIT4); vb = t;
            // bit 1: rows r and r + 2
            t = v0.blend(v2.rearrange(Lanes.UP2), Lanes.BIT2); v2 = v0.rearrange(Lanes.DOWN2).blend(v2, Lanes.BIT2); v0 = t;
            t = v1.blend(v3.rearrange(Lanes.UP2), Lanes.BIT2); v3 = v1.rearrange(Lanes.DOWN2).blend(v3, Lanes.BIT2); v1 = t;
            t = v4.blend(v6.rearrange(Lanes.UP2), Lanes.BIT2); v6 = v4.rearrange(Lanes.DOWN2).blend(v6, Lanes.BIT2); v4 = t;
            t = v5.blend(v7.rearrange(Lanes.UP2), Lanes.BIT2); v7 = v5.rearrange(Lanes.DOWN2).blend(v7, Lanes.BIT2); v5 = t;
            t = v8.blend(va.rearrange(Lanes.UP2), Lanes.BIT2); va = v8.rearrange(Lanes.DOWN2).blend(va, Lanes.BIT2); v8 = t;
            t = v9.blend(vb.rearrange(Lanes.UP2), Lanes.BIT2); vb = v9.rearrange(Lanes.DOWN2).blend(vb, Lanes.BIT2); v9 = t;
            t = vc.blend(ve.rearrange(Lanes.UP2), Lanes.BIT2); ve = vc.rearrange(Lanes.DOWN2).blend(ve, Lanes.BIT2); vc = t;
            t = vd.blend(vf.rearrange(Lanes.UP2), Lanes.BIT2); vf = vd.rearrange(Lanes.DOWN2).blend(vf, Lanes.BIT2); vd = t;
            // bit 0: rows r and r + 1
            t = v0.blend(v1.rearrange(Lanes.UP1), Lanes.BIT1); v1 = v0.rearrange(Lanes.DOWN1).blend(v1, Lanes.BIT1); v0 = t;
            t = v2.blend(v3.rearrange(Lanes.UP1), Lanes.BIT1); v3 = v2.rearrange(Lanes.DOWN1).blend(v3, Lanes.BIT1); v2 = t;
            t = v4.blend(v5.rearrange(Lanes.UP1), Lanes.BIT1); v5 = v4.rearrange(Lanes.DOWN1).blend(v5, Lanes.BIT1); v4 = t;
            t = v6.blend(v7.rearrange(Lanes.UP1), Lanes.BIT1); v7 = v6.rearrange(Lanes.DOWN1).blend(v7, Lanes.BIT1); v6 = t;
            t = v8.blend(v9.rearrange(Lanes.UP1), Lanes.BIT1); v9 = v8.rearrange(Lanes.DOWN1).blend(v9, Lanes.BIT1); v8 = t;
            t = va.blend(vb.rearrange(Lanes.UP1), Lanes.BIT1); vb = va.rearrange(Lanes.DOWN1).blend(vb, Lanes.BIT1); va = t;
            t = vc.blend(vd.rearrange(Lanes.UP1), Lanes.BIT1); vd = vc.rearrange(Lanes.DOWN1).blend(vd, Lanes.BIT1); vc = t;
            t = ve.blend(vf.rearrange(Lanes.UP1), Lanes.BIT1); vf = ve.rearrange(Lanes.DOWN1).blend(vf, Lanes.BIT1); ve = t;
            v0.intoArray(bp, dst);
            v1.intoArray(bp, dst + nr);
            v2.intoArray(bp, dst + 2 * nr);
            v3.intoArray(bp, dst + 3 * nr);
            v4.intoArray(bp, dst + 4 * nr);
            v5.intoArray(bp, dst + 5 * nr);
            v6.intoArray(bp, dst + 6 * nr);
            v7.intoArray(bp, dst + 7 * nr);
            v8.intoArray(bp, dst + 8 * nr);
            v9.intoArray(bp, dst + 9 * nr);
            va.intoArray(bp, dst + 10 * nr);
            vb.intoArray(bp, dst + 11 * nr);
            vc.intoArray(bp, dst + 12 * nr);
            vd.intoArray(bp, dst + 13 * nr);
            ve.intoArray(bp, dst + 14 * nr);
            vf.intoArray(bp, dst + 15 * nr);
        }

        /**
         * For the stage on bit w: UP moves lane q - w to lane q where bit w of q is set, DOWN moves
         * lane q + w to lane q where it is clear, BIT selects the lanes where it is set.
         */
        private static final class Lanes {
            static final VectorShuffle<Float> UP8 = shuffle(8, true);
            static final VectorShuffle<Float> DOWN8 = shuffle(8, false);
            static final VectorShuffle<Float> UP4 = shuffle(4, true);
            static final VectorShuffle<Float> DOWN4 = shuffle(4, false);
            static final VectorShuffle<Float> UP2 = shuffle(2, true);
            static final VectorShuffle<Float> DOWN2 = shuffle(2, false);
            static final VectorShuffle<Float> UP1 = shuffle(1, true);
            static final VectorShuffle<Float> DOWN1 = shuffle(1, false);
            static final VectorMask<Float> BIT8 = bit(8);
            static final VectorMask<Float> BIT4 = bit(4);
            static final VectorMask<Float> BIT2 = bit(2);
            static final VectorMask<Float> BIT1 = bit(1);

            private static VectorShuffle<Float> shuffle(int w, boolean up) {
                int[] source = new int[16];
                for (int q = 0; q < 16; q++) {
                    boolean set = (q & w) != 0;
                    source[q] = set == up ? (up ? q - w : q + w) : q;
                }
                return VectorShuffle.fromArray(FS, source, 0);
            }

            private static VectorMask<Float> bit(int w) {
                long m = 0;
                for (int q = 0; q < 16; q++) {
                    if ((q & w) != 0) {
                        m |= 1L << q;
                    }
                }
                return VectorMask.fromLong(FS, m);
            }
        }
    }

    /**
     * Packs op(A)[ic:ic+mc, pc:pc+kc] into slivers of MR rows: sliver s holds, for each p, MR
     * consecutive values (zero padded past mc) starting at s * MR * kc.
     */
    private static void packA(boolean transA, int mc, int kc, float[] a, int aOff, int lda,
                              int ic, int pc, float[] ap) {
        for (int is = 0; is < mc; is += MR) {
            int mv = Math.min(MR, mc - is);
            int dst = is * kc;
            if (!transA && mv == MR) {
                // six row streams read in step, written in order: one pass over the sliver
                int r0 = aOff + (ic + is) * lda + pc;
                int r1 = r0 + lda;
                int r2 = r1 + lda;
                int r3 = r2 + lda;
                int r4 = r3 + lda;
                int r5 = r4 + lda;
                for (int p = 0, d = dst; p < kc; p++, d += MR) {
                    ap[d] = a[r0 + p];
                    ap[d + 1] = a[r1 + p];
                    ap[d + 2] = a[r2 + p];
                    ap[d + 3] = a[r3 + p];
                    ap[d + 4] = a[r4 + p];
                    ap[d + 5] = a[r5 + p];
                }
            } else if (!transA) {
                for (int ii = 0; ii < mv; ii++) {
                    int src = aOff + (ic + is + ii) * lda + pc;
                    for (int p = 0, d = dst + ii; p < kc; p++, d += MR) {
                        ap[d] = a[src + p];
                    }
                }
                for (int ii = mv; ii < MR; ii++) {
                    for (int p = 0, d = dst + ii; p < kc; p++, d += MR) {
                        ap[d] = 0.0f;
                    }
                }
            } else if (mv == MR) {
                // op(A) = A^T: a full sliver's six values for one p are contiguous in A
                int src = aOff + pc * lda + ic + is;
                for (int p = 0, d = dst; p < kc; p++, d += MR, src += lda) {
                    ap[d] = a[src];
                    ap[d + 1] = a[src + 1];
                    ap[d + 2] = a[src + 2];
                    ap[d + 3] = a[src + 3];
                    ap[d + 4] = a[src + 4];
                    ap[d + 5] = a[src + 5];
                }
            } else {
                int src = aOff + pc * lda + ic + is;
                for (int p = 0; p < kc; p++) {
                    int d = dst + p * MR;
                    for (int ii = 0; ii < mv; ii++) {
                        ap[d + ii] = a[src + ii];
                    }
                    for (int ii = mv; ii < MR; ii++) {
                        ap[d + ii] = 0.0f;
                    }
                    src += lda;
                }
            }
        }
    }

    /**
     * The register kernel: acc[MR x F_NR] = sum over p < kc of A-sliver(p) outer B-sliver(p),
     * then C[0:mv, 0:nv] += alpha * acc. Every element sees the same fused operations whether
     * its tile is full or an edge tile, so results do not depend on how C is partitioned.
     */
    private static void micro(int kc, float[] ap, int ai, float[] bp, int bi,
                              float[] c, int ci, int ldc, float alpha, int mv, int nv, float[] tmp) {
        FloatVector c00 = FloatVector.zero(FS), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
                c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0; p < kc; p++) {
            int bq = bi + p * F_NR;
            int aq = ai + p * MR;
            FloatVector b0 = FloatVector.fromArray(FS, bp, bq);
            FloatVector b1 = FloatVector.fromArray(FS, bp, bq + F_L);
            FloatVector av = FloatVector.broadcast(FS, ap[aq]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(FS, ap[aq + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(FS, ap[aq + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(FS, ap[aq + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(FS, ap[aq + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(FS, ap[aq + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        FloatVector al = FloatVector.broadcast(FS, alpha);
        if (mv == MR && nv == F_NR) {
            int r = ci;
            c00.fma(al, FloatVector.fromArray(FS, c, r)).intoArray(c, r);
            c01.fma(al, FloatVector.fromArray(FS, c, r + F_L)).intoArray(c, r + F_L);
            r += ldc;
            c10.fma(al, FloatVector.fromArray(FS, c, r)).intoArray(c, r);
            c11.fma(al, FloatVector.fromArray(FS, c, r + F_L)).intoArray(c, r + F_L);
            r += ldc;
            c20.fma(al, FloatVector.fromArray(FS, c, r)).intoArray(c, r);
            c21.fma(al, FloatVector.fromArray(FS, c, r + F_L)).intoArray(c, r + F_L);
            r += ldc;
            c30.fma(al, FloatVector.fromArray(FS, c, r)).intoArray(c, r);
            c31.fma(al, FloatVector.fromArray(FS, c, r + F_L)).intoArray(c, r + F_L);
            r += ldc;
            c40.fma(al, FloatVector.fromArray(FS, c, r)).intoArray(c, r);
            c41.fma(al, FloatVector.fromArray(FS, c, r + F_L)).intoArray(c, r + F_L);
            r += ldc;
            c50.fma(al, FloatVector.fromArray(FS, c, r)).intoArray(c, r);
            c51.fma(al, FloatVector.fromArray(FS, c, r + F_L)).intoArray(c, r + F_L);
        } else {
            final int nr = F_NR;
            c00.intoArray(tmp, 0);
            c01.intoArray(tmp, F_L);
            c10.intoArray(tmp, nr);
            c11.intoArray(tmp, nr + F_L);
            c20.intoArray(tmp, 2 * nr);
            c21.intoArray(tmp, 2 * nr + F_L);
            c30.intoArray(tmp, 3 * nr);
            c31.intoArray(tmp, 3 * nr + F_L);
            c40.intoArray(tmp, 4 * nr);
            c41.intoArray(tmp, 4 * nr + F_L);
            c50.intoArray(tmp, 5 * nr);
            c51.intoArray(tmp, 5 * nr + F_L);
            for (int i = 0; i < mv; i++) {
                int row = ci + i * ldc;
                for (int j = 0; j < nv; j++) {
                    c[row + j] = Math.fma(tmp[i * nr + j], alpha, c[row + j]);
                }
            }
        }
    }

    /** {@link #micro} for the first k-block: C enters as given by cMode (ignored, scaled by beta, or as is). */
    private static void microFirst(int kc, float[] ap, int ai, float[] bp, int bi,
                              float[] c, int ci, int ldc, float alpha, int mv, int nv, float[] tmp,
                              int cMode, float beta) {
        FloatVector c00 = FloatVector.zero(FS), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
                c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0; p < kc; p++) {
            int bq = bi + p * F_NR;
            int aq = ai + p * MR;
            FloatVector b0 = FloatVector.fromArray(FS, bp, bq);
            FloatVector b1 = FloatVector.fromArray(FS, bp, bq + F_L);
            FloatVector av = FloatVector.broadcast(FS, ap[aq]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(FS, ap[aq + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(FS, ap[aq + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(FS, ap[aq + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(FS, ap[aq + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(FS, ap[aq + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        FloatVector al = FloatVector.broadcast(FS, alpha);
        FloatVector bv = FloatVector.broadcast(FS, beta);
        if (mv == MR && nv == F_NR) {
            int r = ci;
            c00.fma(al, cIn(c, r, cMode, bv)).intoArray(c, r);
            c01.fma(al, cIn(c, r + F_L, cMode, bv)).intoArray(c, r + F_L);
            r += ldc;
            c10.fma(al, cIn(c, r, cMode, bv)).intoArray(c, r);
            c11.fma(al, cIn(c, r + F_L, cMode, bv)).intoArray(c, r + F_L);
            r += ldc;
            c20.fma(al, cIn(c, r, cMode, bv)).intoArray(c, r);
            c21.fma(al, cIn(c, r + F_L, cMode, bv)).intoArray(c, r + F_L);
            r += ldc;
            c30.fma(al, cIn(c, r, cMode, bv)).intoArray(c, r);
            c31.fma(al, cIn(c, r + F_L, cMode, bv)).intoArray(c, r + F_L);
            r += ldc;
            c40.fma(al, cIn(c, r, cMode, bv)).intoArray(c, r);
            c41.fma(al, cIn(c, r + F_L, cMode, bv)).intoArray(c, r + F_L);
            r += ldc;
            c50.fma(al, cIn(c, r, cMode, bv)).intoArray(c, r);
            c51.fma(al, cIn(c, r + F_L, cMode, bv)).intoArray(c, r + F_L);
        } else {
            final int nr = F_NR;
            c00.intoArray(tmp, 0);
            c01.intoArray(tmp, F_L);
            c10.intoArray(tmp, nr);
            c11.intoArray(tmp, nr + F_L);
            c20.intoArray(tmp, 2 * nr);
            c21.intoArray(tmp, 2 * nr + F_L);
            c30.intoArray(tmp, 3 * nr);
            c31.intoArray(tmp, 3 * nr + F_L);
            c40.intoArray(tmp, 4 * nr);
            c41.intoArray(tmp, 4 * nr + F_L);
            c50.intoArray(tmp, 5 * nr);
            c51.intoArray(tmp, 5 * nr + F_L);
            for (int i = 0; i < mv; i++) {
                int row = ci + i * ldc;
                for (int j = 0; j < nv; j++) {
                    c[row + j] = Math.fma(tmp[i * nr + j], alpha, cIn(c[row + j], cMode, beta));
                }
            }
        }
    }

    /**
     * A tiny product through the vector path, compared with a scalar reference; false (never an
     * exception) if anything is off, so a broken or unaccelerated Vector API just disables the kernel.
     */
    static boolean selfTest() {
        if (!usable()) {
            return false;
        }
        int m = MR + 1;
        int n = D_NR + 3;
        int fn = F_NR + 3;
        int k = 5;
        double[] a = new double[m * k];
        double[] b = new double[k * fn];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 7) - 3;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (i % 5) - 2;
        }
        double[] c = new double[m * n];
        Arrays.fill(c, 1.0);
        gemmBlock(false, false, m, n, k, 2.0, a, 0, k, b, 0, n, 3.0, c, 0, n);
        float[] fa = new float[a.length];
        float[] fb = new float[b.length];
        for (int i = 0; i < a.length; i++) {
            fa[i] = (float) a[i];
        }
        for (int i = 0; i < b.length; i++) {
            fb[i] = (float) b[i];
        }
        float[] fc = new float[m * fn];
        Arrays.fill(fc, 1.0f);
        gemmBlock(false, false, m, fn, k, 2.0f, fa, 0, k, fb, 0, fn, 3.0f, fc, 0, fn);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < fn; j++) {
                double s = 0;
                double fs = 0;
                for (int p = 0; p < k; p++) {
                    if (j < n) {
                        s += a[i * k + p] * b[p * n + j];
                    }
                    fs += a[i * k + p] * b[p * fn + j];
                }
                // small integers: both paths are exact
                if (j < n && c[i * n + j] != 2.0 * s + 3.0) {
                    return false;
                }
                if (fc[i * fn + j] != (float) (2.0 * fs + 3.0)) {
                    return false;
                }
            }
        }
        return true;
    }
}

package org.grad4j.cpu;

import static org.grad4j.cpu.VectorGemmKernel.C_ADD;
import static org.grad4j.cpu.VectorGemmKernel.C_ZERO;
import static org.grad4j.cpu.VectorGemmKernel.DS;
import static org.grad4j.cpu.VectorGemmKernel.D_L;
import static org.grad4j.cpu.VectorGemmKernel.D_NR;
import static org.grad4j.cpu.VectorGemmKernel.MR;

import jdk.incubator.vector.DoubleVector;

/**
 * The float64 register kernels: a 6 x 2-vector tile of C accumulated in 12 FMA chains over one
 * k-block of packed slivers. The float32 class is generated from this 64-bit source (see
 * package-info).
 */
final class VectorMicroF64 {
    private VectorMicroF64() {
    }

    private static DoubleVector cIn(double[] c, int r, int mode, DoubleVector bv) {
        return mode == C_ADD ? DoubleVector.fromArray(DS, c, r)
                : mode == C_ZERO ? DoubleVector.zero(DS) : DoubleVector.fromArray(DS, c, r).mul(bv);
    }

    private static double cIn(double c, int mode, double beta) {
        return mode == C_ADD ? c : mode == C_ZERO ? 0.0 : c * beta;
    }

    /**
     * The register kernel: acc[MR x D_NR] = sum over p < kc of A-sliver(p) outer B-sliver(p),
     * then C[0:mv, 0:nv] += alpha * acc. Every element sees the same fused operations whether
     * its tile is full or an edge tile, so results do not depend on how C is partitioned.
     */
    static void micro(int kc, double[] ap, int ai, double[] bp, int bi,
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
    static void microFirst(int kc, double[] ap, int ai, double[] bp, int bi,
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
}

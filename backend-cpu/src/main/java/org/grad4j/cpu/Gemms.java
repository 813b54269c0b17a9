package org.grad4j.cpu;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;
import org.grad4j.spi.Gemm;

/**
 * Matrix products. Small products (the seed's 1x1) take a plain loop with no allocation; large
 * dense ones go to EJML, wrapping the buffers without copies when their layout allows it.
 */
final class Gemms {
    /** Below this many multiply-adds a plain loop beats any blocked kernel's set-up. */
    private static final long SMALL = 32L * 32 * 32;

    private Gemms() {
    }

    static boolean vectorAvailable() {
        return false;
    }

    static void run(Gemm g) {
        CpuBuffer a = CpuBackend.buf(g.a());
        CpuBuffer b = CpuBackend.buf(g.b());
        CpuBuffer c = CpuBackend.buf(g.c());
        for (int batch = 0; batch < g.batch(); batch++) {
            int ao = g.aOffset() + batch * g.strideA();
            int bo = g.bOffset() + batch * g.strideB();
            int co = g.cOffset() + batch * g.strideC();
            if (!ejml(g, a, ao, b, bo, c, co)) {
                naive(g, a, ao, b, bo, c, co);
            }
        }
    }

    /** One product through EJML when it is large and every operand is a whole, densely packed array. */
    private static boolean ejml(Gemm g, CpuBuffer a, int ao, CpuBuffer b, int bo, CpuBuffer c, int co) {
        int m = g.m();
        int n = g.n();
        int k = g.k();
        if ((long) m * n * k < SMALL || g.batch() != 1 || ao != 0 || bo != 0 || co != 0 || g.beta() != 0.0) {
            return false;
        }
        int aRows = g.transA() ? k : m;
        int aCols = g.transA() ? m : k;
        int bRows = g.transB() ? n : k;
        int bCols = g.transB() ? k : n;
        if (g.lda() != aCols || g.ldb() != bCols || g.ldc() != n || a.length() != aRows * aCols
                || b.length() != bRows * bCols || c.length() != m * n) {
            return false;
        }
        if (c.d != null) {
            DMatrixRMaj am = DMatrixRMaj.wrap(aRows, aCols, a.d);
            DMatrixRMaj bm = DMatrixRMaj.wrap(bRows, bCols, b.d);
            DMatrixRMaj cm = DMatrixRMaj.wrap(m, n, c.d);
            double alpha = g.alpha();
            if (g.transA() && g.transB()) {
                CommonOps_DDRM.multTransAB(alpha, am, bm, cm);
            } else if (g.transA()) {
                CommonOps_DDRM.multTransA(alpha, am, bm, cm);
            } else if (g.transB()) {
                CommonOps_DDRM.multTransB(alpha, am, bm, cm);
            } else {
                CommonOps_DDRM.mult(alpha, am, bm, cm);
            }
        } else {
            FMatrixRMaj am = FMatrixRMaj.wrap(aRows, aCols, a.f);
            FMatrixRMaj bm = FMatrixRMaj.wrap(bRows, bCols, b.f);
            FMatrixRMaj cm = FMatrixRMaj.wrap(m, n, c.f);
            float alpha = (float) g.alpha();
            if (g.transA() && g.transB()) {
                CommonOps_FDRM.multTransAB(alpha, am, bm, cm);
            } else if (g.transA()) {
                CommonOps_FDRM.multTransA(alpha, am, bm, cm);
            } else if (g.transB()) {
                CommonOps_FDRM.multTransB(alpha, am, bm, cm);
            } else {
                CommonOps_FDRM.mult(alpha, am, bm, cm);
            }
        }
        return true;
    }

    /**
     * {@code C = alpha * sum_p A(i,p) B(p,j) + beta * C}, summing over p in order (as reference BLAS
     * does), then scaling and adding C once.
     */
    static void naive(Gemm g, CpuBuffer a, int ao, CpuBuffer b, int bo, CpuBuffer c, int co) {
        int m = g.m();
        int n = g.n();
        int k = g.k();
        int aRow = g.transA() ? 1 : g.lda();
        int aCol = g.transA() ? g.lda() : 1;
        int bRow = g.transB() ? 1 : g.ldb();
        int bCol = g.transB() ? g.ldb() : 1;
        double alpha = g.alpha();
        double beta = g.beta();
        boolean f64 = c.d != null;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                int ai = ao + i * aRow;
                int bj = bo + j * bCol;
                if (f64) {
                    double[] ad = a.d;
                    double[] bd = b.d;
                    for (int p = 0; p < k; p++) {
                        acc += ad[ai + p * aCol] * bd[bj + p * bRow];
                    }
                } else {
                    float[] af = a.f;
                    float[] bf = b.f;
                    float facc = 0;
                    for (int p = 0; p < k; p++) {
                        facc += af[ai + p * aCol] * bf[bj + p * bRow];
                    }
                    acc = facc;
                }
                int ci = co + i * g.ldc() + j;
                double v = alpha == 1.0 ? acc : alpha * acc;
                if (beta != 0.0) {
                    v = beta == 1.0 ? c.get(ci) + v : beta * c.get(ci) + v;
                }
                c.set(ci, v);
            }
        }
    }
}

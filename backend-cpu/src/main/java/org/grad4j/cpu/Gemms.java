package org.grad4j.cpu;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;
import org.grad4j.spi.Gemm;

/**
 * Matrix products. With the Vector API ({@code --add-modules jdk.incubator.vector}) every product
 * goes to {@link VectorGemm}; without it, large densely packed products (above VectorGemm's
 * reference-order limit) go to EJML (wrapping the buffers, no copies) and the rest to VectorGemm's
 * plain loops, in the reference BLAS order, which also serve small products such as the seed's 1x1
 * without allocating.
 */
final class Gemms {
    private Gemms() {
    }

    static boolean vectorAvailable() {
        return VectorGemm.isAvailable();
    }

    static void run(Gemm g) {
        CpuBuffer a = CpuBackend.buf(g.a());
        CpuBuffer b = CpuBackend.buf(g.b());
        CpuBuffer c = CpuBackend.buf(g.c());
        for (int batch = 0; batch < g.batch(); batch++) {
            int ao = g.aOffset() + batch * g.strideA();
            int bo = g.bOffset() + batch * g.strideB();
            int co = g.cOffset() + batch * g.strideC();
            if (VectorGemm.isAvailable() || !ejml(g, a, ao, b, bo, c, co)) {
                vector(g, a, ao, b, bo, c, co);
            }
        }
    }

    /** One product through EJML when it is large and every operand is a whole, densely packed array. */
    private static boolean ejml(Gemm g, CpuBuffer a, int ao, CpuBuffer b, int bo, CpuBuffer c, int co) {
        int m = g.m();
        int n = g.n();
        int k = g.k();
        if ((long) m * n * k <= VectorGemm.REFERENCE_MAX_FMAS || g.batch() != 1 || ao != 0 || bo != 0 || co != 0
                || g.beta() != 0.0) {
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

    /** One product through {@link VectorGemm}: its SIMD kernel when the JVM has the Vector API, plain loops otherwise. */
    private static void vector(Gemm g, CpuBuffer a, int ao, CpuBuffer b, int bo, CpuBuffer c, int co) {
        if (c.d != null) {
            VectorGemm.gemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), g.alpha(), a.d, ao, g.lda(), b.d, bo, g.ldb(),
                    g.beta(), c.d, co, g.ldc());
        } else {
            VectorGemm.gemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), (float) g.alpha(), a.f, ao, g.lda(), b.f, bo, g.ldb(),
                    (float) g.beta(), c.f, co, g.ldc());
        }
    }
}

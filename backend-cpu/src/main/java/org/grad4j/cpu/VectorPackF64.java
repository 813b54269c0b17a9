package org.grad4j.cpu;

import static org.grad4j.cpu.VectorGemmKernel.DS;
import static org.grad4j.cpu.VectorGemmKernel.D_L;
import static org.grad4j.cpu.VectorGemmKernel.D_NR;
import static org.grad4j.cpu.VectorGemmKernel.MR;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;

/**
 * Packing for the float64 GEMM: op(B) into slivers of two vectors' columns, op(A) into slivers of
 * {@code MR} rows, each in the order the register kernel reads them. The float32 class is generated
 * from this 64-bit source (see package-info).
 */
final class VectorPackF64 {
    private VectorPackF64() {
    }

    /**
     * Whether a full transposed sliver of B is copied from eight source rows in step (float64: a quarter less
     * time per packed element than one row at a time, interleaved; float32 measured no faster and keeps the
     * row loop). Needs slivers of a multiple of eight columns (not so with 128-bit vectors).
     */
    private static final boolean EIGHT_ROWS = D_NR % 8 == 0 && true /* f32: false */;

    /**
     * Packs op(B)[pc:pc+kc, jc:jc+nc] into slivers of D_NR columns: sliver s holds, for each p,
     * D_NR consecutive values (zero padded past nc) starting at s * D_NR * kc.
     */
    static void packB(boolean transB, int kc, int nc, double[] b, int bOff, int ldb,
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
                // float32 transposes a full sliver's 16 x 16 blocks in registers where that is faster
                int p0 = nv == nr ? Transpose16.fullSliver(b, bOff + (jc + js) * ldb + pc, ldb, kc, bp, dst) : 0;
                if (EIGHT_ROWS && nv == nr && p0 < kc) {
                    // eight source rows in step, each p's eight values written to one run of the sliver row
                    for (int jj = 0; jj < nr; jj += 8) {
                        int s0 = bOff + (jc + js + jj) * ldb + pc;
                        int s1 = s0 + ldb;
                        int s2 = s1 + ldb;
                        int s3 = s2 + ldb;
                        int s4 = s3 + ldb;
                        int s5 = s4 + ldb;
                        int s6 = s5 + ldb;
                        int s7 = s6 + ldb;
                        for (int p = p0, d = dst + jj + p0 * nr; p < kc; p++, d += nr) {
                            bp[d] = b[s0 + p];
                            bp[d + 1] = b[s1 + p];
                            bp[d + 2] = b[s2 + p];
                            bp[d + 3] = b[s3 + p];
                            bp[d + 4] = b[s4 + p];
                            bp[d + 5] = b[s5 + p];
                            bp[d + 6] = b[s6 + p];
                            bp[d + 7] = b[s7 + p];
                        }
                    }
                    continue;
                }
                for (int jj = 0; jj < nv; jj++) {
                    int src = bOff + (jc + js + jj) * ldb + pc;
                    for (int p = p0, d = dst + jj + p0 * nr; p < kc; p++, d += nr) {
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
    static void packA(boolean transA, int mc, int kc, double[] a, int aOff, int lda,
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
}

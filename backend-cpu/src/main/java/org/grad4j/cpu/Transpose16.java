package org.grad4j.cpu;

import static org.grad4j.cpu.VectorGemmKernel.FS;
import static org.grad4j.cpu.VectorGemmKernel.F_L;
import static org.grad4j.cpu.VectorGemmKernel.F_NR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

import org.grad4j.Config;

/**
 * 16 x 16 float32 transposes in registers, for packing a transposed B (X * W^T packs W^T): four
 * butterfly stages of {@code rearrange} and {@code blend}, each swapping one bit of the row
 * index with the same bit of the lane index. Used from JDK 25 on, where it runs 1.8x faster than
 * the scalar loop; JDK 17's C2 compiles it to slower code than the scalar loop, or falls back to
 * boxing. {@code grad4j.gemm.vectorTranspose} = {@code auto} (default), {@code true} or
 * {@code false}. Only for 16-lane float vectors (512-bit), the shape the rest of the kernel uses.
 */
final class Transpose16 {
    private Transpose16() {
    }

    static final boolean ENABLED = F_L == 16 && switch (Config.getString("grad4j.gemm.vectorTranspose", "auto")) {
        case "true" -> true;
        case "false" -> false;
        default -> Runtime.version().feature() >= 25;
    };

    /**
     * Packs the full 16 x 16 blocks of one sliver of a transposed B (rows {@code rows} and
     * {@code rows + 16 * ldb} of B, from column 0 of the k-block) when {@link #ENABLED}; returns how
     * many k it packed, the packing loop doing the rest.
     */
    static int fullSliver(float[] b, int rows, int ldb, int kc, float[] bp, int dst) {
        int p0 = 0;
        if (ENABLED) {
            final int nr = F_NR;
            for (; p0 + 16 <= kc; p0 += 16) {
                block(b, rows + p0, ldb, bp, dst + p0 * nr);
                block(b, rows + 16 * ldb + p0, ldb, bp, dst + p0 * nr + 16);
            }
        }
        return p0;
    }

    /** The float64 packing's hook: no register transpose is written for float64 (not measured). */
    static int fullSliver(double[] b, int rows, int ldb, int kc, double[] bp, int dst) {
        return 0;
    }

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

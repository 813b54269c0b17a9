package org.grad4j.cuda;

/**
 * Packs the iteration geometry of a kernel call into the int layout of the CUDA structs
 * {@code Geo} and {@code RGeo} (see grad4j_kernels.cu), after merging dimensions: size-1 dimensions
 * are dropped and a dimension is merged into the one before it when every operand steps through
 * both as through one. Merging keeps the row-major visiting order, so contiguous operands become
 * rank 1.
 */
final class Geometry {
    /** Largest rank the kernels index after merging. */
    static final int MAX_RANK = 8;
    /** Ints in {@code struct Geo}: rank, off[3], shape[8], st[3][8]. */
    static final int GEO_INTS = 1 + 3 + MAX_RANK + 3 * MAX_RANK;
    /** Ints in {@code struct RGeo}: inOff, keptRank, keptShape[8], keptStride[8], redRank, redShape[8], redStride[8]. */
    static final int RGEO_INTS = 2 + 2 * MAX_RANK + 1 + 2 * MAX_RANK;

    private Geometry() {
    }

    /** Number of elements of {@code shape} (1 for rank 0). */
    static long count(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    /**
     * Merged dims of {@code shape} for the operands' {@code strides}; returns {@code {shape, st0, st1, ...}}
     * with at least one dimension.
     */
    static int[][] merge(int[] shape, int[]... strides) {
        int k = strides.length;
        int[] ms = new int[Math.max(shape.length, 1)];
        int[][] mst = new int[k][ms.length];
        int r = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) {
                continue;
            }
            if (r > 0 && mergeable(mst, r - 1, ms[r - 1], strides, d, shape[d])) {
                for (int j = 0; j < k; j++) {
                    mst[j][r - 1] = strides[j][d];
                }
                ms[r - 1] *= shape[d];
                continue;
            }
            ms[r] = shape[d];
            for (int j = 0; j < k; j++) {
                mst[j][r] = strides[j][d];
            }
            r++;
        }
        if (r == 0) {
            ms[0] = 1;
            for (int j = 0; j < k; j++) {
                mst[j][0] = 0;
            }
            r = 1;
        }
        int[][] out = new int[k + 1][];
        out[0] = java.util.Arrays.copyOf(ms, r);
        for (int j = 0; j < k; j++) {
            out[j + 1] = java.util.Arrays.copyOf(mst[j], r);
        }
        return out;
    }

    private static boolean mergeable(int[][] mst, int prev, int prevSize, int[][] strides, int d, int size) {
        for (int j = 0; j < strides.length; j++) {
            if ((long) mst[j][prev] != (long) strides[j][d] * size) {
                return false;
            }
        }
        return true;
    }

    /** {@code struct Geo} for up to three operands with element offsets {@code offs}. */
    static int[] geo(String op, int[] shape, int[] offs, int[]... strides) {
        int[][] m = merge(shape, strides);
        int rank = m[0].length;
        checkRank(op, rank, shape);
        int[] g = new int[GEO_INTS];
        g[0] = rank;
        for (int j = 0; j < offs.length; j++) {
            g[1 + j] = offs[j];
        }
        System.arraycopy(m[0], 0, g, 4, rank);
        for (int j = 0; j < strides.length; j++) {
            System.arraycopy(m[j + 1], 0, g, 4 + MAX_RANK + j * MAX_RANK, rank);
        }
        return g;
    }

    /**
     * {@code struct RGeo} for a reduction of {@code in} (offset, strides) over {@code reduced};
     * {@code keepSingleReduced} keeps the reduced axes unmerged (argmax needs its axis' own index).
     */
    static int[] rgeo(String op, int[] shape, int inOff, int[] inStrides, boolean[] reduced, boolean keepSingleReduced) {
        int nk = 0;
        int nr = 0;
        for (boolean b : reduced) {
            if (b) {
                nr++;
            } else {
                nk++;
            }
        }
        int[] ks = new int[nk];
        int[] kst = new int[nk];
        int[] rs = new int[nr];
        int[] rst = new int[nr];
        for (int d = 0, i = 0, j = 0; d < shape.length; d++) {
            if (reduced[d]) {
                rs[j] = shape[d];
                rst[j++] = inStrides[d];
            } else {
                ks[i] = shape[d];
                kst[i++] = inStrides[d];
            }
        }
        int[][] km = merge(ks, kst);
        int[][] rm = keepSingleReduced && nr == 1 ? new int[][] {rs, rst} : merge(rs, rst);
        checkRank(op, km[0].length, shape);
        checkRank(op, rm[0].length, shape);
        int[] g = new int[RGEO_INTS];
        g[0] = inOff;
        g[1] = km[0].length;
        System.arraycopy(km[0], 0, g, 2, km[0].length);
        System.arraycopy(km[1], 0, g, 2 + MAX_RANK, km[0].length);
        int r0 = 2 + 2 * MAX_RANK;
        g[r0] = rm[0].length;
        System.arraycopy(rm[0], 0, g, r0 + 1, rm[0].length);
        System.arraycopy(rm[1], 0, g, r0 + 1 + MAX_RANK, rm[0].length);
        return g;
    }

    private static void checkRank(String op, int rank, int[] shape) {
        if (rank > MAX_RANK) {
            throw new UnsupportedOperationException("cuda " + op.toLowerCase(java.util.Locale.ROOT) + ": shape " + java.util.Arrays.toString(shape)
                    + " has " + rank + " dimensions that cannot be merged; the CUDA kernels index at most "
                    + MAX_RANK + " (make the operands contiguous first)");
        }
    }
}

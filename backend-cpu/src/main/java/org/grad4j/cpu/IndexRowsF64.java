package org.grad4j.cpu;

/**
 * The inner loops of gather, scatter and where over one row of {@code double[]} operands;
 * {@link IndexKernels} walks the rows and picks the twin of the output's array. The template of the
 * float32, int64 and bool ({@code byte[]}) twins, generated at build time (see package-info); the one
 * step that differs by type, scatter's accumulation, is the overloaded {@link IndexKernels#accumulate}.
 * Arguments: an array, the row's first offset in it and its stride; {@code n} elements.
 */
final class IndexRowsF64 {
    private IndexRowsF64() {
    }

    /**
     * {@code out[j] = src[ix[j] * dim]} for j in [0, n): a row copy when one index serves the whole row
     * (index_select of rows, embedding lookups), a unit-stride loop for contiguous index and output.
     * {@code (x | (limit - x)) < 0} exactly when index x is outside {@code [0, limit]} (no overflow for
     * {@code limit >= 0}): tested before x addresses anything, so a bad index never reads out of bounds.
     *
     * @return false at the first index outside {@code [0, limit]} (the row then partly written)
     */
    static boolean gather(double[] src, int p, int ss, long[] ix, int q, int si, double[] out, int t, int so, int n,
            int dim, long limit) {
        if (si == 0 && ss == 1 && so == 1) {
            long x = ix[q];
            if ((x | (limit - x)) < 0) {
                return false;
            }
            System.arraycopy(src, p + (int) x * dim, out, t, n);
            return true;
        }
        if (ss == 0 && si == 1 && so == 1) {
            for (int j = 0; j < n; j++) {
                long x = ix[q + j];
                if ((x | (limit - x)) < 0) {
                    return false;
                }
                out[t + j] = src[p + (int) x * dim];
            }
            return true;
        }
        for (int j = 0; j < n; j++, p += ss, q += si, t += so) {
            long x = ix[q];
            if ((x | (limit - x)) < 0) {
                return false;
            }
            out[t] = src[p + (int) x * dim];
        }
        return true;
    }

    /** {@code out[ix[j] * dim] = src[j]}, or {@code +=} when accumulating, in index order. */
    static void scatter(double[] src, int p, int ss, long[] ix, int q, int si, double[] out, int t, int so, int n,
            int dim, boolean accumulate) {
        if (!accumulate) {
            for (int j = 0; j < n; j++, p += ss, q += si, t += so) {
                out[t + (int) ix[q] * dim] = src[p];
            }
            return;
        }
        for (int j = 0; j < n; j++, p += ss, q += si, t += so) {
            int to = t + (int) ix[q] * dim;
            out[to] = IndexKernels.accumulate(out[to], src[p]);
        }
    }

    /** {@code out[j] = cond[j] != 0 ? a[j] : b[j]}. */
    static void where(byte[] cond, int c, int sc, double[] a, int p, int sa, double[] b, int q, int sb, double[] out,
            int t, int so, int n) {
        for (int j = 0; j < n; j++, c += sc, p += sa, q += sb, t += so) {
            out[t] = cond[c] != 0 ? a[p] : b[q];
        }
    }
}

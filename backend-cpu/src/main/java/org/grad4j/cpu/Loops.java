package org.grad4j.cpu;

/** Strided N-d iteration: merges dimensions that are contiguous for every operand, then walks rows of the last one. */
final class Loops {
    private Loops() {
    }

    /** One row: {@code n} elements starting at the given offsets, each operand advancing by its stride. */
    @FunctionalInterface
    interface Row {
        void run(int ia, int sa, int ib, int sb, int io, int so, int n);
    }

    /** Not a single flat row: iterate with {@link #forEachRow}. */
    static final int STRIDED = -1;

    /**
     * The single stride with which an operand walks {@code shape} in row-major order: 1 when it is
     * contiguous, 0 when it is one broadcast element, {@link #STRIDED} otherwise. Size-1 dims are ignored.
     */
    static int flatStride(int[] shape, int[] strides) {
        boolean zero = true;
        boolean contiguous = true;
        int expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            int size = shape[d];
            if (size == 1) {
                continue;
            }
            zero &= strides[d] == 0;
            contiguous &= strides[d] == expected;
            expected *= size;
        }
        return contiguous ? 1 : zero ? 0 : STRIDED;
    }

    /**
     * The length {@code n} of the row an operand repeats as it walks {@code shape} in row-major order: its
     * innermost dims are contiguous ({@code n} elements, {@code n > 1}) and every outer dim is broadcast
     * (stride 0), as a bias {@code [n]} against {@code [rows, n]}; -1 otherwise (also when nothing is
     * broadcast). Size-1 dims are ignored.
     */
    static int rowPeriod(int[] shape, int[] strides) {
        int d = shape.length - 1;
        int n = 1;
        for (; d >= 0; d--) {
            if (shape[d] != 1) {
                if (strides[d] != n) {
                    break;
                }
                n *= shape[d];
            }
        }
        boolean broadcast = false;
        for (; d >= 0; d--) {
            if (shape[d] != 1) {
                if (strides[d] != 0) {
                    return -1;
                }
                broadcast = true;
            }
        }
        return broadcast && n > 1 ? n : -1;
    }

    static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * Calls {@code row} for every innermost row of {@code shape}. {@code sa}/{@code sb} may be null for
     * operands that do not exist; their offsets are then meaningless.
     */
    static void forEachRow(int[] shape, int[] sa, int[] sb, int[] so, int oa, int ob, int oo, Row row) {
        int rank = shape.length;
        for (int d : shape) {
            if (d == 0) {
                return;
            }
        }
        if (rank == 0) {
            row.run(oa, 0, ob, 0, oo, 0, 1);
            return;
        }
        // Coalesce adjacent dims (from the inside out) where every operand steps uniformly across them.
        int[] dims = new int[rank];
        int[] a = new int[rank];
        int[] b = new int[rank];
        int[] o = new int[rank];
        int k = 0;
        dims[0] = shape[rank - 1];
        a[0] = sa == null ? 0 : sa[rank - 1];
        b[0] = sb == null ? 0 : sb[rank - 1];
        o[0] = so[rank - 1];
        for (int d = rank - 2; d >= 0; d--) {
            int size = shape[d];
            int da = sa == null ? 0 : sa[d];
            int db = sb == null ? 0 : sb[d];
            int dout = so[d];
            if (size == 1) {
                continue;
            }
            if (dims[k] == 1) {
                dims[k] = size;
                a[k] = da;
                b[k] = db;
                o[k] = dout;
            } else if (da == a[k] * dims[k] && db == b[k] * dims[k] && dout == o[k] * dims[k]) {
                dims[k] *= size;
            } else {
                k++;
                dims[k] = size;
                a[k] = da;
                b[k] = db;
                o[k] = dout;
            }
        }
        int n = dims[0];
        if (k == 0) {
            row.run(oa, a[0], ob, b[0], oo, o[0], n);
            return;
        }
        int[] idx = new int[k + 1];
        int ia = oa;
        int ib = ob;
        int io = oo;
        while (true) {
            row.run(ia, a[0], ib, b[0], io, o[0], n);
            int d = 1;
            while (true) {
                idx[d]++;
                ia += a[d];
                ib += b[d];
                io += o[d];
                if (idx[d] < dims[d]) {
                    break;
                }
                ia -= a[d] * dims[d];
                ib -= b[d] * dims[d];
                io -= o[d] * dims[d];
                idx[d] = 0;
                if (++d > k) {
                    return;
                }
            }
        }
    }
}

package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.grad4j.DType;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.spi.UnaryOp;
import org.junit.jupiter.api.Test;

/**
 * The contiguous and multi-threaded fast paths of gather, index_select, the index range check, argmax
 * and relu against plain loops over the same values, at sizes that split across worker threads
 * (more than grad4j.cpu.parallelMinElements elements) and on non-contiguous operands.
 */
class BandwidthPathsTest {
    private static final int BIG = Workers.PARALLEL_MIN + 4_321;

    private static long[] indices(Random r, int n, int size) {
        long[] ix = new long[n];
        for (int i = 0; i < n; i++) {
            ix[i] = r.nextInt(size);
        }
        return ix;
    }

    @Test
    void gatherAndIndexSelectOfOneDimension() {
        Random r = new Random(1);
        Tensor src = Tensor.randn(new Generator(1), 5000);
        float[] sv = src.toFloatArray();
        long[] ix = indices(r, BIG, 5000);
        Tensor index = Tensor.of(ix, BIG);
        float[] expected = new float[BIG];
        for (int i = 0; i < BIG; i++) {
            expected[i] = sv[(int) ix[i]];
        }
        assertArrayEquals(expected, src.gather(0, index).toFloatArray());
        assertArrayEquals(expected, src.indexSelect(0, index).toFloatArray());
        double[] expectedD = new double[BIG];
        for (int i = 0; i < BIG; i++) {
            expectedD[i] = sv[(int) ix[i]];
        }
        assertArrayEquals(expectedD, src.to(DType.FLOAT64).gather(0, index).toDoubleArray());
        long[] lv = new long[5000];
        for (int i = 0; i < lv.length; i++) {
            lv[i] = i * 7L - 3;
        }
        long[] expectedL = new long[BIG];
        for (int i = 0; i < BIG; i++) {
            expectedL[i] = lv[(int) ix[i]];
        }
        assertArrayEquals(expectedL, Tensor.of(lv, 5000).indexSelect(0, index).toLongArray());
    }

    /** Many rows (split by rows), along each dim, and a transposed source and index. */
    @Test
    void gatherOfManyRows() {
        Random r = new Random(2);
        int rows = 300;
        int cols = 400;
        Tensor src = Tensor.randn(new Generator(2), rows, cols);
        float[] sv = src.toFloatArray();
        long[] i1 = indices(r, rows * cols, cols);
        float[] e1 = new float[rows * cols];
        for (int a = 0; a < rows; a++) {
            for (int b = 0; b < cols; b++) {
                e1[a * cols + b] = sv[a * cols + (int) i1[a * cols + b]];
            }
        }
        assertArrayEquals(e1, src.gather(1, Tensor.of(i1, rows, cols)).toFloatArray());
        long[] i0 = indices(r, rows * cols, rows);
        float[] e0 = new float[rows * cols];
        for (int a = 0; a < rows; a++) {
            for (int b = 0; b < cols; b++) {
                e0[a * cols + b] = sv[(int) i0[a * cols + b] * cols + b];
            }
        }
        assertArrayEquals(e0, src.gather(0, Tensor.of(i0, rows, cols)).toFloatArray());
        // transposed: src.t() is [cols, rows]; gather along dim 1 with a transposed index
        Tensor it = Tensor.of(indices(r, rows * cols, rows), rows, cols).t();
        long[] itv = it.contiguous().toLongArray();
        float[] et = new float[rows * cols];
        for (int a = 0; a < cols; a++) {
            for (int b = 0; b < rows; b++) {
                et[a * rows + b] = sv[(int) itv[a * rows + b] * cols + a];
            }
        }
        assertArrayEquals(et, src.t().gather(1, it).toFloatArray());
        // index_select of rows
        long[] sel = indices(r, 500, rows);
        Tensor picked = src.indexSelect(0, Tensor.of(sel, 500));
        float[] pv = picked.toFloatArray();
        for (int k = 0; k < 500; k++) {
            for (int b = 0; b < cols; b++) {
                assertEquals(sv[(int) sel[k] * cols + b], pv[k * cols + b]);
            }
        }
    }

    @Test
    void outOfRangeIndicesAreRefusedAsBefore() {
        Tensor src = Tensor.randn(new Generator(3), 5);
        long[] ix = new long[BIG];
        ix[BIG - 1] = -1;
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> src.gather(0, Tensor.of(ix, BIG)));
        assertEquals("gather: index -1 is out of bounds for dimension 0 with size 5 (self shape [5])", e.getMessage());
        ix[BIG - 1] = 5;
        e = assertThrows(IndexOutOfBoundsException.class, () -> src.indexSelect(0, Tensor.of(ix, BIG)));
        assertEquals("index_select: index 5 is out of bounds for dimension 0 with size 5 (self shape [5])",
                e.getMessage());
        // the most negative int64, whose negation overflows, is refused too
        ix[BIG - 1] = Long.MIN_VALUE;
        e = assertThrows(IndexOutOfBoundsException.class, () -> src.gather(0, Tensor.of(ix, BIG)));
        assertEquals("gather: index " + Long.MIN_VALUE + " is out of bounds for dimension 0 with size 5 (self shape [5])",
                e.getMessage());
    }

    /**
     * The range check runs inside the gather loop: a bad index anywhere (first, last, in a helper's piece),
     * in each kernel path (1-d, rows, row copies of index_select, strided), gives the unfused error.
     */
    @Test
    void badIndicesInEveryGatherPathGiveTheSameError() {
        Tensor src = Tensor.randn(new Generator(8), 300, 400);
        long[] bads = {-1, 300, 400, 1L << 32, (1L << 32) + 3, Long.MAX_VALUE, Long.MIN_VALUE};
        int n = 300 * 400;
        Random r = new Random(9);
        for (long bad : bads) {
            for (int at : new int[] {0, n / 2 + 17, n - 1}) {
                long[] ix = indices(r, n, 300);
                ix[at] = bad;
                String dim0 = "index " + bad + " is out of bounds for dimension 0 with size 300"
                        + " (self shape [300, 400])";
                IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                        () -> src.gather(0, Tensor.of(ix, 300, 400)));
                assertEquals("gather: " + dim0, e.getMessage());
                // transposed index: the strided path
                e = assertThrows(IndexOutOfBoundsException.class,
                        () -> src.gather(0, Tensor.of(ix, 400, 300).t()));
                assertEquals("gather: " + dim0, e.getMessage());
                // the 1-d path, split across threads
                e = assertThrows(IndexOutOfBoundsException.class,
                        () -> src.reshape(-1).narrow(0, 0, 300).gather(0, Tensor.of(ix, n)));
                assertEquals("gather: " + dim0.replace("[300, 400]", "[300]"), e.getMessage());
            }
            long[] rowsIx = indices(r, 700, 300);
            rowsIx[699] = bad;
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> src.indexSelect(0, Tensor.of(rowsIx, 700)));
            assertEquals("index_select: index " + bad + " is out of bounds for dimension 0 with size 300"
                    + " (self shape [300, 400])", e.getMessage());
        }
        // the bound is the gathered dim's: 399 is in range along dim 1
        long[] ok = new long[n];
        java.util.Arrays.fill(ok, 399);
        assertEquals(n, src.gather(1, Tensor.of(ok, 300, 400)).numel());
    }

    private static long firstMaxLong(long[] v, int base, int step, int len) {
        int best = 0;
        for (int p = 1; p < len; p++) {
            if (v[base + p * step] > v[base + best * step]) {
                best = p;
            }
        }
        return best;
    }

    /** int64 argmax and max from the long arrays: first maximum on ties, every layout, split or not. */
    @Test
    void int64ArgmaxAndMax() {
        Random r = new Random(10);
        for (int[] rc : new int[][] {{97, 1003}, {3, 5}, {1, BIG}, {BIG / 7, 7}}) {
            int rows = rc[0];
            int cols = rc[1];
            long[] v = new long[rows * cols];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextInt(50) - 25 + (i % 13 == 0 ? Long.MIN_VALUE / 2 : 0);   // many ties
            }
            v[v.length / 2] = Long.MAX_VALUE;
            v[0] = Long.MIN_VALUE;
            Tensor x = Tensor.of(v, rows, cols);
            long[] e1 = new long[rows];
            long[] m1 = new long[rows];
            for (int a = 0; a < rows; a++) {
                e1[a] = firstMaxLong(v, a * cols, 1, cols);
                m1[a] = v[a * cols + (int) e1[a]];
            }
            String at = rows + "x" + cols;
            assertArrayEquals(e1, x.argmax(1, false).toLongArray(), at);
            assertArrayEquals(m1, x.max(1, false).values().toLongArray(), at);
            assertArrayEquals(e1, x.max(1, false).indices().toLongArray(), at);
            assertArrayEquals(m1, x.amax(new int[] {1}, false).toLongArray(), at);
            long[] e0 = new long[cols];
            long[] m0 = new long[cols];
            for (int b = 0; b < cols; b++) {
                e0[b] = firstMaxLong(v, b, cols, rows);
                m0[b] = v[(int) e0[b] * cols + b];
            }
            assertArrayEquals(e0, x.argmax(0, false).toLongArray(), at);
            assertArrayEquals(m0, x.max(0, false).values().toLongArray(), at);
            assertArrayEquals(e0, x.t().argmax(1, false).toLongArray(), at + " transposed");
            assertArrayEquals(m0, x.t().amax(new int[] {1}, false).toLongArray(), at + " transposed");
            assertEquals(Long.MAX_VALUE, x.max().itemLong(), at);
            assertEquals(v.length / 2, x.argmax().itemLong(), at);
            assertEquals(Long.MAX_VALUE, x.amax(new int[] {0, 1}, false).itemLong(), at);
        }
        // rows at an offset (a narrowed view) and a 3-d max over the two trailing dims
        long[] w = new long[4 * 6 * 5];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i * 37L) % 101;
        }
        Tensor t3 = Tensor.of(w, 4, 6, 5);
        long[] e = new long[4];
        for (int a = 0; a < 4; a++) {
            long m = Long.MIN_VALUE;
            for (int k = 0; k < 30; k++) {
                m = Math.max(m, w[a * 30 + k]);
            }
            e[a] = m;
        }
        assertArrayEquals(e, t3.amax(new int[] {1, 2}, false).toLongArray());
        Tensor tail = t3.narrow(0, 1, 3);
        assertArrayEquals(java.util.Arrays.copyOfRange(e, 1, 4), tail.amax(new int[] {1, 2}, false).toLongArray());
    }

    /** First maximum, NaN as the maximum, rows split across threads, both float dtypes, both dims. */
    @Test
    void argmaxOfManyRows() {
        int rows = 97;
        int cols = 1003;
        double[] v = Tensor.randn(new Generator(4), rows * cols).toDoubleArray();
        for (int a = 0; a < rows; a += 7) {
            v[a * cols + (a * 13) % cols] = Double.NaN;
        }
        for (int a = 3; a < rows; a += 11) {
            v[a * cols + 5] = 100;
            v[a * cols + 900] = 100;   // a tie: the first wins
        }
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = Tensor.of(v, rows, cols).to(dt);
            double[] xv = x.toDoubleArray();
            long[] e1 = new long[rows];
            for (int a = 0; a < rows; a++) {
                e1[a] = firstMax(xv, a * cols, 1, cols);
            }
            assertArrayEquals(e1, x.argmax(1, false).toLongArray(), dt.toString());
            long[] e0 = new long[cols];
            for (int b = 0; b < cols; b++) {
                e0[b] = firstMax(xv, b, cols, rows);
            }
            assertArrayEquals(e0, x.argmax(0, false).toLongArray(), dt.toString());
            assertArrayEquals(e0, x.t().argmax(1, false).toLongArray(), dt + " transposed");
        }
    }

    private static int firstMax(double[] v, int base, int step, int len) {
        int best = 0;
        for (int p = 1; p < len; p++) {
            double b = v[base + best * step];
            double x = v[base + p * step];
            if (Double.isNaN(b)) {
                break;
            }
            if (x > b || Double.isNaN(x)) {
                best = p;
            }
        }
        return best;
    }

    @Test
    void reluKeepsTheReferenceBits() {
        float[] special = {0f, -0f, Float.NaN, -Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.MIN_VALUE, -Float.MIN_VALUE, 1.5f, -2.5f};
        float[] v = Tensor.randn(new Generator(5), BIG).toFloatArray();
        System.arraycopy(special, 0, v, 0, special.length);
        System.arraycopy(special, 0, v, BIG - special.length, special.length);
        double[] dv = new double[BIG];
        for (int i = 0; i < BIG; i++) {
            dv[i] = v[i];
        }
        Tensor x = Tensor.of(dv, BIG);
        float[] got = x.relu().toFloatArray();
        float[] gotOffset = x.narrow(0, 1, BIG - 1).relu().toFloatArray();
        double[] gotD = x.to(DType.FLOAT64).relu().toDoubleArray();
        for (int i = 0; i < BIG; i++) {
            double ref = UnaryOp.RELU.apply(v[i]);
            assertEquals(Float.floatToIntBits((float) ref), Float.floatToIntBits(got[i]), "at " + i);
            assertEquals(Double.doubleToLongBits(ref), Double.doubleToLongBits(gotD[i]), "f64 at " + i);
            if (i > 0) {
                assertEquals(Float.floatToIntBits((float) ref), Float.floatToIntBits(gotOffset[i - 1]), "offset at " + i);
            }
        }
    }

    /** Broadcast rows and offset views take the lanewise path (when the Vector API is on): the scalar bits. */
    @Test
    void binaryOpsOfRowsAtDifferentOffsets() {
        int rows = 70;
        int cols = 1031;
        float[] a = Tensor.randn(new Generator(6), rows * cols).toFloatArray();
        float[] b = Tensor.randn(new Generator(7), cols).toFloatArray();
        b[3] = 0f;
        Tensor x = Tensor.of(toDoubles(a), rows, cols);
        Tensor bias = Tensor.of(toDoubles(b), cols);
        float[] add = x.add(bias).toFloatArray();
        float[] sub = x.sub(bias).toFloatArray();
        float[] mul = x.mul(bias).toFloatArray();
        float[] div = x.div(bias).toFloatArray();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int k = r * cols + c;
                assertEquals(Float.floatToIntBits(a[k] + b[c]), Float.floatToIntBits(add[k]));
                assertEquals(Float.floatToIntBits(a[k] - b[c]), Float.floatToIntBits(sub[k]));
                assertEquals(Float.floatToIntBits(a[k] * b[c]), Float.floatToIntBits(mul[k]));
                assertEquals(Float.floatToIntBits(a[k] / b[c]), Float.floatToIntBits(div[k]));
            }
        }
        // two offset views of one buffer into a fresh output
        Tensor flat = Tensor.of(toDoubles(a), rows * cols);
        int n = rows * cols - 9;
        float[] shifted = flat.narrow(0, 9, n).add(flat.narrow(0, 2, n)).toFloatArray();
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToIntBits(a[i + 9] + a[i + 2]), Float.floatToIntBits(shifted[i]), "at " + i);
        }
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}

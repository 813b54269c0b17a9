package org.grad4j.cpu;

import static org.grad4j.cpu.TorchSum.BLOCK_D;
import static org.grad4j.cpu.TorchSum.PANEL_BLOCKS;
import static org.grad4j.cpu.TorchSum.WD;
import static org.grad4j.cpu.TorchSum.levelPower;
import static org.grad4j.cpu.TorchSum.vector;

/**
 * {@link TorchSum}'s kernels for float64, accumulated in float64. The float32 class is generated
 * from this 64-bit source (see package-info) and accumulates in float32, as PyTorch does. Not final,
 * so that TorchSum keeps its old nested names for these classes.
 */
class TorchSumF64 {
    TorchSumF64() {
    }

    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[5 * BLOCK_D]);
    private static final ThreadLocal<double[]> PANEL_SCRATCH =
            ThreadLocal.withInitial(() -> new double[4 * PANEL_BLOCKS * BLOCK_D]);

    /** Elements this dtype's wide cascades have summed (racy counts are fine: both forms give the same bits). */
    private static long summed;

    /** Whether a wide cascade over {@code elements} runs on Vector API lanes (see {@link TorchSum#warmElements}). */
    private static boolean lanes(long elements) {
        summed += elements;
        return vector && summed > TorchSum.warmElements;
    }

    static void block(double[] x, int base, int s0, int s1, int size0, int size1, double[] out, int ob, int os0,
                      int os1) {
        if (os0 != 0 && os1 != 0) {
            // not a reduction: each output takes its one element
            for (int j = 0; j < size1; j++) {
                for (int i = 0; i < size0; i++) {
                    out[ob + j * os1 + i * os0] += x[base + j * s1 + i * s0];
                }
            }
            return;
        }
        if (s0 == 1 && size0 >= WD) {
            for (int j = 0; j < size1; j++) {
                out[ob + j * os1] += inner(x, base + j * s1, size0, false);
            }
        } else if (s1 == 1 && size1 >= WD) {
            int blocks = size1 / BLOCK_D;
            int panels = (blocks + PANEL_BLOCKS - 1) / PANEL_BLOCKS;
            Workers.Range panel = (from, to) -> {
                double[] lv = PANEL_SCRATCH.get();
                for (int pn = from; pn < to; pn++) {
                    int j = pn * PANEL_BLOCKS * BLOCK_D;
                    int cols = Math.min(blocks * BLOCK_D - j, PANEL_BLOCKS * BLOCK_D);
                    columnCascade(x, base + j, s0, size0, cols, lv);
                    for (int c = 0; c < cols; c++) {
                        out[ob + (j + c) * os1] += lv[c];
                    }
                }
            };
            if (os1 != 0 && panels > 1 && Workers.splits((long) size0 * size1)) {
                // panels of columns are independent: split them over the workers (the bits do not change)
                Workers.forRange(panels, 1, panel);
            } else {
                panel.run(0, panels);
            }
            for (int j = blocks * BLOCK_D; j < size1; j++) {
                out[ob + j * os1] += rowSum(x, base + j, s0, size0, false);
            }
        } else if (s0 < s1) {
            for (int j = 0; j < size1; j++) {
                out[ob + j * os1] += rowSum(x, base + j * s1, s0, size0, false);
            }
        } else {
            int j = 0;
            for (; j + 3 < size1; j += 4) {
                for (int c = 0; c < 4; c++) {
                    // multi_row_sum over four columns: each column is its own cascade
                    out[ob + (j + c) * os1] += cascade(x, base + (j + c) * s1, s0, size0);
                }
            }
            for (; j < size1; j++) {
                out[ob + j * os1] += rowSum(x, base + j * s1, s0, size0, false);
            }
        }
    }

    /** {@code multi_row_sum} with one row: the chunked cascade over {@code size} elements. */
    static double cascade(double[] x, int base, int stride, int size) {
        int power = levelPower(size);
        int step = 1 << power;
        int mask = step - 1;
        double a0 = 0;
        double a1 = 0;
        double a2 = 0;
        double a3 = 0;
        int i = 0;
        while (i + step <= size) {
            for (int j = 0; j < step; j++, i++) {
                a0 += x[base + i * stride];
            }
            a1 += a0;
            a0 = 0;
            if ((i & (mask << power)) != 0) {
                continue;
            }
            a2 += a1;
            a1 = 0;
            if ((i & (mask << (2 * power))) != 0) {
                continue;
            }
            a3 += a2;
            a2 = 0;
        }
        for (; i < size; i++) {
            a0 += x[base + i * stride];
        }
        a0 += a1;
        a0 += a2;
        a0 += a3;
        return a0;
    }

    private static double term(double[] x, int p, boolean squares) {
        double v = x[p];
        return squares ? v * v : v;
    }

    /**
     * {@code row_sum}: four interleaved cascades (element i feeds the one of i mod 4) over the
     * first {@code n - n % 4} elements, the rest added to the first, then the four in order.
     */
    static double rowSum(double[] x, int base, int stride, int n, boolean squares) {
        int size = n / 4;
        int power = levelPower(size);
        int step = 1 << power;
        int mask = step - 1;
        double a00 = 0, a01 = 0, a02 = 0, a03 = 0;
        double a10 = 0, a11 = 0, a12 = 0, a13 = 0;
        double a20 = 0, a21 = 0, a22 = 0, a23 = 0;
        double a30 = 0, a31 = 0, a32 = 0, a33 = 0;
        int i = 0;
        int rs = 4 * stride;
        while (i + step <= size) {
            for (int j = 0; j < step; j++, i++) {
                int p = base + i * rs;
                a00 += term(x, p, squares);
                a01 += term(x, p + stride, squares);
                a02 += term(x, p + 2 * stride, squares);
                a03 += term(x, p + 3 * stride, squares);
            }
            a10 += a00;
            a11 += a01;
            a12 += a02;
            a13 += a03;
            a00 = 0;
            a01 = 0;
            a02 = 0;
            a03 = 0;
            if ((i & (mask << power)) != 0) {
                continue;
            }
            a20 += a10;
            a21 += a11;
            a22 += a12;
            a23 += a13;
            a10 = 0;
            a11 = 0;
            a12 = 0;
            a13 = 0;
            if ((i & (mask << (2 * power))) != 0) {
                continue;
            }
            a30 += a20;
            a31 += a21;
            a32 += a22;
            a33 += a23;
            a20 = 0;
            a21 = 0;
            a22 = 0;
            a23 = 0;
        }
        for (; i < size; i++) {
            int p = base + i * rs;
            a00 += term(x, p, squares);
            a01 += term(x, p + stride, squares);
            a02 += term(x, p + 2 * stride, squares);
            a03 += term(x, p + 3 * stride, squares);
        }
        a00 += a10;
        a00 += a20;
        a00 += a30;
        a01 += a11;
        a01 += a21;
        a01 += a31;
        a02 += a12;
        a02 += a22;
        a02 += a32;
        a03 += a13;
        a03 += a23;
        a03 += a33;
        for (int k = size * 4; k < n; k++) {
            a00 += term(x, base + k * stride, squares);
        }
        a00 += a01;
        a00 += a02;
        a00 += a03;
        return a00;
    }

    /**
     * {@code multi_row_sum} over {@code BLOCK_D} adjacent columns (stride 1) of {@code size} rows
     * {@code rowStride} apart: column c's cascade lands in {@code acc[c]}.
     */
    static void multiRow(double[] x, int base, int rowStride, int size, double[] acc, boolean squares) {
        multiRow(x, base, rowStride, size, acc, squares, levelPower(size));
    }

    /** The cascade with a given chunk exponent (a piece of a longer cascade keeps the whole's). */
    static void multiRow(double[] x, int base, int rowStride, int size, double[] acc, boolean squares, int power) {
        if (lanes((long) size * BLOCK_D)) {
            VectorReduceF64.multiRow(x, base, rowStride, size, acc, squares, power);
            return;
        }
        int step = 1 << power;
        int mask = step - 1;
        java.util.Arrays.fill(acc, 0, 4 * BLOCK_D, 0.0);
        int i = 0;
        while (i + step <= size) {
            for (int j = 0; j < step; j++, i++) {
                int p = base + i * rowStride;
                for (int c = 0; c < BLOCK_D; c++) {
                    acc[c] += term(x, p + c, squares);
                }
            }
            for (int level = 1; level < 4; level++) {
                int lo = (level - 1) * BLOCK_D;
                int hi = level * BLOCK_D;
                for (int c = 0; c < BLOCK_D; c++) {
                    acc[hi + c] += acc[lo + c];
                    acc[lo + c] = 0;
                }
                if ((i & (mask << (level * power))) != 0) {
                    break;
                }
            }
        }
        for (; i < size; i++) {
            int p = base + i * rowStride;
            for (int c = 0; c < BLOCK_D; c++) {
                acc[c] += term(x, p + c, squares);
            }
        }
        for (int level = 1; level < 4; level++) {
            for (int c = 0; c < BLOCK_D; c++) {
                acc[c] += acc[level * BLOCK_D + c];
            }
        }
    }

    /**
     * {@code multiRow} for a panel of {@code cols} adjacent columns (whole BLOCK_D-column
     * blocks), row by row across the panel: {@code lv} holds four levels of {@code cols} each,
     * and column c's cascade lands in {@code lv[c]}.
     */
    static void columnCascade(double[] x, int base, int rowStride, int size, int cols, double[] lv) {
        if (lanes((long) size * cols)) {
            VectorReduceF64.columnCascade(x, base, rowStride, size, cols, lv);
            return;
        }
        int power = levelPower(size);
        int step = 1 << power;
        int mask = step - 1;
        java.util.Arrays.fill(lv, 0, 4 * cols, 0);
        int i = 0;
        while (i + step <= size) {
            for (int j = 0; j < step; j++, i++) {
                int p = base + i * rowStride;
                for (int c = 0; c < cols; c++) {
                    lv[c] += x[p + c];
                }
            }
            for (int level = 1; level < 4; level++) {
                int lo = (level - 1) * cols;
                int hi = level * cols;
                for (int c = 0; c < cols; c++) {
                    lv[hi + c] += lv[lo + c];
                    lv[lo + c] = 0;
                }
                if ((i & (mask << (level * power))) != 0) {
                    break;
                }
            }
        }
        for (; i < size; i++) {
            int p = base + i * rowStride;
            for (int c = 0; c < cols; c++) {
                lv[c] += x[p + c];
            }
        }
        for (int level = 1; level < 4; level++) {
            for (int c = 0; c < cols; c++) {
                lv[c] += lv[level * cols + c];
            }
        }
    }

    /**
     * The wide cascade of {@code rows} rows of {@code BLOCK_D} split over the workers, with the same
     * bits: the cascade's top level adds, in order, the sums of whole blocks of
     * {@code 2^(3 * power)} rows, each independent of the others; the rows after the last whole
     * block end the cascade as they would sequentially. Returns false (nothing done) when the
     * sum is too small to split.
     */
    private static boolean parallelCascade(double[] x, int base, int rows, double[] acc, boolean squares) {
        int power = levelPower(rows);
        long blockRows = 1L << (3 * power);
        int blocks = (int) (rows / blockRows);
        if (blocks < 2 || !Workers.splits((long) rows * BLOCK_D)) {
            return false;
        }
        int br = (int) blockRows;
        double[] sums = new double[blocks * BLOCK_D];
        Workers.forRange(blocks, 1, (from, to) -> {
            double[] part = new double[5 * BLOCK_D];
            for (int k = from; k < to; k++) {
                multiRow(x, base + k * br * BLOCK_D, BLOCK_D, br, part, squares, power);
                System.arraycopy(part, 0, sums, k * BLOCK_D, BLOCK_D);
            }
        });
        multiRow(x, base + blocks * br * BLOCK_D, BLOCK_D, rows - blocks * br, acc, squares, power);
        for (int c = 0; c < BLOCK_D; c++) {
            double top = 0;
            for (int k = 0; k < blocks; k++) {
                top += sums[k * BLOCK_D + c];
            }
            acc[c] += top;
        }
        return true;
    }

    /**
     * {@code vectorized_inner_sum} of one contiguous row of {@code n >= WD} elements: the vector
     * {@code row_sum} (four vectors a row through the cascade, the leftover vectors added to the
     * first), each lane's four partials in order, then the leftover scalars and the lanes.
     */
    static double inner(double[] x, int base, int n, boolean squares) {
        int vecSize = n / WD;
        int rows = vecSize / 4;
        double[] acc = SCRATCH.get();
        if (!parallelCascade(x, base, rows, acc, squares)) {
            multiRow(x, base, BLOCK_D, rows, acc, squares);
        }
        for (int v = rows * 4; v < vecSize; v++) {
            for (int l = 0; l < WD; l++) {
                acc[l] += term(x, base + v * WD + l, squares);
            }
        }
        double result = 0;
        for (int k = vecSize * WD; k < n; k++) {
            result += term(x, base + k, squares);
        }
        for (int l = 0; l < WD; l++) {
            double lane = acc[l];
            lane += acc[WD + l];
            lane += acc[2 * WD + l];
            lane += acc[3 * WD + l];
            result += lane;
        }
        return result;
    }
}

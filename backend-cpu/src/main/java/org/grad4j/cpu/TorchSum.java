package org.grad4j.cpu;

/**
 * Sums in PyTorch 1.13's CPU order, bit for bit: {@code cascade_sum} of
 * {@code aten/src/ATen/native/cpu/SumKernel.cpp}, fed as {@code TensorIterator} feeds it, float32
 * accumulated in float32 and float64 in float64.
 *
 * <p>The reference is the kernel variant built for 256-bit vectors (8 floats, 4 doubles): that is
 * the AVX2 kernel, which Debian's python3-torch 1.13 runs on x86 ({@code torch.__config__.show()}:
 * "CPU capability usage: AVX2", also on AVX-512 machines), and its DEFAULT kernel has the same
 * width. Only {@code ATEN_CPU_CAPABILITY=avx512} (16 floats) orders differently. Above 32768
 * elements PyTorch's {@code parallel_reduce} splits the work by its thread count; this is the
 * single-threaded order (identical below that size).
 *
 * <p>What is emulated: the iterator drops size-1 dims, moves reduced dims first, sorts by strides
 * (its insertion sort and tie rules) and merges mergeable neighbours; the two innermost dims form a
 * 2-D block per outer index; a block goes to one of four kernels (contiguous inner rows, contiguous
 * outer columns, strided inner, strided outer), all built on one chunked "multi-row" cascade (four
 * levels, chunks of {@code 2^max(4, ceil(log2 n)/4)}), and results are added into a zeroed output.
 * {@link VectorReduce} runs the wide cascade on Vector API lanes with the same arithmetic.
 */
final class TorchSum {
    /** Lanes of a 256-bit vector: PyTorch's {@code Vectorized<float>::size()} / {@code <double>}. */
    static final int WF = 8;
    static final int WD = 4;
    /** Row chunks of {@code vectorized_outer_sum}: four vectors. */
    static final int BLOCK_F = 4 * WF;
    static final int BLOCK_D = 4 * WD;
    /** Column blocks per panel of a column sum: the panel's four levels stay in L1 (8 KiB float32, 16 KiB float64). */
    static final int PANEL_BLOCKS = 16;

    private TorchSum() {
    }

    /** Whether the Vector API form of the wide cascade can run. */
    static boolean vector = vectorUsable();

    private static boolean vectorUsable() {
        try {
            return VectorGemm.isAvailable() && VectorReduce.usable();
        } catch (LinkageError e) {
            return false;
        }
    }

    /** PyTorch's {@code utils::CeilLog2}: ceil(log2(x)), and 1 for x <= 2. */
    static int ceilLog2(int x) {
        return x <= 2 ? 1 : 32 - Integer.numberOfLeadingZeros(x - 1);
    }

    static int levelPower(int size) {
        return Math.max(4, ceilLog2(size) / 4);
    }

    // ---------------------------------------------------------------- the iterator

    /**
     * Sums {@code in} (shape, strides, offset) over the {@code reduced} dims into the contiguous
     * {@code out}, whose kept dims are in the input's order.
     */
    static void sum(int[] shape, CpuBuffer in, int offset, int[] strides, boolean[] reduced, CpuBuffer out,
                    int outLength) {
        int rank = shape.length;
        int[] outStrides = new int[rank];
        int s = 1;
        for (int d = rank - 1; d >= 0; d--) {
            outStrides[d] = reduced[d] ? 0 : s;
            s *= reduced[d] ? 1 : shape[d];
        }
        for (int i = 0; i < outLength; i++) {
            out.set(i, 0.0);
        }
        for (int d : shape) {
            if (d == 0) {
                return;
            }
        }
        // the iterator's dims, innermost first, without size-1 dims
        int n = 0;
        for (int d : shape) {
            n += d == 1 ? 0 : 1;
        }
        int[] size = new int[Math.max(n, 2)];
        int[] is = new int[size.length];
        int[] os = new int[size.length];
        int[] perm = new int[n];
        for (int d = rank - 1, i = 0; d >= 0; d--) {
            if (shape[d] != 1) {
                perm[i++] = d;
            }
        }
        // insertion sort with TensorIterator's ambiguous comparison
        for (int i = 1; i < n; i++) {
            int dim1 = i;
            for (int dim0 = i - 1; dim0 >= 0; dim0--) {
                int c = compare(perm[dim0], perm[dim1], shape, strides, outStrides);
                if (c > 0) {
                    int t = perm[dim0];
                    perm[dim0] = perm[dim1];
                    perm[dim1] = t;
                    dim1 = dim0;
                } else if (c < 0) {
                    break;
                }
            }
        }
        // coalesce neighbours whose strides chain for both operands
        int dims = 0;
        for (int i = 0; i < n; i++) {
            int d = perm[i];
            if (dims > 0 && size[dims - 1] * is[dims - 1] == strides[d]
                    && size[dims - 1] * os[dims - 1] == outStrides[d]) {
                size[dims - 1] *= shape[d];
            } else {
                size[dims] = shape[d];
                is[dims] = strides[d];
                os[dims] = outStrides[d];
                dims++;
            }
        }
        if (dims < 2) {
            size[1] = 1;
            is[1] = 0;
            os[1] = 0;
            if (dims == 0) {
                size[0] = 1;
                is[0] = 0;
                os[0] = 0;
            }
            dims = 2;
        }
        // the outer dims as an odometer, dim 2 fastest
        int[] counter = new int[dims];
        int inBase = offset;
        int outBase = 0;
        while (true) {
            block(in, inBase, is[0], is[1], size[0], size[1], out, outBase, os[0], os[1]);
            int d = 2;
            for (; d < dims; d++) {
                if (++counter[d] < size[d]) {
                    inBase += is[d];
                    outBase += os[d];
                    break;
                }
                counter[d] = 0;
                inBase -= is[d] * (size[d] - 1);
                outBase -= os[d] * (size[d] - 1);
            }
            if (d >= dims) {
                return;
            }
        }
    }

    /** TensorIterator's {@code should_swap} for a reduction: output first (reduced dims to the front), then input. */
    private static int compare(int a, int b, int[] shape, int[] inStrides, int[] outStrides) {
        int o0 = outStrides[a];
        int o1 = outStrides[b];
        if ((o0 == 0) != (o1 == 0)) {
            return o1 == 0 ? 1 : -1;
        }
        if (o0 != 0) {
            if (o0 != o1) {
                return o0 < o1 ? -1 : 1;
            }
            if (shape[a] > shape[b]) {
                return 1;
            }
        }
        int i0 = inStrides[a];
        int i1 = inStrides[b];
        if (i0 == 0 || i1 == 0) {
            return 0;
        }
        if (i0 != i1) {
            return i0 < i1 ? -1 : 1;
        }
        return shape[a] > shape[b] ? 1 : 0;
    }

    /** {@code cascade_sum}'s 2-D loop: picks the kernel for one block and adds its sums into {@code out}. */
    private static void block(CpuBuffer in, int base, int s0, int s1, int size0, int size1, CpuBuffer out, int ob,
                              int os0, int os1) {
        if (os0 != 0 && os1 == 0) {
            int t = s0;
            s0 = s1;
            s1 = t;
            t = os0;
            os0 = os1;
            os1 = t;
            t = size0;
            size0 = size1;
            size1 = t;
        }
        if (in.f != null) {
            Floats.block(in.f, base, s0, s1, size0, size1, out.f, ob, os0, os1);
        } else {
            Doubles.block(in.d, base, s0, s1, size0, size1, out.d, ob, os0, os1);
        }
    }

    /**
     * The sum of {@code n} contiguous elements from {@code offset} in PyTorch's order (or of their
     * squares, each rounded to the dtype first, as a squared tensor would hold them), as a double.
     */
    static double sumContiguous(CpuBuffer in, int offset, int n, boolean squares) {
        if (in.f != null) {
            return n >= WF ? Floats.inner(in.f, offset, n, squares) : Floats.rowSum(in.f, offset, 1, n, squares);
        }
        return n >= WD ? Doubles.inner(in.d, offset, n, squares) : Doubles.rowSum(in.d, offset, 1, n, squares);
    }

    // ---------------------------------------------------------------- float32, in float32

    static final class Floats {
        private Floats() {
        }

        private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[5 * BLOCK_F]);
        private static final ThreadLocal<float[]> PANEL_SCRATCH =
                ThreadLocal.withInitial(() -> new float[4 * PANEL_BLOCKS * BLOCK_F]);

        static void block(float[] x, int base, int s0, int s1, int size0, int size1, float[] out, int ob, int os0,
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
            if (s0 == 1 && size0 >= WF) {
                for (int j = 0; j < size1; j++) {
                    out[ob + j * os1] += inner(x, base + j * s1, size0, false);
                }
            } else if (s1 == 1 && size1 >= WF) {
                int blocks = size1 / BLOCK_F;
                int panels = (blocks + PANEL_BLOCKS - 1) / PANEL_BLOCKS;
                Workers.Range panel = (from, to) -> {
                    float[] lv = PANEL_SCRATCH.get();
                    for (int pn = from; pn < to; pn++) {
                        int j = pn * PANEL_BLOCKS * BLOCK_F;
                        int cols = Math.min(blocks * BLOCK_F - j, PANEL_BLOCKS * BLOCK_F);
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
                for (int j = blocks * BLOCK_F; j < size1; j++) {
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
        static float cascade(float[] x, int base, int stride, int size) {
            int power = levelPower(size);
            int step = 1 << power;
            int mask = step - 1;
            float a0 = 0;
            float a1 = 0;
            float a2 = 0;
            float a3 = 0;
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

        private static float term(float[] x, int p, boolean squares) {
            float v = x[p];
            return squares ? v * v : v;
        }

        /**
         * {@code row_sum}: four interleaved cascades (element i feeds the one of i mod 4) over the
         * first {@code n - n % 4} elements, the rest added to the first, then the four in order.
         */
        static float rowSum(float[] x, int base, int stride, int n, boolean squares) {
            int size = n / 4;
            int power = levelPower(size);
            int step = 1 << power;
            int mask = step - 1;
            float a00 = 0, a01 = 0, a02 = 0, a03 = 0;
            float a10 = 0, a11 = 0, a12 = 0, a13 = 0;
            float a20 = 0, a21 = 0, a22 = 0, a23 = 0;
            float a30 = 0, a31 = 0, a32 = 0, a33 = 0;
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
         * {@code multi_row_sum} over {@code BLOCK_F} adjacent columns (stride 1) of {@code size} rows
         * {@code rowStride} apart: column c's cascade lands in {@code acc[c]}.
         */
        static void multiRow(float[] x, int base, int rowStride, int size, float[] acc, boolean squares) {
            multiRow(x, base, rowStride, size, acc, squares, levelPower(size));
        }

        /** The cascade with a given chunk exponent (a piece of a longer cascade keeps the whole's). */
        static void multiRow(float[] x, int base, int rowStride, int size, float[] acc, boolean squares, int power) {
            if (vector) {
                VectorReduce.multiRow(x, base, rowStride, size, acc, squares, power);
                return;
            }
            int step = 1 << power;
            int mask = step - 1;
            java.util.Arrays.fill(acc, 0, 4 * BLOCK_F, 0f);
            int i = 0;
            while (i + step <= size) {
                for (int j = 0; j < step; j++, i++) {
                    int p = base + i * rowStride;
                    for (int c = 0; c < BLOCK_F; c++) {
                        acc[c] += term(x, p + c, squares);
                    }
                }
                for (int level = 1; level < 4; level++) {
                    int lo = (level - 1) * BLOCK_F;
                    int hi = level * BLOCK_F;
                    for (int c = 0; c < BLOCK_F; c++) {
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
                for (int c = 0; c < BLOCK_F; c++) {
                    acc[c] += term(x, p + c, squares);
                }
            }
            for (int level = 1; level < 4; level++) {
                for (int c = 0; c < BLOCK_F; c++) {
                    acc[c] += acc[level * BLOCK_F + c];
                }
            }
        }

        /**
         * {@code multiRow} for a panel of {@code cols} adjacent columns (whole BLOCK_F-column
         * blocks), row by row across the panel: {@code lv} holds four levels of {@code cols} each,
         * and column c's cascade lands in {@code lv[c]}.
         */
        static void columnCascade(float[] x, int base, int rowStride, int size, int cols, float[] lv) {
            if (vector) {
                VectorReduce.columnCascade(x, base, rowStride, size, cols, lv);
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
         * The wide cascade of {@code rows} rows of {@code BLOCK_F} split over the workers, with the same
         * bits: the cascade's top level adds, in order, the sums of whole blocks of
         * {@code 2^(3 * power)} rows, each independent of the others; the rows after the last whole
         * block end the cascade as they would sequentially. Returns false (nothing done) when the
         * sum is too small to split.
         */
        private static boolean parallelCascade(float[] x, int base, int rows, float[] acc, boolean squares) {
            int power = levelPower(rows);
            long blockRows = 1L << (3 * power);
            int blocks = (int) (rows / blockRows);
            if (blocks < 2 || !Workers.splits((long) rows * BLOCK_F)) {
                return false;
            }
            int br = (int) blockRows;
            float[] sums = new float[blocks * BLOCK_F];
            Workers.forRange(blocks, 1, (from, to) -> {
                float[] part = new float[5 * BLOCK_F];
                for (int k = from; k < to; k++) {
                    multiRow(x, base + k * br * BLOCK_F, BLOCK_F, br, part, squares, power);
                    System.arraycopy(part, 0, sums, k * BLOCK_F, BLOCK_F);
                }
            });
            multiRow(x, base + blocks * br * BLOCK_F, BLOCK_F, rows - blocks * br, acc, squares, power);
            for (int c = 0; c < BLOCK_F; c++) {
                float top = 0;
                for (int k = 0; k < blocks; k++) {
                    top += sums[k * BLOCK_F + c];
                }
                acc[c] += top;
            }
            return true;
        }

        /**
         * {@code vectorized_inner_sum} of one contiguous row of {@code n >= WF} elements: the vector
         * {@code row_sum} (four vectors a row through the cascade, the leftover vectors added to the
         * first), each lane's four partials in order, then the leftover scalars and the lanes.
         */
        static float inner(float[] x, int base, int n, boolean squares) {
            int vecSize = n / WF;
            int rows = vecSize / 4;
            float[] acc = SCRATCH.get();
            if (!parallelCascade(x, base, rows, acc, squares)) {
                multiRow(x, base, BLOCK_F, rows, acc, squares);
            }
            for (int v = rows * 4; v < vecSize; v++) {
                for (int l = 0; l < WF; l++) {
                    acc[l] += term(x, base + v * WF + l, squares);
                }
            }
            float result = 0;
            for (int k = vecSize * WF; k < n; k++) {
                result += term(x, base + k, squares);
            }
            for (int l = 0; l < WF; l++) {
                float lane = acc[l];
                lane += acc[WF + l];
                lane += acc[2 * WF + l];
                lane += acc[3 * WF + l];
                result += lane;
            }
            return result;
        }
    }

    // ---------------------------------------------------------------- float64

    static final class Doubles {
        private Doubles() {
        }

        private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[5 * BLOCK_D]);
        private static final ThreadLocal<double[]> PANEL_SCRATCH =
                ThreadLocal.withInitial(() -> new double[4 * PANEL_BLOCKS * BLOCK_D]);

        static void block(double[] x, int base, int s0, int s1, int size0, int size1, double[] out, int ob, int os0,
                          int os1) {
            if (os0 != 0 && os1 != 0) {
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
                        out[ob + (j + c) * os1] += cascade(x, base + (j + c) * s1, s0, size0);
                    }
                }
                for (; j < size1; j++) {
                    out[ob + j * os1] += rowSum(x, base + j * s1, s0, size0, false);
                }
            }
        }

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

        static void multiRow(double[] x, int base, int rowStride, int size, double[] acc, boolean squares) {
            multiRow(x, base, rowStride, size, acc, squares, levelPower(size));
        }

        /** The cascade with a given chunk exponent (a piece of a longer cascade keeps the whole's). */
        static void multiRow(double[] x, int base, int rowStride, int size, double[] acc, boolean squares, int power) {
            if (vector) {
                VectorReduce.multiRow(x, base, rowStride, size, acc, squares, power);
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
            if (vector) {
                VectorReduce.columnCascade(x, base, rowStride, size, cols, lv);
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
}

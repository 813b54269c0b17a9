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

    /** Whether the Vector API form of the wide cascade can run: false until {@link VectorProbe} has answered, which sets it. */
    static boolean vector = VectorProbe.SHARED.lanesNow();

    /**
     * Elements each dtype's wide cascades sum in the scalar loops before the Vector API form (same bits)
     * takes over: until C2 has compiled it, Vector API code runs tens of times slower than plain loops and
     * compiling it costs CPU, which a short run (Digits' bias gradients) never earns back; 2^28 elements
     * are a few tenths of a second in the scalar loops. Tests set 0 to reach the vector loops at once.
     */
    static long warmElements = 1L << 28;

    /** PyTorch's {@code utils::CeilLog2}: ceil(log2(x)), and 1 for x <= 2. */
    static int ceilLog2(int x) {
        return x <= 2 ? 1 : 32 - Integer.numberOfLeadingZeros(x - 1);
    }

    static int levelPower(int size) {
        return Math.max(4, ceilLog2(size) / 4);
    }

    // ---------------------------------------------------------------- the iterator

    /**
     * Sums {@code in} (shape, strides, offset) over the reduced dims into the contiguous {@code out}, whose kept
     * dims are in the input's order; {@code outStrides} are {@link ReduceKernels#outStrides} of those dims.
     */
    static void sum(int[] shape, CpuBuffer in, int offset, int[] strides, int[] outStrides, CpuBuffer out,
                    int outLength) {
        int rank = shape.length;
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
            TorchSumF32.block(in.f, base, s0, s1, size0, size1, out.f, ob, os0, os1);
        } else {
            TorchSumF64.block(in.d, base, s0, s1, size0, size1, out.d, ob, os0, os1);
        }
    }

    /**
     * The sum of {@code n} contiguous elements from {@code offset} in PyTorch's order (or of their
     * squares, each rounded to the dtype first, as a squared tensor would hold them), as a double.
     */
    static double sumContiguous(CpuBuffer in, int offset, int n, boolean squares) {
        return in.f != null ? sumContiguous(in.f, offset, n, squares) : sumContiguous(in.d, offset, n, squares);
    }

    /** {@link #sumContiguous(CpuBuffer, int, int, boolean)} of a float32 array. */
    static double sumContiguous(float[] f, int offset, int n, boolean squares) {
        return n >= WF ? TorchSumF32.inner(f, offset, n, squares) : TorchSumF32.rowSum(f, offset, 1, n, squares);
    }

    /** {@link #sumContiguous(CpuBuffer, int, int, boolean)} of a float64 array. */
    static double sumContiguous(double[] d, int offset, int n, boolean squares) {
        return n >= WD ? TorchSumF64.inner(d, offset, n, squares) : TorchSumF64.rowSum(d, offset, 1, n, squares);
    }

    // ---------------------------------------------------------------- the kernels, per dtype

    /** The float32 kernels ({@code TorchSumF32}, generated), under the name callers use. */
    static final class Floats extends TorchSumF32 {
        private Floats() {
        }
    }

    /** The float64 kernels ({@link TorchSumF64}), under the name callers use. */
    static final class Doubles extends TorchSumF64 {
        private Doubles() {
        }
    }
}

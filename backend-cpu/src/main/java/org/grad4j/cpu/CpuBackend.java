package org.grad4j.cpu;

import java.util.Arrays;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.spi.Backend;
import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.Buffer;
import org.grad4j.spi.FusedKernels;
import org.grad4j.spi.Gemm;
import org.grad4j.spi.ReduceOp;
import org.grad4j.spi.Strided;
import org.grad4j.spi.UnaryOp;

/**
 * The CPU kernels. Elementwise work runs row by row over coalesced dimensions, so a contiguous
 * operand of any rank is one flat loop; values are computed in double and stored with one rounding
 * to the buffer's dtype, which for {@code + - * / sqrt} equals the float32 operation exactly.
 */
final class CpuBackend implements Backend {
    static final CpuBackend INSTANCE = new CpuBackend();
    private final ArrayCache cache = new ArrayCache();

    private CpuBackend() {
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    static CpuBuffer buf(Buffer b) {
        return (CpuBuffer) b;
    }

    /** A large float buffer reuses a released array, zero-filled: cheaper than a fresh one the collector clears and reclaims. */
    @Override
    public Buffer allocate(DType dtype, int length) {
        if (length >= ArrayCache.MIN_LENGTH && dtype.isFloatingPoint()) {
            if (dtype == DType.FLOAT64) {
                double[] a = cache.takeDoubles(length);
                if (a != null) {
                    Arrays.fill(a, 0.0);
                    return new CpuBuffer(this, a);
                }
            } else {
                float[] a = cache.takeFloats(length);
                if (a != null) {
                    Arrays.fill(a, 0.0f);
                    return new CpuBuffer(this, a);
                }
            }
        }
        return fresh(dtype, length);
    }

    private CpuBuffer fresh(DType dtype, int length) {
        return switch (dtype) {
            case FLOAT64 -> new CpuBuffer(this, new double[length]);
            case FLOAT32 -> new CpuBuffer(this, new float[length]);
            case INT64, INT32, UINT8 -> new CpuBuffer(this, new long[length], dtype);
            case BOOL -> new CpuBuffer(this, new byte[length]);
        };
    }

    /** A large output reuses the array of a closed buffer of its length when there is one. */
    @Override
    public Buffer allocateUninitialized(DType dtype, int length) {
        if (length >= ArrayCache.MIN_LENGTH && dtype.isFloatingPoint()) {
            if (dtype == DType.FLOAT64) {
                double[] a = cache.takeDoubles(length);
                if (a != null) {
                    return new CpuBuffer(this, a);
                }
            } else {
                float[] a = cache.takeFloats(length);
                if (a != null) {
                    return new CpuBuffer(this, a);
                }
            }
        }
        return fresh(dtype, length);
    }

    ArrayCache cache() {
        return cache;
    }

    @Override
    public Buffer upload(double[] data, DType dtype) {
        if (dtype == DType.FLOAT64) {
            return new CpuBuffer(this, data.clone());
        }
        if (!dtype.isFloatingPoint()) {
            CpuBuffer b = (CpuBuffer) allocate(dtype, data.length);
            for (int i = 0; i < data.length; i++) {
                b.set(i, data[i]);
            }
            return b;
        }
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return new CpuBuffer(this, f);
    }

    /** A released buffer's array of that length when the cache has one. */
    @Override
    public float[] scratchFloats(int length) {
        float[] a = length >= ArrayCache.MIN_LENGTH ? cache.takeFloats(length) : null;
        return a != null ? a : new float[length];
    }

    /** A released buffer's array of that length when the cache has one. */
    @Override
    public double[] scratchDoubles(int length) {
        double[] a = length >= ArrayCache.MIN_LENGTH ? cache.takeDoubles(length) : null;
        return a != null ? a : new double[length];
    }

    /** Keeps the caller's array when it already has the buffer's dtype: no copy. */
    @Override
    public Buffer adopt(double[] data, DType dtype) {
        return dtype == DType.FLOAT64 ? new CpuBuffer(this, data) : upload(data, dtype);
    }

    /** Keeps the caller's array when it already has the buffer's dtype: no copy. */
    @Override
    public Buffer adopt(float[] data, DType dtype) {
        return dtype == DType.FLOAT32 ? new CpuBuffer(this, data) : upload(data, dtype);
    }

    @Override
    public Buffer upload(float[] data, DType dtype) {
        if (dtype == DType.FLOAT32) {
            return new CpuBuffer(this, data.clone());
        }
        double[] d = new double[data.length];   // exact: every float is a double
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i];
        }
        return dtype.isFloatingPoint() ? new CpuBuffer(this, d) : upload(d, dtype);
    }

    @Override
    public Buffer upload(long[] data, DType dtype) {
        if (dtype == DType.INT64) {
            return new CpuBuffer(this, data.clone());
        }
        CpuBuffer b = (CpuBuffer) allocate(dtype, data.length);
        for (int i = 0; i < data.length; i++) {
            b.setLong(i, data[i]);
        }
        return b;
    }

    @Override
    public void download(Buffer src, int offset, long[] dst) {
        CpuBuffer b = buf(src);
        if (b.l != null && b.dtype == DType.INT64) {
            System.arraycopy(b.l, offset, dst, 0, dst.length);
        } else {
            for (int i = 0; i < dst.length; i++) {
                dst[i] = b.getLong(offset + i);
            }
        }
    }

    @Override
    public void download(Buffer src, int offset, double[] dst) {
        CpuBuffer b = buf(src);
        if (b.d != null) {
            System.arraycopy(b.d, offset, dst, 0, dst.length);
        } else if (b.f == null) {
            for (int i = 0; i < dst.length; i++) {
                dst[i] = b.get(offset + i);
            }
        } else {
            for (int i = 0; i < dst.length; i++) {
                dst[i] = b.f[offset + i];
            }
        }
    }

    @Override
    public void download(Buffer src, int offset, float[] dst) {
        CpuBuffer b = buf(src);
        if (b.f != null) {
            System.arraycopy(b.f, offset, dst, 0, dst.length);
        } else if (b.l != null) {
            for (int i = 0; i < dst.length; i++) {
                dst[i] = b.getLong(offset + i); // one rounding, not two through double
            }
        } else {
            for (int i = 0; i < dst.length; i++) {
                dst[i] = (float) b.get(offset + i);
            }
        }
    }

    @Override
    public void fill(int[] shape, Strided out, double value) {
        CpuBuffer o = buf(out.buffer());
        if (!o.dtype.isFloatingPoint()) {
            IntKernels.fill(shape, out, value);
            return;
        }
        int n = Loops.numel(shape);
        if (Loops.flatStride(shape, out.strides()) == 1) {
            if (!Workers.splits(n)) {
                Kernels.fillRow(o, out.offset(), value, n);
                return;
            }
            Workers.forRange(n, GRAIN, (from, to) -> Kernels.fillRow(o, out.offset() + from, value, to - from));
            return;
        }
        Loops.Row row = (ia, sa, ib, sb, io, so, len) -> {
            for (int i = 0; i < len; i++) {
                o.set(io + i * so, value);
            }
        };
        slabs(shape, (sub, first) -> Loops.forEachRow(sub, null, null, out.strides(), 0, 0, at(out, first), row));
    }

    @Override
    public void unary(UnaryOp op, int[] shape, Strided in, Strided out) {
        CpuBuffer a = buf(in.buffer());
        CpuBuffer o = buf(out.buffer());
        if (IntKernels.handlesUnary(a, o)) {
            if (!Workers.splits(Loops.numel(shape))) {
                IntKernels.unary(op, shape, in, out);
            } else {
                slabs(shape, (sub, first) -> IntKernels.unary(op, sub, from(in, first), from(out, first)));
            }
            return;
        }
        int flatA = Loops.flatStride(shape, in.strides());
        if (flatA != Loops.STRIDED && Loops.flatStride(shape, out.strides()) == 1) {
            int n = Loops.numel(shape);
            if (!Workers.splits(n)) {
                Kernels.unaryRow(op, a, in.offset(), flatA, o, out.offset(), 1, n);
                return;
            }
            Workers.forRange(n, GRAIN, (from, to) ->
                    Kernels.unaryRow(op, a, in.offset() + from * flatA, flatA, o, out.offset() + from, 1, to - from));
            return;
        }
        Loops.Row row = (ia, sa, ib, sb, io, so, n) -> Kernels.unaryRow(op, a, ia, sa, o, io, so, n);
        slabs(shape, (sub, first) -> Loops.forEachRow(sub, in.strides(), null, out.strides(), at(in, first), 0,
                at(out, first), row));
    }

    @Override
    public void binary(BinaryOp op, int[] shape, Strided a, Strided b, Strided out) {
        CpuBuffer x = buf(a.buffer());
        CpuBuffer y = buf(b.buffer());
        CpuBuffer o = buf(out.buffer());
        if (IntKernels.handlesBinary(op, x)) {
            if (CompareLoops.binary(op, shape, a, b, out)) {
                return;
            }
            if (!Workers.splits(Loops.numel(shape))) {
                IntKernels.binary(op, shape, a, b, out);
            } else {
                slabs(shape, (sub, first) -> IntKernels.binary(op, sub, from(a, first), from(b, first), from(out, first)));
            }
            return;
        }
        int flatA = Loops.flatStride(shape, a.strides());
        int flatB = Loops.flatStride(shape, b.strides());
        boolean flatOut = Loops.flatStride(shape, out.strides()) == 1;
        if (op == BinaryOp.MAXIMUM || op == BinaryOp.MINIMUM) {
            maxMin(op, shape, a, flatA, b, flatB, out, flatOut);
            return;
        }
        if (flatA != Loops.STRIDED && flatB != Loops.STRIDED && flatOut) {
            int n = Loops.numel(shape);
            if (!Workers.splits(n)) {
                Kernels.binaryRow(op, x, a.offset(), flatA, y, b.offset(), flatB, o, out.offset(), 1, n);
                return;
            }
            Workers.forRange(n, GRAIN, (from, to) -> Kernels.binaryRow(op, x, a.offset() + from * flatA, flatA,
                    y, b.offset() + from * flatB, flatB, o, out.offset() + from, 1, to - from));
            return;
        }
        if (flatOut && (flatA == 1 || flatB == 1) && rowBroadcast(op, shape, a, flatA, b, out)) {
            return;
        }
        Loops.Row row = (ia, sa, ib, sb, io, so, n) -> Kernels.binaryRow(op, x, ia, sa, y, ib, sb, o, io, so, n);
        slabs(shape, (sub, first) -> Loops.forEachRow(sub, a.strides(), b.strides(), out.strides(), at(a, first),
                at(b, first), at(out, first), row));
    }

    /**
     * Floating maximum/minimum, whose result at a tie of zeros of both signs depends, in PyTorch, on whether its
     * loop reached the element in vector lanes ({@link Kernels#maxMinVectorBody}): over one flat row when the
     * operands coalesce into one (contiguous, or one of them a broadcast scalar), else row by innermost row, as
     * PyTorch's TensorIterator coalesces them (one thread: the split of larger tensors across threads moves the
     * rows' ends in PyTorch, not here).
     */
    private static void maxMin(BinaryOp op, int[] shape, Strided a, int flatA, Strided b, int flatB, Strided out,
                               boolean flatOut) {
        CpuBuffer x = buf(a.buffer());
        CpuBuffer y = buf(b.buffer());
        CpuBuffer o = buf(out.buffer());
        if (flatA != Loops.STRIDED && flatB != Loops.STRIDED && flatOut) {
            int n = Loops.numel(shape);
            int body = Kernels.maxMinVectorBody(x, flatA, flatB, 1, n);
            Workers.forRange(n, Workers.splits(n) ? GRAIN : Math.max(1, n), (from, to) -> Kernels.maxMinRow(op, x,
                    a.offset() + from * flatA, flatA, y, b.offset() + from * flatB, flatB, o, out.offset() + from, 1,
                    to - from, body - from));
            return;
        }
        Loops.Row row;
        if (java.util.Arrays.equals(a.strides(), b.strides()) && dense(shape, a.strides())) {
            // one dense layout (a transposed pair): PyTorch iterates it in memory order as one flat row, so the
            // vector body is counted in a's memory positions
            int n = Loops.numel(shape);
            int body = Kernels.maxMinVectorBody(x, 1, 1, 1, n);
            int base = a.offset();
            row = (ia, sa, ib, sb, io, so, len) -> Kernels.maxMinRowAt(op, x, ia, sa, y, ib, sb, o, io, so, len,
                    ia - base, body);
        } else {
            row = (ia, sa, ib, sb, io, so, n) -> Kernels.maxMinRow(op, x, ia, sa, y, ib, sb, o, io, so, n,
                    Kernels.maxMinVectorBody(x, sa, sb, so, n));
        }
        slabs(shape, (sub, first) -> Loops.forEachRow(sub, a.strides(), b.strides(), out.strides(), at(a, first),
                at(b, first), at(out, first), row));
    }

    /** Whether {@code strides} lay {@code shape} out densely, in some order of its dims (a permuted contiguous tensor). */
    private static boolean dense(int[] shape, int[] strides) {
        int rank = shape.length;
        boolean[] used = new boolean[rank];
        long expected = 1;
        for (int k = 0; k < rank; k++) {
            int next = -1;
            for (int d = 0; d < rank; d++) {
                if (!used[d] && shape[d] != 1 && (next < 0 || strides[d] < strides[next])) {
                    next = d;
                }
            }
            if (next < 0) {
                return true;
            }
            if (strides[next] != expected) {
                return false;
            }
            used[next] = true;
            expected *= shape[next];
        }
        return true;
    }

    /**
     * float32 {@code + - * /} of a contiguous operand and a broadcast row of the other ({@code [rows, n] + [n]}:
     * the bias add) into a contiguous output, on the Vector API: one flat loop over the output, cut into
     * contiguous pieces for the threads, instead of one strided-path call per row. False (nothing written)
     * when the operands are not of that form.
     */
    private static boolean rowBroadcast(BinaryOp op, int[] shape, Strided a, int flatA, Strided b, Strided out) {
        CpuBuffer o = buf(out.buffer());
        if (!Kernels.vector || o.f == null
                || (op != BinaryOp.ADD && op != BinaryOp.SUB && op != BinaryOp.MUL && op != BinaryOp.DIV)) {
            return false;
        }
        boolean rowFirst = flatA != 1;
        Strided full = rowFirst ? b : a;
        Strided rowOf = rowFirst ? a : b;
        CpuBuffer x = buf(full.buffer());
        CpuBuffer y = buf(rowOf.buffer());
        int n = Loops.rowPeriod(shape, rowOf.strides());
        int total = Loops.numel(shape);
        // a long row (few rows) gains nothing here and would pay for its copy: the per-row path takes it
        if (x.f == null || y.f == null || n < 0 || n > MAX_BROADCAST_ROW || (long) n * 4 > total) {
            return false;
        }
        float[] row = VectorElementwise.wrappedRow(y.f, rowOf.offset(), n);
        float[] xs = x.f;
        int ix = full.offset();
        int io = out.offset();
        if (!Workers.splits(total)) {
            VectorElementwise.rowBroadcast(op, xs, ix, row, n, rowFirst, o.f, io, 0, total);
        } else {
            Workers.forRange(total, GRAIN, (from, to) ->
                    VectorElementwise.rowBroadcast(op, xs, ix, row, n, rowFirst, o.f, io, from, to));
        }
        return true;
    }

    /** The longest broadcast row {@link #rowBroadcast} copies (64K floats: within L2). */
    private static final int MAX_BROADCAST_ROW = 1 << 16;

    @Override
    public void binaryScalar(BinaryOp op, int[] shape, Strided a, double scalar, boolean scalarFirst, Strided out) {
        CpuBuffer x = buf(a.buffer());
        CpuBuffer o = buf(out.buffer());
        if (IntKernels.handlesBinary(op, x)) {
            if (CompareLoops.scalar(op, shape, a, scalar, scalarFirst, out)) {
                return;
            }
            if (!Workers.splits(Loops.numel(shape))) {
                IntKernels.scalar(op, shape, a, scalar, scalarFirst, out);
            } else {
                slabs(shape, (sub, first) -> IntKernels.scalar(op, sub, from(a, first), scalar, scalarFirst,
                        from(out, first)));
            }
            return;
        }
        double s = x.dtype.round(scalar);
        int flatA = Loops.flatStride(shape, a.strides());
        if (flatA != Loops.STRIDED && Loops.flatStride(shape, out.strides()) == 1) {
            int n = Loops.numel(shape);
            if (!Workers.splits(n)) {
                Kernels.scalarRow(op, x, a.offset(), flatA, s, scalarFirst, o, out.offset(), 1, n);
                return;
            }
            Workers.forRange(n, GRAIN, (from, to) -> Kernels.scalarRow(op, x, a.offset() + from * flatA, flatA, s,
                    scalarFirst, o, out.offset() + from, 1, to - from));
            return;
        }
        Loops.Row row = (ia, sa, ib, sb, io, so, n) -> Kernels.scalarRow(op, x, ia, sa, s, scalarFirst, o, io, so, n);
        slabs(shape, (sub, first) -> Loops.forEachRow(sub, a.strides(), null, out.strides(), at(a, first), 0,
                at(out, first), row));
    }

    /**
     * Elements per piece of a split elementwise loop: a few pieces per thread. (The methods above call
     * their kernel directly when the loop is not split, rather than through the lambda they split
     * with: a capturing lambda is an allocation, and small ops such as the seed loop's allocate
     * nothing else.)
     */
    private static final int GRAIN = Workers.PARALLEL_MIN / 4;

    /** A strided loop over {@code shape}, which starts at slice {@code first} of the operands' dim 0. */
    @FunctionalInterface
    private interface Slab {
        void run(int[] shape, int first);
    }

    /**
     * Runs {@code body} over {@code shape}; a large loop is cut along dim 0 into slabs that run on
     * the worker threads. Every element is computed by the same code whoever runs it.
     */
    private static void slabs(int[] shape, Slab body) {
        long n = Loops.numel(shape);
        if (!Workers.splits(n) || shape.length == 0 || shape[0] < 2) {
            body.run(shape, 0);
            return;
        }
        long perSlice = n / shape[0];
        Workers.forRange(shape[0], (int) Math.max(1, GRAIN / perSlice), (from, to) -> {
            int[] sub = shape.clone();
            sub[0] = to - from;
            body.run(sub, from);
        });
    }

    /**
     * {@code s} from slice {@code first} of dim 0: for a slab of {@link IntKernels}' loops (integer and bool
     * dtypes, conversions, the comparisons {@link CompareLoops} declines), which take whole operands.
     */
    private static Strided from(Strided s, int first) {
        return first == 0 ? s : new Strided(s.buffer(), at(s, first), s.strides());
    }

    /** The offset of slice {@code first} of dim 0 of {@code s}. */
    private static int at(Strided s, int first) {
        return first == 0 ? s.offset() : s.offset() + first * s.strides()[0];
    }

    @Override
    public void reduce(ReduceOp op, int[] shape, Strided in, boolean[] reduced, Buffer out) {
        CpuBuffer b = buf(in.buffer());
        if (!b.dtype.isFloatingPoint()) {
            if (!Int64Reductions.run(op, shape, b, in.offset(), in.strides(), reduced, buf(out))) {
                IntKernels.reduce(op, shape, b, in.offset(), in.strides(), reduced, buf(out));
            }
            return;
        }
        ReduceKernels.run(op, shape, b, in.offset(), in.strides(), reduced, buf(out));
    }

    @Override
    public FusedKernels fused() {
        return CpuFused.INSTANCE;
    }

    @Override
    public void gemm(Gemm g) {
        Gemms.run(g);
    }

    @Override
    public void axpy(int[] shape, double alpha, Strided x, Strided y) {
        CpuBuffer xs = buf(x.buffer());
        CpuBuffer ys = buf(y.buffer());
        int flatX = Loops.flatStride(shape, x.strides());
        if (flatX != Loops.STRIDED && Loops.flatStride(shape, y.strides()) == 1) {
            int n = Loops.numel(shape);
            if (!Workers.splits(n)) {
                Kernels.axpyRow(alpha, xs, x.offset(), flatX, ys, y.offset(), 1, n);
                return;
            }
            Workers.forRange(n, GRAIN, (from, to) ->
                    Kernels.axpyRow(alpha, xs, x.offset() + from * flatX, flatX, ys, y.offset() + from, 1, to - from));
            return;
        }
        Loops.Row row = (ix, sx, ib, sb, iy, sy, n) -> Kernels.axpyRow(alpha, xs, ix, sx, ys, iy, sy, n);
        slabs(shape, (sub, first) -> Loops.forEachRow(sub, x.strides(), null, y.strides(), at(x, first), 0,
                at(y, first), row));
    }

    @Override
    public void fma(int[] shape, Strided a, Strided b, Strided y) {
        CpuBuffer as = buf(a.buffer());
        CpuBuffer bs = buf(b.buffer());
        CpuBuffer ys = buf(y.buffer());
        Loops.Row row = (ia, sa, ib, sb, iy, sy, n) -> Kernels.fmaRow(as, ia, sa, bs, ib, sb, ys, iy, sy, n);
        slabs(shape, (sub, first) -> Loops.forEachRow(sub, a.strides(), b.strides(), y.strides(), at(a, first),
                at(b, first), at(y, first), row));
    }

    @Override
    public void gather(int[] shape, Strided src, int srcDimStride, Strided index, Strided out) {
        IndexKernels.gather(shape, src, srcDimStride, index, out);
    }

    @Override
    public void scatter(int[] shape, Strided src, Strided index, Strided out, int outDimStride, boolean accumulate) {
        IndexKernels.scatter(shape, src, index, out, outDimStride, accumulate);
    }

    @Override
    public void where(int[] shape, Strided cond, Strided a, Strided b, Strided out) {
        IndexKernels.where(shape, cond, a, b, out);
    }
}

package org.grad4j.spi;

import org.grad4j.DType;
import org.grad4j.Device;

/**
 * The kernels of one device. Core composes every tensor operation, its broadcasting and its
 * gradient from these primitives; a backend never sees a tensor, a graph or a gradient.
 *
 * <p>Conventions shared by all methods:
 * <ul>
 *   <li>{@code shape} is the iteration shape; every {@link Strided} operand is read or written at
 *       the offsets its strides give for each index of {@code shape} (stride 0 broadcasts).</li>
 *   <li>All operands of one call have the same dtype, except {@link UnaryOp#COPY}, which converts,
 *       comparisons ({@link BinaryOp#isComparison()}), which write a {@link DType#BOOL} output, and
 *       {@link ReduceOp#ARGMAX}, which writes int64 indices.</li>
 *   <li>int64 arithmetic is exact and wraps on overflow, as in PyTorch; core never asks a backend for
 *       {@code DIV} or {@code POW} of integers with a non-integer result, nor for arithmetic on bool
 *       other than {@code ADD} (logical or), {@code MUL} (logical and), {@code MAXIMUM} and {@code MINIMUM}.</li>
 *   <li>An output may alias an input exactly (same buffer, offset and strides): in-place ops rely on it.
 *       Outputs never partially overlap inputs.</li>
 *   <li>Arguments are validated by core; a backend may assume shapes, strides and lengths agree.</li>
 *   <li>Calls are made from the user's threads; a backend must tolerate concurrent calls on
 *       distinct buffers.</li>
 * </ul>
 */
public interface Backend {
    /**
     * The device this backend computes on.
     *
     * @return this backend's device
     */
    Device device();

    /**
     * A new zero-filled buffer.
     *
     * @param dtype the element type
     * @param length the number of elements, non-negative
     * @return a new buffer owned by this backend
     */
    Buffer allocate(DType dtype, int length);

    /**
     * A new buffer whose contents are unspecified, for an output the next operation overwrites in
     * full (PyTorch's {@code torch.empty}). A device backend saves the zero-fill, which is a device
     * call of its own; the default zero-fills. It may hand back a released buffer's memory with its old
     * values: core takes it only for outputs that a kernel writes whole, and {@link #allocate} for
     * anything else, so every kernel must write every element of its output.
     *
     * @param dtype the element type
     * @param length the number of elements, non-negative
     * @return a new buffer owned by this backend
     */
    default Buffer allocateUninitialized(DType dtype, int length) {
        return allocate(dtype, length);
    }

    /**
     * A new buffer holding {@code data}, rounded to {@code dtype}.
     *
     * @param data the values to copy; not retained
     * @param dtype the element type of the new buffer
     * @return a new buffer of {@code data.length} elements owned by this backend
     */
    Buffer upload(double[] data, DType dtype);

    /**
     * A new buffer holding {@code data}, widened or kept as {@code dtype}.
     *
     * @param data the values to copy; not retained
     * @param dtype the element type of the new buffer
     * @return a new buffer of {@code data.length} elements owned by this backend
     */
    Buffer upload(float[] data, DType dtype);

    /**
     * A host array of exactly {@code length} elements with unspecified contents, for the caller to fill
     * whole and hand to {@link #adopt(float[], DType)} (a dropout mask drawn on the host). The CPU backend
     * lends the array of a released buffer when it has one; the default is a new array.
     *
     * @param length the number of elements, non-negative
     * @return an array nobody else uses
     */
    default float[] scratchFloats(int length) {
        return new float[length];
    }

    /**
     * {@link #scratchFloats(int)} for double values, to hand to {@link #adopt(double[], DType)}.
     *
     * @param length the number of elements, non-negative
     * @return an array nobody else uses
     */
    default double[] scratchDoubles(int length) {
        return new double[length];
    }

    /**
     * A new buffer holding {@code data}, which the caller hands over: it never reads or writes the array
     * again, so a host backend may keep the array itself instead of a copy (a dropout mask, a batch the
     * data loader assembled). The default is {@link #upload(double[], DType)}.
     *
     * @param data the values; the backend may retain it
     * @param dtype the element type of the new buffer
     * @return a new buffer of {@code data.length} elements owned by this backend
     */
    default Buffer adopt(double[] data, DType dtype) {
        return upload(data, dtype);
    }

    /**
     * {@link #adopt(double[], DType)} for float values; the default is {@link #upload(float[], DType)}.
     *
     * @param data the values; the backend may retain it
     * @param dtype the element type of the new buffer
     * @return a new buffer of {@code data.length} elements owned by this backend
     */
    default Buffer adopt(float[] data, DType dtype) {
        return upload(data, dtype);
    }

    /**
     * A new buffer holding {@code data} exactly (int64), as 0/1 (bool: any non-zero value is true), or
     * rounded to nearest (floating types). The only exact way to bring int64 values beyond 2^53 to a device.
     * The default refuses: a backend without integer support says so.
     *
     * @param data the values to copy; not retained
     * @param dtype the element type of the new buffer
     * @return a new buffer of {@code data.length} elements owned by this backend
     */
    default Buffer upload(long[] data, DType dtype) {
        throw new UnsupportedOperationException("upload: the " + device() + " backend does not support "
                + dtype.torchName() + " tensors");
    }

    /**
     * Copies {@code dst.length} elements starting at {@code offset} of {@code src} into {@code dst}:
     * exactly for int64, 0/1 for bool, converted as {@link DType#round} does for floating types.
     *
     * @param src a buffer of this backend
     * @param offset the index of the first element to copy, in elements
     * @param dst the array to fill, entirely
     */
    default void download(Buffer src, int offset, long[] dst) {
        throw new UnsupportedOperationException("download: the " + device() + " backend does not support "
                + "reading " + src.dtype().torchName() + " tensors as int64");
    }

    /**
     * Copies {@code dst.length} elements starting at {@code offset} of {@code src} into {@code dst}.
     *
     * @param src a buffer of this backend
     * @param offset the index of the first element to copy, in elements
     * @param dst the array to fill, entirely
     */
    void download(Buffer src, int offset, double[] dst);

    /**
     * Copies {@code dst.length} elements starting at {@code offset} of {@code src} into {@code dst}, rounding float64 to float32.
     *
     * @param src a buffer of this backend
     * @param offset the index of the first element to copy, in elements
     * @param dst the array to fill, entirely
     */
    void download(Buffer src, int offset, float[] dst);

    /**
     * Sets every element of {@code out} to {@code value} rounded to the buffer's dtype.
     *
     * @param shape the shape of the operation, one size per dimension (empty for a scalar)
     * @param out the elements to write, laid out over {@code shape}
     * @param value the value to store
     */
    void fill(int[] shape, Strided out, double value);

    /**
     * {@code out = op(in)} elementwise.
     *
     * @param op the elementwise operation
     * @param shape the shape of the operation, one size per dimension (empty for a scalar)
     * @param in the operand, laid out over {@code shape} (strides may be 0 to broadcast)
     * @param out the result, laid out over {@code shape}
     */
    void unary(UnaryOp op, int[] shape, Strided in, Strided out);

    /**
     * {@code out = op(a, b)} elementwise.
     *
     * @param op the elementwise operation
     * @param shape the shape of the operation, one size per dimension (empty for a scalar)
     * @param a the left operand, laid out over {@code shape} (strides may be 0 to broadcast)
     * @param b the right operand, laid out over {@code shape} (strides may be 0 to broadcast)
     * @param out the result, laid out over {@code shape}
     */
    void binary(BinaryOp op, int[] shape, Strided a, Strided b, Strided out);

    /**
     * {@code out = op(a, scalar)}, or {@code op(scalar, a)} when {@code scalarFirst}; the scalar is
     * first rounded to {@code a}'s dtype, as PyTorch does with a Python number.
     *
     * @param op the elementwise operation
     * @param shape the shape of the operation, one size per dimension (empty for a scalar)
     * @param a the tensor operand, laid out over {@code shape}
     * @param scalar the scalar operand
     * @param scalarFirst whether the scalar is the left operand
     * @param out the result, laid out over {@code shape}
     */
    void binaryScalar(BinaryOp op, int[] shape, Strided a, double scalar, boolean scalarFirst, Strided out);

    /**
     * Reduces {@code in} over the axes where {@code reduced[d]} is true. {@code out} is contiguous
     * with {@code in}'s shape except that reduced axes have size 1 (keepdim layout). For
     * {@link ReduceOp#ARGMAX} exactly one axis is reduced.
     *
     * @param op the reduction
     * @param shape the shape of {@code in}
     * @param in the operand, laid out over {@code shape}
     * @param reduced one flag per dimension of {@code shape}: true to reduce it
     * @param out the destination, of {@code in}'s dtype (contiguous, from element 0)
     */
    void reduce(ReduceOp op, int[] shape, Strided in, boolean[] reduced, Buffer out);

    /**
     * The fused kernels this backend offers, an optional capability outside the primitives; see
     * {@link FusedKernels}. The default offers none.
     *
     * @return this backend's fused kernels
     */
    default FusedKernels fused() {
        return FusedKernels.NONE;
    }

    /**
     * A (batched) matrix product; see {@link Gemm}.
     *
     * @param gemm the operands, sizes, layouts and scalars of the product
     */
    void gemm(Gemm gemm);

    /**
     * {@code y = fma(alpha, x, y)} elementwise, rounding once: PyTorch's CPU {@code y.add_(x, alpha=alpha)},
     * which optimizers use for their updates. {@code alpha} is rounded to the dtype first.
     *
     * @param shape the shape of the operation, one size per dimension (empty for a scalar)
     * @param alpha the multiplier of {@code x}
     * @param x the addend, laid out over {@code shape} (strides may be 0 to broadcast)
     * @param y the accumulator, laid out over {@code shape}, updated in place
     */
    void axpy(int[] shape, double alpha, Strided x, Strided y);

    /**
     * {@code y = fma(a, b, y)} elementwise, rounding once: the kernel of PyTorch's CPU
     * {@code y.addcmul_(t1, t2, value=v)}, which computes {@code fma(v*t1, t2, y)} (measured against
     * PyTorch 1.13 in both dtypes); Adam, RMSprop and Adagrad update their second moments with it.
     * The default runs on the host through {@link #download} and {@link #upload} (correct on any
     * backend, but slow on a device): backends should override it.
     *
     * @param shape the shape of the operation, one size per dimension (empty for a scalar)
     * @param a the first factor, laid out over {@code shape} (strides may be 0 to broadcast)
     * @param b the second factor, laid out over {@code shape} (strides may be 0 to broadcast)
     * @param y the accumulator, laid out over {@code shape}, updated in place; all three of one dtype
     */
    default void fma(int[] shape, Strided a, Strided b, Strided y) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n == 0) {
            return;
        }
        DType dtype = y.buffer().dtype();
        double[] av = new double[a.buffer().length()];
        double[] bv = new double[b.buffer().length()];
        double[] yv = new double[y.buffer().length()];
        download(a.buffer(), 0, av);
        download(b.buffer(), 0, bv);
        download(y.buffer(), 0, yv);
        double[] out = new double[n];
        int[] index = new int[shape.length];
        for (int i = 0; i < n; i++) {
            int ia = a.offset();
            int ib = b.offset();
            int iy = y.offset();
            for (int d = 0; d < shape.length; d++) {
                ia += index[d] * a.strides()[d];
                ib += index[d] * b.strides()[d];
                iy += index[d] * y.strides()[d];
            }
            out[i] = dtype == DType.FLOAT64 ? Math.fma(av[ia], bv[ib], yv[iy])
                    : Math.fma((float) av[ia], (float) bv[ib], (float) yv[iy]);
            for (int d = shape.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
                index[d] = 0;
            }
        }
        int[] contiguous = new int[shape.length];
        for (int d = shape.length - 1, s = 1; d >= 0; d--) {
            contiguous[d] = s;
            s *= shape[d];
        }
        try (Buffer tmp = upload(out, dtype)) {
            unary(UnaryOp.COPY, shape, new Strided(tmp, 0, contiguous), y);
        }
    }

    /**
     * Gathers along one dimension: for each index {@code p} of {@code shape} (row-major),
     * {@code out[p] = src[p with p[dim] replaced by index[p]]}. The caller passes {@code src} with stride 0 at
     * {@code dim} (the other strides place {@code p} in {@code src}) and the real stride of {@code dim} as
     * {@code srcDimStride}, so a backend never needs {@code dim} itself. {@code index} is int64, its values
     * already checked by core to lie in {@code [0, size)}; {@code src} and {@code out} share one dtype. With an
     * {@code index} whose strides are 0 except along {@code dim}, this is {@code index_select}.
     *
     * @param shape the iteration shape (the index's shape)
     * @param src the source, laid out over {@code shape} with stride 0 at the gathered dimension
     * @param srcDimStride the source's stride along the gathered dimension, in elements
     * @param index the int64 positions along the gathered dimension, laid out over {@code shape}
     * @param out the result, laid out over {@code shape}
     */
    default void gather(int[] shape, Strided src, int srcDimStride, Strided index, Strided out) {
        throw new UnsupportedOperationException("gather: the " + device() + " backend has no gather kernel");
    }

    /**
     * Scatters along one dimension, the mirror of {@link #gather}: for each index {@code p} of {@code shape},
     * {@code out[p with p[dim] replaced by index[p]] = src[p]}, or {@code += src[p]} when {@code accumulate}
     * ({@code scatter_add}, {@code index_add}, and the backward of gather and index_select). {@code out} is
     * passed with stride 0 at {@code dim} and its real stride as {@code outDimStride}. Where indices repeat,
     * a CPU backend must visit {@code p} in row-major order (so sums are deterministic and a plain scatter
     * keeps the last value); a device backend may accumulate in any order, as PyTorch's CUDA kernels do.
     * Accumulating into bool is a logical or.
     *
     * @param shape the iteration shape (the index's shape)
     * @param src the values, laid out over {@code shape}
     * @param index the int64 positions, checked by core, laid out over {@code shape}
     * @param out the destination, updated in place, laid out over {@code shape} with stride 0 at the scattered dim
     * @param outDimStride the destination's stride along the scattered dimension, in elements
     * @param accumulate whether to add instead of storing
     */
    default void scatter(int[] shape, Strided src, Strided index, Strided out, int outDimStride, boolean accumulate) {
        throw new UnsupportedOperationException("scatter: the " + device() + " backend has no scatter kernel");
    }

    /**
     * {@code out = cond ? a : b} elementwise ({@code torch.where}): {@code cond} is bool, {@code a},
     * {@code b} and {@code out} share one dtype. {@code out} does not alias any operand.
     *
     * @param shape the shape of the operation
     * @param cond the bool condition, laid out over {@code shape} (strides may be 0 to broadcast)
     * @param a the values where {@code cond} is true
     * @param b the values where {@code cond} is false
     * @param out the result, laid out over {@code shape}
     */
    default void where(int[] shape, Strided cond, Strided a, Strided b, Strided out) {
        throw new UnsupportedOperationException("where: the " + device() + " backend has no where kernel");
    }
}

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
 *   <li>All operands of one call have the same dtype, except {@link UnaryOp#COPY}, which converts.</li>
 *   <li>An output may alias an input exactly (same buffer, offset and strides): in-place ops rely on it.
 *       Outputs never partially overlap inputs.</li>
 *   <li>Arguments are validated by core; a backend may assume shapes, strides and lengths agree.</li>
 *   <li>Calls are made from the user's threads; a backend must tolerate concurrent calls on
 *       distinct buffers.</li>
 * </ul>
 */
public interface Backend {
    /** The device this backend computes on. */
    Device device();

    /** A new zero-filled buffer. */
    Buffer allocate(DType dtype, int length);

    /** A new buffer holding {@code data}, rounded to {@code dtype}. */
    Buffer upload(double[] data, DType dtype);

    /** A new buffer holding {@code data}, widened or kept as {@code dtype}. */
    Buffer upload(float[] data, DType dtype);

    /** Copies {@code dst.length} elements starting at {@code offset} of {@code src} into {@code dst}. */
    void download(Buffer src, int offset, double[] dst);

    /** Copies {@code dst.length} elements starting at {@code offset} of {@code src} into {@code dst}, rounding float64 to float32. */
    void download(Buffer src, int offset, float[] dst);

    /** Sets every element of {@code out} to {@code value} rounded to the buffer's dtype. */
    void fill(int[] shape, Strided out, double value);

    /** {@code out = op(in)} elementwise. */
    void unary(UnaryOp op, int[] shape, Strided in, Strided out);

    /** {@code out = op(a, b)} elementwise. */
    void binary(BinaryOp op, int[] shape, Strided a, Strided b, Strided out);

    /**
     * {@code out = op(a, scalar)}, or {@code op(scalar, a)} when {@code scalarFirst}; the scalar is
     * first rounded to {@code a}'s dtype, as PyTorch does with a Python number.
     */
    void binaryScalar(BinaryOp op, int[] shape, Strided a, double scalar, boolean scalarFirst, Strided out);

    /**
     * Reduces {@code in} over the axes where {@code reduced[d]} is true. {@code out} is contiguous
     * with {@code in}'s shape except that reduced axes have size 1 (keepdim layout). For
     * {@link ReduceOp#ARGMAX} exactly one axis is reduced.
     */
    void reduce(ReduceOp op, int[] shape, Strided in, boolean[] reduced, Buffer out);

    /** A (batched) matrix product; see {@link Gemm}. */
    void gemm(Gemm gemm);

    /**
     * {@code y = fma(alpha, x, y)} elementwise, rounding once: PyTorch's CPU {@code y.add_(x, alpha=alpha)},
     * which optimizers use for their updates. {@code alpha} is rounded to the dtype first.
     */
    void axpy(int[] shape, double alpha, Strided x, Strided y);
}

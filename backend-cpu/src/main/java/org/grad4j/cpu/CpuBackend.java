package org.grad4j.cpu;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.spi.Backend;
import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.Buffer;
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

    private CpuBackend() {
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    static CpuBuffer buf(Buffer b) {
        return (CpuBuffer) b;
    }

    @Override
    public Buffer allocate(DType dtype, int length) {
        return dtype == DType.FLOAT64 ? new CpuBuffer(this, new double[length]) : new CpuBuffer(this, new float[length]);
    }

    @Override
    public Buffer upload(double[] data, DType dtype) {
        if (dtype == DType.FLOAT64) {
            return new CpuBuffer(this, data.clone());
        }
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return new CpuBuffer(this, f);
    }

    @Override
    public Buffer upload(float[] data, DType dtype) {
        if (dtype == DType.FLOAT32) {
            return new CpuBuffer(this, data.clone());
        }
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i];
        }
        return new CpuBuffer(this, d);
    }

    @Override
    public void download(Buffer src, int offset, double[] dst) {
        CpuBuffer b = buf(src);
        if (b.d != null) {
            System.arraycopy(b.d, offset, dst, 0, dst.length);
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
        } else {
            for (int i = 0; i < dst.length; i++) {
                dst[i] = (float) b.d[offset + i];
            }
        }
    }

    @Override
    public void fill(int[] shape, Strided out, double value) {
        CpuBuffer o = buf(out.buffer());
        if (Loops.flatStride(shape, out.strides()) == 1) {
            Kernels.fillRow(o, out.offset(), value, Loops.numel(shape));
            return;
        }
        Loops.forEachRow(shape, null, null, out.strides(), 0, 0, out.offset(), (ia, sa, ib, sb, io, so, n) -> {
            for (int i = 0; i < n; i++) {
                o.set(io + i * so, value);
            }
        });
    }

    @Override
    public void unary(UnaryOp op, int[] shape, Strided in, Strided out) {
        CpuBuffer a = buf(in.buffer());
        CpuBuffer o = buf(out.buffer());
        int flatA = Loops.flatStride(shape, in.strides());
        if (flatA != Loops.STRIDED && Loops.flatStride(shape, out.strides()) == 1) {
            Kernels.unaryRow(op, a, in.offset(), flatA, o, out.offset(), 1, Loops.numel(shape));
            return;
        }
        Loops.forEachRow(shape, in.strides(), null, out.strides(), in.offset(), 0, out.offset(),
                (ia, sa, ib, sb, io, so, n) -> Kernels.unaryRow(op, a, ia, sa, o, io, so, n));
    }

    @Override
    public void binary(BinaryOp op, int[] shape, Strided a, Strided b, Strided out) {
        CpuBuffer x = buf(a.buffer());
        CpuBuffer y = buf(b.buffer());
        CpuBuffer o = buf(out.buffer());
        int flatA = Loops.flatStride(shape, a.strides());
        int flatB = Loops.flatStride(shape, b.strides());
        if (flatA != Loops.STRIDED && flatB != Loops.STRIDED && Loops.flatStride(shape, out.strides()) == 1) {
            Kernels.binaryRow(op, x, a.offset(), flatA, y, b.offset(), flatB, o, out.offset(), 1, Loops.numel(shape));
            return;
        }
        Loops.forEachRow(shape, a.strides(), b.strides(), out.strides(), a.offset(), b.offset(), out.offset(),
                (ia, sa, ib, sb, io, so, n) -> Kernels.binaryRow(op, x, ia, sa, y, ib, sb, o, io, so, n));
    }

    @Override
    public void binaryScalar(BinaryOp op, int[] shape, Strided a, double scalar, boolean scalarFirst, Strided out) {
        CpuBuffer x = buf(a.buffer());
        CpuBuffer o = buf(out.buffer());
        double s = x.dtype.round(scalar);
        int flatA = Loops.flatStride(shape, a.strides());
        if (flatA != Loops.STRIDED && Loops.flatStride(shape, out.strides()) == 1) {
            Kernels.scalarRow(op, x, a.offset(), flatA, s, scalarFirst, o, out.offset(), 1, Loops.numel(shape));
            return;
        }
        Loops.forEachRow(shape, a.strides(), null, out.strides(), a.offset(), 0, out.offset(),
                (ia, sa, ib, sb, io, so, n) -> Kernels.scalarRow(op, x, ia, sa, s, scalarFirst, o, io, so, n));
    }

    @Override
    public void reduce(ReduceOp op, int[] shape, Strided in, boolean[] reduced, Buffer out) {
        Reduce.run(op, shape, buf(in.buffer()), in.offset(), in.strides(), reduced, buf(out));
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
            Kernels.axpyRow(alpha, xs, x.offset(), flatX, ys, y.offset(), 1, Loops.numel(shape));
            return;
        }
        Loops.forEachRow(shape, x.strides(), null, y.strides(), x.offset(), 0, y.offset(),
                (ix, sx, ib, sb, iy, sy, n) -> Kernels.axpyRow(alpha, xs, ix, sx, ys, iy, sy, n));
    }
}

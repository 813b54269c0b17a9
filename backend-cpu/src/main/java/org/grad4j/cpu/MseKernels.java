package org.grad4j.cpu;

import org.grad4j.spi.Buffer;
import org.grad4j.spi.Strided;

/**
 * {@code mse_loss}'s forward (MEAN/SUM) and backward in one call each, for contiguous operands of one
 * floating dtype that one thread handles (larger ones decline: the primitives split over the workers).
 * Each step is rounded to the dtype as the primitive it replaces rounds it: {@code float} arithmetic for
 * float32, which equals computing in double and rounding once for + - * /.
 */
final class MseKernels {
    private MseKernels() {
    }

    /** SUB into a scratch array, the sum of its squares in PyTorch's order, DIV by {@code divisor}. */
    static boolean loss(int[] shape, Strided a, Strided b, double divisor, Buffer out) {
        CpuBuffer x = CpuBackend.buf(a.buffer());
        CpuBuffer y = CpuBackend.buf(b.buffer());
        CpuBuffer o = CpuBackend.buf(out);
        int n = Loops.numel(shape);
        if (!sameFloating(x, y, o) || Workers.splits(n) || Loops.flatStride(shape, a.strides()) != 1
                || Loops.flatStride(shape, b.strides()) != 1) {
            return false;
        }
        int ia = a.offset();
        int ib = b.offset();
        if (n == 1) {
            // the one-term sum is 0 + d*d = d*d exactly (a square is +0, positive or NaN): no scratch array
            if (x.d != null) {
                double d = x.d[ia] - y.d[ib];
                o.d[0] = d * d / divisor;
            } else {
                float d = x.f[ia] - y.f[ib];
                o.f[0] = d * d / (float) divisor;
            }
            return true;
        }
        sumOfSquaredDifferences(x, ia, y, ib, n, divisor, o);
        return true;
    }

    /**
     * The loss of more than one element. Kept out of {@link #loss} so that the entry stays small enough
     * for the JIT to inline into its caller: the operands' {@code Strided} records are then never allocated.
     */
    private static void sumOfSquaredDifferences(CpuBuffer x, int ia, CpuBuffer y, int ib, int n, double divisor,
            CpuBuffer o) {
        // the difference's scratch array: a large one comes from the array cache and goes back at once
        boolean cached = n >= ArrayCache.MIN_LENGTH;
        ArrayCache cache = CpuBackend.INSTANCE.cache();
        if (x.d != null) {
            double[] diff = cached ? cache.takeDoubles(n) : null;
            if (diff == null) {
                diff = new double[n];
            }
            for (int i = 0; i < n; i++) {
                diff[i] = x.d[ia + i] - y.d[ib + i];
            }
            o.d[0] = TorchSum.sumContiguous(diff, 0, n, true) / divisor;
            if (cached) {
                cache.give(diff);
            }
        } else {
            float[] diff = cached ? cache.takeFloats(n) : null;
            if (diff == null) {
                diff = new float[n];
            }
            for (int i = 0; i < n; i++) {
                diff[i] = x.f[ia + i] - y.f[ib + i];
            }
            // sumOfSquares stores the float sum, then DIV divides it by the float divisor
            o.f[0] = (float) TorchSum.sumContiguous(diff, 0, n, true) / (float) divisor;
            if (cached) {
                cache.give(diff);
            }
        }
    }

    /** {@code (norm * (a - b)) * grad}, the gradient one element (zero strides) or contiguous. */
    static boolean backward(int[] shape, Strided a, Strided b, double norm, Strided grad, Strided out) {
        CpuBuffer x = CpuBackend.buf(a.buffer());
        CpuBuffer y = CpuBackend.buf(b.buffer());
        CpuBuffer g = CpuBackend.buf(grad.buffer());
        CpuBuffer o = CpuBackend.buf(out.buffer());
        int n = Loops.numel(shape);
        if (!sameFloating(x, y, o) || g.dtype != x.dtype || Workers.splits(n)
                || Loops.flatStride(shape, a.strides()) != 1 || Loops.flatStride(shape, b.strides()) != 1
                || Loops.flatStride(shape, out.strides()) != 1) {
            return false;
        }
        int gs = Loops.flatStride(shape, grad.strides());
        if (gs == Loops.STRIDED) {
            return false;
        }
        int ia = a.offset();
        int ib = b.offset();
        int ig = grad.offset();
        int io = out.offset();
        if (x.d != null) {
            backwardF64(x.d, ia, y.d, ib, norm, g.d, ig, gs, o.d, io, n);
        } else {
            backwardF32(x.f, ia, y.f, ib, (float) norm, g.f, ig, gs, o.f, io, n);
        }
        return true;
    }

    // The loops apart from the checks, so that {@link #backward} stays small enough to inline (see above).

    private static void backwardF64(double[] x, int ia, double[] y, int ib, double norm, double[] g, int ig, int gs,
            double[] o, int io, int n) {
        for (int i = 0; i < n; i++) {
            double t = norm * (x[ia + i] - y[ib + i]);
            o[io + i] = t * g[ig + i * gs];
        }
    }

    private static void backwardF32(float[] x, int ia, float[] y, int ib, float nf, float[] g, int ig, int gs,
            float[] o, int io, int n) {
        for (int i = 0; i < n; i++) {
            float t = nf * (x[ia + i] - y[ib + i]);
            o[io + i] = t * g[ig + i * gs];
        }
    }

    private static boolean sameFloating(CpuBuffer x, CpuBuffer y, CpuBuffer o) {
        return x.dtype == y.dtype && o.dtype == x.dtype && (x.d != null || x.f != null);
    }
}

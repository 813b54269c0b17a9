package org.grad4j.cpu;

import java.util.Arrays;

import org.grad4j.DType;
import org.grad4j.spi.Strided;

/**
 * nll_loss's input gradient in one pass: each row zero-filled, then its target class written, while the row
 * is still in cache. A zero fill of the whole [N, C] gradient followed by a scatter wrote the same bits, but
 * the scatter's N stores then missed the cache once the fill had outgrown it (cross_entropy over [4096,
 * 1000]: a 16 MB fill, then 4,096 scattered misses, on the calling thread alone).
 */
final class NllKernels {
    private NllKernels() {
    }

    /** See {@link org.grad4j.spi.FusedKernels#nllLossBackward}. */
    static boolean backward(int rows, int classes, Strided target, Strided values, Strided gradInput) {
        CpuBuffer t = CpuBackend.buf(target.buffer());
        CpuBuffer v = CpuBackend.buf(values.buffer());
        CpuBuffer o = CpuBackend.buf(gradInput.buffer());
        if (rows < 1 || classes < 1 || t.l == null || t.dtype != DType.INT64 || (o.f == null && o.d == null)
                || v.dtype != o.dtype) {
            return false;
        }
        int ts = rowStride(target, rows);
        int vs = rowStride(values, rows);
        int to = target.offset();
        for (int r = 0; r < rows; r++) {   // all or nothing: the primitives report a bad index
            long c = t.l[to + r * ts];
            if (c < 0 || c >= classes) {
                return false;
            }
        }
        int vo = values.offset();
        int oo = gradInput.offset();
        long total = (long) rows * classes;
        if (!Workers.splits(total) || rows < 2) {
            rows(t.l, to, ts, v, vo, vs, o, oo, classes, 0, rows);
        } else {
            Workers.forRange(rows, Math.max(1, Workers.PARALLEL_MIN / 4 / classes),
                    (from, end) -> rows(t.l, to, ts, v, vo, vs, o, oo, classes, from, end));
        }
        return true;
    }

    /** Rows {@code [from, to)}: zeros, then the target class's value. */
    private static void rows(long[] t, int to, int ts, CpuBuffer v, int vo, int vs, CpuBuffer o, int oo, int classes,
            int from, int end) {
        for (int r = from; r < end; r++) {
            int row = oo + r * classes;
            int c = (int) t[to + r * ts];
            if (o.f != null) {
                Arrays.fill(o.f, row, row + classes, 0f);
                o.f[row + c] = v.f[vo + r * vs];
            } else {
                Arrays.fill(o.d, row, row + classes, 0.0);
                o.d[row + c] = v.d[vo + r * vs];
            }
        }
    }

    /**
     * See {@link org.grad4j.spi.FusedKernels#nllLogSoftmaxBackward}: each row's nll gradient is written into a
     * row buffer of this thread (zeros and the target's value, in cache), and log_softmax's backward runs on it
     * through {@link SoftmaxKernels}' own row kernel: the bits of {@link #backward} followed by
     * {@link SoftmaxKernels#backward}, without the [rows, classes] gradient in between.
     */
    static boolean logSoftmaxBackward(int rows, int classes, Strided target, Strided values, Strided output,
            Strided gradInput) {
        CpuBuffer t = CpuBackend.buf(target.buffer());
        CpuBuffer v = CpuBackend.buf(values.buffer());
        CpuBuffer y = CpuBackend.buf(output.buffer());
        CpuBuffer o = CpuBackend.buf(gradInput.buffer());
        if (rows < 1 || classes < 1 || t.l == null || t.dtype != DType.INT64 || (o.f == null && o.d == null)
                || v.dtype != o.dtype || y.dtype != o.dtype) {
            return false;
        }
        int ts = rowStride(target, rows);
        int vs = rowStride(values, rows);
        int to = target.offset();
        for (int r = 0; r < rows; r++) {
            long c = t.l[to + r * ts];
            if (c < 0 || c >= classes) {
                return false;
            }
        }
        int vo = values.offset();
        int yo = output.offset();
        int oo = gradInput.offset();
        Workers.Range body = (from, end) -> {
            float[] rowF = o.f != null ? new float[classes] : null;
            double[] rowD = o.f != null ? null : new double[classes];
            for (int r = from; r < end; r++) {
                int c = (int) t.l[to + r * ts];
                int at = r * classes;
                if (rowF != null) {
                    rowF[c] = v.f[vo + r * vs];
                    SoftmaxKernels.gradRowF(rowF, 0, y.f, yo + at, o.f, oo + at, classes, true);
                    rowF[c] = 0f;
                } else {
                    rowD[c] = v.d[vo + r * vs];
                    SoftmaxKernels.gradRowD(rowD, 0, y.d, yo + at, o.d, oo + at, classes, true);
                    rowD[c] = 0.0;
                }
            }
        };
        if (!Workers.splits((long) rows * classes) || rows < 2) {
            body.run(0, rows);
        } else {
            Workers.forRange(rows, Math.max(1, Workers.PARALLEL_MIN / classes), body);
        }
        return true;
    }

    /** The step between rows' elements of a {@code [rows, 1]} (or {@code [1]}) operand. */
    private static int rowStride(Strided s, int rows) {
        return rows == 1 || s.strides().length == 0 ? 0 : s.strides()[0];
    }
}

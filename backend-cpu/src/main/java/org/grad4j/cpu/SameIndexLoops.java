package org.grad4j.cpu;

import org.grad4j.spi.BinaryOp;

/**
 * The hot elementwise loops for operands that start at the same index (fresh, contiguous tensors:
 * the common case). HotSpot's C2 vectorises {@code out[i] = x[i] + y[i]} but not
 * {@code out[io + i] = x[ia + i] + y[ib + i]}: with different offsets it cannot rule out that the
 * arrays overlap. Measured on JDK 17 and 25: about 0.07 against 0.26 ns per float32 element.
 * Each method returns false for an operation it does not cover; the caller then runs its general
 * loop. The results are the same bits either way.
 */
final class SameIndexLoops {
    private SameIndexLoops() {
    }
    /** {@code out[i] = x[i] op y[i]} for i in [from, from + n). */
    static boolean binary(BinaryOp op, double[] x, double[] y, double[] out, int from, int n) {
        return SameIndexLoopsF64.binary(op, x, y, out, from, n);
    }

    /** {@code out[i] = x[i] op y[i]} for i in [from, from + n), in float32 (exact for + - * /). */
    static boolean binary(BinaryOp op, float[] x, float[] y, float[] out, int from, int n) {
        return SameIndexLoopsF32.binary(op, x, y, out, from, n);
    }

    /** {@code out[i] = x[i] op s} for i in [from, from + n). */
    static boolean scalar(BinaryOp op, double[] x, double s, double[] out, int from, int n) {
        return SameIndexLoopsF64.scalar(op, x, s, out, from, n);
    }

    /** {@code out[i] = x[i] op s} for i in [from, from + n), in float32. */
    static boolean scalar(BinaryOp op, float[] x, float s, float[] out, int from, int n) {
        return SameIndexLoopsF32.scalar(op, x, s, out, from, n);
    }

    /** {@code y[i] = fma(alpha, x[i], y[i])} for i in [from, from + n). */
    static void axpy(double alpha, double[] x, double[] y, int from, int n) {
        SameIndexLoopsF64.axpy(alpha, x, y, from, n);
    }

    /** {@code y[i] = fma(alpha, x[i], y[i])} for i in [from, from + n), in float32. */
    static void axpy(float alpha, float[] x, float[] y, int from, int n) {
        SameIndexLoopsF32.axpy(alpha, x, y, from, n);
    }

    /**
     * {@code out[i] = relu(x[i])} for i in [from, from + n), in float32: {@code UnaryOp.RELU}'s value
     * ({@code x > 0 || isNaN(x) ? x : 0}) as {@code Math.max(x, 0f)}, which is the same for every x (NaN
     * passes through, -0 gives +0) and has no branch: with half the inputs negative, the branchy form
     * mispredicts every other element (about 10x slower on random data).
     */
    static void relu(float[] x, float[] out, int from, int n) {
        for (int i = from, to = from + n; i < to; i++) {
            out[i] = Math.max(x[i], 0f);
        }
    }
}

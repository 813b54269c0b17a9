package org.grad4j.cpu;

import org.grad4j.spi.BinaryOp;

/**
 * {@link SameIndexLoops} for float64. The float32 class is generated from this 64-bit source (see
 * package-info); + - * / and fma round to the dtype, so the float32 loops are exact in float32.
 */
final class SameIndexLoopsF64 {
    private SameIndexLoopsF64() {
    }

    /** {@code out[i] = x[i] op y[i]} for i in [from, from + n). */
    static boolean binary(BinaryOp op, double[] x, double[] y, double[] out, int from, int n) {
        int to = from + n;
        switch (op) {
            case ADD -> {
                for (int i = from; i < to; i++) {
                    out[i] = x[i] + y[i];
                }
            }
            case SUB -> {
                for (int i = from; i < to; i++) {
                    out[i] = x[i] - y[i];
                }
            }
            case MUL -> {
                for (int i = from; i < to; i++) {
                    out[i] = x[i] * y[i];
                }
            }
            case DIV -> {
                for (int i = from; i < to; i++) {
                    out[i] = x[i] / y[i];
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** {@code out[i] = x[i] op s} for i in [from, from + n). */
    static boolean scalar(BinaryOp op, double[] x, double s, double[] out, int from, int n) {
        int to = from + n;
        switch (op) {
            case ADD -> {
                for (int i = from; i < to; i++) {
                    out[i] = x[i] + s;
                }
            }
            case SUB -> {
                for (int i = from; i < to; i++) {
                    out[i] = x[i] - s;
                }
            }
            case MUL -> {
                for (int i = from; i < to; i++) {
                    out[i] = x[i] * s;
                }
            }
            case DIV -> {
                for (int i = from; i < to; i++) {
                    out[i] = x[i] / s;
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** {@code y[i] = fma(alpha, x[i], y[i])} for i in [from, from + n). */
    static void axpy(double alpha, double[] x, double[] y, int from, int n) {
        for (int i = from, to = from + n; i < to; i++) {
            y[i] = Math.fma(alpha, x[i], y[i]);
        }
    }
}

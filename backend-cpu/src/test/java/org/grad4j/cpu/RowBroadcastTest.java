package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.junit.jupiter.api.Test;

/**
 * The flat loop for a contiguous float32 tensor and a broadcast row ({@code [rows, n] + [n]}, CpuBackend's
 * rowBroadcast) against per-element float arithmetic, bit for bit: row lengths below, at and above one
 * vector, odd lengths whose vectors cross a row's end, totals split across the worker threads, the row as
 * either operand, views at an offset, and special values (NaN, infinities, signed zeros).
 */
class RowBroadcastTest {
    private static final float[] SPECIAL = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
        Float.MIN_VALUE, Float.MAX_VALUE, 1e-40f};

    private static float[] values(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(16) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : (float) r.nextGaussian();
        }
        return v;
    }

    private static float apply(String op, float a, float b) {
        return switch (op) {
            case "add" -> a + b;
            case "sub" -> a - b;
            case "mul" -> a * b;
            default -> a / b;
        };
    }

    private static Tensor apply(String op, Tensor a, Tensor b) {
        return switch (op) {
            case "add" -> a.add(b);
            case "sub" -> a.sub(b);
            case "mul" -> a.mul(b);
            default -> a.div(b);
        };
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(what + ": element " + i + " expected " + expected[i] + " got " + actual[i]);
            }
        }
    }

    /** Every op, both operand orders, for {@code [rows, n]} and a row of {@code n} taken at an offset. */
    private static void check(Random r, int rows, int n) {
        float[] xv = values(r, 3 + rows * n);
        float[] bv = values(r, n + 5);
        // views at an offset: x is contiguous from element 3, the row from element 5
        Tensor x = Tensor.of(xv, 3 + rows * n).narrow(0, 3, rows * n).reshape(rows, n);
        Tensor b = Tensor.of(bv, n + 5).narrow(0, 5, n);
        for (String op : new String[] {"add", "sub", "mul", "div"}) {
            float[] e = new float[rows * n];
            float[] eFirst = new float[rows * n];
            for (int i = 0; i < rows * n; i++) {
                e[i] = apply(op, xv[3 + i], bv[5 + i % n]);
                eFirst[i] = apply(op, bv[5 + i % n], xv[3 + i]);
            }
            String what = op + " [" + rows + ", " + n + "]";
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                assertBits(e, apply(op, x, b).toFloatArray(), what);
                assertBits(eFirst, apply(op, b, x).toFloatArray(), what + ", row first");
            }
        }
    }

    @Test
    void shortAndOddRows() {
        Random r = new Random(1);
        for (int n = 2; n <= 40; n++) {
            check(r, 7, n);
        }
        check(r, 300, 17);
        check(r, 100, 1000);
    }

    @Test
    void splitAcrossThreads() {
        assertTrue(Workers.PARALLEL_MIN < 300 * 1024);
        Random r = new Random(2);
        check(r, 300, 1024);
        check(r, 5000, 31);
        check(r, Workers.PARALLEL_MIN / 61 + 3, 61);
    }

    /** A row repeated over two outer dims, {@code [2, 3, n] + [n]} and {@code [4, 3, n] + [3, n]} (a 3n row). */
    @Test
    void higherRank() {
        Random r = new Random(3);
        int n = 23;
        float[] xv = values(r, 4 * 3 * n);
        float[] bv = values(r, 3 * n);
        Tensor x = Tensor.of(xv, 4, 3, n);
        float[] e1 = new float[xv.length];
        float[] e2 = new float[xv.length];
        for (int i = 0; i < xv.length; i++) {
            e1[i] = xv[i] + bv[i % n];
            e2[i] = xv[i] * bv[i % (3 * n)];
        }
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            assertBits(e1, x.add(Tensor.of(java.util.Arrays.copyOf(bv, n), n)).toFloatArray(), "[4, 3, n] + [n]");
            assertBits(e1, x.add(Tensor.of(java.util.Arrays.copyOf(bv, n), 1, 1, n)).toFloatArray(), "[4, 3, n] + [1, 1, n]");
            assertBits(e2, x.mul(Tensor.of(bv, 3, n)).toFloatArray(), "[4, 3, n] * [3, n]");
        }
    }
}

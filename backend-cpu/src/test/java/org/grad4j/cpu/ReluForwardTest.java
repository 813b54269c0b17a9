package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.grad4j.spi.UnaryOp;
import org.junit.jupiter.api.Test;

/**
 * relu's forward loops give PyTorch's select {@code x < 0 ? 0 : x} bit for bit: -0.0 and NaN stay, every negative
 * (subnormals and -inf included) gives +0.0, in the branch-free form C2 vectorises (relu has no Vector API lanes).
 */
class ReluForwardTest {
    private static final float[] FLOATS = {0f, -0f, Float.NaN, Float.intBitsToFloat(0xffc00001),
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, 2 * Float.MIN_VALUE,
        -2 * Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, Math.nextDown(Float.MIN_NORMAL),
        -Math.nextDown(Float.MIN_NORMAL), Float.MAX_VALUE, -Float.MAX_VALUE, 1.5f, -2.5f, 0x1p-126f, -0x1p-100f};
    private static final double[] DOUBLES = {0.0, -0.0, Double.NaN, Double.longBitsToDouble(0xfff8000000000001L),
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, 2 * Double.MIN_VALUE,
        -2 * Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL),
        -Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, -Double.MAX_VALUE, 1.5, -2.5, 0x1p-1022, -0x1p-600};

    private static float select(float x) {
        return x < 0f ? 0f : x;
    }

    private static double select(double x) {
        return x < 0.0 ? 0.0 : x;
    }

    private static void assertSame(float want, float got, String what) {
        if (Float.isNaN(want)) {
            assertEquals(true, Float.isNaN(got), what + ": NaN expected, got " + got);
        } else {
            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got), what + ": expected " + want + ", got " + got);
        }
    }

    private static void assertSame(double want, double got, String what) {
        if (Double.isNaN(want)) {
            assertEquals(true, Double.isNaN(got), what + ": NaN expected, got " + got);
        } else {
            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got), what + ": expected " + want + ", got " + got);
        }
    }

    private static float[] floats() {
        Random r = new Random(11);
        float[] x = new float[1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < FLOATS.length ? FLOATS[i] : i % 7 == 0 ? -0f : (float) r.nextGaussian();
        }
        return x;
    }

    private static double[] doubles() {
        Random r = new Random(12);
        double[] x = new double[1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < DOUBLES.length ? DOUBLES[i] : i % 7 == 0 ? -0.0 : r.nextGaussian();
        }
        return x;
    }

    @Test
    void scalarFormIsTheSelect() {
        for (float x : FLOATS) {
            assertSame(select(x), SameIndexLoops.relu(x), "relu(" + x + ")");
            assertSame(select(x), (float) UnaryOp.RELU.apply(x), "UnaryOp.RELU(" + x + ")");
        }
        for (double x : DOUBLES) {
            assertSame(select(x), SameIndexLoops.relu(x), "relu(" + x + ")");
            assertSame(select(x), UnaryOp.RELU.apply(x), "UnaryOp.RELU(" + x + ")");
        }
        float[] xf = floats();
        float[] of = new float[xf.length];
        SameIndexLoops.relu(xf, of, 0, xf.length);
        for (int i = 0; i < xf.length; i++) {
            assertSame(select(xf[i]), of[i], "float loop at " + i);
        }
        double[] xd = doubles();
        double[] od = new double[xd.length];
        SameIndexLoops.relu(xd, od, 0, xd.length);
        for (int i = 0; i < xd.length; i++) {
            assertSame(select(xd[i]), od[i], "double loop at " + i);
        }
    }
}

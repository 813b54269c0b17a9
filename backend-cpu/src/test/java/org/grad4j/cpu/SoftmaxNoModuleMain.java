package org.grad4j.cpu;

import java.util.Random;

/**
 * Run by {@link SoftmaxKernelsTest} in a JVM started without {@code --add-modules jdk.incubator.vector}:
 * prints {@code vector=<bool>} and the {@link #checksum} of softmax rows, which the test compares with
 * the same rows computed on Vector API lanes.
 */
public final class SoftmaxNoModuleMain {
    private SoftmaxNoModuleMain() {
    }

    public static void main(String[] args) {
        System.out.println("vector=" + SoftmaxKernels.vector);
        System.out.println("checksum=" + checksum());
    }

    /** Row lengths around the 16- and 8-lane boundaries. */
    static final int[] LENGTHS = {1, 2, 7, 8, 9, 15, 16, 17, 31, 33, 100, 1000, 1031};

    /**
     * A hash of the bits of softmax and log_softmax rows and of both backward rows, float32 and float64, on
     * seeded data spanning exp's range (with offsets, so rows start off any alignment).
     */
    static long checksum() {
        Random r = new Random(42);
        long h = 17;
        for (int n : LENGTHS) {
            for (boolean log : new boolean[] {false, true}) {
                int off = r.nextInt(5);
                float[] xf = new float[n + off];
                double[] xd = new double[n + off];
                float[] gf = new float[n + off];
                double[] gd = new double[n + off];
                double scale = r.nextInt(3) == 0 ? 40 : 3;
                for (int i = 0; i < n + off; i++) {
                    xd[i] = r.nextGaussian() * scale;
                    xf[i] = (float) xd[i];
                    gd[i] = r.nextGaussian();
                    gf[i] = (float) gd[i];
                }
                float[] of = new float[n + 3];
                double[] od = new double[n + 3];
                SoftmaxKernels.rowF(xf, off, of, 3, n, log);
                SoftmaxKernels.rowD(xd, off, od, 3, n, log);
                float[] bf = new float[n + 1];
                double[] bd = new double[n + 1];
                SoftmaxKernels.gradRowF(gf, off, of, 3, bf, 1, n, log);
                SoftmaxKernels.gradRowD(gd, off, od, 3, bd, 1, n, log);
                for (int i = 0; i < n; i++) {
                    h = h * 31 + Float.floatToRawIntBits(of[3 + i]);
                    h = h * 31 + Double.doubleToRawLongBits(od[3 + i]);
                    h = h * 31 + Float.floatToRawIntBits(bf[1 + i]);
                    h = h * 31 + Double.doubleToRawLongBits(bd[1 + i]);
                }
            }
        }
        return h;
    }
}

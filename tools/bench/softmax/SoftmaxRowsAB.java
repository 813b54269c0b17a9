package org.grad4j.cpu;

import java.util.Arrays;
import java.util.Random;

import jdk.incubator.vector.FloatVector;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/**
 * softmax2's A/B: the softmax rows before (exponentials stored, then the scalar PyTorch-order sum) and after (one
 * pass, the sum on lanes) in one JVM, interleaved, single thread, median of many reps; then the Tensor-level rows
 * (all workers) after. Run by tools/bench/softmax/softmax_rows_ab.sh, with or without the Vector API module.
 */
public final class SoftmaxRowsAB {
    private SoftmaxRowsAB() {
    }

    // ---------------------------------------------------------------- the kernels as they were (25ffa2d)

    static void oldRowF(float[] x, int xi, float[] o, int oi, int n, boolean log, float[] scratch) {
        boolean lanes = SoftmaxKernels.vector && n >= 16;
        float max = lanes ? OldLanes.max(x, xi, n) : plainMax(x, xi, n);
        float[] e = scratch == null ? o : scratch;
        int ei = scratch == null ? oi : 0;
        if (lanes) {
            OldLanes.expInto(x, xi, max, e, ei, n);
        } else {
            for (int i = 0; i < n; i++) {
                e[ei + i] = FastMath.exp(x[xi + i] - max);
            }
        }
        float sum = SoftmaxKernels.torchSum(e, ei, n);
        if (log) {
            float logSum = org.grad4j.spi.VectorLibm.log(sum);
            if (lanes) {
                VectorSoftmax.shiftLog(x, xi, max, logSum, o, oi, n);
            } else {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = (x[xi + i] - max) - logSum;
                }
            }
            return;
        }
        float inv = 1f / sum;
        if (e != o) {
            System.arraycopy(e, ei, o, oi, n);
        }
        if (lanes) {
            VectorSoftmax.scale(o, oi, inv, n);
        } else {
            for (int i = 0; i < n; i++) {
                o[oi + i] = o[oi + i] * inv;
            }
        }
    }

    static void oldGradRowF(float[] g, int gi, float[] y, int yi, float[] gx, int oi, int n, boolean log) {
        boolean lanes = SoftmaxKernels.vector && n >= 16;
        if (log) {
            float sum = SoftmaxKernels.torchSum(g, gi, n);
            if (lanes) {
                VectorSoftmax.logSoftmaxGrad(g, gi, y, yi, sum, gx, oi, n);
            } else {
                for (int i = 0; i < n; i++) {
                    gx[oi + i] = Math.fma(-FastMath.exp(y[yi + i]), sum, g[gi + i]);
                }
            }
            return;
        }
        float dot = SoftmaxKernels.torchDot(g, gi, y, yi, n);
        if (lanes) {
            VectorSoftmax.softmaxGrad(g, gi, y, yi, dot, gx, oi, n);
        } else {
            for (int i = 0; i < n; i++) {
                gx[oi + i] = y[yi + i] * (g[gi + i] - dot);
            }
        }
    }

    private static float plainMax(float[] x, int xi, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, x[xi + i]);
        }
        return m;
    }

    /** Loaded only with the module. */
    static final class OldLanes {
        static float max(float[] x, int xi, int n) {
            int vn = n & -16;
            float m = Float.NEGATIVE_INFINITY;
            if (vn > 0) {
                FloatVector v = FloatVector.fromArray(VectorSoftmax.F, x, xi);
                for (int i = 16; i < vn; i += 16) {
                    v = v.max(FloatVector.fromArray(VectorSoftmax.F, x, xi + i));
                }
                m = v.reduceLanes(jdk.incubator.vector.VectorOperators.MAX);
            }
            for (int i = vn; i < n; i++) {
                m = Math.max(m, x[xi + i]);
            }
            return m;
        }

        static void expInto(float[] x, int xi, float max, float[] o, int oi, int n) {
            int vn = n & -16;
            for (int i = 0; i < vn; i += 16) {
                VectorSoftmax.exp(FloatVector.fromArray(VectorSoftmax.F, x, xi + i).sub(max)).intoArray(o, oi + i);
            }
            for (int i = vn; i < n; i++) {
                o[oi + i] = FastMath.exp(x[xi + i] - max);
            }
        }
    }

    // ---------------------------------------------------------------- harness

    interface Rows {
        void run();
    }

    static long time(Rows r) {
        long t = System.nanoTime();
        r.run();
        return System.nanoTime() - t;
    }

    static double median(long[] a) {
        long[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    static void ab(String name, Rows before, Rows after, int reps) {
        for (int i = 0; i < reps / 3; i++) {   // warm-up, both compiled
            before.run();
            after.run();
        }
        long[] b = new long[reps];
        long[] a = new long[reps];
        double[] ratio = new double[reps];
        for (int i = 0; i < reps; i++) {
            if (i % 2 == 0) {
                b[i] = time(before);
                a[i] = time(after);
            } else {
                a[i] = time(after);
                b[i] = time(before);
            }
            ratio[i] = (double) a[i] / b[i];
        }
        Arrays.sort(ratio);
        long bytes = allocated(after);
        System.out.printf("%-44s before %7.0f us (min %6.0f)  after %7.0f us (min %6.0f)  after/before median %.3f"
                + " [q1 %.3f, q3 %.3f]; after allocates %d B%n", name, median(b) / 1e3, min(b) / 1e3, median(a) / 1e3,
                min(a) / 1e3, ratio[reps / 2], ratio[reps / 4], ratio[3 * reps / 4], bytes);
    }

    static double min(long[] a) {
        return Arrays.stream(a).min().getAsLong();
    }

    /** Bytes this thread allocates in one run of {@code r}. */
    static long allocated(Rows r) {
        com.sun.management.ThreadMXBean m = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
                .getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = m.getThreadAllocatedBytes(id);
        r.run();
        return m.getThreadAllocatedBytes(id) - before;
    }

    static void one(String name, Rows r, int reps) {
        for (int i = 0; i < reps / 3; i++) {
            r.run();
        }
        long[] t = new long[reps];
        for (int i = 0; i < reps; i++) {
            t[i] = time(r);
        }
        System.out.printf("%-44s %8.0f us (median of %d)%n", name, median(t) / 1e3, reps);
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        boolean lanes = VectorProbe.SHARED.result().lanes();   // waits; the answer sets the switch
        if (SoftmaxKernels.vector != lanes) {
            throw new AssertionError("probe answered, switch not set");
        }
        System.out.println("vector lanes: " + SoftmaxKernels.vector + ", one thread for the kernel rows");
        Random r = new Random(1);
        int rows = 4096;
        for (int n : new int[] {1024, 1000}) {
            float[] x = new float[rows * n];
            float[] g = new float[rows * n];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextGaussian() * 3);
                g[i] = (float) r.nextGaussian();
            }
            float[] ob = new float[x.length];
            float[] oa = new float[x.length];
            float[] gb = new float[x.length];
            float[] ga = new float[x.length];
            for (boolean log : new boolean[] {false, true}) {
                String op = log ? "log_softmax" : "softmax";
                ab(op + " forward [4096," + n + "] f32", () -> {
                    for (int i = 0; i < rows; i++) {
                        oldRowF(x, i * n, ob, i * n, n, log, null);
                    }
                }, () -> {
                    for (int i = 0; i < rows; i++) {
                        SoftmaxKernels.rowF(x, i * n, oa, i * n, n, log);
                    }
                }, reps);
                check(op + " forward", ob, oa);
                ab(op + " backward [4096," + n + "] f32", () -> {
                    for (int i = 0; i < rows; i++) {
                        oldGradRowF(g, i * n, oa, i * n, gb, i * n, n, log);
                    }
                }, () -> {
                    for (int i = 0; i < rows; i++) {
                        SoftmaxKernels.gradRowF(g, i * n, oa, i * n, ga, i * n, n, log);
                    }
                }, reps);
                check(op + " backward", gb, ga);
            }
        }
        if (lanes && System.getProperty("floor") != null) {   // no sum at all: what the exp and scale passes cost
            float[] x = new float[rows * 1024];
            float[] o = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextGaussian() * 3);
            }
            ab("softmax forward [4096,1024]: after vs no sum", () -> {
                for (int i = 0; i < rows; i++) {
                    int p = i * 1024;
                    float max = OldLanes.max(x, p, 1024);
                    OldLanes.expInto(x, p, max, o, p, 1024);
                    VectorSoftmax.scale(o, p, 0.5f, 1024);
                }
            }, () -> {
                for (int i = 0; i < rows; i++) {
                    SoftmaxKernels.rowF(x, i * 1024, o, i * 1024, 1024, false);
                }
            }, reps);
            return;
        }
        if (lanes) {   // non-last dim: the columns' exp scalar (before) or on lanes (after), same bits
            Tensor c = Tensor.randn(32, 64, 32, 32);
            for (boolean log : new boolean[] {false, true}) {
                ab((log ? "log_softmax" : "softmax") + " dim 1 [32,64,32,32] f32, columns", () -> {
                    SoftmaxKernels.vector = false;
                    Tensor y = log ? c.logSoftmax(1) : c.softmax(1);
                }, () -> {
                    SoftmaxKernels.vector = true;
                    Tensor y = log ? c.logSoftmax(1) : c.softmax(1);
                }, reps);
            }
            SoftmaxKernels.vector = true;
        }
        Tensor x = Tensor.randn(4096, 1024);
        one("Tensor softmax(1) [4096,1024] f32, all workers", () -> x.softmax(1), reps);
        Tensor logits = Tensor.randn(4096, 1000);
        long[] t = new long[4096];
        for (int i = 0; i < t.length; i++) {
            t[i] = r.nextInt(1000);
        }
        Tensor target = Tensor.tensor(t);
        one("Tensor cross_entropy fwd+bwd [4096,1000] f32", () -> {
            Tensor w = logits.detach().requiresGrad_(true);
            Tensor loss = Functional.crossEntropy(w, target);
            loss.backward();
        }, reps);
    }

    private static void check(String what, float[] before, float[] after) {
        for (int i = 0; i < before.length; i++) {
            if (Float.floatToRawIntBits(before[i]) != Float.floatToRawIntBits(after[i])) {
                throw new AssertionError(what + ": bits differ at " + i + ": " + before[i] + " vs " + after[i]);
            }
        }
    }
}

package org.grad4j.cpu;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;

/**
 * GFLOP/s of VectorGemm (all threads, and one thread) against EJML (single- and multi-threaded)
 * in the same JVM. Not a unit test. Run (after {@code mvn -pl backend-cpu -am verify}) with
 * <pre>
 * java --add-modules jdk.incubator.vector -cp backend-cpu/target/classes:backend-cpu/target/test-classes:EJML_JARS \
 *      org.grad4j.cpu.VectorGemmBench [f64|f32|both] [runs] [vector]
 * </pre>
 * A third argument {@code vector} skips the EJML columns (printed as NaN) for quicker tuning runs.
 */
public final class VectorGemmBench {
    private VectorGemmBench() {
    }

    private record Shape(String name, boolean ta, boolean tb, int m, int n, int k) {
    }

    private static final Shape[] SHAPES = {
        new Shape("square 256", false, false, 256, 256, 256),
        new Shape("square 512", false, false, 512, 512, 512),
        new Shape("square 1024", false, false, 1024, 1024, 1024),
        new Shape("fwd  X*W^T  256x1024x1024", false, true, 256, 1024, 1024),
        new Shape("bwd dY*W    256x1024x1024", false, false, 256, 1024, 1024),
        new Shape("bwd dY^T*X 1024x1024x256", true, false, 1024, 1024, 256),
    };

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** Median seconds of {@code runs} timed runs after warm-up (at least 3 runs and 1 s of warm-up). */
    private static double time(Runnable r, int runs) {
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        // at least 1 s (capped at 5000 calls): a cap of 50 calls left small shapes measured while
        // C2 was still compiling the kernel (f32 square 256 read 77-164 instead of ~200+)
        for (int i = 0; i < 3 || System.nanoTime() < warmEnd; i++) {
            r.run();
            if (i > 5000) {
                break;
            }
        }
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) * 1e-9;
        }
        return median(t);
    }

    /** Whether to skip the (slow) EJML columns. */
    private static boolean vectorOnly;

    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "both";
        vectorOnly = args.length > 2 && args[2].equals("vector");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        System.out.printf(Locale.ROOT, "java %s (%s), vector available=%s, species f64 %d lanes, f32 %d lanes, "
                        + "threads=%d, cores=%d%n", System.getProperty("java.version"), System.getProperty("java.vm.name"),
                VectorGemm.isAvailable(), VectorGemm.isAvailable() ? VectorGemmKernel.D_L : 0,
                VectorGemm.isAvailable() ? VectorGemmKernel.F_L : 0,
                VectorGemm.isAvailable() ? VectorGemmKernel.THREADS : 1, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-4s %-28s %10s %10s %10s %10s   (GFLOP/s, median of %d)%n",
                "type", "shape", "vector", "vector-1T", "ejml", "ejml-MT", runs);
        if (!which.equals("f32")) {
            for (Shape s : SHAPES) {
                runDouble(s, runs);
            }
        }
        if (!which.equals("f64")) {
            for (Shape s : SHAPES) {
                runFloat(s, runs);
            }
        }
    }

    private static DMatrixRMaj randomD(int rows, int cols, SplittableRandom r) {
        DMatrixRMaj x = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = r.nextDouble(-1, 1);
        }
        return x;
    }

    private static FMatrixRMaj randomF(int rows, int cols, SplittableRandom r) {
        FMatrixRMaj x = new FMatrixRMaj(rows, cols);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }

    private static void report(String type, Shape s, double tv, double tv1, double te, double tem) {
        double flops = 2.0 * s.m * s.n * s.k * 1e-9;
        System.out.printf(Locale.ROOT, "%-4s %-28s %10.1f %10.1f %10.1f %10.1f%n", type, s.name,
                flops / tv, tv1 > 0 ? flops / tv1 : Double.NaN, te > 0 ? flops / te : Double.NaN,
                tem > 0 ? flops / tem : Double.NaN);
    }

    private static void runDouble(Shape s, int runs) {
        SplittableRandom r = new SplittableRandom(1);
        DMatrixRMaj a = s.ta ? randomD(s.k, s.m, r) : randomD(s.m, s.k, r);
        DMatrixRMaj b = s.tb ? randomD(s.n, s.k, r) : randomD(s.k, s.n, r);
        DMatrixRMaj c = new DMatrixRMaj(s.m, s.n);
        int lda = a.numCols;
        int ldb = b.numCols;
        double tv = time(() -> VectorGemm.gemm(s.ta, s.tb, s.m, s.n, s.k, 1.0, a.data, 0, lda, b.data, 0, ldb,
                0.0, c.data, 0, s.n), runs);
        double tv1 = VectorGemm.isAvailable()
                ? time(() -> VectorGemmKernel.gemmBlock(s.ta, s.tb, s.m, s.n, s.k, 1.0, a.data, 0, lda, b.data, 0,
                ldb, 0.0, c.data, 0, s.n), runs) : -1;
        if (vectorOnly) {
            report("f64", s, tv, tv1, Double.NaN, Double.NaN);
            return;
        }
        double te = time(() -> {
            if (s.ta) {
                CommonOps_DDRM.multTransA(a, b, c);
            } else if (s.tb) {
                CommonOps_DDRM.multTransB(a, b, c);
            } else {
                CommonOps_DDRM.mult(a, b, c);
            }
        }, Math.min(runs, 5));
        double tem = time(() -> {
            if (s.ta) {
                CommonOps_MT_DDRM.multTransA(a, b, c);
            } else if (s.tb) {
                CommonOps_MT_DDRM.multTransB(a, b, c);
            } else {
                CommonOps_MT_DDRM.mult(a, b, c);
            }
        }, Math.min(runs, 5));
        report("f64", s, tv, tv1, te, tem);
    }

    private static void runFloat(Shape s, int runs) {
        SplittableRandom r = new SplittableRandom(1);
        FMatrixRMaj a = s.ta ? randomF(s.k, s.m, r) : randomF(s.m, s.k, r);
        FMatrixRMaj b = s.tb ? randomF(s.n, s.k, r) : randomF(s.k, s.n, r);
        FMatrixRMaj c = new FMatrixRMaj(s.m, s.n);
        int lda = a.numCols;
        int ldb = b.numCols;
        double tv = time(() -> VectorGemm.gemm(s.ta, s.tb, s.m, s.n, s.k, 1.0f, a.data, 0, lda, b.data, 0, ldb,
                0.0f, c.data, 0, s.n), runs);
        double tv1 = VectorGemm.isAvailable()
                ? time(() -> VectorGemmKernel.gemmBlock(s.ta, s.tb, s.m, s.n, s.k, 1.0f, a.data, 0, lda, b.data, 0,
                ldb, 0.0f, c.data, 0, s.n), runs) : -1;
        if (vectorOnly) {
            report("f32", s, tv, tv1, Double.NaN, Double.NaN);
            return;
        }
        double te = time(() -> {
            if (s.ta) {
                CommonOps_FDRM.multTransA(a, b, c);
            } else if (s.tb) {
                CommonOps_FDRM.multTransB(a, b, c);
            } else {
                CommonOps_FDRM.mult(a, b, c);
            }
        }, Math.min(runs, 5));
        double tem = time(() -> {
            if (s.ta) {
                CommonOps_MT_FDRM.multTransA(a, b, c);
            } else if (s.tb) {
                CommonOps_MT_FDRM.multTransB(a, b, c);
            } else {
                CommonOps_MT_FDRM.mult(a, b, c);
            }
        }, Math.min(runs, 5));
        report("f32", s, tv, tv1, te, tem);
    }
}

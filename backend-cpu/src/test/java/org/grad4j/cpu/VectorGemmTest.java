package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * VectorGemm against a naive triple loop accumulated in double. Surefire runs this class with
 * {@code --add-modules jdk.incubator.vector}, so the SIMD kernel is exercised; one test forks a
 * JVM without the module.
 */
class VectorGemmTest {

    /** One problem: op(A) m x k, op(B) k x n, with storage padding and offsets. */
    private record Case(boolean ta, boolean tb, int m, int n, int k, double alpha, double beta,
                        int aOff, int padA, int bOff, int padB, int cOff, int padC) {
        int aRows() {
            return ta ? k : m;
        }

        int aCols() {
            return ta ? m : k;
        }

        int bRows() {
            return tb ? n : k;
        }

        int bCols() {
            return tb ? k : n;
        }

        int lda() {
            return aCols() + padA;
        }

        int ldb() {
            return bCols() + padB;
        }

        int ldc() {
            return n + padC;
        }

        int aLen() {
            return aOff + aRows() * lda() + 3;
        }

        int bLen() {
            return bOff + bRows() * ldb() + 3;
        }

        int cLen() {
            return cOff + m * ldc() + 3;
        }

        double a(double[] a, int i, int p) {
            return ta ? a[aOff + p * lda() + i] : a[aOff + i * lda() + p];
        }

        double b(double[] b, int p, int j) {
            return tb ? b[bOff + j * ldb() + p] : b[bOff + p * ldb() + j];
        }
    }

    /** Which entry point a check goes through. */
    private enum Route {
        /** The public facade (small sizes go to scalar loops). */
        FACADE,
        /** The SIMD kernel, even for tiny sizes, possibly multi-threaded. */
        KERNEL,
        /** The SIMD kernel on the calling thread only. */
        BLOCK,
        /** The scalar loops, whatever the size. */
        SCALAR
    }

    private static double[] random(SplittableRandom r, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            x[i] = r.nextDouble(-1, 1);
        }
        return x;
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    /**
     * Runs one case in float64 and in float32 and compares every element of C (and the untouched
     * padding around it) with the reference. Error bound per element: a multiple of
     * (k + 2) * eps * (|alpha| * sum |a||b| + |beta * c0|).
     */
    private static void check(Case t, Route path, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] c0raw = random(r, t.cLen());
        if (t.beta == 0) {
            Arrays.fill(c0raw, Double.NaN); // must be ignored inside C, and kept outside
        }
        // float64 inputs are the float32 values widened, so one reference serves both dtypes
        float[] fa = toFloat(random(r, t.aLen()));
        float[] fb = toFloat(random(r, t.bLen()));
        float[] fc0 = toFloat(c0raw);
        double[] a = toDouble(fa);
        double[] b = toDouble(fb);
        double[] c0 = toDouble(fc0);
        double alpha = (float) t.alpha;
        double beta = (float) t.beta;

        double[] ref = new double[t.m * t.n];
        double[] mag = new double[t.m * t.n];
        for (int i = 0; i < t.m; i++) {
            for (int j = 0; j < t.n; j++) {
                double s = 0;
                double abs = 0;
                for (int p = 0; p < t.k; p++) {
                    double prod = t.a(a, i, p) * t.b(b, p, j);
                    s += prod;
                    abs += Math.abs(prod);
                }
                double old = c0[t.cOff + i * t.ldc() + j];
                double scaled = beta == 0 ? 0 : beta * old;
                ref[i * t.n + j] = alpha * s + scaled;
                mag[i * t.n + j] = Math.abs(alpha) * abs + Math.abs(scaled);
            }
        }

        double[] c = c0.clone();
        float[] fc = fc0.clone();
        switch (path) {
            case FACADE -> {
                VectorGemm.gemm(t.ta, t.tb, t.m, t.n, t.k, alpha, a, t.aOff, t.lda(), b, t.bOff, t.ldb(),
                        beta, c, t.cOff, t.ldc());
                VectorGemm.gemm(t.ta, t.tb, t.m, t.n, t.k, (float) alpha, fa, t.aOff, t.lda(), fb, t.bOff,
                        t.ldb(), (float) beta, fc, t.cOff, t.ldc());
            }
            case KERNEL -> {
                VectorGemmKernel.gemm(t.ta, t.tb, t.m, t.n, t.k, alpha, a, t.aOff, t.lda(), b, t.bOff,
                        t.ldb(), beta, c, t.cOff, t.ldc());
                VectorGemmKernel.gemm(t.ta, t.tb, t.m, t.n, t.k, (float) alpha, fa, t.aOff, t.lda(), fb,
                        t.bOff, t.ldb(), (float) beta, fc, t.cOff, t.ldc());
            }
            case BLOCK -> {
                VectorGemmKernel.gemmBlock(t.ta, t.tb, t.m, t.n, t.k, alpha, a, t.aOff, t.lda(), b, t.bOff,
                        t.ldb(), beta, c, t.cOff, t.ldc());
                VectorGemmKernel.gemmBlock(t.ta, t.tb, t.m, t.n, t.k, (float) alpha, fa, t.aOff, t.lda(), fb,
                        t.bOff, t.ldb(), (float) beta, fc, t.cOff, t.ldc());
            }
            case SCALAR -> {
                VectorGemm.scalar(t.ta, t.tb, t.m, t.n, t.k, alpha, a, t.aOff, t.lda(), b, t.bOff, t.ldb(),
                        beta, c, t.cOff, t.ldc());
                VectorGemm.scalar(t.ta, t.tb, t.m, t.n, t.k, (float) alpha, fa, t.aOff, t.lda(), fb, t.bOff,
                        t.ldb(), (float) beta, fc, t.cOff, t.ldc());
            }
            default -> throw new AssertionError(path);
        }

        double epsD = Math.ulp(1.0);
        double epsF = Math.ulp(1.0f);
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - t.cOff;
            int i = rel >= 0 ? rel / t.ldc() : -1;
            int j = rel >= 0 ? rel % t.ldc() : -1;
            boolean inside = i >= 0 && i < t.m && j < t.n;
            if (!inside) {
                final int at = idx;
                assertEquals(Double.doubleToRawLongBits(c0[idx]), Double.doubleToRawLongBits(c[idx]),
                        () -> t + " " + path + ": f64 wrote outside C at " + at);
                assertEquals(Float.floatToRawIntBits(fc0[idx]), Float.floatToRawIntBits(fc[idx]),
                        () -> t + " " + path + ": f32 wrote outside C at " + at);
                continue;
            }
            double want = ref[i * t.n + j];
            double scale = mag[i * t.n + j] + Double.MIN_NORMAL;
            double errD = Math.abs(c[idx] - want);
            double errF = Math.abs(fc[idx] - want);
            // (k + 2) rounding steps, each at most eps relative to the running magnitude
            double boundD = 2 * (t.k + 2) * epsD * scale;
            double boundF = 2 * (t.k + 2) * epsF * scale + Float.MIN_NORMAL;
            if (!(errD <= boundD) || !(errF <= boundF)) {
                fail(t + " " + path + " at (" + i + "," + j + "): want " + want + " f64 " + c[idx] + " (err "
                        + errD + " > " + boundD + "?) f32 " + fc[idx] + " (err " + errF + " > " + boundF + "?)");
            }
        }
    }

    private static final int[] SIZES = {1, 2, 5, 6, 7, 8, 13, 16, 17, 31, 32, 33, 48, 65};

    /** Tests that call the kernel itself need the module (a trimmed runtime, e.g. the GPU machine's, may lack it). */
    private static void requireKernel() {
        Assumptions.assumeTrue(VectorGemm.isAvailable(), "this JVM runs without jdk.incubator.vector");
    }

    @Test
    void kernelIsAvailableWhereverTheModuleIs() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (System.getProperty("surefire.test.class.path") != null) {
            assertTrue(module, "surefire's argLine must add jdk.incubator.vector");
        }
        Assumptions.assumeTrue(module, "this JVM runs without jdk.incubator.vector");
        assertTrue(VectorGemm.isAvailable(), "VectorGemm should be available with --add-modules jdk.incubator.vector");
        assertTrue(VectorGemmKernel.selfTest());
    }

    @Test
    void smallSizesAllTransposesThroughEveryPath() {
        requireKernel();
        SplittableRandom r = new SplittableRandom(1);
        int count = 0;
        for (int m : SIZES) {
            for (int n : SIZES) {
                int k = SIZES[r.nextInt(SIZES.length)];
                boolean ta = r.nextBoolean();
                boolean tb = r.nextBoolean();
                Case t = new Case(ta, tb, m, n, k, 1.0, 0.0, 0, 0, 0, 0, 0, 0);
                for (Route p : Route.values()) {
                    check(t, p, count++);
                }
            }
        }
    }

    @Test
    void transposesOffsetsLeadingDimsAlphaBeta() {
        requireKernel();
        double[][] alphaBeta = {{1, 0}, {1, 1}, {-0.5, 2}, {2.5, -1}, {1, 0.5}};
        int[][] shapes = {{7, 33, 5}, {33, 7, 257}, {13, 40, 300}, {1, 65, 17}, {65, 1, 9}, {50, 50, 1}};
        long seed = 100;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (double[] ab : alphaBeta) {
                    for (int[] s : shapes) {
                        Case t = new Case(ta, tb, s[0], s[1], s[2], ab[0], ab[1],
                                (int) (seed % 5), (int) (seed % 3), (int) (seed % 7), (int) (seed % 4) + 1,
                                (int) (seed % 6), (int) (seed % 2) * 3);
                        for (Route p : Route.values()) {
                            check(t, p, seed++);
                        }
                    }
                }
            }
        }
    }

    @Test
    void largerThanCacheBlocksAndMultiThreaded() {
        // crosses KC (k > 256), MC (m > 144), edge tiles in m and n, and is big enough to be split
        int[][] shapes = {{257, 300, 513}, {150, 1031, 260}, {33, 257, 1030}};
        long seed = 7;
        for (int[] s : shapes) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    Case t = new Case(ta, tb, s[0], s[1], s[2], 0.75, seed % 2 == 0 ? 0.0 : 1.25,
                            3, 2, 1, 5, 4, 1);
                    check(t, Route.FACADE, seed++);
                }
            }
        }
    }

    @Test
    void betaZeroIgnoresNaNAndAlphaZeroSkipsProduct() {
        double[] a = {Double.NaN, 1, 2, 3};
        double[] b = {1, 2, 3, 4};
        double[] c = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        VectorGemm.gemm(false, false, 2, 2, 2, 0.0, a, 0, 2, b, 0, 2, 0.0, c, 0, 2);
        assertArrayEquals(new double[] {0, 0, 0, 0}, c);
        double[] c2 = {1, 2, 3, 4};
        VectorGemm.gemm(false, false, 2, 2, 2, 0.0, a, 0, 2, b, 0, 2, 2.0, c2, 0, 2);
        assertArrayEquals(new double[] {2, 4, 6, 8}, c2);
        // k == 0: C = beta * C
        float[] fc = {Float.NaN, 5f};
        VectorGemm.gemm(false, false, 1, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 0f, fc, 0, 2);
        assertArrayEquals(new float[] {0f, 0f}, fc);
        // 1 x 1 products, the seed workload's hot path
        double[] one = {Double.NaN};
        VectorGemm.gemm(false, false, 1, 1, 1, 2.0, new double[] {3}, 0, 1, new double[] {4}, 0, 1, 0.0, one, 0, 1);
        assertEquals(24.0, one[0]);
        VectorGemm.gemm(true, true, 1, 1, 1, 1.0, new double[] {3}, 0, 1, new double[] {4}, 0, 1, 0.5, one, 0, 1);
        assertEquals(24.0, one[0]);
    }

    @Test
    void resultsDoNotDependOnThreadsOrPartition() {
        requireKernel();
        SplittableRandom r = new SplittableRandom(42);
        int m = 301;
        int n = 530;
        int k = 700;
        double[] a = random(r, m * k);
        double[] b = random(r, k * n);
        double[] c0 = random(r, m * n);
        float[] fa = toFloat(a);
        float[] fb = toFloat(b);
        float[] fc0 = toFloat(c0);

        double[] single = c0.clone();
        VectorGemmKernel.gemmBlock(false, true, m, n, k, 1.5, a, 0, k, b, 0, k, 0.5, single, 0, n);
        double[] multi = c0.clone();
        VectorGemmKernel.gemm(false, true, m, n, k, 1.5, a, 0, k, b, 0, k, 0.5, multi, 0, n);
        assertArrayEquals(single, multi);
        // repeated, to give a race between the packing and the compute phases a chance to show
        for (int rep = 0; rep < 20; rep++) {
            double[] again = c0.clone();
            VectorGemmKernel.gemm(false, true, m, n, k, 1.5, a, 0, k, b, 0, k, 0.5, again, 0, n);
            assertArrayEquals(single, again, "repetition " + rep);
        }
        // an arbitrary partition: rows [0, 7) and [7, m), then columns [0, 19) and [19, n) of the rest
        double[] parts = c0.clone();
        VectorGemmKernel.gemmBlock(false, true, 7, n, k, 1.5, a, 0, k, b, 0, k, 0.5, parts, 0, n);
        VectorGemmKernel.gemmBlock(false, true, m - 7, 19, k, 1.5, a, 7 * k, k, b, 0, k, 0.5, parts, 7 * n, n);
        VectorGemmKernel.gemmBlock(false, true, m - 7, n - 19, k, 1.5, a, 7 * k, k, b, 19 * k, k, 0.5,
                parts, 7 * n + 19, n);
        assertArrayEquals(single, parts);

        float[] fsingle = fc0.clone();
        VectorGemmKernel.gemmBlock(true, false, m, n, k, 1.5f, fa, 0, m, fb, 0, n, 0.5f, fsingle, 0, n);
        float[] fmulti = fc0.clone();
        VectorGemmKernel.gemm(true, false, m, n, k, 1.5f, fa, 0, m, fb, 0, n, 0.5f, fmulti, 0, n);
        assertArrayEquals(fsingle, fmulti);
        float[] fparts = fc0.clone();
        VectorGemmKernel.gemmBlock(true, false, 11, n, k, 1.5f, fa, 0, m, fb, 0, n, 0.5f, fparts, 0, n);
        VectorGemmKernel.gemmBlock(true, false, m - 11, n, k, 1.5f, fa, 11, m, fb, 0, n, 0.5f, fparts, 11 * n, n);
        assertArrayEquals(fsingle, fparts);

        // and the facade gives the same bits on a repeated call
        double[] again = c0.clone();
        VectorGemm.gemm(false, true, m, n, k, 1.5, a, 0, k, b, 0, k, 0.5, again, 0, n);
        assertArrayEquals(single, again);
    }

    @Test
    void parallelScheduleMatchesOneThreadAcrossPanelsAndBlocks() {
        requireKernel();
        // several column panels (f32 NC = 2048, f64 NC = 1024) and k-blocks, odd edges, 1 to 4 threads
        SplittableRandom r = new SplittableRandom(5);
        int m = 45;
        int n = 2100;
        int k = 530;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                double[] a = random(r, m * k);
                double[] b = random(r, k * n);
                double[] c0 = random(r, m * n);
                float[] fa = toFloat(a);
                float[] fb = toFloat(b);
                float[] fc0 = toFloat(c0);
                int lda = ta ? m : k;
                int ldb = tb ? k : n;
                for (double beta : new double[] {0.0, 0.5}) {
                    double[] single = c0.clone();
                    VectorGemmKernel.gemmBlock(ta, tb, m, n, k, 1.5, a, 0, lda, b, 0, ldb, beta, single, 0, n);
                    float[] fsingle = fc0.clone();
                    VectorGemmKernel.gemmBlock(ta, tb, m, n, k, 1.5f, fa, 0, lda, fb, 0, ldb, (float) beta,
                            fsingle, 0, n);
                    for (int t = 1; t <= 4; t++) {
                        double[] multi = c0.clone();
                        VectorGemmKernel.gemmParallel(t, ta, tb, m, n, k, 1.5, a, 0, lda, b, 0, ldb, beta, multi, 0, n);
                        assertArrayEquals(single, multi, ta + " " + tb + " f64 threads " + t);
                        float[] fmulti = fc0.clone();
                        VectorGemmKernel.gemmParallel(t, ta, tb, m, n, k, 1.5f, fa, 0, lda, fb, 0, ldb, (float) beta,
                                fmulti, 0, n);
                        assertArrayEquals(fsingle, fmulti, ta + " " + tb + " f32 threads " + t);
                    }
                }
            }
        }
    }

    @Test
    void concurrentCallersGetCorrectResults() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            final long seed = 1000 + t;
            Thread th = new Thread(() -> {
                try {
                    check(new Case(seed % 2 == 0, true, 130 + (int) seed % 7, 170, 290, 1, 0.5, 1, 1, 1, 1, 1, 1),
                            Route.FACADE, seed);
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertTrue(errors.isEmpty(), () -> errors.toString());
    }

    @Test
    void rejectsBadArgumentsWithoutWriting() {
        double[] c = new double[4];
        assertThrows(IllegalArgumentException.class,
                () -> VectorGemm.gemm(false, false, -1, 2, 2, 1.0, new double[4], 0, 2, new double[4], 0, 2, 0.0, c, 0, 2));
        assertThrows(IllegalArgumentException.class,
                () -> VectorGemm.gemm(false, false, 2, 2, 2, 1.0, new double[4], 0, 1, new double[4], 0, 2, 0.0, c, 0, 2));
        Arrays.fill(c, 7);
        assertThrows(IndexOutOfBoundsException.class,
                () -> VectorGemm.gemm(false, false, 2, 2, 2, 1.0, new double[4], 0, 2, new double[3], 0, 2, 0.0, c, 0, 2));
        assertThrows(IndexOutOfBoundsException.class,
                () -> VectorGemm.gemm(false, false, 2, 2, 2, 1.0f, new float[4], 1, 2, new float[4], 0, 2, 0.0f, new float[4], 0, 2));
        assertArrayEquals(new double[] {7, 7, 7, 7}, c);
    }

    @Test
    void withoutTheModuleItIsUnavailableAndStillCorrect() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = locate(VectorGemm.class) + File.pathSeparator + locate(VectorGemmNoModuleMain.class)
                + File.pathSeparator + locate(org.grad4j.Config.class) + File.pathSeparator
                + locate(org.ejml.data.DMatrixRMaj.class) + File.pathSeparator + locate(org.ejml.dense.row.CommonOps_DDRM.class)
                + File.pathSeparator + locate(org.ejml.dense.row.CommonOps_FDRM.class);
        Process p = new ProcessBuilder(java, "-cp", cp, VectorGemmNoModuleMain.class.getName())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "forked JVM timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("available=false"), out);
        assertTrue(out.contains("ok"), out);
        assertFalse(out.contains("Exception"), out);
        assertTrue(out.contains("why=the JVM was started without jdk.incubator.vector (start it with --add-modules "
                + "jdk.incubator.vector)"), out);
        // the slow-path warning: once, with the setting for each way of starting a JVM
        assertEquals(1, out.split("runs on the CPU's slow path", -1).length - 1, out);
        for (String how : new String[] {"java --add-modules jdk.incubator.vector -cp", "JDK_JAVA_OPTIONS=",
                "<argLine>--add-modules jdk.incubator.vector</argLine>", ".mvn/jvm.config", "exec:exec", "Gradle: "}) {
            assertTrue(out.contains(how), how + " missing in: " + out);
        }
    }

    private static String locate(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /**
     * The in-register transpose that packs a transposed B on JDK 25 and later. On older JDKs the
     * kernel does not use it, and this test is its only caller there: it runs, slowly, either way.
     */
    @Test
    void transposesSixteenBySixteenBlocksInRegisters() {
        Assumptions.assumeTrue(VectorGemm.isAvailable() && VectorGemmKernel.F_L == 16, "needs 16-lane float vectors");
        int ldb = 37;
        float[] b = new float[3 + 16 * ldb];
        for (int i = 0; i < b.length; i++) {
            b[i] = i + 0.5f;
        }
        int nr = VectorGemmKernel.F_NR;
        float[] bp = new float[2 + 16 * nr];
        Transpose16.block(b, 3, ldb, bp, 2);
        for (int q = 0; q < 16; q++) {
            for (int r = 0; r < nr; r++) {
                float expected = r < 16 ? b[3 + r * ldb + q] : 0f; // the sliver's other half is left alone
                assertEquals(expected, bp[2 + q * nr + r], "packed row " + q + ", column " + r);
            }
        }
    }
}

package org.grad4j.cpu;

import java.util.concurrent.atomic.AtomicBoolean;

import org.grad4j.spi.Gemm;

/**
 * Matrix products. With the Vector API ({@code --add-modules jdk.incubator.vector}) every product
 * goes to {@link VectorGemm}; without it, large densely packed products (above VectorGemm's
 * reference-order limit) go to {@link PlainGemm} (multi-threaded, auto-vectorised loops) and the rest to VectorGemm's
 * plain loops, in the reference BLAS order, which also serve small products such as the seed's 1x1
 * without allocating.
 */
final class Gemms {
    private Gemms() {
    }

    static boolean vectorAvailable() {
        return VectorGemm.isAvailable();
    }

    /** Set once the slow-path warning has been logged. */
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    /**
     * Logs, once per JVM, that a large product runs without SIMD because the JVM lacks the Vector API,
     * with the exact setting for each way of starting a JVM. A library cannot add the module itself
     * (the JDK defines its modules only in the boot layer; see the README, "The fast CPU path").
     */
    static void warnSlowPath(long fmas) {
        if (!VectorGemm.moduleMissing() || !WARNED.compareAndSet(false, true)) {
            return;
        }
        String f = VectorGemm.FLAG;
        System.getLogger("org.grad4j").log(System.Logger.Level.WARNING, "grad4j: a " + fmas + "-multiply-add matrix "
                + "product runs on the CPU's slow path (plain Java loops, several times slower than SIMD) because "
                + "the JVM was started without jdk.incubator.vector. Start it with " + f + ":\n"
                + "  java: java " + f + " -cp ... Main\n"
                + "  any JVM: export JDK_JAVA_OPTIONS='" + f + "'\n"
                + "  Maven Surefire: <argLine>" + f + "</argLine>\n"
                + "  Maven exec:java (runs in Maven's JVM): a file .mvn/jvm.config containing " + f + "\n"
                + "  Maven exec:exec: put " + f + " before -classpath in <arguments>\n"
                + "  Gradle: application { applicationDefaultJvmArgs = ['--add-modules', 'jdk.incubator.vector'] } "
                + "and tasks.withType(Test) { jvmArgs '--add-modules', 'jdk.incubator.vector' }\n"
                + "The JVM then prints 'WARNING: Using incubator modules: jdk.incubator.vector' once; that is expected. "
                + "To keep the slow path quietly: -Dgrad4j.cpu.vectorApi=false.");
    }

    static void run(Gemm g) {
        CpuBuffer a = CpuBackend.buf(g.a());
        CpuBuffer b = CpuBackend.buf(g.b());
        CpuBuffer c = CpuBackend.buf(g.c());
        for (int batch = 0; batch < g.batch(); batch++) {
            int ao = g.aOffset() + batch * g.strideA();
            int bo = g.bOffset() + batch * g.strideB();
            int co = g.cOffset() + batch * g.strideC();
            if ((long) g.m() * g.n() * g.k() <= VectorGemm.REFERENCE_MAX_FMAS || VectorGemm.isAvailable()
                    || !plain(g, a, ao, b, bo, c, co)) {
                vector(g, a, ao, b, bo, c, co);
            }
        }
    }

    /** One product through PlainGemm when it is large and every operand is a whole, densely packed array. */
    private static boolean plain(Gemm g, CpuBuffer a, int ao, CpuBuffer b, int bo, CpuBuffer c, int co) {
        int m = g.m();
        int n = g.n();
        int k = g.k();
        if ((long) m * n * k <= VectorGemm.REFERENCE_MAX_FMAS || g.batch() != 1 || ao != 0 || bo != 0 || co != 0) {
            return false;
        }
        int aRows = g.transA() ? k : m;
        int aCols = g.transA() ? m : k;
        int bRows = g.transB() ? n : k;
        int bCols = g.transB() ? k : n;
        if (g.lda() != aCols || g.ldb() != bCols || g.ldc() != n || a.length() != aRows * aCols
                || b.length() != bRows * bCols || c.length() != m * n) {
            return false;
        }
        warnSlowPath((long) m * n * k);
        if (c.d != null) {
            PlainGemm.gemm(g.transA(), g.transB(), m, n, k, g.alpha(), a.d, g.lda(), b.d, g.ldb(), g.beta(), c.d, n);
        } else {
            PlainGemm.gemm(g.transA(), g.transB(), m, n, k, (float) g.alpha(), a.f, g.lda(), b.f, g.ldb(), (float) g.beta(), c.f,
                    n);
        }
        return true;
    }

    /** One product through {@link VectorGemm}: its SIMD kernel when the JVM has the Vector API, plain loops otherwise. */
    private static void vector(Gemm g, CpuBuffer a, int ao, CpuBuffer b, int bo, CpuBuffer c, int co) {
        // the shape first: small products never wait for VectorProbe's answer, nor load the kernel's classes.
        // float32 only: float64's forward measured no faster this way in the step (1.02x its time, quiet machine)
        if (c.f != null && !g.transA() && g.transB() && g.alpha() != 0.0 && g.k() > 0
                && (long) g.m() * g.n() * g.k() > VectorGemm.REFERENCE_MAX_FMAS && VectorGemm.isAvailable()
                && VectorGemmKernel.byRows(g.transA(), g.transB(), g.m(), g.n(), g.k())) {
            byRows(g, a, ao, b, bo, c, co);
            return;
        }
        if (c.d != null) {
            VectorGemm.gemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), g.alpha(), a.d, ao, g.lda(), b.d, bo, g.ldb(),
                    g.beta(), c.d, co, g.ldc());
        } else {
            VectorGemm.gemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), (float) g.alpha(), a.f, ao, g.lda(), b.f, bo, g.ldb(),
                    (float) g.beta(), c.f, co, g.ldc());
        }
    }

    /**
     * A float32 Linear layer's forward {@code X * W^T} with few rows of X (the MLP 784-256-10's 64 x 256 x 784),
     * as {@code W * X^T} with W read in place: see {@code VectorRowsGemmF64}; the same bits as {@link #vector}.
     */
    private static void byRows(Gemm g, CpuBuffer a, int ao, CpuBuffer b, int bo, CpuBuffer c, int co) {
        int m = g.m();
        int n = g.n();
        int k = g.k();
        boolean f64 = c.d != null;
        VectorGemm.checkMatrix("C", f64 ? c.d.length : c.f.length, co, m, n, g.ldc());
        VectorGemm.checkMatrix("A", f64 ? a.d.length : a.f.length, ao, m, k, g.lda());
        VectorGemm.checkMatrix("B", f64 ? b.d.length : b.f.length, bo, n, k, g.ldb());
        if (f64) {
            VectorGemmKernel.gemmByRows(m, n, k, g.alpha(), a.d, ao, g.lda(), b.d, bo, g.ldb(), g.beta(), c.d, co, g.ldc());
        } else {
            VectorGemmKernel.gemmByRows(m, n, k, (float) g.alpha(), a.f, ao, g.lda(), b.f, bo, g.ldb(), (float) g.beta(),
                    c.f, co, g.ldc());
        }
    }
}

package org.grad4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

import jcuda.driver.JCudaDriver;
import org.grad4j.DType;
import org.grad4j.spi.Availability;
import org.grad4j.spi.Backend;
import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.Buffer;
import org.grad4j.spi.Gemm;
import org.grad4j.spi.ReduceOp;
import org.grad4j.spi.Strided;
import org.grad4j.spi.UnaryOp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every primitive of {@link CudaBackend} against a naive host reference, in both dtypes. Needs a
 * CUDA device; elsewhere every test is skipped with the provider's reason.
 */
class CudaBackendGpuTest {
    static Availability availability;
    static Backend be;

    @BeforeAll
    static void setUp() {
        CudaBackendProvider p = new CudaBackendProvider();
        availability = p.availability();
        be = availability.available() ? p.backend(0) : null;
    }

    /** Skips each test (so every one reports the reason) where no GPU is usable. */
    @BeforeEach
    void needGpu() {
        Assumptions.assumeTrue(availability.available(), "no usable CUDA GPU: " + availability.detail());
    }

    // ------------------------------------------------------------ helpers

    static final double[] SPECIAL = {0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 1e-30, 7.25};

    static double[] data(int n, long seed, boolean special) {
        Random r = new Random(seed);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = special && i % 5 == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : r.nextGaussian() * 2;
        }
        return d;
    }

    static double[] down(Buffer b) {
        double[] d = new double[b.length()];
        be.download(b, 0, d);
        return d;
    }

    static double[] rounded(double[] d, DType t) {
        double[] r = d.clone();
        for (int i = 0; i < r.length; i++) {
            r[i] = t.round(r[i]);
        }
        return r;
    }

    /** Row-major offsets of every index of {@code shape} under {@code strides}. */
    static int[] offsets(int[] shape, int off, int[] strides) {
        int n = (int) Geometry.count(shape);
        int[] o = new int[n];
        int[] idx = new int[shape.length];
        for (int i = 0; i < n; i++) {
            int p = off;
            for (int d = 0; d < shape.length; d++) {
                p += idx[d] * strides[d];
            }
            o[i] = p;
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return o;
    }

    static void assertSame(double expected, double actual, String what) {
        if (Double.doubleToLongBits(expected) != Double.doubleToLongBits(actual)
                && !(Double.isNaN(expected) && Double.isNaN(actual))) {
            fail(what + ": expected " + expected + " but got " + actual);
        }
    }

    static void assertClose(double expected, double actual, DType t, String what) {
        if (Double.isNaN(expected) || Double.isInfinite(expected) || expected == 0) {
            if (Double.isNaN(expected) && Double.isNaN(actual)) {
                return;
            }
            if (expected == actual || Math.abs(actual) < (t == DType.FLOAT32 ? 1e-37 : 1e-300)) {
                return;
            }
            fail(what + ": expected " + expected + " but got " + actual);
        }
        double tol = t == DType.FLOAT32 ? 2e-6 : 1e-14;
        if (Math.abs(expected - actual) > tol * Math.abs(expected)) {
            fail(what + ": expected " + expected + " but got " + actual + " (rel tol " + tol + ")");
        }
    }

    /** The op table's reference, rounded to the dtype (one rounding: exact ops match float arithmetic). */
    static double unaryRef(UnaryOp op, double x, DType t) {
        return t.round(op.apply(t.round(x)));
    }

    static boolean exactUnary(UnaryOp op) {
        return op.exact();
    }

    static double binaryRef(BinaryOp op, double a, double b, DType t) {
        return t.round(op.apply(t.round(a), t.round(b)));
    }

    /** |expected - actual| within the dtype's tolerance of {@code scale} (for sums that may cancel). */
    static void assertNear(double expected, double actual, double scale, DType t, String what) {
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            assertSame(expected, actual, what);
            return;
        }
        double tol = (t == DType.FLOAT32 ? 2e-6 : 1e-14) * Math.max(scale, 1);
        if (!(Math.abs(expected - actual) <= tol)) {
            fail(what + ": expected " + expected + " but got " + actual + " (abs tol " + tol + ")");
        }
    }

    static void check(double expected, double actual, boolean exact, DType t, String what) {
        if (exact) {
            assertSame(expected, actual, what);
        } else {
            assertClose(expected, actual, t, what);
        }
    }

    // ------------------------------------------------------------ elementwise

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void unaryEveryOpStridedWithOffsets(DType t) {
        for (UnaryOp op : UnaryOp.values()) {
            // input: a transposed [3,4] view at offset 2 of a 20-element buffer; output: contiguous at offset 1
            int[] shape = {3, 4};
            double[] src = rounded(data(20, op.ordinal(), true), t);
            if (op == UnaryOp.LOG || op == UnaryOp.SQRT) {
                for (int i = 0; i < src.length; i += 3) {
                    src[i] = Math.abs(src[i]);
                }
            }
            try (Buffer in = be.upload(src, t); Buffer out = be.allocate(t, 13)) {
                Strided si = new Strided(in, 2, new int[] {1, 3});
                Strided so = new Strided(out, 1, new int[] {4, 1});
                be.unary(op, shape, si, so);
                double[] got = down(out);
                int[] io = offsets(shape, 2, si.strides());
                for (int i = 0; i < io.length; i++) {
                    check(unaryRef(op, src[io[i]], t), got[1 + i], exactUnary(op), t, op + " " + t + " at " + i + " of " + src[io[i]]);
                }
                assertSame(0.0, got[0], "untouched element");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void binaryEveryOpWithBroadcastAndInPlace(DType t) {
        for (BinaryOp op : BinaryOp.values()) {
            int[] shape = {2, 3, 4};
            double[] av = rounded(data(24, 10 + op.ordinal(), true), t);
            double[] bv = rounded(data(4, 20 + op.ordinal(), true), t);
            boolean exact = op.exact();
            try (Buffer a = be.upload(av, t); Buffer b = be.upload(bv, t); Buffer out = be.allocate(t, 24)) {
                int[] cont = {12, 4, 1};
                int[] bcast = {0, 0, 1}; // b: [4] broadcast to [2,3,4]
                be.binary(op, shape, new Strided(a, 0, cont), new Strided(b, 0, bcast), new Strided(out, 0, cont));
                double[] got = down(out);
                for (int i = 0; i < 24; i++) {
                    check(binaryRef(op, av[i], bv[i % 4], t), got[i], exact, t, op + " " + t + " at " + i);
                }
                // scalar broadcast first: b[1] against all of a, in place into a
                be.binary(op, shape, new Strided(b, 1, new int[] {0, 0, 0}), new Strided(a, 0, cont), new Strided(a, 0, cont));
                double[] inPlace = down(a);
                for (int i = 0; i < 24; i++) {
                    check(binaryRef(op, bv[1], av[i], t), inPlace[i], exact, t, op + " in place " + t + " at " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void binaryScalarBothSidesRoundsTheScalar(DType t) {
        double s = 0.1; // not representable: must be rounded to the dtype first
        for (BinaryOp op : BinaryOp.values()) {
            double[] av = rounded(data(7, 30 + op.ordinal(), true), t);
            try (Buffer a = be.upload(av, t); Buffer out = be.allocate(t, 7)) {
                for (boolean first : new boolean[] {false, true}) {
                    be.binaryScalar(op, new int[] {7}, new Strided(a, 0, new int[] {1}), s, first, new Strided(out, 0, new int[] {1}));
                    double[] got = down(out);
                    for (int i = 0; i < 7; i++) {
                        double e = first ? binaryRef(op, t.round(s), av[i], t) : t.round(op.applyScalar(av[i], t.round(s)));
                        check(e, got[i], op.exact(), t, op + " scalarFirst=" + first + " " + t + " at " + i);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void fillStridedAndCopyConverts(DType t) {
        try (Buffer out = be.allocate(t, 10)) {
            be.fill(new int[] {2, 2}, new Strided(out, 1, new int[] {5, 2}), 0.1);
            double[] got = down(out);
            for (int i = 0; i < 10; i++) {
                boolean hit = i == 1 || i == 3 || i == 6 || i == 8;
                assertSame(hit ? t.round(0.1) : 0.0, got[i], "fill at " + i);
            }
        }
        DType o = t == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
        double[] src = rounded(data(9, 5, true), t);
        src[1] = 1.0000000001; // rounds differently in float32
        src = rounded(src, t);
        try (Buffer in = be.upload(src, t); Buffer out = be.allocate(o, 9)) {
            be.unary(UnaryOp.COPY, new int[] {9}, new Strided(in, 0, new int[] {1}), new Strided(out, 0, new int[] {1}));
            double[] got = down(out);
            for (int i = 0; i < 9; i++) {
                assertSame(o.round(src[i]), got[i], "copy " + t + " -> " + o + " at " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void axpyIsFusedBitForBit(DType t) {
        int n = 1000;
        double alpha = -0.1;
        double[] xv = rounded(data(n, 41, false), t);
        double[] yv = rounded(data(n, 42, false), t);
        try (Buffer x = be.upload(xv, t); Buffer y = be.upload(yv, t)) {
            be.axpy(new int[] {n}, alpha, new Strided(x, 0, new int[] {1}), new Strided(y, 0, new int[] {1}));
            double[] got = down(y);
            for (int i = 0; i < n; i++) {
                double e = t == DType.FLOAT32
                        ? Math.fma((float) alpha, (float) xv[i], (float) yv[i])
                        : Math.fma(alpha, xv[i], yv[i]);
                assertSame(e, got[i], "axpy " + t + " at " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void fmaIsFusedBitForBitWithBroadcasting(DType t) {
        int rows = 40;
        int cols = 25;
        double[] av = rounded(data(rows * cols, 43, false), t);
        double[] bv = rounded(data(cols, 44, false), t);
        double[] yv = rounded(data(rows * cols, 45, false), t);
        try (Buffer a = be.upload(av, t); Buffer b = be.upload(bv, t); Buffer y = be.upload(yv, t)) {
            be.fma(new int[] {rows, cols}, new Strided(a, 0, new int[] {cols, 1}), new Strided(b, 0, new int[] {0, 1}),
                    new Strided(y, 0, new int[] {cols, 1}));
            double[] got = down(y);
            for (int i = 0; i < rows * cols; i++) {
                double e = t == DType.FLOAT32
                        ? Math.fma((float) av[i], (float) bv[i % cols], (float) yv[i])
                        : Math.fma(av[i], bv[i % cols], yv[i]);
                assertSame(e, got[i], "fma " + t + " at " + i);
            }
        }
    }

    // ------------------------------------------------------------ reductions

    static double[] reduceRef(ReduceOp op, int[] shape, double[] in, int off, int[] strides, boolean[] reduced, DType t) {
        int[] outShape = shape.clone();
        for (int d = 0; d < shape.length; d++) {
            if (reduced[d]) {
                outShape[d] = 1;
            }
        }
        int nOut = (int) Geometry.count(outShape);
        double[] acc = new double[nOut];
        long[] arg = new long[nOut];
        java.util.Arrays.fill(acc, op == ReduceOp.SUM ? 0 : Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(arg, -1);
        int[] idx = new int[shape.length];
        int n = (int) Geometry.count(shape);
        for (int i = 0; i < n; i++) {
            int p = off;
            int o = 0;
            int ri = 0;
            for (int d = 0; d < shape.length; d++) {
                p += idx[d] * strides[d];
                o = o * outShape[d] + (reduced[d] ? 0 : idx[d]);
                if (reduced[d]) {
                    ri = idx[d];
                }
            }
            double v = in[p];
            switch (op) {
                case SUM -> acc[o] += v;
                case MAX -> acc[o] = Double.isNaN(acc[o]) || Double.isNaN(v) ? Double.NaN : Math.max(acc[o], v);
                case ARGMAX -> {
                    boolean better = arg[o] < 0 || (Double.isNaN(v) && !Double.isNaN(acc[o])) || (!Double.isNaN(acc[o]) && v > acc[o]);
                    if (better) {
                        acc[o] = v;
                        arg[o] = ri;
                    }
                }
            }
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        if (op == ReduceOp.ARGMAX) {
            for (int o = 0; o < nOut; o++) {
                acc[o] = arg[o];
            }
        }
        return acc;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void reductionsOverAxisSets(DType t) {
        int[] shape = {3, 5, 70};
        double[] src = rounded(data(3 * 5 * 70 + 3, 50, false), t);
        src[3 + 70 * 2 + 9] = Double.NaN; // one NaN in row (0, 2)
        src[3 + 70 * 6 + 4] = src[3 + 70 * 6 + 40] = 100; // a tie in row (1, 1): first index wins
        int[] strides = {350, 70, 1};
        boolean[][] masks = {{false, false, true}, {true, false, false}, {false, true, false}, {true, false, true},
            {true, true, true}, {false, false, false}};
        try (Buffer in = be.upload(src, t)) {
            for (ReduceOp op : ReduceOp.values()) {
                for (boolean[] m : masks) {
                    int nr = 0;
                    for (boolean b : m) {
                        nr += b ? 1 : 0;
                    }
                    if (op == ReduceOp.ARGMAX && nr != 1) {
                        continue;
                    }
                    double[] e = reduceRef(op, shape, src, 3, strides, m, t);
                    double[] abs = src.clone();
                    for (int i = 0; i < abs.length; i++) {
                        abs[i] = Math.abs(abs[i]);
                    }
                    double[] scale = reduceRef(ReduceOp.SUM, shape, abs, 3, strides, m, t);
                    try (Buffer out = be.allocate(t, e.length)) {
                        be.reduce(op, shape, new Strided(in, 3, strides), m, out);
                        double[] got = down(out);
                        for (int i = 0; i < e.length; i++) {
                            String what = op + " " + t + " mask " + java.util.Arrays.toString(m) + " at " + i;
                            if (op == ReduceOp.SUM) {
                                assertNear(e[i], got[i], scale[i], t, what);
                            } else {
                                assertSame(t.round(e[i]), got[i], what);
                            }
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void sumIsDeterministic(DType t) {
        double[] src = rounded(data(1 << 16, 60, false), t);
        try (Buffer in = be.upload(src, t); Buffer out = be.allocate(t, 1)) {
            be.reduce(ReduceOp.SUM, new int[] {1 << 16}, new Strided(in, 0, new int[] {1}), new boolean[] {true}, out);
            double first = down(out)[0];
            for (int r = 0; r < 20; r++) {
                be.reduce(ReduceOp.SUM, new int[] {1 << 16}, new Strided(in, 0, new int[] {1}), new boolean[] {true}, out);
                assertSame(first, down(out)[0], "sum run " + r);
            }
        }
    }

    // ------------------------------------------------------------ gemm

    static void gemmRef(Gemm g, double[] a, double[] b, double[] c, DType t) {
        for (int p = 0; p < g.batch(); p++) {
            for (int i = 0; i < g.m(); i++) {
                for (int j = 0; j < g.n(); j++) {
                    double s = 0;
                    for (int l = 0; l < g.k(); l++) {
                        double av = g.transA() ? a[g.aOffset() + p * g.strideA() + l * g.lda() + i] : a[g.aOffset() + p * g.strideA() + i * g.lda() + l];
                        double bv = g.transB() ? b[g.bOffset() + p * g.strideB() + j * g.ldb() + l] : b[g.bOffset() + p * g.strideB() + l * g.ldb() + j];
                        s += av * bv;
                    }
                    int ci = g.cOffset() + p * g.strideC() + i * g.ldc() + j;
                    c[ci] = t.round(g.alpha() * s + (g.beta() == 0 ? 0 : g.beta() * c[ci]));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void gemmAllTransposesBatchedAndBroadcast(DType t) {
        int m = 5;
        int n = 7;
        int k = 3;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (int[] batchAndStrides : new int[][] {{1, 40, 40}, {3, 40, 40}, {3, 0, 40}, {3, 40, 0}}) {
                    int batch = batchAndStrides[0];
                    int lda = (ta ? m : k) + 1; // padded rows
                    int ldb = (tb ? k : n) + 2;
                    int ldc = n + 1;
                    double[] av = rounded(data(2 + 3 * 40, 70, false), t);
                    double[] bv = rounded(data(1 + 3 * 40, 71, false), t);
                    double[] cv = rounded(data(4 + 3 * 50, 72, false), t);
                    cv[4] = Double.NaN; // ignored because beta == 0 in the first call
                    try (Buffer a = be.upload(av, t); Buffer b = be.upload(bv, t); Buffer c = be.upload(cv, t)) {
                        for (double beta : new double[] {0.0, 0.5}) {
                            Gemm g = new Gemm(ta, tb, m, n, k, batch, 1.5, a, 2, lda, batchAndStrides[1],
                                    b, 1, ldb, batchAndStrides[2], beta, c, 4, ldc, 50);
                            be.gemm(g);
                            gemmRef(g, av, bv, cv, t);
                            double[] got = down(c);
                            for (int i = 0; i < cv.length; i++) {
                                assertNear(cv[i], got[i], 50, t, "gemm ta=" + ta + " tb=" + tb + " batch=" + batch
                                        + " strides=" + batchAndStrides[1] + "/" + batchAndStrides[2] + " beta=" + beta + " at " + i);
                            }
                            cv = got; // continue from the device's values
                        }
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------ memory

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void uploadDownloadRoundTripsWithOffsets(DType t) {
        double[] d = {1.0000000001, -2, Double.NaN, 4};
        try (Buffer b = be.upload(d, t)) {
            double[] tail = new double[2];
            be.download(b, 2, tail);
            assertSame(Double.NaN, tail[0], "offset download");
            assertSame(4.0, tail[1], "offset download");
            float[] f = new float[4];
            be.download(b, 0, f);
            assertSame((float) 1.0000000001, f[0], "float download rounds");
        }
        float[] f = {0.1f, 2f};
        try (Buffer b = be.upload(f, t)) {
            double[] back = new double[2];
            be.download(b, 0, back);
            assertSame(0.1f, back[0], "float upload widens exactly");
        }
    }

    @org.junit.jupiter.api.Test
    void closedBuffersAreReusedAndRejected() {
        CudaBackend cb = (CudaBackend) be;
        Buffer first = be.allocate(DType.FLOAT32, 1000);
        jcuda.driver.CUdeviceptr p = cb.pointerOf(first);
        first.close();
        first.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> be.download(first, 0, new double[1]));
        long mallocs = cb.allocator().mallocCount();
        try (Buffer second = be.allocate(DType.FLOAT32, 1000)) {
            assertEquals(p.toString(), cb.pointerOf(second).toString(), "the cached block is handed out again");
            assertEquals(mallocs, cb.allocator().mallocCount(), "no cuMemAlloc for a cached size");
            assertSame(0.0, down(second)[999], "a reused block is zeroed by allocate()");
        }
    }

    @org.junit.jupiter.api.Test
    void hundredThousandStepsKeepDeviceMemoryFlat() {
        CudaBackend cb = (CudaBackend) be;
        long[] free0 = {0};
        long[] total = {0};
        long[] free1 = {0};
        int[] shape = {256};
        try (Buffer w = be.upload(data(256, 80, false), DType.FLOAT32)) {
            for (int i = 0; i < 100_000; i++) {
                if (i == 1000) {
                    cb.bind();
                    JCudaDriver.cuMemGetInfo(free0, total);
                }
                try (Buffer g = be.allocate(DType.FLOAT32, 256); Buffer tmp = be.allocate(DType.FLOAT32, 256)) {
                    Strided sw = new Strided(w, 0, new int[] {1});
                    Strided sg = new Strided(g, 0, new int[] {1});
                    be.binaryScalar(BinaryOp.MUL, shape, sw, 2.0, false, sg);
                    be.unary(UnaryOp.TANH, shape, sg, new Strided(tmp, 0, new int[] {1}));
                    be.axpy(shape, -1e-6, new Strided(tmp, 0, new int[] {1}), sw);
                }
            }
            cb.bind();
            JCudaDriver.cuCtxSynchronize();
            JCudaDriver.cuMemGetInfo(free1, total);
        }
        assertTrue(Math.abs(free0[0] - free1[0]) <= (2L << 20),
                "device memory moved by " + (free0[0] - free1[0]) + " bytes over 99,000 steps");
        assertTrue(cb.allocator().mallocCount() < 50, "cuMemAlloc called " + cb.allocator().mallocCount() + " times");
    }
}

package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.grad4j.DType;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.spi.Strided;
import org.grad4j.spi.VectorLibm;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The fused softmax kernels and their exp: {@link FastMath#exp} against {@code Math.exp} with stated ulp
 * bounds, the Vector API rows against the scalar rows (same bits, in this JVM and in one without the module),
 * and softmax / log_softmax and their gradients through the Tensor API against a naive float64 reference on
 * odd sizes, every dim, non-contiguous inputs, NaN and infinite rows and empty inputs.
 */
class SoftmaxKernelsTest {
    /** |got - exact| in units of the float result's ulp; 0 when equal, huge when NaN-ness or infinity differ. */
    private static double floatUlps(float got, double exact) {
        float want = (float) exact;
        if (Float.isNaN(want) || Float.isNaN(got)) {
            return Float.isNaN(want) && Float.isNaN(got) ? 0 : Double.MAX_VALUE;
        }
        if (got == want) {
            return 0;
        }
        if (Float.isInfinite(want) || Float.isInfinite(got)) {
            return Double.MAX_VALUE;
        }
        return Math.abs(got - exact) / Math.ulp(want);
    }

    private static final float[] FLOAT_SPECIALS = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f,
        -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1f, -1f, 88.72283f, 88.72284f, 88.7229f, 89f, 89.5f, 1e30f, -87.33655f,
        -87.3366f, -100f, -103.27893f, -103.97208f, -103.9721f, -104f, -105f, -1e30f, 0.34657359f, -0.34657359f,
        Float.MAX_VALUE, -Float.MAX_VALUE};

    /** float32 exp within 1 ulp of the exact result over its whole domain (measured worst: 0.92 ulp). */
    @Test
    void floatExpIsWithinOneUlp() {
        double worst = 0;
        for (float x : FLOAT_SPECIALS) {
            worst = Math.max(worst, check(x));
        }
        // every 1009th float from -110 to 100, and random values
        for (int bits = 0; bits <= Float.floatToRawIntBits(110f); bits += 1009) {
            float x = Float.intBitsToFloat(bits);
            if (x <= 100f) {
                worst = Math.max(worst, check(x));
            }
            worst = Math.max(worst, check(-x));
        }
        Random r = new Random(1);
        for (int i = 0; i < 200_000; i++) {
            worst = Math.max(worst, check((float) (r.nextDouble() * 220 - 115)));
        }
        assertTrue(worst <= 1.0, "worst error " + worst + " ulp");
        assertTrue(Float.isNaN(FastMath.exp(Float.NaN)));
        assertEquals(0f, FastMath.exp(Float.NEGATIVE_INFINITY));
        assertEquals(Float.POSITIVE_INFINITY, FastMath.exp(Float.POSITIVE_INFINITY));
        assertEquals(1f, FastMath.exp(0f));
        assertEquals(1f, FastMath.exp(-0f));
    }

    private static double check(float x) {
        assertEquals(Float.floatToRawIntBits(VectorLibm.exp(x)), Float.floatToRawIntBits(FastMath.exp(x)),
                () -> "exp(" + x + "): the clamped form differs from VectorLibm's");
        double e = floatUlps(FastMath.exp(x), Math.exp(x));
        if (e > 1.0) {
            throw new AssertionError("exp(" + x + ") = " + FastMath.exp(x) + ", expected " + (float) Math.exp(x)
                    + ": " + e + " ulp");
        }
        return e;
    }

    /**
     * float64 exp: VectorLibm's bits (PyTorch's), within 2 ulps of Math.exp (itself within 1 ulp of exact; measured
     * worst: 1 ulp apart), but infinite from SLEEF's cut-off {@link VectorLibm#D_INF_ABOVE} on, as PyTorch's is, a
     * little below {@code ln(Double.MAX_VALUE)}.
     */
    @Test
    void doubleExpIsPyTorchsWithinTwoUlpsOfMathExp() {
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, -0.0, 1, -1,
            709.782712893384, 709.7827128933841, 709.79, 709.7827111495574, 709.7827111495575, 710, 800, -708.3964185322641, -708.4, -745.1332191019411,
            -745.1332191019412, -746, -800, Double.MIN_VALUE, 1e300, -1e300, 0.34657359027997264};
        Random r = new Random(2);
        double[] values = new double[specials.length + 400_000];
        System.arraycopy(specials, 0, values, 0, specials.length);
        for (int i = specials.length; i < values.length; i++) {
            values[i] = i % 2 == 0 ? r.nextDouble() * 1500 - 750 : r.nextGaussian() * 5;
        }
        for (double x : values) {
            double got = FastMath.exp(x);
            assertEquals(Double.doubleToRawLongBits(VectorLibm.exp(x)), Double.doubleToRawLongBits(got),
                    () -> "exp(" + x + "): the clamped form differs from VectorLibm's");
            double want = x > VectorLibm.D_INF_ABOVE ? Double.POSITIVE_INFINITY : Math.exp(x);
            if (Double.isNaN(want) || Double.isInfinite(want) || want == 0) {
                assertEquals(want, got, 0.0, "exp(" + x + ")");
            } else {
                // a subnormal result's ulp is the smallest subnormal
                assertTrue(Math.abs(got - want) <= 2 * Math.ulp(want), "exp(" + x + ") = " + got + ", Math.exp " + want);
            }
        }
    }

    @Test
    void vectorLanesGiveTheScalarBits() {
        Assumptions.assumeTrue(SoftmaxKernels.vector, "needs the Vector API with 512-bit vectors");
        Random r = new Random(3);
        float[] xf = new float[1 << 16];
        double[] xd = new double[1 << 15];
        for (int i = 0; i < xf.length; i++) {
            xf[i] = i < FLOAT_SPECIALS.length ? FLOAT_SPECIALS[i] : (float) (r.nextDouble() * 230 - 120);
        }
        for (int i = 0; i < xd.length; i++) {
            xd[i] = r.nextDouble() * 1600 - 800;
        }
        xd[0] = Double.NaN;
        xd[1] = Double.NEGATIVE_INFINITY;
        xd[2] = Double.POSITIVE_INFINITY;
        float[] of = new float[16];
        for (int i = 0; i < xf.length; i += 16) {
            VectorSoftmax.exp(jdk.incubator.vector.FloatVector.fromArray(VectorSoftmax.F, xf, i)).intoArray(of, 0);
            for (int j = 0; j < 16; j++) {
                assertEquals(Float.floatToRawIntBits(FastMath.exp(xf[i + j])) , Float.floatToRawIntBits(of[j]),
                        "exp(" + xf[i + j] + ")");
            }
        }
        double[] od = new double[8];
        for (int i = 0; i < xd.length; i += 8) {
            VectorSoftmax.exp(jdk.incubator.vector.DoubleVector.fromArray(VectorSoftmax.D, xd, i)).intoArray(od, 0);
            for (int j = 0; j < 8; j++) {
                assertEquals(Double.doubleToRawLongBits(FastMath.exp(xd[i + j])), Double.doubleToRawLongBits(od[j]),
                        "exp(" + xd[i + j] + ")");
            }
        }
        long withLanes = SoftmaxNoModuleMain.checksum();
        SoftmaxKernels.vector = false;
        try {
            assertEquals(withLanes, SoftmaxNoModuleMain.checksum());
        } finally {
            SoftmaxKernels.vector = true;
        }
    }

    /**
     * The one-pass exp-and-sum (plain, and on lanes where the module is present), the lane sums and dots of the
     * backward: the bits of the exponentials stored first and then {@link SoftmaxKernels#torchSum} /
     * {@code torchDot} (PyTorch's order), over lengths around every lane boundary, NaN and infinities included.
     */
    @Test
    void onePassSumsGiveTorchSumsBits() {
        boolean lanes = VectorProbe.SHARED.result().lanes();   // waits for the probe's answer
        Random r = new Random(11);
        for (int n = 1; n <= 80; n++) {
            for (int rep = 0; rep < 4; rep++) {
                float[] xf = new float[n + 3];
                double[] xd = new double[n + 3];
                float[] yf = new float[n + 3];
                double[] yd = new double[n + 3];
                for (int i = 0; i < n + 3; i++) {
                    xd[i] = r.nextGaussian() * (rep == 3 ? 60 : 4);
                    xf[i] = (float) xd[i];
                    yd[i] = r.nextGaussian();
                    yf[i] = (float) yd[i];
                }
                if (rep == 2) {
                    xf[3 + r.nextInt(n)] = Float.NaN;
                    xd[3 + r.nextInt(n)] = Double.POSITIVE_INFINITY;
                }
                float maxF = 1.5f;
                double maxD = 1.5;
                float[] ef = new float[n];
                double[] ed = new double[n];
                for (int i = 0; i < n; i++) {
                    ef[i] = FastMath.exp(xf[3 + i] - maxF);
                    ed[i] = FastMath.exp(xd[3 + i] - maxD);
                }
                float wantF = SoftmaxKernels.torchSum(ef, 0, n);
                double wantD = SoftmaxKernels.torchSum(ed, 0, n);
                String what = "n " + n + " rep " + rep;
                float[] of = new float[n + 1];
                double[] od = new double[n + 1];
                assertEquals(Float.floatToRawIntBits(wantF),
                        Float.floatToRawIntBits(SoftmaxKernels.expSum(xf, 3, maxF, of, 1, n)), what);
                assertEquals(Double.doubleToRawLongBits(wantD),
                        Double.doubleToRawLongBits(SoftmaxKernels.expSum(xd, 3, maxD, od, 1, n)), what);
                assertEquals(Float.floatToRawIntBits(wantF),
                        Float.floatToRawIntBits(SoftmaxKernels.expSum(xf, 3, maxF, null, 0, n)), what + " unstored");
                for (int i = 0; i < n; i++) {
                    assertEquals(Float.floatToRawIntBits(ef[i]), Float.floatToRawIntBits(of[1 + i]), what);
                    assertEquals(Double.doubleToRawLongBits(ed[i]), Double.doubleToRawLongBits(od[1 + i]), what);
                }
                if (!lanes) {
                    continue;
                }
                if (n >= 16) {
                    assertEquals(Float.floatToRawIntBits(wantF),
                            Float.floatToRawIntBits(VectorSoftmax.expSum(xf, 3, maxF, of, 1, n)), what + " lanes");
                    assertEquals(Float.floatToRawIntBits(wantF),
                            Float.floatToRawIntBits(VectorSoftmax.expSum(xf, 3, maxF, null, 0, n)), what + " lanes");
                    assertEquals(Float.floatToRawIntBits(SoftmaxKernels.torchSum(yf, 3, n)),
                            Float.floatToRawIntBits(VectorSoftmax.sum(yf, 3, n)), what + " lane sum");
                    assertEquals(Float.floatToRawIntBits(SoftmaxKernels.torchDot(xf, 3, yf, 2, n)),
                            Float.floatToRawIntBits(VectorSoftmax.dot(xf, 3, yf, 2, n)), what + " lane dot");
                    for (int i = 0; i < n; i++) {
                        assertEquals(Float.floatToRawIntBits(ef[i]), Float.floatToRawIntBits(of[1 + i]), what);
                    }
                }
                if (n >= 8) {
                    assertEquals(Double.doubleToRawLongBits(wantD),
                            Double.doubleToRawLongBits(VectorSoftmax.expSum(xd, 3, maxD, od, 1, n)), what + " lanes");
                    assertEquals(Double.doubleToRawLongBits(SoftmaxKernels.torchSum(yd, 3, n)),
                            Double.doubleToRawLongBits(VectorSoftmax.sum(yd, 3, n)), what + " lane sum");
                    assertEquals(Double.doubleToRawLongBits(SoftmaxKernels.torchDot(xd, 3, yd, 2, n)),
                            Double.doubleToRawLongBits(VectorSoftmax.dot(xd, 3, yd, 2, n)), what + " lane dot");
                    for (int i = 0; i < n; i++) {
                        assertEquals(Double.doubleToRawLongBits(ed[i]), Double.doubleToRawLongBits(od[1 + i]), what);
                    }
                }
            }
        }
    }

    /** The non-last-dim columns' exponentials on lanes give the scalar loops' bits, forward and backward. */
    @Test
    void columnsOnLanesGiveTheScalarBits() {
        Assumptions.assumeTrue(VectorProbe.SHARED.result().lanes(), "needs the Vector API with 512-bit vectors");
        boolean was = SoftmaxKernels.vector;
        Random r = new Random(5);
        try {
            for (int inner : new int[] {2, 8, 15, 16, 17, 24, 31, 32, 33, 40, 100}) {
                for (int size : new int[] {1, 3, 20}) {
                    int n = size * inner;
                    float[] xf = new float[n];
                    double[] xd = new double[n];
                    float[] gf = new float[n];
                    double[] gd = new double[n];
                    for (int i = 0; i < n; i++) {
                        xd[i] = r.nextGaussian() * 5;
                        xf[i] = (float) xd[i];
                        gd[i] = r.nextGaussian();
                        gf[i] = (float) gd[i];
                    }
                    xf[r.nextInt(n)] = Float.NEGATIVE_INFINITY;
                    xd[r.nextInt(n)] = Double.NaN;
                    for (boolean log : new boolean[] {false, true}) {
                        float[][] of = new float[2][n];
                        double[][] od = new double[2][n];
                        float[][] bf = new float[2][n];
                        double[][] bd = new double[2][n];
                        for (int v = 0; v < 2; v++) {
                            SoftmaxKernels.vector = v == 1;
                            SoftmaxColumns.forward(xf, 0, of[v], 0, size, inner, log, new float[inner], new float[inner]);
                            SoftmaxColumns.forward(xd, 0, od[v], 0, size, inner, log, new double[inner], new double[inner]);
                            SoftmaxColumns.backward(gf, 0, of[0], 0, bf[v], 0, size, inner, log, new float[inner]);
                            SoftmaxColumns.backward(gd, 0, od[0], 0, bd[v], 0, size, inner, log, new double[inner]);
                        }
                        String what = (log ? "log_softmax" : "softmax") + " size " + size + " inner " + inner;
                        for (int i = 0; i < n; i++) {
                            assertEquals(Float.floatToRawIntBits(of[0][i]), Float.floatToRawIntBits(of[1][i]), what);
                            assertEquals(Double.doubleToRawLongBits(od[0][i]), Double.doubleToRawLongBits(od[1][i]), what);
                            assertEquals(Float.floatToRawIntBits(bf[0][i]), Float.floatToRawIntBits(bf[1][i]), what + " backward");
                            assertEquals(Double.doubleToRawLongBits(bd[0][i]), Double.doubleToRawLongBits(bd[1][i]),
                                    what + " backward");
                        }
                    }
                }
            }
        } finally {
            SoftmaxKernels.vector = was;
        }
    }

    @Test
    void withoutTheModuleTheRowsLoadAndGiveTheSameBits() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = locate(SoftmaxKernels.class) + File.pathSeparator + locate(SoftmaxNoModuleMain.class)
                + File.pathSeparator + locate(org.grad4j.Config.class) + File.pathSeparator
                + locate(org.ejml.data.DMatrixRMaj.class) + File.pathSeparator + locate(org.ejml.dense.row.CommonOps_DDRM.class)
                + File.pathSeparator + locate(org.ejml.dense.row.CommonOps_FDRM.class);
        Process p = new ProcessBuilder(java, "-cp", cp, SoftmaxNoModuleMain.class.getName())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "forked JVM timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("vector=false"), out);
        assertFalse(out.contains("Exception"), out);
        assertTrue(out.contains("checksum=" + SoftmaxNoModuleMain.checksum()), out + " vs " + SoftmaxNoModuleMain.checksum());
    }

    private static String locate(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void declinesOtherLayoutsAndDtypes() {
        CpuBackend b = CpuBackend.INSTANCE;
        int[] shape = {3, 4};
        Strided in = new Strided(b.allocate(DType.FLOAT32, 12), 0, new int[] {4, 1});
        Strided transposed = new Strided(b.allocate(DType.FLOAT32, 12), 0, new int[] {1, 3});
        Strided out = new Strided(b.allocate(DType.FLOAT32, 12), 0, new int[] {4, 1});
        Strided outD = new Strided(b.allocate(DType.FLOAT64, 12), 0, new int[] {4, 1});
        Strided ints = new Strided(b.allocate(DType.INT64, 12), 0, new int[] {4, 1});
        assertTrue(CpuFused.INSTANCE.softmax(shape, 1, false, in, out));
        assertFalse(CpuFused.INSTANCE.softmax(shape, 1, false, transposed, out));
        assertFalse(CpuFused.INSTANCE.softmax(shape, 1, false, in, outD));
        assertFalse(CpuFused.INSTANCE.softmax(shape, 1, true, ints, ints));
        assertFalse(CpuFused.INSTANCE.softmax(new int[] {0, 4}, 1, true, in, out));
        assertFalse(CpuFused.INSTANCE.softmaxBackward(shape, 1, true, in, transposed, out));
        assertTrue(CpuFused.INSTANCE.softmaxBackward(shape, 0, true, in, in, out));
    }

    // ------------------------------------------------------------------ through the Tensor API

    private static final int[][] SHAPES = {{1}, {7}, {3, 17}, {5, 33}, {2, 3, 4}, {4, 1, 5}, {2, 1031}, {3, 5, 2, 7},
        {70, 1000}};   // 70,000 elements: split across the worker threads

    @Test
    void matchesTheReferenceOnOddShapesEveryDimAndLayout() {
        Generator g = new Generator(7);
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] shape : SHAPES) {
                Tensor base = Tensor.randn(g, shape).mul(3.0).to(dtype);
                Tensor[] layouts = base.dim() >= 2
                        ? new Tensor[] {base, base.transpose(0, base.dim() - 1).contiguous().transpose(0, base.dim() - 1)}
                        : new Tensor[] {base};
                for (Tensor x : layouts) {
                    for (int d = 0; d < shape.length; d++) {
                        for (boolean log : new boolean[] {false, true}) {
                            checkAgainstReference(x, d, log, g);
                        }
                    }
                }
            }
        }
    }

    /** logsumexp over one dim against log(sum(exp)) in float64 around the clamped maximum, keepdim or not. */
    @Test
    void logsumexpMatchesTheReference() {
        Generator g = new Generator(9);
        double inf = Double.POSITIVE_INFINITY;
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] shape : SHAPES) {
                Tensor base = Tensor.randn(g, shape).mul(20.0).to(dtype);
                if (base.numel() >= 8) {   // NaN, +inf and all--inf columns and rows
                    double[] v = base.toDoubleArray();
                    v[0] = Double.NaN;
                    v[v.length - 1] = inf;
                    v[v.length / 2] = -inf;
                    base = Tensor.of(v, shape).to(dtype);
                }
                for (int d = 0; d < shape.length; d++) {
                    for (boolean keepdim : new boolean[] {false, true}) {
                        Tensor x = shape.length >= 2 ? base.transpose(0, 1).contiguous().transpose(0, 1) : base;
                        checkLogsumexp(x, d, keepdim);
                    }
                }
            }
            checkLogsumexp(Tensor.full(new int[] {3, 5}, Double.NEGATIVE_INFINITY).to(dtype), 1, false);
            checkLogsumexp(Tensor.full(new int[] {3, 5}, inf).to(dtype), 0, true);
        }
    }

    private static void checkLogsumexp(Tensor x, int dim, boolean keepdim) {
        int[] shape = x.shape();
        Tensor y = x.logsumexp(new int[] {dim}, keepdim);
        int[] want = shape.clone();
        want[dim] = 1;
        assertTrue(Arrays.equals(keepdim ? want : dropDim(shape, dim), y.shape()), Arrays.toString(y.shape()));
        double[] in = x.contiguous().toDoubleArray();
        double[] got = y.contiguous().toDoubleArray();
        int[] outerSizeInner = CpuFused.outerSizeInner(shape, dim);
        int outer = outerSizeInner[0];
        int size = outerSizeInner[1];
        int inner = outerSizeInner[2];
        boolean f32 = x.dtype() == DType.FLOAT32;
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int base = o * size * inner + j;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < size; k++) {
                    max = Math.max(max, in[base + k * inner]);
                }
                double largest = f32 ? Float.MAX_VALUE : Double.MAX_VALUE;
                max = Math.min(Math.max(max, -largest), largest);
                double sum = 0;
                for (int k = 0; k < size; k++) {
                    sum += Math.exp(in[base + k * inner] - max);
                }
                String what = "logsumexp dim " + dim + " of " + Arrays.toString(shape) + " " + x.dtype() + " at "
                        + (o * inner + j);
                close(what, Math.log(sum) + max, got[o * inner + j], f32, 4 + Math.sqrt(size) / 2);
            }
        }
    }

    private static int[] dropDim(int[] shape, int dim) {
        int[] s = new int[shape.length - 1];
        for (int d = 0, i = 0; d < shape.length; d++) {
            if (d != dim) {
                s[i++] = shape[d];
            }
        }
        return s;
    }

    @Test
    void nanAndInfiniteRowsFollowTheStableFormula() {
        double inf = Double.POSITIVE_INFINITY;
        double[][] rows = {
            {1, Double.NaN, 2, 3}, {inf, 1, 2, 3}, {-inf, -inf, -inf, -inf}, {-inf, 0, -inf, 1}, {inf, inf, 0, 0},
            {-inf, inf, 5, -3}, {1e30, -1e30, 0, 3}, {-80, -90, -100, -110},
        };
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int width : new int[] {4, 20}) {   // 20: the special values also inside a vector
                double[] data = new double[rows.length * width];
                for (int i = 0; i < rows.length; i++) {
                    for (int j = 0; j < width; j++) {
                        data[i * width + j] = j < 4 ? rows[i][j] : -2.0 - j;
                    }
                }
                Tensor x = Tensor.of(data, rows.length, width).to(dtype);
                Generator g = new Generator(1);
                for (boolean log : new boolean[] {false, true}) {
                    checkAgainstReference(x, 1, log, g);
                    checkAgainstReference(x, 0, log, g);
                }
            }
        }
    }

    @Test
    void emptyInputsGiveEmptyResultsAndGradients() {
        for (int[] shape : new int[][] {{0, 5}, {3, 0}, {2, 0, 4}}) {
            for (int d = 0; d < shape.length; d++) {
                for (boolean log : new boolean[] {false, true}) {
                    Tensor x = Tensor.zeros(shape).requiresGrad_(true);
                    Tensor y = log ? x.logSoftmax(d) : x.softmax(d);
                    assertTrue(Arrays.equals(shape, y.shape()), Arrays.toString(y.shape()));
                    y.sum().backward();
                    assertTrue(Arrays.equals(shape, x.grad().shape()));
                }
            }
        }
    }

    /**
     * Forward against a float64 reference of the stable formula, within {@code 4 + sqrt(size) / 2} ulps of
     * max(|value|, 1) in the tensor's dtype (exp within an ulp; the row sums' rounding grows with the row); the gradient of {@code (y * w).sum()} against the reference formulas, within
     * 1e-5 (float32) / 1e-12 (float64) of the largest term.
     */
    private static void checkAgainstReference(Tensor x0, int dim, boolean log, Generator g) {
        Tensor x = x0.detach().requiresGrad_(true);
        boolean f32 = x.dtype() == DType.FLOAT32;
        int[] shape = x.shape();
        Tensor y = log ? x.logSoftmax(dim) : x.softmax(dim);
        double[] in = x.detach().contiguous().toDoubleArray();
        double[] ref = new double[in.length];
        int[] outerSizeInner = CpuFused.outerSizeInner(shape, dim);
        int outer = outerSizeInner[0];
        int size = outerSizeInner[1];
        int inner = outerSizeInner[2];
        String what = (log ? "log_softmax" : "softmax") + " dim " + dim + " of " + Arrays.toString(shape) + " "
                + x.dtype();
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int base = o * size * inner + j;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < size; k++) {
                    max = Math.max(max, in[base + k * inner]);
                }
                double sum = 0;   // Neumaier's compensated sum: the reference's own rounding stays below an ulp
                double c = 0;
                for (int k = 0; k < size; k++) {
                    double e = Math.exp(in[base + k * inner] - max);
                    double t = sum + e;
                    c += Math.abs(sum) >= Math.abs(e) ? (sum - t) + e : (e - t) + sum;
                    sum = t;
                }
                sum += c;
                for (int k = 0; k < size; k++) {
                    int i = base + k * inner;
                    ref[i] = log ? (in[i] - max) - Math.log(sum) : Math.exp(in[i] - max) / sum;
                }
            }
        }
        double[] got = y.detach().contiguous().toDoubleArray();
        for (int i = 0; i < ref.length; i++) {
            close(what + " at " + i, ref[i], got[i], f32, 4 + Math.sqrt(size) / 2);
        }
        // backward with a random upstream gradient
        Tensor w = Tensor.randn(g, shape).to(x.dtype());
        y.mul(w).sum().backward();
        double[] gw = w.toDoubleArray();
        double[] gx = x.grad().contiguous().toDoubleArray();
        double[] refOut = got;   // the kernels differentiate through their own output
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int base = o * size * inner + j;
                double s = 0;
                double scale = 0;
                for (int k = 0; k < size; k++) {
                    int i = base + k * inner;
                    s += log ? gw[i] : gw[i] * refOut[i];
                    scale = Math.max(scale, Math.abs(gw[i]));
                }
                for (int k = 0; k < size; k++) {
                    int i = base + k * inner;
                    double want = log ? gw[i] - Math.exp(refOut[i]) * s : refOut[i] * (gw[i] - s);
                    double tol = (f32 ? 1e-5 : 1e-12) * Math.max(1, scale * size);
                    if (Double.isNaN(want) || Double.isNaN(gx[i])) {
                        assertEquals(Double.isNaN(want), Double.isNaN(gx[i]), what + " gradient at " + i);
                    } else {
                        assertEquals(want, gx[i], tol, what + " gradient at " + i);
                    }
                }
            }
        }
    }

    private static void close(String what, double want, double got, boolean f32, double ulps) {
        if (Double.isNaN(want) || Double.isInfinite(want)) {
            assertEquals(want, got, 0.0, what);
            return;
        }
        double scale = Math.max(Math.abs(want), 1.0);
        double tol = ulps * (f32 ? Math.ulp((float) scale) : Math.ulp(scale));
        assertEquals(want, got, tol, what);
    }
}

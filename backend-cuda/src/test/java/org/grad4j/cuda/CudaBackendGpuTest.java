package org.grad4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

import jcuda.driver.JCudaDriver;
import org.grad4j.DType;
import org.grad4j.spi.Availability;
import org.grad4j.spi.Backend;
import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.Buffer;
import org.grad4j.spi.Strided;
import org.grad4j.spi.UnaryOp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What only a GPU has: host-device transfers, the caching allocator, device memory over a long run. Every
 * primitive's values are checked by the shared suite ({@code PrimitiveConformance}, run on CUDA by
 * {@link CudaConformanceTest}). Needs a CUDA device; elsewhere every test is skipped with the provider's reason.
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

    static double[] data(int n, long seed) {
        Random r = new Random(seed);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextGaussian() * 2;
        }
        return d;
    }

    static double[] down(Buffer b) {
        double[] d = new double[b.length()];
        be.download(b, 0, d);
        return d;
    }

    static void assertSame(double expected, double actual, String what) {
        if (Double.doubleToLongBits(expected) != Double.doubleToLongBits(actual)
                && !(Double.isNaN(expected) && Double.isNaN(actual))) {
            fail(what + ": expected " + expected + " but got " + actual);
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

    @Test
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

    @Test
    void hundredThousandStepsKeepDeviceMemoryFlat() {
        CudaBackend cb = (CudaBackend) be;
        long[] free0 = {0};
        long[] total = {0};
        long[] free1 = {0};
        int[] shape = {256};
        try (Buffer w = be.upload(data(256, 80), DType.FLOAT32)) {
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

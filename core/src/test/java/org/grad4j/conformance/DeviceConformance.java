package org.grad4j.conformance;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;
import java.util.function.ToDoubleFunction;

import com.fasterxml.jackson.databind.JsonNode;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.spi.Availability;
import org.grad4j.spi.Backend;
import org.grad4j.spi.BackendProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/** Base of the conformance parts: the device under test, its backend, and comparisons. */
public abstract class DeviceConformance {
    /** The device under test. */
    protected abstract Device device();

    private static final Map<Device, Object> BACKENDS = new ConcurrentHashMap<>();

    /** The device of the test running now, for static helpers and nested classes of moved tests. */
    private static volatile Device underTest = Device.CPU;

    /** Skips the test where the device is unavailable, and publishes the device for {@link #dev()}. */
    @BeforeEach
    void selectDevice() {
        backend();
        underTest = device();
    }

    /**
     * The device under test, for code that has no instance at hand (static helpers, nested classes,
     * worker threads). Tests run one at a time within a JVM's suite; set before each test.
     *
     * @return the device of the test now running
     */
    protected static Device dev() {
        return underTest;
    }

    /**
     * The backend of {@link #device()}, found once per device by ServiceLoader from the device type;
     * skips the calling test (assumption) when the provider says the device is unavailable.
     */
    protected Backend backend() {
        Object found = BACKENDS.computeIfAbsent(device(), DeviceConformance::open);
        if (found instanceof Availability a) {
            Assumptions.assumeTrue(false, () -> device() + " unavailable: " + a.detail());
        }
        return (Backend) found;
    }

    private static Object open(Device device) {
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, DeviceConformance.class.getClassLoader())) {
            if (p.deviceType().equals(device.type())) {
                Availability a = p.availability();
                return a.available() ? p.backend(device.index()) : a;
            }
        }
        throw new AssertionError("no BackendProvider for device type '" + device.type() + "' on the class path");
    }

    /** Relative tolerance for a dtype: PyTorch parity (1e-12 float64, 1e-5 float32). */
    static double rtol(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
    }

    /**
     * Backpropagates {@code (out * w).sum()} and checks each leaf's gradient against PyTorch's golden
     * {@code grads} (shape and values within {@code rtol} of the gradient's dtype); a null golden entry is
     * an input PyTorch gives no gradient, and is skipped.
     */
    static void assertGradients(String what, Tensor out, Tensor w, Tensor[] leaves, JsonNode grads,
                                ToDoubleFunction<DType> rtol) {
        out.mul(w).sum().backward();
        for (int i = 0; i < leaves.length; i++) {
            JsonNode eg = grads.get(i);
            if (eg == null || eg.isNull()) {
                continue;
            }
            Tensor g = leaves[i].grad();
            if (g == null) {
                throw new AssertionError(what + ": input " + i + " got no gradient");
            }
            int[] shape = Golden.ints(eg.get("shape"));
            if (!java.util.Arrays.equals(shape, g.shape())) {
                throw new AssertionError(what + ": gradient shape of input " + i + ": expected "
                        + java.util.Arrays.toString(shape) + " but was " + java.util.Arrays.toString(g.shape()));
            }
            assertClose(what + ": gradient of input " + i, Golden.numbers(eg.get("data")), g.toDoubleArray(),
                    rtol.applyAsDouble(g.dtype()), false);
        }
    }

    /**
     * Asserts {@code |actual - expected| <= rtol*|expected| + floor} elementwise, with the absolute floor
     * {@code rtol * max(1, max|expected|)}; NaNs must match NaNs. With {@code exact}, bit equality.
     * Zeros must carry the expected sign in both modes: PyTorch's -0.0 is not grad4j's +0.0.
     */
    static void assertClose(String what, double[] expected, double[] actual, double rtol, boolean exact) {
        assertClose(what, expected, actual, rtol, exact, i -> false);
    }

    /**
     * {@link #assertClose(String, double[], double[], double, boolean)} with the sign of a zero left unchecked at
     * the elements where {@code signFree} holds: only where PyTorch's own sign depends on its code path rather
     * than on the op, each such exception named and explained at its call.
     */
    static void assertClose(String what, double[] expected, double[] actual, double rtol, boolean exact,
                            IntPredicate signFree) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": expected " + expected.length + " values, got " + actual.length);
        }
        double scale = 1.0;
        for (double e : expected) {
            if (Double.isFinite(e)) {
                scale = Math.max(scale, Math.abs(e));
            }
        }
        double floor = rtol * scale;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            boolean ok;
            if (Double.isNaN(e) || Double.isNaN(a) || Double.isInfinite(e)) {
                ok = Double.isNaN(e) ? Double.isNaN(a) : e == a;
            } else if (exact) {
                ok = e == a;
            } else {
                ok = Math.abs(a - e) <= rtol * Math.abs(e) + floor;
            }
            if (ok && e == 0.0 && a == 0.0 && Double.doubleToRawLongBits(e) != Double.doubleToRawLongBits(a)
                    && !signFree.test(i)) {
                throw new AssertionError(what + ": element " + i + " expected " + e + " (bits 0x"
                        + Long.toHexString(Double.doubleToRawLongBits(e)) + ") but got " + a + " (bits 0x"
                        + Long.toHexString(Double.doubleToRawLongBits(a)) + "): the sign of zero differs");
            }
            if (!ok) {
                throw new AssertionError(what + ": element " + i + " expected " + e + " (" + Double.toHexString(e) + ") but got "
                        + a + " (" + Double.toHexString(a) + ")" + (exact ? ", bit-exact required"
                        : ", |diff| " + Math.abs(a - e) + " > " + (rtol * Math.abs(e) + floor)));
            }
        }
    }
}

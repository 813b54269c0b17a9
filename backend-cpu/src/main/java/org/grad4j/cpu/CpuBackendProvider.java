package org.grad4j.cpu;

import com.google.auto.service.AutoService;

import org.grad4j.spi.Availability;
import org.grad4j.spi.Backend;
import org.grad4j.spi.BackendProvider;

/** Registers the pure-Java CPU backend ({@code -Dgrad4j.device=cpu}, the default). */
@AutoService(BackendProvider.class)
public final class CpuBackendProvider implements BackendProvider {
    /** Creates the provider; the backend itself is created on first use. */
    public CpuBackendProvider() {
    }

    @Override
    public String deviceType() {
        return "cpu";
    }

    /** The status with the Vector API's final answer (waits for its probe: Info's report and Backends.describe). */
    @Override
    public Availability availability() {
        return describe(VectorProbe.SHARED.result());
    }

    /**
     * The status without waiting for the Vector API probe, which this starts on a daemon thread: the line logged
     * when the backend opens says so while the probe runs, rather than putting its 50-80 ms on the caller's thread.
     * The setting and the module's presence are known at once; only the kernel's self-test can be pending.
     */
    @Override
    public Availability availabilityNow() {
        VectorProbe.SHARED.start();
        VectorProbe.Result r = VectorProbe.SHARED.now();
        if (r != null) {
            return describe(r);
        }
        VectorProbe.Result quick = quickResult();
        return quick != null ? describe(quick) : available("Vector API GEMM if its self-test passes (jdk.incubator.vector; "
                + "the self-test is running in the background)");
    }

    /** The probe's answer when the setting or the missing module decides it without the self-test, else null. */
    private static VectorProbe.Result quickResult() {
        if (!org.grad4j.Config.getBoolean("grad4j.cpu.vectorApi", true)
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return VectorProbe.check();
        }
        return null;
    }

    private static Availability describe(VectorProbe.Result r) {
        return available((r.available() ? "Vector API GEMM" : "plain-Java GEMM, the slow path") + " (" + r.why() + ")");
    }

    private static Availability available(String gemm) {
        // threads, not only cores: a Spark executor given one core should say it uses one (grad4j.cpu.threads)
        return Availability.available("pure Java, " + Runtime.getRuntime().availableProcessors() + " cores, "
                + Workers.THREADS + (Workers.THREADS == 1 ? " thread, " : " threads, ") + gemm);
    }

    @Override
    public int deviceCount() {
        return 1;
    }

    @Override
    public Backend backend(int index) {
        if (index != 0) {
            throw new IllegalArgumentException("cpu: there is one CPU device (index 0), got index " + index);
        }
        return CpuBackend.INSTANCE;
    }
}

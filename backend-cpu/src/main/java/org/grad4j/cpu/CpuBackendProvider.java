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

    @Override
    public Availability availability() {
        // threads, not only cores: a Spark executor given one core should say it uses one (grad4j.cpu.threads)
        return Availability.available("pure Java, " + Runtime.getRuntime().availableProcessors() + " cores, "
                + Workers.THREADS + (Workers.THREADS == 1 ? " thread, " : " threads, ")
                + (Gemms.vectorAvailable() ? "Vector API GEMM" : "plain-Java GEMM, the slow path") + " (" + VectorGemm.why() + ")");
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

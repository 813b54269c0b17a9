package org.grad4j.cuda;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.grad4j.spi.Availability;
import org.grad4j.spi.Backend;
import org.grad4j.spi.BackendProvider;

/**
 * The {@code cuda} backend provider (JCuda and cuBLAS 12.6.0). Constructing it loads nothing;
 * {@link #availability()} probes once, lazily, and turns every way the GPU can be unusable (JCuda's
 * natives missing, no or too old NVIDIA driver, no device, a device older than compute
 * capability 7.5, no {@code libcublas.so.12}, {@code cublasCreate} or the kernels failing) into a
 * reason, never an exception.
 */
@AutoService(BackendProvider.class)
public final class CudaBackendProvider implements BackendProvider {
    private final Object lock = new Object();
    private volatile Availability availability;
    private int deviceCount;
    /**
     * One backend per device for the whole process, whichever provider instance asked first: the
     * one that {@code ServiceLoader} made and one a benchmark or test made share a device's
     * allocator, cuBLAS handle and counters.
     */
    private static final Map<Integer, CudaBackend> BACKENDS = new ConcurrentHashMap<>();

    /** A provider that has not touched native code yet. */
    public CudaBackendProvider() {
    }

    @Override
    public String deviceType() {
        return "cuda";
    }

    @Override
    public Availability availability() {
        Availability a = availability;
        if (a == null) {
            synchronized (lock) {
                a = availability;
                if (a == null) {
                    try {
                        a = probe();
                    } catch (Throwable t) {
                        a = Availability.unavailable("probing CUDA failed unexpectedly: " + describe(t));
                    }
                    availability = a;
                }
            }
        }
        return a;
    }

    @Override
    public int deviceCount() {
        return availability().available() ? deviceCount : 0;
    }

    @Override
    public Backend backend(int index) {
        if (!availability().available()) {
            throw new IllegalStateException("cuda backend unavailable: " + availability().detail());
        }
        if (index < 0 || index >= deviceCount) {
            throw new IllegalArgumentException("cuda:" + index + " does not exist; this machine has "
                    + deviceCount + " CUDA device(s) (cuda:0 .. cuda:" + (deviceCount - 1) + ")");
        }
        return BACKENDS.computeIfAbsent(index, CudaBackend::new);
    }

    /** Runs under {@link #lock}. */
    private Availability probe() {
        List<String> problems = new ArrayList<>();
        String driverProblem = probeDriver();
        if (driverProblem != null) {
            problems.add(driverProblem);
        }
        String blasProblem = probeCublas();
        if (blasProblem != null) {
            problems.add(blasProblem);
        }
        if (!problems.isEmpty()) {
            return Availability.unavailable(String.join("; and ", problems));
        }
        // Everything loads: describe the devices, then make sure cuda:0's context, kernels and
        // cuBLAS handle really come up.
        StringBuilder desc = new StringBuilder();
        int[] drv = {0};
        jcuda.runtime.JCuda.cudaDriverGetVersion(drv);
        for (int i = 0; i < deviceCount; i++) {
            jcuda.runtime.cudaDeviceProp p = new jcuda.runtime.cudaDeviceProp();
            int rc = jcuda.runtime.JCuda.cudaGetDeviceProperties(p, i);
            if (rc != 0) {
                return Availability.unavailable("cudaGetDeviceProperties(" + i + ") returned " + runtimeError(rc));
            }
            if (p.major * 10 + p.minor < 75) {
                return Availability.unavailable("cuda:" + i + " (" + p.getName() + ") has compute capability "
                        + p.major + "." + p.minor + "; grad4j's CUDA kernels need 7.5 or newer");
            }
            desc.append(i == 0 ? "" : ", ").append("cuda:").append(i).append(' ').append(p.getName())
                    .append(" (compute capability ").append(p.major).append('.').append(p.minor).append(')');
        }
        desc.append("; driver for CUDA ").append(drv[0] / 1000).append('.').append(drv[0] % 1000 / 10);
        try {
            BACKENDS.computeIfAbsent(0, CudaBackend::new);
        } catch (Throwable t) {
            return Availability.unavailable("cuda:0 failed to initialise: " + describe(t));
        }
        return Availability.available(desc.toString());
    }

    /** Loads JCuda's runtime and driver bindings and counts devices; null when all is well. */
    private String probeDriver() {
        int[] count = {0};
        int rc;
        try {
            rc = jcuda.runtime.JCuda.cudaGetDeviceCount(count);
        } catch (Throwable t) {
            return "JCuda's native runtime library cannot be loaded (" + describe(t) + ")";
        }
        if (rc == jcuda.runtime.cudaError.cudaErrorInsufficientDriver) {
            return "no usable NVIDIA driver: cudaGetDeviceCount returned " + runtimeError(rc)
                    + " (libcuda.so.1 is missing or its driver is older than CUDA 12.0)";
        }
        if (rc == jcuda.runtime.cudaError.cudaErrorNoDevice) {
            return "no CUDA device: cudaGetDeviceCount returned " + runtimeError(rc);
        }
        if (rc != 0) {
            return "cudaGetDeviceCount returned " + runtimeError(rc);
        }
        if (count[0] <= 0) {
            return "no CUDA device: cudaGetDeviceCount found 0";
        }
        try {
            int init = jcuda.driver.JCudaDriver.cuInit(0);
            if (init != 0) {
                return "cuInit returned " + init + " " + jcuda.driver.CUresult.stringFor(init);
            }
        } catch (Throwable t) {
            return "JCuda's driver-API library cannot be loaded (" + describe(t) + "; it needs libcuda.so.1)";
        }
        deviceCount = count[0];
        return null;
    }

    /** Result of the first {@link #probeCublas()}: native loading happens once per JVM. */
    private static volatile String[] cublasProbe;

    /** Loads JCublas2 (which links libcublas.so.12); null when it loads. The answer is per JVM. */
    static synchronized String probeCublas() {
        if (cublasProbe == null) {
            cublasProbe = new String[] {loadCublas()};
        }
        return cublasProbe[0];
    }

    private static String loadCublas() {
        try {
            jcuda.jcublas.JCublas2.initialize();
            return null;
        } catch (Throwable t) {
            String d = describe(t);
            return "cuBLAS 12 cannot be loaded" + (d.contains("libcublas") ? "" : " (libcublas.so.12 is needed)")
                    + ": " + d;
        }
    }

    private static String runtimeError(int rc) {
        String name;
        try {
            name = jcuda.runtime.cudaError.stringFor(rc);
        } catch (Throwable t) {
            name = "?";
        }
        return rc + " " + name;
    }

    private static final java.util.regex.Pattern MISSING_LIB =
            java.util.regex.Pattern.compile("(lib[\\w.+-]+\\.so[\\w.]*): cannot open shared object file");

    /**
     * A one-line account of {@code t}: a missing shared library when the linker named one
     * (JCuda's messages carry whole stack traces), else the first line of each cause.
     */
    static String describe(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            all.append(c).append('\n');
        }
        java.util.regex.Matcher m = MISSING_LIB.matcher(all);
        if (m.find()) {
            return m.group(1) + " not found (" + m.group(0) + ")";
        }
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(c.getClass().getSimpleName());
            String msg = c.getMessage();
            if (msg != null) {
                String first = msg.strip().lines().findFirst().orElse("");
                sb.append(": ").append(first.length() > 200 ? first.substring(0, 200) + "..." : first);
            }
        }
        return sb.toString();
    }
}

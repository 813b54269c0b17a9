package org.grad4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;

import org.grad4j.spi.Availability;
import org.grad4j.spi.BackendProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Runs everywhere: the provider is found, and on a GPU-less machine says why it cannot run. The
 * timing test runs first so that it pays for loading JCuda's natives.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CudaAvailabilityTest {

    @Test
    @Order(2)
    void foundByServiceLoader() {
        boolean found = ServiceLoader.load(BackendProvider.class).stream()
                .anyMatch(p -> p.type() == CudaBackendProvider.class);
        assertTrue(found, "CudaBackendProvider is not registered in META-INF/services");
    }

    @Test
    @Order(1)
    void availabilityNeverThrowsAndIsFastAndCached() {
        CudaBackendProvider p = new CudaBackendProvider();
        assertEquals("cuda", p.deviceType());
        long t0 = System.nanoTime();
        Availability a = p.availability();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("cuda availability (%.3f s): %s%n", seconds, a);
        assertNotNull(a.detail());
        assertFalse(a.detail().isBlank());
        assertTrue(seconds < 2.0, "availability took " + seconds + " s");
        assertSame(a, p.availability(), "availability must be computed once");
        if (!a.available()) {
            assertEquals(0, p.deviceCount());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.backend(0));
            assertTrue(e.getMessage().contains(a.detail()), e.getMessage());
        }
    }

    /** Where no NVIDIA driver is installed (this build machine), the reason names the driver. */
    @Test
    void noDriverIsNamed() {
        Assumptions.assumeFalse(hasLib("libcuda.so.1"), "an NVIDIA driver (libcuda.so.1) is installed here");
        Availability a = new CudaBackendProvider().availability();
        assertFalse(a.available(), a.toString());
        assertTrue(a.detail().contains("driver"), a.detail());
        assertTrue(a.detail().contains("cudaErrorInsufficientDriver") || a.detail().contains("libcuda"), a.detail());
    }

    /** Where libcublas.so.12 is absent, loading JCublas2 fails and the reason names the library. */
    @Test
    void missingCublasIsNamed() {
        Assumptions.assumeFalse(hasLib("libcublas.so.12"), "libcublas.so.12 is installed here");
        String reason = CudaBackendProvider.probeCublas();
        System.out.println("cuBLAS probe: " + reason);
        assertNotNull(reason, "JCublas2 loaded although libcublas.so.12 was not found");
        assertTrue(reason.contains("libcublas"), reason);
        Availability a = new CudaBackendProvider().availability();
        assertTrue(a.detail().contains("libcublas"), a.detail());
    }

    /** Whether the dynamic linker would find {@code name} (ldconfig cache or LD_LIBRARY_PATH). */
    static boolean hasLib(String name) {
        try {
            Process p = new ProcessBuilder("/sbin/ldconfig", "-p").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            if (out.contains(name)) {
                return true;
            }
        } catch (Exception e) {
            // fall through to the path search
        }
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            for (String dir : ld.split(":")) {
                if (!dir.isEmpty() && Files.exists(Path.of(dir, name))) {
                    return true;
                }
            }
        }
        return false;
    }
}

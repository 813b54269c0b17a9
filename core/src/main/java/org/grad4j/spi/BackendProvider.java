package org.grad4j.spi;

/**
 * Entry point of a backend, found with {@link java.util.ServiceLoader}. Register an implementation
 * with {@code @AutoService(BackendProvider.class)} (or a {@code provides} clause in module-info).
 *
 * <p>A provider must be cheap to construct and must not load native code or touch a device
 * before {@link #availability()} is called; {@code availability()} must never throw.
 */
public interface BackendProvider {
    /** The device type this provider serves, as written in {@code -Dgrad4j.device}: {@code cpu}, {@code cuda}. */
    String deviceType();

    /** Whether this backend can run on this machine, and why not. Computed once, never throws. */
    Availability availability();

    /** Number of devices of this type; only meaningful when available. */
    int deviceCount();

    /**
     * The backend of device {@code index}. Called only when {@link #availability()} says available
     * and {@code 0 <= index < deviceCount()}; the same instance is returned for the same index.
     */
    Backend backend(int index);
}

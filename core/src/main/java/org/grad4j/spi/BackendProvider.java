package org.grad4j.spi;

/**
 * Entry point of a backend, found with {@link java.util.ServiceLoader}. Register an implementation
 * with {@code @AutoService(BackendProvider.class)} (or a {@code provides} clause in module-info).
 *
 * <p>A provider must be cheap to construct and must not load native code or touch a device
 * before {@link #availability()} is called; {@code availability()} must never throw.
 */
public interface BackendProvider {
    /**
     * The device type this provider serves, as written in {@code -Dgrad4j.device}: {@code cpu}, {@code cuda}.
     *
     * @return the lower-case device type
     */
    String deviceType();

    /**
     * Whether this backend can run on this machine, and why not. Computed once, never throws.
     *
     * @return whether the backend is usable here, with a detail or the reason it is not
     */
    Availability availability();

    /**
     * {@link #availability()} as far as it is known now, without waiting for checks the provider runs in the
     * background (the CPU backend's Vector API self-test); what opening the backend logs and what
     * {@code Device.isAvailable()} asks, so that neither waits for them. Never throws.
     *
     * @return whether the backend is usable here, with a detail that may say what is still being checked
     */
    default Availability availabilityNow() {
        return availability();
    }

    /**
     * Number of devices of this type; only meaningful when available.
     *
     * @return the number of devices of this type
     */
    int deviceCount();

    /**
     * The backend of device {@code index}. Called only when {@link #availability()} says available
     * and {@code 0 <= index < deviceCount()}; the same instance is returned for the same index.
     *
     * @param index the device ordinal, from 0
     * @return the backend of that device
     */
    Backend backend(int index);
}

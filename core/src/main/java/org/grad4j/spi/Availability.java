package org.grad4j.spi;

/**
 * Whether a provider can run here, and a one-line reason or description.
 *
 * @param available whether {@link BackendProvider#backend(int)} may be called
 * @param detail    for an available backend a description (device names); otherwise why not
 */
public record Availability(boolean available, String detail) {
    /**
     * An available backend, described by {@code detail}.
     *
     * @param detail a human-readable description, e.g. the device name
     * @return an availability that says available
     */
    public static Availability available(String detail) {
        return new Availability(true, detail);
    }

    /**
     * An unusable backend, and why.
     *
     * @param reason a human-readable reason it cannot be used
     * @return an availability that says unavailable
     */
    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }

    @Override
    public String toString() {
        return (available ? "available: " : "unavailable: ") + detail;
    }
}

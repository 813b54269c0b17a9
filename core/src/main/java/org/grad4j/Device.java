package org.grad4j;

import java.util.Locale;

/**
 * A device: a type served by a backend ({@code cpu}, {@code cuda}) and an index.
 * Written as in PyTorch: {@code "cpu"}, {@code "cuda"}, {@code "cuda:1"}.
 *
 * @param type  device type, lower case
 * @param index device index, 0 for the CPU
 */
public record Device(String type, int index) {
    /** The system property that selects the default device: {@code -Dgrad4j.device=cpu|cuda|cuda:N}. */
    public static final String PROPERTY = "grad4j.device";

    /** The CPU. */
    public static final Device CPU = new Device("cpu", 0);

    /**
     * Validates the components.
     *
     * @param type the device type, e.g. {@code cpu} or {@code cuda}
     * @param index the device ordinal, non-negative
     */
    public Device {
        if (type == null || type.isEmpty() || !type.chars().allMatch(Character::isLetterOrDigit)) {
            throw new IllegalArgumentException("Device: expected a device type such as 'cpu' or 'cuda', got '" + type + "'");
        }
        if (index < 0) {
            throw new IllegalArgumentException("Device: index must be >= 0, got " + index + " for '" + type + "'");
        }
    }

    /**
     * Parses {@code "cpu"}, {@code "cuda"} or {@code "cuda:N"}. Does not check that the device
     * exists; {@link Tensor} creation on it does.
     *
     * @param spec the device string, e.g. {@code cuda:1}
     * @return the device
     * @throws IllegalArgumentException if {@code spec} is not of that form
     */
    public static Device of(String spec) {
        if (spec == null) {
            throw new IllegalArgumentException("Device.of: expected a device such as 'cpu', 'cuda' or 'cuda:0', got null");
        }
        String s = spec.trim().toLowerCase(Locale.ROOT);
        int colon = s.indexOf(':');
        if (colon < 0) {
            return new Device(s, 0);
        }
        try {
            return new Device(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Device.of: expected 'type' or 'type:index' such as 'cuda:0', got '" + spec + "'");
        }
    }

    /**
     * The device named by {@code -Dgrad4j.device}, or the CPU when the property is unset.
     *
     * @return the configured device
     */
    public static Device fromSystemProperty() {
        String spec = Config.get(PROPERTY);
        return spec == null || spec.isBlank() ? CPU : of(spec);
    }

    /**
     * Whether tensors can be created on this device: a backend for its type is on the class path, is
     * usable (for CUDA: driver, GPU and cuBLAS found) and has this index; like PyTorch's
     * {@code torch.cuda.is_available()} for {@code Device.of("cuda").isAvailable()}. Never throws and
     * never opens the backend. {@link Info} prints the reason when it is not.
     *
     * @return true when the device can be used
     */
    public boolean isAvailable() {
        return Backends.unusableReason(this) == null;
    }

    /**
     * The record's equality (same type and index), written out: the generated one links a method-handle tree
     * on first use (about 15 spun classes, and slow while the JVM interprets it), which every op's device check
     * paid at the start of a run.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Device d && index == d.index && type.equals(d.type);
    }

    /** The record's hash: {@code 31 * type.hashCode() + index}. */
    @Override
    public int hashCode() {
        return 31 * type.hashCode() + index;
    }

    /** PyTorch's spelling: {@code cpu}, {@code cuda:0}. */
    @Override
    public String toString() {
        return type.equals("cpu") ? "cpu" : type + ":" + index;
    }
}

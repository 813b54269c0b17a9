package org.grad4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

import org.grad4j.spi.Availability;
import org.grad4j.spi.Backend;
import org.grad4j.spi.BackendProvider;

/** The providers on the class path (or module path), and the backend serving each device. */
final class Backends {
    private static final Map<Device, Backend> BY_DEVICE = new ConcurrentHashMap<>();
    private static volatile List<BackendProvider> providers;
    private static volatile Device defaultDevice;

    private Backends() {
    }

    static List<BackendProvider> providers() {
        List<BackendProvider> found = providers;
        if (found == null) {
            synchronized (Backends.class) {
                found = providers;
                if (found == null) {
                    found = load();
                    providers = found;
                }
            }
        }
        return found;
    }

    private static List<BackendProvider> load() {
        List<BackendProvider> list = new ArrayList<>();
        ServiceLoader<BackendProvider> loader = ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader());
        var it = loader.iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                list.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                System.getLogger("org.grad4j").log(System.Logger.Level.WARNING, "grad4j: skipping a backend provider that failed to load: " + e);
            }
        }
        return List.copyOf(list);
    }

    /** The device named by {@code -Dgrad4j.device}, read once. */
    static Device defaultDevice() {
        Device d = defaultDevice;
        if (d == null) {
            d = Device.fromSystemProperty();
            defaultDevice = d;
        }
        return d;
    }

    static Backend get(Device device) {
        Backend b = BY_DEVICE.get(device);
        return b != null ? b : BY_DEVICE.computeIfAbsent(device, Backends::open);
    }

    private static Backend open(Device device) {
        for (BackendProvider p : providers()) {
            if (!p.deviceType().equals(device.type())) {
                continue;
            }
            Availability a = safeAvailabilityNow(p);
            if (!a.available()) {
                throw new IllegalStateException("device '" + device + "' is unavailable: " + a.detail()
                        + "\n" + whatToDo(device) + "\n" + describe());
            }
            if (device.index() >= p.deviceCount()) {
                throw new IllegalStateException("device '" + device.type() + ":" + device.index() + "' does not exist: "
                        + p.deviceCount() + " " + device.type() + " device(s) found (indices 0 to " + (p.deviceCount() - 1)
                        + ")\n" + describe());
            }
            Backend backend = p.backend(device.index());
            announce("grad4j: using " + device + " (" + a.detail() + ")");
            return backend;
        }
        throw new IllegalStateException("device '" + device + "': " + noBackend(device.type()) + "\n" + describe());
    }

    /**
     * Logs the INFO line of a device's opening on a short-lived thread of its own. The process's first record
     * through {@code System.Logger} sets up java.util.logging (its configuration, the console handler, the caller
     * lookup, the time zone of the record's date): 70-85 ms of CPU and ~365 classes on this project's 2-core VM,
     * which the first operation's caller, a fresh program's main thread, would otherwise wait for (PERFORMANCE.md,
     * eighth session). Not a daemon, so a program that ends normally still prints the line.
     */
    private static void announce(String message) {
        new Announcer(message).start();
    }

    /** {@link #announce}'s thread (a class of its own, not a lambda: no class to spin on the caller). */
    private static final class Announcer extends Thread {
        private final String message;

        Announcer(String message) {
            super("grad4j-log");
            this.message = message;
            setDaemon(false);
        }

        @Override
        public void run() {
            logOpened(message);
        }
    }

    /** The logging call itself, named so that java.util.logging's caller lookup names it. */
    private static void logOpened(String message) {
        System.getLogger("org.grad4j").log(System.Logger.Level.INFO, message);
    }

    /** The device types grad4j has backends for, whether or not they are on the class path. */
    private static final List<String> KNOWN_TYPES = List.of("cpu", "cuda");

    /**
     * Why {@code device} cannot be used (no backend, backend unavailable, index out of range), or
     * null when it can; never opens a backend.
     */
    static String unusableReason(Device device) {
        for (BackendProvider p : providers()) {
            if (!p.deviceType().equals(device.type())) {
                continue;
            }
            Availability a = safeAvailabilityNow(p);
            if (!a.available()) {
                return a.detail();
            }
            int count;
            try {
                count = p.deviceCount();
            } catch (RuntimeException | LinkageError e) {
                return "deviceCount failed: " + e;
            }
            return device.index() < count ? null
                    : device.type() + ":" + device.index() + " does not exist (" + count + " " + device.type() + " device(s) found)";
        }
        return noBackend(device.type());
    }

    /** The message for a device type no provider on the class path serves. */
    static String noBackend(String type) {
        if (KNOWN_TYPES.contains(type)) {
            return "no backend for '" + type + "' on the class path (add the artifact org.grad4j:grad4j-backend-" + type + ")";
        }
        String guess = switch (type) {
            case "gpu", "nvidia", "cuda0", "cude", "cdua" -> " Did you mean 'cuda'?";
            case "cpus", "host" -> " Did you mean 'cpu'?";
            default -> "";
        };
        return "grad4j has no '" + type + "' device type; expected one of " + KNOWN_TYPES + " (cuda:N for a GPU)." + guess;
    }

    /** What to do when a device cannot be used; appended to the failure's message. */
    static String whatToDo(Device device) {
        return "What to do: run org.grad4j.Info (from a checkout: mvn -B -ntp -q package -DskipTests -Dexample=Diagnostics) "
                + "to see every backend's status" + (device.type().equals("cuda")
                        ? "; the README's \"GPU requirements\" lists what CUDA needs (driver, GPU, cuBLAS 12)" : "")
                + "; to run on the CPU instead, drop -D" + Device.PROPERTY + " or set it to cpu; code that must run "
                + "anywhere can check Device.of(\"" + device.type() + "\").isAvailable() first.";
    }

    static Availability safeAvailability(BackendProvider p) {
        try {
            return p.availability();
        } catch (RuntimeException | LinkageError e) {
            return Availability.unavailable("availability check failed: " + e);
        }
    }

    /** {@link BackendProvider#availabilityNow()}, never throwing: opening a backend need not wait for background checks. */
    static Availability safeAvailabilityNow(BackendProvider p) {
        try {
            return p.availabilityNow();
        } catch (RuntimeException | LinkageError e) {
            return Availability.unavailable("availability check failed: " + e);
        }
    }

    /** One line per provider found: its device type, class and status. */
    static String describe() {
        StringBuilder sb = new StringBuilder("grad4j backends found:");
        List<BackendProvider> list = providers();
        if (list.isEmpty()) {
            sb.append("\n  (none: add grad4j-backend-cpu or grad4j-backend-cuda to the class path)");
        }
        for (BackendProvider p : list) {
            sb.append("\n  ").append(p.deviceType()).append(" [").append(p.getClass().getName()).append("] ")
                    .append(safeAvailability(p));
        }
        return sb.toString();
    }
}

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
    private static final System.Logger LOG = System.getLogger("org.grad4j");
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
                LOG.log(System.Logger.Level.WARNING, "grad4j: skipping a backend provider that failed to load: " + e);
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
            Availability a = safeAvailability(p);
            if (!a.available()) {
                throw new IllegalStateException("device '" + device + "' is unavailable: " + a.detail()
                        + "\n" + describe());
            }
            if (device.index() >= p.deviceCount()) {
                throw new IllegalStateException("device '" + device.type() + ":" + device.index() + "' does not exist: "
                        + p.deviceCount() + " " + device.type() + " device(s) found (indices 0 to " + (p.deviceCount() - 1)
                        + ")\n" + describe());
            }
            Backend backend = p.backend(device.index());
            LOG.log(System.Logger.Level.INFO, "grad4j: using " + device + " (" + a.detail() + ")");
            return backend;
        }
        throw new IllegalStateException("device '" + device + "': no backend for '" + device.type()
                + "' on the class path (add grad4j-backend-" + device.type() + ")\n" + describe());
    }

    static Availability safeAvailability(BackendProvider p) {
        try {
            return p.availability();
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

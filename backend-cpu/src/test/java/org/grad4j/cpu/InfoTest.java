package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.grad4j.Device;
import org.grad4j.Info;
import org.junit.jupiter.api.Test;

/** {@link Info}'s report with the CPU backend (and only it) on the class path. */
class InfoTest {
    private static String withDevice(String spec, Supplier<String> body) {
        String old = System.getProperty(Device.PROPERTY);
        try {
            if (spec == null) {
                System.clearProperty(Device.PROPERTY);
            } else {
                System.setProperty(Device.PROPERTY, spec);
            }
            return body.get();
        } finally {
            if (old == null) {
                System.clearProperty(Device.PROPERTY);
            } else {
                System.setProperty(Device.PROPERTY, old);
            }
        }
    }

    private static String line(String report, String key) {
        List<String> lines = Arrays.asList(report.split("\n"));
        return lines.stream().filter(l -> l.startsWith(key + ": ")).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + key + "' line in:\n" + report));
    }

    @Test
    void listsTheRuntimeTheCpuProviderAndTheDefaults() {
        String report = withDevice(null, Info::report);
        assertTrue(line(report, "Java").contains(System.getProperty("java.version")), report);
        assertTrue(line(report, "OS").contains(System.getProperty("os.arch")), report);
        assertTrue(report.contains("grad4j backends found:\n  cpu [" + CpuBackendProvider.class.getName()
                + "] available: pure Java, "), report);
        assertEquals("Default device: cpu (-Dgrad4j.device not set): usable", line(report, "Default device"));
        assertEquals("Default dtype: torch.float32", line(report, "Default dtype"));
        assertTrue(report.endsWith("\n"), report);
    }

    @Test
    void saysWhyAnUnusableDefaultDeviceCannotBeUsed() {
        assertEquals("Default device: tpu:1 (from -Dgrad4j.device): NOT USABLE: no backend for 'tpu' on the class "
                + "path (add grad4j-backend-tpu)", line(withDevice("tpu:1", Info::report), "Default device"));
        assertEquals("Default device: cpu:1 (from -Dgrad4j.device): NOT USABLE: cpu:1 does not exist (1 cpu device(s) "
                + "found)", line(withDevice("cpu:1", Info::report), "Default device"));
        assertTrue(line(withDevice("cuda:x", Info::report), "Default device")
                .startsWith("Default device: cuda:x (from -Dgrad4j.device): NOT USABLE: Device.of: expected"));
    }
}

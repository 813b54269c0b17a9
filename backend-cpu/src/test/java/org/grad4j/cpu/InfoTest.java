package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Info;
import org.grad4j.Tensor;
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
        assertEquals("Default device: tpu:1 (from -Dgrad4j.device): NOT USABLE: grad4j has no 'tpu' device type; expected "
                + "one of [cpu, cuda] (cuda:N for a GPU).", line(withDevice("tpu:1", Info::report), "Default device"));
        assertEquals("Default device: gpu (from -Dgrad4j.device): NOT USABLE: grad4j has no 'gpu' device type; expected "
                + "one of [cpu, cuda] (cuda:N for a GPU). Did you mean 'cuda'?", line(withDevice("gpu", Info::report),
                "Default device"));
        assertEquals("Default device: cpu:1 (from -Dgrad4j.device): NOT USABLE: cpu:1 does not exist (1 cpu device(s) "
                + "found)", line(withDevice("cpu:1", Info::report), "Default device"));
        assertTrue(line(withDevice("cuda:x", Info::report), "Default device")
                .startsWith("Default device: cuda:x (from -Dgrad4j.device): NOT USABLE: Device.of: expected"));
    }

    @Test
    void isAvailableAnswersWithoutOpeningAnything() {
        assertTrue(Device.CPU.isAvailable());
        assertFalse(Device.of("cpu:1").isAvailable());
        assertFalse(Device.of("cuda").isAvailable()); // no CUDA backend on this module's test class path
        assertFalse(Device.of("gpu").isAvailable());
    }

    @Test
    void usingAnUnavailableDeviceSaysWhatToDo() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Tensor.of(new double[] {1, 2}, DType.FLOAT32, Device.of("gpu"), 2));
        assertTrue(e.getMessage().startsWith("device 'gpu:0': grad4j has no 'gpu' device type; expected one of [cpu, cuda] "
                + "(cuda:N for a GPU). Did you mean 'cuda'?\ngrad4j backends found:"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> Tensor.of(new double[] {1, 2}, DType.FLOAT32, Device.of("cuda"), 2));
        assertTrue(e.getMessage().startsWith("device 'cuda:0': no backend for 'cuda' on the class path (add the artifact "
                + "org.grad4j:grad4j-backend-cuda)"), e.getMessage());
    }
}

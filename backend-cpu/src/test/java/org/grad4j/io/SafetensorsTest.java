package org.grad4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.grad4j.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoint saves killed with SIGKILL in a child JVM (on the CPU backend). The format and load
 * semantics are in the shared conformance suite ({@code SafetensorsConformance}).
 */
class SafetensorsTest {
    @TempDir
    Path dir;

    /**
     * The child's class path, from where the classes it needs were loaded: works under surefire and
     * under the JUnit console launcher (whose JVM's java.class.path holds only the launcher).
     */
    private static String childClassPath() throws java.net.URISyntaxException {
        List<String> entries = new ArrayList<>();
        for (Class<?> c : List.of(CheckpointWriterChild.class, Tensor.class, org.grad4j.cpu.CpuBackendProvider.class,
                org.ejml.data.DMatrixRMaj.class, org.ejml.data.FMatrixRMaj.class, org.ejml.dense.row.CommonOps_DDRM.class,
                org.ejml.dense.row.CommonOps_FDRM.class)) {
            String entry = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            if (!entries.contains(entry)) {
                entries.add(entry);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    @Test
    void aProcessKilledMidWriteLeavesTheOldOrTheNewCheckpoint() throws Exception {
        Path target = dir.resolve("big.safetensors");
        Safetensors.save(target, CheckpointWriterChild.generation(0));
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Random r = new Random(2024);
        int kills = 3;
        for (int k = 0; k < kills; k++) {
            Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", childClassPath(),
                    CheckpointWriterChild.class.getName(), target.toString()).redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null && !line.equals("ready")) {
                    // backend log lines
                }
                assertEquals("ready", line, "child did not start");
                Thread.sleep(20 + r.nextInt(400));
                child.destroyForcibly(); // SIGKILL on Unix
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            } finally {
                child.destroyForcibly();
            }
            Map<String, Tensor> loaded = Safetensors.load(target);
            double gen = loaded.get("gen").item();
            assertTrue(gen >= 1, "generation " + gen);
            double[] w = loaded.get("w").toDoubleArray();
            assertEquals(CheckpointWriterChild.N, w.length);
            for (double v : w) {
                if (v != gen) {
                    fail("checkpoint mixes generations: gen=" + gen + " but w holds " + v);
                }
            }
        }
        // The killed saves may have left temporaries; the next save removes them (their writers are dead).
        Safetensors.save(target, CheckpointWriterChild.generation(0));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("big.safetensors"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}

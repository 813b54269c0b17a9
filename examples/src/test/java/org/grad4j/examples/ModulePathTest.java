package org.grad4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The tests themselves run on the class path; this one starts SeedRun on the module path (core and
 * examples as named modules, XChart and, when it is a jar, the CPU backend as automatic modules,
 * EJML and the rest on the class path) and checks it prints the thread's lines.
 */
class ModulePathTest {
    private static String find(List<String> entries, String... markers) {
        for (String e : entries) {
            String p = e.replace(File.separatorChar, '/');
            for (String m : markers) {
                if (p.contains(m)) {
                    return e;
                }
            }
        }
        return null;
    }

    @Test
    void seedRunWorksOnTheModulePath() throws IOException, InterruptedException {
        List<String> cp = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        String core = find(cp, "grad4j-core-", "/core/target/classes");
        String cpu = find(cp, "grad4j-backend-cpu-", "/backend-cpu/target/classes");
        String examples = find(cp, "/examples/target/classes");
        // Surefire puts the reactor's jars and target/classes folders on java.class.path; elsewhere (the
        // GPU machine's JUnit console launcher) the layout differs and this test does not apply.
        Assumptions.assumeTrue(System.getProperty("surefire.test.class.path") != null,
                "needs Maven's class path layout (runs under surefire)");
        assertNotNull(core, "core on the test class path");
        assertNotNull(cpu, "backend-cpu on the test class path");
        assertNotNull(examples, "examples classes on the test class path");
        String xchart = find(cp, "/org/knowm/xchart/");
        assertNotNull(xchart, "xchart on the test class path");
        List<String> modulePath = new ArrayList<>(List.of(core, examples, xchart));
        List<String> classPath = new ArrayList<>();
        for (String e : cp) {
            if (!modulePath.contains(e) && !e.equals(cpu)) {
                classPath.add(e);   // EJML, XChart's own dependencies, test libraries: unnamed module
            }
        }
        // An automatic module must be a jar; a reactor build before 'package' gives a directory.
        (cpu.endsWith(".jar") ? modulePath : classPath).add(cpu);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--module-path", String.join(File.pathSeparator, modulePath),
                "-cp", String.join(File.pathSeparator, classPath),
                "-m", "org.grad4j.examples/org.grad4j.examples.SeedRun")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), "SeedRun on the module path did not finish");
        assertEquals(0, p.exitValue(), "exit status; output was:\n" + out);
        String golden;
        try (InputStream in = ModulePathTest.class.getResourceAsStream("/golden/seed_thread_output.txt")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(golden, out.substring(0, Math.min(out.length(), golden.length())));
    }
}

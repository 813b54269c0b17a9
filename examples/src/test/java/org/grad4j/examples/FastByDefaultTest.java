package org.grad4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.grad4j.Info;
import org.junit.jupiter.api.Test;

/**
 * Every JVM the README's commands start runs the CPU backend's SIMD path without any action from the
 * user: the tests (Surefire's argLine in the root pom), the examples ({@code -Dexample=} runs them in
 * Maven's own JVM, which {@code .mvn/jvm.config} starts with the module) and the JMH benchmarks
 * (their {@code @Fork} arguments).
 */
class FastByDefaultTest {
    private static final String FLAG = "--add-modules jdk.incubator.vector";

    private static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve(".mvn"))) {
            p = p.getParent();
        }
        assertTrue(p != null, "no .mvn folder above " + Path.of("").toAbsolutePath()
                + ": Maven's own JVM, where the examples run, would not get " + FLAG);
        return p;
    }

    @Test
    void theTestJvmTakesTheSimdPath() {
        String report = Info.report();
        assertTrue(report.contains("Vector API: jdk.incubator.vector is loaded"), report);
        assertTrue(report.contains("available: pure Java, ") && report.contains(", Vector API GEMM (jdk.incubator.vector, "),
                report);
    }

    @Test
    void mavensOwnJvmGetsTheModuleForTheExamples() throws IOException {
        Path root = root();
        String jvmConfig = Files.readString(root.resolve(".mvn/jvm.config"));
        assertTrue(jvmConfig.contains(FLAG), ".mvn/jvm.config: " + jvmConfig);
        // -Dexample= must run in Maven's JVM (exec:java), not in a fresh one (exec:exec) that lacks the flag
        String pom = Files.readString(root.resolve("examples/pom.xml"));
        assertTrue(pom.contains("<goal>java</goal>") && !pom.contains("<goal>exec</goal>"), "examples/pom.xml");
    }

    @Test
    void everyJmhBenchmarkForksWithTheModule() throws IOException {
        List<Path> benches;
        try (Stream<Path> files = Files.list(root().resolve("benchmarks/src/main/java/org/grad4j/bench"))) {
            benches = files.filter(f -> f.toString().endsWith("Bench.java")).toList();
        }
        assertTrue(benches.size() >= 4, benches.toString());
        for (Path f : benches) {
            String src = Files.readString(f);
            assertTrue(src.contains("@Fork(value = 1, jvmArgsAppend = {\"--add-modules\", \"jdk.incubator.vector\"})"),
                    f + " forks without " + FLAG);
        }
    }
}

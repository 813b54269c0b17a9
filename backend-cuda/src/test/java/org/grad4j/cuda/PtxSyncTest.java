package org.grad4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed PTX matches its CUDA C source and assembles for the oldest and a recent target.
 * The nvcc/ptxas checks need the CUDA toolkit and skip without it; no GPU is needed.
 */
class PtxSyncTest {
    /** The module's folder: the working directory under surefire, {@code backend-cuda/} from the repository root. */
    static final Path MODULE = Files.isDirectory(Path.of("src/main/cuda")) ? Path.of("").toAbsolutePath()
            : Path.of("backend-cuda").toAbsolutePath();
    static final Path PTX = MODULE.resolve("src/main/resources/org/grad4j/cuda/grad4j_kernels.ptx");
    static final Path SCRIPT = MODULE.resolve("src/main/cuda/build-ptx.sh");

    static final String[] KERNELS = {"fill_f32", "fill_f64", "unary_f32", "unary_f64", "convert_f32_f64",
        "convert_f64_f32", "binary_f32", "binary_f64", "binary_scalar_f32", "binary_scalar_f64", "axpy_f32",
        "axpy_f64", "fma_f32", "fma_f64", "reduce_f32", "reduce_f64", "argmax_f32", "argmax_f64",
        "fill_i64", "fill_u8", "convert_f32_i64", "convert_f32_u8", "convert_f64_i64", "convert_f64_u8",
        "convert_i64_f32", "convert_i64_f64", "convert_i64_u8", "convert_u8_f32", "convert_u8_f64", "convert_u8_i64",
        "convert_i64_i64", "convert_u8_u8", "unary_i64", "binary_i64", "binary_u8", "compare_f32", "compare_f64",
        "compare_i64", "compare_u8", "compare_scalar_f32", "compare_scalar_f64", "compare_scalar_i64",
        "compare_scalar_u8", "reduce_i64", "argmax_f32_i64", "argmax_f64_i64", "argmax_i64_i64",
        "wrap_i64", "convert_f32_i32", "convert_f64_i32"};

    @Test
    void resourceIsOnTheClassPathWithIsa80AndEveryKernel() {
        String ptx = new String(CudaBackend.ptx(), StandardCharsets.US_ASCII);
        assertTrue(ptx.endsWith("\0"), "cuModuleLoadData needs a NUL-terminated image");
        assertTrue(ptx.lines().anyMatch(".version 8.0"::equals), "PTX ISA must be lowered to 8.0 for CUDA 12 drivers");
        assertTrue(ptx.lines().anyMatch(".target sm_75"::equals), "PTX must target sm_75");
        for (String k : KERNELS) {
            assertTrue(ptx.contains(".entry " + k + "("), "kernel " + k + " missing from the PTX");
        }
    }

    @Test
    void committedPtxMatchesSource(@TempDir Path tmp) throws Exception {
        assumeTool("nvcc");
        assumeTool("ptxas");
        Path fresh = tmp.resolve("fresh.ptx");
        Result r = run(List.of("bash", SCRIPT.toString(), fresh.toString()));
        assertEquals(0, r.code, "build-ptx.sh failed:\n" + r.output);
        assertEquals(Files.readString(fresh), Files.readString(PTX),
                "the committed grad4j_kernels.ptx is stale: run bash backend-cuda/src/main/cuda/build-ptx.sh");
    }

    @Test
    void committedPtxAssembles() throws Exception {
        assumeTool("ptxas");
        for (String arch : new String[] {"sm_75", "sm_90"}) {
            Result r = run(List.of("ptxas", "-arch=" + arch, "-o", "/dev/null", PTX.toString()));
            assertEquals(0, r.code, "ptxas -arch=" + arch + " rejects the committed PTX:\n" + r.output);
        }
    }

    private static void assumeTool(String name) {
        Assumptions.assumeTrue(onPath(name), name + " is not on the PATH (CUDA toolkit not installed); PTX check skipped");
    }

    static boolean onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    record Result(int code, String output) {
    }

    static Result run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out\n" + out);
        }
        return new Result(p.exitValue(), out);
    }
}

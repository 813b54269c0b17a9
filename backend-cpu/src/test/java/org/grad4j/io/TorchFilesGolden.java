package org.grad4j.io;

import java.io.IOException;
import java.nio.file.Path;

import org.grad4j.Device;
import org.grad4j.conformance.TorchFilesConformance;

/**
 * Writes the grad4j-side .pt files that {@code tools/golden/ptio_golden.py verify} checks in PyTorch. Regenerate
 * (then rerun the script) with
 * {@code java -cp <test class path> org.grad4j.io.TorchFilesGolden core/src/test/resources/golden/pt}.
 */
public final class TorchFilesGolden {
    private TorchFilesGolden() {
    }

    /**
     * Writes the files.
     *
     * @param args the target directory
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        TorchFilesConformance.writeJavaFiles(Path.of(args[0]), Device.CPU);
    }
}

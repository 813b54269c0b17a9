package org.grad4j.io;

import java.nio.file.Path;

/** What the safetensors and torch.save loaders share when they load a file into a module or an optimizer. */
final class Checkpoints {
    private Checkpoints() {
    }

    /** The module or optimizer to load into, refused by name when null. */
    static <T> T target(String loader, Path path, String what, T target) {
        if (target == null) {
            throw new IllegalArgumentException(loader + ".load(" + path + "): expected " + what + ", got null");
        }
        return target;
    }

    /**
     * Runs an all-or-nothing {@code loadStateDict}; a mismatch is rethrown with the file's name in front (the
     * target is unchanged then, as {@code loadStateDict} guarantees).
     */
    static void loadNamingFile(Path path, Runnable load) {
        try {
            load.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }
}

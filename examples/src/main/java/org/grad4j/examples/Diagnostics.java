package org.grad4j.examples;

import org.grad4j.Info;

/**
 * Prints {@link Info#report()} with the examples' class path (core, the CPU and the CUDA backend):
 * Java, OS, every backend with its status and why an unusable one is unusable, the default device
 * and dtype. Run: {@code mvn -B -ntp -q package -DskipTests -Dexample=Diagnostics}.
 */
public final class Diagnostics {
    private Diagnostics() {
    }

    /**
     * Prints the diagnostics to standard output.
     *
     * @param args none; {@code --help} prints the usage
     */
    public static void main(String[] args) {
        if (Args.forMain(new Args.Options("Diagnostics", "Java, OS, every backend with its status, default device and dtype."),
                args, System.out) != null) {
            Info.main(new String[0]);
        }
    }
}

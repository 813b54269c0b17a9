package org.grad4j.examples;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The examples' command-line options: {@code --name=value} for the names a program declares, and
 * {@code --help} (or {@code -h}). An unknown option (a typo such as {@code --epoch=50}) is an error that lists
 * the valid ones, never silently ignored.
 */
final class Args {
    /** What a program accepts, in the order {@code --help} lists it. */
    static final class Options {
        private final String program;
        private final String summary;
        private final Map<String, String> help = new LinkedHashMap<>();

        /**
         * @param program the example's class name, as run with {@code -Dexample=}
         * @param summary one line on what it does
         */
        Options(String program, String summary) {
            this.program = program;
            this.summary = summary;
        }

        /**
         * Declares {@code --name=VALUE}.
         *
         * @param name the option's name, without dashes
         * @param value the value's placeholder, e.g. {@code N} or {@code DIR}
         * @param text what it does and its default
         * @return these options
         */
        Options add(String name, String value, String text) {
            help.put(name, String.format("  --%-20s %s", name + "=" + value, text));
            return this;
        }

        /** The text {@code --help} prints. */
        String usage() {
            StringBuilder sb = new StringBuilder("Usage: ").append(program).append(" [options]\n").append(summary).append("\n\nOptions:\n");
            help.values().forEach(line -> sb.append(line).append('\n'));
            sb.append(String.format("  --%-20s %s%n", "help", "print this help and exit"));
            sb.append("Run with: mvn -B -ntp -q package -DskipTests -Dexample=").append(program)
                    .append(" -Dexec.args=\"--name=value ...\" [-Dgrad4j.device=cuda]\n");
            return sb.toString();
        }

        String validNames() {
            return "--" + String.join(", --", help.keySet()) + ", --help";
        }
    }

    private final Map<String, String> values = new HashMap<>();
    private final boolean help;

    /**
     * Parses {@code args} against {@code options}.
     *
     * @throws IllegalArgumentException for a malformed or unknown option, naming the valid ones
     */
    Args(Options options, String... args) {
        boolean wantsHelp = false;
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                wantsHelp = true;
                continue;
            }
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 3) {
                throw new IllegalArgumentException(options.program + ": expected options as --name=value, got '" + a
                        + "'; valid options: " + options.validNames());
            }
            String name = a.substring(2, eq);
            if (!options.help.containsKey(name)) {
                throw new IllegalArgumentException(options.program + ": unknown option --" + name + "; valid options: "
                        + options.validNames());
            }
            values.put(name, a.substring(eq + 1));
        }
        this.help = wantsHelp;
    }

    /**
     * For a {@code main}: parses {@code args}; on {@code --help} prints the usage to {@code out} and returns null
     * (the caller returns); on a bad option prints the error and the usage to standard error and exits with
     * status 2.
     */
    static Args forMain(Options options, String[] args, PrintStream out) {
        Args parsed;
        try {
            parsed = new Args(options, args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println();
            System.err.print(options.usage());
            System.exit(2);
            return null;
        }
        if (parsed.help) {
            out.print(options.usage());
            return null;
        }
        return parsed;
    }

    /**
     * A {@code main}'s whole body: {@link #forMain} with standard output, then {@code body} with the options
     * unless {@code --help} was asked for.
     */
    static void runMain(Options options, String[] args, Consumer<Args> body) {
        Args parsed = forMain(options, args, System.out);
        if (parsed != null) {
            body.accept(parsed);
        }
    }

    /** Whether {@code --help} was given. */
    boolean help() {
        return help;
    }

    String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        return parse(name, fallback, Integer::parseInt, "an integer");
    }

    double real(String name, double fallback) {
        return parse(name, fallback, Double::parseDouble, "a number");
    }

    private <T> T parse(String name, T fallback, Function<String, T> parser, String expected) {
        String v = values.get(name);
        try {
            return v == null ? fallback : parser.apply(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": expected " + expected + ", got '" + v + "'");
        }
    }
}

package org.grad4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every grad4j.* property read anywhere is in {@link Config}'s table, and the README documents exactly that table. */
class ConfigTest {
    private static final Pattern LITERAL = Pattern.compile("\"(grad4j\\.[^\"]*)\"");
    private static final Pattern README_ROW = Pattern.compile("^\\| `(grad4j\\.[^`]+)` \\|", Pattern.MULTILINE);

    /** The checkout's root: the first folder upwards holding README.md and a pom.xml. */
    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !(Files.isRegularFile(p.resolve("README.md")) && Files.isRegularFile(p.resolve("pom.xml")))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no README.md above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    @Test
    void theReadmeDocumentsEverySettingInOrder() throws IOException {
        String readme = Files.readString(root().resolve("README.md"));
        List<String> documented = new ArrayList<>();
        Matcher m = README_ROW.matcher(readme);
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertEquals(Config.names(), documented, "README's settings table against Config's table");
    }

    @Test
    void everyGrad4jPropertyInTheSourcesIsASetting() throws IOException {
        TreeMap<String, String> undocumented = new TreeMap<>();
        Set<String> usedOutsideConfig = new TreeSet<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(root())) {
            sources = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> f.toString().contains("/src/main/java/"))
                    .filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/.gpu/"))
                    .toList();
        }
        assertTrue(sources.size() > 50, "found only " + sources.size() + " main sources under " + root());
        for (Path f : sources) {
            Matcher m = LITERAL.matcher(Files.readString(f));
            if (f.endsWith(Path.of("org", "grad4j", "Config.java"))) {
                continue; // the table itself, and the former names it maps
            }
            while (m.find()) {
                String name = m.group(1);
                if (!Config.names().contains(name)) {
                    undocumented.put(name, root().relativize(f).toString());
                } else {
                    usedOutsideConfig.add(name);
                }
            }
        }
        assertEquals(new TreeMap<>(), undocumented, "grad4j.* literals that are not in Config's table (add them there and to the README)");
        assertEquals(new TreeSet<>(Config.names()), usedOutsideConfig, "settings in Config's table that no code reads");
    }

    @Test
    void anUnknownNameOrAMalformedValueFailsWithTheName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Config.get("grad4j.nope"));
        assertTrue(e.getMessage().contains("grad4j.nope"), e.getMessage());
        String old = System.getProperty("grad4j.gemm.splitBy");
        try {
            System.setProperty("grad4j.gemm.splitBy", "  rows ");
            assertEquals("rows", Config.getString("grad4j.gemm.splitBy", "auto"));
            e = assertThrows(IllegalArgumentException.class, () -> Config.getInt("grad4j.gemm.splitBy", 1));
            assertEquals("-Dgrad4j.gemm.splitBy=rows: expected an integer", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Config.getBoolean("grad4j.gemm.splitBy", true));
            assertEquals("-Dgrad4j.gemm.splitBy=rows: expected true or false", e.getMessage());
            System.setProperty("grad4j.gemm.splitBy", " ");
            assertNull(Config.get("grad4j.gemm.splitBy"));
        } finally {
            if (old == null) {
                System.clearProperty("grad4j.gemm.splitBy");
            } else {
                System.setProperty("grad4j.gemm.splitBy", old);
            }
        }
    }

    @Test
    void aFormerNameIsReportedWithItsNewName() {
        Properties p = new Properties();
        p.setProperty("grad4j.gemm.threads", "2");
        p.setProperty("grad4j.cpu.threads", "2");
        p.setProperty("grad4j.devise", "cuda");
        List<String> warnings = Config.unknown(p);
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.contains("grad4j: -Dgrad4j.gemm.threads is not a grad4j setting and is ignored; it is now "
                + "-Dgrad4j.cpu.threads"), warnings.toString());
        assertTrue(warnings.contains("grad4j: -Dgrad4j.devise is not a grad4j setting and is ignored; see org.grad4j.Info "
                + "for the list"), warnings.toString());
    }
}

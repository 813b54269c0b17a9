package org.grad4j.nn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's own model class compiles against core, and the import it documents is the reason: without
 * {@code import org.grad4j.nn.Module;} the name is ambiguous with {@code java.lang.Module}.
 */
class ReadmeSnippetTest {
    private static String snippet() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int at = readme.indexOf("public class Net extends Module");
        assertTrue(at > 0, "README.md has no 'public class Net extends Module' snippet");
        int start = readme.lastIndexOf("```java\n", at) + "```java\n".length();
        int end = readme.indexOf("```", at);
        return readme.substring(start, end);
    }

    /** Compiles with the JDK's javac (reached reflectively: core's module does not read java.compiler). */
    private static String compile(String source, Path dir) throws Exception {
        Path file = dir.resolve("Net.java");
        Files.writeString(file, source);
        Object javac = Class.forName("javax.tools.ToolProvider").getMethod("getSystemJavaCompiler").invoke(null);
        Method run = Class.forName("javax.tools.Tool").getMethod("run", InputStream.class, OutputStream.class,
                OutputStream.class, String[].class);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        String[] args = {"-classpath", System.getProperty("java.class.path"), "-d", dir.toString(), "-proc:none", file.toString()};
        int rc = (int) run.invoke(javac, null, errors, errors, args);
        return rc == 0 ? null : errors.toString(StandardCharsets.UTF_8);
    }

    @Test
    void readmeModelCompiles(@TempDir Path out) throws Exception {
        String source = snippet();
        String errors = compile(source, out);
        assertTrue(errors == null, "the README's snippet does not compile:\n" + errors + "\n" + source);
        String withoutImport = source.replaceAll("(?m)^import org\\.grad4j\\.nn\\.Module;.*$", "");
        String ambiguous = compile(withoutImport, out);
        assertFalse(ambiguous == null, "expected the snippet without the single-type import to fail");
        assertTrue(ambiguous.contains("reference to Module is ambiguous"), ambiguous);
    }
}

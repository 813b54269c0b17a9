package org.grad4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.UnaryOp;
import org.junit.jupiter.api.Test;

/**
 * The op codes the Java side sends are the ones the CUDA C switches on: the {@code U_*} and {@code B_*}
 * enums of grad4j_kernels.cu list the op table's constants in order, and every op has a {@code case} in the
 * kernel's switch. No GPU needed: a new op fails here until the .cu (and so the PTX) has it.
 */
class OpCodesTest {
    static String source() throws IOException {
        return Files.readString(PtxSyncTest.MODULE.resolve("src/main/cuda/grad4j_kernels.cu"));
    }

    /** The names of {@code enum { P_A = 0, P_B, ... };} in order, without the prefix. */
    static List<String> cEnum(String src, String prefix) {
        Matcher m = Pattern.compile("enum \\{\\s*(" + prefix + "[A-Z0-9_]+ = 0[^}]*)\\}").matcher(src);
        assertTrue(m.find(), "no enum of " + prefix + "* codes in grad4j_kernels.cu");
        List<String> names = new ArrayList<>();
        for (String item : m.group(1).split(",")) {
            String name = item.trim().replace(" = 0", "");
            if (!name.isEmpty()) {
                names.add(name.substring(prefix.length()));
            }
        }
        return names;
    }

    static <E extends Enum<E>> List<String> names(E[] values) {
        List<String> l = new ArrayList<>();
        for (E e : values) {
            l.add(e.name());
        }
        return l;
    }

    @Test
    void unaryCodesAreTheOpTableInOrder() throws IOException {
        String src = source();
        assertEquals(names(UnaryOp.values()), cEnum(src, "U_"), "U_* enum of grad4j_kernels.cu vs UnaryOp");
        for (UnaryOp op : UnaryOp.values()) {
            assertEquals(op.ordinal(), CudaBackend.unaryCode(op));
            assertTrue(src.contains("case U_" + op.name() + ":"), "grad4j_kernels.cu has no kernel case for U_" + op.name());
        }
    }

    @Test
    void binaryCodesAreTheOpTableInOrder() throws IOException {
        String src = source();
        assertEquals(names(BinaryOp.values()), cEnum(src, "B_"), "B_* enum of grad4j_kernels.cu vs BinaryOp");
        for (BinaryOp op : BinaryOp.values()) {
            assertEquals(op.ordinal(), CudaBackend.binaryCode(op));
            assertTrue(src.contains("case B_" + op.name() + ":"), "grad4j_kernels.cu has no kernel case for B_" + op.name());
        }
    }
}

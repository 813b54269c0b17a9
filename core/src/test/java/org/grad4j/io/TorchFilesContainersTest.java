package org.grad4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TorchFiles on checkpoints without tensors (no backend needed): PyTorch 1.13's containers.pt re-saves byte for
 * byte, its protocol-4 twin loads equal, and the pickle reader refuses what it cannot read safely.
 */
class TorchFilesContainersTest {
    @TempDir
    Path dir;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TorchFilesContainersTest.class.getResourceAsStream("/golden/pt/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void containersResaveWithPyTorchsBytes() throws IOException {
        Path in = dir.resolve("containers.pt");
        Files.write(in, resource("containers.pt"));
        Object o = TorchFiles.loadObject(in);
        Path out = Files.createDirectory(dir.resolve("out")).resolve("containers.pt");
        TorchFiles.saveObject(o, out);
        assertArrayEquals(resource("containers.pt"), Files.readAllBytes(out));

        Map<?, ?> m = assertInstanceOf(LinkedHashMap.class, o);
        List<?> list = (List<?>) m.get("list1001");
        assertEquals(1001, list.size());
        for (int i = 0; i < list.size(); i++) {
            assertEquals((long) i, list.get(i));
        }
        Map<?, ?> d = (Map<?, ?>) m.get("dict1000");
        assertEquals(1000, d.size());
        assertEquals(-999L, d.get(999L));
        List<?> ints = (List<?>) m.get("ints");
        assertEquals(Long.MIN_VALUE, ints.get(9));
        assertEquals(BigInteger.TWO.pow(64), ints.get(10));
        assertEquals(BigInteger.TWO.pow(70).negate(), ints.get(11));
        List<?> mixed = (List<?>) m.get("mixed");
        assertNull(mixed.get(0));
        assertEquals("\u00e9\u4e2d", mixed.get(3));
        assertTrue(Double.isNaN((Double) ((List<?>) m.get("floats")).get(2)));
    }

    @Test
    void protocolFourLoadsTheSameObjects() throws IOException {
        Object p2 = TorchFiles.loadObject(new ByteArrayInputStream(resource("containers.pt")));
        Object p4 = TorchFiles.loadObject(new ByteArrayInputStream(resource("containers_p4.pt")));
        assertEquals(p2.toString(), p4.toString());
        assertEquals(new ArrayList<>(((Map<?, ?>) p2).keySet()), new ArrayList<>(((Map<?, ?>) p4).keySet()));
    }

    @Test
    void savedObjectsReadBack() throws IOException {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put("big", BigInteger.ONE.shiftLeft(100).negate());
        m.put(3, List.of(1.5f, (short) 2, (byte) -3));
        m.put("self", Collections.singletonList("x"));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        TorchFiles.saveObject(m, b);
        Map<?, ?> back = (Map<?, ?>) TorchFiles.loadObject(new ByteArrayInputStream(b.toByteArray()));
        assertEquals(BigInteger.ONE.shiftLeft(100).negate(), back.get("big"));
        assertEquals(List.of(1.5, 2L, -3L), back.get(3L));
        assertEquals(List.of("x"), back.get("self"));
        assertThrows(IllegalArgumentException.class, () -> TorchFiles.saveObject(new byte[] {1}, b));
        assertThrows(IllegalArgumentException.class, () -> TorchFiles.saveObject(Map.of("t", Thread.currentThread()), b));
    }

    private static Object unpickle(int... ops) throws IOException {
        byte[] b = new byte[ops.length];
        for (int i = 0; i < ops.length; i++) {
            b[i] = (byte) ops[i];
        }
        return PickleReader.read(b, "test", new TorchPickle("test", null));
    }

    @Test
    void pickleReaderRefusesWhatItCannotReadSafely() throws IOException {
        assertEquals(7L, unpickle(0x80, 2, 'K', 7, '.'));
        assertEquals(-2L, unpickle(0x80, 2, 'J', 0xfe, 0xff, 0xff, 0xff, '.'));
        IOException e = assertThrows(IOException.class, () -> unpickle(0x80, 2, 'K', 7));
        assertTrue(e.getMessage().contains("without STOP"), e.getMessage());
        e = assertThrows(IOException.class, () -> unpickle(0x80, 9, '.'));
        assertTrue(e.getMessage().contains("protocol 9"), e.getMessage());
        e = assertThrows(IOException.class, () -> unpickle(0x80, 2, ']', '(', ']', 't', ')', 's', '.'));
        assertTrue(e.getMessage().contains("dict"), e.getMessage());   // SETITEM on a list
        e = assertThrows(IOException.class, () -> unpickle(0x80, 2, '}', ']', 'K', 1, 's', '.'));
        assertTrue(e.getMessage().contains("dict key"), e.getMessage());   // a list as a key
        e = assertThrows(IOException.class, () -> unpickle(0x80, 2, 'K', 1, 'K', 2, '.'));
        assertTrue(e.getMessage().contains("STOP with 2"), e.getMessage());
        e = assertThrows(IOException.class, () -> unpickle(0x80, 2, 0x8a, 200, 1, '.'));
        assertTrue(e.getMessage().contains("needs 200"), e.getMessage());
        e = assertThrows(IOException.class, () -> unpickle(0x80, 2, 'c', 'o', 's', '\n', 's', 'y', 's', 't', 'e', 'm', '\n', '.'));
        assertTrue(e.getMessage().contains("os.system") && e.getMessage().contains("not allowed"), e.getMessage());
        e = assertThrows(IOException.class, () -> unpickle(0x80, 2, 'K', 1, '(', 'Q', '.'));
        assertTrue(e.getMessage().contains("underflow"), e.getMessage());   // BINPERSID cannot take the MARK
    }
}

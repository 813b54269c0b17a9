package org.grad4j.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * The packed argument structs have the layout that grad4j_kernels.cu's static_asserts pin: ElemArgs
 * {a, b, out, n, s, op, flag, Geo} and RedArgs {in, out, nOut, nRed, parts, chunk, op, RGeo}.
 */
class KernelArgsTest {
    @Test
    void elementwiseArgumentsSitAtTheStructsOffsets() {
        int[] geo = Geometry.geo("add", new int[] {3, 4}, new int[] {1, 2, 3}, new int[] {4, 1}, new int[] {0, 1}, new int[] {1, 3});
        KernelArgs k = KernelArgs.elementwise(0x1000L, 0x2000L, 0x3000L, 12, -1.5, 4, 1, geo);
        assertEquals(0x1000L, k.word(0));
        assertEquals(0x2000L, k.word(1));
        assertEquals(0x3000L, k.word(2));
        assertEquals(12L, k.word(3));
        assertEquals(-1.5, Double.longBitsToDouble(k.word(4)));
        int[] ints = k.ints();
        assertEquals(4, ints[10], "op at byte 40");
        assertEquals(1, ints[11], "flag at byte 44");
        assertArrayEquals(geo, Arrays.copyOfRange(ints, 12, 12 + Geometry.GEO_INTS), "Geo from byte 48");
        assertEquals(KernelArgs.BYTES / Integer.BYTES, 12 + Geometry.GEO_INTS, "Geo ends the struct");
    }

    @Test
    void reductionArgumentsSitAtTheStructsOffsets() {
        int[] rgeo = Geometry.rgeo("sum", new int[] {5, 6}, 7, new int[] {6, 1}, new boolean[] {false, true}, false);
        KernelArgs k = KernelArgs.reduction(0xA000L, 0xB000L, 5, 6, 2, 3, 1, rgeo);
        long[] expected = {0xA000L, 0xB000L, 5, 6, 2, 3};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], k.word(i), "word " + i);
        }
        int[] ints = k.ints();
        assertEquals(1, ints[12], "op at byte 48");
        assertArrayEquals(rgeo, Arrays.copyOfRange(ints, 13, 13 + Geometry.RGEO_INTS), "RGeo from byte 52");
        assertEquals(KernelArgs.BYTES / Integer.BYTES, 13 + Geometry.RGEO_INTS, "RGeo ends the struct");
    }

    @Test
    void negativeIntsDoNotLeakIntoTheirNeighbours() {
        int[] geo = new int[Geometry.GEO_INTS];
        Arrays.fill(geo, -1);
        geo[0] = 2;
        KernelArgs k = KernelArgs.elementwise(0, 0, 0, 1, 0, -7, 0, geo);
        int[] ints = k.ints();
        assertEquals(-7, ints[10]);
        assertEquals(0, ints[11], "flag is not overwritten by op's sign");
        assertEquals(2, ints[12]);
        assertEquals(-1, ints[13]);
    }
}

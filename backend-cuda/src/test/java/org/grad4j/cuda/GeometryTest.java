package org.grad4j.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Host-side geometry and size classes (no GPU needed). */
class GeometryTest {
    @Test
    void contiguousOperandsMergeToRankOne() {
        int[][] m = Geometry.merge(new int[] {2, 3, 4}, new int[] {12, 4, 1}, new int[] {12, 4, 1});
        assertArrayEquals(new int[] {24}, m[0]);
        assertArrayEquals(new int[] {1}, m[1]);
    }

    @Test
    void broadcastStridesStopMerging() {
        // b is broadcast along the last axis: [2,3] with strides [1,0] cannot merge with a's [3,1].
        int[][] m = Geometry.merge(new int[] {2, 3}, new int[] {3, 1}, new int[] {1, 0});
        assertArrayEquals(new int[] {2, 3}, m[0]);
        assertArrayEquals(new int[] {3, 1}, m[1]);
        assertArrayEquals(new int[] {1, 0}, m[2]);
        // a scalar broadcast everywhere merges fine (0 == 0 * n)
        int[][] s = Geometry.merge(new int[] {2, 3}, new int[] {3, 1}, new int[] {0, 0});
        assertArrayEquals(new int[] {6}, s[0]);
        assertArrayEquals(new int[] {0}, s[2]);
    }

    @Test
    void sizeOneDimsDropAndRankZeroBecomesOneElement() {
        int[][] m = Geometry.merge(new int[] {1, 5, 1}, new int[] {99, 2, 7});
        assertArrayEquals(new int[] {5}, m[0]);
        assertArrayEquals(new int[] {2}, m[1]);
        int[][] z = Geometry.merge(new int[0], new int[0]);
        assertArrayEquals(new int[] {1}, z[0]);
        assertArrayEquals(new int[] {0}, z[1]);
    }

    @Test
    void geoLayoutMatchesTheCudaStruct() {
        int[] g = Geometry.geo("add", new int[] {2, 3}, new int[] {5, 6, 7}, new int[] {3, 1}, new int[] {1, 0}, new int[] {3, 1});
        assertEquals(Geometry.GEO_INTS, g.length);
        assertEquals(2, g[0]);
        assertArrayEquals(new int[] {5, 6, 7}, new int[] {g[1], g[2], g[3]});
        assertEquals(2, g[4]);
        assertEquals(3, g[5]);
        assertEquals(3, g[12]);
        assertEquals(1, g[20]);
        assertEquals(0, g[21]);
    }

    @Test
    void rgeoSplitsKeptAndReducedAxes() {
        // [2,3,4] contiguous, reduce axis 1: kept dims (2,4) strides (12,1), reduced (3) stride 4
        int[] g = Geometry.rgeo("sum", new int[] {2, 3, 4}, 10, new int[] {12, 4, 1}, new boolean[] {false, true, false}, false);
        assertEquals(Geometry.RGEO_INTS, g.length);
        assertEquals(10, g[0]);
        assertEquals(2, g[1]);
        assertArrayEquals(new int[] {2, 4}, new int[] {g[2], g[3]});
        assertArrayEquals(new int[] {12, 1}, new int[] {g[10], g[11]});
        int r0 = 18;
        assertEquals(1, g[r0]);
        assertEquals(3, g[r0 + 1]);
        assertEquals(4, g[r0 + 9]);
    }

    @Test
    void tooManyUnmergeableDimsIsAClearError() {
        int[] shape = new int[9];
        int[] st = new int[9];
        for (int i = 0; i < 9; i++) {
            shape[i] = 2;
            st[i] = 1 << (2 * (8 - i)); // gaps everywhere
        }
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Geometry.geo("exp", shape, new int[] {0, 0}, st, st));
        assertTrue(e.getMessage().contains("exp"), e.getMessage());
    }

    @Test
    void sizeClassesWasteAtMostAQuarter() {
        assertEquals(512, CudaAllocator.sizeClass(1));
        assertEquals(512, CudaAllocator.sizeClass(512));
        for (long b = 513; b < 1 << 22; b = b * 3 / 2 + 7) {
            long c = CudaAllocator.sizeClass(b);
            assertTrue(c >= b && c <= b * 1.25 + 1, b + " -> " + c);
            assertEquals(c, CudaAllocator.sizeClass(c), "a class maps to itself");
        }
    }
}

package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.grad4j.DType;
import org.junit.jupiter.api.Test;

/** Closed buffers lend their arrays to the next uninitialised output of the same length, once. */
class ArrayCacheTest {
    private final CpuBackend be = CpuBackend.INSTANCE;

    @Test
    void aClosedLargeBufferIsReusedOnceAndOnlyForItsLengthAndDtype() {
        int n = ArrayCache.MIN_LENGTH + 3;
        CpuBuffer first = (CpuBuffer) be.allocateUninitialized(DType.FLOAT32, n);
        first.f[5] = 42f;
        first.close();
        first.close(); // idempotent: the array must not be handed out twice
        CpuBuffer otherDtype = (CpuBuffer) be.allocateUninitialized(DType.FLOAT64, n);
        CpuBuffer otherLength = (CpuBuffer) be.allocateUninitialized(DType.FLOAT32, n + 1);
        CpuBuffer zeroed = (CpuBuffer) be.allocate(DType.FLOAT32, n);
        assertSame(first.f, zeroed.f, "allocate() reuses the closed buffer's array too");
        assertEquals(0f, zeroed.f[5], "allocate() always returns zeros");
        zeroed.f[5] = 42f;
        zeroed.close();
        CpuBuffer reused = (CpuBuffer) be.allocateUninitialized(DType.FLOAT32, n);
        CpuBuffer fresh = (CpuBuffer) be.allocateUninitialized(DType.FLOAT32, n);
        assertSame(first.f, reused.f, "the closed buffer's array is reused");
        assertNotSame(first.f, fresh.f, "and only once");
        assertNotSame(first.f, otherLength.f);
        for (CpuBuffer b : new CpuBuffer[] {otherDtype, otherLength, reused, fresh}) {
            b.close();
        }
    }

    @Test
    void smallBuffersAreLeftToTheGarbageCollector() {
        long before = be.cache().bytes();
        CpuBuffer small = (CpuBuffer) be.allocateUninitialized(DType.FLOAT64, ArrayCache.MIN_LENGTH - 1);
        small.close();
        assertEquals(before, be.cache().bytes());
    }

    @Test
    void anArrayThatDoesNotFitEvictsOlderOnesInsteadOfBeingTurnedAway() {
        ArrayCache cache = new ArrayCache(100);
        float[] a = new float[10];
        double[] b = new double[10];
        cache.give(a);
        cache.give(new float[10]);
        assertEquals(80, cache.bytes());
        cache.give(b);   // 80 more bytes: both floats go, the older first
        assertEquals(80, cache.bytes());
        assertNull(cache.takeFloats(10));
        assertSame(b, cache.takeDoubles(10));
        cache.give(new double[20]);   // larger than the whole cache: kept out, nothing dropped
        assertEquals(0, cache.bytes());
        float[] older = new float[5];
        float[] newer = new float[5];
        cache.give(older);
        cache.give(newer);
        cache.give(new double[10]);   // 40 + 80 bytes: only the older float array goes
        assertEquals(100, cache.bytes());
        assertSame(newer, cache.takeFloats(5));
        assertNull(cache.takeFloats(5));
        ArrayCache off = new ArrayCache(0);
        off.give(a);
        assertNull(off.takeFloats(10));
    }

    @Test
    void scratchArraysAreReleasedBuffersArraysLentOnce() {
        int n = ArrayCache.MIN_LENGTH + 5;
        while (be.cache().takeFloats(n) != null || be.cache().takeDoubles(n) != null) {
            // start without cached arrays of this length
        }
        CpuBuffer f = (CpuBuffer) be.allocateUninitialized(DType.FLOAT32, n);
        CpuBuffer d = (CpuBuffer) be.allocateUninitialized(DType.FLOAT64, n);
        f.close();
        d.close();
        float[] lentF = be.scratchFloats(n);
        double[] lentD = be.scratchDoubles(n);
        assertSame(f.f, lentF);
        assertSame(d.d, lentD);
        assertNotSame(lentF, be.scratchFloats(n));
        assertEquals(n, be.scratchDoubles(n).length);
        assertEquals(3, be.scratchFloats(3).length);
        CpuBuffer adopted = (CpuBuffer) be.adopt(lentF, DType.FLOAT32);
        assertSame(lentF, adopted.f, "adopt keeps the array");
        CpuBuffer widened = (CpuBuffer) be.adopt(lentF, DType.FLOAT64);
        assertEquals(n, widened.d.length);
    }
}

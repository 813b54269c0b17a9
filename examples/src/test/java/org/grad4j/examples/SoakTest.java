package org.grad4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The CI-sized soak (the long one is {@link Soak#main}): heap flat after warm-up, results reproducible. */
@Tag("soak")
class SoakTest {
    private static void assertSameBits(double[] a, double[] b, String what) {
        assertEquals(a.length, b.length, what);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]), what + " parameter " + i);
        }
    }

    @Test
    void seedLoopHeapStaysFlatAndMatchesTheReference() {
        Soak.Result run = Soak.seedLoop(20_000, 2_000, 6);
        assertTrue(run.heapGrowth() <= Soak.HEAP_BOUND_BYTES, "heap grew by " + run.heapGrowth() + " bytes: " + run.heap());
        // converged to y = 2x + 1
        assertEquals(2.0, run.parameters()[0], 1e-9);
        assertEquals(1.0, run.parameters()[1], 1e-9);
        // a second, independent run (the reference) ends on the same bits
        Soak.Result reference = Soak.seedLoop(20_000, 20_000, 1);
        assertSameBits(reference.parameters(), run.parameters(), "seed loop");
        assertEquals(Double.doubleToRawLongBits(reference.lastLoss()), Double.doubleToRawLongBits(run.lastLoss()));
    }

    @Test
    void wideLoopHeapStaysFlatAndMatchesTheReference() {
        Soak.Result run = Soak.wideLoop(50, 10, 4);
        assertTrue(run.heapGrowth() <= Soak.HEAP_BOUND_BYTES, "heap grew by " + run.heapGrowth() + " bytes: " + run.heap());
        Soak.Result reference = Soak.wideLoop(50, 50, 1);
        assertSameBits(reference.parameters(), run.parameters(), "wide loop");
        assertTrue(Double.isFinite(run.lastLoss()));
    }
}

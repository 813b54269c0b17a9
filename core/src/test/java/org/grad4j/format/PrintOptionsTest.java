package org.grad4j.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.grad4j.DType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code set_printoptions}' bookkeeping; its prints against PyTorch's are in Api2Conformance. */
class PrintOptionsTest {
    private static String print(double... v) {
        return TorchFormat.repr(v, new int[] {v.length}, DType.FLOAT64, DType.FLOAT64, "cpu", false, null);
    }

    @AfterEach
    void reset() {
        TorchFormat.setPrintOptions(null, null, null, null, "default", null);
    }

    @Test
    void profilesResetAndArgumentsOverride() {
        TorchFormat.setPrintOptions(7, 5.0, 1, 40, null, true);
        assertEquals(new TorchFormat.Options(7, 5.0, 1, 40, true), TorchFormat.options());
        TorchFormat.setPrintOptions(null, null, null, null, "short", null);
        assertEquals(new TorchFormat.Options(2, 1000, 2, 80, null), TorchFormat.options());
        TorchFormat.setPrintOptions(6, null, null, null, "full", false);
        assertEquals(new TorchFormat.Options(6, Double.POSITIVE_INFINITY, 3, 80, false), TorchFormat.options());
        // as PyTorch 1.13: sci_mode is set on every call, to None when not given
        TorchFormat.setPrintOptions(null, null, null, 100, null, null);
        assertEquals(new TorchFormat.Options(6, Double.POSITIVE_INFINITY, 3, 100, null), TorchFormat.options());
        TorchFormat.setPrintOptions(null, null, null, null, "default", null);
        assertEquals("tensor([0.1235, 2.0000])", print(0.123456, 2.0));
    }

    @Test
    void badOptionsAreRefusedAndChangeNothing() {
        TorchFormat.setPrintOptions(3, null, null, null, null, null);
        TorchFormat.Options before = TorchFormat.options();
        assertThrows(IllegalArgumentException.class, () -> TorchFormat.setPrintOptions(-1, null, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> TorchFormat.setPrintOptions(null, -1.0, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> TorchFormat.setPrintOptions(null, Double.NaN, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> TorchFormat.setPrintOptions(null, null, -2, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> TorchFormat.setPrintOptions(null, null, null, 0, null, null));
        assertThrows(IllegalArgumentException.class, () -> TorchFormat.setPrintOptions(null, null, null, null, "long", null));
        assertEquals(before, TorchFormat.options());
        assertEquals("tensor([0.123, 2.000])", print(0.123456, 2.0));
    }

    @Test
    void precisionZeroPrintsNoPoint() {
        TorchFormat.setPrintOptions(0, null, null, null, null, true);
        assertEquals("tensor([1e-05, 2e+00])", print(1e-5, 2.0));
    }
}

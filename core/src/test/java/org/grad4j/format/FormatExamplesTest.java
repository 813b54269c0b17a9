package org.grad4j.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.grad4j.DType;
import org.junit.jupiter.api.Test;

/** Readable examples; the exhaustive checks are in {@link GoldenFormatTest}. */
class FormatExamplesTest {
    private static final int[] SCALAR = {};

    @Test
    void pythonReprIsShortestWhereJava17IsNot() {
        // Java 17 prints 2.0E-3 as "0.002" fine but e.g. 2e23 as "2.0000000000000002E23" (JDK-4511638)
        assertNotEquals("2e+23", Double.toString(2e23).toLowerCase());
        assertEquals("2e+23", PythonFloat.repr(2e23));
        assertEquals("-0.19999999999999998", PythonFloat.repr(-0.19999999999999998));
        assertEquals("7.0756000000000006", PythonFloat.repr(7.0756000000000006));
        assertEquals("0.30000000000000004", PythonFloat.repr(0.1 + 0.2));
    }

    @Test
    void pythonReprLayout() {
        assertEquals("1.0", PythonFloat.repr(1.0));
        assertEquals("1e-05", PythonFloat.repr(1e-5));
        assertEquals("0.0001", PythonFloat.repr(1e-4));
        assertEquals("1.5e+16", PythonFloat.repr(1.5e16));
        assertEquals("1e+16", PythonFloat.repr(1e16));
        assertEquals("1000000000000000.0", PythonFloat.repr(1e15));
        assertEquals("5e-324", PythonFloat.repr(Double.MIN_VALUE));
        assertEquals("1.7976931348623157e+308", PythonFloat.repr(Double.MAX_VALUE));
        assertEquals("inf", PythonFloat.repr(Double.POSITIVE_INFINITY));
        assertEquals("-inf", PythonFloat.repr(Double.NEGATIVE_INFINITY));
        assertEquals("nan", PythonFloat.repr(Double.NaN));
        assertEquals("-0.0", PythonFloat.repr(-0.0));
        assertEquals("0.0", PythonFloat.repr(0.0));
    }

    @Test
    void numpyFloat32Repr() {
        assertEquals("0.1", PythonFloat.repr(0.1f));
        assertEquals("0.3", PythonFloat.repr(0.3f));
        assertEquals("16777216.0", PythonFloat.repr(16777216f));
        // float32(1e-4) is just below 1e-4, so NumPy switches to scientific notation
        assertEquals("1e-04", PythonFloat.repr(1e-4f));
        assertEquals("1e+16", PythonFloat.repr(1e16f));
        assertEquals("1e-45", PythonFloat.repr(Float.MIN_VALUE));
        assertEquals("-0.0", PythonFloat.repr(-0.0f));
    }

    @Test
    void numpyStr() {
        assertEquals("[[0.06]]", NumpyFormat.str(new double[] {0.06}, new int[] {1, 1}, DType.FLOAT64));
        assertEquals("[1.  2.5]", NumpyFormat.str(new double[] {1, 2.5}, new int[] {2}, DType.FLOAT64));
        assertEquals("[1.0e-08 1.5e+10]",
                NumpyFormat.str(new double[] {1e-8, 1.5e10}, new int[] {2}, DType.FLOAT64));
        assertEquals("[ nan  inf -inf   1.]", NumpyFormat.str(
                new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1},
                new int[] {4}, DType.FLOAT64));
        assertEquals("7.0756000000000006", NumpyFormat.str(new double[] {7.0756000000000006}, SCALAR, DType.FLOAT64));
        assertEquals("0.3", NumpyFormat.str(new double[] {0.3f}, SCALAR, DType.FLOAT32));
        assertEquals("0.30000001192092896", NumpyFormat.str(new double[] {0.3f}, SCALAR, DType.FLOAT64));
        assertEquals("[]", NumpyFormat.str(new double[0], new int[] {0, 3}, DType.FLOAT32));
    }

    @Test
    void torchRepr() {
        assertEquals("tensor([[0.3000]])", TorchFormat.repr(new double[] {0.3f}, new int[] {1, 1},
                DType.FLOAT32, DType.FLOAT32, null, false, null));
        assertEquals("tensor([1., 2.])", TorchFormat.repr(new double[] {1, 2}, new int[] {2},
                DType.FLOAT32, DType.FLOAT32, "cpu", false, null));
        assertEquals("tensor([1.0000e-08, 1.0000e+10], dtype=torch.float64)",
                TorchFormat.repr(new double[] {1e-8, 1e10}, new int[] {2},
                        DType.FLOAT64, DType.FLOAT32, null, false, null));
        assertEquals("tensor(1.4400)", TorchFormat.repr(new double[] {1.44f}, SCALAR,
                DType.FLOAT32, DType.FLOAT32, null, false, null));
        assertEquals("tensor([])", TorchFormat.repr(new double[0], new int[] {0},
                DType.FLOAT32, DType.FLOAT32, null, false, null));
        assertEquals("tensor([], size=(0, 3), dtype=torch.float32)", TorchFormat.repr(new double[0],
                new int[] {0, 3}, DType.FLOAT32, DType.FLOAT64, null, false, null));
        assertEquals("tensor([3.], device='cuda:0', requires_grad=True)", TorchFormat.repr(
                new double[] {3}, new int[] {1}, DType.FLOAT32, DType.FLOAT32, "cuda:0", true, null));
        assertEquals("tensor([2.], grad_fn=<AddBackward0>)", TorchFormat.repr(new double[] {2},
                new int[] {1}, DType.FLOAT32, DType.FLOAT32, null, true, "AddBackward0"));
        assertEquals("tensor([nan, inf, 1.])", TorchFormat.repr(
                new double[] {Double.NaN, Double.POSITIVE_INFINITY, 1}, new int[] {3},
                DType.FLOAT32, DType.FLOAT32, null, false, null));
    }

    @Test
    void torchSummarisesPastThreshold() {
        double[] v = new double[1001];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        assertEquals("tensor([   0.,    1.,    2.,  ...,  998.,  999., 1000.], dtype=torch.float64)",
                TorchFormat.repr(v, new int[] {1001}, DType.FLOAT64, DType.FLOAT32, null, false, null));
        assertEquals("[   0.    1.    2. ...  998.  999. 1000.]",
                NumpyFormat.str(v, new int[] {1001}, DType.FLOAT64));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class,
                () -> NumpyFormat.str(new double[] {1, 2}, new int[] {3}, DType.FLOAT64));
        assertThrows(IllegalArgumentException.class,
                () -> NumpyFormat.str(new double[] {0.1}, new int[] {1}, DType.FLOAT32));
        assertThrows(IllegalArgumentException.class, () -> TorchFormat.repr(new double[] {1},
                new int[] {2}, DType.FLOAT32, DType.FLOAT32, null, false, null));
        assertThrows(IllegalArgumentException.class, () -> TorchFormat.repr(new double[] {0.1},
                new int[] {1}, DType.FLOAT32, DType.FLOAT32, null, false, null));
    }
}

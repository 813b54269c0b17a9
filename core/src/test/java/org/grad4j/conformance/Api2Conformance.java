package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The everyday torch / Tensor API against PyTorch 1.13 ({@code golden/api2.json}, made by
 * {@code tools/golden/api2_golden.py}): window functions, {@code torch.range}, {@code scalar_tensor}, {@code new_*}
 * (dtype and device inherited), introspection ({@code is_nonzero}'s errors, {@code is_signed}, {@code element_size},
 * {@code tolist}), the dtype tables ({@code promote_types}, {@code can_cast}, {@code result_type} over every pair of
 * grad4j dtypes, 0-d and dimensioned tensors and Python numbers) and {@code set_printoptions}' effect on printing.
 *
 * <p>Bit-exact but for the windows computed with a cosine (hann, hamming, blackman: ATen's SLEEF cos against Java's)
 * and kaiser (i0): those within a few ulps of 1 (the windows' scale), see {@link #windowTolerance}.
 */
public abstract class Api2Conformance extends DeviceConformance {

    private static JsonNode golden() {
        return Golden.load("api2.json");
    }

    static DType dtype(String name) {
        return switch (name) {
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            case "int64" -> DType.INT64;
            case "bool" -> DType.BOOL;
            case "int32" -> DType.INT32;
            case "uint8" -> DType.UINT8;
            default -> throw new IllegalArgumentException("unknown dtype " + name);
        };
    }

    /** A tensor from exact_json's encoding ({@code float.hex()}, decimal integers, 0/1 for bool). */
    static Tensor tensor(JsonNode t, Device device) {
        DType dt = dtype(t.get("dtype").asText());
        int[] shape = Golden.ints(t.get("shape"));
        JsonNode data = t.get("data");
        if (dt.isFloatingPoint()) {
            return Tensor.of(Golden.numbers(data), dt, device, shape);
        }
        long[] v = new long[data.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = data.get(i).asLong();
        }
        return Tensor.of(v, shape).to(dt).to(device);
    }

    /** dtype, shape and values: bit for bit when {@code tol} is 0, else within {@code tol} absolutely. */
    static void assertTensor(JsonNode expected, Tensor actual, double tol, String name) {
        Tensor e = tensor(expected, Device.CPU);
        assertEquals(e.dtype(), actual.dtype(), name + ": dtype");
        assertArrayEquals(e.shape(), actual.shape(), name + ": shape");
        if (e.dtype().isFloatingPoint()) {
            double[] want = e.toDoubleArray();
            double[] got = actual.toDoubleArray();
            for (int i = 0; i < want.length; i++) {
                boolean ok = tol == 0 ? Double.compare(want[i], got[i]) == 0 : Math.abs(want[i] - got[i]) <= tol;
                if (!ok) {
                    fail(name + ": element " + i + " is " + got[i] + ", PyTorch " + want[i] + " (tolerance " + tol + ")");
                }
            }
        } else {
            assertArrayEquals(e.toLongArray(), actual.toLongArray(), name + ": values");
        }
    }

    /** The error PyTorch raised: grad4j's exception (of {@code kind}) carries its message, uint8's C++ name aside. */
    static void assertError(JsonNode c, Class<? extends RuntimeException> kind, Supplier<?> f, String name) {
        RuntimeException e = assertThrows(kind, f::get, name + ": PyTorch raises " + c.get("message").asText());
        String want = cppNames(c.get("message").asText());
        String got = cppNames(String.valueOf(e.getMessage()));
        int cut = want.indexOf("got: TensorOptions");   // the C++ options' printing is not reproduced
        if (cut >= 0) {
            want = want.substring(0, cut + 4);
        }
        assertTrue(got.contains(want), name + ": message '" + got + "' lacks PyTorch's '" + want + "'");
    }

    /** PyTorch names a dtype by its C++ type in some overflow messages and by its Python name in others. */
    private static String cppNames(String message) {
        return message.replace("type uint8_t ", "type uint8 ").replace("type int ", "type int32 ")
                .replace("type int64_t ", "type int64 ");
    }

    /**
     * The tolerance of a window: bartlett is arithmetic in ATen's order, bit for bit; the cosine windows differ by
     * the cos implementation (an ulp or two of 1); kaiser by i0 (float32 in double here, Cephes' float there).
     */
    static double windowTolerance(String fn, DType dtype) {
        double ulp = dtype == DType.FLOAT32 ? Math.ulp(1.0f) : Math.ulp(1.0);
        return switch (fn) {
            case "bartlett" -> 0;
            case "kaiser" -> 32 * ulp;   // a ratio of two i0, each through exp
            default -> 4 * ulp;
        };
    }

    @Test
    void windowFunctionsMatchPyTorch() {
        int exact = 0;
        int total = 0;
        for (JsonNode c : golden().get("windows")) {
            String fn = c.get("fn").asText();
            DType dt = dtype(c.get("dtype").asText());
            int n = c.get("n").asInt();
            boolean periodic = c.get("periodic").asBoolean();
            String name = fn + "_window(" + n + ", periodic=" + periodic + ", " + dt + (c.has("alpha")
                    ? ", alpha=" + c.get("alpha") + ", beta=" + c.get("beta") : c.has("beta") ? ", beta=" + c.get("beta") : "")
                    + ")";
            Supplier<Tensor> f = () -> switch (fn) {
                case "hann" -> Tensor.hannWindow(n, periodic, dt);
                case "hamming" -> c.has("alpha")
                        ? Tensor.hammingWindow(n, periodic, c.get("alpha").asDouble(), c.get("beta").asDouble(), dt)
                        : Tensor.hammingWindow(n, periodic, 0.54, 0.46, dt);
                case "blackman" -> Tensor.blackmanWindow(n, periodic, dt);
                case "bartlett" -> Tensor.bartlettWindow(n, periodic, dt);
                case "kaiser" -> Tensor.kaiserWindow(n, periodic, c.has("beta") ? c.get("beta").asDouble() : 12.0, dt);
                default -> throw new IllegalStateException(fn);
            };
            if (c.has("error")) {
                assertError(c, IllegalArgumentException.class, f, name);
                continue;
            }
            Tensor out = f.get();
            assertTensor(c.get("out"), out, windowTolerance(fn, dt), name);
            total++;
            exact += Tensor.of(Golden.numbers(c.get("out").get("data")), dt, Device.CPU, n).equal(out.to(Device.CPU)) ? 1 : 0;
        }
        assertTrue(exact > total / 2, "most windows are PyTorch's bits: " + exact + " of " + total);
    }

    @Test
    void rangeMatchesPyTorch() {
        for (JsonNode c : golden().get("range")) {
            double start = Golden.number(c.get("start"));
            double end = Golden.number(c.get("end"));
            double step = Golden.number(c.get("step"));
            DType dt = c.get("dtype").isNull() ? null : dtype(c.get("dtype").asText());
            String name = "range(" + start + ", " + end + ", " + step + ", " + dt + ")";
            Supplier<Tensor> f = () -> dt == null ? Tensor.range(start, end, step) : Tensor.range(start, end, step, dt);
            if (c.has("error")) {
                assertError(c, IllegalArgumentException.class, f, name);
            } else {
                assertTensor(c.get("out"), f.get(), 0, name);
            }
        }
    }

    @Test
    void scalarTensorMatchesPyTorch() {
        for (JsonNode c : golden().get("scalar_tensor")) {
            double v = Golden.number(c.get("value"));
            DType dt = c.get("dtype").isNull() ? null : dtype(c.get("dtype").asText());
            String name = "scalar_tensor(" + v + ", " + dt + ")";
            Supplier<Tensor> f = () -> dt == null ? Tensor.scalarTensor(v) : Tensor.scalarTensor(v, dt);
            if (c.has("error")) {
                assertError(c, IllegalArgumentException.class, f, name);
            } else {
                assertTensor(c.get("out"), f.get(), 0, name);
            }
        }
    }

    @Test
    void newCreationInheritsDtypeAndDevice() {
        for (JsonNode c : golden().get("new")) {
            DType dt = dtype(c.get("self").asText());
            Tensor x = Tensor.zeros(new int[] {2, 3}, dt).to(device());
            String fn = c.get("fn").asText();
            String name = dt + ".new " + fn;
            Supplier<Tensor> f = () -> switch (fn) {
                case "new_zeros" -> x.newZeros(2, 2);
                case "new_ones" -> x.newOnes(3);
                case "new_full" -> x.newFull(new int[] {2}, 2.75);
                case "new_full_neg" -> x.newFull(new int[] {2}, -1.5);
                case "new_empty" -> x.newEmpty(0, 2);
                case "new_tensor" -> x.newTensor(new double[] {1.5, -2.25, 0.0}, 3);
                case "new_zeros_f64" -> x.newZeros(new int[] {1}, DType.FLOAT64);
                case "new_ones_i64" -> x.newOnes(new int[] {2}, DType.INT64);
                case "new_full_bool" -> x.newFull(new int[] {2}, 3.0, DType.BOOL);
                case "new_full_big" -> x.newFull(new int[] {1}, 300.7);
                default -> throw new IllegalStateException(fn);
            };
            if (c.has("error")) {
                assertError(c, IllegalArgumentException.class, f, name);
            } else {
                Tensor out = f.get();
                assertTensor(c.get("out"), out, 0, name);
                assertEquals(device(), out.device(), name + ": device");
            }
        }
    }

    @Test
    void dtypeIntrospectionMatchesPyTorch() {
        for (JsonNode c : golden().get("introspection").get("dtypes")) {
            DType dt = dtype(c.get("dtype").asText());
            Tensor x = Tensor.zeros(new int[] {1}, dt).to(device());
            assertEquals(c.get("is_signed").asBoolean(), x.isSigned(), dt + ".is_signed()");
            assertEquals(c.get("element_size").asInt(), x.elementSize(), dt + ".element_size()");
            assertEquals(c.get("is_floating_point").asBoolean(), x.isFloatingPoint(), dt + ".is_floating_point()");
        }
        for (JsonNode c : golden().get("introspection").get("is_nonzero")) {
            Tensor x = tensor(c.get("input"), device());
            String name = "is_nonzero(" + x.dtype() + " of shape " + java.util.Arrays.toString(x.shape()) + ")";
            if (c.has("error")) {
                assertError(c, IllegalStateException.class, x::isNonzero, name);
            } else {
                assertEquals(c.get("out").asBoolean(), x.isNonzero(), name);
            }
        }
    }

    @Test
    void tolistMatchesPyTorch() {
        for (JsonNode c : golden().get("tolist")) {
            Tensor x = tensor(c.get("input"), device());
            assertList(c.get("out"), x.tolist(), "tolist of " + x.dtype() + " " + java.util.Arrays.toString(x.shape()));
        }
        // a strided view lists its logical order
        Tensor view = Tensor.arange(24).reshape(2, 3, 4).to(device()).transpose(0, 2);
        JsonNode strided = golden().get("tolist").get(9).get("out");
        assertList(strided, view.tolist(), "tolist of a transposed view");
    }

    private static void assertList(JsonNode want, Object got, String name) {
        if (want.isArray()) {
            assertTrue(got instanceof List, name + ": expected a list, got " + got);
            List<?> list = (List<?>) got;
            assertEquals(want.size(), list.size(), name + ": length");
            Iterator<?> it = list.iterator();
            for (JsonNode w : want) {
                assertList(w, it.next(), name);
            }
        } else if (want.isBoolean()) {
            assertEquals(want.asBoolean(), got, name);
        } else if (want.isIntegralNumber()) {
            assertEquals(want.asLong(), got, name);
        } else {
            assertEquals(want.asDouble(), got, name);
        }
    }

    @Test
    void promoteTypesAndCanCastTables() {
        for (JsonNode c : golden().get("dtype_rules").get("promote_types")) {
            DType a = dtype(c.get("a").asText());
            DType b = dtype(c.get("b").asText());
            assertSame(dtype(c.get("out").asText()), Tensor.promoteTypes(a, b), "promote_types(" + a + ", " + b + ")");
        }
        for (JsonNode c : golden().get("dtype_rules").get("can_cast")) {
            DType a = dtype(c.get("a").asText());
            DType b = dtype(c.get("b").asText());
            assertEquals(c.get("out").asBoolean(), Tensor.canCast(a, b), "can_cast(" + a + ", " + b + ")");
        }
    }

    private Object operand(JsonNode o) {
        if (o.has("scalar")) {
            return switch (o.get("scalar").asText()) {
                case "int" -> 2L;
                case "float" -> 2.5;
                case "bool" -> Boolean.TRUE;
                default -> throw new IllegalStateException(o.toString());
            };
        }
        int[] shape = o.get("dim").asInt() == 0 ? new int[0] : new int[] {2};
        return Tensor.zeros(shape, dtype(o.get("dtype").asText())).to(device());
    }

    @Test
    void resultTypeTable() {
        List<String> wrong = new ArrayList<>();
        for (JsonNode c : golden().get("dtype_rules").get("result_type")) {
            Object a = operand(c.get("a"));
            Object b = operand(c.get("b"));
            DType got = a instanceof Tensor ta && b instanceof Tensor tb ? Tensor.resultType(ta, tb) : Tensor.resultType(a, b);
            if (got != dtype(c.get("out").asText())) {
                wrong.add("result_type(" + c.get("a") + ", " + c.get("b") + ") is " + got + ", PyTorch " + c.get("out"));
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    private static Integer optInt(JsonNode o, String key) {
        return o.has(key) ? o.get(key).asInt() : null;
    }

    @Test
    void setPrintoptionsPrintsAsPyTorch() {
        JsonNode p = golden().get("printing");
        try {
            for (JsonNode c : p.get("cases")) {
                JsonNode o = c.get("options");
                Tensor.setPrintoptions(null, null, null, null, "default", null);
                Tensor.setPrintoptions(optInt(o, "precision"), o.has("threshold") ? o.get("threshold").asDouble() : null,
                        optInt(o, "edgeitems"), optInt(o, "linewidth"), o.has("profile") ? o.get("profile").asText() : null,
                        o.has("sci_mode") ? o.get("sci_mode").asBoolean() : null);
                JsonNode t = p.get("tensors").get(c.get("tensor").asText());
                Tensor x = tensor(t, Device.CPU);
                if (t.get("requires_grad").asBoolean()) {
                    x.requiresGrad_(true);
                }
                assertEquals(c.get("out").asText(), x.toString(), "print of " + c.get("tensor") + " with " + o);
            }
        } finally {
            Tensor.setPrintoptions(null, null, null, null, "default", null);
        }
    }

    /** JSON as the Java data a user passes: integers as Long, floats as Double, booleans, nested lists. */
    private static Object javaData(JsonNode d) {
        if (d.isArray()) {
            List<Object> list = new ArrayList<>();
            d.forEach(e -> list.add(javaData(e)));
            return list;
        }
        return d.isBoolean() ? (Object) d.asBoolean() : d.isIntegralNumber() ? (Object) d.asLong() : (Object) d.asDouble();
    }

    @Test
    void asTensorOfJavaDataMatchesPyTorch() {
        for (JsonNode c : golden().get("as_tensor")) {
            Object data = javaData(c.get("data"));
            DType dt = c.get("dtype").isNull() ? null : dtype(c.get("dtype").asText());
            String name = "as_tensor(" + c.get("data") + ", " + dt + ")";
            Supplier<Tensor> f = () -> dt == null ? Tensor.asTensor(data) : Tensor.asTensor(data, dt, device());
            if (c.has("error")) {
                assertError(c, IllegalArgumentException.class, f, name);
            } else {
                Tensor out = f.get();
                assertTensor(c.get("out"), out, 0, name);
            }
        }
        Tensor x = Tensor.tensor(new double[][] {{1, 2}, {3, 4}}).to(device());
        assertTrue(Tensor.asTensor(x.tolist(), null, device()).equal(x));
        assertTrue(Tensor.asTensor(new long[] {1, 2}).equal(Tensor.tensor(1L, 2L)));
        assertEquals(DType.BOOL, Tensor.asTensor(new boolean[] {true}).dtype());
        assertThrows(IllegalArgumentException.class, () -> Tensor.asTensor(List.of("a")));
        assertThrows(IllegalArgumentException.class, () -> Tensor.asTensor(List.of(1L, List.of(2L))));
        assertThrows(IllegalArgumentException.class, () -> Tensor.asTensor(null));
    }

    @Test
    void windowDefaultsArePyTorchs() {
        assertTrue(Tensor.hannWindow(8).equal(Tensor.hannWindow(8, true, Tensor.defaultDType())));
        assertTrue(Tensor.hannWindow(8, false).equal(Tensor.hammingWindow(8, false, 0.5, 0.5)));
        assertTrue(Tensor.hammingWindow(9).equal(Tensor.hammingWindow(9, true, 0.54, 0.46, DType.FLOAT32)));
        assertTrue(Tensor.hammingWindow(9, false, 0.54).equal(Tensor.hammingWindow(9, false)));
        assertTrue(Tensor.blackmanWindow(7).equal(Tensor.blackmanWindow(7, true, DType.FLOAT32)));
        assertTrue(Tensor.bartlettWindow(7).equal(Tensor.bartlettWindow(7, true)));
        assertTrue(Tensor.kaiserWindow(7).equal(Tensor.kaiserWindow(7, true, 12.0)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.hannWindow(4, true, null));
    }

    @Test
    void introspectionOfViewsAndDevices() {
        Tensor x = Tensor.arange(12).reshape(3, 4).to(device());
        Tensor row = x.select(0, 2);
        assertEquals(8, row.storageOffset());
        assertEquals(0, x.storageOffset());
        assertEquals(2, x.ndim());
        assertEquals(2, x.ndimension());
        assertEquals(12, x.nelement());
        assertTrue(x.isSameSize(Tensor.zeros(3, 4)));
        assertTrue(!x.isSameSize(x.t()));
        assertThrows(IllegalArgumentException.class, () -> x.isSameSize(null));
        assertEquals(x.device().type().equals("cpu"), x.isCpu());
        assertEquals(x.device().type().equals("cuda"), x.isCuda());
        assertEquals(x.isCpu() ? -1 : x.device().index(), x.getDevice());
        assertTrue(!x.isComplex());
        assertTrue(!x.isInference());
        assertEquals(x.isCpu() ? "torch.LongTensor" : "torch.cuda.LongTensor", x.type());
        assertEquals(DType.FLOAT64, x.type(DType.FLOAT64).dtype());
        assertEquals(DType.BOOL, x.toBool().dtype());
        assertTrue(x.toBool().equal(x.bool()));
        assertEquals(8L, row.tolist() instanceof List<?> l ? l.get(0) : null);
        assertEquals(Boolean.TRUE, Tensor.tensor(true).reshape().tolist());
        assertEquals(2.5, Tensor.scalarTensor(2.5).tolist());
    }

    @Test
    void newTensorOfATensorCopiesInSelfsDtype() {
        Tensor self = Tensor.zeros(new int[] {1}, DType.INT32).to(device());
        Tensor data = Tensor.tensor(1.5, -2.5).requiresGrad_(true);
        Tensor t = self.newTensor(data);
        assertEquals(DType.INT32, t.dtype());
        assertEquals(device(), t.device());
        assertArrayEquals(new long[] {1, -2}, t.toLongArray());
        assertTrue(!t.requiresGrad());
        Tensor same = Tensor.tensor(1.0, 2.0).to(device());
        Tensor copy = same.newTensor(same);
        assertTrue(copy != same && copy.equal(same));
        copy.add_(1.0);
        assertArrayEquals(new double[] {1, 2}, same.toDoubleArray());
    }

    @Test
    void emptyIsZeroFilledAndAsTensorSharesWhenItCan() {
        assertArrayEquals(new double[6], Tensor.empty(2, 3).toDoubleArray());
        assertEquals(Tensor.defaultDType(), Tensor.empty(2).dtype());
        assertEquals(DType.INT64, Tensor.empty(new int[] {2}, DType.INT64).dtype());
        Tensor x = Tensor.tensor(1.0, 2.0).to(device());
        Tensor like = Tensor.emptyLike(x);
        assertArrayEquals(new int[] {2}, like.shape());
        assertEquals(device(), like.device());
        assertEquals(DType.UINT8, Tensor.emptyLike(x, DType.UINT8).dtype());
        assertSame(x, Tensor.asTensor(x, null, null));
        assertSame(x, Tensor.asTensor(x, x.dtype(), x.device()));
        Tensor d = Tensor.asTensor(x, DType.FLOAT64, null);
        assertEquals(DType.FLOAT64, d.dtype());
        assertThrows(IllegalArgumentException.class, () -> Tensor.asTensor(null, null, null));
        assertThrows(IllegalArgumentException.class, () -> x.newZeros(-1));
    }

    @Test
    void rngStateRoundTripsThroughTheDefaultGenerator() {
        Tensor saved = Tensor.getRngState();
        try {
            assertSame(org.grad4j.Generator.defaultGenerator(), Tensor.manualSeed(1234));
            assertEquals(1234, Tensor.initialSeed());
            Tensor.rand(3);
            Tensor state = Tensor.getRngState();
            double[] first = Tensor.randn(20).toDoubleArray();   // past the normal cache, both paths
            double[] firstSmall = Tensor.randn(3).toDoubleArray();
            Tensor.setRngState(state);
            assertArrayEquals(first, Tensor.randn(20).toDoubleArray());
            assertArrayEquals(firstSmall, Tensor.randn(3).toDoubleArray());
            long s = Tensor.seed();
            assertEquals(s, Tensor.initialSeed());
            double[] a = Tensor.rand(4).toDoubleArray();
            Tensor.manualSeed(s);
            assertArrayEquals(a, Tensor.rand(4).toDoubleArray());
            assertThrows(IllegalArgumentException.class, () -> Tensor.setRngState(Tensor.zeros(5056)));
        } finally {
            Tensor.setRngState(saved);
        }
    }

    @Test
    void globalSwitches() {
        boolean grad = Tensor.isGradEnabled();
        try {
            Tensor.setGradEnabled(false);
            assertTrue(!Tensor.isGradEnabled());
            Tensor w = Tensor.ones(2).requiresGrad_(true);
            assertTrue(w.mul(2.0).gradFn() == null);
            Tensor.setGradEnabled(true);
            assertTrue(Tensor.isGradEnabled());
        } finally {
            Tensor.setGradEnabled(grad);
        }
        boolean det = Tensor.areDeterministicAlgorithmsEnabled();
        try {
            Tensor.useDeterministicAlgorithms(true);
            assertTrue(Tensor.areDeterministicAlgorithmsEnabled());
            assertTrue(!Tensor.isDeterministicAlgorithmsWarnOnlyEnabled());
            Tensor.useDeterministicAlgorithms(true, true);
            assertTrue(Tensor.isDeterministicAlgorithmsWarnOnlyEnabled());
            Tensor.useDeterministicAlgorithms(false, true);
            assertTrue(!Tensor.areDeterministicAlgorithmsEnabled());
            assertTrue(!Tensor.isDeterministicAlgorithmsWarnOnlyEnabled());
        } finally {
            Tensor.useDeterministicAlgorithms(det);
        }
        assertTrue(Tensor.getNumThreads() >= 1);
        assertThrows(IllegalArgumentException.class, () -> Tensor.setNumThreads(0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.setNumThreads(Integer.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> Tensor.hannWindow(Integer.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> Tensor.range(0, 1e12, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.promoteTypes(DType.FLOAT32, null));
        assertThrows(IllegalArgumentException.class, () -> Tensor.canCast(null, DType.FLOAT32));
        assertThrows(IllegalArgumentException.class, () -> Tensor.resultType("x", 1));
        assertEquals(DType.FLOAT32, Tensor.resultType(1, 2.0f));
    }
}

package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The idx branch's ops against PyTorch 1.13 ({@code golden/idx.json.gz}, made by {@code tools/golden/idx_golden.py}):
 * index_copy, index_fill, index_put, index_reduce, masked_scatter, scatter_reduce, the *_scatter ops,
 * take_along_dim, put, argwhere and the splits, with their in-place forms, over every dtype PyTorch accepts:
 * values, dtypes, grad_fn names, gradients, and PyTorch's refusals (kind, message where the case asks).
 *
 * <p>The forwards are selections, copies, or reductions computed in PyTorch's order, so they are exact on every
 * backend but for the accumulating scatters (index_put / put with accumulate), whose order is the CPU's only; the
 * gradients are exact on the CPU backend and within rounding elsewhere.
 */
public abstract class IdxConformance extends DeviceConformance {

    private static JsonNode golden() {
        return Golden.load("idx.json.gz");
    }

    private static int[] ints(JsonNode a) {
        return Golden.ints(a);
    }

    /** A golden tensor in its own dtype, exact (integers from decimal strings). */
    static Tensor decode(JsonNode t, Device device) {
        String dtype = t.get("dtype").asText();
        int[] shape = ints(t.get("shape"));
        JsonNode data = t.get("data");
        int n = data.size();
        switch (dtype) {
            case "float32", "float64" -> {
                return Tensor.of(Golden.numbers(data), dtype.equals("float32") ? DType.FLOAT32 : DType.FLOAT64, device,
                        shape);
            }
            case "bool" -> {
                boolean[] b = new boolean[n];
                for (int i = 0; i < n; i++) {
                    b[i] = data.get(i).asInt() != 0;
                }
                return Tensor.of(b, shape).to(device);
            }
            case "int32" -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = Integer.parseInt(data.get(i).asText());
                }
                return Tensor.of(v, shape).to(device);
            }
            case "uint8" -> {
                byte[] v = new byte[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (byte) Integer.parseInt(data.get(i).asText());
                }
                return Tensor.of(v, shape).to(device);
            }
            default -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = Long.parseLong(data.get(i).asText());
                }
                return Tensor.of(v, shape).to(device);
            }
        }
    }

    private static int[] intList(JsonNode a, String key) {
        return ints(a.get(key));
    }

    private static Tensor[] rest(Tensor[] in, int from) {
        Tensor[] out = new Tensor[in.length - from];
        System.arraycopy(in, from, out, 0, out.length);
        return out;
    }

    /** The op as grad4j spells it: a Tensor, or a List of them for the splits. */
    static Object apply(String op, JsonNode a, Tensor[] in) {
        Tensor x = a.path("transpose").asBoolean() ? in[0].t() : in[0];
        return switch (op) {
            case "tensor_split" -> a.has("sections") ? x.tensorSplit(a.get("sections").asInt(), a.get("dim").asInt())
                    : x.tensorSplit(intList(a, "indices"), a.get("dim").asInt());
            // PyTorch takes the split points from a host tensor only
            case "tensor_split_tensor" -> x.tensorSplit(in[1].to(Device.CPU), a.get("dim").asInt());
            case "hsplit" -> a.has("sections") ? x.hsplit(a.get("sections").asInt()) : x.hsplit(intList(a, "indices"));
            case "vsplit" -> a.has("sections") ? x.vsplit(a.get("sections").asInt()) : x.vsplit(intList(a, "indices"));
            case "dsplit" -> a.has("sections") ? x.dsplit(a.get("sections").asInt()) : x.dsplit(intList(a, "indices"));
            case "split_with_sizes" -> x.splitWithSizes(intList(a, "sizes"), a.get("dim").asInt());
            case "unsafe_split_with_sizes" -> x.unsafeSplitWithSizes(intList(a, "sizes"), a.get("dim").asInt());
            case "unsafe_split" -> x.unsafeSplit(a.get("size").asInt(), a.get("dim").asInt());
            case "unsafe_chunk" -> x.unsafeChunk(a.get("chunks").asInt(), a.get("dim").asInt());
            case "select_scatter" -> x.selectScatter(in[1], a.get("dim").asInt(), a.get("index").asInt());
            case "slice_scatter" -> x.sliceScatter(in[1], a.get("dim").asInt(), a.get("start").asInt(),
                    a.get("end").asInt(), a.get("step").asInt());
            case "diagonal_scatter" -> x.diagonalScatter(in[1], a.get("offset").asInt(), a.get("dim1").asInt(),
                    a.get("dim2").asInt());
            case "take_along_dim" -> x.takeAlongDim(in[1], a.get("dim").asInt());
            case "take_along_dim_flat" -> x.takeAlongDim(in[1]);
            case "argwhere" -> x.argwhere();
            case "index_copy" -> x.indexCopy(a.get("dim").asInt(), in[1], in[2]);
            case "index_copy_" -> x.clone().indexCopy_(a.get("dim").asInt(), in[1], in[2]);
            case "index_fill" -> x.indexFill(a.get("dim").asInt(), in[1], a.get("value").asDouble());
            case "index_fill_" -> x.clone().indexFill_(a.get("dim").asInt(), in[1], a.get("value").asDouble());
            case "index_fill_tensor" -> x.indexFill(a.get("dim").asInt(), in[1], in[2]);
            case "index_fill_tensor_" -> x.clone().indexFill_(a.get("dim").asInt(), in[1], in[2]);
            case "index_put" -> x.indexPut(rest(in, 2), in[1], a.get("accumulate").asBoolean());
            case "index_put_" -> x.clone().indexPut_(rest(in, 2), in[1], a.get("accumulate").asBoolean());
            case "put" -> x.put(in[1], in[2], a.get("accumulate").asBoolean());
            case "put_" -> x.clone().put_(in[1], in[2], a.get("accumulate").asBoolean());
            case "masked_scatter" -> x.maskedScatter(in[1], in[2]);
            case "masked_scatter_" -> x.clone().maskedScatter_(in[1], in[2]);
            case "scatter_reduce" -> x.scatterReduce(a.get("dim").asInt(), in[1], in[2], a.get("reduce").asText(),
                    a.get("include_self").asBoolean());
            case "scatter_reduce_" -> x.clone().scatterReduce_(a.get("dim").asInt(), in[1], in[2],
                    a.get("reduce").asText(), a.get("include_self").asBoolean());
            case "index_reduce" -> x.indexReduce(a.get("dim").asInt(), in[1], in[2], a.get("reduce").asText(),
                    a.get("include_self").asBoolean());
            case "index_reduce_" -> x.clone().indexReduce_(a.get("dim").asInt(), in[1], in[2],
                    a.get("reduce").asText(), a.get("include_self").asBoolean());
            default -> throw new AssertionError("golden op '" + op + "' has no mapping in IdxConformance.apply");
        };
    }

    /** The name grad4j's messages must carry: the op without the golden's variant suffixes. */
    private static String opName(String op) {
        return op.replaceAll("_(tensor|flat)_?$", "").replaceAll("_$", "");
    }

    @TestFactory
    List<DynamicTest> casesMatchPyTorch() {
        backend();
        Device device = device();
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode c : golden().get("cases")) {
            tests.add(DynamicTest.dynamicTest(i++ + " " + c.get("dtype").asText() + " " + c.get("op").asText()
                    + c.get("args"), () -> check(c, device)));
        }
        return tests;
    }

    private void check(JsonNode c, Device device) {
        String op = c.get("op").asText();
        JsonNode inputs = c.get("inputs");
        String what = c.get("dtype").asText() + " " + op + c.get("args") + " " + inputs.get(0).get("shape");
        Tensor[] args = new Tensor[inputs.size()];
        for (int i = 0; i < args.length; i++) {
            JsonNode t = inputs.get(i);
            args[i] = decode(t, device);
            if (t.get("grad").asBoolean()) {
                args[i].requiresGrad_(true);
            }
        }
        if (c.has("error")) {
            refused(what, op, c, args);
            return;
        }
        Object result = apply(op, c.get("args"), args);
        List<Tensor> outs = new ArrayList<>();
        List<JsonNode> expected = new ArrayList<>();
        if (c.has("outs")) {
            assertTrue(result instanceof List, what + ": expected a list of tensors");
            for (Object o : (List<?>) result) {
                outs.add((Tensor) o);
            }
            c.get("outs").forEach(expected::add);
            assertEquals(expected.size(), outs.size(), what + ": number of pieces");
        } else {
            outs.add((Tensor) result);
            expected.add(c.get("out"));
        }
        boolean cpu = device.equals(Device.CPU);
        if (!cpu && c.has("cpu_only")) {
            return;   // repeated indices written without accumulating: which write wins is the CPU's order only
        }
        boolean accumulates = c.get("args").has("accumulate") && c.get("args").get("accumulate").asBoolean();
        for (int k = 0; k < outs.size(); k++) {
            checkValues(what + ": output " + k, expected.get(k), outs.get(k), cpu || !accumulates);
        }
        if (!c.has("grads")) {
            for (Tensor o : outs) {
                assertNull(o.gradFn(), what + ": PyTorch's result needs no grad");
            }
            return;
        }
        Tensor total = null;
        for (int k = 0; k < outs.size(); k++) {
            JsonNode name = c.get("grad_fns").get(k);
            Tensor o = outs.get(k);
            if (name.isNull()) {
                assertNull(o.gradFn(), what + ": output " + k + " has a grad_fn PyTorch's lacks");
                continue;
            }
            assertNotNull(o.gradFn(), what + ": output " + k + " has no grad_fn");
            assertEquals(name.asText(), o.gradFn().name(), what + ": grad_fn of output " + k);
            Tensor term = o.mul(decode(c.get("ws").get(k), device)).sum();
            total = total == null ? term : total.add(term);
        }
        total.backward();
        for (int i = 0; i < args.length; i++) {
            JsonNode eg = c.get("grads").get(i);
            if (eg == null || eg.isNull()) {
                if (args[i].requiresGrad()) {
                    assertNull(args[i].grad(), what + ": input " + i + " got a gradient PyTorch does not give");
                }
                continue;
            }
            Tensor g = args[i].grad();
            if (g == null) {
                fail(what + ": input " + i + " got no gradient");
            }
            // index_fill's value gradient sums the slices in the order of PyTorch's unsorted _unique (a hash set's)
            boolean exact = cpu && !(op.startsWith("index_fill_tensor") && i == 2);
            checkValues(what + ": gradient of input " + i, eg, g, exact);
        }
    }

    private static void checkValues(String what, JsonNode expected, Tensor actual, boolean exact) {
        assertArrayEquals(ints(expected.get("shape")), actual.shape(), what + ": shape");
        String dtype = expected.get("dtype").asText();
        assertEquals(dtype, actual.dtype().torchName().replace("torch.", ""), what + ": dtype");
        if (dtype.startsWith("float")) {
            assertClose(what, Golden.numbers(expected.get("data")), actual.toDoubleArray(),
                    dtype.equals("float64") ? 1e-12 : 1e-5, exact);
            return;
        }
        long[] want = new long[expected.get("data").size()];
        for (int i = 0; i < want.length; i++) {
            want[i] = Long.parseLong(expected.get("data").get(i).asText());
        }
        assertArrayEquals(want, actual.toLongArray(), what + ": values");
    }

    private static void refused(String what, String op, JsonNode c, Tensor[] args) {
        String error = c.get("error").asText();
        RuntimeException e = null;
        try {
            apply(op, c.get("args"), args);
        } catch (RuntimeException thrown) {
            e = thrown;
        }
        assertNotNull(e, what + ": PyTorch raised " + error + ", grad4j returned");
        Class<?> kind = error.startsWith("IndexError") ? IndexOutOfBoundsException.class
                : IllegalArgumentException.class;
        assertTrue(kind.isInstance(e), what + ": PyTorch raised " + error + ", grad4j threw " + e);
        assertTrue(e.getMessage().contains(opName(op)), what + ": message does not name the op: " + e.getMessage());
        if (c.get("message").asBoolean()) {
            String m = error.substring(error.indexOf(':') + 2);
            assertTrue(e.getMessage().contains(m), what + ": message lacks PyTorch's '" + m + "': " + e.getMessage());
        }
        for (Tensor t : args) {
            if (t.isFloatingPoint()) {
                assertNull(t.grad(), what + ": a refused call left a gradient");
            }
        }
    }

    // ------------------------------------------------------------ behaviours beyond the golden values

    @Test
    void tensorSplitPiecesAreViews() {
        Tensor x = Tensor.arange(0L, 12L).reshape(3, 4).to(device());
        List<Tensor> pieces = x.tensorSplit(new int[] {1, 3}, 1);
        pieces.get(1).fill_(-1.0);
        assertArrayEquals(new long[] {0, -1, -1, 3, 4, -1, -1, 7, 8, -1, -1, 11}, x.toLongArray());
        x.vsplit(3).get(2).fill_(5.0);
        assertArrayEquals(new long[] {5, 5, 5, 5}, x.select(0, 2).toLongArray());
    }

    @Test
    void inPlaceFormsBumpTheVersionAndRefuseLeaves() {
        Tensor leaf = Tensor.zeros(3, 4).to(device()).requiresGrad_();
        Tensor index = Tensor.of(new long[] {0, 2}, 2).to(device());
        Tensor src = Tensor.ones(2, 4).to(device());
        assertThrows(IllegalStateException.class, () -> leaf.indexCopy_(0, index, src));
        assertThrows(IllegalStateException.class, () -> leaf.indexFill_(0, index, 1.0));
        assertThrows(IllegalStateException.class, () -> leaf.put_(index, Tensor.ones(2).to(device())));
        assertNull(leaf.grad());
        Tensor y = Tensor.zeros(3, 4).to(device());
        long v = y.version();
        assertSame(y, y.indexCopy_(0, index, src));
        assertTrue(y.version() > v, "index_copy_ bumps the version");
        assertArrayEquals(new double[] {1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1}, y.toDoubleArray());
        v = y.version();
        y.scatterReduce_(1, Tensor.of(new long[] {0, 0, 1}, 1, 3).to(device()), Tensor.of(new double[] {2, 3, 4},
                DType.FLOAT32, device(), 1, 3), "prod", true);
        assertTrue(y.version() > v, "scatter_reduce_ bumps the version");
        assertArrayEquals(new double[] {6, 4, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1}, y.toDoubleArray());
    }

    @Test
    void inPlaceChangeOfASavedTensorIsDetected() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, DType.FLOAT64, device(), 4).requiresGrad_();
        Tensor out = x.mul(2.0).exp();                      // ExpBackward0 saves its output
        out.indexFill_(0, Tensor.of(new long[] {1}, 1).to(device()), 0.0);
        assertEquals("IndexFillBackward0", out.gradFn().name());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> out.sum().backward());
        assertTrue(e.getMessage().contains("modified by an inplace operation"), e.getMessage());
    }

    @Test
    void inPlaceThroughAViewReachesTheBase() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, DType.FLOAT64, device(), 2, 3).requiresGrad_();
        Tensor base = x.mul(1.0);
        base.select(0, 1).indexFill_(0, Tensor.of(new long[] {0, 2}, 2).to(device()), 9.0);
        assertArrayEquals(new double[] {1, 2, 3, 9, 5, 9}, base.toDoubleArray());
        assertEquals("CopySlices", base.gradFn().name());
        base.mul(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, DType.FLOAT64, device(), 2, 3)).sum().backward();
        assertArrayEquals(new double[] {1, 2, 3, 0, 5, 0}, x.grad().toDoubleArray());
    }

    @Test
    void scatterReduceGuardsItsSavedInputs() {
        Tensor w = Tensor.of(new double[] {1, 2, 3}, DType.FLOAT64, device(), 3).requiresGrad_();
        Tensor self = w.mul(1.0);
        Tensor src = Tensor.of(new double[] {4, 5}, DType.FLOAT64, device(), 2);
        Tensor out = self.scatterReduce(0, Tensor.of(new long[] {0, 0}, 2).to(device()), src, "prod", true);
        assertEquals("ScatterReduceBackward0", out.gradFn().name());
        self.add_(1.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> out.sum().backward());
        assertTrue(e.getMessage().contains("modified by an inplace operation"), e.getMessage());
    }
}

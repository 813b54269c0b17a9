package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.grad4j.DType;
import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.autograd.Autograd;
import org.junit.jupiter.api.Test;

/**
 * Tensor hooks ({@code registerHook}) and {@code retainGrad} against PyTorch 1.13, bit for bit
 * ({@code tools/golden/hooks_golden.py}): replacing, recording and removed hooks on leaves and non-leaves,
 * retained gradients once and summed over two passes, hooks and retain_grad in both registration orders, a
 * retained log_softmax output under nll_loss (the engine's fused cross-entropy step must not skip it), and the
 * errors.
 */
public abstract class HooksConformance extends DeviceConformance {
    private static JsonNode golden;

    private static JsonNode golden() {
        if (golden == null) {
            golden = Golden.load("hooks.json");
        }
        return golden;
    }

    private Tensor fromBits(JsonNode hex, DType dtype, int... shape) {
        double[] v = new double[hex.size()];
        for (int i = 0; i < v.length; i++) {
            long b = Long.parseUnsignedLong(hex.get(i).asText(), 16);
            v[i] = dtype == DType.FLOAT32 ? Float.intBitsToFloat((int) b) : Double.longBitsToDouble(b);
        }
        return Tensor.of(v, dtype, device(), shape);
    }

    private static void assertBits(String what, JsonNode want, Tensor got) {
        assertTrue(got != null, what + ": no gradient");
        double[] g = got.toDoubleArray();
        assertEquals(want.size(), g.length, what + ": size");
        for (int i = 0; i < g.length; i++) {
            long actual = got.dtype() == DType.FLOAT32 ? Float.floatToRawIntBits((float) g[i]) & 0xffffffffL
                    : Double.doubleToRawLongBits(g[i]);
            assertEquals(want.get(i).asText(), String.format(got.dtype() == DType.FLOAT32 ? "%08x" : "%016x", actual),
                    what + " at " + i + " (got " + g[i] + ")");
        }
    }

    /** The small graph every hook case uses: {@code h = x * w + b}, {@code y = h * h + h}. */
    private record Graph(Tensor w, Tensor b, Tensor h, Tensor y) {
    }

    private Graph graph(JsonNode c, DType dtype) {
        Tensor x = fromBits(c.get("x"), dtype, 4, 3);
        Tensor w = fromBits(c.get("w"), dtype, 3).requiresGrad_(true);
        Tensor b = fromBits(c.get("b"), dtype, 3).requiresGrad_(true);
        Tensor h = x.mul(w).add(b);
        return new Graph(w, b, h, h.mul(h).add(h));
    }

    @Test
    void hooksAndRetainedGradientsMatchPyTorch() {
        int count = 0;
        for (JsonNode c : golden().get("cases")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            String name = c.get("name").asText();
            String at = dtype + " " + name + " x" + c.get("passes").asInt();
            Graph graph = graph(c, dtype);
            Tensor w = graph.w();
            Tensor b = graph.b();
            Tensor h = graph.h();
            Tensor y = graph.y();
            List<Tensor> seen = new ArrayList<>();
            switch (name) {
                case "retain_h_y" -> {
                    h.retainGrad();
                    y.retainGrad();
                }
                case "hook_scale_then_retain" -> {
                    h.registerHook(g -> g.mul(2.0));
                    h.retainGrad();
                }
                case "retain_then_hook_scale" -> {
                    h.retainGrad();
                    h.registerHook(g -> g.mul(2.0));
                }
                case "leaf_hook_half" -> w.registerHook(g -> g.mul(0.5));
                case "hook_records" -> y.registerHook(g -> {
                    seen.add(g.clone());
                    return null;
                });
                case "hook_removed" -> h.registerHook(g -> g.mul(2.0)).remove();
                default -> throw new IllegalStateException("no case " + name + " in hooks.json");
            }
            Tensor loss = y.mul(y).mean();
            int passes = c.get("passes").asInt();
            for (int p = 0; p < passes; p++) {
                loss.backward(Tensor.onesLike(loss), p + 1 < passes);
            }
            assertBits(at + ": w.grad", c.get("w_grad"), w.grad());
            assertBits(at + ": b.grad", c.get("b_grad"), b.grad());
            if (c.get("h_grad").isNull()) {
                assertFalse(h.retainsGrad(), at + ": h does not retain its gradient");
                assertNull(h.grad(), at + ": h.grad");
            } else {
                assertTrue(h.retainsGrad(), at + ": h retains its gradient");
                assertBits(at + ": h.grad", c.get("h_grad"), h.grad());
            }
            if (!c.get("y_grad").isNull()) {
                assertBits(at + ": y.grad", c.get("y_grad"), y.grad());
            }
            assertEquals(c.get("seen").size(), seen.size(), at + ": calls of the recording hook");
            for (int i = 0; i < seen.size(); i++) {
                assertBits(at + ": gradient the hook saw", c.get("seen").get(i), seen.get(i));
            }
            count++;
        }
        assertEquals(14, count);
    }

    @Test
    void retainedLogSoftmaxOutputUnderNllLoss() {
        for (JsonNode c : golden().get("nll")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            Tensor x = fromBits(c.get("x"), dtype, 6, 5);
            Tensor w = fromBits(c.get("w"), dtype, 5).requiresGrad_(true);
            long[] t = new long[c.get("target").size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = c.get("target").get(i).asLong();
            }
            Tensor target = Tensor.of(t, t.length).to(device());
            Functional.nllLoss(Functional.logSoftmax(x.mul(w), 1), target).backward();
            Tensor unretained = w.grad().clone();
            w.clearGrad();
            Tensor logp = Functional.logSoftmax(x.mul(w), 1);
            logp.retainGrad();
            Functional.nllLoss(logp, target).backward();
            assertBits(dtype + " logp.grad", c.get("logp_grad"), logp.grad());
            assertEquals(java.util.Arrays.toString(unretained.toDoubleArray()), java.util.Arrays.toString(w.grad().toDoubleArray()),
                    dtype + ": w.grad with log_softmax's output retained equals w.grad without");
            // exp/log are Java's libm here, glibc's in PyTorch: within ulps
            assertClose(dtype + " w.grad", fromBits(c.get("w_grad"), dtype, 5).toDoubleArray(), w.grad().toDoubleArray(),
                    dtype == DType.FLOAT32 ? 1e-6 : 1e-14, false);
        }
    }

    @Test
    void autogradGradReturnsGradientsAndLeavesGradAlone() {
        for (JsonNode c : golden().get("autograd_grad")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            Graph graph = graph(c, dtype);
            Tensor w = graph.w();
            Tensor b = graph.b();
            Tensor y = graph.y();
            Tensor loss = y.mul(y).mean();
            Tensor[] g = Autograd.grad(loss, List.of(w, graph.h(), b), null, true, false);
            assertBits(dtype + " d loss / d w", c.get("gw"), g[0]);
            assertBits(dtype + " d loss / d h", c.get("gh"), g[1]);
            assertBits(dtype + " d loss / d b", c.get("gb"), g[2]);
            Tensor half = Tensor.fullLike(y, 0.5);
            assertBits(dtype + " grad_outputs 0.5", c.get("gw_half"), Autograd.grad(y, List.of(w), half, false, false)[0]);
            assertNull(w.grad(), "autograd.grad leaves w.grad as it was");
            assertNull(b.grad(), "autograd.grad leaves b.grad as it was");
        }
        JsonNode e = golden().get("errors");
        Tensor u = Tensor.of(new double[] {1.0}, DType.FLOAT32, device(), 1).requiresGrad_(true);
        Tensor other = Tensor.of(new double[] {1.0}, DType.FLOAT32, device(), 1).requiresGrad_(true);
        String m = assertThrows(IllegalStateException.class,
                () -> Autograd.grad(u.mul(2.0).sum(), List.of(other))).getMessage();
        assertTrue(m.contains(e.get("grad_unused").asText()), m);
        Tensor[] g = Autograd.grad(u.mul(2.0).sum(), List.of(u, other), null, false, true);
        assertNull(g[1], "allowUnused: null for an input no gradient reaches");
        Tensor constant = Tensor.of(new double[] {1.0}, DType.FLOAT32, device(), 1);
        m = assertThrows(IllegalStateException.class,
                () -> Autograd.grad(u.mul(2.0).sum(), List.of(constant))).getMessage();
        assertTrue(m.contains(e.get("grad_input_without_grad").asText()), m);
    }

    @Test
    void errorsAsPyTorch() {
        JsonNode e = golden().get("errors");
        Tensor constant = Tensor.of(new double[] {1.0}, DType.FLOAT32, device(), 1);
        String m = assertThrows(IllegalStateException.class, () -> constant.registerHook(g -> g)).getMessage();
        assertTrue(m.contains(e.get("hook_on_constant").asText()), m);
        m = assertThrows(IllegalStateException.class, constant::retainGrad).getMessage();
        assertTrue(m.contains(e.get("retain_on_constant").asText()), m);
        Tensor x = Tensor.of(new double[] {1.0, 2.0}, DType.FLOAT32, device(), 2).requiresGrad_(true);
        Tensor y = x.mul(3.0);
        y.registerHook(Tensor::sum);
        m = assertThrows(IllegalStateException.class, () -> y.mul(y).sum().backward()).getMessage();
        assertTrue(m.contains(e.get("hook_changes_size").asText()), m);
        assertNull(x.grad(), "a failed pass leaves the leaf's gradient as it was");
        Tensor leaf = Tensor.of(new double[] {1.0, 2.0}, DType.FLOAT64, device(), 2).requiresGrad_(true);
        leaf.retainGrad();
        assertFalse(leaf.retainsGrad(), "retain_grad on a leaf does nothing, as PyTorch's retains_grad says");
    }
}

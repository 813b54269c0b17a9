package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.nn.Linear;
import org.grad4j.nn.Module;
import org.grad4j.nn.Sequential;
import org.grad4j.nn.Tanh;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Module hooks and the nnmore activations, layers and losses against PyTorch 1.13 ({@code golden/nn_more.json},
 * made by {@code tools/golden/nn_more_golden.py}).
 *
 * <p>Hooks: outputs and gradients within {@link DeviceConformance#rtol} (the Linear layers' products sum in
 * another order than PyTorch's BLAS); the hooks' order, what they see and replace, and the output's grad_fn
 * exactly.
 */
public abstract class NnMoreConformance extends DeviceConformance {

    private static JsonNode golden() {
        return Golden.load("nn_more.json");
    }

    private Tensor t(JsonNode n, DType dtype) {
        return Golden.tensor(n, dtype, device());
    }

    private static void close(String what, JsonNode expected, Tensor actual) {
        assertNotNull(actual, what + ": missing");
        assertArrayEquals(Golden.ints(expected.get("shape")), actual.shape(), what + ": shape");
        assertClose(what, Golden.numbers(expected.get("data")), actual.toDoubleArray(), rtol(actual.dtype()), false);
    }

    // ---------------------------------------------------------------------------------------------- hooks

    @TestFactory
    List<DynamicTest> hooksMatchPyTorch() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : golden().get("hooks")) {
            String what = c.get("dtype").asText() + " " + c.get("name").asText();
            tests.add(DynamicTest.dynamicTest(what, () -> checkHooks(what, c)));
        }
        return tests;
    }

    private void checkHooks(String what, JsonNode c) {
        DType dt = Golden.dtype(c.get("dtype"));
        String name = c.get("name").asText();
        Linear lin = new Linear(3, 2, true, new Generator(0), dt, device());
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("weight", t(c.get("weight"), dt));
        state.put("bias", t(c.get("bias"), dt));
        lin.loadStateDict(state);
        Sequential seq = new Sequential(new Linear(3, 5, true, new Generator(0), dt, device()), new Tanh(),
                new Linear(5, 2, true, new Generator(0), dt, device()));
        Map<String, Tensor> seqState = new LinkedHashMap<>();
        c.get("seq").fields().forEachRemaining(e -> seqState.put(e.getKey(), t(e.getValue(), dt)));
        seq.loadStateDict(seqState);
        Module m = lin;
        List<Tensor[]> seen = new ArrayList<>();
        Tensor x = t(c.get("x"), dt).requiresGrad_(!name.equals("backward_no_input_grad"));
        Tensor.HookHandle handle = null;
        switch (name) {
            case "pre_scale_post_add" -> {
                lin.registerForwardPreHook((mod, in) -> in.mul(2.0));
                lin.registerForwardHook((mod, in, o) -> o.add(in.sum()));
            }
            case "pre_order" -> {
                lin.registerForwardPreHook((mod, in) -> in.add(1.0));
                lin.registerForwardPreHook((mod, in) -> in.mul(3.0));
                lin.registerForwardHook((mod, in, o) -> o.mul(2.0));
                lin.registerForwardHook((mod, in, o) -> o.sub(1.0));
            }
            case "removed" -> {
                Tensor.HookHandle h = lin.registerForwardPreHook((mod, in) -> in.add(1.0));
                lin.registerForwardHook((mod, in, o) -> null);
                h.remove();
                h.remove();
            }
            case "backward_scale", "backward_no_input_grad" -> lin.registerFullBackwardHook((mod, gi, go) -> {
                assertTrue(mod == lin);
                seen.add(new Tensor[] {gi[0], go[0]});
                return gi[0] == null ? null : new Tensor[] {gi[0].mul(3.0)};
            });
            case "backward_two" -> {
                lin.registerFullBackwardHook((mod, gi, go) -> {
                    seen.add(new Tensor[] {gi[0], go[0]});
                    return new Tensor[] {gi[0].add(1.0)};
                });
                lin.registerFullBackwardHook((mod, gi, go) -> {
                    seen.add(new Tensor[] {gi[0], go[0]});
                    return null;
                });
            }
            case "sequential_child" -> {
                m = seq;
                seq.get(1).registerForwardHook((mod, in, o) -> o.mul(o));
                seq.get(2).registerFullBackwardHook((mod, gi, go) -> {
                    seen.add(new Tensor[] {gi[0], go[0]});
                    return new Tensor[] {gi[0].mul(0.5)};
                });
            }
            case "backward_removed_after_call" -> handle = lin.registerFullBackwardHook((mod, gi, go) -> {
                seen.add(new Tensor[] {gi[0], go[0]});
                return new Tensor[] {gi[0].mul(3.0)};
            });
            default -> throw new AssertionError("unknown hook scenario " + name);
        }
        Tensor y = m.call(x);
        if (handle != null) {
            handle.remove();
        }
        close(what + ": output", c.get("out"), y);
        assertEquals(c.get("grad_fn").asText(), y.gradFn().name(), what + ": grad_fn");
        y.mul(t(c.get("w"), dt)).sum().backward();
        if (c.get("x_grad").isNull()) {
            assertNull(x.grad(), what + ": x got a gradient");
        } else {
            close(what + ": x.grad", c.get("x_grad"), x.grad());
        }
        Map<String, Tensor> params = m.namedParameters();
        c.get("param_grads").fields().forEachRemaining(e -> close(what + ": " + e.getKey() + ".grad", e.getValue(),
                params.get(e.getKey()).grad()));
        JsonNode want = c.get("seen");
        assertEquals(want.size(), seen.size(), what + ": backward hook calls");
        for (int i = 0; i < seen.size(); i++) {
            for (int j = 0; j < 2; j++) {
                JsonNode e = want.get(i).get(j);
                if (e.isNull()) {
                    assertNull(seen.get(i)[j], what + ": call " + i + " argument " + j + " should be null");
                } else {
                    close(what + ": call " + i + " argument " + j, e, seen.get(i)[j]);
                }
            }
        }
    }

    @Test
    void hooksRunOnCallNotOnForwardAndRefuseNull() {
        Linear lin = new Linear(2, 2, true, new Generator(1), DType.FLOAT64, device());
        Tensor x = Tensor.ones(1, 2).toDouble().to(device());
        int[] calls = {0};
        Tensor.HookHandle h = lin.registerForwardHook((mod, in, o) -> {
            calls[0]++;
            return null;
        });
        lin.forward(x);
        assertEquals(0, calls[0], "forward() skips hooks, as PyTorch's module.forward(x)");
        lin.call(x);
        new Sequential(lin).forward(x);
        assertEquals(2, calls[0], "call() and containers run them");
        h.remove();
        lin.call(x);
        assertEquals(2, calls[0]);
        assertThrows(IllegalArgumentException.class, () -> lin.registerForwardHook(null));
        assertThrows(IllegalArgumentException.class, () -> lin.registerForwardPreHook(null));
        assertThrows(IllegalArgumentException.class, () -> lin.registerFullBackwardHook(null));
        Tensor xg = x.clone().requiresGrad_(true);
        lin.registerFullBackwardHook((mod, gi, go) -> new Tensor[] {gi[0], gi[0]});
        Tensor y = lin.call(xg).sum();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("Backward hook returned an invalid number of grad_input, got 2, but "
                + "expected 1"), e.getMessage());
    }
}

package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Node;
import org.grad4j.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * In-place ops under autograd against PyTorch 1.13 ({@code golden/inplace.json}, made by
 * {@code tools/golden/inplace_golden.py}): writes through views (CopySlices), fill_/zero_/set/copy_ on tensors with
 * history, views read after their base changed, and PyTorch's refusals. Each scenario below repeats the script's
 * steps; values within 1e-6 / 1e-13 relative (sums of a few products), grad_fn names and flags exactly.
 */
public abstract class InPlaceConformance extends DeviceConformance {

    private static String gf(Tensor t) {
        Node n = t.gradFn();
        return n == null ? "None" : n.name();
    }

    private static void backward(Tensor out, Tensor w) {
        out.mul(w).sum().backward();
    }

    /** The scenario's steps, as inplace_golden.py writes them; x requires grad, c does not, w weighs the loss. */
    static List<Object> run(String name, Tensor x, Tensor c, Tensor w) {
        Tensor y;
        switch (name) {
            case "fill_nonleaf" -> {
                y = x.mul(2L);
                y.fill_(3.0);
                backward(y, w);
                return java.util.Arrays.asList(y, gf(y), x.grad());
            }
            case "zero_nonleaf" -> {
                y = x.mul(2L);
                y.zero_();
                backward(y, w);
                return java.util.Arrays.asList(y, gf(y), x.grad());
            }
            case "setitem_nonleaf" -> {
                y = x.mul(2L);
                y.set(0.5, 1, 2);
                backward(y, w);
                return java.util.Arrays.asList(y, gf(y), x.grad());
            }
            case "setitem_view" -> {
                y = x.mul(2L);
                y.select(0, 1).set(-4.0, -1);
                backward(y, w);
                return java.util.Arrays.asList(y, gf(y), x.grad());
            }
            case "fill_view" -> {
                y = x.mul(2L);
                y.select(1, 1).fill_(7.0);
                backward(y, w);
                return java.util.Arrays.asList(y, gf(y), x.grad());
            }
            case "mul_view" -> {
                y = x.mul(1L);
                Tensor v = y.narrow(1, 1, 2);
                v.mul_(5.0);
                backward(y, w);
                return java.util.Arrays.asList(y, gf(y), gf(v), x.grad());
            }
            case "mul_view_by_itself" -> {
                y = x.mul(1L);
                Tensor v = y.narrow(0, 1, 2);
                v.mul_(v);
                backward(y, w);
                return java.util.Arrays.asList(y, x.grad());
            }
            case "add_view_tensor" -> {
                y = x.exp();
                y.select(0, 2).add_(x.select(0, 0).mul(c.select(0, 1)));
                backward(y, w);
                return java.util.Arrays.asList(y, gf(y), x.grad());
            }
            case "add_alpha_view" -> {
                y = x.mul(3L);
                y.select(1, 0).add_(c.select(1, 3), 0.25);
                backward(y, w);
                return java.util.Arrays.asList(y, x.grad());
            }
            case "view_of_view" -> {
                y = x.mul(1L);
                y.select(0, 1).narrow(0, 1, 2).sub_(x.select(0, 2).narrow(0, 0, 2));
                backward(y, w);
                return java.util.Arrays.asList(y, x.grad());
            }
            case "transposed_view" -> {
                y = x.sin();
                y.t().select(0, 1).mul_(3.0);
                backward(y, w);
                return java.util.Arrays.asList(y, x.grad());
            }
            case "strided_view" -> {
                y = x.mul(1L);
                y.reshape(-1).slice(0, 1, Integer.MAX_VALUE, 3).div_(c.reshape(-1).slice(0, 0, Integer.MAX_VALUE, 3));
                backward(y, w);
                return java.util.Arrays.asList(y, x.grad());
            }
            case "assemble" -> {
                Tensor z = Tensor.zeros(new int[] {3, 4}, x.dtype()).to(x.device());
                z.select(0, 2).copy_(x.select(0, 0).mul(3L));
                z.narrow(0, 0, 2).copy_(x.narrow(0, 1, 2).tanh());
                backward(z, w);
                return java.util.Arrays.asList(z, gf(z), z.requiresGrad(), z.isLeaf(), x.grad());
            }
            case "assemble_then_view_read" -> {
                Tensor z = Tensor.zeros(new int[] {3, 4}, x.dtype()).to(x.device());
                Tensor first = z.select(0, 0);
                z.select(0, 0).copy_(x.select(0, 1));
                Tensor out = first.mul(2L);
                backward(out, w.select(0, 0));
                return java.util.Arrays.asList(out, gf(first), first.requiresGrad(), x.grad());
            }
            case "stale_view" -> {
                y = x.mul(1L);
                Tensor v = y.narrow(0, 0, 2);
                y.mul_(c);
                backward(v, w.narrow(0, 0, 2));
                return java.util.Arrays.asList(v, gf(v), x.grad());
            }
            case "stale_sibling" -> {
                y = x.mul(1L);
                Tensor a = y.narrow(1, 0, 3);
                Tensor b = y.narrow(1, 1, 3);
                a.mul_(2.0);
                backward(b, w.narrow(1, 0, 3));
                return java.util.Arrays.asList(b, x.grad());
            }
            case "copy_constant_into_view" -> {
                y = x.mul(2L);
                y.narrow(1, 0, 1).copy_(c.narrow(1, 3, 1));
                backward(y, w);
                return java.util.Arrays.asList(y, x.grad());
            }
            case "copy_constant_into_nonleaf" -> {
                y = x.mul(2L);
                y.copy_(c);
                backward(y, w);
                return java.util.Arrays.asList(y, gf(y), x.grad());
            }
            case "leaf_view_inplace" -> {
                x.narrow(0, 0, 1).mul_(2.0);
                return java.util.Arrays.asList(x);
            }
            case "detached_base" -> {
                y = x.mul(1L).detach();
                y.narrow(1, 0, 2).mul_(x.narrow(1, 0, 2));
                backward(y, w);
                return java.util.Arrays.asList(y, gf(y), x.grad());
            }
            case "detached_view" -> {
                y = x.mul(1L).narrow(1, 0, 2).detach();
                y.mul_(x.narrow(1, 2, 2));
                backward(y, w.narrow(1, 0, 2));
                return java.util.Arrays.asList(y, gf(y), x.grad());
            }
            case "saved_base_changed" -> {
                y = x.mul(1L);
                Tensor s = y.mul(y);
                y.select(0, 0).mul_(2.0);
                backward(s, w);
                return java.util.Arrays.asList(x.grad());
            }
            case "saved_output_kept" -> {
                y = x.mul(1L);
                Tensor s = y.exp();
                y.select(0, 0).mul_(2.0);
                backward(s, w);
                return java.util.Arrays.asList(x.grad());
            }
            case "two_writes" -> {
                y = x.mul(1L);
                y.select(0, 0).mul_(3.0);
                y.select(1, 0).add_(y.select(1, 1));
                backward(y, w);
                return java.util.Arrays.asList(y, x.grad());
            }
            case "copy_leaf_into_new" -> {
                Tensor z = Tensor.zeros(new int[] {3, 4}, x.dtype()).to(x.device());
                z.copy_(x);
                backward(z, w);
                return java.util.Arrays.asList(z, gf(z), z.isLeaf(), x.grad());
            }
            case "copy_leaf_broadcast_other_dtype" -> {
                DType other = x.dtype() == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
                Tensor z = Tensor.zeros(new int[] {3, 4}, other).to(x.device());
                z.copy_(x.select(0, 1));
                backward(z, w.to(other));
                return java.util.Arrays.asList(z, gf(z), x.grad());
            }
            case "custom_function_broadcast_grad" -> {
                y = new BroadcastGrad().apply(x);
                backward(y, w);
                return java.util.Arrays.asList(y, x.grad());
            }
            default -> throw new AssertionError("golden scenario '" + name + "' has no steps in InPlaceConformance.run");
        }
    }

    /** A custom function whose backward returns a gradient of a shape its input broadcasts to: PyTorch sums it. */
    static final class BroadcastGrad extends org.grad4j.AutogradFunction {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return in[0].mul(2L);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor scale = Tensor.of(new double[] {1.5, -0.5}, g.dtype(), g.device(), 2, 1, 1);
            return new Tensor[] {g.mul(2L).expand(2, 3, 4).mul(scale)};
        }
    }

    private Tensor tensor(JsonNode t) {
        return Golden.tensor(t, Golden.dtype(t.get("dtype")), device());
    }

    void check(JsonNode c) {
        String what = c.get("dtype").asText() + " " + c.get("name").asText();
        Tensor x = tensor(c.get("x")).requiresGrad_(true);
        Tensor constant = tensor(c.get("c"));
        Tensor w = tensor(c.get("w"));
        if (c.has("error")) {
            RuntimeException e = null;
            try {
                run(c.get("name").asText(), x, constant, w);
            } catch (RuntimeException thrown) {
                e = thrown;
            }
            assertNotNull(e, what + ": PyTorch raised " + c.get("error").asText() + ", grad4j returned");
            assertTrue(e instanceof IllegalStateException || e instanceof IllegalArgumentException,
                    what + ": PyTorch raised " + c.get("error").asText() + ", grad4j threw " + e);
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty(), what + ": exception without a message");
            return;
        }
        List<Object> got = run(c.get("name").asText(), x, constant, w);
        JsonNode expected = c.get("results");
        assertEquals(expected.size(), got.size(), what + ": number of results");
        double rtol = x.dtype() == DType.FLOAT64 ? 1e-13 : 1e-6;
        for (int i = 0; i < got.size(); i++) {
            JsonNode e = expected.get(i);
            Object g = got.get(i);
            String at = what + ": result " + i;
            if (e.isTextual()) {
                assertEquals(e.asText(), g, at + " (grad_fn)");
            } else if (e.isBoolean()) {
                assertEquals(e.asBoolean(), g, at);
            } else {
                Tensor t = (Tensor) g;
                assertNotNull(t, at + ": PyTorch has a tensor, grad4j null");
                assertArrayEquals(Golden.ints(e.get("shape")), t.shape(), at + ": shape");
                assertClose(at, Golden.numbers(e.get("data")), t.toDoubleArray(), rtol, false);
            }
        }
    }

    @TestFactory
    List<DynamicTest> inPlaceOpsMatchPyTorch() {
        backend();   // skips when the device is unavailable
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : Golden.load("inplace.json").get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("dtype").asText() + " " + c.get("name").asText(), () -> check(c)));
        }
        return tests;
    }
}

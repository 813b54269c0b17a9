package org.grad4j.conformance;

import static org.grad4j.conformance.DeviceConformance.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.conformance.TensorOpsConformance.GoldenOp;
import org.junit.jupiter.api.DynamicTest;

/**
 * The runner of golden files in the "cases" layout of {@code loss_golden.py}, {@code nn_more_golden.py} and
 * {@code pools_golden.py}: each case holds an op, its args and inputs (null, or a tensor with a {@code grad}
 * flag), then either PyTorch's error (kind and message) or its output, grad_fn, the weights {@code w} and the
 * gradients of {@code (out * w).sum()}. A refused call must name the op, carry PyTorch's message where the case
 * says so, and leave no gradient behind.
 */
final class GoldenCases {
    /** Whether a case's forward ({@code input} -1) or the gradient of one input must match bit for bit. */
    interface Exactness {
        boolean exact(String op, JsonNode args, int input);
    }

    private final GoldenOp ops;
    private final ToDoubleFunction<DType> rtol;
    private UnaryOperator<String> opName = UnaryOperator.identity();
    private UnaryOperator<String> message = UnaryOperator.identity();
    private Exactness exactness = (op, args, input) -> false;
    private java.util.function.Predicate<String> gradientBeyondPyTorch = op -> false;

    /**
     * @param ops  applies a case's op to its args and inputs
     * @param rtol the tolerance of the values that are not bit-exact, per dtype
     */
    GoldenCases(GoldenOp ops, ToDoubleFunction<DType> rtol) {
        this.ops = ops;
        this.rtol = rtol;
    }

    /** How a case's op is named in grad4j's messages (golden variants such as {@code max_pool2d_int} drop a suffix). */
    GoldenCases opName(UnaryOperator<String> rename) {
        this.opName = rename;
        return this;
    }

    /** How PyTorch's message (after its exception kind) reads in grad4j's, when the case checks it. */
    GoldenCases message(UnaryOperator<String> translate) {
        this.message = translate;
        return this;
    }

    /** Which values must be bit-exact; none by default. */
    GoldenCases exact(Exactness rule) {
        this.exactness = rule;
        return this;
    }

    /** Ops that record a gradient where PyTorch 1.13 has none (a deliberate extension, named at the call). */
    GoldenCases gradientBeyondPyTorch(java.util.function.Predicate<String> ops) {
        this.gradientBeyondPyTorch = ops;
        return this;
    }

    /** One dynamic test per case of {@code golden}'s {@code cases}, on {@code device}. */
    List<DynamicTest> tests(JsonNode golden, Device device) {
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode c : golden.get("cases")) {
            tests.add(DynamicTest.dynamicTest(i++ + " " + c.get("dtype").asText() + " " + c.get("op").asText()
                    + c.get("args"), () -> check(c, device)));
        }
        return tests;
    }

    void check(JsonNode c, Device device) {
        String op = c.get("op").asText();
        JsonNode inputs = c.get("inputs");
        String what = c.get("dtype").asText() + " " + op + c.get("args") + " " + inputs.get(0).get("shape");
        Tensor[] args = new Tensor[inputs.size()];
        for (int i = 0; i < args.length; i++) {
            JsonNode t = inputs.get(i);
            if (t != null && !t.isNull()) {
                args[i] = Golden.anyTensor(t, device);
                if (t.get("grad").asBoolean()) {
                    args[i].requiresGrad_(true);
                }
            }
        }
        if (c.has("error")) {
            checkRefused(what, op, c, args);
            return;
        }
        Tensor out = ops.apply(op, c.get("args"), args);
        JsonNode expected = c.get("out");
        assertArrayEquals(Golden.ints(expected.get("shape")), out.shape(), what + ": output shape");
        assertEquals(expected.get("dtype").asText(), out.dtype().torchName().replace("torch.", ""), what + ": dtype");
        assertClose(what + ": forward", Golden.numbers(expected.get("data")), out.toDoubleArray(),
                rtol.applyAsDouble(out.dtype()), exactness.exact(op, c.get("args"), -1));
        if (!c.has("grads")) {
            assertTrue(out.gradFn() == null || gradientBeyondPyTorch.test(op), what + ": PyTorch's result needs no grad");
            return;
        }
        assertNotNull(out.gradFn(), what + ": no grad_fn");
        assertEquals(c.get("grad_fn").asText(), out.gradFn().name(), what + ": grad_fn");
        out.mul(Golden.anyTensor(c.get("w"), device)).sum().backward();
        for (int i = 0; i < args.length; i++) {
            JsonNode eg = c.get("grads").get(i);
            if (eg == null || eg.isNull()) {
                if (args[i] != null && args[i].requiresGrad()) {
                    assertNull(args[i].grad(), what + ": input " + i + " got a gradient PyTorch does not give");
                }
                continue;
            }
            Tensor g = args[i].grad();
            if (g == null) {
                fail(what + ": input " + i + " got no gradient");
            }
            assertArrayEquals(Golden.ints(eg.get("shape")), g.shape(), what + ": gradient shape of input " + i);
            assertClose(what + ": gradient of input " + i, Golden.numbers(eg.get("data")), g.toDoubleArray(),
                    rtol.applyAsDouble(g.dtype()), exactness.exact(op, c.get("args"), i));
        }
    }

    private void checkRefused(String what, String op, JsonNode c, Tensor[] args) {
        String error = c.get("error").asText();
        RuntimeException e = null;
        try {
            ops.apply(op, c.get("args"), args);
        } catch (RuntimeException thrown) {
            e = thrown;
        }
        assertNotNull(e, what + ": PyTorch raised " + error + ", grad4j returned");
        Class<?> kind = error.startsWith("IndexError") ? IndexOutOfBoundsException.class : IllegalArgumentException.class;
        assertTrue(kind.isInstance(e), what + ": PyTorch raised " + error + ", grad4j threw " + e);
        assertTrue(e.getMessage().startsWith(opName.apply(op) + ": "),
                what + ": message does not name the op: " + e.getMessage());
        if (c.get("message").asBoolean()) {
            String m = message.apply(error.substring(error.indexOf(':') + 2));
            assertTrue(e.getMessage().contains(m), what + ": message lacks PyTorch's '" + m + "': " + e.getMessage());
        }
        for (Tensor t : args) {
            if (t != null && t.isFloatingPoint()) {
                assertNull(t.grad(), what + ": a refused call left a gradient");
            }
        }
    }
}

package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.IntPredicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Tensor ops beyond the elementwise op table (softmax, reductions, indexing, ...) against PyTorch 1.13
 * ({@code golden/tensor_ops.json}, made by {@code tools/golden/tensor_ops_golden.py}): output shape and values,
 * the gradient of {@code (out * w).sum()} for every floating input, grad_fn's name, and, where PyTorch raises,
 * an exception of the matching kind whose message names the op.
 *
 * <p>Tolerances: {@link #rtol} relative (with an absolute floor scaled by the largest expected value), stated
 * per dtype; bit-exact ops may say so through {@link #exact}.
 */
public abstract class TensorOpsConformance extends DeviceConformance {

    /** The op as grad4j spells it; {@code in} are the inputs, already transposed where the case asks. */
    static Tensor apply(String op, JsonNode a, Tensor[] in) {
        Tensor x = in[0];
        return switch (op) {
            case "softmax" -> x.softmax(a.get("dim").asInt());
            case "log_softmax" -> x.logSoftmax(a.get("dim").asInt());
            case "logsumexp" -> x.logsumexp(Golden.ints(a.get("dims")), a.get("keepdim").asBoolean());
            case "conv2d" -> a.get("padding").isTextual()
                    ? org.grad4j.Functional.conv2d(x, in[1], in.length > 2 ? in[2] : null, Golden.ints(a.get("stride")),
                            a.get("padding").asText(), Golden.ints(a.get("dilation")), a.get("groups").asInt())
                    : org.grad4j.Functional.conv2d(x, in[1], in.length > 2 ? in[2] : null, Golden.ints(a.get("stride")),
                            Golden.ints(a.get("padding")), Golden.ints(a.get("dilation")), a.get("groups").asInt());
            case "adaptive_avg_pool2d" -> org.grad4j.Functional.adaptiveAvgPool2d(x, Golden.ints(a.get("size")));
            case "max_pool2d" -> org.grad4j.Functional.maxPool2d(x, Golden.ints(a.get("kernel")),
                    Golden.ints(a.get("stride")), Golden.ints(a.get("padding")), new int[] {1});
            case "avg_pool2d" -> org.grad4j.Functional.avgPool2d(x, Golden.ints(a.get("kernel")),
                    Golden.ints(a.get("stride")), Golden.ints(a.get("padding")));
            case "div_mode" -> x.div(in[1], a.get("mode").asText());
            case "div_mode_scalar" -> x.div(a.get("value").asDouble(), a.get("mode").asText());
            case "add_alpha" -> x.add(in[1], a.get("alpha").asDouble());
            case "sub_alpha" -> x.sub(in[1], a.get("alpha").asDouble());
            case "add_alpha_inplace" -> x.mul(1L).add_(in[1], a.get("alpha").asDouble());
            default -> throw new AssertionError("golden op '" + op + "' has no mapping in TensorOpsConformance.apply");
        };
    }

    /** Ops whose forward must equal PyTorch's bit for bit (pure data movement, exact arithmetic). */
    static boolean exact(String op) {
        // one division and a rounding, as PyTorch's kernel; one fma
        return op.startsWith("div_mode") || op.contains("_alpha");
    }

    /** A few ulps of the results' scale: softmax and friends use other exp and summation orders than PyTorch. */
    static double rtol(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-13 : 2e-6;
    }

    /** The Java exception kind grad4j throws where PyTorch raises the given Python exception. */
    static Class<? extends RuntimeException> javaKind(String pythonError) {
        String kind = pythonError.substring(0, pythonError.indexOf(':'));
        return kind.equals("IndexError") ? IndexOutOfBoundsException.class : RuntimeException.class;
    }

    Tensor input(JsonNode t) {
        return Golden.tensor(t, Golden.dtype(t.get("dtype")), device());
    }

    void check(JsonNode c) {
        checkCase(c, this::input, TensorOpsConformance::apply, (op, out) -> exact(op));
    }

    /** An op of a golden script, applied to a case's args and its (possibly transposed) inputs. */
    interface GoldenOp {
        Tensor apply(String op, JsonNode args, Tensor[] inputs);
    }

    /**
     * One case of a golden tensor-op file: PyTorch's error (kind and a message), or its output's shape, dtype and
     * values (bit for bit where {@code exact} says so), grad_fn and the gradients of the floating inputs.
     */
    static void checkCase(JsonNode c, Function<JsonNode, Tensor> input, GoldenOp ops,
            BiPredicate<String, Tensor> exact) {
        checkCase(c, input, ops, exact, (op, args) -> i -> false);
    }

    /**
     * {@link #checkCase(JsonNode, Function, GoldenOp, BiPredicate)} with the forward's zero signs left unchecked
     * where {@code signFree(op, args)} says (see {@link DeviceConformance#assertClose}).
     */
    static void checkCase(JsonNode c, Function<JsonNode, Tensor> input, GoldenOp ops,
            BiPredicate<String, Tensor> exact, BiFunction<String, Tensor[], IntPredicate> signFree) {
        String op = c.get("op").asText();
        String what = c.get("dtype").asText() + " " + op + c.get("args") + " " + c.get("inputs").get(0).get("shape");
        JsonNode inputs = c.get("inputs");
        Tensor[] leaves = new Tensor[inputs.size()];
        Tensor[] args = new Tensor[leaves.length];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = input.apply(inputs.get(i));
            if (leaves[i].isFloatingPoint()) {
                leaves[i].requiresGrad_(true);
            }
            args[i] = c.get("transpose").asBoolean() && leaves[i].dim() == 2 ? leaves[i].t() : leaves[i];
        }
        if (c.has("error")) {
            String error = c.get("error").asText();
            RuntimeException e = null;
            try {
                ops.apply(op, c.get("args"), args);
            } catch (RuntimeException thrown) {
                e = thrown;
            }
            assertNotNull(e, what + ": PyTorch raised " + error + ", grad4j returned");
            assertTrue(javaKind(error).isInstance(e), what + ": PyTorch raised " + error + ", grad4j threw " + e);
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty(), what + ": exception without a message");
            return;
        }
        Tensor out = ops.apply(op, c.get("args"), args);
        JsonNode expected = c.get("out");
        assertArrayEquals(Golden.ints(expected.get("shape")), out.shape(), what + ": output shape");
        assertEquals(expected.get("dtype").asText(), out.dtype().torchName().replace("torch.", ""), what + ": output dtype");
        assertClose(what + ": forward", Golden.numbers(expected.get("data")), out.toDoubleArray(), rtol(out.dtype()),
                exact.test(op, out), signFree.apply(op, args));
        if (!c.has("grads")) {
            assertNull(out.gradFn(), what + ": PyTorch's result needs no grad");
            return;
        }
        assertNotNull(out.gradFn(), what + ": no grad_fn");
        assertEquals(c.get("grad_fn").asText(), out.gradFn().name(), what + ": grad_fn");
        assertGradients(what, out, input.apply(c.get("w")), leaves, c.get("grads"), TensorOpsConformance::rtol);
    }

    @TestFactory
    List<DynamicTest> tensorOpsMatchPyTorch() {
        backend();   // skips when the device is unavailable
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode c : Golden.load("tensor_ops.json").get("cases")) {
            tests.add(DynamicTest.dynamicTest(i++ + " " + c.get("dtype").asText() + " " + c.get("op").asText() + c.get("args"),
                    () -> check(c)));
        }
        return tests;
    }
}

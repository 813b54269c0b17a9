package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Reductions (prod, max/min, amax/amin, argmax/argmin, var/std, cumsum, norm, any/all), clamp, lerp, the
 * predicates, logical ops and parametrized activations against PyTorch 1.13 ({@code golden/reduce_math.json}, made
 * by {@code tools/golden/reduce_math_golden.py}, in tensor_ops.json's format): shape, dtype and values, the gradient
 * of {@code (out * w).sum()} for each floating input, grad_fn's name, and PyTorch's errors (kind, with a message);
 * plus gradcheck in float64.
 *
 * <p>Bit-exact: integer and bool results, max/min/amax/amin, cumsum (sequential in double, as PyTorch's CPU
 * kernel), clamp, hardtanh/relu6, leaky_relu. Others within {@link TensorOpsConformance#rtol} (a few ulps).
 */
public abstract class ReduceMathConformance extends DeviceConformance {
    private static final Set<String> EXACT = Set.of("max_all", "min_all", "amax", "amin", "argmax", "argmin", "cumsum",
            "clamp", "clamp_min", "clamp_max", "clamp_t", "clamp_min_t", "clamp_max_t", "hardtanh", "relu6", "leaky_relu",
            "isnan", "isinf", "isfinite", "logical_not", "logical_and", "logical_or", "any", "all");

    private static double hex(JsonNode a, String key) {
        return Golden.number(a.get(key));
    }

    private static Double optional(JsonNode a, String key) {
        return a.get(key) == null || a.get(key).isNull() ? null : a.get(key).asDouble();
    }

    static Tensor apply(String op, JsonNode a, Tensor[] in) {
        Tensor x = in[0];
        boolean dim = a.has("dim");
        return switch (op) {
            case "prod" -> dim ? x.prod(a.get("dim").asInt(), a.get("keepdim").asBoolean()) : x.prod();
            case "max_all" -> x.max();
            case "min_all" -> x.min();
            case "amax" -> x.amax(Golden.ints(a.get("dims")), a.get("keepdim").asBoolean());
            case "amin" -> x.amin(Golden.ints(a.get("dims")), a.get("keepdim").asBoolean());
            case "argmax" -> dim ? x.argmax(a.get("dim").asInt(), a.get("keepdim").asBoolean()) : x.argmax();
            case "argmin" -> dim ? x.argmin(a.get("dim").asInt(), a.get("keepdim").asBoolean()) : x.argmin();
            case "var" -> a.has("dims") ? x.var(Golden.ints(a.get("dims")), a.get("correction").asInt(),
                    a.get("keepdim").asBoolean()) : x.var();
            case "std" -> a.has("dims") ? x.std(Golden.ints(a.get("dims")), a.get("correction").asInt(),
                    a.get("keepdim").asBoolean()) : x.std();
            case "cumsum" -> x.cumsum(a.get("dim").asInt());
            case "norm" -> norm(x, a);
            case "any" -> dim ? x.any(a.get("dim").asInt(), a.get("keepdim").asBoolean()) : x.any();
            case "all" -> dim ? x.all(a.get("dim").asInt(), a.get("keepdim").asBoolean()) : x.all();
            case "clamp" -> clamp(x, optional(a, "min"), optional(a, "max"));
            case "clamp_min" -> x.clampMin(a.get("min").asDouble());
            case "clamp_max" -> x.clampMax(a.get("max").asDouble());
            case "clamp_t" -> x.clamp(in[1], in[2]);
            case "clamp_min_t" -> x.clampMin(in[1]);
            case "clamp_max_t" -> x.clampMax(in[1]);
            case "lerp" -> x.lerp(in[1], a.get("weight").asDouble());
            case "lerp_t" -> x.lerp(in[1], in[2]);
            case "isnan" -> x.isnan();
            case "isinf" -> x.isinf();
            case "isfinite" -> x.isfinite();
            case "logical_not" -> x.logicalNot();
            case "logical_and" -> x.logicalAnd(in[1]);
            case "logical_or" -> x.logicalOr(in[1]);
            case "leaky_relu" -> a.has("negative_slope") ? Functional.leakyRelu(x, a.get("negative_slope").asDouble())
                    : x.leakyRelu();
            case "elu" -> a.has("alpha") ? Functional.elu(x, a.get("alpha").asDouble()) : x.elu();
            case "softplus" -> a.has("beta") ? Functional.softplus(x, a.get("beta").asDouble(), a.get("threshold").asDouble())
                    : x.softplus();
            case "hardtanh" -> a.has("min_val") ? Functional.hardtanh(x, a.get("min_val").asDouble(),
                    a.get("max_val").asDouble()) : x.hardtanh();
            case "relu6" -> Functional.relu6(x);
            default -> throw new AssertionError("golden op '" + op + "' has no mapping in ReduceMathConformance.apply");
        };
    }

    private static Tensor clamp(Tensor x, Double min, Double max) {
        if (min != null && max != null) {
            return x.clamp(min, max);
        }
        if (min != null) {
            return x.clamp(min, Double.POSITIVE_INFINITY);   // clamp(min, None): ClampBackward1, same values
        }
        if (max != null) {
            return x.clamp(Double.NEGATIVE_INFINITY, max);
        }
        return x.clamp((Tensor) null, null);
    }

    private static Tensor norm(Tensor x, JsonNode a) {
        String p = a.get("p").asText();
        if (p.equals("fro")) {
            return x.norm("fro", a.has("dims") ? Golden.ints(a.get("dims")) : new int[0], a.has("keepdim")
                    && a.get("keepdim").asBoolean());
        }
        double order = p.equals("inf") ? Double.POSITIVE_INFINITY : p.equals("-inf") ? Double.NEGATIVE_INFINITY
                : hex(a, "p");
        return a.has("dims") ? x.norm(order, Golden.ints(a.get("dims")), a.get("keepdim").asBoolean()) : x.norm(order);
    }

    /** A golden tensor of any dtype (int64 and bool are read from their exact values). */
    Tensor input(JsonNode t) {
        String dtype = t.get("dtype").asText();
        if (dtype.equals("int64") || dtype.equals("bool")) {
            double[] v = Golden.numbers(t.get("data"));
            int[] shape = Golden.ints(t.get("shape"));
            if (dtype.equals("bool")) {
                boolean[] b = new boolean[v.length];
                for (int i = 0; i < v.length; i++) {
                    b[i] = v[i] != 0;
                }
                return Tensor.of(b, shape).to(device());
            }
            long[] l = new long[v.length];
            for (int i = 0; i < v.length; i++) {
                l[i] = (long) v[i];
            }
            return Tensor.of(l, shape).to(device());
        }
        return Golden.tensor(t, Golden.dtype(t.get("dtype")), device());
    }

    void check(JsonNode c) {
        String op = c.get("op").asText();
        String what = c.get("dtype").asText() + " " + op + c.get("args") + " " + c.get("inputs").get(0).get("shape");
        JsonNode inputs = c.get("inputs");
        Tensor[] leaves = new Tensor[inputs.size()];
        Tensor[] args = new Tensor[leaves.length];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = input(inputs.get(i));
            if (leaves[i].isFloatingPoint()) {
                leaves[i].requiresGrad_(true);
            }
            args[i] = c.get("transpose").asBoolean() && leaves[i].dim() == 2 ? leaves[i].t() : leaves[i];
        }
        if (c.has("error")) {
            String error = c.get("error").asText();
            RuntimeException e = null;
            try {
                apply(op, c.get("args"), args);
            } catch (RuntimeException thrown) {
                e = thrown;
            }
            assertNotNull(e, what + ": PyTorch raised " + error + ", grad4j returned");
            assertTrue(TensorOpsConformance.javaKind(error).isInstance(e), what + ": PyTorch raised " + error
                    + ", grad4j threw " + e);
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty(), what + ": exception without a message");
            return;
        }
        Tensor out = apply(op, c.get("args"), args);
        JsonNode expected = c.get("out");
        assertArrayEquals(Golden.ints(expected.get("shape")), out.shape(), what + ": output shape");
        assertEquals(expected.get("dtype").asText(), out.dtype().torchName().replace("torch.", ""), what + ": output dtype");
        boolean exact = EXACT.contains(op) || !out.isFloatingPoint();
        assertClose(what + ": forward", Golden.numbers(expected.get("data")), out.toDoubleArray(),
                TensorOpsConformance.rtol(out.dtype()), exact);
        if (!c.has("grads")) {
            assertNull(out.gradFn(), what + ": PyTorch's result needs no grad");
            return;
        }
        assertNotNull(out.gradFn(), what + ": no grad_fn");
        assertEquals(c.get("grad_fn").asText(), out.gradFn().name(), what + ": grad_fn");
        out.mul(input(c.get("w"))).sum().backward();
        for (int i = 0; i < leaves.length; i++) {
            JsonNode eg = c.get("grads").get(i);
            if (eg == null || eg.isNull()) {
                continue;
            }
            Tensor g = leaves[i].grad();
            if (g == null) {
                fail(what + ": input " + i + " got no gradient");
            }
            assertArrayEquals(Golden.ints(eg.get("shape")), g.shape(), what + ": gradient shape of input " + i);
            assertClose(what + ": gradient of input " + i, Golden.numbers(eg.get("data")), g.toDoubleArray(),
                    TensorOpsConformance.rtol(g.dtype()), false);
        }
    }

    @TestFactory
    List<DynamicTest> reductionsAndMathMatchPyTorch() {
        backend();   // skips when the device is unavailable
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode c : Golden.load("reduce_math.json").get("cases")) {
            tests.add(DynamicTest.dynamicTest(i++ + " " + c.get("dtype").asText() + " " + c.get("op").asText() + c.get("args"),
                    () -> check(c)));
        }
        return tests;
    }
}

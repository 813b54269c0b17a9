package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntPredicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradCheck;
import org.grad4j.nn.ELU;
import org.grad4j.nn.GELU;
import org.grad4j.nn.Hardtanh;
import org.grad4j.nn.LeakyReLU;
import org.grad4j.nn.LogSigmoid;
import org.grad4j.nn.LogSoftmax;
import org.grad4j.nn.Mish;
import org.grad4j.nn.Module;
import org.grad4j.nn.ReLU;
import org.grad4j.nn.ReLU6;
import org.grad4j.nn.SiLU;
import org.grad4j.nn.Softmax;
import org.grad4j.nn.Softplus;
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
    private static final Set<String> EXACT = Set.of("max_all", "min_all", "amax", "amin", "argmax", "argmin", "cumsum", "cumprod",
            "clamp", "clamp_min", "clamp_max", "clamp_t", "clamp_min_t", "clamp_max_t", "hardtanh", "relu6", "leaky_relu",
            "isnan", "isinf", "isfinite", "logical_not", "logical_and", "logical_or", "any", "all",
            "remainder_t", "remainder_s", "remainder_l", "VAR32", "STD32");

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
            case "cumprod" -> x.cumprod(a.get("dim").asInt());
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
            case "remainder_t" -> x.remainder(in[1]);
            case "remainder_s" -> x.remainder(a.get("other").asDouble());
            case "remainder_l" -> x.remainder(a.get("other").asLong());
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
        return Golden.anyTensor(t, device());
    }

    void check(JsonNode c) {
        TensorOpsConformance.checkCase(c, this::input, ReduceMathConformance::apply, (op, out) ->
                EXACT.contains(op) || !out.isFloatingPoint()
                        || out.dtype() == DType.FLOAT32 && EXACT.contains(op.toUpperCase(java.util.Locale.ROOT) + "32"),
                this::signFree);
    }

    /**
     * clamp with tensor bounds at a tie of zeros of both signs, off the CPU: PyTorch's CPU result depends on
     * whether its AVX2 loop reached the element in vector lanes (maximum's kernel, which the CPU backend
     * reproduces); another device's kernel has its own rule (OpTableConformance's maximum/minimum likewise).
     */
    private IntPredicate signFree(String op, Tensor[] in) {
        if (device().equals(Device.CPU) || !op.startsWith("clamp") || !op.endsWith("_t")) {
            return i -> false;
        }
        Tensor tie = in[0].eq(0.0).logicalAnd(in[1].eq(0.0));
        if (in.length > 2) {
            tie = tie.logicalOr(in[0].eq(0.0).logicalAnd(in[2].eq(0.0)));
        }
        double[] t = tie.toDoubleArray();
        return i -> t[i] != 0;
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

    private static Module module(String name, JsonNode a) {
        boolean none = a.size() == 0;
        return switch (name) {
            case "GELU" -> none ? new GELU() : new GELU(a.get(0).asText());
            case "SiLU" -> new SiLU();
            case "Mish" -> new Mish();
            case "LogSigmoid" -> new LogSigmoid();
            case "LeakyReLU" -> none ? new LeakyReLU() : new LeakyReLU(a.get(0).asDouble());
            case "ELU" -> none ? new ELU() : new ELU(a.get(0).asDouble());
            case "Softplus" -> none ? new Softplus() : new Softplus(a.get(0).asDouble(), a.get(1).asDouble());
            case "Hardtanh" -> none ? new Hardtanh() : new Hardtanh(a.get(0).asDouble(), a.get(1).asDouble());
            case "ReLU6" -> new ReLU6();
            case "ReLU" -> new ReLU(!none && a.get(0).asBoolean());
            case "Softmax" -> new Softmax(a.get(0).asInt());
            case "LogSoftmax" -> new LogSoftmax(a.get(0).asInt());
            default -> throw new AssertionError("golden module '" + name + "' has no mapping");
        };
    }

    /** The activation modules: PyTorch's repr, and PyTorch's output for one input. */
    @TestFactory
    List<DynamicTest> activationModulesMatchPyTorch() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode m : Golden.load("reduce_math.json").get("modules")) {
            String repr = m.get("repr").asText();
            tests.add(DynamicTest.dynamicTest(repr, () -> {
                Module module = module(m.get("name").asText(), m.get("args"));
                assertEquals(repr, module.toString());
                Tensor in = input(m.get("input"));
                Tensor out = module.forward(in);
                assertClose(repr, Golden.numbers(m.get("out").get("data")), out.toDoubleArray(), 1e-13, false);
                if (repr.contains("inplace=True")) {
                    assertClose(repr + ": the input holds the output", Golden.numbers(m.get("out").get("data")),
                            in.toDoubleArray(), 0, true);
                }
            }));
        }
        return tests;
    }

    /** A float64 leaf on this device from fixed values in {@code [lo, hi)}, away from kinks by construction. */
    private Tensor leaf(double lo, double hi, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double u = ((i * 0.618033988749895) % 1.0);
            v[i] = lo + (hi - lo) * u;
        }
        return Tensor.of(v, DType.FLOAT64, device(), shape).requiresGrad_(true);
    }

    private DynamicTest grad(String name, Function<Tensor[], Tensor> fn, Tensor... in) {
        return DynamicTest.dynamicTest(name, () -> assertTrue(GradCheck.gradcheck(fn, in)));
    }

    @TestFactory
    List<DynamicTest> gradientsMatchFiniteDifferences() {
        backend();
        List<DynamicTest> l = new ArrayList<>();
        l.add(grad("prod", in -> in[0].prod(), leaf(0.5, 1.5, 2, 3)));
        l.add(grad("prod dim", in -> in[0].prod(1, false), leaf(0.5, 1.5, 3, 4)));
        Tensor zeros = Tensor.of(new double[] {1.5, 0, 2, 0, 0, 3, 1, 2, -1}, DType.FLOAT64, device(), 3, 3)
                .requiresGrad_(true);
        l.add(grad("prod dim with zeros", in -> in[0].prod(1, true), zeros));
        l.add(grad("amax", in -> in[0].amax(new int[] {0, 2}, false), leaf(-2, 2, 2, 3, 4)));
        l.add(grad("amin", in -> in[0].amin(new int[] {-1}, true), leaf(-2, 2, 3, 4)));
        l.add(grad("min", in -> in[0].min(), leaf(-2, 2, 3, 4)));
        l.add(grad("var", in -> in[0].var(new int[] {1}, 1, false), leaf(-2, 2, 3, 4)));
        l.add(grad("var correction 0", in -> in[0].var(new int[] {0, 2}, 0, true), leaf(-2, 2, 2, 3, 4)));
        l.add(grad("std", in -> in[0].std(), leaf(-2, 2, 3, 4)));
        l.add(grad("std dims", in -> in[0].std(new int[] {-1}, 2, false), leaf(-2, 2, 3, 5)));
        l.add(grad("cumsum", in -> in[0].cumsum(1), leaf(-2, 2, 3, 4)));
        l.add(grad("cumsum -1 of cumsum", in -> in[0].cumsum(0).cumsum(-1), leaf(-2, 2, 3, 4)));
        l.add(grad("cumprod", in -> in[0].cumprod(1), leaf(-2, 2, 3, 4)));
        l.add(grad("cumprod -1", in -> in[0].cumprod(-1), leaf(0.5, 1.5, 2, 3, 4)));
        l.add(grad("cumprod with zeros", in -> in[0].cumprod(1), zeros));
        l.add(grad("cumprod dim 0 with zeros", in -> in[0].cumprod(0), zeros));
        for (double p : new double[] {1, 2, 3, 0.5, -1, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            l.add(grad("norm " + p, in -> in[0].norm(p, new int[] {1}, false), leaf(0.1, 2, 3, 4)));
        }
        l.add(grad("norm fro", in -> in[0].norm("fro", new int[] {0, 1}, true), leaf(-2, 2, 3, 4)));
        l.add(grad("clamp", in -> in[0].clamp(-0.7, 0.9), leaf(-2, 2, 3, 4)));
        l.add(grad("clampMin", in -> in[0].clampMin(0.3), leaf(-2, 2, 3, 4)));
        l.add(grad("clamp tensors", in -> in[0].clamp(in[1], in[2]), leaf(-2, 2, 3, 4), leaf(-1.5, -0.2, 4),
                leaf(0.1, 1.3, 3, 1)));
        l.add(grad("clampMax tensor", in -> in[0].clampMax(in[1]), leaf(-2, 2, 3, 4), leaf(-1.9, 1.9, 4)));
        l.add(grad("lerp", in -> in[0].lerp(in[1], 0.3), leaf(-2, 2, 3, 4), leaf(-2, 2, 4)));
        l.add(grad("lerp high", in -> in[0].lerp(in[1], 0.8), leaf(-2, 2, 3, 4), leaf(-2, 2, 3, 4)));
        l.add(grad("lerp tensor", in -> in[0].lerp(in[1], in[2]), leaf(-2, 2, 3, 1), leaf(-2, 2, 4), leaf(-1, 2, 3, 4)));
        l.add(grad("leakyRelu", in -> in[0].leakyRelu(0.2), leaf(-2, 2, 3, 4)));
        l.add(grad("elu", in -> in[0].elu(0.7), leaf(-2, 2, 3, 4)));
        l.add(grad("softplus", in -> in[0].softplus(2.0, 1.5), leaf(-2, 2, 3, 4)));
        l.add(grad("hardtanh", in -> in[0].hardtanh(-0.8, 1.1), leaf(-2, 2, 3, 4)));
        l.add(grad("relu6", in -> in[0].relu6(), leaf(-2, 8, 3, 4)));
        return l;
    }
}

package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.Unique;
import org.grad4j.ValuesIndices;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Differential fuzzing against PyTorch 1.13: the seeded random cases of {@code tools/golden/fuzz_ops_golden.py}
 * ({@code golden/fuzz_ops.json.gz}) over elementwise ops (broadcasting, type promotion, Python scalars, in-place
 * forms), reductions, views, joining, indexing, sorting, clamp/lerp, the matmul family and creation, each on
 * contiguous, transposed, strided or expanded operands.
 *
 * <p>Where PyTorch returned, grad4j returns outputs of PyTorch's shapes and dtypes and the same values, and the same
 * gradients of {@code sum((out_i * w_i).sum())} for each base that requires grad. Values are compared bit for bit on the CPU,
 * except for the ops of {@link #ULPS} (and {@link #ulps}), whose bits are not this suite's to fix (SLEEF / libm functions, another topic's
 * kernels) or whose order of operations differs from ATen's (see each entry); on other devices within
 * {@link #offCpuRtol}. Where PyTorch raised, grad4j throws one
 * of its documented kinds (the ones {@link HostileInputConformance} accepts), with a message, leaving its operands'
 * values and gradients untouched. Cases where PyTorch 1.13 itself is at fault, or grad4j deliberately differs, are
 * skipped by {@link #skipReason} with the reason (whole cases show as skipped tests).
 */
public abstract class FuzzOpsConformance extends DeviceConformance {

    /** Ops compared within a number of ulps (of the expected value, in the output's dtype) instead of bit for bit. */
    static final Map<String, Integer> ULPS = Map.ofEntries(
            // transcendental functions: SLEEF / libm bits are the sleef2 topic's (VectorLibm), not this suite's
            Map.entry("exp", 2), Map.entry("log", 2), Map.entry("sin", 2), Map.entry("cos", 2), Map.entry("tanh", 2),
            Map.entry("sigmoid", 2), Map.entry("log2", 2), Map.entry("log10", 2), Map.entry("exp2", 2),
            Map.entry("log1p", 2), Map.entry("expm1", 2), Map.entry("atan", 2), Map.entry("asin", 2),
            Map.entry("sinh", 2), Map.entry("pow", 2), Map.entry("atan2", 2), Map.entry("hypot", 2),
            Map.entry("xlogy", 2), Map.entry("exp_", 2), Map.entry("log_", 2), Map.entry("sigmoid_", 2),
            Map.entry("tanh_", 2),
            // float64 erf is up to 5 ulps from PyTorch's (reported to sleef2)
            Map.entry("erf", 8),
            // m + log(1 + exp(-|a - b|)): exp's and log's ulps, in units of max(|result|, 1) (ABSOLUTE)
            Map.entry("logaddexp", 2),
            // logsumexp's kernel is the softmax2 topic's; ABSOLUTE for the same cancellation
            Map.entry("logsumexp", 2),
            // grad4j multiplies as a pairwise tree; ATen's binary_kernel_reduce_vec order depends on layout and lanes
            Map.entry("prod", 8),
            // ATen's nansum reduces in binary_kernel_reduce_vec's order; grad4j's in sum's cascade (ABSOLUTE)
            Map.entry("nansum", 8));

    /** The ulps argument that asks {@link #assertTensor} for {@link #offCpuRtol} instead. */
    static final int OFF_CPU = -1;

    /** Off the CPU: a relative tolerance per dtype, in units of {@code max(|expected|, 1)}, signs of zeros unchecked. */
    static double offCpuRtol(boolean f32) {
        return f32 ? 2e-5 : 1e-12;
    }

    /**
     * Ops whose results are compared in ulps of {@code max(|expected|, 1)}: a log of a sum near 1 or a sum that
     * cancels, whose error is absolute, not relative. Gradients of every op of {@link #ULPS} are compared so too:
     * their formulas reuse the forward's inexact value, whose error they can amplify (expm1's y + 1 near y = -1).
     */
    static final Set<String> ABSOLUTE = Set.of("logaddexp", "logsumexp", "nansum");

    /** The ulps allowed for a case: {@link #ULPS}, and 4 for norms of an order other than 0 and +-inf. */
    static int ulps(String op, JsonNode args) {
        if (op.equals("norm")) {
            // 0 and +-inf count and select (exact); ATen's norm kernels accumulate |x|^p in their own order, not
            // sum's cascade (and p other than 1, 2 takes pow): a few ulps
            return Set.of("0.0", "inf", "-inf").contains(args.get("p").asText()) ? 0 : 4;
        }
        return ULPS.getOrDefault(op, 0);
    }

    /**
     * Why a case (aspect "case") or its gradient (aspect "grad") is not compared, or null. PyTorch 1.13's own bugs and
     * quirks grad4j does not follow, and what grad4j cannot spell in Java.
     */
    static String skipReason(String op, JsonNode c, String aspect) {
        JsonNode a = c.get("args");
        JsonNode in = c.get("inputs");
        boolean raised = c.has("error");
        String dtype0 = in.size() > 0 ? in.get(0).get("dtype").asText() : "";
        if (aspect.equals("case")) {
            if (op.equals("logsumexp") && raised && a.get("dims").isEmpty()) {
                return "PyTorch 1.13 bug: logsumexp(dim=[]) reduces all dims, then fails to broadcast into its output";
            }
            if ((op.equals("argmax") || op.equals("argmin")) && dtype0.equals("bool") && !raised) {
                return "PyTorch 1.13 quirk: argmax/argmin of bool skip the dtype check when the reduced size is 1";
            }
            if (op.equals("unique") && !raised && Golden.numbers(in.get(0).get("data")).length > 0
                    && Arrays.stream(Golden.numbers(in.get(0).get("data"))).anyMatch(Double::isNaN)) {
                return "PyTorch 1.13 bug: CPU unique sorts with <, which NaN breaks (order and counts come out wrong)";
            }
            if (op.equals("masked_fill_") && !raised && in.get(0).get("make").asText().equals("e")
                    && !in.get(0).get("shape").equals(in.get(0).get("expand"))) {
                return "PyTorch 1.13 only warns (deprecated) on masked_fill_ into an expanded tensor; grad4j refuses "
                        + "writes into overlapping memory, as PyTorch does for the other in-place ops";
            }
            if (op.equals("masked_fill_t") && raised && c.get("error").asText().contains("INTERNAL ASSERT")) {
                return "PyTorch 1.13 bug: an internal assert (a bool self with a value requiring grad)";
            }
            if (op.endsWith("_") && a.has("scalar") && raised && !dtype0.startsWith("float")
                    && a.get("scalar").asDouble() == Math.rint(a.get("scalar").asDouble())) {
                return "Java: int literals widen to " + op + "(double) (there is no long overload), so grad4j takes an "
                        + "integral double as a Python int";
            }
            return null;
        }
        if ((op.equals("std") || op.equals("var")) && a.has("dims") && a.get("dims").isEmpty()
                && !in.get(0).get("shape").isEmpty()) {
            return "PyTorch 1.13 bug: var/std backward with dim=[] divides by 1 - correction instead of N - correction";
        }
        if (op.equals("norm") && a.get("p").asText().equals("0.0")) {
            return "PyTorch gives no gradient (undefined) for the 0-norm; grad4j gives zeros";
        }
        if (op.equals("atan2") && !in.get(0).get("dtype").equals(in.get(1).get("dtype"))) {
            return "atan2 of float32 and float64: PyTorch squares the float32 operand in float32 in backward, grad4j in "
                    + "the promoted float64";
        }
        return null;
    }

    private static JsonNode golden() {
        return Golden.load("fuzz_ops.json.gz");
    }

    @TestFactory
    List<DynamicTest> randomCasesMatchPyTorch() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode c : golden().get("cases")) {
            String name = i++ + " " + c.get("op").asText() + c.get("args") + " " + describe(c.get("inputs"));
            tests.add(DynamicTest.dynamicTest(name, () -> check(name, c, device())));
        }
        return tests;
    }

    private static String describe(JsonNode inputs) {
        StringBuilder s = new StringBuilder("[");
        for (JsonNode t : inputs) {
            s.append(s.length() > 1 ? ", " : "").append(t.get("dtype").asText()).append(t.get("shape"))
                    .append(t.get("make").asText()).append(t.get("grad").asBoolean() ? "g" : "");
        }
        return s.append(']').toString();
    }

    /** The operand a case's input describes, made from its base as the golden's "make" says. */
    static Tensor operand(JsonNode t, Tensor base) {
        return switch (t.get("make").asText()) {
            case "t" -> base.transpose(-2, -1);
            case "s" -> base.slice(base.dim() - 1, 0, base.size(base.dim() - 1), 2);
            case "e" -> base.expand(Golden.ints(t.get("expand")));
            default -> base;
        };
    }

    static void check(String what, JsonNode c, Device device) {
        String op = c.get("op").asText();
        String skip = skipReason(op, c, "case");
        Assumptions.assumeTrue(skip == null, skip);
        JsonNode inputs = c.get("inputs");
        Tensor[] bases = new Tensor[inputs.size()];
        Tensor[] in = new Tensor[inputs.size()];
        double[][] before = new double[inputs.size()][];
        for (int i = 0; i < bases.length; i++) {
            bases[i] = Golden.anyTensor(inputs.get(i), device);
            if (inputs.get(i).get("grad").asBoolean()) {
                bases[i].requiresGrad_(true);
            }
            before[i] = bases[i].toDoubleArray();
            in[i] = operand(inputs.get(i), bases[i]);
        }
        if (c.has("error")) {
            checkRefused(what, op, c, bases, in, before);
            return;
        }
        List<Tensor> outs = apply(op, c.get("args"), in);
        JsonNode expected = c.get("outs");
        assertEquals(expected.size(), outs.size(), what + ": number of outputs");
        // off the CPU (another libm, another summation order) values compare within offCpuRtol
        int ulps = device.equals(Device.CPU) ? ulps(op, c.get("args")) : OFF_CPU;
        for (int k = 0; k < outs.size(); k++) {
            if (op.equals("topk") && k == 1) {
                assertTopkIndices(what, in[0], c.get("args").get("dim").asInt(), outs.get(0), outs.get(1));
                continue;
            }
            assertTensor(what + ": output " + k, expected.get(k), outs.get(k), ulps, ABSOLUTE.contains(op));
        }
        if (!c.has("ws") || skipReason(op, c, "grad") != null) {
            return;
        }
        if (op.equals("topk") && !Arrays.equals(Golden.numbers(expected.get(1).get("data")),
                Arrays.stream(outs.get(1).toLongArray()).asDoubleStream().toArray())) {
            return;   // ties picked in another order: the gradients land on other (equal) elements
        }
        Tensor loss = null;
        for (int k = 0; k < outs.size(); k++) {
            JsonNode w = c.get("ws").get(k);
            if (w != null && !w.isNull()) {
                assertTrue(outs.get(k).requiresGrad(), what + ": output " + k + " does not require grad");
                Tensor term = outs.get(k).mul(Golden.anyTensor(w, device)).sum();
                loss = loss == null ? term : loss.add(term);
            }
        }
        loss.backward();
        for (int i = 0; i < bases.length; i++) {
            JsonNode eg = c.get("grads").get(i);
            if (eg == null || eg.isNull()) {
                if (bases[i].requiresGrad()) {
                    assertNull(bases[i].grad(), what + ": input " + i + " got a gradient PyTorch does not give");
                }
                continue;
            }
            assertNotNull(bases[i].grad(), what + ": input " + i + " got no gradient");
            assertTensor(what + ": gradient of input " + i, eg, bases[i].grad(), ulps, true);
        }
    }

    private static void checkRefused(String what, String op, JsonNode c, Tensor[] bases, Tensor[] in,
            double[][] before) {
        String error = c.get("error").asText();
        RuntimeException e = null;
        try {
            apply(op, c.get("args"), in);
        } catch (RuntimeException thrown) {
            e = thrown;
        }
        assertNotNull(e, what + ": PyTorch raised " + error + ", grad4j returned");
        boolean documented = e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof UnsupportedOperationException
                || e instanceof IndexOutOfBoundsException && !(e instanceof ArrayIndexOutOfBoundsException)
                        && !(e instanceof StringIndexOutOfBoundsException);
        if (!documented) {
            throw new AssertionError(what + ": PyTorch raised " + error + ", grad4j threw an undocumented kind", e);
        }
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), what + ": no message");
        for (int i = 0; i < bases.length; i++) {
            assertArrayEquals(before[i], bases[i].toDoubleArray(), what + ": a refused call changed input " + i);
            assertNull(bases[i].grad(), what + ": a refused call left a gradient on input " + i);
        }
    }

    /**
     * topk's indices: PyTorch's order among equal values is its partial sort's (unspecified), so the indices must
     * pick out the values returned, whatever their order among ties.
     */
    private static void assertTopkIndices(String what, Tensor x, int dim, Tensor values, Tensor indices) {
        assertEquals(DType.INT64, indices.dtype(), what + ": indices dtype");
        assertArrayEquals(values.shape(), indices.shape(), what + ": indices shape");
        if (x.dim() == 0) {
            assertArrayEquals(new long[indices.numel()], indices.toLongArray(), what + ": indices of a 0-d input");
            return;
        }
        assertArrayEquals(values.toDoubleArray(), x.detach().gather(dim, indices).toDoubleArray(),
                what + ": the indices do not pick out the values");
    }

    /** Shape and dtype exactly; values bit for bit (NaN as NaN), or within {@code ulps} of the expected value. */
    static void assertTensor(String what, JsonNode expected, Tensor actual, int ulps, boolean absolute) {
        assertArrayEquals(Golden.ints(expected.get("shape")), actual.shape(), what + ": shape");
        assertEquals(expected.get("dtype").asText(), actual.dtype().torchName().replace("torch.", ""), what + ": dtype");
        double[] want = Golden.numbers(expected.get("data"));
        double[] got = actual.dtype() == DType.INT64 ? Arrays.stream(actual.toLongArray()).asDoubleStream().toArray()
                : actual.toDoubleArray();
        boolean f32 = actual.dtype() == DType.FLOAT32;
        for (int i = 0; i < want.length; i++) {
            double e = want[i];
            double a = got[i];
            boolean same = Double.isNaN(e) ? Double.isNaN(a)
                    : ulps == OFF_CPU && !Double.isInfinite(e) && actual.dtype().isFloatingPoint()
                            ? Math.abs(e - a) <= offCpuRtol(f32) * Math.max(Math.abs(e), 1.0)
                    : ulps == 0 || Double.isInfinite(e) ? Double.doubleToLongBits(e) == Double.doubleToLongBits(a)
                    : Math.abs(e - a) <= ulps * ulp(absolute ? Math.max(Math.abs(e), 1.0) : e, f32);
            if (!same) {
                fail(what + ": element " + i + " is " + a + " (" + Double.toHexString(a) + "), PyTorch's "
                        + e + " (" + Double.toHexString(e) + ")" + (ulps > 0 ? " (" + ulps + " ulps allowed)" : "")
                        + "\n  expected " + Arrays.toString(want) + "\n  actual   " + Arrays.toString(got));
            }
        }
    }

    private static double ulp(double x, boolean f32) {
        return f32 ? Math.ulp((float) x) : Math.ulp(x);
    }

    // ------------------------------------------------------------------------------------------------ the mapping

    private static int[] ints(JsonNode a, String key) {
        return Golden.ints(a.get(key));
    }

    private static boolean isInt(JsonNode a) {
        return a.get("kind").asText().equals("int");
    }

    private static long longArg(JsonNode a) {
        return a.get("scalar").asLong();
    }

    private static double doubleArg(JsonNode a) {
        return a.get("scalar").asDouble();
    }

    private static double number(JsonNode v) {
        return v.asDouble();
    }

    private static List<Tensor> one(Tensor t) {
        return List.of(t);
    }

    private static List<Tensor> pair(ValuesIndices v) {
        return List.of(v.values(), v.indices());
    }

    /** The binary ops whose cases may hold a Python scalar as the second operand. */
    private static final java.util.Set<String> SCALAR_BINARY = java.util.Set.of("add", "sub", "mul", "div", "pow",
            "remainder", "fmod", "eq", "ne", "lt", "le", "gt", "ge", "floor_divide", "copysign", "xlogy", "bitwise_and",
            "bitwise_or", "bitwise_xor");

    /** The op as grad4j spells it: its outputs, in PyTorch's order. */
    static List<Tensor> apply(String op, JsonNode a, Tensor[] in) {
        Tensor x = in.length > 0 ? in[0] : null;
        List<Tensor> many = applyMany(op, a, in);
        if (many != null) {
            return many;
        }
        if (a.has("scalar") && SCALAR_BINARY.contains(op)) {
            return one(binaryScalar(op, x, a));
        }
        return one(switch (op) {
            // unary
            case "neg" -> x.neg();
            case "abs" -> x.abs();
            case "exp" -> x.exp();
            case "log" -> x.log();
            case "sqrt" -> x.sqrt();
            case "sin" -> x.sin();
            case "cos" -> x.cos();
            case "tanh" -> x.tanh();
            case "sigmoid" -> x.sigmoid();
            case "relu" -> x.relu();
            case "floor" -> x.floor();
            case "ceil" -> x.ceil();
            case "round" -> x.round();
            case "trunc" -> x.trunc();
            case "sign" -> x.sign();
            case "reciprocal" -> x.reciprocal();
            case "square" -> x.square();
            case "rsqrt" -> x.rsqrt();
            case "log2" -> x.log2();
            case "log10" -> x.log10();
            case "exp2" -> x.exp2();
            case "log1p" -> x.log1p();
            case "expm1" -> x.expm1();
            case "erf" -> x.erf();
            case "frac" -> x.frac();
            case "atan" -> x.atan();
            case "asin" -> x.asin();
            case "sinh" -> x.sinh();
            case "logical_not" -> x.logicalNot();
            case "bitwise_not" -> x.bitwiseNot();
            case "isnan" -> x.isnan();
            case "isinf" -> x.isinf();
            case "isfinite" -> x.isfinite();
            case "signbit" -> x.signbit();
            case "positive" -> x.positive();
            case "deg2rad" -> x.deg2rad();
            case "nan_to_num" -> x.nanToNum();
            // unary in place
            case "neg_" -> x.neg_();
            case "abs_" -> x.abs_();
            case "exp_" -> x.exp_();
            case "sqrt_" -> x.sqrt_();
            case "floor_" -> x.floor_();
            case "ceil_" -> x.ceil_();
            case "round_" -> x.round_();
            case "trunc_" -> x.trunc_();
            case "sign_" -> x.sign_();
            case "reciprocal_" -> x.reciprocal_();
            case "square_" -> x.square_();
            case "relu_" -> x.relu_();
            case "sigmoid_" -> x.sigmoid_();
            case "tanh_" -> x.tanh_();
            case "log_" -> x.log_();
            // binary
            case "add" -> x.add(in[1]);
            case "sub" -> x.sub(in[1]);
            case "mul" -> x.mul(in[1]);
            case "div" -> x.div(in[1]);
            case "pow" -> x.pow(in[1]);
            case "maximum" -> x.maximum(in[1]);
            case "minimum" -> x.minimum(in[1]);
            case "remainder" -> x.remainder(in[1]);
            case "fmod" -> x.fmod(in[1]);
            case "atan2" -> x.atan2(in[1]);
            case "eq" -> x.eq(in[1]);
            case "ne" -> x.ne(in[1]);
            case "lt" -> x.lt(in[1]);
            case "le" -> x.le(in[1]);
            case "gt" -> x.gt(in[1]);
            case "ge" -> x.ge(in[1]);
            case "logical_and" -> x.logicalAnd(in[1]);
            case "logical_or" -> x.logicalOr(in[1]);
            case "logical_xor" -> x.logicalXor(in[1]);
            case "bitwise_and" -> x.bitwiseAnd(in[1]);
            case "bitwise_or" -> x.bitwiseOr(in[1]);
            case "bitwise_xor" -> x.bitwiseXor(in[1]);
            case "floor_divide" -> x.floorDivide(in[1]);
            case "hypot" -> x.hypot(in[1]);
            case "copysign" -> x.copysign(in[1]);
            case "fmax" -> x.fmax(in[1]);
            case "fmin" -> x.fmin(in[1]);
            case "logaddexp" -> x.logaddexp(in[1]);
            case "xlogy" -> x.xlogy(in[1]);
            case "div_mode" -> !a.has("scalar") ? x.div(in[1], a.get("mode").asText())
                    : isInt(a) ? x.div(longArg(a), a.get("mode").asText()) : x.div(doubleArg(a), a.get("mode").asText());
            // binary in place (grad4j has only the double overloads for a scalar)
            case "add_" -> a.has("scalar") ? x.add_(doubleArg(a)) : x.add_(in[1]);
            case "sub_" -> a.has("scalar") ? x.sub_(doubleArg(a)) : x.sub_(in[1]);
            case "mul_" -> a.has("scalar") ? x.mul_(doubleArg(a)) : x.mul_(in[1]);
            case "div_" -> a.has("scalar") ? x.div_(doubleArg(a)) : x.div_(in[1]);
            // reductions
            case "sum" -> a.has("all") ? x.sum() : x.sum(ints(a, "dims"), a.get("keepdim").asBoolean());
            case "mean" -> a.has("all") ? x.mean() : x.mean(ints(a, "dims"), a.get("keepdim").asBoolean());
            case "nansum" -> a.has("all") ? x.nansum() : x.nansum(ints(a, "dims"), a.get("keepdim").asBoolean());
            case "amax" -> x.amax(ints(a, "dims"), a.get("keepdim").asBoolean());
            case "amin" -> x.amin(ints(a, "dims"), a.get("keepdim").asBoolean());
            case "logsumexp" -> x.logsumexp(ints(a, "dims"), a.get("keepdim").asBoolean());
            case "prod" -> a.has("all") ? x.prod() : x.prod(a.get("dim").asInt(), a.get("keepdim").asBoolean());
            case "argmax" -> a.has("all") ? x.argmax() : x.argmax(a.get("dim").asInt(), a.get("keepdim").asBoolean());
            case "argmin" -> a.has("all") ? x.argmin() : x.argmin(a.get("dim").asInt(), a.get("keepdim").asBoolean());
            case "all" -> a.has("all") ? x.all() : x.all(a.get("dim").asInt(), a.get("keepdim").asBoolean());
            case "any" -> a.has("all") ? x.any() : x.any(a.get("dim").asInt(), a.get("keepdim").asBoolean());
            case "max" -> x.max();
            case "min" -> x.min();
            case "var" -> a.has("all") ? x.var()
                    : x.var(ints(a, "dims"), a.get("correction").asInt(), a.get("keepdim").asBoolean());
            case "std" -> a.has("all") ? x.std()
                    : x.std(ints(a, "dims"), a.get("correction").asInt(), a.get("keepdim").asBoolean());
            case "norm" -> norm(x, a);
            case "cumsum" -> x.cumsum(a.get("dim").asInt());
            case "cumprod" -> x.cumprod(a.get("dim").asInt());
            // shapes and views
            case "reshape" -> x.reshape(ints(a, "shape"));
            case "view" -> x.view(ints(a, "shape"));
            case "permute" -> x.permute(ints(a, "dims"));
            case "transpose" -> x.transpose(a.get("dim0").asInt(), a.get("dim1").asInt());
            case "expand" -> x.expand(ints(a, "sizes"));
            case "squeeze" -> a.has("dim") ? x.squeeze(a.get("dim").asInt()) : x.squeeze();
            case "unsqueeze" -> x.unsqueeze(a.get("dim").asInt());
            case "flatten" -> x.flatten(a.get("start").asInt(), a.get("end").asInt());
            case "unflatten" -> x.unflatten(a.get("dim").asInt(), ints(a, "sizes"));
            case "narrow" -> x.narrow(a.get("dim").asInt(), a.get("start").asInt(), a.get("length").asInt());
            case "select" -> x.select(a.get("dim").asInt(), a.get("index").asInt());
            case "movedim" -> x.movedim(a.get("source").asInt(), a.get("destination").asInt());
            // joining
            case "cat" -> Tensor.cat(List.of(in), a.get("dim").asInt());
            case "stack" -> Tensor.stack(List.of(in), a.get("dim").asInt());
            case "hstack" -> Tensor.hstack(List.of(in));
            case "vstack" -> Tensor.vstack(List.of(in));
            // indexing
            case "gather" -> x.gather(a.get("dim").asInt(), in[1]);
            case "scatter" -> a.has("value") ? x.scatter(a.get("dim").asInt(), in[1], a.get("value").asDouble())
                    : x.scatter(a.get("dim").asInt(), in[1], in[2]);
            case "scatter_add" -> x.scatterAdd(a.get("dim").asInt(), in[1], in[2]);
            case "index_select" -> x.indexSelect(a.get("dim").asInt(), in[1]);
            case "take" -> x.take(in[1]);
            case "masked_select" -> x.maskedSelect(in[1]);
            case "masked_fill" -> isInt(a) ? x.maskedFill(in[1], longArg(a)) : x.maskedFill(in[1], doubleArg(a));
            case "masked_fill_t" -> x.maskedFill(in[1], in[2]);
            case "where" -> !a.has("scalar") ? Tensor.where(x, in[1], in[2])
                    : isInt(a) ? Tensor.where(x, in[1], longArg(a)) : Tensor.where(x, in[1], doubleArg(a));
            case "index_put" -> x.indexPut(Arrays.copyOfRange(in, 2, in.length), in[1],
                    a.get("accumulate").asBoolean());
            case "nonzero" -> x.nonzero();
            case "argsort" -> x.argsort(a.get("dim").asInt(), a.get("descending").asBoolean());
            // clamp, lerp
            case "clamp" -> clamp(x, a.get("min"), a.get("max"));
            case "clamp_t" -> x.clamp(in[1], in[2]);
            case "clamp_" -> a.get("min").isIntegralNumber() && a.get("max").isIntegralNumber()
                    ? x.clamp_(a.get("min").asLong(), a.get("max").asLong())
                    : x.clamp_(a.get("min").asDouble(), a.get("max").asDouble());
            case "masked_fill_" -> x.maskedFill_(in[1], doubleArg(a));
            case "scatter_" -> x.scatter_(a.get("dim").asInt(), in[1], in[2]);
            case "lerp" -> a.has("weight") ? x.lerp(in[1], a.get("weight").asDouble()) : x.lerp(in[1], in[2]);
            // products
            case "matmul" -> x.matmul(in[1]);
            case "mm" -> x.mm(in[1]);
            case "bmm" -> x.bmm(in[1]);
            case "mv" -> x.mv(in[1]);
            case "dot" -> x.dot(in[1]);
            case "outer" -> x.outer(in[1]);
            // creation
            case "arange" -> arange(a);
            case "linspace" -> Tensor.linspace(number(a.get("start")), number(a.get("end")), a.get("steps").asInt());
            case "full" -> full(a);
            case "eye" -> Tensor.eye(a.get("n").asInt(), a.get("m").asInt(), Golden.dtype(a.get("dtype")));
            default -> throw new AssertionError("golden op '" + op + "' has no mapping in FuzzOpsConformance.apply");
        });
    }

    /** The ops with several outputs, or null. */
    private static List<Tensor> applyMany(String op, JsonNode a, Tensor[] in) {
        Tensor x = in.length > 0 ? in[0] : null;
        return switch (op) {
            case "max_dim" -> pair(x.max(a.get("dim").asInt(), a.get("keepdim").asBoolean()));
            case "min_dim" -> pair(x.min(a.get("dim").asInt(), a.get("keepdim").asBoolean()));
            case "unbind" -> x.unbind(a.get("dim").asInt());
            case "chunk" -> x.chunk(a.get("chunks").asInt(), a.get("dim").asInt());
            case "split" -> a.has("size") ? x.split(a.get("size").asInt(), a.get("dim").asInt())
                    : x.split(ints(a, "sizes"), a.get("dim").asInt());
            case "sort" -> pair(x.sort(a.get("dim").asInt(), a.get("descending").asBoolean(),
                    a.get("stable").asBoolean()));
            case "topk" -> pair(x.topk(a.get("k").asInt(), a.get("dim").asInt(), a.get("largest").asBoolean(), true));
            case "kthvalue" -> pair(x.kthvalue(a.get("k").asInt(), a.get("dim").asInt(), a.get("keepdim").asBoolean()));
            case "unique" -> {
                boolean inverse = a.get("inverse").asBoolean();
                boolean counts = a.get("counts").asBoolean();
                Unique u = x.unique(true, inverse, counts);
                List<Tensor> outs = new ArrayList<>(List.of(u.values()));
                if (inverse) {
                    outs.add(u.inverse());
                }
                if (counts) {
                    outs.add(u.counts());
                }
                yield outs;
            }
            default -> null;
        };
    }

    private static Tensor binaryScalar(String op, Tensor x, JsonNode a) {
        boolean integer = isInt(a);
        long l = longArg(a);
        double d = doubleArg(a);
        return switch (op) {
            case "add" -> integer ? x.add(l) : x.add(d);
            case "sub" -> integer ? x.sub(l) : x.sub(d);
            case "mul" -> integer ? x.mul(l) : x.mul(d);
            case "div" -> integer ? x.div(l) : x.div(d);
            case "pow" -> integer ? x.pow(l) : x.pow(d);
            case "remainder" -> integer ? x.remainder(l) : x.remainder(d);
            case "fmod" -> integer ? x.fmod(l) : x.fmod(d);
            case "eq" -> integer ? x.eq(l) : x.eq(d);
            case "ne" -> integer ? x.ne(l) : x.ne(d);
            case "lt" -> integer ? x.lt(l) : x.lt(d);
            case "le" -> integer ? x.le(l) : x.le(d);
            case "gt" -> integer ? x.gt(l) : x.gt(d);
            case "ge" -> integer ? x.ge(l) : x.ge(d);
            case "floor_divide" -> integer ? x.floorDivide(l) : x.floorDivide(d);
            case "copysign" -> x.copysign(d);
            case "xlogy" -> x.xlogy(d);
            case "bitwise_and" -> x.bitwiseAnd(l);
            case "bitwise_or" -> x.bitwiseOr(l);
            case "bitwise_xor" -> x.bitwiseXor(l);
            default -> throw new AssertionError(op);
        };
    }

    private static Tensor norm(Tensor x, JsonNode a) {
        JsonNode p = a.get("p");
        if (p.asText().equals("fro")) {
            return x.norm("fro", ints(a, "dims"), a.get("keepdim").asBoolean());
        }
        double order = p.isTextual() ? Golden.number(p) : p.asDouble();   // "inf", "-inf"
        return a.has("all") ? x.norm(order) : x.norm(order, ints(a, "dims"), a.get("keepdim").asBoolean());
    }

    private static Tensor clamp(Tensor x, JsonNode min, JsonNode max) {
        boolean ints = (min.isNull() || min.isIntegralNumber()) && (max.isNull() || max.isIntegralNumber());
        if (min.isNull()) {
            return ints ? x.clampMax(max.asLong()) : x.clampMax(max.asDouble());
        }
        if (max.isNull()) {
            return ints ? x.clampMin(min.asLong()) : x.clampMin(min.asDouble());
        }
        return ints ? x.clamp(min.asLong(), max.asLong()) : x.clamp(min.asDouble(), max.asDouble());
    }

    private static Tensor arange(JsonNode a) {
        JsonNode s = a.get("start");
        JsonNode e = a.get("end");
        JsonNode st = a.get("step");
        if (s.isIntegralNumber() && e.isIntegralNumber() && st.isIntegralNumber()) {
            return Tensor.arange(s.asLong(), e.asLong(), st.asLong());
        }
        return Tensor.arange(s.asDouble(), e.asDouble(), st.asDouble());
    }

    private static Tensor full(JsonNode a) {
        int[] shape = ints(a, "shape");
        return switch (a.get("kind").asText()) {
            case "int" -> Tensor.full(shape, a.get("value").asLong());
            case "bool" -> Tensor.full(shape, a.get("value").asBoolean());
            default -> Tensor.full(shape, a.get("value").asDouble());
        };
    }
}

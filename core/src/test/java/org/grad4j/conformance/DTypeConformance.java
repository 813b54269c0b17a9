package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.ValuesIndices;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Integer and bool tensors against PyTorch 1.13 ({@code golden/torch_dtypes.json}, written by
 * {@code tools/golden/dtype_golden.py}, and {@code golden/torch_int32_uint8.json} from
 * {@code int32_uint8_golden.py}): result dtypes (promotion, true division, comparisons,
 * argmax), values bit for bit (int64 exactly, also beyond 2^53 and on overflow), {@code repr} text,
 * and the errors PyTorch raises. Transcendental maps of integers (exp, log, tanh, sigmoid) are
 * compared within 1e-6 relative, as the float32 kernels differ from PyTorch's by an ulp at most.
 */
public abstract class DTypeConformance extends DeviceConformance {

    private static long scalarLong(JsonNode args) {
        return args.get("scalar").asLong();
    }

    private static double scalarDouble(JsonNode args) {
        return number(args.get("scalar"));
    }

    private static double number(JsonNode value) {
        String s = value.asText();
        return switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> s.contains("0x") ? Golden.number(value) : Double.parseDouble(s);
        };
    }

    /** The grad4j call for each golden op name. */
    static Object apply(String op, JsonNode args, Tensor[] in) {
        Tensor a = in.length > 0 ? in[0] : null;
        Tensor b = in.length > 1 ? in[1] : null;
        return switch (op) {
            case "add" -> a.add(b);
            case "sub" -> a.sub(b);
            case "mul" -> a.mul(b);
            case "div" -> a.div(b);
            case "floor_divide" -> a.floorDivide(b);
            case "maximum" -> a.maximum(b);
            case "minimum" -> a.minimum(b);
            case "pow" -> a.pow(b);
            case "eq" -> a.eq(b);
            case "ne" -> a.ne(b);
            case "lt" -> a.lt(b);
            case "le" -> a.le(b);
            case "gt" -> a.gt(b);
            case "ge" -> a.ge(b);
            case "add_int" -> a.add(scalarLong(args));
            case "sub_int" -> a.sub(scalarLong(args));
            case "mul_int" -> a.mul(scalarLong(args));
            case "rsub_int" -> a.rsub(scalarLong(args));
            case "div_int" -> a.div(scalarLong(args));
            case "floor_divide_int" -> a.floorDivide(scalarLong(args));
            case "pow_int" -> a.pow(scalarLong(args));
            case "add_float" -> a.add(scalarDouble(args));
            case "mul_float" -> a.mul(scalarDouble(args));
            case "div_float" -> a.div(scalarDouble(args));
            case "floor_divide_float" -> a.floorDivide(scalarDouble(args));
            case "eq_s" -> isInt(args.get("scalar")) ? a.eq(scalarLong(args)) : a.eq(scalarDouble(args));
            case "ne_s" -> isInt(args.get("scalar")) ? a.ne(scalarLong(args)) : a.ne(scalarDouble(args));
            case "lt_s" -> isInt(args.get("scalar")) ? a.lt(scalarLong(args)) : a.lt(scalarDouble(args));
            case "le_s" -> isInt(args.get("scalar")) ? a.le(scalarLong(args)) : a.le(scalarDouble(args));
            case "gt_s" -> isInt(args.get("scalar")) ? a.gt(scalarLong(args)) : a.gt(scalarDouble(args));
            case "ge_s" -> isInt(args.get("scalar")) ? a.ge(scalarLong(args)) : a.ge(scalarDouble(args));
            case "neg" -> a.neg();
            case "abs" -> a.abs();
            case "sign" -> a.sign();
            case "relu" -> a.relu();
            case "exp" -> a.exp();
            case "sqrt" -> a.sqrt();
            case "tanh" -> a.tanh();
            case "sigmoid" -> a.sigmoid();
            case "log" -> a.log();
            case "to_int64" -> a.toLong();
            case "to_bool" -> a.bool();
            case "to_float32" -> a.toFloat();
            case "to_float64" -> a.toDouble();
            case "to_int32" -> a.toInt();
            case "to_uint8" -> a.toByte();
            case "prod" -> a.prod();
            case "sum_dim" -> a.sum(new int[] {args.get("dim").asInt()}, args.get("keepdim").asBoolean());
            case "cumsum" -> a.cumsum(args.get("dim").asInt());
            case "cumprod" -> a.cumprod(args.get("dim").asInt());
            case "index_select" -> a.indexSelect(args.get("dim").asInt(), b);
            case "gather" -> a.gather(args.get("dim").asInt(), b);
            case "embedding" -> org.grad4j.Functional.embedding(a, b);
            case "hardtanh" -> org.grad4j.Functional.hardtanh(a, number(args.get("min")), number(args.get("max")));
            case "relu6" -> org.grad4j.Functional.relu6(a);
            case "repeat_interleave" -> a.repeatInterleave(b, args.get("dim").asInt());
            case "sum" -> a.sum();
            case "mean" -> a.mean();
            case "max" -> a.max();
            case "argmax_dim" -> a.argmax(args.get("dim").asInt(), args.get("keepdim").asBoolean());
            case "argmin_dim" -> a.argmin(args.get("dim").asInt(), args.get("keepdim").asBoolean());
            case "max_dim" -> a.max(args.get("dim").asInt(), args.get("keepdim").asBoolean());
            case "min_dim" -> a.min(args.get("dim").asInt(), args.get("keepdim").asBoolean());
            case "argmax" -> a.argmax();
            case "argmin" -> a.argmin();
            case "arange" -> {
                long[] v = new long[args.get("args").size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = args.get("args").get(i).asLong();
                }
                yield v.length == 1 ? Tensor.arange(v[0]) : v.length == 2 ? Tensor.arange(v[0], v[1])
                        : Tensor.arange(v[0], v[1], v[2]);
            }
            case "zeros_int64" -> Tensor.zeros(Golden.ints(args.get("shape")), DType.INT64);
            case "ones_bool" -> Tensor.ones(Golden.ints(args.get("shape")), DType.BOOL);
            case "repr" -> a;
            case "requires_grad" -> a.requiresGrad_(true);
            case "add_float_" -> a.add_(scalarDouble(args));
            case "add_" -> a.add_(b);
            case "mul_int_" -> a.mul_(scalarLong(args));
            default -> applyMore(op, args, in);
        };
    }

    /** A Python int of a golden case: a decimal string (floats are written in hex). */
    private static boolean isInt(JsonNode v) {
        return v.asText().matches("-?[0-9]+");
    }

    /** The ops of {@code golden/torch_int_semantics.json} ({@code tools/golden/int_semantics_golden.py}). */
    private static Object applyMore(String op, JsonNode args, Tensor[] in) {
        Tensor a = in.length > 0 ? in[0] : null;
        Tensor b = in.length > 1 ? in[1] : null;
        Tensor c = in.length > 2 ? in[2] : null;
        JsonNode s = args.get("scalar");
        return switch (op) {
            case "unique" -> {
                org.grad4j.Unique u = a.unique(true, true, true);
                int part = args.get("part").asInt();
                yield part == 0 ? u.values() : part == 1 ? u.inverse() : u.counts();
            }
            case "bincount" -> a.bincount(b, args.get("minlength").asInt());
            case "div_mode" -> a.div(b, args.get("mode").asText());
            case "div_mode_long" -> a.div(scalarLong(args), args.get("mode").asText());
            case "div_mode_double" -> a.div(scalarDouble(args), args.get("mode").asText());
            case "addcmul_" -> a.addcmul_(b, c, args.get("value").asLong());
            case "addcdiv_" -> a.addcdiv_(b, c, args.get("value").asLong());
            case "clamp" -> isInt(args.get("min")) && isInt(args.get("max"))
                    ? a.clamp(args.get("min").asLong(), args.get("max").asLong())
                    : a.clamp(number(args.get("min")), number(args.get("max")));
            case "clamp_min" -> isInt(args.get("min")) ? a.clampMin(args.get("min").asLong()) : a.clampMin(number(args.get("min")));
            case "clamp_max" -> isInt(args.get("max")) ? a.clampMax(args.get("max").asLong()) : a.clampMax(number(args.get("max")));
            case "clamp_t" -> a.clamp(b, c);
            case "clamp_min_t" -> a.clampMin(b);
            case "clamp_max_t" -> a.clampMax(b);
            case "where" -> Tensor.where(a, b, c);
            case "where_ts" -> isInt(s) ? Tensor.where(a, b, s.asLong()) : Tensor.where(a, b, number(s));
            case "where_st" -> isInt(s) ? Tensor.where(a, s.asLong(), b) : Tensor.where(a, number(s), b);
            case "where_ss" -> isInt(args.get("a")) && isInt(args.get("b"))
                    ? Tensor.where(a, args.get("a").asLong(), args.get("b").asLong())
                    : Tensor.where(a, number(args.get("a")), number(args.get("b")));
            case "eq_int" -> a.eq(s.asLong());
            case "ne_int" -> a.ne(s.asLong());
            case "lt_int" -> a.lt(s.asLong());
            case "le_int" -> a.le(s.asLong());
            case "gt_int" -> a.gt(s.asLong());
            case "ge_int" -> a.ge(s.asLong());
            case "remainder" -> a.remainder(b);
            case "remainder_int" -> a.remainder(s.asLong());
            case "remainder_float" -> a.remainder(number(s));
            case "pow_float" -> a.pow(number(s));
            case "floor" -> a.floor();
            case "ceil" -> a.ceil();
            case "round" -> a.round();
            case "trunc" -> a.trunc();
            case "sin" -> a.sin();
            case "cos" -> a.cos();
            case "tan" -> a.tan();
            case "erf" -> a.erf();
            case "rsqrt" -> a.rsqrt();
            case "log2" -> a.log2();
            case "log10" -> a.log10();
            case "exp2" -> a.exp2();
            case "log1p" -> a.log1p();
            case "expm1" -> a.expm1();
            case "isnan" -> a.isnan();
            case "isinf" -> a.isinf();
            case "isfinite" -> a.isfinite();
            case "logical_not" -> a.logicalNot();
            case "logical_and" -> a.logicalAnd(b);
            case "logical_or" -> a.logicalOr(b);
            case "silu" -> a.silu();
            case "gelu" -> a.gelu();
            case "softplus" -> a.softplus();
            case "elu" -> a.elu();
            case "leaky_relu" -> a.leakyRelu();
            case "logsigmoid" -> a.logsigmoid();
            case "mish" -> a.mish();
            case "min" -> a.min();
            case "amax" -> a.amax(new int[] {0, 1}, false);
            case "amin" -> a.amin(new int[] {0, 1}, false);
            case "any" -> a.any();
            case "all" -> a.all();
            case "var" -> a.var();
            case "std" -> a.std();
            case "norm" -> a.norm();
            case "logsumexp_all" -> a.logsumexp(new int[] {0, 1}, false);
            case "prod_dim" -> a.prod(args.get("dim").asInt(), args.get("keepdim").asBoolean());
            case "mean_dim" -> a.mean(new int[] {args.get("dim").asInt()}, args.get("keepdim").asBoolean());
            case "any_dim" -> a.any(args.get("dim").asInt(), args.get("keepdim").asBoolean());
            case "all_dim" -> a.all(args.get("dim").asInt(), args.get("keepdim").asBoolean());
            case "logsumexp" -> a.logsumexp(new int[] {args.get("dim").asInt()}, args.get("keepdim").asBoolean());
            case "softmax" -> a.softmax(args.get("dim").asInt());
            case "masked_fill" -> isInt(args.get("value")) ? a.maskedFill(b, args.get("value").asLong())
                    : a.maskedFill(b, number(args.get("value")));
            case "matmul" -> a.matmul(b);
            // Java has one double overload: an integral value acts as a Python int (DTypes.checkFill)
            case "full" -> Tensor.full(new int[] {2}, number(args.get("value")), dtypeOf(args.get("dtype").asText()), Device.CPU);
            case "fill_" -> a.fill_(number(args.get("value")));
            case "lerp" -> a.lerp(b, number(args.get("weight")));
            case "add_s_" -> a.add_(number(s));   // in place, Java's double: an integral value acts as a Python int
            case "sub_s_" -> a.sub_(number(s));
            case "mul_s_" -> a.mul_(number(s));
            case "div_s_" -> a.div_(number(s));
            case "mul_" -> a.mul_(b);
            case "zeros_like" -> Tensor.zerosLike(a);
            case "ones_like" -> Tensor.onesLike(a);
            case "full_like" -> Tensor.fullLike(a, number(args.get("value")));
            case "rand_like" -> Tensor.randLike(a);
            case "randn_like" -> Tensor.randnLike(a);
            case "eye" -> Tensor.eye(2, 3, dtypeOf(args.get("dtype").asText()));
            case "cat" -> Tensor.cat(java.util.List.of(a, b), args.get("dim").asInt());
            case "stack" -> Tensor.stack(java.util.List.of(a, b), args.get("dim").asInt());
            case "one_hot" -> org.grad4j.Functional.oneHot(a, args.get("classes").asInt());
            case "cross_entropy" -> org.grad4j.Functional.crossEntropy(a, b);
            case "nll_loss" -> org.grad4j.Functional.nllLoss(a, b);
            case "masked_fill_t" -> a.maskedFill(b, c);
            case "pad" -> org.grad4j.Functional.pad(a, new int[] {1, 1}, "constant", number(args.get("value")));
            case "scatter" -> a.scatter(args.get("dim").asInt(), b, c);
            case "scatter_add" -> a.scatterAdd(args.get("dim").asInt(), b, c);
            case "masked_select" -> a.maskedSelect(b);
            case "nonzero" -> a.nonzero();
            case "mse_loss" -> org.grad4j.Functional.mseLoss(a, b, org.grad4j.Reduction.MEAN);
            case "div_" -> a.div_(b);
            default -> throw new AssertionError("golden op '" + op + "' has no mapping in the suite");
        };
    }

    private Tensor input(JsonNode t) {
        DType dtype = dtypeOf(t.get("dtype").asText());
        int[] shape = Golden.ints(t.get("shape"));
        JsonNode data = t.get("data");
        Tensor x = switch (dtype) {
            case INT64 -> {
                long[] v = new long[data.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Long.parseLong(data.get(i).asText());
                }
                yield Tensor.of(v, shape);
            }
            case INT32, UINT8 -> {
                long[] v = new long[data.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Long.parseLong(data.get(i).asText());
                }
                yield Tensor.of(v, shape).to(dtype);
            }
            case BOOL -> {
                boolean[] v = new boolean[data.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = data.get(i).asInt() != 0;
                }
                yield Tensor.of(v, shape);
            }
            default -> Tensor.of(Golden.numbers(data), dtype, device(), shape);
        };
        return x.to(device());
    }

    static DType dtypeOf(String name) {
        return switch (name) {
            case "int64" -> DType.INT64;
            case "int32" -> DType.INT32;
            case "uint8" -> DType.UINT8;
            case "bool" -> DType.BOOL;
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            default -> throw new AssertionError("unknown dtype " + name);
        };
    }

    static String describe(JsonNode c) {
        StringBuilder sb = new StringBuilder(c.get("op").asText());
        if (c.get("args").size() > 0) {
            sb.append(c.get("args"));
        }
        String sep = " ";
        for (JsonNode in : c.get("inputs")) {
            sb.append(sep).append(in.get("dtype").asText()).append(in.get("shape"));
            sep = " x ";
        }
        return sb.toString();
    }

    /** Ops whose float32 kernels may differ from PyTorch's by an ulp (integer inputs compute in float32). */
    private static final java.util.Set<String> TRANSCENDENTAL = java.util.Set.of("exp", "log", "tanh", "sigmoid", "sqrt",
            "sin", "cos", "tan", "erf", "rsqrt", "log2", "log10", "exp2", "log1p", "expm1", "logsumexp", "logsumexp_all",
            "pow_float", "cross_entropy", "nll_loss");

    /**
     * Where grad4j's float32 result may differ from PyTorch's by a few ulp: transcendental maps, and two
     * float32-only differences outside this suite's scope (float32 {@code x ** 3} is computed as
     * {@code x*x*x} in double, and float32 sums accumulate in double where PyTorch accumulates in float).
     */
    private static boolean approximate(JsonNode c) {
        String op = c.get("op").asText();
        boolean float32 = c.get("inputs").size() > 0 && c.get("inputs").get(0).get("dtype").asText().equals("float32");
        return TRANSCENDENTAL.contains(op) || float32 && (op.equals("pow_int") || op.equals("sum"));
    }

    void assertTensor(String what, JsonNode expected, Tensor actual, boolean approx, boolean repr) {
        DType dtype = dtypeOf(expected.get("dtype").asText());
        assertEquals(dtype, actual.dtype(), what + ": dtype");
        assertArrayEquals(Golden.ints(expected.get("shape")), actual.shape(), what + ": shape");
        JsonNode data = expected.get("data");
        if (dtype.isFloatingPoint()) {
            double[] e = Golden.numbers(data);
            double[] got = actual.toDoubleArray();
            if (approx) {
                assertClose(what, e, got, 1e-6, false);
            } else {
                for (int i = 0; i < e.length; i++) {
                    if (Double.doubleToLongBits(e[i]) != Double.doubleToLongBits(got[i])) {
                        fail(what + ": element " + i + " is " + got[i] + ", PyTorch gives " + e[i]);
                    }
                }
            }
        } else {
            long[] got = actual.toLongArray();
            assertEquals(data.size(), got.length, what + ": element count");
            for (int i = 0; i < got.length; i++) {
                long e = dtype == DType.BOOL ? data.get(i).asLong() : Long.parseLong(data.get(i).asText());
                if (e != got[i]) {
                    fail(what + ": element " + i + " is " + got[i] + ", PyTorch gives " + e);
                }
            }
        }
        if (repr && device().type().equals("cpu")) {
            assertEquals(expected.get("repr").asText(), actual.toString(), what + ": repr");
        }
    }

    void check(JsonNode c) {
        String name = describe(c);
        String op = c.get("op").asText();
        JsonNode inputs = c.get("inputs");
        Tensor[] in = new Tensor[inputs.size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = input(inputs.get(i));
        }
        if (c.has("error")) {
            RuntimeException e = null;
            try {
                apply(op, c.get("args"), in);
            } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException ex) {
                e = ex;
            }
            if (e == null) {
                fail(name + ": PyTorch raises \"" + c.get("error").asText() + "\", grad4j did not");
            }
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty(), name + ": empty message");
            if (c.has("kind")) {
                // The newer golden files name the Python exception: an IndexError is an IndexOutOfBoundsException,
                // and the message names the op (its first word: "clamp" for clamp_min_t) and, for an overflow,
                // PyTorch's own words.
                if (c.get("kind").asText().equals("IndexError")) {
                    assertTrue(e instanceof IndexOutOfBoundsException, name + ": PyTorch raises an IndexError, grad4j " + e);
                }
                String opWord = op.equals("relu6") ? "hardtanh" : op.split("_")[0];   // relu6 is hardtanh(0, 6)
                assertTrue(e.getMessage().contains(opWord), name + ": message does not name " + opWord + ": " + e.getMessage());
                String error = c.get("error").asText();
                if (error.startsWith("value cannot be converted")) {
                    assertTrue(e.getMessage().contains(error.substring(0, error.indexOf(" without"))),
                            name + ": expected PyTorch's \"" + error + "\", got " + e.getMessage());
                }
            }
            for (int i = 0; i < in.length; i++) {
                assertTensor(name + ": input " + i + " after the error", inputs.get(i), in[i], false, false);
            }
            return;
        }
        Object out = apply(op, c.get("args"), in);
        if (out instanceof ValuesIndices vi) {
            assertTensor(name + ": values", c.get("out"), vi.values(), false, true);
            assertTensor(name + ": indices", c.get("indices"), vi.indices(), false, false);
        } else {
            assertTensor(name, c.get("out"), (Tensor) out, approximate(c), true);
        }
    }

    @TestFactory
    List<DynamicTest> int64AndBoolMatchPyTorch() {
        backend();   // skips when the device is unavailable
        try {
            Tensor.zeros(new int[] {1}, DType.INT64).to(device());
        } catch (UnsupportedOperationException e) {
            Assumptions.assumeTrue(false, () -> device() + " has no int64 tensors: " + e.getMessage());
        }
        JsonNode golden = Golden.load("torch_dtypes.json");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : golden.get("cases")) {
            tests.add(DynamicTest.dynamicTest(describe(c), () -> check(c)));
        }
        return tests;
    }

    /** int32 and uint8 ({@code golden/torch_int32_uint8.json}, from {@code tools/golden/int32_uint8_golden.py}). */
    @TestFactory
    List<DynamicTest> int32AndUint8MatchPyTorch() {
        backend();
        try {
            Tensor.zeros(new int[] {1}, DType.INT32).to(device());
        } catch (UnsupportedOperationException e) {
            Assumptions.assumeTrue(false, () -> device() + " has no int32 tensors: " + e.getMessage());
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : Golden.load("torch_int32_uint8.json").get("cases")) {
            tests.add(DynamicTest.dynamicTest(describe(c), () -> check(c)));
        }
        return tests;
    }

    /**
     * The ops a user applies to integer and bool tensors ({@code golden/torch_int_semantics.json}, from
     * {@code tools/golden/int_semantics_golden.py}): clamp and where promotion, comparisons with numbers,
     * integer division, pow, unary maps, reductions and scans, masked_fill, matmul.
     */
    @TestFactory
    List<DynamicTest> integerSemanticsMatchPyTorch() {
        backend();
        try {
            Tensor.zeros(new int[] {1}, DType.UINT8).to(device());
        } catch (UnsupportedOperationException e) {
            Assumptions.assumeTrue(false, () -> device() + " has no uint8 tensors: " + e.getMessage());
        }
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode c : Golden.load("torch_int_semantics.json").get("cases")) {
            tests.add(DynamicTest.dynamicTest(i++ + " " + describe(c), () -> check(c)));
        }
        return tests;
    }

    /**
     * The Java creation forms and a uint8 mask index; the expected texts are PyTorch 1.13's {@code repr} of
     * {@code torch.tensor([1, -2], dtype=torch.int32)}, {@code torch.tensor([200, 7], dtype=torch.uint8)} and
     * {@code torch.arange(6.).reshape(2, 3)[torch.tensor([1, 0], dtype=torch.uint8)]}.
     */
    @org.junit.jupiter.api.Test
    void int32AndUint8FromJavaArrays() {
        backend();
        Assumptions.assumeTrue(device().type().equals("cpu"), "the expected texts are a CPU tensor's repr");
        Tensor i = Tensor.of(new int[] {1, -2}, 2);
        assertEquals(DType.INT32, i.dtype());
        assertEquals("tensor([ 1, -2], dtype=torch.int32)", i.toString());
        assertEquals("tensor([ 1., -2.])", i.toFloat().toString());
        Tensor u = Tensor.of(new byte[] {(byte) 200, 7}, 2);
        assertEquals(DType.UINT8, u.dtype());
        assertEquals("tensor([200,   7], dtype=torch.uint8)", u.toString());
        assertEquals(DType.UINT8, i.toByte().dtype());
        assertEquals(DType.INT32, u.toInt().dtype());
        Tensor x = Tensor.arange(6).toFloat().reshape(2, 3);
        assertEquals("tensor([[0., 1., 2.]])",
                x.index(Tensor.of(new byte[] {1, 0}, 2)).toString());
    }
}

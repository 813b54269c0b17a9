package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Frexp;
import org.grad4j.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The math2 ops against PyTorch 1.13 beyond the op table's cases ({@code golden/math2.json}, made by
 * {@code tools/golden/math2_golden.py}): gcd, lcm and the bit shifts on every integer dtype (negative and large counts,
 * overflow, Python-int forms, in-place), fmax/fmin/nextafter/sgn on integer, bool and mixed dtypes, ldexp,
 * float_power's float64 promotion, frexp, isneginf/isposinf/isreal, isin, the alias names and the in-place forms:
 * values (integers exactly) and result dtypes, gradients of {@code (out * w).sum()}, grad_fn names, and PyTorch's
 * errors (kind and message, backward's missing derivatives included).
 */
public abstract class Math2Conformance extends DeviceConformance {

    static double rtol(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
    }

    /** A golden tensor of its own dtype: floats from float.hex, integers and bools from exact decimal strings. */
    Tensor tensor(JsonNode t) {
        DType dtype = dtype(t.get("dtype"));
        int[] shape = Golden.ints(t.get("shape"));
        if (dtype.isFloatingPoint()) {
            return Golden.tensor(t, dtype, device());
        }
        JsonNode data = t.get("data");
        long[] v = new long[data.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Long.parseLong(data.get(i).asText());
        }
        if (dtype == DType.BOOL) {
            boolean[] b = new boolean[v.length];
            for (int i = 0; i < v.length; i++) {
                b[i] = v[i] != 0;
            }
            return Tensor.of(b, shape).to(device());
        }
        return Tensor.of(v, shape).to(dtype).to(device());
    }

    /** Every dtype by PyTorch's name ({@link Golden#dtype} knows float32, float64, int64 and bool). */
    static DType dtype(JsonNode name) {
        for (DType d : DType.values()) {
            if (d.torchName().equals("torch." + name.asText())) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown dtype " + name);
    }

    /** An in-place form on a copy of the first input (the leaf keeps requiring grad, as the golden's clone). */
    private static Tensor copy(Tensor[] in) {
        return in[0].clone();
    }

    private static boolean integral(JsonNode s) {
        return s.isIntegralNumber();
    }

    /** grad4j's call of the golden's function; frexp gives its two outputs. */
    static Tensor[] call(String fn, JsonNode a, Tensor[] in) {
        if (fn.equals("frexp")) {
            Frexp f = in[0].frexp();
            return new Tensor[] {f.mantissa(), f.exponent()};
        }
        JsonNode s = a.get("s");
        Tensor r = switch (fn) {
            case "gcd" -> in[0].gcd(in[1]);
            case "lcm" -> in[0].lcm(in[1]);
            case "gcd_" -> copy(in).gcd_(in[1]);
            case "lcm_" -> copy(in).lcm_(in[1]);
            case "bitwise_left_shift" -> in[0].bitwiseLeftShift(in[1]);
            case "bitwise_right_shift" -> in[0].bitwiseRightShift(in[1]);
            case "bitwise_left_shift_scalar" -> in[0].bitwiseLeftShift(s.asLong());
            case "bitwise_right_shift_scalar" -> in[0].bitwiseRightShift(s.asLong());
            case "bitwise_left_shift_scalar_first" -> Tensor.bitwiseLeftShift(s.asLong(), in[0]);
            case "bitwise_right_shift_scalar_first" -> Tensor.bitwiseRightShift(s.asLong(), in[0]);
            case "bitwise_left_shift_" -> copy(in).bitwiseLeftShift_(in[1]);
            case "bitwise_right_shift_" -> copy(in).bitwiseRightShift_(in[1]);
            case "bitwise_left_shift__scalar" -> copy(in).bitwiseLeftShift_(s.asLong());
            case "bitwise_right_shift__scalar" -> copy(in).bitwiseRightShift_(s.asLong());
            case "fmax" -> in[0].fmax(in[1]);
            case "fmin" -> in[0].fmin(in[1]);
            case "nextafter" -> in[0].nextafter(in[1]);
            case "nextafter_" -> copy(in).nextafter_(in[1]);
            case "sgn" -> in[0].sgn();
            case "sgn_" -> copy(in).sgn_();
            case "ldexp" -> in[0].ldexp(in[1]);
            case "ldexp_" -> copy(in).ldexp_(in[1]);
            case "float_power" -> in[0].floatPower(in[1]);
            case "float_power_scalar" -> in[0].floatPower(s.asDouble());
            case "float_power_scalar_first" -> Tensor.floatPower(s.asDouble(), in[0]);
            case "float_power_" -> copy(in).floatPower_(in[1]);
            case "float_power__scalar" -> copy(in).floatPower_(s.asDouble());
            case "isneginf" -> in[0].isneginf();
            case "isposinf" -> in[0].isposinf();
            case "isreal" -> in[0].isreal();
            case "isin" -> Tensor.isin(in[0], in[1], a.get("assume_unique").asBoolean(), a.get("invert").asBoolean());
            case "isin_scalar" -> integral(s) ? Tensor.isin(in[0], s.asLong(), a.get("invert").asBoolean())
                    : Tensor.isin(in[0], s.asDouble(), a.get("invert").asBoolean());
            case "isin_scalar_first" -> integral(s) ? Tensor.isin(s.asLong(), in[0], false, a.get("invert").asBoolean())
                    : Tensor.isin(s.asDouble(), in[0], false, a.get("invert").asBoolean());
            case "hypot_" -> copy(in).hypot_(in[1]);
            case "copysign_" -> copy(in).copysign_(in[1]);
            case "copysign__scalar" -> copy(in).copysign_(s.asDouble());
            case "xlogy_" -> copy(in).xlogy_(in[1]);
            case "xlogy__scalar" -> copy(in).xlogy_(s.asDouble());
            case "heaviside_" -> copy(in).heaviside_(in[1]);
            default -> alias(fn, a, in);
        };
        return new Tensor[] {r};
    }

    /** The alias names and their in-place forms. */
    private static Tensor alias(String fn, JsonNode a, Tensor[] in) {
        JsonNode s = a.get("s");
        String mode = a.has("rounding_mode") && !a.get("rounding_mode").isNull() ? a.get("rounding_mode").asText() : null;
        return switch (fn) {
            case "absolute" -> in[0].absolute();
            case "arccos" -> in[0].arccos();
            case "arcsin" -> in[0].arcsin();
            case "arctan" -> in[0].arctan();
            case "arccosh" -> in[0].arccosh();
            case "arcsinh" -> in[0].arcsinh();
            case "arctanh" -> in[0].arctanh();
            case "negative" -> in[0].negative();
            case "positive" -> in[0].positive();
            case "fix" -> in[0].fix();
            case "absolute_" -> copy(in).absolute_();
            case "arccos_" -> copy(in).arccos_();
            case "arcsin_" -> copy(in).arcsin_();
            case "arctan_" -> copy(in).arctan_();
            case "arccosh_" -> copy(in).arccosh_();
            case "arcsinh_" -> copy(in).arcsinh_();
            case "arctanh_" -> copy(in).arctanh_();
            case "negative_" -> copy(in).negative_();
            case "fix_" -> copy(in).fix_();
            case "arctan2" -> in[0].arctan2(in[1]);
            case "arctan2_" -> copy(in).arctan2_(in[1]);
            // clip(min=None) is clip with an infinite bound: the same values, gradient and ClampBackward1
            case "clip" -> integral(a.get("min")) && integral(a.get("max")) ? in[0].clip(a.get("min").asLong(), a.get("max").asLong())
                    : in[0].clip(bound(a.get("min"), Double.NEGATIVE_INFINITY), bound(a.get("max"), Double.POSITIVE_INFINITY));
            case "clip_" -> copy(in).clip_(a.get("min").asDouble(), a.get("max").asDouble());
            case "clip_tensor" -> in[0].clip(in[1], in[2]);
            case "divide" -> mode == null ? in[0].divide(in[1]) : in[0].divide(in[1], mode);
            case "divide_scalar" -> integral(s) ? in[0].divide(s.asLong(), mode) : in[0].divide(s.asDouble(), mode);
            case "divide_" -> copy(in).divide_(in[1]);
            case "divide__scalar" -> copy(in).divide_(s.asDouble());
            case "divide__mode" -> copy(in).divide_(in[1], mode);
            case "true_divide" -> in[0].trueDivide(in[1]);
            case "true_divide_scalar" -> in[0].trueDivide(s.asDouble());
            case "true_divide_" -> copy(in).trueDivide_(in[1]);
            case "true_divide__scalar" -> copy(in).trueDivide_(s.asDouble());
            case "multiply" -> in[0].multiply(in[1]);
            case "multiply_scalar" -> integral(s) ? in[0].multiply(s.asLong()) : in[0].multiply(s.asDouble());
            case "multiply_" -> copy(in).multiply_(in[1]);
            case "multiply__scalar" -> copy(in).multiply_(s.asDouble());
            case "subtract" -> a.has("alpha") ? in[0].subtract(in[1], a.get("alpha").asDouble()) : in[0].subtract(in[1]);
            case "subtract_scalar" -> integral(s) ? in[0].subtract(s.asLong()) : in[0].subtract(s.asDouble());
            case "subtract_" -> copy(in).subtract_(in[1]);
            case "subtract__alpha" -> copy(in).subtract_(in[1], a.get("alpha").asDouble());
            case "subtract__scalar" -> copy(in).subtract_(s.asDouble());
            case "greater" -> in[0].greater(in[1]);
            case "greater_equal" -> in[0].greaterEqual(in[1]);
            case "less" -> in[0].less(in[1]);
            case "less_equal" -> in[0].lessEqual(in[1]);
            case "not_equal" -> in[0].notEqual(in[1]);
            case "greater_scalar" -> integral(s) ? in[0].greater(s.asLong()) : in[0].greater(s.asDouble());
            case "greater_equal_scalar" -> integral(s) ? in[0].greaterEqual(s.asLong()) : in[0].greaterEqual(s.asDouble());
            case "less_scalar" -> integral(s) ? in[0].less(s.asLong()) : in[0].less(s.asDouble());
            case "less_equal_scalar" -> integral(s) ? in[0].lessEqual(s.asLong()) : in[0].lessEqual(s.asDouble());
            case "not_equal_scalar" -> integral(s) ? in[0].notEqual(s.asLong()) : in[0].notEqual(s.asDouble());
            case "greater_" -> copy(in).greater_(in[1]);
            case "greater_equal_" -> copy(in).greaterEqual_(in[1]);
            case "less_" -> copy(in).less_(in[1]);
            case "less_equal_" -> copy(in).lessEqual_(in[1]);
            case "not_equal_" -> copy(in).notEqual_(in[1]);
            case "greater__scalar" -> copy(in).greater_(s.asDouble());
            case "greater_equal__scalar" -> copy(in).greaterEqual_(s.asDouble());
            case "less__scalar" -> copy(in).less_(s.asDouble());
            case "less_equal__scalar" -> copy(in).lessEqual_(s.asDouble());
            case "not_equal__scalar" -> copy(in).notEqual_(s.asDouble());
            default -> throw new AssertionError("unknown golden function " + fn);
        };
    }

    private static double bound(JsonNode v, double none) {
        return v == null || v.isNull() ? none : v.asDouble();
    }

    void check(JsonNode c) {
        String fn = c.get("fn").asText();
        JsonNode inputs = c.get("inputs");
        Tensor[] leaves = new Tensor[inputs.size()];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = tensor(inputs.get(i));
            if (c.get("grad").get(i).asBoolean()) {
                leaves[i].requiresGrad_(true);
            }
        }
        String what = fn + " " + c.get("args") + " " + inputs.get(0).get("dtype").asText() + " " + inputs.get(0).get("shape");
        if (c.has("error")) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> call(fn, c.get("args"), leaves), what);
            String message = c.get("error").get("message").asText();
            assertTrue(e.getMessage() != null && e.getMessage().contains(message), what + ": expected PyTorch's message '"
                    + message + "', got '" + e.getMessage() + "'");
            return;
        }
        Tensor[] outs = call(fn, c.get("args"), leaves);
        JsonNode expected = c.get("outs");
        assertEquals(expected.size(), outs.length, what + ": number of outputs");
        for (int k = 0; k < outs.length; k++) {
            checkValues(what + " output " + k, expected.get(k), outs[k]);
        }
        Tensor out = outs[0];
        if (!c.has("grad_fn")) {
            assertNull(out.gradFn(), what + ": PyTorch records no grad_fn");
            return;
        }
        assertNotNull(out.gradFn(), what + ": no grad_fn");
        assertEquals(c.get("grad_fn").asText(), out.gradFn().name(), what + ": grad_fn");
        Tensor loss = out.mul(tensor(c.get("w"))).sum();
        if (c.has("backward_error")) {
            String message = c.get("backward_error").get("message").asText();
            RuntimeException e = assertThrows(UnsupportedOperationException.class, loss::backward, what + ": backward");
            assertTrue(e.getMessage().contains(message), what + ": expected PyTorch's message '" + message + "', got '"
                    + e.getMessage() + "'");
            return;
        }
        loss.backward();
        for (int i = 0; i < leaves.length; i++) {
            JsonNode eg = c.get("grads").get(i);
            if (eg.isNull()) {
                continue;
            }
            Tensor g = leaves[i].grad();
            assertNotNull(g, what + ": input " + i + " got no gradient");
            checkValues(what + ": gradient of input " + i, eg, g);
        }
    }

    /** Shape, dtype and values: integers and bools exactly, floats within the dtype's tolerance (NaN where NaN). */
    private static void checkValues(String what, JsonNode expected, Tensor actual) {
        DType dtype = dtype(expected.get("dtype"));
        assertEquals(dtype, actual.dtype(), what + ": dtype");
        assertArrayEquals(Golden.ints(expected.get("shape")), actual.shape(), what + ": shape");
        if (dtype.isFloatingPoint()) {
            assertClose(what, Golden.numbers(expected.get("data")), actual.toDoubleArray(), rtol(dtype), false);
            return;
        }
        JsonNode data = expected.get("data");
        long[] want = new long[data.size()];
        for (int i = 0; i < want.length; i++) {
            want[i] = Long.parseLong(data.get(i).asText());
        }
        assertArrayEquals(want, actual.toLongArray(), what + ": values");
    }

    @TestFactory
    List<DynamicTest> math2OpsMatchPyTorch() {
        backend();   // skips when the device is unavailable
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode c : Golden.load("math2.json").get("cases")) {
            tests.add(DynamicTest.dynamicTest(i++ + " " + c.get("fn").asText() + " " + c.get("args"), () -> check(c)));
        }
        return tests;
    }
}

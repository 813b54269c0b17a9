package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Generator;
import org.grad4j.Reduction;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.nn.Linear;
import org.grad4j.nn.MSELoss;
import org.grad4j.optim.SGD;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code Linear + MSELoss + SGD} training traces against PyTorch 1.13 ({@code golden/torch_nn.json}):
 * every reduction (none is summed afterwards), every SGD option and a combination of them, three
 * layer shapes, both dtypes; per step the prediction, loss, gradients, parameters and momentum
 * buffers. The seed thread's run (float64) must be bit-equal.
 */
public abstract class GoldenTrainingConformance extends DeviceConformance {

    static String describe(JsonNode t) {
        return t.get("dtype").asText() + " " + t.get("name").asText();
    }

    void check(JsonNode t) {
        DType dtype = Golden.dtype(t.get("dtype"));
        String name = describe(t);
        boolean exact = t.get("exact").asBoolean();
        double rtol = rtol(dtype);
        int in = t.get("in").asInt();
        int out = t.get("out").asInt();
        Linear fc = new Linear(in, out, true, new Generator(0), dtype, device());
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            fc.weight().copy_(Tensor.of(Golden.numbers(t.get("weight0")), dtype, device(), out, in));
            fc.bias().copy_(Tensor.of(Golden.numbers(t.get("bias0")), dtype, device(), out));
        }
        JsonNode o = t.get("optimizer");
        SGD sgd = SGD.builder(fc.parameters(), Golden.number(o.get("lr")))
                .momentum(Golden.number(o.get("momentum")))
                .dampening(Golden.number(o.get("dampening")))
                .weightDecay(Golden.number(o.get("weight_decay")))
                .nesterov(o.get("nesterov").asBoolean())
                .maximize(o.get("maximize").asBoolean())
                .build();
        Reduction reduction = switch (t.get("reduction").asText()) {
            case "mean" -> Reduction.MEAN;
            case "sum" -> Reduction.SUM;
            case "none" -> Reduction.NONE;
            default -> throw new AssertionError(t.get("reduction"));
        };
        MSELoss lossFn = new MSELoss(reduction);
        Tensor[] params = {fc.weight(), fc.bias()};
        JsonNode steps = t.get("steps");
        for (int s = 0; s < steps.size(); s++) {
            String at = name + " step " + s;
            JsonNode step = steps.get(s);
            Tensor x = Golden.tensor(t.get("x").get(s), dtype, device());
            Tensor y = Golden.tensor(t.get("y").get(s), dtype, device());
            Tensor pred = fc.forward(x);
            Tensor loss = lossFn.forward(pred, y);
            if (reduction == Reduction.NONE) {
                loss = loss.sum();
            }
            sgd.zeroGrad();
            loss.backward();
            sgd.step();
            assertClose(at + ": prediction", Golden.numbers(step.get("pred")), pred.toDoubleArray(), rtol, exact);
            assertClose(at + ": loss", new double[] {Golden.number(step.get("loss"))}, new double[] {loss.item()}, rtol, exact);
            for (int p = 0; p < params.length; p++) {
                String pn = p == 0 ? "weight" : "bias";
                assertNotNull(params[p].grad(), at + ": " + pn + " has no gradient");
                assertClose(at + ": " + pn + ".grad", Golden.numbers(step.get("grads").get(p)), params[p].grad().toDoubleArray(), rtol, exact);
                assertClose(at + ": " + pn + " after the step", Golden.numbers(step.get("params").get(p)), params[p].toDoubleArray(), rtol, exact);
                if (step.has("buffers")) {
                    Tensor buf = sgd.momentumBuffer(p);
                    assertNotNull(buf, at + ": no momentum buffer for " + pn);
                    assertClose(at + ": " + pn + " momentum buffer", Golden.numbers(step.get("buffers").get(p)), buf.toDoubleArray(), rtol, exact);
                }
            }
        }
    }

    @TestFactory
    List<DynamicTest> trainingTracesMatchPyTorch() {
        backend();   // skips when the device is unavailable
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode t : Golden.load("torch_nn.json").get("traces")) {
            tests.add(DynamicTest.dynamicTest(describe(t), () -> check(t)));
        }
        return tests;
    }
}

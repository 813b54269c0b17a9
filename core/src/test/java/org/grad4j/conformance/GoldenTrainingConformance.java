package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Device;
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

    /** FNV-1a over the value bits in row-major order, as tools/golden/training_traces.py hashes them. */
    static String fnv(Tensor t, DType dtype) {
        long h = 0xcbf29ce484222325L;
        if (dtype == DType.FLOAT32) {
            for (float v : t.toFloatArray()) {
                h = (h ^ (Float.floatToRawIntBits(v) & 0xffffffffL)) * 0x100000001b3L;
            }
        } else {
            for (double v : t.toDoubleArray()) {
                h = (h ^ Double.doubleToRawLongBits(v)) * 0x100000001b3L;
            }
        }
        return String.format("%016x", h);
    }

    private static Tensor draw(Generator g, DType dtype, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        if (dtype == DType.FLOAT32) {
            float[] f = new float[n];
            g.uniform(f, -1, 1);
            for (int i = 0; i < n; i++) {
                v[i] = f[i];
            }
        } else {
            g.uniform(v, -1, 1);
        }
        return Tensor.of(v, dtype, Device.CPU, shape);
    }

    static String describeTrace(JsonNode t) {
        return t.get("dtype").asText() + " in=" + t.get("in") + " out=" + t.get("out") + " batch=" + t.get("batch")
                + (t.get("bias").asBoolean() ? " bias" : " no-bias") + " " + t.get("reduction").asText() + " lr="
                + t.get("lr") + " momentum=" + t.get("momentum") + " dampening=" + t.get("dampening")
                + (t.get("nesterov").asBoolean() ? " nesterov" : "") + " wd=" + t.get("weight_decay")
                + (t.get("maximize").asBoolean() ? " maximize" : "") + " seed=" + t.get("seed");
    }

    /**
     * One trace of {@code golden/torch_traces.json.gz}: on the CPU every value of every step must
     * have PyTorch's bits (float64 and float32: grad4j sums and multiplies in PyTorch's order with
     * the reference BLAS at these sizes), checked through the per-step hashes; other devices are held
     * to the loss within {@link #rtol} (their order differs; not measured here).
     */
    void checkTrace(JsonNode t) {
        DType dtype = Golden.dtype(t.get("dtype"));
        String name = describeTrace(t);
        int in = t.get("in").asInt();
        int out = t.get("out").asInt();
        int batch = t.get("batch").asInt();
        boolean hasBias = t.get("bias").asBoolean();
        boolean cpu = device().equals(Device.CPU);
        Linear fc = new Linear(in, out, hasBias, new Generator(0), dtype, device());
        Generator g = new Generator(t.get("seed").asLong());
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            fc.weight().copy_(draw(g, dtype, out, in).to(device()));
            if (hasBias) {
                fc.bias().copy_(draw(g, dtype, out).to(device()));
            }
        }
        List<Tensor> params = fc.parameters();
        SGD sgd = SGD.builder(params, t.get("lr").asDouble())
                .momentum(t.get("momentum").asDouble())
                .dampening(t.get("dampening").asDouble())
                .weightDecay(t.get("weight_decay").asDouble())
                .nesterov(t.get("nesterov").asBoolean())
                .maximize(t.get("maximize").asBoolean())
                .build();
        MSELoss lossFn = new MSELoss(t.get("reduction").asText().equals("sum") ? Reduction.SUM : Reduction.MEAN);
        JsonNode steps = t.get("steps");
        for (int s = 0; s < steps.size(); s++) {
            String at = name + " step " + s;
            JsonNode step = steps.get(s);
            Tensor x = draw(g, dtype, batch, in).to(device());
            Tensor y = draw(g, dtype, batch, out).to(device());
            Tensor pred = fc.forward(x);
            Tensor loss = lossFn.forward(pred, y);
            sgd.zeroGrad();
            loss.backward();
            List<String> got = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            List<String> what = new ArrayList<>();
            got.add(fnv(pred, dtype));
            expected.add(step.get("pred").asText());
            what.add("prediction");
            for (int p = 0; p < params.size(); p++) {
                got.add(fnv(params.get(p).grad(), dtype));
                expected.add(step.get("grads").get(p).asText());
                what.add((p == 0 ? "weight" : "bias") + ".grad");
            }
            sgd.step();
            for (int p = 0; p < params.size(); p++) {
                got.add(fnv(params.get(p), dtype));
                expected.add(step.get("params").get(p).asText());
                what.add((p == 0 ? "weight" : "bias") + " after the step");
                if (step.has("buffers")) {
                    got.add(fnv(sgd.momentumBuffer(p), dtype));
                    expected.add(step.get("buffers").get(p).asText());
                    what.add((p == 0 ? "weight" : "bias") + " momentum buffer");
                }
            }
            assertClose(at + ": loss", new double[] {Golden.number(step.get("loss"))}, new double[] {loss.item()},
                    rtol(dtype), cpu);
            if (cpu) {
                for (int i = 0; i < got.size(); i++) {
                    if (!got.get(i).equals(expected.get(i))) {
                        throw new AssertionError(at + ": " + what.get(i) + " differs from PyTorch's bits (hash "
                                + got.get(i) + ", PyTorch " + expected.get(i) + ")");
                    }
                }
            }
        }
    }

    @TestFactory
    List<DynamicTest> randomTrainingTracesMatchPyTorchBitForBit() {
        backend();   // skips when the device is unavailable
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode t : Golden.load("torch_traces.json.gz").get("traces")) {
            tests.add(DynamicTest.dynamicTest(describeTrace(t), () -> checkTrace(t)));
        }
        return tests;
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

package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Reduction;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.nn.Linear;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * grad_fn names against PyTorch 1.13 ({@code golden/grad_fn_names.json}, made by
 * {@code tools/golden/grad_fn_golden.py}): each op in each calling form (tensor-tensor,
 * tensor-scalar, reflected scalar, with and without dims) must print PyTorch's name. Every case of
 * the golden file needs a grad4j form here, and every form here a golden name. Also the repr of
 * module parameters ({@code Parameter containing:}).
 */
public abstract class GoldenGradFnConformance extends DeviceConformance {

    private Tensor leaf(Generator g, int... shape) {
        return Tensor.rand(g, shape).to(DType.FLOAT64).add(0.5).to(device()).detach().requiresGrad_(true);
    }

    /** grad4j's form of each case, on operands shaped as the script's. */
    private Map<String, Supplier<Tensor>> forms() {
        Generator g = new Generator(0);
        Tensor x = leaf(g, 2, 3);
        Tensor y = leaf(g, 2, 3);
        Tensor v = leaf(g, 3);
        Tensor w = leaf(g, 3);
        Tensor b3 = leaf(g, 4, 2, 3);
        Tensor m32 = leaf(g, 3, 2);
        Tensor weight = leaf(g, 4, 3);
        Tensor bias = leaf(g, 4);
        Map<String, Supplier<Tensor>> f = new LinkedHashMap<>();
        f.put("add(tensor)", () -> x.add(y));
        f.put("add(tensor, alpha)", () -> x.add(y, 2));
        f.put("sub(tensor)", () -> x.sub(y));
        f.put("mul(tensor)", () -> x.mul(y));
        f.put("div(tensor)", () -> x.div(y));
        f.put("pow(tensor)", () -> x.pow(y));
        f.put("maximum(tensor)", () -> x.maximum(y));
        f.put("minimum(tensor)", () -> x.minimum(y));
        f.put("add(broadcast)", () -> x.add(v));
        f.put("add(scalar)", () -> x.add(2));
        f.put("sub(scalar)", () -> x.sub(2));
        f.put("mul(scalar)", () -> x.mul(2));
        f.put("div(scalar)", () -> x.div(2));
        f.put("pow(scalar)", () -> x.pow(2));
        f.put("radd(scalar)", () -> x.add(2));   // Java has no reflected add: 2 + x is x.add(2), as in Python
        f.put("rsub(scalar)", () -> x.rsub(2));
        f.put("rmul(scalar)", () -> x.mul(2));   // likewise 2 * x
        f.put("neg", x::neg);
        f.put("exp", x::exp);
        f.put("log", x::log);
        f.put("sqrt", x::sqrt);
        f.put("abs", x::abs);
        f.put("relu", x::relu);
        f.put("tanh", x::tanh);
        f.put("sigmoid", x::sigmoid);
        f.put("sign", x::sign);
        f.put("sum()", x::sum);
        f.put("sum(dim)", () -> x.sum(0));
        f.put("sum(dims, keepdim)", () -> x.sum(new int[] {0, 1}, true));
        f.put("mean()", x::mean);
        f.put("mean(dim)", () -> x.mean(new int[] {1}, false));
        f.put("mean(dims, keepdim)", () -> x.mean(new int[] {0, 1}, true));
        f.put("max()", x::max);
        f.put("max(dim, keepdim)", () -> x.max(1, true).values());
        f.put("reshape", () -> x.reshape(3, 2));
        f.put("view", () -> x.view(6));
        f.put("transpose", () -> x.transpose(0, 1));
        f.put("t", x::t);
        f.put("unsqueeze", () -> x.unsqueeze(0));
        f.put("squeeze()", () -> x.unsqueeze(0).squeeze());
        f.put("squeeze(dim)", () -> x.unsqueeze(0).squeeze(0));
        f.put("expand", () -> v.expand(2, 3));
        f.put("select", () -> x.select(0, 1));
        f.put("narrow", () -> x.narrow(1, 0, 2));
        f.put("contiguous(transposed)", () -> x.t().contiguous());
        f.put("clone", x::clone);
        f.put("to(float32)", () -> x.to(DType.FLOAT32));
        f.put("matmul(2d, 2d)", () -> x.matmul(m32));
        f.put("matmul(2d, 1d)", () -> x.matmul(v));
        f.put("matmul(1d, 2d)", () -> v.matmul(m32));
        f.put("matmul(1d, 1d)", () -> v.matmul(w));
        f.put("matmul(3d, 2d)", () -> b3.matmul(m32));
        f.put("linear(bias)", () -> Functional.linear(x, weight, bias));
        f.put("linear(no bias)", () -> Functional.linear(x, weight, null));
        f.put("linear(3d, bias)", () -> Functional.linear(b3, weight, bias));
        f.put("mse_loss(mean)", () -> Functional.mseLoss(x, y, Reduction.MEAN));
        f.put("mse_loss(sum)", () -> Functional.mseLoss(x, y, Reduction.SUM));
        f.put("mse_loss(none)", () -> Functional.mseLoss(x, y, Reduction.NONE));
        return f;
    }

    @TestFactory
    List<DynamicTest> gradFnNamesArePyTorchs() {
        backend();   // skips when the device is unavailable
        Map<String, Supplier<Tensor>> forms = forms();
        List<DynamicTest> tests = new ArrayList<>();
        for (Iterator<Entry<String, JsonNode>> it = Golden.load("grad_fn_names.json").get("names").fields(); it.hasNext(); ) {
            Entry<String, JsonNode> e = it.next();
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
                Supplier<Tensor> form = forms.get(e.getKey());
                assertNotNull(form, "no grad4j form for the golden case " + e.getKey());
                Tensor out = form.get();
                assertNotNull(out.gradFn(), e.getKey() + ": no grad_fn");
                assertEquals(e.getValue().asText(), out.gradFn().name(), e.getKey());
            }));
        }
        return tests;
    }

    /** Linear's parameters print with PyTorch's {@code Parameter containing:} line; what ops return does not. */
    @TestFactory
    List<DynamicTest> parameterReprsArePyTorchs() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : Golden.load("grad_fn_names.json").get("parameters")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            int in = c.get("in").asInt();
            int out = c.get("out").asInt();
            tests.add(DynamicTest.dynamicTest("Linear(" + in + ", " + out + ") " + dtype, () -> {
                Linear fc = new Linear(in, out, true, new Generator(0), dtype, device());
                Generator g = new Generator(c.get("seed").asLong());
                try (GradMode.Scope ignored = GradMode.noGrad()) {
                    fc.weight().copy_(draw(g, dtype, out, in));
                    fc.bias().copy_(draw(g, dtype, out));
                }
                assertTrue(fc.weight().isParameter());
                JsonNode r = c.get("reprs");
                String dev = device().equals(Device.CPU) ? "" : ", device='" + device() + "'";
                assertEquals(onDevice(r.get("weight").asText(), dev), fc.weight().toString());
                assertEquals(onDevice(r.get("bias").asText(), dev), fc.bias().toString());
                assertFalse(fc.weight().detach().isParameter());
                if (dev.isEmpty()) {
                    assertEquals(r.get("weight.detach()").asText(), fc.weight().detach().toString());
                    assertEquals(r.get("weight * 2").asText(), fc.weight().mul(2).toString());
                    fc.bias().requiresGrad_(false);
                    assertEquals(r.get("bias, requires_grad off").asText(), fc.bias().toString());
                }
            }));
        }
        return tests;
    }

    /** PyTorch prints the device first among the suffixes: before dtype and requires_grad. */
    private static String onDevice(String cpuRepr, String dev) {
        int at = cpuRepr.indexOf(", dtype=");
        return at < 0 ? cpuRepr.replace(", requires_grad", dev + ", requires_grad")
                : cpuRepr.substring(0, at) + dev + cpuRepr.substring(at);
    }

    private Tensor draw(Generator g, DType dtype, int... shape) {
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
        return Tensor.of(v, dtype, device(), shape);
    }

    @Test
    void asParameterRejectsAnOpOutput() {
        backend();
        Tensor x = Tensor.of(new double[] {1, 2}, DType.FLOAT64, device(), 2).requiresGrad_(true);
        Tensor y = x.mul(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, y::asParameter);
        assertTrue(e.getMessage().contains("asParameter") && e.getMessage().contains("MulBackward0"), e.getMessage());
        assertFalse(y.isParameter());
    }

    @Test
    void everyFormHasAGoldenName() {
        JsonNode names = Golden.load("grad_fn_names.json").get("names");
        for (String k : forms().keySet()) {
            assertNotNull(names.get(k), "form " + k + " has no golden name: rerun tools/golden/grad_fn_golden.py");
        }
    }
}

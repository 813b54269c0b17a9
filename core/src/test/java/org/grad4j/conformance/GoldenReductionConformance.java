package org.grad4j.conformance;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code sum} and {@code mean} against PyTorch 1.13 ({@code golden/torch_reductions.json}, made by
 * {@code tools/golden/reduction_golden.py}): all elements and over dims, contiguous, transposed,
 * narrowed and stepped views, keepdim or not, both dtypes. The CPU must match bit for bit (it sums
 * in PyTorch's CPU order); other devices sum in their own order and are held to {@link #rtol}.
 */
public abstract class GoldenReductionConformance extends DeviceConformance {

    private Tensor input(JsonNode c, DType dtype) {
        int[] shape = Golden.ints(c.get("shape"));
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        // torch.manual_seed(seed); torch.empty(shape, dtype=...).uniform_(-1, 1) (uniform, not randn:
        // the Generator's float64 normal is 1 ulp off PyTorch's for some samples)
        Generator g = new Generator(c.get("seed").asLong());
        Tensor x;
        if (dtype == DType.FLOAT32) {
            float[] v = new float[n];
            g.uniform(v, -1, 1);
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = v[i];
            }
            x = Tensor.of(d, dtype, device(), shape);
        } else {
            double[] v = new double[n];
            g.uniform(v, -1, 1);
            x = Tensor.of(v, dtype, device(), shape);
        }
        int last = shape.length - 1;
        return switch (c.get("view").asText()) {
            case "contiguous" -> x;
            case "transposed" -> x.transpose(last - 1, last);
            case "narrowed" -> x.narrow(last, 1, shape[last] - 2);
            case "stepped" -> {   // x[..., ::2] of an even last dim
                int[] split = java.util.Arrays.copyOf(shape, shape.length + 1);
                split[last] = shape[last] / 2;
                split[last + 1] = 2;
                yield x.view(split).select(last + 1, 0);
            }
            default -> throw new AssertionError(c.get("view"));
        };
    }

    void check(JsonNode c) {
        DType dtype = Golden.dtype(c.get("dtype"));
        Tensor x = input(c, dtype);
        int[] dims = Golden.ints(c.get("dims"));
        boolean keepdim = c.get("keepdim").asBoolean();
        boolean sum = c.get("op").asText().equals("sum");
        Tensor r = dims.length == 0 ? (sum ? x.sum() : x.mean()) : (sum ? x.sum(dims, keepdim) : x.mean(dims, keepdim));
        String what = describe(c);
        if (!java.util.Arrays.equals(Golden.ints(c.get("outShape")), r.shape())) {
            throw new AssertionError(what + ": shape " + java.util.Arrays.toString(r.shape()));
        }
        boolean exact = device().equals(Device.CPU);
        assertClose(what, Golden.numbers(c.get("result")), r.toDoubleArray(), rtol(dtype), exact);
    }

    static String describe(JsonNode c) {
        return c.get("op").asText() + " " + c.get("dtype").asText() + " " + c.get("shape") + " " + c.get("view").asText()
                + " dims=" + c.get("dims") + (c.get("keepdim").asBoolean() ? " keepdim" : "");
    }

    @TestFactory
    List<DynamicTest> sumsAndMeansMatchPyTorch() {
        backend();   // skips when the device is unavailable
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : Golden.load("torch_reductions.json").get("cases")) {
            tests.add(DynamicTest.dynamicTest(describe(c), () -> check(c)));
        }
        return tests;
    }
}

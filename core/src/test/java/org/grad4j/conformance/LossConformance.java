package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
 * The losses against PyTorch 1.13 ({@code golden/losses.json}, made by {@code tools/golden/loss_golden.py}):
 * output shape and values, the gradient of {@code (out * w).sum()} for every input PyTorch differentiates
 * (input, and target where differentiable), grad_fn's name, and PyTorch's errors: the exception kind and, where
 * grad4j reproduces it, PyTorch's message.
 *
 * <p>Tolerance: values within {@link #rtol} relative, with an absolute floor of rtol times the largest expected
 * value: the losses sum in another order than PyTorch's kernels (cascade sums in nll_loss, vector lanes in
 * log_softmax), a few ulps of the result's scale.
 */
public abstract class LossConformance extends DeviceConformance {

    static double rtol(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-13 : 4e-6;
    }

    static Reduction reduction(JsonNode a) {
        return switch (a.get("reduction").asText()) {
            case "none" -> Reduction.NONE;
            case "mean", "batchmean" -> Reduction.MEAN;
            case "sum" -> Reduction.SUM;
            default -> throw new AssertionError("unknown reduction " + a.get("reduction"));
        };
    }

    /** The op as grad4j spells it; absent optional inputs are null. */
    static Tensor apply(String op, JsonNode a, Tensor[] in) {
        Tensor x = in[0];
        Tensor y = in[1];
        Tensor w = in.length > 2 ? in[2] : null;
        return switch (op) {
            case "cross_entropy" -> Functional.crossEntropy(x, y, w, a.get("ignore_index").asLong(), reduction(a),
                    a.get("label_smoothing").asDouble());
            case "nll_loss" -> Functional.nllLoss(x, y, w, a.get("ignore_index").asLong(), reduction(a));
            case "binary_cross_entropy" -> Functional.binaryCrossEntropy(x, y, w, reduction(a));
            case "binary_cross_entropy_with_logits" -> Functional.binaryCrossEntropyWithLogits(x, y, w, reduction(a),
                    in.length > 3 ? in[3] : null);
            case "l1_loss" -> Functional.l1Loss(x, y, reduction(a));
            case "smooth_l1_loss" -> Functional.smoothL1Loss(x, y, reduction(a), a.get("beta").asDouble());
            case "huber_loss" -> Functional.huberLoss(x, y, reduction(a), a.get("delta").asDouble());
            case "kl_div" -> a.get("reduction").asText().equals("batchmean")
                    ? Functional.klDivBatchmean(x, y, a.get("log_target").asBoolean())
                    : Functional.klDiv(x, y, reduction(a), a.get("log_target").asBoolean());
            default -> throw new AssertionError("golden op '" + op + "' has no mapping in LossConformance.apply");
        };
    }

    Tensor tensor(JsonNode t) {
        int[] shape = Golden.ints(t.get("shape"));
        double[] values = Golden.numbers(t.get("data"));
        return switch (t.get("dtype").asText()) {
            case "float32" -> Tensor.of(values, DType.FLOAT32, device(), shape);
            case "float64" -> Tensor.of(values, DType.FLOAT64, device(), shape);
            case "int64" -> {
                long[] longs = new long[values.length];
                for (int i = 0; i < longs.length; i++) {
                    longs[i] = (long) values[i];
                }
                yield Tensor.of(longs, shape).to(device());
            }
            default -> throw new AssertionError("unknown dtype " + t.get("dtype"));
        };
    }

    static String pythonMessage(String error) {
        String m = error.substring(error.indexOf(':') + 2);
        return m.replaceAll("\\(?torch\\.Size\\((\\[[^\\]]*\\])\\)\\)?", "$1");
    }

    void check(JsonNode c) {
        String op = c.get("op").asText();
        JsonNode inputs = c.get("inputs");
        String what = c.get("dtype").asText() + " " + op + c.get("args") + " " + inputs.get(0).get("shape");
        Tensor[] args = new Tensor[inputs.size()];
        for (int i = 0; i < args.length; i++) {
            JsonNode t = inputs.get(i);
            if (t != null && !t.isNull()) {
                args[i] = tensor(t);
                if (t.get("grad").asBoolean()) {
                    args[i].requiresGrad_(true);
                }
            }
        }
        if (c.has("error")) {
            String error = c.get("error").asText();
            RuntimeException e = null;
            try {
                apply(op, c.get("args"), args);
            } catch (RuntimeException thrown) {
                e = thrown;
            }
            assertNotNull(e, what + ": PyTorch raised " + error + ", grad4j returned");
            Class<?> kind = error.startsWith("IndexError") ? IndexOutOfBoundsException.class
                    : IllegalArgumentException.class;
            assertTrue(kind.isInstance(e), what + ": PyTorch raised " + error + ", grad4j threw " + e);
            assertTrue(e.getMessage().startsWith(op + ": "), what + ": message does not name the op: " + e.getMessage());
            if (c.get("message").asBoolean()) {
                assertTrue(e.getMessage().contains(pythonMessage(error)),
                        what + ": message lacks PyTorch's '" + pythonMessage(error) + "': " + e.getMessage());
            }
            for (Tensor t : args) {
                if (t != null && t.isFloatingPoint()) {
                    assertNull(t.grad(), what + ": a refused call left a gradient");
                }
            }
            return;
        }
        Tensor out = apply(op, c.get("args"), args);
        JsonNode expected = c.get("out");
        assertArrayEquals(Golden.ints(expected.get("shape")), out.shape(), what + ": output shape");
        assertEquals(expected.get("dtype").asText(), out.dtype().torchName().replace("torch.", ""), what + ": dtype");
        assertClose(what + ": forward", Golden.numbers(expected.get("data")), out.toDoubleArray(), rtol(out.dtype()),
                false);
        if (!c.has("grads")) {
            assertNull(out.gradFn(), what + ": PyTorch's result needs no grad");
            return;
        }
        assertNotNull(out.gradFn(), what + ": no grad_fn");
        assertEquals(c.get("grad_fn").asText(), out.gradFn().name(), what + ": grad_fn");
        out.mul(tensor(c.get("w"))).sum().backward();
        for (int i = 0; i < args.length; i++) {
            JsonNode eg = c.get("grads").get(i);
            if (eg == null || eg.isNull()) {
                if (args[i] != null && args[i].requiresGrad()) {
                    assertNull(args[i].grad(), what + ": input " + i + " got a gradient PyTorch does not give");
                }
                continue;
            }
            Tensor g = args[i].grad();
            if (g == null) {
                fail(what + ": input " + i + " got no gradient");
            }
            assertArrayEquals(Golden.ints(eg.get("shape")), g.shape(), what + ": gradient shape of input " + i);
            assertClose(what + ": gradient of input " + i, Golden.numbers(eg.get("data")), g.toDoubleArray(),
                    rtol(g.dtype()), false);
        }
    }

    @TestFactory
    List<DynamicTest> lossesMatchPyTorch() {
        backend();   // skips when the device is unavailable
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode c : Golden.load("losses.json").get("cases")) {
            tests.add(DynamicTest.dynamicTest(i++ + " " + c.get("dtype").asText() + " " + c.get("op").asText()
                    + c.get("args"), () -> check(c)));
        }
        return tests;
    }
}

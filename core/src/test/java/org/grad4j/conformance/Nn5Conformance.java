package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.nn.AdaptiveLogSoftmaxWithLoss;
import org.grad4j.nn.LazyBatchNorm1d;
import org.grad4j.nn.LazyBatchNorm2d;
import org.grad4j.nn.LazyBatchNorm3d;
import org.grad4j.nn.LazyConv1d;
import org.grad4j.nn.LazyConv2d;
import org.grad4j.nn.LazyConv3d;
import org.grad4j.nn.LazyConvTranspose1d;
import org.grad4j.nn.LazyConvTranspose2d;
import org.grad4j.nn.LazyConvTranspose3d;
import org.grad4j.nn.LazyInstanceNorm1d;
import org.grad4j.nn.LazyInstanceNorm2d;
import org.grad4j.nn.LazyInstanceNorm3d;
import org.grad4j.nn.LazyLinear;
import org.grad4j.nn.Linear;
import org.grad4j.nn.Conv2d;
import org.grad4j.nn.ConvTranspose1d;
import org.grad4j.nn.ConvTranspose2d;
import org.grad4j.nn.Utils;
import org.grad4j.nn.Module;
import org.grad4j.optim.SGD;
import org.grad4j.optim.lrscheduler.SWALR;
import org.grad4j.optim.swa.AveragedModel;
import org.grad4j.optim.swa.SwaUtils;
import org.grad4j.nn.BatchNorm1d;
import org.grad4j.nn.ReLU;
import org.grad4j.nn.Sequential;
import org.grad4j.Functional;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The nn5 modules against PyTorch 1.13 ({@code golden/nn5.json.gz}, made by {@code tools/golden/nn5_golden.py}).
 *
 * <p>Lazy modules: after the same {@code manual_seed}, the first forward materialises PyTorch's initial weights bit
 * for bit (the same draws); reprs and state-dict keys before and after, the output, the gradients, an SGD step by an
 * optimizer built over the placeholders, a second forward and the generator's next draw. Outputs and gradients go
 * through convolutions and norms whose summation order differs from ATen's, so they are compared within
 * {@link #rtol} (relative to the largest magnitude); the materialised parameters exactly.
 */
public abstract class Nn5Conformance extends DeviceConformance {

    private static JsonNode golden() {
        return Golden.load("nn5.json.gz");
    }

    static double rtol(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
    }

    private static int intArg(JsonNode a, String key, int otherwise) {
        JsonNode v = a.get(key);
        return v == null ? otherwise : v.asInt();
    }

    private static boolean flag(JsonNode a, String key, boolean otherwise) {
        JsonNode v = a.get(key);
        return v == null ? otherwise : v.asBoolean();
    }

    private static int[] one(int v) {
        return new int[] {v};
    }

    /** The lazy module as grad4j spells it, drawing from the default generator at its first forward. */
    Module lazyModule(String kind, JsonNode a, DType dt) {
        Generator g = Generator.defaultGenerator();
        Device dev = device();
        int out = intArg(a, "out_channels", 0);
        int k = intArg(a, "kernel_size", 1);
        int s = intArg(a, "stride", 1);
        int p = intArg(a, "padding", 0);
        int groups = intArg(a, "groups", 1);
        boolean bias = flag(a, "bias", true);
        double eps = a.has("eps") ? a.get("eps").asDouble() : 1e-5;
        Double momentum = !a.has("momentum") ? Double.valueOf(0.1) : a.get("momentum").isNull() ? null
                : Double.valueOf(a.get("momentum").asDouble());
        boolean affine = flag(a, "affine", true);
        boolean track = flag(a, "track_running_stats", true);
        return switch (kind) {
            case "LazyLinear" -> new LazyLinear(a.get("out_features").asInt(), bias, g, dt, dev);
            case "LazyConv1d" -> new LazyConv1d(out, k, s, p, 1, groups, bias, g, dt, dev);
            case "LazyConv2d" -> new LazyConv2d(out, one(k), one(s), one(p), one(1), groups, bias, g, dt, dev);
            case "LazyConv3d" -> new LazyConv3d(out, one(k), one(s), one(p), one(1), groups, bias, "zeros", g, dt, dev);
            case "LazyConvTranspose1d" -> new LazyConvTranspose1d(out, one(k), one(s), one(p), one(0), groups, bias,
                    one(1), g, dt, dev);
            case "LazyConvTranspose2d" -> new LazyConvTranspose2d(out, one(k), one(s), one(p), one(0), groups, bias,
                    one(1), g, dt, dev);
            case "LazyConvTranspose3d" -> new LazyConvTranspose3d(out, one(k), one(s), one(p), one(0), groups, bias,
                    one(1), g, dt, dev);
            case "LazyBatchNorm1d" -> new LazyBatchNorm1d(eps, momentum, affine, track, dt, dev);
            case "LazyBatchNorm2d" -> new LazyBatchNorm2d(eps, momentum, affine, track, dt, dev);
            case "LazyBatchNorm3d" -> new LazyBatchNorm3d(eps, momentum, affine, track, dt, dev);
            case "LazyInstanceNorm1d" -> new LazyInstanceNorm1d(eps, momentum, affine, track, dt, dev);
            case "LazyInstanceNorm2d" -> new LazyInstanceNorm2d(eps, momentum, affine, track, dt, dev);
            case "LazyInstanceNorm3d" -> new LazyInstanceNorm3d(eps, momentum, affine, track, dt, dev);
            default -> throw new AssertionError("golden module '" + kind + "' has no mapping in Nn5Conformance");
        };
    }

    private static List<String> keys(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private void assertTensor(String what, JsonNode expected, Tensor actual, double rtol, boolean exact) {
        assertArrayEquals(Golden.ints(expected.get("shape")), actual.shape(), what + ": shape");
        assertClose(what, Golden.numbers(expected.get("data")), actual.toDoubleArray(), rtol, exact);
    }

    @TestFactory
    List<DynamicTest> lazyModulesMaterialiseAsPyTorch() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : golden().get("lazy")) {
            String what = c.get("dtype").asText() + " " + c.get("kind").asText() + c.get("args");
            tests.add(DynamicTest.dynamicTest(what, () -> lazyCase(c, what)));
        }
        return tests;
    }

    private void lazyCase(JsonNode c, String what) {
        DType dt = Golden.dtype(c.get("dtype"));
        double rtol = rtol(dt);
        Tensor.manualSeed(c.get("seed").asLong());
        Module m = lazyModule(c.get("kind").asText(), c.get("args"), dt);
        assertEquals(c.get("repr_before").asText(), m.toString(), what + ": repr before");
        assertEquals(keys(c.get("keys_before")), new ArrayList<>(m.stateDict().keySet()), what + ": keys before");
        List<Tensor> params = m.parameters();
        SGD opt = params.isEmpty() ? null : new SGD(params, 0.1);   // over the placeholders, as PyTorch allows
        Tensor x = Golden.tensor(c.get("x"), dt, device()).requiresGrad_(true);
        Tensor y = m.call(x);
        assertTensor(what + ": output", c.get("out"), y, rtol, false);
        assertEquals(c.get("repr_after").asText(), m.toString(), what + ": repr after");
        Map<String, Tensor> state = m.stateDict();
        assertEquals(keys(c.get("keys_before")), new ArrayList<>(state.keySet()), what + ": keys after");
        for (Iterator<Map.Entry<String, JsonNode>> it = c.get("state").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            // the materialised parameters are the draws themselves: exact; running statistics went through a forward
            boolean drawn = e.getKey().equals("weight") || e.getKey().equals("bias")
                    || e.getKey().equals("num_batches_tracked");
            assertTensor(what + ": state " + e.getKey(), e.getValue(), state.get(e.getKey()), rtol, drawn);
        }
        // the optimizer's tensors are the materialised parameters (the same objects)
        Map<String, Tensor> named = m.namedParameters();
        assertEquals(params, new ArrayList<>(named.values()), what + ": the placeholders became the parameters");
        y.mul(Golden.tensor(c.get("w"), dt, device())).sum().backward();
        assertTensor(what + ": input gradient", c.get("x_grad"), x.grad(), rtol, false);
        for (Iterator<Map.Entry<String, JsonNode>> it = c.get("grads").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            assertTensor(what + ": gradient of " + e.getKey(), e.getValue(), named.get(e.getKey()).grad(), rtol, false);
        }
        if (opt != null) {
            opt.step();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = c.get("stepped").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            assertTensor(what + ": " + e.getKey() + " after a step", e.getValue(), named.get(e.getKey()), rtol, false);
        }
        assertTensor(what + ": second output", c.get("out2"), m.call(x.detach()), rtol, false);
        assertEquals(Golden.number(c.get("after")), Tensor.rand(1).toDouble().item(), what + ": next draw");
    }

    /** PyTorch's refusals of a first forward are refused here too, and a refused first forward changes nothing. */
    @Test
    void lazyModulesRefuseAsPyTorch() {
        for (JsonNode c : golden().get("lazy_errors")) {
            String kind = c.get("kind").asText();
            String what = kind + c.get("args") + " " + c.path("x").path("shape");
            Module m = lazyModule(kind, c.get("args"), DType.FLOAT64);
            String before = m.toString();
            if (c.has("use")) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> ((LazyLinear) m).weight(), what);
                String pytorch = c.get("error").asText();
                assertTrue(e.getMessage().contains(pytorch.substring(pytorch.indexOf("This error happens"))), what);
                continue;
            }
            Tensor x = Golden.tensor(c.get("x"), DType.FLOAT64, device());
            if (c.has("out_shape")) {
                assertArrayEquals(Golden.ints(c.get("out_shape")), m.call(x).shape(), what);
                continue;
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.call(x), what);
            String pytorch = c.get("error").asText();
            if (pytorch.startsWith("RuntimeError: Expected") || pytorch.startsWith("ValueError: in_channels")) {
                String message = pytorch.substring(pytorch.indexOf(' ') + 1);
                assertTrue(e.getMessage().contains(message), what + ": '" + e.getMessage() + "' lacks '" + message + "'");
            }
            assertEquals(before, m.toString(), what + ": a refused first forward leaves the module lazy");
            for (Tensor t : m.stateDict().values()) {
                assertTrue(t.numel() <= 1, what + ": the placeholders stay empty");
            }
        }
    }

    /** The placeholders are the parameters: conversions before the first forward carry over, as PyTorch's do. */
    @Test
    void lazyPlaceholdersFollowTheModule() {
        Tensor.manualSeed(3);
        LazyLinear lazy = new LazyLinear(4);
        assertTrue(lazy.hasUninitializedParams());
        assertTrue(lazy instanceof Linear, "a LazyLinear is a Linear, as in PyTorch");
        Tensor placeholder = lazy.parameters().get(0);
        assertArrayEquals(new int[] {0}, placeholder.shape());
        assertTrue(placeholder.isParameter() && placeholder.requiresGrad());
        lazy.to(DType.FLOAT64);
        lazy.call(Tensor.ones(2, 3).toDouble().to(device()));
        assertFalse(lazy.hasUninitializedParams());
        assertSame(placeholder, lazy.weight());
        assertEquals(DType.FLOAT64, lazy.weight().dtype());
        assertArrayEquals(new int[] {4, 3}, lazy.weight().shape());
        assertEquals(3, lazy.inFeatures());
        // the same draws as an ordinary Linear built at that moment
        Tensor.manualSeed(3);
        Linear plain = new Linear(3, 4, true, Generator.defaultGenerator(), DType.FLOAT64, device());
        assertArrayEquals(plain.weight().toDoubleArray(), lazy.weight().toDoubleArray());
        assertArrayEquals(plain.bias().toDoubleArray(), lazy.bias().toDoubleArray());
        // materialised once: a different width is then refused as Linear refuses it
        assertThrows(IllegalArgumentException.class, () -> lazy.call(Tensor.ones(2, 5).toDouble().to(device())));
        LazyBatchNorm1d bn = new LazyBatchNorm1d();
        assertThrows(IllegalStateException.class, bn::runningMean);
        assertNull(new LazyConv2d(2, new int[] {3}, new int[] {1}, new int[] {0}, new int[] {1}, 1, false,
                Generator.defaultGenerator(), DType.FLOAT32, device()).bias());
        assertThrows(IllegalArgumentException.class, () -> new LazyConv2d(2, new int[] {3}, new int[] {1},
                new int[] {0}, new int[] {1}, 0, true, Generator.defaultGenerator(), DType.FLOAT32, device()));
        assertThrows(IllegalArgumentException.class, () -> new LazyLinear(2, true, null, DType.FLOAT32, device()));
    }

    // ------------------------------------------------------------------------------ AdaptiveLogSoftmaxWithLoss

    /**
     * AdaptiveLogSoftmaxWithLoss after the same seed: PyTorch's weights (exact: the same draws in the same order),
     * repr and keys; output, loss, gradients, log_prob within {@link #rtol} (matrix products and log-softmax rows);
     * predict exactly.
     */
    @TestFactory
    List<DynamicTest> adaptiveLogSoftmaxMatchesPyTorch() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : golden().get("asm")) {
            String what = c.get("dtype").asText() + " AdaptiveLogSoftmaxWithLoss(" + c.get("in_features") + ", "
                    + c.get("n_classes") + ", " + c.get("cutoffs") + ", " + c.get("div_value") + ", " + c.get("head_bias")
                    + ") " + c.get("x").get("shape");
            tests.add(DynamicTest.dynamicTest(what, () -> asmCase(c, what)));
        }
        return tests;
    }

    private void asmCase(JsonNode c, String what) {
        DType dt = Golden.dtype(c.get("dtype"));
        double rtol = rtol(dt);
        Tensor.manualSeed(c.get("seed").asLong());
        AdaptiveLogSoftmaxWithLoss m = new AdaptiveLogSoftmaxWithLoss(c.get("in_features").asInt(),
                c.get("n_classes").asInt(), Golden.ints(c.get("cutoffs")), c.get("div_value").asDouble(),
                c.get("head_bias").asBoolean(), Generator.defaultGenerator(), dt, device());
        assertEquals(c.get("repr").asText(), m.toString(), what + ": repr");
        Map<String, Tensor> state = m.stateDict();
        List<String> expectedKeys = new ArrayList<>();
        c.get("state").fieldNames().forEachRemaining(expectedKeys::add);
        assertEquals(expectedKeys, new ArrayList<>(state.keySet()), what + ": state dict keys");
        for (String k : expectedKeys) {
            assertTensor(what + ": " + k, c.get("state").get(k), state.get(k), 0, true);
        }
        Tensor x = Golden.tensor(c.get("x"), dt, device()).requiresGrad_(true);
        Tensor t = Golden.anyTensor(c.get("target"), device());
        AdaptiveLogSoftmaxWithLoss.Output o = m.forward(x, t);
        assertTensor(what + ": output", c.get("output"), o.output(), rtol, false);
        assertTensor(what + ": loss", c.get("loss"), o.loss(), rtol, false);
        assertEquals(c.get("output_grad_fn").asText(), o.output().gradFn().name(), what + ": grad_fn");
        o.output().mul(Golden.tensor(c.get("w"), dt, device())).sum().add(o.loss()).backward();
        assertTensor(what + ": input gradient", c.get("x_grad"), x.grad(), rtol, false);
        Map<String, Tensor> named = m.namedParameters();
        for (Iterator<Map.Entry<String, JsonNode>> it = c.get("grads").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            Tensor grad = named.get(e.getKey()).grad();
            if (e.getValue().isNull()) {   // a tail no target reached: no gradient, as PyTorch's None
                assertNull(grad, what + ": gradient of " + e.getKey());
            } else {
                assertTensor(what + ": gradient of " + e.getKey(), e.getValue(), grad, rtol, false);
            }
        }
        if (c.has("log_prob")) {
            assertTensor(what + ": log_prob", c.get("log_prob"), m.logProb(x.detach()), rtol, false);
            assertTensor(what + ": predict", c.get("predict"), m.predict(x.detach()), 0, true);
        }
        assertEquals(Golden.number(c.get("after")), Tensor.rand(1).toDouble().item(), what + ": next draw");
    }

    /** PyTorch's refusals (bad cutoffs, mismatched or out-of-range targets) are refused with its words. */
    @Test
    void adaptiveLogSoftmaxRefusesAsPyTorch() {
        AdaptiveLogSoftmaxWithLoss m = new AdaptiveLogSoftmaxWithLoss(8, 10, new int[] {3, 6}, 4.0, false,
                new Generator(1), DType.FLOAT64, device());
        for (JsonNode c : golden().get("asm_errors")) {
            JsonNode d = c.get("desc");
            String pytorch = c.get("error").asText();
            String message = pytorch.substring(pytorch.indexOf(' ') + 1);
            IllegalArgumentException e;
            if (d.has("ctor")) {
                e = assertThrows(IllegalArgumentException.class, () -> new AdaptiveLogSoftmaxWithLoss(8, 10,
                        Golden.ints(d.get("ctor"))), d.toString());
            } else {
                Tensor x = Tensor.zeros(Golden.ints(d.get("x")), DType.FLOAT64).to(device());
                JsonNode tv = d.get("target");
                Tensor t = tv.isArray() && tv.get(0).isArray()
                        ? Tensor.of(new long[] {tv.get(0).get(0).asLong(), tv.get(0).get(1).asLong(),
                                tv.get(1).get(0).asLong(), tv.get(1).get(1).asLong()}, 2, 2)
                        : tv.isArray() ? Tensor.of(java.util.stream.StreamSupport.stream(tv.spliterator(), false)
                                .mapToLong(JsonNode::asLong).toArray(), tv.size())
                        : Tensor.scalar(tv.asLong());
                Tensor target = t.to(device());
                e = assertThrows(IllegalArgumentException.class, () -> m.forward(x, target), d.toString());
            }
            if (!message.startsWith("(") && !message.startsWith("min()")) {
                assertTrue(e.getMessage().contains(message), d + ": '" + e.getMessage() + "' lacks '" + message + "'");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(2, 8).toDouble().to(device())));
        assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(2, 8).toDouble().to(device()),
                Tensor.zeros(2).toDouble().to(device())));
        assertThrows(IllegalArgumentException.class, () -> m.logProb(Tensor.zeros(2, 7).toDouble().to(device())));
    }

    // ------------------------------------------------------------------------------ weight_norm, spectral_norm

    /** The module of a norm case, drawn from the default generator as PyTorch's. */
    private Module normModule(String kind, DType dt) {
        Generator g = Generator.defaultGenerator();
        return switch (kind) {
            case "Linear" -> new Linear(5, 4, true, g, dt, device());
            case "Conv2d" -> new Conv2d(3, 4, new int[] {3}, new int[] {1}, new int[] {0}, new int[] {1}, 1, true, g, dt,
                    device());
            case "ConvTranspose1d" -> new ConvTranspose1d(3, 2, new int[] {3}, new int[] {1}, new int[] {0},
                    new int[] {0}, 1, true, new int[] {1}, g, dt, device());
            case "ConvTranspose2d" -> new ConvTranspose2d(3, 2, new int[] {2}, new int[] {1}, new int[] {0},
                    new int[] {0}, 1, true, new int[] {1}, g, dt, device());
            default -> throw new AssertionError("golden module '" + kind + "' has no mapping in Nn5Conformance");
        };
    }

    private static Tensor weightOf(Module m) {
        if (m instanceof Linear l) {
            return l.weight();
        }
        if (m instanceof Conv2d c) {
            return c.weight();
        }
        return m instanceof ConvTranspose2d t ? t.weight() : ((ConvTranspose1d) m).weight();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /**
     * Three calls (train, SGD step, train, then for spectral norm an evaluation call): outputs, the recomputed
     * weight, the gradients of g and v (or orig) and the state dict after each, then the removal. Norms, matrix
     * products and the power iteration round differently from ATen's: compared within {@link #rtol}; the state
     * right after applying (v, orig: the former weight) exactly where it is a copy.
     */
    private void normCase(JsonNode c, String what, boolean spectral) {
        DType dt = Golden.dtype(c.get("dtype"));
        double rtol = rtol(dt);
        Tensor.manualSeed(c.get("seed").asLong());
        Module m = normModule(c.get("kind").asText(), dt);
        String repr = m.toString();
        if (spectral) {
            Integer dim = c.get("dim").isNull() ? null : c.get("dim").asInt();
            Utils.spectralNorm(m, "weight", c.get("n_power_iterations").asInt(), c.get("eps").asDouble(), dim);
        } else {
            Utils.weightNorm(m, "weight", c.get("dim").isNull() ? -1 : c.get("dim").asInt());
        }
        assertEquals(repr, m.toString(), what + ": the repr is unchanged");
        assertEquals(keys(c.get("keys")), new ArrayList<>(m.stateDict().keySet()), what + ": keys");
        Map<String, Tensor> state = m.stateDict();
        for (String k : fieldNames(c.get("state"))) {
            boolean copied = k.equals("bias") || k.equals("weight_v") && !spectral || k.equals("weight_orig");
            assertTensor(what + ": " + k, c.get("state").get(k), state.get(k), rtol, copied);
        }
        SGD opt = new SGD(m.parameters(), 0.1);
        int step = 0;
        for (JsonNode s : c.get("steps")) {
            String at = what + " call " + step;
            if (spectral && step == 2) {
                m.eval();
            }
            Tensor y = m.call(Golden.tensor(s.get("x"), dt, device()));
            assertTensor(at + ": output", s.get("out"), y, rtol, false);
            assertTensor(at + ": weight", s.get("weight"), weightOf(m), rtol, false);
            opt.zeroGrad();
            y.mul(Golden.tensor(s.get("w"), dt, device())).sum().backward();
            Map<String, Tensor> named = m.namedParameters();
            assertEquals(fieldNames(s.get("grads")), new ArrayList<>(named.keySet()), at + ": parameters");
            for (String k : fieldNames(s.get("grads"))) {
                assertTensor(at + ": gradient of " + k, s.get("grads").get(k), named.get(k).grad(), rtol, false);
            }
            Map<String, Tensor> now = m.stateDict();
            for (String k : fieldNames(s.get("state"))) {
                assertTensor(at + ": " + k, s.get("state").get(k), now.get(k), rtol, false);
            }
            opt.step();
            step++;
        }
        Tensor kept = spectral ? m.getParameter("weight_orig") : m.getParameter("weight_v");
        if (spectral) {
            Utils.removeSpectralNorm(m);
        } else {
            Utils.removeWeightNorm(m);
        }
        assertEquals(keys(c.get("removed_keys")), new ArrayList<>(m.stateDict().keySet()), what + ": keys after removal");
        assertTensor(what + ": weight after removal", c.get("removed_weight"), weightOf(m), rtol, false);
        assertSame(kept, m.getParameter("weight"), what + ": the weight tensor keeps its identity");
        assertNull(kept.grad(), what + ": a fresh parameter has no gradient");
        if (c.has("after")) {
            assertEquals(Golden.number(c.get("after")), Tensor.rand(1).toDouble().item(), what + ": next draw");
        }
    }

    @TestFactory
    List<DynamicTest> weightNormAndSpectralNormMatchPyTorch() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (String kind : new String[] {"weight_norm", "spectral_norm"}) {
            for (JsonNode c : golden().get(kind)) {
                String what = c.get("dtype").asText() + " " + kind + " " + c.get("kind").asText() + " dim "
                        + c.get("dim") + (c.has("n_power_iterations") ? " n " + c.get("n_power_iterations") : "");
                tests.add(DynamicTest.dynamicTest(what, () -> normCase(c, what, kind.equals("spectral_norm"))));
            }
        }
        return tests;
    }

    /** PyTorch's refusals, with its words; a refused call leaves the module as it was. */
    @Test
    void weightNormAndSpectralNormRefuseAsPyTorch() {
        Map<String, String> errors = new java.util.HashMap<>();
        for (JsonNode c : golden().get("norm_errors")) {
            String pytorch = c.get("error").asText();
            errors.put(c.get("desc").asText(), pytorch.substring(pytorch.indexOf(' ') + 1));
        }
        Linear twice = new Linear(3, 2);
        Utils.weightNorm(twice);
        Map<String, Tensor> before = twice.stateDict();
        RuntimeException e = assertThrows(IllegalStateException.class, () -> Utils.weightNorm(twice));
        assertTrue(e.getMessage().contains(errors.get("weight_norm twice")), e.getMessage());
        assertEquals(before.keySet(), twice.stateDict().keySet());
        Linear twiceSpectral = new Linear(3, 2);
        Utils.spectralNorm(twiceSpectral);
        e = assertThrows(IllegalStateException.class, () -> Utils.spectralNorm(twiceSpectral));
        assertTrue(e.getMessage().contains(errors.get("spectral_norm twice")), e.getMessage());
        Linear plain = new Linear(3, 2);
        e = assertThrows(IllegalArgumentException.class, () -> Utils.removeWeightNorm(plain));
        assertTrue(e.getMessage().contains(errors.get("remove_weight_norm without")), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Utils.removeSpectralNorm(plain));
        assertTrue(e.getMessage().contains(errors.get("remove_spectral_norm without")), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Utils.spectralNorm(plain, "weight", 0, 1e-12, null));
        assertTrue(e.getMessage().contains(errors.get("spectral_norm n_power_iterations 0")), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Utils.weightNorm(new LazyLinear(2)));
        assertTrue(e.getMessage().contains(errors.get("weight_norm lazy")), e.getMessage());
        assertEquals(List.of("weight", "bias"), new ArrayList<>(plain.stateDict().keySet()), "refusals changed nothing");
        // a module whose forward does not read a reparametrized slot is refused rather than silently ignored
        assertThrows(IllegalArgumentException.class, () -> Utils.weightNorm(new LazyBatchNorm1d()));
        assertThrows(IllegalArgumentException.class, () -> Utils.weightNorm(plain, "weight", 2));
        // the functional form agrees: weight_norm's weight is v * g / ||v|| row by row
        Linear l = new Linear(4, 3, true, new Generator(2), DType.FLOAT64, device());
        Tensor original = l.weight().detach().clone();
        Utils.weightNorm(l);
        assertArrayEquals(original.toDoubleArray(), l.weight().toDoubleArray(), 1e-15);
        Tensor x = Tensor.randn(new Generator(3), 2, 4).toDouble().to(device());
        assertArrayEquals(Functional.linear(x, original, l.bias()).toDoubleArray(), l.call(x).toDoubleArray(), 1e-14);
    }

    // ------------------------------------------------------------------------------------------- swa_utils

    private Sequential swaModel(DType dt, Generator g) {
        return new Sequential(new Linear(3, 4, true, g, dt, device()),
                new BatchNorm1d(4, 1e-5, 0.1, true, true, dt, device()), new ReLU(), new Linear(4, 2, true, g, dt, device()));
    }

    private Map<String, Tensor> stateOf(JsonNode state) {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        for (String k : fieldNames(state)) {
            out.put(k, Golden.anyTensor(state.get(k), device()));
        }
        return out;
    }

    private void assertState(String what, JsonNode expected, Map<String, Tensor> actual, double rtol) {
        assertEquals(fieldNames(expected), new ArrayList<>(actual.keySet()), what + ": keys");
        for (String k : fieldNames(expected)) {
            boolean integral = !actual.get(k).dtype().isFloatingPoint();
            assertTensor(what + ": " + k, expected.get(k), actual.get(k), rtol, integral);
        }
    }

    /**
     * AveragedModel over four updates (default average, an EMA avg_fn, buffers averaged too): the average's state
     * dict after each (one rounding per element, compared within {@link #rtol}; counts exactly) and its forward.
     */
    @Test
    void averagedModelAveragesAsPyTorch() {
        for (JsonNode c : golden().get("averaged")) {
            DType dt = Golden.dtype(c.get("dtype"));
            String what = c.get("dtype").asText() + " AveragedModel " + c.get("variant").asText();
            Sequential model = swaModel(dt, new Generator(1));
            String variant = c.get("variant").asText();
            AveragedModel swa = new AveragedModel(model, swaModel(dt, new Generator(2)), null,
                    variant.equals("ema") ? (a, m, n) -> a.mul(0.9).add(m.mul(0.1)) : null, variant.equals("buffers"));
            assertEquals(keys(c.get("keys")), new ArrayList<>(swa.stateDict().keySet()), what + ": keys");
            int k = 0;
            for (JsonNode u : c.get("updates")) {
                model.loadStateDict(stateOf(u.get("model")));
                swa.updateParameters(model);
                assertState(what + " update " + k++, u.get("swa"), swa.stateDict(), rtol(dt));
            }
            assertEquals(4, swa.nAveraged(), what);
            swa.eval();
            assertTensor(what + ": output", c.get("out"), swa.call(Golden.tensor(c.get("x"), dt, device())), rtol(dt),
                    false);
        }
        Sequential model = swaModel(DType.FLOAT64, new Generator(1));
        AveragedModel swa = new AveragedModel(model, swaModel(DType.FLOAT64, new Generator(2)));
        assertThrows(IllegalArgumentException.class, () -> new AveragedModel(model, model));
        assertThrows(IllegalArgumentException.class, () -> new AveragedModel(model, new Linear(3, 4)));
        Map<String, Tensor> before = swa.stateDict();
        double[] first = before.get("module.0.weight").toDoubleArray();
        assertThrows(IllegalArgumentException.class, () -> swa.updateParameters(new Sequential(new Linear(2, 2))));
        assertArrayEquals(first, swa.stateDict().get("module.0.weight").toDoubleArray(), "a refused update changes nothing");
        assertEquals(0, swa.nAveraged());
        swa.toFloat();
        assertEquals(DType.INT64, swa.getBuffer("n_averaged").dtype(), "module.to(dtype) leaves integer buffers alone");
    }

    /** update_bn: the cumulative-average statistics over one pass, the momentum and the mode restored. */
    @Test
    void updateBnRecomputesStatisticsAsPyTorch() {
        for (JsonNode c : golden().get("update_bn")) {
            DType dt = Golden.dtype(c.get("dtype"));
            String what = c.get("dtype").asText() + " update_bn";
            Sequential model = swaModel(dt, new Generator(1));
            model.loadStateDict(stateOf(c.get("state0")));
            BatchNorm1d bn = (BatchNorm1d) model.get(1);
            bn.setMomentum(0.3);
            model.eval();
            List<Tensor> b = new ArrayList<>();
            c.get("batches").forEach(t -> b.add(Golden.tensor(t, dt, device())));
            List<Object> loader = List.of(b.get(0), List.of(b.get(1), Tensor.zeros(6)), new Object[] {b.get(2)});
            SwaUtils.updateBn(loader, model);
            assertState(what, c.get("state"), model.stateDict(), rtol(dt));
            assertEquals(c.get("training").asBoolean(), model.isTraining(), what + ": mode restored");
            assertEquals(c.get("momentum").asDouble(), bn.momentum(), what + ": momentum restored");
        }
        Sequential model = swaModel(DType.FLOAT64, new Generator(1));
        assertThrows(IllegalArgumentException.class, () -> SwaUtils.updateBn(List.of("not a tensor"), model));
        assertEquals(0.1, ((BatchNorm1d) model.get(1)).momentum(), "the momentum is restored after a refusal too");
        assertTrue(model.isTraining());
    }

    /** SWALR's learning rates over twelve steps, to the bit (PyTorch's arithmetic and cos). */
    @Test
    void swalrAnnealsAsPyTorch() {
        for (JsonNode c : golden().get("swalr")) {
            String what = "SWALR " + c.get("swa_lr") + " " + c.get("anneal_epochs") + " " + c.get("anneal_strategy");
            Tensor p1 = Tensor.zeros(2).requiresGrad_(true);
            Tensor p2 = Tensor.zeros(3).requiresGrad_(true);
            SGD opt = new SGD(List.of(p1), 0.1);
            opt.addParamGroup(List.of(p2), Map.of("lr", 0.5));
            double[] swaLr = new double[c.get("swa_lr").size()];
            for (int i = 0; i < swaLr.length; i++) {
                swaLr[i] = c.get("swa_lr").get(i).asDouble();
            }
            SWALR sched = new SWALR(opt, swaLr, c.get("anneal_epochs").asInt(), c.get("anneal_strategy").asText(), -1);
            int step = 0;
            for (JsonNode lrs : c.get("lrs")) {
                if (step > 0) {
                    opt.step();
                    sched.step();
                }
                for (int g = 0; g < 2; g++) {
                    assertEquals(Golden.number(lrs.get(g)), opt.paramGroups().get(g).lr(), what + " step " + step + " group " + g);
                }
                step++;
            }
            for (int g = 0; g < 2; g++) {
                assertEquals(c.get("swa_lrs").get(g).asDouble(), opt.paramGroups().get(g).getDouble("swa_lr"), what);
            }
        }
        SGD opt = new SGD(List.of(Tensor.zeros(2).requiresGrad_(true)), 0.1);
        assertThrows(IllegalArgumentException.class, () -> new SWALR(opt, new double[] {0.1}, 5, "exp", -1));
        assertThrows(IllegalArgumentException.class, () -> new SWALR(opt, new double[] {0.1}, -1, "cos", -1));
        assertThrows(IllegalArgumentException.class, () -> new SWALR(opt, new double[] {0.1, 0.2}, 5, "cos", -1));
        assertFalse(opt.paramGroups().get(0).has("swa_lr"), "a refused SWALR leaves the groups alone");
    }
}

package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.grad4j.DType;
import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Reduction;
import org.grad4j.Tensor;
import org.grad4j.data.Subset;
import org.grad4j.data.TensorDataset;
import org.grad4j.nn.AdaptiveAvgPool2d;
import org.grad4j.nn.AvgPool2d;
import org.grad4j.nn.BatchNorm1d;
import org.grad4j.nn.BatchNorm2d;
import org.grad4j.nn.ELU;
import org.grad4j.nn.Hardtanh;
import org.grad4j.nn.LayerNorm;
import org.grad4j.nn.LeakyReLU;
import org.grad4j.nn.Linear;
import org.grad4j.nn.MaxPool2d;
import org.grad4j.nn.Module;
import org.grad4j.nn.ModuleList;
import org.grad4j.nn.ReLU;
import org.grad4j.nn.Sequential;
import org.grad4j.optim.Optimizer;
import org.grad4j.optim.SGD;
import org.grad4j.optim.lrscheduler.CosineAnnealingLR;
import org.grad4j.optim.lrscheduler.ExponentialLR;
import org.grad4j.optim.lrscheduler.LRScheduler;
import org.grad4j.optim.lrscheduler.LambdaLR;
import org.grad4j.optim.lrscheduler.LinearLR;
import org.grad4j.optim.lrscheduler.MultiStepLR;
import org.grad4j.optim.lrscheduler.OneCycleLR;
import org.grad4j.optim.lrscheduler.ReduceLROnPlateau;
import org.grad4j.optim.lrscheduler.StepLR;
import org.junit.jupiter.api.Test;

/**
 * What a PyTorch 1.13 user meets around the training loop, against PyTorch (golden:
 * tools/golden/training_api_golden.py): {@code zero_grad(set_to_none=False)} (zeros, not None; grad4j's no-argument default is PyTorch 2's None), parameters that do not
 * require grad in an optimizer, {@code load_state_dict} (casts, strict=False, the error message), Python's
 * negative indices on containers and datasets, nll_loss's reduced value on large batches (bit for bit), tied
 * weights listed once, module reprs, evaluation-mode batch norm (bit for bit) with PyTorch's grad_fn names, and
 * the schedulers' state dicts (keys, values, and continuing after loading one).
 */
public abstract class TrainingApiConformance extends DeviceConformance {
    private static JsonNode golden() {
        return Golden.load("training_api.json");
    }

    /** Two loose parameters as a module, for {@code model.zeroGrad()}. */
    private static final class Pair extends Module {
        Pair(Tensor w, Tensor b) {
            registerParameter("w", w);
            registerParameter("b", b);
        }

        @Override
        public Tensor forward(Tensor input) {
            throw new UnsupportedOperationException();
        }
    }

    /** Golden.numbers, and "-nan" for a NaN with the sign bit set (float.hex drops it). */
    private static double[] signedNumbers(JsonNode array) {
        double[] d = new double[array.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = "-nan".equals(array.get(i).asText()) ? Double.longBitsToDouble(0xfff8000000000000L)
                    : Golden.number(array.get(i));
        }
        return d;
    }

    private static void assertBits(String what, double[] expected, Tensor actual) {
        double[] got = actual.toDoubleArray();
        assertEquals(expected.length, got.length, what + ": length");
        for (int i = 0; i < got.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(got[i])) {
                throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + " (" + Double.toHexString(expected[i])
                        + ") but was " + got[i] + " (" + Double.toHexString(got[i]) + ")");
            }
        }
    }

    private static Map<String, Object> options(JsonNode o) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().isBoolean() ? (Object) e.getValue().asBoolean() : (Object) e.getValue().asDouble());
        }
        return m;
    }

    @Test
    void zeroGradLeavesZerosThatStepStillUses() {
        int count = 0;
        for (JsonNode c : golden().get("zero_grad")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            String how = c.get("how").asText();
            String name = c.get("optimizer").asText() + " " + c.get("options") + " " + dtype + " zero_grad via " + how;
            Tensor w = Tensor.of(Golden.numbers(c.get("init").get(0)), dtype, device(), 2, 3).requiresGrad_(true);
            Tensor b = Tensor.of(Golden.numbers(c.get("init").get(1)), dtype, device(), 2).requiresGrad_(true);
            List<Tensor> params = List.of(w, b);
            Module model = new Pair(w, b);
            Optimizer opt = GoldenOptimConformance.make(c.get("optimizer").asText(), params, options(c.get("options")));
            int s = 0;
            for (JsonNode step : c.get("steps")) {
                String at = name + ", step " + s++;
                switch (how) {
                    case "optimizer" -> opt.zeroGrad(false);   // PyTorch 1.13's default
                    case "module" -> model.zeroGrad(false);
                    default -> opt.zeroGrad();                 // set_to_none=True, grad4j's default
                }
                Tensor loss = null;
                for (JsonNode use : step.get("uses")) {
                    int i = use.asInt();
                    Tensor ci = Tensor.of(Golden.numbers(step.get("c").get(i)), dtype, device(), params.get(i).shape());
                    Tensor term = params.get(i).mul(ci).sum();
                    loss = loss == null ? term : loss.add(term);
                }
                loss.backward();
                for (int i = 0; i < 2; i++) {
                    JsonNode g = step.get("grads").get(i);
                    if (g.isNull()) {
                        assertNull(params.get(i).grad(), at + ": grad " + i + " is None in PyTorch");
                    } else {
                        assertBits(at + ": grad " + i, Golden.numbers(g), params.get(i).grad());
                    }
                }
                opt.step();
                for (int i = 0; i < 2; i++) {
                    assertBits(at + ": param " + i, Golden.numbers(step.get("params").get(i)), params.get(i));
                }
            }
            opt.zeroGrad("none".equals(how));
            for (int i = 0; i < 2; i++) {
                JsonNode g = c.get("grads_after_zero_grad").get(i);
                if (g.isNull()) {
                    assertNull(params.get(i).grad(), name + ": grad " + i + " after zero_grad(set_to_none=True)");
                } else {
                    assertBits(name + ": grad " + i + " after zero_grad()", Golden.numbers(g), params.get(i).grad());
                }
            }
            count++;
        }
        assertEquals(36, count);
    }

    @Test
    void zeroGradThenBackwardAddsToZeros() {
        for (JsonNode c : golden().get("signed_zero")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            Tensor w = Tensor.full(new int[] {3}, 0.0, dtype, device()).requiresGrad_(true);
            Tensor k = Tensor.of(Golden.numbers(c.get("c")), dtype, device(), 3);
            w.mul(k).sum().backward();
            assertBits(dtype + " first backward", Golden.numbers(c.get("fresh")), w.grad());
            new SGD(List.of(w), 0.1).zeroGrad(false);
            w.mul(k).sum().backward();
            assertBits(dtype + " backward after zero_grad()", Golden.numbers(c.get("after_zero_grad")), w.grad());
        }
    }

    @Test
    void zeroGradKeepsAbsentGradientsAbsent() {
        Tensor w = Tensor.full(new int[] {2}, 1.0, DType.FLOAT64, device()).requiresGrad_(true);
        SGD opt = new SGD(List.of(w), 0.1);
        opt.zeroGrad(false);
        assertNull(w.grad(), "PyTorch's zero_grad() leaves a None gradient None");
        w.mul(3.0).sum().backward();
        Tensor before = w.grad();
        opt.zeroGrad(false);
        assertTrue(before.isReleased(), "the old gradient's memory is released");
        Tensor zeros = w.grad();
        assertBits("grad after zero_grad()", new double[] {0, 0}, zeros);
        assertSame(zeros, w.grad(), "the zeros are made once");
        w.mul(2.0).sum().backward();
        assertBits("backward adds into the zeros", new double[] {2, 2}, w.grad());
        opt.zeroGrad();
        assertNull(w.grad(), "zeroGrad() sets to none, PyTorch 2's default");
    }

    @Test
    void optimizerTakesFrozenParametersAndSkipsThem() {
        for (JsonNode c : golden().get("frozen")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            Tensor w = Tensor.of(Golden.numbers(c.get("init").get(0)), dtype, device(), 2, 3);
            Tensor b = Tensor.of(Golden.numbers(c.get("init").get(1)), dtype, device(), 2).requiresGrad_(true);
            SGD opt = SGD.builder(List.of(w, b), 0.1).momentum(0.9).build();
            int s = 0;
            for (JsonNode step : c.get("steps")) {
                opt.zeroGrad();
                Tensor k = Tensor.of(Golden.numbers(step.get("c")), dtype, device(), 2);
                w.sum().add(b).mul(k).sum().backward();
                opt.step();
                assertBits(dtype + " step " + s + " frozen weight", Golden.numbers(step.get("params").get(0)), w);
                assertBits(dtype + " step " + s + " bias", Golden.numbers(step.get("params").get(1)), b);
                s++;
            }
            List<Integer> keys = new ArrayList<>(opt.stateDict().state().keySet());
            List<Integer> expected = new ArrayList<>();
            c.get("state_keys").forEach(n -> expected.add(n.asInt()));
            assertEquals(expected, keys, "state only for the parameter that trains");
        }
    }

    private Sequential model() {
        return new Sequential(new Linear(3, 2, true, new Generator(1), DType.FLOAT32, device()), new ReLU(),
                new Linear(2, 1, false, new Generator(2), DType.FLOAT32, device()));
    }

    @Test
    void loadStateDictAsPyTorch() {
        for (JsonNode c : golden().get("load_state_dict")) {
            String name = c.get("name").asText() + " strict=" + c.get("strict").asBoolean();
            Sequential m = model();
            Map<String, Tensor> before = new LinkedHashMap<>();
            m.stateDict().forEach((k, v) -> before.put(k, v.clone()));
            Map<String, Tensor> given = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = c.get("given").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                given.put(e.getKey(), Tensor.of(Golden.numbers(e.getValue().get("data")), Golden.dtype(e.getValue().get("dtype")),
                        device(), Golden.ints(e.getValue().get("shape"))));
            }
            if (c.has("error")) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> m.loadStateDict(given, c.get("strict").asBoolean()), name);
                assertTrue(e.getMessage().startsWith(c.get("error").asText()), name + ": " + e.getMessage());
                m.stateDict().forEach((k, v) -> assertBits(name + ": " + k + " unchanged",
                        before.get(k).toDoubleArray(), v));
                continue;
            }
            Module.IncompatibleKeys keys = m.loadStateDict(given, c.get("strict").asBoolean());
            List<String> missing = new ArrayList<>();
            c.get("missing").forEach(n -> missing.add(n.asText()));
            List<String> unexpected = new ArrayList<>();
            c.get("unexpected").forEach(n -> unexpected.add(n.asText()));
            assertEquals(missing, keys.missingKeys(), name);
            assertEquals(unexpected, keys.unexpectedKeys(), name);
            for (Iterator<Map.Entry<String, JsonNode>> it = c.get("loaded").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                Tensor t = m.stateDict().get(e.getKey());
                assertEquals(DType.FLOAT32, t.dtype(), name + ": " + e.getKey() + " keeps the model's dtype");
                double[] expected = Golden.numbers(e.getValue());
                if (missing.contains(e.getKey())) {
                    expected = before.get(e.getKey()).toDoubleArray();   // PyTorch's model had its own init there
                }
                assertBits(name + ": " + e.getKey(), expected, t);
            }
        }
    }

    @Test
    void nllLossSumsInItsKernelsCascade() {
        int count = 0;
        for (JsonNode c : golden().get("nll_cascade")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            int[] shape = Golden.ints(c.get("shape"));
            int[] tshape = new int[shape.length - 1];
            tshape[0] = shape[0];
            System.arraycopy(shape, 2, tshape, 1, shape.length - 2);
            long[] t = new long[c.get("target").size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = c.get("target").get(i).asLong();
            }
            Tensor target = Tensor.of(t, tshape).to(device());
            Tensor weight = Tensor.of(Golden.numbers(c.get("weight")), dtype, device(), shape[1]);
            long[] safe = t.clone();
            for (int i = 0; i < safe.length; i++) {
                safe[i] = Math.max(0, safe[i]);
            }
            Tensor safeIndex = Tensor.of(safe, tshape).to(device()).unsqueeze(1);
            for (JsonNode r : c.get("results")) {
                String what = "nll_loss " + dtype + " " + c.get("shape") + " weighted=" + r.get("weighted").asBoolean()
                        + " " + r.get("reduction").asText();
                Tensor x = Tensor.of(Golden.numbers(c.get("x")), dtype, device(), shape).requiresGrad_(true);
                Reduction red = "sum".equals(r.get("reduction").asText()) ? Reduction.SUM : Reduction.MEAN;
                Tensor loss = Functional.nllLoss(x, target, r.get("weighted").asBoolean() ? weight : null, -100, red);
                assertBits(what, signedNumbers(r.get("out")), loss);
                if (!r.get("grad_at_target").isNull()) {
                    loss.backward();
                    assertBits(what + ": gradient at the targets", Golden.numbers(r.get("grad_at_target")),
                            x.grad().gather(1, safeIndex).squeeze(1));
                }
                count++;
            }
        }
        assertEquals(56, count);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void tiedWeightsAreListedOnceAndReprsArePyTorchs() {
        JsonNode s = golden().get("structure");
        Linear shared = new Linear(3, 3, true, new Generator(3), DType.FLOAT32, device());
        Sequential tied = new Sequential(shared, new ReLU(), shared,
                new BatchNorm1d(3, 1e-5, 0.1, true, true, DType.FLOAT32, device()));
        assertEquals(strings(s.get("named_parameters")), new ArrayList<>(tied.namedParameters().keySet()));
        assertEquals(s.get("parameter_count").asInt(), tied.parameters().size());
        assertEquals(strings(s.get("named_children")), new ArrayList<>(tied.namedChildren().keySet()));
        assertEquals(strings(s.get("named_modules")), new ArrayList<>(tied.namedModules().keySet()));
        assertEquals(strings(s.get("state_dict_keys")), new ArrayList<>(tied.stateDict().keySet()));
        assertEquals(s.get("optimizer_params").asInt(), new SGD(tied.parameters(), 0.1).parameters().size());
        assertEquals(4, tied.size(), "Sequential keeps both entries, as len(model)");
        ModuleList list = new ModuleList(shared, shared);
        assertEquals(2, list.size(), "ModuleList keeps both entries, as len(module_list)");
        Sequential nested = new Sequential(new Linear(2, 2, true), new Sequential(new ReLU(), new Linear(2, 2, true)),
                new org.grad4j.nn.Tanh());
        List<String> order = new ArrayList<>();
        assertSame(nested, nested.apply(m -> order.add(m.getClass().getSimpleName())));
        assertEquals(strings(s.get("apply_order")), order, "model.apply visits children first");
        JsonNode r = s.get("reprs");
        assertEquals(r.get("max_pool").asText(), new MaxPool2d(2).toString());
        assertEquals(r.get("max_pool_tuples").asText(),
                new MaxPool2d(new int[] {2, 3}, new int[] {1, 2}, new int[] {1}, new int[] {1}).toString());
        assertEquals(r.get("avg_pool").asText(), new AvgPool2d(3).toString());
        assertEquals(r.get("avg_pool_tuple").asText(), new AvgPool2d(new int[] {2, 2}, new int[] {1}, new int[] {0}).toString());
        assertEquals(r.get("adaptive_avg_pool").asText(), new AdaptiveAvgPool2d(1).toString());
        assertEquals(r.get("adaptive_avg_pool_tuple").asText(), new AdaptiveAvgPool2d(new int[] {2, 3}).toString());
        assertEquals(r.get("elu").asText(), new ELU(0.5).toString());
        assertEquals(r.get("hardtanh").asText(), new Hardtanh(-2.0, 2.0).toString());
        assertEquals(r.get("leaky_relu").asText(), new LeakyReLU(1e-5).toString());
    }

    @Test
    void batchNormEvalIsPyTorchsKernel() {
        JsonNode bn = golden().get("batch_norm_eval");
        for (JsonNode c : bn.get("cases")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            int[] shape = Golden.ints(c.get("shape"));
            String what = "BatchNorm eval " + dtype + " " + c.get("shape");
            BatchNorm1d layer = shape.length == 4 ? new BatchNorm2d(16, 1e-5, 0.1, true, true, dtype, device())
                    : new BatchNorm1d(16, 1e-5, 0.1, true, true, dtype, device());
            Map<String, Tensor> state = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = c.get("state").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                state.put(e.getKey(), Tensor.of(Golden.numbers(e.getValue()), dtype, device(), 16));
            }
            Module.IncompatibleKeys keys = layer.loadStateDict(state, false);
            assertEquals(List.of("num_batches_tracked"), keys.missingKeys());
            layer.eval();
            Tensor x = Tensor.of(Golden.numbers(c.get("x")), dtype, device(), shape).requiresGrad_(true);
            Tensor y = layer.forward(x);
            assertBits(what + ": output", Golden.numbers(c.get("y")), y);
            assertEquals(c.get("grad_fn").asText(), y.gradFn().name(), what);
            y.mul(Tensor.of(Golden.numbers(c.get("c")), dtype, device(), shape)).sum().backward();
            assertBits(what + ": input gradient", Golden.numbers(c.get("grad_x")), x.grad());
        }
        Tensor x = Tensor.full(new int[] {4, 6}, 0.5, DType.FLOAT32, device()).add(
                Tensor.of(new double[] {0, 1, 2, 3, 4, 5}, DType.FLOAT32, device(), 6)).requiresGrad_(true);
        assertEquals(bn.get("names").get("batch_norm_train").asText(),
                new BatchNorm1d(6, 1e-5, 0.1, true, true, DType.FLOAT32, device()).forward(x).gradFn().name());
        assertEquals(bn.get("names").get("layer_norm").asText(),
                new LayerNorm(new int[] {6}, 1e-5, true, DType.FLOAT32, device()).forward(x).gradFn().name());
    }

    /** Golden JSON as Java values: every number a Double ("f:hex" floats, ints), maps keyed by strings. */
    private static Object decode(JsonNode n) {
        if (n.isNull()) {
            return null;
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isTextual()) {
            String t = n.asText();
            if (!t.startsWith("f:")) {
                return t;
            }
            String v = t.substring(2);
            return v.equals("inf") ? Double.POSITIVE_INFINITY : v.equals("-inf") ? Double.NEGATIVE_INFINITY
                    : Double.parseDouble(v);
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(decode(x)));
            return l;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> m.put(e.getKey(), decode(e.getValue())));
        return m;
    }

    /** grad4j's values in the same form. */
    private static Object normal(Object o) {
        if (o instanceof Number x) {
            return x.doubleValue();
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(normal(x)));
            return out;
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), normal(v)));
            return out;
        }
        return o;
    }

    private static Object scheduler(String name, Optimizer opt) {
        return switch (name) {
            case "StepLR" -> new StepLR(opt, 3, 0.5);
            case "MultiStepLR" -> new MultiStepLR(opt, new int[] {2, 5, 5, 7}, 0.3);
            case "ExponentialLR" -> new ExponentialLR(opt, 0.9);
            case "CosineAnnealingLR" -> new CosineAnnealingLR(opt, 10, 0.001);
            case "LinearLR" -> new LinearLR(opt, 0.25, 1.0, 8);
            case "LambdaLR" -> new LambdaLR(opt, e -> Math.pow(0.95, e));
            case "OneCycleLR" -> OneCycleLR.builder(opt, 0.5).totalSteps(20).build();
            case "ReduceLROnPlateau" -> ReduceLROnPlateau.builder(opt).factor(0.5).patience(1).build();
            default -> throw new AssertionError(name);
        };
    }

    private static void step(Object s, double metric) {
        if (s instanceof ReduceLROnPlateau p) {
            p.step(metric);
        } else {
            ((LRScheduler) s).step();
        }
    }

    private static Map<String, Object> state(Object s) {
        return s instanceof ReduceLROnPlateau p ? p.stateDict() : ((LRScheduler) s).stateDict();
    }

    @Test
    void schedulerStateDictsRoundTripAsPyTorchs() {
        double[] metrics = {1.0, 0.9, 0.95, 0.95, 0.96, 0.89, 0.9, 0.9, 0.9, 0.9, 0.8};
        for (JsonNode c : golden().get("scheduler_state")) {
            String name = c.get("name").asText();
            Tensor p = Tensor.full(new int[] {2}, 0.0, DType.FLOAT64, device()).requiresGrad_(true);
            SGD opt = SGD.builder(List.of(p), 0.1).momentum(0.9).build();
            Object sched = scheduler(name, opt);
            for (int i = 0; i < 5; i++) {
                step(sched, metrics[i]);
            }
            Map<String, Object> sd = state(sched);
            assertEquals(strings(c.get("keys")), new ArrayList<>(sd.keySet()), name + ": state_dict keys");
            assertEquals(decode(c.get("state")), normal(sd), name + ": state_dict");
            Tensor p2 = Tensor.full(new int[] {2}, 0.0, DType.FLOAT64, device()).requiresGrad_(true);
            SGD opt2 = SGD.builder(List.of(p2), 0.1).momentum(0.9).build();
            Object sched2 = scheduler(name, opt2);
            opt2.loadStateDict(opt.stateDict());
            @SuppressWarnings("unchecked")
            Map<String, Object> saved = (Map<String, Object>) decode(c.get("state"));
            if (sched2 instanceof ReduceLROnPlateau r) {
                r.loadStateDict(saved);
            } else {
                ((LRScheduler) sched2).loadStateDict(saved);
            }
            for (int i = 5; i < 11; i++) {
                step(sched2, metrics[i]);
                assertEquals(Golden.number(c.get("continued").get(i - 5)), opt2.paramGroups().get(0).lr(),
                        name + ": learning rate after loading, step " + i);
            }
        }
        StepLR s = new StepLR(new SGD(List.of(Tensor.full(new int[] {1}, 0.0, DType.FLOAT64, device())
                .requiresGrad_(true)), 0.1), 3, 0.5);
        Map<String, Object> other = new StepLR(new SGD(List.of(Tensor.full(new int[] {1}, 0.0, DType.FLOAT64, device())
                .requiresGrad_(true)), 0.1), 3, 0.1).stateDict();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.loadStateDict(other));
        assertTrue(e.getMessage().contains("gamma"), e.getMessage());
        assertEquals(0, s.lastEpoch(), "nothing loaded");
    }

    @Test
    void optimizerStateDictGroupsHavePyTorchsKeys() {
        for (JsonNode c : golden().get("param_group_keys")) {
            String kind = c.get("optimizer").asText();
            Tensor p = Tensor.full(new int[] {2}, 0.0, DType.FLOAT32, device()).requiresGrad_(true);
            Optimizer opt = GoldenOptimConformance.make(kind, List.of(p), new LinkedHashMap<>(Map.of("lr", 0.1)));
            Map<String, Object> g = opt.stateDict().paramGroups().get(0);
            assertEquals(strings(c.get("keys")), new ArrayList<>(g.keySet()), kind + ": param_groups keys");
            c.get("switches").fields().forEachRemaining(e -> assertEquals(decode(e.getValue()), g.get(e.getKey()),
                    kind + ": " + e.getKey()));
            new StepLR(opt, 2);
            assertEquals(strings(c.get("keys_with_scheduler")),
                    new ArrayList<>(opt.stateDict().paramGroups().get(0).keySet()), kind + ": with a scheduler");
            opt.loadStateDict(opt.stateDict());   // the switches are accepted back (and ignored)
        }
    }

    @Test
    void negativeIndicesCountFromTheEnd() {
        Sequential s = model();
        assertSame(s.get(2), s.get(-1));
        assertSame(s.get(0), s.get(-3));
        assertThrows(IndexOutOfBoundsException.class, () -> s.get(-4));
        TensorDataset ds = new TensorDataset(Tensor.of(new long[] {10, 11, 12}, 3).to(device()));
        assertEquals(12L, ds.get(-1)[0].itemLong());
        assertThrows(IndexOutOfBoundsException.class, () -> ds.get(-4));
        Subset<Tensor[]> sub = new Subset<>(ds, new int[] {2, 0});
        assertEquals(10L, sub.get(-1)[0].itemLong());
        assertFalse(s.get(-2).parameters().iterator().hasNext(), "ReLU has no parameters");
    }
}

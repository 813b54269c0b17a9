package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

import com.fasterxml.jackson.databind.JsonNode;

import org.grad4j.DType;
import org.grad4j.Tensor;
import org.grad4j.optim.Optimizer;
import org.grad4j.optim.ParamGroup;
import org.grad4j.optim.SGD;
import org.grad4j.optim.lrscheduler.ChainedScheduler;
import org.grad4j.optim.lrscheduler.ConstantLR;
import org.grad4j.optim.lrscheduler.CosineAnnealingLR;
import org.grad4j.optim.lrscheduler.CosineAnnealingWarmRestarts;
import org.grad4j.optim.lrscheduler.CyclicLR;
import org.grad4j.optim.lrscheduler.ExponentialLR;
import org.grad4j.optim.lrscheduler.LRScheduler;
import org.grad4j.optim.lrscheduler.LambdaLR;
import org.grad4j.optim.lrscheduler.LinearLR;
import org.grad4j.optim.lrscheduler.MultiStepLR;
import org.grad4j.optim.lrscheduler.MultiplicativeLR;
import org.grad4j.optim.lrscheduler.OneCycleLR;
import org.grad4j.optim.lrscheduler.PolynomialLR;
import org.grad4j.optim.lrscheduler.SequentialLR;
import org.grad4j.optim.lrscheduler.StepLR;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every learning-rate scheduler of {@code torch.optim.lr_scheduler} against PyTorch 1.13 ({@code sched.json} from
 * {@code tools/golden/sched_golden.py}): after construction and after each {@code step()} or {@code step(epoch)},
 * each group's lr, momentum and beta1, {@code getLastLr()} and {@code lastEpoch()}, all float64 bit for bit; the
 * final state dict (keys in order, values) and the steps of a fresh scheduler that loaded it; resuming with
 * {@code lastEpoch}; PyTorch's errors (the Java message contains PyTorch's).
 */
public abstract class SchedulerConformance extends DeviceConformance {
    private static JsonNode golden() {
        return Golden.load("sched.json");
    }

    /** The golden script's named functions, with the same arithmetic as its Python lambdas. */
    private static IntToDoubleFunction function(String name) {
        return switch (name) {
            case "const_0.95" -> e -> 0.95;
            case "const_1.02" -> e -> 1.02;
            case "linear_decay" -> e -> 1.0 - 0.01 * e;
            case "pow_0.95" -> e -> Math.pow(0.95, e);
            case "warmup_5" -> e -> Math.min(1.0, (e + 1) / 5.0);
            case "half_pow" -> x -> Math.pow(0.5, x);
            case "inv_1p" -> x -> 1 / (double) (1 + x);
            default -> throw new AssertionError(name);
        };
    }

    private static double[] perGroup(JsonNode v) {
        return v.isArray() ? Golden.numbersPlain(v) : new double[] {v.asDouble()};
    }

    private static double d(JsonNode a, String key, double otherwise) {
        return a.has(key) ? a.get(key).asDouble() : otherwise;
    }

    private static int i(JsonNode a, String key, int otherwise) {
        return a.has(key) ? a.get(key).asInt() : otherwise;
    }

    private static List<IntToDoubleFunction> lambdas(JsonNode v, int groups) {
        List<IntToDoubleFunction> out = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(x -> out.add(function(x.asText())));
        } else {
            for (int g = 0; g < groups; g++) {
                out.add(function(v.asText()));
            }
        }
        return out;
    }

    /** The scheduler {@code kind} with PyTorch's keyword arguments {@code a}. */
    static LRScheduler make(Optimizer opt, String kind, JsonNode a) {
        return make(opt, kind, a, null);
    }

    /** As {@link #make(Optimizer, String, JsonNode)}; a wrapped scheduler marked "other" drives {@code other}. */
    static LRScheduler make(Optimizer opt, String kind, JsonNode a, Optimizer other) {
        int last = i(a, "last_epoch", -1);
        int groups = opt.paramGroups().size();
        return switch (kind) {
            case "StepLR" -> new StepLR(opt, a.get("step_size").asInt(), d(a, "gamma", 0.1), last);
            case "MultiStepLR" -> new MultiStepLR(opt, Golden.ints(a.get("milestones")), d(a, "gamma", 0.1), last);
            case "ExponentialLR" -> new ExponentialLR(opt, a.get("gamma").asDouble(), last);
            case "CosineAnnealingLR" -> new CosineAnnealingLR(opt, a.get("T_max").asInt(), d(a, "eta_min", 0), last);
            case "LinearLR" -> new LinearLR(opt, d(a, "start_factor", 1.0 / 3), d(a, "end_factor", 1.0),
                    i(a, "total_iters", 5), last);
            case "ConstantLR" -> new ConstantLR(opt, d(a, "factor", 1.0 / 3), i(a, "total_iters", 5), last);
            case "PolynomialLR" -> new PolynomialLR(opt, i(a, "total_iters", 5), d(a, "power", 1.0), last);
            case "LambdaLR" -> new LambdaLR(opt, lambdas(a.get("lr_lambda"), groups), last);
            case "MultiplicativeLR" -> new MultiplicativeLR(opt, lambdas(a.get("lr_lambda"), groups), last);
            case "CosineAnnealingWarmRestarts" -> new CosineAnnealingWarmRestarts(opt, a.get("T_0").asInt(),
                    i(a, "T_mult", 1), d(a, "eta_min", 0), last);
            case "CyclicLR" -> {
                CyclicLR.Builder b = CyclicLR.builder(opt, perGroup(a.get("base_lr")), perGroup(a.get("max_lr")))
                        .stepSizeUp(i(a, "step_size_up", 2000)).gamma(d(a, "gamma", 1.0)).lastEpoch(last);
                if (a.has("step_size_down")) {
                    b.stepSizeDown(a.get("step_size_down").asInt());
                }
                if (a.has("mode")) {
                    b.mode(CyclicLR.Mode.valueOf(a.get("mode").asText().toUpperCase()));
                }
                if (a.has("scale_fn")) {
                    b.scaleFn(function(a.get("scale_fn").asText()));
                }
                if (a.has("scale_mode")) {
                    b.scaleMode(CyclicLR.ScaleMode.valueOf(a.get("scale_mode").asText().toUpperCase()));
                }
                if (a.has("cycle_momentum")) {
                    b.cycleMomentum(a.get("cycle_momentum").asBoolean());
                }
                if (a.has("base_momentum")) {
                    b.baseMomentum(perGroup(a.get("base_momentum")));
                }
                if (a.has("max_momentum")) {
                    b.maxMomentum(perGroup(a.get("max_momentum")));
                }
                yield b.build();
            }
            case "OneCycleLR" -> {
                OneCycleLR.Builder b = OneCycleLR.builder(opt, perGroup(a.get("max_lr"))).lastEpoch(last);
                if (a.has("total_steps")) {
                    b.totalSteps(a.get("total_steps").asInt());
                }
                if (a.has("epochs")) {
                    b.epochs(a.get("epochs").asInt());
                }
                if (a.has("steps_per_epoch")) {
                    b.stepsPerEpoch(a.get("steps_per_epoch").asInt());
                }
                if (a.has("pct_start")) {
                    b.pctStart(a.get("pct_start").asDouble());
                }
                if (a.has("base_momentum")) {
                    b.baseMomentum(perGroup(a.get("base_momentum")));
                }
                if (a.has("max_momentum")) {
                    b.maxMomentum(perGroup(a.get("max_momentum")));
                }
                yield b.build();
            }
            case "SequentialLR" -> new SequentialLR(opt, subs(opt, a.get("schedulers"), other),
                    Golden.ints(a.get("milestones")), last);
            case "ChainedScheduler" -> new ChainedScheduler(subs(opt, a.get("schedulers"), other));
            default -> throw new AssertionError(kind);
        };
    }

    private static List<LRScheduler> subs(Optimizer opt, JsonNode list, Optimizer other) {
        List<LRScheduler> out = new ArrayList<>();
        list.forEach(s -> out.add(make(s.path("other").asBoolean() ? other : opt, s.get("kind").asText(), s.get("args"))));
        return out;
    }

    private Optimizer optimizer(JsonNode c) {
        double[] lrs = Golden.numbersPlain(c.get("lrs"));
        Map<String, Object> o = GoldenOptimConformance.options(c.get("optimizer_options"));
        o.put("lr", lrs[0]);
        Optimizer opt = GoldenOptimConformance.make(c.get("optimizer").asText(),
                List.of(Tensor.zeros(2).to(DType.FLOAT64).to(device()).requiresGrad_(true)), o);
        for (int g = 1; g < lrs.length; g++) {
            opt.addParamGroup(List.of(Tensor.zeros(2).to(DType.FLOAT64).to(device()).requiresGrad_(true)),
                    Map.of("lr", lrs[g]));
        }
        c.get("group_extra").fields().forEachRemaining(e -> {
            double[] v = Golden.numbersPlain(e.getValue());
            for (int g = 0; g < v.length; g++) {
                opt.paramGroups().get(g).set(e.getKey(), v[g]);
            }
        });
        return opt;
    }

    private static void act(LRScheduler s, JsonNode a) {
        if (a.isTextual()) {
            s.step();
        } else if (a.isIntegralNumber()) {
            s.step(a.asInt());
        } else {
            ((CosineAnnealingWarmRestarts) s).step(a.asDouble());
        }
    }

    private static void check(String at, Optimizer opt, LRScheduler s, JsonNode rec, int k) {
        JsonNode g = rec.get("groups").get(k);
        for (int i = 0; i < opt.paramGroups().size(); i++) {
            ParamGroup group = opt.paramGroups().get(i);
            assertEquals(Golden.number(g.get("lr").get(i)), group.lr(), at + " group " + i + ": lr");
            if (g.get("momentum").size() > 0) {
                assertEquals(Golden.number(g.get("momentum").get(i)), group.getDouble("momentum"),
                        at + " group " + i + ": momentum");
            }
            if (g.get("beta1").size() > 0) {
                assertEquals(Golden.number(g.get("beta1").get(i)), ((List<?>) group.get("betas")).get(0),
                        at + " group " + i + ": beta1");
            }
        }
        List<Double> last = new ArrayList<>();
        for (double x : Golden.numbers(rec.get("last_lr").get(k))) {
            last.add(x);
        }
        assertEquals(last, s.getLastLr(), at + ": get_last_lr()");
        JsonNode epoch = rec.get("last_epoch").get(k);
        if (!epoch.isNull()) {
            assertEquals(epoch.asInt(), s.lastEpoch(), at + ": last_epoch");
        }
    }

    void run(JsonNode c) {
        String name = c.get("name").asText();
        String kind = c.get("kind").asText();
        Optimizer opt = optimizer(c);
        LRScheduler s = make(opt, kind, c.get("args"));
        check(name + " after construction", opt, s, c, 0);
        JsonNode actions = c.get("actions");
        for (int k = 0; k < actions.size(); k++) {
            opt.step();
            act(s, actions.get(k));
            check(name + " action " + k + " (" + actions.get(k) + ")", opt, s, c, k + 1);
        }
        Map<String, Object> sd = s.stateDict();
        assertEquals(strings(c.get("state_keys")), new ArrayList<>(sd.keySet()), name + ": state_dict keys");
        assertEquals(decode(c.get("state")), normal(sd), name + ": state_dict");
        Optimizer opt2 = optimizer(c);
        LRScheduler s2 = make(opt2, kind, c.get("args"));
        opt2.loadStateDict(opt.stateDict());
        @SuppressWarnings("unchecked")
        Map<String, Object> saved = (Map<String, Object>) decode(c.get("state"));
        s2.loadStateDict(saved);
        JsonNode cont = c.get("continue_actions");
        for (int k = 0; k < cont.size(); k++) {
            opt2.step();
            act(s2, cont.get(k));
            check(name + " loaded, action " + k + " (" + cont.get(k) + ")", opt2, s2, c.get("continued"), k);
        }
    }

    @TestFactory
    List<DynamicTest> schedulersMatchPyTorch() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : golden().get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> run(c)));
        }
        return tests;
    }

    void error(JsonNode c) {
        String name = c.get("name").asText();
        Optimizer opt = optimizer(c);
        Optimizer other = optimizer(c);
        List<Map<String, Object>> before = groups(opt);
        RuntimeException e = assertThrows(RuntimeException.class, () -> {
            LRScheduler s = make(opt, c.get("kind").asText(), c.get("args"), other);
            c.get("actions").forEach(a -> act(s, a));
        }, name);
        assertTrue(e instanceof IllegalArgumentException || e instanceof IllegalStateException, name + ": " + e);
        String expected = c.get("message").asText();
        assertTrue(e.getMessage().contains(expected), name + ": expected PyTorch's message '" + expected + "' in '"
                + e.getMessage() + "'");
        String kind = c.get("kind").asText();
        if (c.get("actions").size() == 0 && !kind.equals("SequentialLR") && !kind.equals("ChainedScheduler")) {
            assertEquals(before, groups(opt), name + ": the groups are unchanged");
        }
    }

    private static List<Map<String, Object>> groups(Optimizer opt) {
        List<Map<String, Object>> out = new ArrayList<>();
        opt.paramGroups().forEach(g -> out.add(new LinkedHashMap<>(g.options())));
        return out;
    }

    @TestFactory
    List<DynamicTest> errorsArePyTorchs() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : golden().get("errors")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> error(c)));
        }
        return tests;
    }

    @Test
    void aFailedLoadChangesNoScheduler() {
        SGD opt = SGD.builder(List.of(Tensor.zeros(2).to(DType.FLOAT64).to(device()).requiresGrad_(true)), 0.1).build();
        ConstantLR first = new ConstantLR(opt, 0.5, 3);
        ExponentialLR second = new ExponentialLR(opt, 0.9);
        SequentialLR seq = new SequentialLR(opt, List.of(first, second), new int[] {2});
        for (int k = 0; k < 4; k++) {
            seq.step();
        }
        Map<String, Object> good = seq.stateDict();
        Map<String, Object> before = normal(good);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> subs = new ArrayList<>((List<Map<String, Object>>) good.get("_schedulers"));
        Map<String, Object> badSecond = new LinkedHashMap<>(subs.get(1));
        badSecond.put("gamma", 0.5);   // another argument: refused
        Map<String, Object> firstMoved = new LinkedHashMap<>(subs.get(0));
        firstMoved.put("last_epoch", 40);
        subs.set(0, firstMoved);
        subs.set(1, badSecond);
        Map<String, Object> bad = new LinkedHashMap<>(good);
        bad.put("_schedulers", subs);
        bad.put("last_epoch", 99);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> seq.loadStateDict(bad));
        assertTrue(e.getMessage().contains("gamma"), e.getMessage());
        assertEquals(before, normal(seq.stateDict()), "nothing loaded");
        assertThrows(IllegalStateException.class, () -> seq.step(3), "SequentialLR.step takes no epoch");
    }

    @Test
    void cosineRestartsTakeFractionalEpochs() {
        SGD opt = SGD.builder(List.of(Tensor.zeros(2).to(DType.FLOAT64).to(device()).requiresGrad_(true)), 0.1).build();
        CosineAnnealingWarmRestarts s = new CosineAnnealingWarmRestarts(opt, 4);
        s.step(2.5);
        assertEquals(2, s.lastEpoch(), "last_epoch is the floor");
        assertEquals(2.5, ((Number) s.stateDict().get("T_cur")).doubleValue());
        assertThrows(IllegalArgumentException.class, () -> s.step(-0.5));
        assertThrows(IllegalArgumentException.class, () -> s.step(Double.NaN));
        assertEquals(2, s.lastEpoch(), "unchanged after a refused step");
    }

    @Test
    void cyclicScaleFnNeedsNoMode() {
        SGD opt = SGD.builder(List.of(Tensor.zeros(2).to(DType.FLOAT64).to(device()).requiresGrad_(true)), 0.1)
                .momentum(0.9).build();
        CyclicLR s = CyclicLR.builder(opt, 0.01, 0.1).mode(null).scaleFn(x -> 1.0).stepSizeUp(2).build();
        s.step();
        Map<String, Object> sd = s.stateDict();
        assertTrue(sd.containsKey("mode") && sd.get("mode") == null, "mode None, as given: " + sd);
        assertEquals("cycle", sd.get("scale_mode"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CyclicLR.builder(opt, 0.01, 0.1).mode(null).build());
        assertTrue(e.getMessage().contains("mode is invalid and scale_fn is None"), e.getMessage());
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(x -> out.add(x.asText()));
        return out;
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
            return t.startsWith("f:") ? Golden.number(new com.fasterxml.jackson.databind.node.TextNode(t.substring(2))) : t;
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
    @SuppressWarnings("unchecked")
    private static <T> T normal(Object o) {
        if (o instanceof Number x) {
            return (T) (Double) x.doubleValue();
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(normal(x)));
            return (T) out;
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), normal(v)));
            return (T) out;
        }
        return (T) o;
    }
}

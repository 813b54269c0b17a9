package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.io.Safetensors;
import org.grad4j.optim.ASGD;
import org.grad4j.optim.Adadelta;
import org.grad4j.optim.Adagrad;
import org.grad4j.optim.Adam;
import org.grad4j.optim.AdamW;
import org.grad4j.optim.LBFGS;
import org.grad4j.optim.Adamax;
import org.grad4j.optim.NAdam;
import org.grad4j.optim.Optimizer;
import org.grad4j.optim.ParamGroup;
import org.grad4j.optim.RAdam;
import org.grad4j.optim.RMSprop;
import org.grad4j.optim.Rprop;
import org.grad4j.optim.SGD;
import org.grad4j.optim.StateDict;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The second wave of optimizers against PyTorch 1.13 ({@code golden/optim2.json.gz}, made by
 * {@code tools/golden/optim2_golden.py}): Adamax, NAdam, RAdam, Adadelta, Rprop and ASGD with every option, and
 * more options of SGD, Adam, AdamW, Adagrad and RMSprop. Per trajectory (float64 and float32, one or two groups, a
 * 0-d parameter, a parameter without gradient at one step, a learning-rate change): after every step the
 * parameters and every state entry bit for bit, and the state dict's keys in PyTorch's order; at the end the
 * groups' options and {@code repr(optimizer)}. Each trajectory is also resumed half-way from PyTorch's state through
 * {@link Optimizer#loadStateDict}. LBFGS: three {@code step(closure)} calls per case on a Rosenbrock-like loss, with
 * and without the strong-Wolfe line search (parameters, loss, closure calls, func_evals and n_iter). Constructor
 * errors carry PyTorch's messages.
 */
public abstract class Optim2Conformance extends DeviceConformance {
    private static final String GOLDEN = "optim2.json.gz";

    static String describe(JsonNode t) {
        return t.get("dtype").asText() + " " + t.get("optimizer").asText() + " " + t.get("name").asText();
    }

    private static double d(Map<String, Object> o, String key, double dflt) {
        return o.containsKey(key) ? (Double) o.get(key) : dflt;
    }

    private static boolean b(Map<String, Object> o, String key) {
        return o.containsKey(key) && (Boolean) o.get(key);
    }

    @SuppressWarnings("unchecked")
    private static double pair(Map<String, Object> o, String key, int i, double dflt) {
        return o.containsKey(key) ? ((List<Double>) o.get(key)).get(i) : dflt;
    }

    /** Builds an optimizer through its public builder from PyTorch's keyword arguments (absent: its defaults). */
    static Optimizer make(String kind, List<Tensor> ps, Map<String, Object> o) {
        return switch (kind) {
            case "Adamax" -> Adamax.builder(ps).lr(d(o, "lr", 2e-3)).betas(pair(o, "betas", 0, 0.9),
                    pair(o, "betas", 1, 0.999)).eps(d(o, "eps", 1e-8)).weightDecay(d(o, "weight_decay", 0))
                    .maximize(b(o, "maximize")).build();
            case "NAdam" -> NAdam.builder(ps).lr(d(o, "lr", 2e-3)).betas(pair(o, "betas", 0, 0.9),
                    pair(o, "betas", 1, 0.999)).eps(d(o, "eps", 1e-8)).weightDecay(d(o, "weight_decay", 0))
                    .momentumDecay(d(o, "momentum_decay", 4e-3)).build();
            case "RAdam" -> RAdam.builder(ps).lr(d(o, "lr", 1e-3)).betas(pair(o, "betas", 0, 0.9),
                    pair(o, "betas", 1, 0.999)).eps(d(o, "eps", 1e-8)).weightDecay(d(o, "weight_decay", 0)).build();
            case "Adadelta" -> Adadelta.builder(ps).lr(d(o, "lr", 1.0)).rho(d(o, "rho", 0.9)).eps(d(o, "eps", 1e-6))
                    .weightDecay(d(o, "weight_decay", 0)).maximize(b(o, "maximize")).build();
            case "Rprop" -> Rprop.builder(ps).lr(d(o, "lr", 1e-2)).etas(pair(o, "etas", 0, 0.5), pair(o, "etas", 1, 1.2))
                    .stepSizes(pair(o, "step_sizes", 0, 1e-6), pair(o, "step_sizes", 1, 50)).maximize(b(o, "maximize"))
                    .build();
            case "ASGD" -> ASGD.builder(ps).lr(d(o, "lr", 1e-2)).lambd(d(o, "lambd", 1e-4)).alpha(d(o, "alpha", 0.75))
                    .t0(d(o, "t0", 1e6)).weightDecay(d(o, "weight_decay", 0)).maximize(b(o, "maximize")).build();
            case "SGD" -> SGD.builder(ps, d(o, "lr", Double.NaN)).momentum(d(o, "momentum", 0))
                    .dampening(d(o, "dampening", 0)).weightDecay(d(o, "weight_decay", 0)).nesterov(b(o, "nesterov"))
                    .maximize(b(o, "maximize")).build();
            case "Adam" -> Adam.builder(ps).lr(d(o, "lr", 1e-3)).betas(pair(o, "betas", 0, 0.9), pair(o, "betas", 1, 0.999))
                    .eps(d(o, "eps", 1e-8)).weightDecay(d(o, "weight_decay", 0)).amsgrad(b(o, "amsgrad"))
                    .maximize(b(o, "maximize")).build();
            case "AdamW" -> AdamW.builder(ps).lr(d(o, "lr", 1e-3)).betas(pair(o, "betas", 0, 0.9),
                    pair(o, "betas", 1, 0.999)).eps(d(o, "eps", 1e-8)).weightDecay(d(o, "weight_decay", 1e-2))
                    .amsgrad(b(o, "amsgrad")).maximize(b(o, "maximize")).build();
            case "RMSprop" -> RMSprop.builder(ps).lr(d(o, "lr", 1e-2)).alpha(d(o, "alpha", 0.99)).eps(d(o, "eps", 1e-8))
                    .weightDecay(d(o, "weight_decay", 0)).momentum(d(o, "momentum", 0)).centered(b(o, "centered"))
                    .maximize(b(o, "maximize")).build();
            case "Adagrad" -> Adagrad.builder(ps).lr(d(o, "lr", 1e-2)).lrDecay(d(o, "lr_decay", 0))
                    .weightDecay(d(o, "weight_decay", 0)).initialAccumulatorValue(d(o, "initial_accumulator_value", 0))
                    .eps(d(o, "eps", 1e-10)).maximize(b(o, "maximize")).build();
            default -> throw new AssertionError(kind);
        };
    }

    private List<Tensor> params(JsonNode t, DType dtype) {
        List<Tensor> ps = new ArrayList<>();
        for (int i = 0; i < t.get("shapes").size(); i++) {
            ps.add(Tensor.of(Golden.numbers(t.get("init").get(i)), dtype, device(), Golden.ints(t.get("shapes").get(i)))
                    .requiresGrad_(true));
        }
        return ps;
    }

    private static List<Tensor> pick(List<Tensor> ps, JsonNode indices) {
        List<Tensor> out = new ArrayList<>();
        indices.forEach(i -> out.add(ps.get(i.asInt())));
        return out;
    }

    private Optimizer optimizer(JsonNode t, List<Tensor> ps) {
        JsonNode groups = t.get("groups");
        Optimizer opt = make(t.get("optimizer").asText(), pick(ps, groups.get(0)),
                GoldenOptimConformance.options(t.get("options")));
        if (groups.size() == 2) {
            opt.addParamGroup(pick(ps, groups.get(1)), GoldenOptimConformance.options(t.get("second")));
        }
        return opt;
    }

    /** The position of parameter {@code i} in the optimizer's parameter list (the state dict's key). */
    private static int position(JsonNode t, int i) {
        int k = 0;
        for (JsonNode g : t.get("groups")) {
            for (JsonNode j : g) {
                if (j.asInt() == i) {
                    return k;
                }
                k++;
            }
        }
        throw new AssertionError("parameter " + i + " is in no group");
    }

    private void runStep(JsonNode t, DType dtype, Optimizer opt, List<Tensor> ps, int s) {
        JsonNode step = t.get("steps").get(s);
        if (s == 3) {
            ParamGroup g = opt.paramGroups().get(0);
            g.setLr(g.lr() * 0.5);
        }
        for (int i = 0; i < ps.size(); i++) {
            JsonNode g = step.get("grads").get(i);
            if (g.isNull()) {
                ps.get(i).clearGrad();
            } else {
                ps.get(i).setGrad(Tensor.of(Golden.numbers(g), dtype, device(), ps.get(i).shape()));
            }
        }
        opt.step();
    }

    private static void compare(String at, JsonNode t, JsonNode step, Optimizer opt, List<Tensor> ps) {
        StateDict sd = opt.stateDict();
        for (int i = 0; i < ps.size(); i++) {
            assertClose(at + ": param " + i, Golden.numbers(step.get("params").get(i)), ps.get(i).toDoubleArray(), 0, true);
            JsonNode st = step.get("state").get(i);
            Map<String, Tensor> mine = sd.state().get(position(t, i));
            List<String> keys = new ArrayList<>();
            step.get("state_keys").get(i).forEach(k -> keys.add(k.asText()));
            assertEquals(keys, mine == null ? List.of() : new ArrayList<>(mine.keySet()), at + ": state keys of param " + i);
            for (String k : keys) {
                Tensor v = mine.get(k);
                assertNotNull(v, at + ": no " + k + " for param " + i);
                JsonNode want = st.get(k);
                if (want.isArray()) {
                    assertEquals(ps.get(i).dtype(), v.dtype(), at + ": dtype of " + k + " of param " + i);
                    assertClose(at + ": param " + i + " " + k, Golden.numbers(want), v.toDoubleArray(), 0, true);
                } else {
                    assertEquals(DType.FLOAT32, v.dtype(), at + ": " + k + " of param " + i + " is a float32 number");
                    assertEquals(Golden.number(want), v.item(), at + ": param " + i + " " + k);
                }
            }
        }
        for (int g = 0; g < opt.paramGroups().size(); g++) {
            assertEquals(Golden.number(step.get("lrs").get(g)), opt.paramGroups().get(g).lr(), at + ": lr of group " + g);
        }
    }

    void trajectory(JsonNode t) {
        DType dtype = Golden.dtype(t.get("dtype"));
        List<Tensor> ps = params(t, dtype);
        Optimizer opt = optimizer(t, ps);
        for (int s = 0; s < t.get("steps").size(); s++) {
            runStep(t, dtype, opt, ps, s);
            compare(describe(t) + " step " + s, t, t.get("steps").get(s), opt, ps);
        }
        JsonNode pg = t.get("param_groups");
        StateDict sd = opt.stateDict();
        for (int g = 0; g < pg.size(); g++) {
            Map<String, Object> want = GoldenOptimConformance.options(pg.get(g));
            assertEquals(want, opt.paramGroups().get(g).options(), describe(t) + ": options of group " + g);
            List<String> keys = new ArrayList<>();
            t.get("group_keys").get(g).forEach(k -> keys.add(k.asText()));
            List<String> mine = new ArrayList<>(sd.paramGroups().get(g).keySet());
            mine.remove("params");
            if (g > 0) {   // PyTorch's add_param_group lists the given options first; grad4j keeps one order
                keys.sort(null);
                mine.sort(null);
            }
            assertEquals(keys, mine, describe(t) + ": state dict keys of group " + g);
        }
        assertEquals(t.get("repr").asText(), opt.toString(), describe(t) + ": repr");
    }

    /** Resumes from PyTorch's parameters and state after step index 3 (as PyTorch's state dict gives them). */
    void resume(JsonNode t) {
        DType dtype = Golden.dtype(t.get("dtype"));
        List<Tensor> ps = params(t, dtype);
        Optimizer opt = optimizer(t, ps);
        int from = 3;
        JsonNode at = t.get("steps").get(from);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            for (int i = 0; i < ps.size(); i++) {
                ps.get(i).copy_(Tensor.of(Golden.numbers(at.get("params").get(i)), dtype, device(), ps.get(i).shape()));
            }
        }
        Map<Integer, Map<String, Tensor>> state = new HashMap<>();
        for (int i = 0; i < ps.size(); i++) {
            JsonNode st = at.get("state").get(i);
            Map<String, Tensor> m = new LinkedHashMap<>();
            for (JsonNode k : at.get("state_keys").get(i)) {
                JsonNode v = st.get(k.asText());
                // as PyTorch's state_dict gives them: on the CPU, buffers in float64 (the load casts), numbers 0-d
                m.put(k.asText(), v.isArray() ? Tensor.of(Golden.numbers(v), DType.FLOAT64, Device.CPU, ps.get(i).shape())
                        : Tensor.of(new double[] {Golden.number(v)}, DType.FLOAT32, Device.CPU, new int[0]));
            }
            if (!m.isEmpty()) {
                state.put(position(t, i), m);
            }
        }
        List<Map<String, Object>> groups = opt.stateDict().paramGroups();
        List<Map<String, Object>> lrs = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            Map<String, Object> m = new LinkedHashMap<>(groups.get(g));
            m.put("lr", Golden.number(at.get("lrs").get(g)));
            lrs.add(m);
        }
        opt.loadStateDict(new StateDict(state, lrs));
        for (int s = from + 1; s < t.get("steps").size(); s++) {
            runStep(t, dtype, opt, ps, s);
            compare(describe(t) + " resumed, step " + s, t, t.get("steps").get(s), opt, ps);
        }
    }

    @TestFactory
    List<DynamicTest> trajectoriesMatchPyTorch() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode t : Golden.load(GOLDEN).get("optimizers")) {
            tests.add(DynamicTest.dynamicTest(describe(t), () -> trajectory(t)));
            tests.add(DynamicTest.dynamicTest(describe(t) + " resumed from PyTorch's state", () -> resume(t)));
        }
        return tests;
    }

    /**
     * A trajectory's state after its last step through a safetensors file ({@code Safetensors.save/load}) into a fresh
     * optimizer: the same state dict, one-number state (NAdam's mu_product, ASGD's eta and mu) included.
     */
    void safetensorsRoundTrip(JsonNode t) throws IOException {
        DType dtype = Golden.dtype(t.get("dtype"));
        List<Tensor> ps = params(t, dtype);
        Optimizer opt = optimizer(t, ps);
        for (int s = 0; s < t.get("steps").size(); s++) {
            runStep(t, dtype, opt, ps, s);
        }
        Path file = Files.createTempFile("optim2", ".safetensors");
        try {
            Safetensors.save(file, opt);
            Optimizer fresh = optimizer(t, ps);
            Safetensors.load(file, fresh);
            assertSameState(describe(t), opt.stateDict(), fresh.stateDict());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void assertSameState(String what, StateDict want, StateDict got) {
        assertEquals(want.paramGroups(), got.paramGroups(), what + ": param groups");
        assertEquals(want.state().keySet(), got.state().keySet(), what + ": parameters with state");
        for (Map.Entry<Integer, Map<String, Tensor>> e : want.state().entrySet()) {
            Map<String, Tensor> g = got.state().get(e.getKey());
            assertEquals(new ArrayList<>(e.getValue().keySet()), new ArrayList<>(g.keySet()), what + ": state keys");
            for (Map.Entry<String, Tensor> f : e.getValue().entrySet()) {
                assertClose(what + ": state " + e.getKey() + "." + f.getKey(), f.getValue().toDoubleArray(),
                        g.get(f.getKey()).toDoubleArray(), 0, true);
            }
        }
    }

    @TestFactory
    List<DynamicTest> safetensorsRoundTrips() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode t : Golden.load(GOLDEN).get("optimizers")) {
            if (t.get("dtype").asText().equals("float32") && t.get("name").asText().equals("groups")) {
                tests.add(DynamicTest.dynamicTest(describe(t), () -> safetensorsRoundTrip(t)));
            }
        }
        return tests;
    }

    @Test
    void lbfgsSafetensorsRoundTrip() throws IOException {
        JsonNode t = Golden.load(GOLDEN).get("lbfgs").get(4);   // float64 strong_wolfe
        List<Tensor> ps = params(t, DType.FLOAT64);
        LBFGS opt = lbfgs(ps, t.get("options"));
        opt.step(closure(opt, ps, new int[1]));
        Path file = Files.createTempFile("optim2", ".safetensors");
        try {
            Safetensors.save(file, opt);
            LBFGS fresh = lbfgs(ps, t.get("options"));
            Safetensors.load(file, fresh);
            assertSameState("LBFGS", opt.stateDict(), fresh.stateDict());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @TestFactory
    List<DynamicTest> constructorErrorsAreTorchs() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode e : Golden.load(GOLDEN).get("errors")) {
            String kind = e.get("optimizer").asText();
            Map<String, Object> o = GoldenOptimConformance.options(e.get("options"));
            String message = e.get("message").asText();
            tests.add(DynamicTest.dynamicTest(kind + " " + o + ": " + message, () -> {
                assertEquals("ValueError", e.get("kind").asText());
                Tensor p = Tensor.zeros(3).to(DType.FLOAT64).to(device()).requiresGrad_(true);
                List<Tensor> ps = e.get("empty").asBoolean() ? List.of() : List.of(p);
                IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> make(kind, ps, o));
                assertTrue(x.getMessage().startsWith(kind + ": ") && x.getMessage().contains(message),
                        "expected PyTorch's '" + message + "', got: " + x.getMessage());
            }));
        }
        return tests;
    }

    /** Every built-in optimizer extends Optimizer directly: a list of two kinds is a {@code List<Optimizer>}. */
    @Test
    void listOfOptimizersInfersOptimizer() {
        Tensor a = Tensor.zeros(2).to(device()).requiresGrad_(true);
        Tensor b = Tensor.zeros(2).to(device()).requiresGrad_(true);
        var mixed = List.of(new SGD(List.of(a), 0.1), new Adam(List.of(b)));
        List<Optimizer> typed = mixed;   // compiles only if the inferred element type is Optimizer
        var adams = List.of(new Adam(List.of(a)), new AdamW(List.of(b)));
        List<Optimizer> typedAdams = adams;
        assertEquals(List.of("SGD", "Adam", "Adam", "AdamW"), List.of(typed.get(0), typed.get(1), typedAdams.get(0),
                typedAdams.get(1)).stream().map(o -> o.getClass().getSimpleName()).toList());
        for (Class<?> c : List.of(SGD.class, Adam.class, AdamW.class, Adagrad.class, RMSprop.class, Adamax.class,
                NAdam.class, RAdam.class, Adadelta.class, Rprop.class, ASGD.class, LBFGS.class)) {
            assertSame(Optimizer.class, c.getSuperclass(), c.getSimpleName() + "'s superclass");
        }
    }

    // ------------------------------------------------------------------ LBFGS

    static LBFGS lbfgs(List<Tensor> ps, JsonNode o) {
        LBFGS.Builder b = LBFGS.builder(ps);
        if (o.has("lr")) {
            b.lr(o.get("lr").asDouble());
        }
        if (o.has("max_iter")) {
            b.maxIter(o.get("max_iter").asInt());
        }
        if (o.has("max_eval")) {
            b.maxEval(o.get("max_eval").asInt());
        }
        if (o.has("tolerance_grad")) {
            b.toleranceGrad(o.get("tolerance_grad").asDouble());
        }
        if (o.has("tolerance_change")) {
            b.toleranceChange(o.get("tolerance_change").asDouble());
        }
        if (o.has("history_size")) {
            b.historySize(o.get("history_size").asInt());
        }
        if (o.has("line_search_fn")) {
            b.lineSearchFn(o.get("line_search_fn").isNull() ? null : o.get("line_search_fn").asText());
        }
        return b.build();
    }

    /** The golden script's loss: elementwise ops and sums only. */
    private static Tensor lbfgsLoss(Tensor x, Tensor y) {
        Tensor a = x.sub(1.0);
        Tensor u = y.sub(x.view(2, 3).mul(x.view(2, 3)));
        return a.mul(a).sum().add(u.mul(u).sum().mul(5.0));
    }

    private static Supplier<Tensor> closure(LBFGS opt, List<Tensor> ps, int[] calls) {
        return () -> {
            calls[0]++;
            opt.zeroGrad();
            Tensor loss = lbfgsLoss(ps.get(0), ps.get(1));
            loss.backward();
            return loss;
        };
    }

    /**
     * The three steps of a golden case; with {@code resume}, the first step runs on another optimizer whose state
     * dict is then loaded into the one that runs the other two (PyTorch's keys, the history stacked).
     */
    void lbfgsSteps(JsonNode t, boolean resume) {
        String what = t.get("dtype").asText() + " LBFGS " + t.get("name").asText() + (resume ? " resumed" : "");
        DType dtype = Golden.dtype(t.get("dtype"));
        List<Tensor> ps = params(t, dtype);
        LBFGS opt = lbfgs(ps, t.get("options"));
        int[] calls = {0};
        Supplier<Tensor> closure = closure(opt, ps, calls);
        int from = 0;
        if (resume) {
            LBFGS first = lbfgs(ps, t.get("options"));
            first.step(closure(first, ps, new int[1]));
            StateDict sd = first.stateDict();
            assertEquals(List.of("func_evals", "n_iter", "d", "t", "old_dirs", "old_stps", "ro", "H_diag", "prev_flat_grad",
                    "prev_loss"), new ArrayList<>(sd.state().get(0).keySet()), what + ": state keys");
            opt.loadStateDict(sd);
            from = 1;
        }
        for (int s = from; s < t.get("steps").size(); s++) {
            JsonNode want = t.get("steps").get(s);
            String at = what + " step " + s;
            calls[0] = 0;
            Tensor loss = opt.step(closure);
            assertEquals(Golden.number(want.get("loss")), loss.item(), at + ": loss");
            assertEquals(want.get("calls").asInt(), calls[0], at + ": closure calls");
            for (int i = 0; i < ps.size(); i++) {
                assertClose(at + ": param " + i, Golden.numbers(want.get("params").get(i)), ps.get(i).toDoubleArray(), 0,
                        true);
            }
            Map<String, Tensor> st = opt.stateDict().state().get(0);
            assertEquals(want.get("func_evals").asDouble(), st.get("func_evals").item(), at + ": func_evals");
            assertEquals(want.get("n_iter").asDouble(), st.get("n_iter").item(), at + ": n_iter");
        }
        Map<String, Object> options = new LinkedHashMap<>();
        t.get("param_groups").get(0).fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().isNull() ? null
                : e.getValue().isTextual() ? e.getValue().asText() : e.getValue().asDouble()));
        assertEquals(options, opt.paramGroups().get(0).options(), what + ": options");
        assertEquals(t.get("repr").asText(), opt.toString(), what + ": repr");
    }

    @TestFactory
    List<DynamicTest> lbfgsMatchesPyTorch() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode t : Golden.load(GOLDEN).get("lbfgs")) {
            String name = t.get("dtype").asText() + " " + t.get("name").asText();
            tests.add(DynamicTest.dynamicTest(name, () -> lbfgsSteps(t, false)));
            tests.add(DynamicTest.dynamicTest(name + " resumed from its state dict", () -> lbfgsSteps(t, true)));
        }
        return tests;
    }

    @Test
    void lbfgsErrorsAreTorchs() {
        Map<String, String> messages = new HashMap<>();
        Golden.load(GOLDEN).get("lbfgs_errors").forEach(e -> messages.put(e.get("case").asText(), e.get("message").asText()));
        Tensor p = Tensor.zeros(3).to(DType.FLOAT64).to(device()).requiresGrad_(true);
        Tensor q = Tensor.zeros(2).to(DType.FLOAT64).to(device()).requiresGrad_(true);
        LBFGS opt = new LBFGS(List.of(p));
        IllegalArgumentException groups = assertThrows(IllegalArgumentException.class, () -> opt.addParamGroup(List.of(q)));
        assertTrue(groups.getMessage().contains(messages.get("groups")), groups.getMessage());
        assertEquals(1, opt.paramGroups().size());
        // PyTorch refuses another line search in step(); grad4j at once, with the same message
        IllegalArgumentException ls = assertThrows(IllegalArgumentException.class,
                () -> LBFGS.builder(List.of(p)).lineSearchFn("backtracking").build());
        assertTrue(ls.getMessage().contains(messages.get("line_search_fn")), ls.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> new LBFGS(List.of()));
        assertTrue(empty.getMessage().contains(messages.get("empty")), empty.getMessage());
        assertThrows(IllegalStateException.class, opt::step);
        assertThrows(IllegalArgumentException.class, () -> opt.step(null));
        Tensor f32 = Tensor.zeros(2).to(device()).requiresGrad_(true);
        assertThrows(IllegalArgumentException.class, () -> new LBFGS(List.of(p, f32)));
    }

    /** Every optimizer has PyTorch's {@code step(closure)}: the closure once (grad mode on), then the update. */
    @Test
    void stepWithClosureEvaluatesOnceThenSteps() {
        Tensor p = Tensor.of(new double[] {1, -2}, DType.FLOAT64, device(), 2).requiresGrad_(true);
        Tensor q = Tensor.of(new double[] {1, -2}, DType.FLOAT64, device(), 2).requiresGrad_(true);
        Adamax withClosure = new Adamax(List.of(p));
        Adamax plain = new Adamax(List.of(q));
        int[] calls = {0};
        Tensor loss;
        try (GradMode.Scope ignored = GradMode.noGrad()) {   // the closure runs with grad mode on all the same
            loss = withClosure.step(() -> {
                calls[0]++;
                withClosure.zeroGrad();
                Tensor l = p.mul(p).sum();
                l.backward();
                return l;
            });
        }
        q.mul(q).sum().backward();
        plain.step();
        assertEquals(1, calls[0]);
        assertEquals(5.0, loss.item());
        assertClose("step(closure)", q.toDoubleArray(), p.toDoubleArray(), 0, true);
        assertEquals(null, plain.step(null));
    }

    /** After one iteration the history is empty: PyTorch's empty lists are 0-row tensors, and load back. */
    @Test
    void lbfgsStateDictWithEmptyHistory() {
        Tensor p = Tensor.of(new double[] {1, -2, 3}, DType.FLOAT64, device(), 3).requiresGrad_(true);
        LBFGS opt = LBFGS.builder(List.of(p)).maxIter(1).build();
        Supplier<Tensor> closure = () -> {
            opt.zeroGrad();
            Tensor loss = p.mul(p).sum();
            loss.backward();
            return loss;
        };
        opt.step(closure);
        StateDict sd = opt.stateDict();
        assertEquals(List.of(0, 3), java.util.Arrays.stream(sd.state().get(0).get("old_dirs").shape()).boxed().toList());
        assertEquals(0, sd.state().get(0).get("ro").numel());
        LBFGS again = LBFGS.builder(List.of(p)).maxIter(1).build();
        again.loadStateDict(sd);
        assertEquals(1.0, again.stateDict().state().get(0).get("n_iter").item());
    }
}

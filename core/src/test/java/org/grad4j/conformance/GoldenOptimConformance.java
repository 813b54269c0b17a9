package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.optim.Adagrad;
import org.grad4j.optim.Adam;
import org.grad4j.optim.AdamW;
import org.grad4j.optim.Optimizer;
import org.grad4j.optim.ParamGroup;
import org.grad4j.optim.RMSprop;
import org.grad4j.optim.SGD;
import org.grad4j.optim.StateDict;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Optimizer trajectories against PyTorch 1.13 ({@code golden/torch_optim.json}, made by
 * {@code tools/golden/optim_golden.py}): SGD, Adam, AdamW, RMSprop and Adagrad, every option, one or two
 * parameter groups, a learning-rate change through {@link ParamGroup#setLr}, a parameter without a
 * gradient at one step; after every step both parameters and every state tensor. Bit-exact in float64
 * and in float32.
 *
 * <p>A second test resumes each trajectory half-way from PyTorch's own state (loaded with
 * {@link Optimizer#loadStateDict}) and must reach the same bits.
 */
public abstract class GoldenOptimConformance extends DeviceConformance {
    private static final String[] STATE_KEYS = {"momentum_buffer", "exp_avg", "exp_avg_sq", "max_exp_avg_sq",
        "square_avg", "grad_avg", "sum"};

    static String describe(JsonNode t) {
        return t.get("dtype").asText() + " " + t.get("optimizer").asText() + " " + t.get("name").asText();
    }

    static Map<String, Object> options(JsonNode o) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (o == null || o.isNull()) {
            return m;
        }
        o.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isBoolean()) {
                m.put(e.getKey(), v.asBoolean());
            } else if (v.isArray()) {
                List<Double> l = new ArrayList<>();
                v.forEach(x -> l.add(x.asDouble()));
                m.put(e.getKey(), l);
            } else {
                m.put(e.getKey(), v.asDouble());
            }
        });
        return m;
    }

    private static double d(Map<String, Object> o, String key, double dflt) {
        return o.containsKey(key) ? (Double) o.get(key) : dflt;
    }

    private static boolean b(Map<String, Object> o, String key) {
        return o.containsKey(key) && (Boolean) o.get(key);
    }

    /** Builds the optimizer through its public builder (group 0) and addParamGroup (group 1). */
    static Optimizer make(String kind, List<Tensor> first, Map<String, Object> o) {
        List<Double> betas = o.containsKey("betas") ? castList(o.get("betas")) : List.of(0.9, 0.999);
        return switch (kind) {
            case "SGD" -> SGD.builder(first, d(o, "lr", Double.NaN)).momentum(d(o, "momentum", 0))
                    .dampening(d(o, "dampening", 0)).weightDecay(d(o, "weight_decay", 0)).nesterov(b(o, "nesterov"))
                    .maximize(b(o, "maximize")).build();
            case "Adam" -> Adam.builder(first).lr(d(o, "lr", 1e-3)).betas(betas.get(0), betas.get(1))
                    .eps(d(o, "eps", 1e-8)).weightDecay(d(o, "weight_decay", 0)).amsgrad(b(o, "amsgrad"))
                    .maximize(b(o, "maximize")).build();
            case "AdamW" -> AdamW.builder(first).lr(d(o, "lr", 1e-3)).betas(betas.get(0), betas.get(1))
                    .eps(d(o, "eps", 1e-8)).weightDecay(d(o, "weight_decay", 1e-2)).amsgrad(b(o, "amsgrad"))
                    .maximize(b(o, "maximize")).build();
            case "RMSprop" -> RMSprop.builder(first).lr(d(o, "lr", 1e-2)).alpha(d(o, "alpha", 0.99))
                    .eps(d(o, "eps", 1e-8)).weightDecay(d(o, "weight_decay", 0)).momentum(d(o, "momentum", 0))
                    .centered(b(o, "centered")).maximize(b(o, "maximize")).build();
            case "Adagrad" -> Adagrad.builder(first).lr(d(o, "lr", 1e-2)).lrDecay(d(o, "lr_decay", 0))
                    .weightDecay(d(o, "weight_decay", 0)).initialAccumulatorValue(d(o, "initial_accumulator_value", 0))
                    .eps(d(o, "eps", 1e-10)).maximize(b(o, "maximize")).build();
            default -> throw new AssertionError(kind);
        };
    }

    @SuppressWarnings("unchecked")
    private static List<Double> castList(Object o) {
        return (List<Double>) o;
    }

    private List<Tensor> params(JsonNode t, DType dtype) {
        List<Tensor> ps = new ArrayList<>();
        for (int i = 0; i < t.get("shapes").size(); i++) {
            ps.add(Tensor.of(Golden.numbers(t.get("init").get(i)), dtype, device(), Golden.ints(t.get("shapes").get(i)))
                    .requiresGrad_(true));
        }
        return ps;
    }

    private Optimizer optimizer(JsonNode t, List<Tensor> ps) {
        boolean twoGroups = t.get("groups").size() == 2;
        Optimizer opt = make(t.get("optimizer").asText(), twoGroups ? List.of(ps.get(0)) : ps, options(t.get("options")));
        if (twoGroups) {
            opt.addParamGroup(List.of(ps.get(1)), options(t.get("second")));
        }
        return opt;
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

    private void compare(String at, JsonNode step, Optimizer opt, List<Tensor> ps) {
        StateDict sd = opt.stateDict();
        for (int i = 0; i < ps.size(); i++) {
            assertClose(at + ": param " + i, Golden.numbers(step.get("params").get(i)), ps.get(i).toDoubleArray(), 0, true);
            JsonNode st = step.get("state").get(i);
            Map<String, Tensor> mine = sd.state().get(i);
            for (String k : STATE_KEYS) {
                if (st.has(k)) {
                    assertNotNull(mine, at + ": no state for param " + i);
                    assertNotNull(mine.get(k), at + ": no " + k + " for param " + i);
                    assertClose(at + ": param " + i + " " + k, Golden.numbers(st.get(k)), mine.get(k).toDoubleArray(), 0, true);
                }
            }
            if (st.has("step")) {
                assertEquals(st.get("step").asDouble(), mine.get("step").item(), at + ": param " + i + " step");
            }
            int size = (int) st.size();
            assertEquals(size, mine == null ? 0 : mine.size(), at + ": param " + i + " state keys " + (mine == null ? "{}" : mine.keySet()));
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
            compare(describe(t) + " step " + s, t.get("steps").get(s), opt, ps);
        }
        JsonNode pg = t.get("param_groups");
        for (int g = 0; g < pg.size(); g++) {
            Map<String, Object> want = options(pg.get(g));
            assertEquals(want, opt.paramGroups().get(g).options(), describe(t) + ": options of group " + g);
        }
    }

    /** Resumes from PyTorch's parameters and state after step 2 (index 2), then steps 3.. must match. */
    void resume(JsonNode t) {
        DType dtype = Golden.dtype(t.get("dtype"));
        List<Tensor> ps = params(t, dtype);
        Optimizer opt = optimizer(t, ps);
        JsonNode at2 = t.get("steps").get(2);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            for (int i = 0; i < ps.size(); i++) {
                ps.get(i).copy_(Tensor.of(Golden.numbers(at2.get("params").get(i)), dtype, device(), ps.get(i).shape()));
            }
        }
        Map<Integer, Map<String, Tensor>> state = new HashMap<>();
        for (int i = 0; i < ps.size(); i++) {
            JsonNode st = at2.get("state").get(i);
            Map<String, Tensor> m = new LinkedHashMap<>();
            for (String k : STATE_KEYS) {
                if (st.has(k)) {
                    // As PyTorch's state_dict would give them: on the CPU, in float64 (the load casts).
                    m.put(k, Tensor.of(Golden.numbers(st.get(k)), DType.FLOAT64, Device.CPU, ps.get(i).shape()));
                }
            }
            if (st.has("step")) {
                m.put("step", Tensor.of(new double[] {st.get("step").asDouble()}, DType.FLOAT32, Device.CPU));
            }
            if (!m.isEmpty()) {
                state.put(i, m);
            }
        }
        opt.loadStateDict(new StateDict(state, opt.stateDict().paramGroups()));
        for (int s = 3; s < t.get("steps").size(); s++) {
            runStep(t, dtype, opt, ps, s);
            compare(describe(t) + " resumed, step " + s, t.get("steps").get(s), opt, ps);
        }
    }

    @TestFactory
    List<DynamicTest> optimizerTrajectoriesMatchPyTorch() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode t : Golden.load("torch_optim.json").get("optimizers")) {
            tests.add(DynamicTest.dynamicTest(describe(t), () -> trajectory(t)));
            tests.add(DynamicTest.dynamicTest(describe(t) + " resumed from PyTorch's state", () -> resume(t)));
        }
        return tests;
    }
}

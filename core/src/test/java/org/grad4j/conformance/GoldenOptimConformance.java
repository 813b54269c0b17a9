package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import org.grad4j.io.Safetensors;
import org.grad4j.nn.Utils;
import org.grad4j.optim.Adagrad;
import org.grad4j.optim.Adam;
import org.grad4j.optim.AdamW;
import org.grad4j.optim.Optimizer;
import org.grad4j.optim.ParamGroup;
import org.grad4j.optim.RMSprop;
import org.grad4j.optim.SGD;
import org.grad4j.optim.StateDict;
import org.grad4j.optim.lrscheduler.CosineAnnealingLR;
import org.grad4j.optim.lrscheduler.ExponentialLR;
import org.grad4j.optim.lrscheduler.LambdaLR;
import org.grad4j.optim.lrscheduler.LinearLR;
import org.grad4j.optim.lrscheduler.MultiStepLR;
import org.grad4j.optim.lrscheduler.OneCycleLR;
import org.grad4j.optim.lrscheduler.ReduceLROnPlateau;
import org.grad4j.optim.lrscheduler.StepLR;
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
 * {@link Optimizer#loadStateDict}) and must reach the same bits; five resume from safetensors files that
 * PyTorch wrote in grad4j's optimizer layout ({@link Safetensors#load(Path, Optimizer)}).
 *
 * <p>Also: learning-rate schedulers step by step and gradient clipping (float64 bit-exact, float32 within
 * 2 ulps: only p = 3 differs, by 1 ulp).
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

    /**
     * Loads PyTorch's own state after step index 2, written by the golden script as a safetensors file in
     * grad4j's layout (its {@code param_groups} JSON as {@code json.dumps} writes it), into an optimizer
     * built with default options: the options come from the file; steps 3.. must match PyTorch's bits.
     */
    void resumeFromTorchFile(JsonNode t) throws IOException {
        DType dtype = Golden.dtype(t.get("dtype"));
        List<Tensor> ps = params(t, dtype);
        String kind = t.get("optimizer").asText();
        Map<String, Object> defaults = new LinkedHashMap<>();
        if (kind.equals("SGD")) {
            defaults.put("lr", 1.0);
            defaults.put("momentum", 0.5);   // replaced by the file's options
        }
        boolean twoGroups = t.get("groups").size() == 2;
        Optimizer opt = make(kind, twoGroups ? List.of(ps.get(0)) : ps, defaults);
        if (twoGroups) {
            opt.addParamGroup(List.of(ps.get(1)));
        }
        JsonNode at2 = t.get("steps").get(2);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            for (int i = 0; i < ps.size(); i++) {
                ps.get(i).copy_(Tensor.of(Golden.numbers(at2.get("params").get(i)), dtype, device(), ps.get(i).shape()));
            }
        }
        Path file = Files.createTempFile("torch_optim", ".safetensors");
        try (InputStream in = GoldenOptimConformance.class.getResourceAsStream("/golden/" + t.get("torch_file").asText())) {
            assertNotNull(in, "missing golden/" + t.get("torch_file").asText());
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            Safetensors.load(file, opt);
        } finally {
            Files.deleteIfExists(file);
        }
        for (int s = 3; s < t.get("steps").size(); s++) {
            runStep(t, dtype, opt, ps, s);
            compare(describe(t) + " resumed from PyTorch's file, step " + s, t.get("steps").get(s), opt, ps);
        }
        JsonNode pg = t.get("param_groups");
        for (int g = 0; g < pg.size(); g++) {
            assertEquals(options(pg.get(g)), opt.paramGroups().get(g).options(), describe(t) + ": options of group " + g);
        }
    }

    @TestFactory
    List<DynamicTest> optimizerTrajectoriesMatchPyTorch() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode t : Golden.load("torch_optim.json").get("optimizers")) {
            tests.add(DynamicTest.dynamicTest(describe(t), () -> trajectory(t)));
            tests.add(DynamicTest.dynamicTest(describe(t) + " resumed from PyTorch's state", () -> resume(t)));
            if (t.has("torch_file")) {
                tests.add(DynamicTest.dynamicTest(describe(t) + " resumed from PyTorch's safetensors file",
                        () -> resumeFromTorchFile(t)));
            }
        }
        return tests;
    }

    // ------------------------------------------------------------------ schedulers

    /** Steps the scheduler; returns nothing, records into the lists. */
    private interface Stepper {
        void step(int i);
    }

    void schedule(JsonNode t) {
        String name = t.get("name").asText();
        JsonNode a = t.get("args");
        List<Tensor> ps = new ArrayList<>();
        double[] lrs = Golden.numbers(t.get("base_lrs"));
        for (int i = 0; i < lrs.length; i++) {
            ps.add(Tensor.zeros(2).to(DType.FLOAT64).to(device()).requiresGrad_(true));
        }
        Map<String, Object> oo = options(t.get("optimizer_options"));
        oo.put("lr", lrs[0]);
        Optimizer opt = make(t.get("optimizer").asText(), List.of(ps.get(0)), oo);
        for (int i = 1; i < lrs.length; i++) {
            opt.addParamGroup(List.of(ps.get(i)), Map.of("lr", lrs[i]));
        }
        String kind = name.replaceAll("_.*", "");
        Stepper stepper;
        switch (kind) {
            case "StepLR" -> {
                StepLR sc = a.has("gamma") ? new StepLR(opt, a.get("step_size").asInt(), a.get("gamma").asDouble())
                        : new StepLR(opt, a.get("step_size").asInt());
                stepper = i -> sc.step();
            }
            case "MultiStepLR" -> {
                MultiStepLR sc = new MultiStepLR(opt, Golden.ints(a.get("milestones")), a.get("gamma").asDouble());
                stepper = i -> sc.step();
            }
            case "ExponentialLR" -> {
                ExponentialLR sc = new ExponentialLR(opt, a.get("gamma").asDouble());
                stepper = i -> sc.step();
            }
            case "CosineAnnealingLR" -> {
                CosineAnnealingLR sc = a.has("eta_min")
                        ? new CosineAnnealingLR(opt, a.get("T_max").asInt(), a.get("eta_min").asDouble())
                        : new CosineAnnealingLR(opt, a.get("T_max").asInt());
                stepper = i -> sc.step();
            }
            case "LinearLR" -> {
                LinearLR sc = a.has("total_iters") ? new LinearLR(opt, a.get("start_factor").asDouble(),
                        a.get("end_factor").asDouble(), a.get("total_iters").asInt()) : new LinearLR(opt);
                stepper = i -> sc.step();
            }
            case "LambdaLR" -> {
                LambdaLR sc = name.equals("LambdaLR") ? new LambdaLR(opt, e -> Math.pow(0.95, e))
                        : new LambdaLR(opt, e -> Math.min(1.0, (e + 1) / 5.0));
                stepper = i -> sc.step();
            }
            case "OneCycleLR" -> {
                JsonNode m = a.get("max_lr");
                OneCycleLR.Builder bld = OneCycleLR.builder(opt, m.isArray() ? Golden.numbersPlain(m) : new double[] {m.asDouble()});
                if (a.has("total_steps")) {
                    bld.totalSteps(a.get("total_steps").asInt());
                } else {
                    bld.epochs(a.get("epochs").asInt()).stepsPerEpoch(a.get("steps_per_epoch").asInt());
                }
                if (a.has("pct_start")) {
                    bld.pctStart(a.get("pct_start").asDouble());
                }
                if (a.has("anneal_strategy")) {
                    bld.annealStrategy(OneCycleLR.AnnealStrategy.valueOf(a.get("anneal_strategy").asText().toUpperCase()));
                }
                if (a.has("three_phase")) {
                    bld.threePhase(a.get("three_phase").asBoolean());
                }
                if (a.has("div_factor")) {
                    bld.divFactor(a.get("div_factor").asDouble());
                }
                if (a.has("final_div_factor")) {
                    bld.finalDivFactor(a.get("final_div_factor").asDouble());
                }
                if (a.has("cycle_momentum")) {
                    bld.cycleMomentum(a.get("cycle_momentum").asBoolean());
                }
                if (a.has("base_momentum")) {
                    bld.baseMomentum(a.get("base_momentum").asDouble());
                }
                if (a.has("max_momentum")) {
                    bld.maxMomentum(a.get("max_momentum").asDouble());
                }
                OneCycleLR sc = bld.build();
                stepper = i -> sc.step();
            }
            case "ReduceLROnPlateau" -> {
                ReduceLROnPlateau.Builder bld = ReduceLROnPlateau.builder(opt);
                if (a.has("mode")) {
                    bld.mode(ReduceLROnPlateau.Mode.valueOf(a.get("mode").asText().toUpperCase()));
                }
                if (a.has("factor")) {
                    bld.factor(a.get("factor").asDouble());
                }
                if (a.has("patience")) {
                    bld.patience(a.get("patience").asInt());
                }
                if (a.has("threshold")) {
                    bld.threshold(a.get("threshold").asDouble());
                }
                if (a.has("threshold_mode")) {
                    bld.thresholdMode(ReduceLROnPlateau.ThresholdMode.valueOf(a.get("threshold_mode").asText().toUpperCase()));
                }
                if (a.has("cooldown")) {
                    bld.cooldown(a.get("cooldown").asInt());
                }
                if (a.has("min_lr")) {
                    JsonNode m = a.get("min_lr");
                    bld.minLr(m.isArray() ? Golden.numbersPlain(m) : new double[] {m.asDouble()});
                }
                if (a.has("eps")) {
                    bld.eps(a.get("eps").asDouble());
                }
                ReduceLROnPlateau sc = bld.build();
                double[] metrics = Golden.numbers(t.get("metrics"));
                stepper = i -> sc.step(metrics[i]);
            }
            default -> throw new AssertionError(name);
        }
        int n = t.get("steps").asInt();
        for (int s = 0; s <= n; s++) {
            if (s > 0) {
                opt.step();
                stepper.step(s - 1);
            }
            for (int g = 0; g < lrs.length; g++) {
                ParamGroup group = opt.paramGroups().get(g);
                String at = name + " epoch " + s + " group " + g;
                assertEquals(Golden.number(t.get("lr").get(s).get(g)), group.lr(), at + ": lr");
                JsonNode mom = t.get("momentum").get(s);
                if (mom.size() > 0) {
                    assertEquals(Golden.number(mom.get(g)), group.getDouble("momentum"), at + ": momentum");
                }
                JsonNode beta = t.get("beta1").get(s);
                if (beta.size() > 0) {
                    assertEquals(Golden.number(beta.get(g)), ((List<?>) group.get("betas")).get(0), at + ": beta1");
                }
            }
        }
    }

    @TestFactory
    List<DynamicTest> schedulersMatchPyTorch() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode t : Golden.load("torch_optim.json").get("schedulers")) {
            tests.add(DynamicTest.dynamicTest(t.get("name").asText(), () -> schedule(t)));
        }
        return tests;
    }

    // ------------------------------------------------------------------ gradient clipping

    void clip(JsonNode t) {
        DType dtype = Golden.dtype(t.get("dtype"));
        List<Tensor> ps = new ArrayList<>();
        for (int i = 0; i < t.get("shapes").size(); i++) {
            int[] shape = Golden.ints(t.get("shapes").get(i));
            Tensor p = Tensor.full(shape, 0.0, dtype, device()).requiresGrad_(true);
            p.setGrad(Tensor.of(Golden.numbers(t.get("grads").get(i)), dtype, device(), shape));
            ps.add(p);
        }
        String what = dtype + " " + t.get("kind").asText();
        // float32 norms: within 2 ulps of PyTorch's (its float kernels' order is only partly reproduced).
        boolean exact = dtype == DType.FLOAT64;
        double rtol = exact ? 0 : 2 * Math.ulp(1.0f);
        if (t.get("kind").asText().equals("norm")) {
            double p = Golden.number(t.get("norm_type"));
            what += " p=" + p + " max_norm=" + Golden.number(t.get("max_norm"));
            Tensor total = Utils.clipGradNorm_(ps, Golden.number(t.get("max_norm")), p);
            assertEquals(dtype, total.dtype(), what + ": dtype of the total norm");
            assertClose(what + ": total norm", new double[] {Golden.number(t.get("total"))}, new double[] {total.item()},
                    rtol, exact);
        } else {
            what += " clip_value=" + Golden.number(t.get("clip_value"));
            Utils.clipGradValue_(ps, Golden.number(t.get("clip_value")));
            exact = true;
        }
        for (int i = 0; i < ps.size(); i++) {
            assertClose(what + ": gradient " + i, Golden.numbers(t.get("clipped").get(i)), ps.get(i).grad().toDoubleArray(),
                    rtol, exact);
        }
    }

    @TestFactory
    List<DynamicTest> gradientClippingMatchesPyTorch() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode t : Golden.load("torch_optim.json").get("clip")) {
            String name = t.get("dtype").asText() + " " + t.get("kind").asText() + " "
                    + (t.has("norm_type") ? "p=" + Golden.number(t.get("norm_type")) + " max_norm="
                    + Golden.number(t.get("max_norm")) : "clip=" + Golden.number(t.get("clip_value")));
            tests.add(DynamicTest.dynamicTest(name, () -> clip(t)));
        }
        return tests;
    }
}

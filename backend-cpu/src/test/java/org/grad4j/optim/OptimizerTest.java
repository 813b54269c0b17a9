package org.grad4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.io.Safetensors;
import org.grad4j.nn.Utils;
import org.grad4j.optim.lrscheduler.OneCycleLR;
import org.grad4j.optim.lrscheduler.ReduceLROnPlateau;
import org.grad4j.optim.lrscheduler.StepLR;
import org.grad4j.spi.Backend;
import org.grad4j.spi.Buffer;
import org.grad4j.spi.Strided;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optimizers' API contracts: groups, options, state dicts and checkpoints, errors that change nothing. */
class OptimizerTest {
    @TempDir
    Path dir;

    private static List<Tensor> params(long seed) {
        Generator g = new Generator(seed);
        List<Tensor> ps = new ArrayList<>();
        ps.add(Tensor.randn(g, 5, 3).to(DType.FLOAT64).requiresGrad_(true));
        ps.add(Tensor.randn(g, 4).to(DType.FLOAT64).requiresGrad_(true));
        return ps;
    }

    private static void steps(Optimizer opt, List<Tensor> ps, int n, long seed) {
        Generator g = new Generator(seed);
        for (int s = 0; s < n; s++) {
            for (Tensor p : ps) {
                p.setGrad(Tensor.randn(g, p.shape()).to(DType.FLOAT64));
            }
            opt.step();
        }
    }

    private static final List<Function<List<Tensor>, Optimizer>> KINDS = List.of(
        ps -> SGD.builder(ps, 0.1).momentum(0.9).nesterov(true).build(),
        ps -> Adam.builder(ps).lr(0.01).amsgrad(true).weightDecay(0.1).build(),
        ps -> AdamW.builder(ps).lr(0.01).build(),
        ps -> RMSprop.builder(ps).momentum(0.5).centered(true).build(),
        ps -> Adagrad.builder(ps).lrDecay(0.1).initialAccumulatorValue(0.2).build());

    @Test
    void checkpointsResumeBitForBitForEveryOptimizer() throws IOException {
        for (Function<List<Tensor>, Optimizer> kind : KINDS) {
            List<Tensor> a = params(1);
            Optimizer optA = kind.apply(a);
            steps(optA, a, 3, 7);
            optA.paramGroups().get(0).setLr(0.02);
            Path file = dir.resolve("opt.safetensors");
            Safetensors.save(file, optA);
            Map<String, String> meta = Safetensors.metadata(file);
            String name = optA.getClass().getSimpleName();
            assertEquals(name, meta.get(Safetensors.OPTIMIZER_KEY));
            assertTrue(meta.get(Safetensors.PARAM_GROUPS_KEY).contains("\"lr\":0.02"), meta.toString());

            List<Tensor> b = params(5);
            Optimizer optB = kind.apply(b);
            Safetensors.load(file, optB);
            try (org.grad4j.autograd.GradMode.Scope ignored = org.grad4j.autograd.GradMode.noGrad()) {
                for (int i = 0; i < a.size(); i++) {
                    b.get(i).copy_(a.get(i));   // the model's checkpoint
                }
            }
            assertEquals(optA.paramGroups().get(0).options(), optB.paramGroups().get(0).options(), name);
            steps(optA, a, 3, 9);
            steps(optB, b, 3, 9);
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).toDoubleArray(), b.get(i).toDoubleArray(), name + " param " + i);
            }
            StateDict sa = optA.stateDict();
            StateDict sb = optB.stateDict();
            assertEquals(sa.state().keySet(), sb.state().keySet(), name);
            for (Integer i : sa.state().keySet()) {
                assertEquals(sa.state().get(i).keySet(), sb.state().get(i).keySet(), name);
                for (String k : sa.state().get(i).keySet()) {
                    assertArrayEquals(sa.state().get(i).get(k).toDoubleArray(), sb.state().get(i).get(k).toDoubleArray(),
                            name + " " + k);
                }
            }
        }
    }

    @Test
    void loadingAnotherOptimizersStateFailsAndChangesNothing() throws IOException {
        List<Tensor> a = params(1);
        Adam adam = new Adam(a);
        steps(adam, a, 2, 3);
        Path file = dir.resolve("adam.safetensors");
        Safetensors.save(file, adam);
        List<Tensor> b = params(2);
        RMSprop rms = new RMSprop(b);
        steps(rms, b, 1, 3);
        double[] before = rms.stateDict().state().get(0).get("square_avg").toDoubleArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Safetensors.load(file, rms));
        assertTrue(e.getMessage().contains("Adam") && e.getMessage().contains("RMSprop"), e.getMessage());
        assertArrayEquals(before, rms.stateDict().state().get(0).get("square_avg").toDoubleArray());
    }

    @Test
    void loadStateDictChecksEverythingFirst() {
        List<Tensor> ps = params(1);
        Adam adam = new Adam(ps);
        steps(adam, ps, 1, 3);
        StateDict good = adam.stateDict();
        double[] expAvg = good.state().get(0).get("exp_avg").toDoubleArray();
        Map<Integer, Map<String, Tensor>> bad = new LinkedHashMap<>();
        bad.put(0, Map.of("exp_avg", Tensor.zeros(5, 3), "step", Tensor.scalar(3)));         // fine
        bad.put(1, Map.of("exp_avg", Tensor.zeros(5), "momentum_buffer", Tensor.zeros(4)));   // bad shape, bad name
        bad.put(7, Map.of("exp_avg", Tensor.zeros(4)));                                     // no such parameter
        List<Map<String, Object>> groups = new ArrayList<>(good.paramGroups());
        Map<String, Object> g0 = new LinkedHashMap<>(groups.get(0));
        g0.put("amsgrad", 3.0);                                                             // wrong type
        groups.set(0, g0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam.loadStateDict(new StateDict(bad, groups)));
        String msg = e.getMessage();
        assertTrue(msg.contains("state.1.exp_avg") && msg.contains("state.1.momentum_buffer") && msg.contains("state.7")
                && msg.contains("amsgrad") && msg.contains("Nothing was loaded"), msg);
        assertArrayEquals(expAvg, adam.stateDict().state().get(0).get("exp_avg").toDoubleArray());
        assertEquals(false, adam.paramGroups().get(0).get("amsgrad"));
        assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(new StateDict(Map.of(), List.of())));
    }

    @Test
    void parameterGroupsHaveTheirOwnOptions() {
        List<Tensor> ps = params(1);
        Adam adam = Adam.builder(List.of(ps.get(0))).lr(0.1).build();
        ParamGroup g1 = adam.addParamGroup(List.of(ps.get(1)), Map.of("lr", 0.01, "betas", List.of(0.5, 0.9)));
        assertEquals(0.1, adam.paramGroups().get(0).lr());
        assertEquals(0.01, g1.lr());
        assertEquals(List.of(0.5, 0.9), g1.get("betas"));
        assertEquals(1e-8, g1.getDouble("eps"));
        assertEquals(List.of(ps.get(0), ps.get(1)), adam.parameters());
        assertEquals(List.of(0), adam.stateDict().paramGroups().get(0).get("params"));
        assertEquals(List.of(1), adam.stateDict().paramGroups().get(1).get("params"));
        // Errors name the problem and add nothing.
        assertThrows(IllegalArgumentException.class, () -> adam.addParamGroup(List.of(ps.get(0))));
        Tensor extra = Tensor.zeros(2).requiresGrad_(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam.addParamGroup(List.of(extra), Map.of("betas", List.of(0.9, 1.5))));
        assertTrue(e.getMessage().contains("Invalid beta parameter at index 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> adam.addParamGroup(List.of(extra), Map.of("lr", "fast")));
        assertThrows(IllegalArgumentException.class, () -> adam.addParamGroup(List.of(extra), Map.of("amsgrad", 1.0)));
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> adam.addParamGroup(List.of(extra), Map.of("weightDecay", 0.1)));
        assertTrue(typo.getMessage().contains("weightDecay") && typo.getMessage().contains("weight_decay"), typo.getMessage());
        assertEquals(2, adam.paramGroups().size());
        assertThrows(IllegalArgumentException.class, () -> g1.set("betas", List.of(0.9)));
        assertThrows(IllegalArgumentException.class, () -> g1.get("momentum"));
        assertTrue(adam.toString().startsWith("Adam (\nParameter Group 0\n    amsgrad: False\n    betas: (0.9, 0.999)"),
                adam.toString());
    }

    @Test
    void constructorsCheckPyTorchsRanges() {
        List<Tensor> ps = params(1);
        assertThrows(IllegalArgumentException.class, () -> Adam.builder(ps).lr(-1).build());
        assertThrows(IllegalArgumentException.class, () -> AdamW.builder(ps).eps(-1).build());
        assertThrows(IllegalArgumentException.class, () -> RMSprop.builder(ps).alpha(-0.1).build());
        assertThrows(IllegalArgumentException.class, () -> RMSprop.builder(ps).momentum(-0.1).build());
        assertThrows(IllegalArgumentException.class, () -> Adagrad.builder(ps).lrDecay(-0.1).build());
        assertThrows(IllegalArgumentException.class, () -> Adagrad.builder(ps).initialAccumulatorValue(-1).build());
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of()));
        assertEquals(1, new Adam(List.of(Tensor.zeros(2))).parameters().size(), "a frozen parameter is taken, as PyTorch");
        assertEquals(Map.of("lr", 1e-3, "betas", List.of(0.9, 0.999), "eps", 1e-8, "weight_decay", 0.0, "amsgrad", false,
                "maximize", false), new Adam(ps).defaults());
        assertEquals(1e-2, new AdamW(ps).defaults().get("weight_decay"));
        assertEquals(1e-10, new Adagrad(ps).defaults().get("eps"));
        assertEquals(0.99, new RMSprop(ps).defaults().get("alpha"));
    }

    @Test
    void adagradHasStateFromConstruction() {
        List<Tensor> ps = params(1);
        Adagrad opt = Adagrad.builder(ps).initialAccumulatorValue(0.5).build();
        StateDict sd = opt.stateDict();
        assertEquals(0.0, sd.state().get(1).get("step").item());
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5}, sd.state().get(1).get("sum").toDoubleArray());
        Adam adam = new Adam(ps);
        assertTrue(adam.stateDict().state().isEmpty());
    }

    @Test
    void sgdMomentumBufferAccessorsStillWork() {
        List<Tensor> ps = params(1);
        SGD sgd = SGD.builder(ps, 0.1).momentum(0.9).build();
        assertNull(sgd.momentumBuffer(0));
        steps(sgd, ps, 1, 1);
        Tensor buf = sgd.momentumBuffer(1);
        assertEquals(4, buf.numel());
        sgd.setMomentumBuffer(1, null);
        assertNull(sgd.momentumBuffer(1));
        assertThrows(IndexOutOfBoundsException.class, () -> sgd.momentumBuffer(2));
        assertThrows(IllegalArgumentException.class, () -> sgd.setMomentumBuffer(0, Tensor.zeros(3)));
    }

    @Test
    void schedulersRefuseBadInput() {
        List<Tensor> ps = params(1);
        SGD sgd = new SGD(ps, 0.1);
        assertThrows(IllegalArgumentException.class, () -> new StepLR(sgd, 0));
        assertThrows(IllegalArgumentException.class, () -> OneCycleLR.builder(sgd, 0.1).build());
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder(sgd).factor(1.0).build());
        Adagrad ada = new Adagrad(ps);
        assertThrows(IllegalArgumentException.class, () -> OneCycleLR.builder(ada, 0.1).totalSteps(10).build());   // no momentum
        OneCycleLR one = OneCycleLR.builder(ada, 0.1).totalSteps(2).cycleMomentum(false).build();
        one.step();
        one.step();
        IllegalStateException e = assertThrows(IllegalStateException.class, one::step);
        assertTrue(e.getMessage().contains("Tried to step 4 times"), e.getMessage());
        StepLR st = new StepLR(ada, 2);
        ada.addParamGroup(List.of(Tensor.zeros(2).requiresGrad_(true)));
        IllegalStateException late = assertThrows(IllegalStateException.class, st::step);
        assertTrue(late.getMessage().contains("create the scheduler after adding every group"), late.getMessage());
    }

    @Test
    void clipGradNormRefusesNonFiniteNormsWithoutChangingGradients() {
        Tensor p = Tensor.zeros(3).to(DType.FLOAT64).requiresGrad_(true);
        p.setGrad(Tensor.of(new double[] {1, Double.POSITIVE_INFINITY, 2}, DType.FLOAT64, Device.CPU, 3));
        assertThrows(IllegalStateException.class, () -> Utils.clipGradNorm_(List.of(p), 1.0, 2.0, true));
        assertArrayEquals(new double[] {1, Double.POSITIVE_INFINITY, 2}, p.grad().toDoubleArray());
        Tensor none = Tensor.zeros(3).requiresGrad_(true);
        Tensor total = Utils.clipGradNorm_(List.of(none), 1.0);
        assertEquals(0.0, total.item());
        assertEquals(DType.FLOAT32, total.dtype());
        assertThrows(IllegalArgumentException.class, () -> Utils.clipGradNorm_(null, 1.0));
    }

    @Test
    void fmaPrimitiveAndItsDefaultAreFusedAndStrided() {
        Backend cpu = new org.grad4j.cpu.CpuBackendProvider().backend(0);
        // A backend that keeps the SPI's default fma: everything else goes to the CPU backend.
        InvocationHandler h = (proxy, m, args) -> m.getName().equals("fma")
                ? InvocationHandler.invokeDefault(proxy, m, args) : m.invoke(cpu, args);
        Backend generic = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, h);
        for (DType dtype : DType.values()) {
            if (dtype != DType.FLOAT32 && dtype != DType.FLOAT64) {
                continue;
            }
            for (Backend be : List.of(cpu, generic)) {
                double[] a = {0.1, 0.7, -1.3, 1e-8, 3};
                double[] b = {0.3, 1.0 / 3, 0.9};                       // broadcast along rows: b[j]
                double[] y = new double[15];
                for (int i = 0; i < y.length; i++) {
                    y[i] = 0.01 * i - 0.05;
                }
                Buffer ab = be.upload(a, dtype);
                Buffer bb = be.upload(b, dtype);
                Buffer yb = be.upload(y, dtype);
                // y is [5, 3] transposed in memory: element (i, j) at j*5 + i
                be.fma(new int[] {5, 3}, new Strided(ab, 0, new int[] {1, 0}), new Strided(bb, 0, new int[] {0, 1}),
                        new Strided(yb, 0, new int[] {1, 5}));
                double[] got = new double[15];
                be.download(yb, 0, got);
                for (int i = 0; i < 5; i++) {
                    for (int j = 0; j < 3; j++) {
                        double want = dtype == DType.FLOAT64 ? Math.fma(a[i], b[j], y[j * 5 + i])
                                : Math.fma((float) a[i], (float) b[j], (float) y[j * 5 + i]);
                        assertEquals(want, got[j * 5 + i], dtype + " " + (be == cpu ? "cpu" : "default") + " (" + i + "," + j + ")");
                    }
                }
            }
        }
    }

    @Test
    void addcmulAndAddcdivRoundAsPyTorchsKernels() {
        double[] sv = {0.1, -0.7, 1.3, 2.5, -3.25, 0.001};
        double[] t1 = {0.3, 1.0 / 3, -0.9};
        double[] t2 = {1.7, -0.2};
        double v = 0.37;
        Tensor self = Tensor.of(sv, DType.FLOAT64, Device.CPU, 2, 3);
        Tensor a = Tensor.of(t1, DType.FLOAT64, Device.CPU, 3);            // broadcast along rows
        Tensor b = Tensor.of(t2, DType.FLOAT64, Device.CPU, 2, 1);         // broadcast along columns
        double[] got = self.clone().addcmul_(a, b, v).toDoubleArray();
        double[] got2 = self.clone().addcdiv_(a, b, v).toDoubleArray();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(Math.fma(v * t1[j], t2[i], sv[i * 3 + j]), got[i * 3 + j], "addcmul_ " + i + "," + j);
                assertEquals(sv[i * 3 + j] + (v * t1[j]) / t2[i], got2[i * 3 + j], "addcdiv_ " + i + "," + j);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(3).addcmul_(Tensor.zeros(2, 3), Tensor.zeros(3), 1));
        assertTrue(e.getMessage().contains("addcmul_") && e.getMessage().contains("[2, 3]"), e.getMessage());
        Tensor leaf = Tensor.zeros(3).requiresGrad_(true);
        assertThrows(IllegalStateException.class, () -> leaf.addcdiv_(Tensor.ones(3), Tensor.ones(3), 1));
        // With autograd: differentiable (composed), d/dt1 of sum(s + v*t1*t2) = v*t2.
        Tensor x = Tensor.of(new double[] {1, 2}, DType.FLOAT64, Device.CPU, 2).requiresGrad_(true);
        Tensor y = Tensor.of(new double[] {3, 4}, DType.FLOAT64, Device.CPU, 2);
        Tensor out = Tensor.zeros(2).to(DType.FLOAT64).addcmul_(x, y, 0.5);
        out.sum().backward();
        assertArrayEquals(new double[] {1.5, 2.0}, x.grad().toDoubleArray());
    }
}

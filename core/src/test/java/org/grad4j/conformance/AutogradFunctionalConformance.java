package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import org.grad4j.AutogradFunction;
import org.grad4j.DType;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.autograd.Autograd;
import org.grad4j.autograd.AutogradFunctional;
import org.grad4j.autograd.GradCheck;
import org.grad4j.autograd.AutogradFunctional.Result;
import org.grad4j.data.DataLoader;
import org.grad4j.data.Dataset;
import org.grad4j.data.Loader;
import org.junit.jupiter.api.Test;

/**
 * {@link AutogradFunctional} against PyTorch 1.13's {@code torch.autograd.functional}, bit for bit
 * ({@code tools/golden/autograd2_golden.py}): jacobian, hessian, vjp, jvp, vhp and hvp of elementwise functions,
 * one tensor and tuples, results' shapes, create_graph (the results differentiated again), and strict's and v's
 * errors with PyTorch's messages; gradgradcheck on ops with double backward and on a wrong one; and DataLoader workers' own default generators (torch.rand in getItem).
 */
public abstract class AutogradFunctionalConformance extends DeviceConformance {
    private static JsonNode golden() {
        return Golden.load("autograd2.json.gz");
    }

    // The golden script's functions, op for op.
    private static Tensor fRows(Tensor x) {
        return x.mul(x).mul(x).add(x.exp()).sum(1);
    }

    private static Tensor[] fPair(Tensor[] in) {
        Tensor x = in[0];
        Tensor y = in[1];
        return new Tensor[] {x.mul(y).add(x), x.mul(x).sum().add(y.exp().mul(y).sum())};
    }

    private static Tensor gScalar(Tensor x) {
        return x.mul(x).mul(x).add(x.exp().mul(x)).sum();
    }

    private static Tensor gPair(Tensor[] in) {
        Tensor x = in[0];
        Tensor y = in[1];
        return x.mul(x).mul(y).sum().add(x.exp().mul(y).sum()).add(y.mul(y).mul(y).sum());
    }

    private Tensor t(JsonNode c, String key, DType dtype) {
        return Golden.tensor(c.get(key), dtype, device());
    }

    /** Bits unless {@link #ulps} allows more (set around the one product whose order of sums differs). */
    private static int ulps;

    private static void assertTensor(String what, JsonNode want, Tensor got) {
        assertArrayEquals(Golden.ints(want.get("shape")), got.shape(), what + ": shape");
        double[] w = Golden.numbers(want.get("data"));
        double[] g = got.toDoubleArray();
        for (int i = 0; i < w.length; i++) {
            double ulp = got.dtype() == DType.FLOAT32 ? Math.ulp((float) w[i]) : Math.ulp(w[i]);
            if (ulps == 0) {
                assertEquals(Double.doubleToLongBits(w[i]), Double.doubleToLongBits(g[i]),
                        what + " at " + i + ": want " + w[i] + ", got " + g[i]);
            } else {
                assertEquals(w[i], g[i], ulps * ulp, what + " at " + i + " (within " + ulps + " ulps)");
            }
        }
        assertEquals(want.get("requires_grad").asBoolean(), got.requiresGrad(), what + ": requires_grad");
    }

    private static void assertTensors(String what, JsonNode want, Tensor... got) {
        assertEquals(want.size(), got.length, what + ": count");
        for (int i = 0; i < got.length; i++) {
            assertTensor(what + "[" + i + "]", want.get(i), got[i]);
        }
    }

    private static void assertResult(String what, JsonNode want, Result got) {
        JsonNode outs = want.get(0).isArray() ? want.get(0) : null;
        JsonNode prods = want.get(1).isArray() ? want.get(1) : null;
        if (outs == null) {
            assertTensor(what + " output", want.get(0), got.output());
        } else {
            assertTensors(what + " outputs", outs, got.outputs());
        }
        if (prods == null) {
            assertTensor(what + " product", want.get(1), got.product());
        } else {
            assertTensors(what + " products", prods, got.products());
        }
    }

    private static void assertMatrix(String what, JsonNode want, Tensor[][] got) {
        assertEquals(want.size(), got.length, what + ": rows");
        for (int i = 0; i < got.length; i++) {
            assertTensors(what + "[" + i + "]", want.get(i), got[i]);
        }
    }

    @Test
    void derivativesMatchPyTorch() {
        int checked = 0;
        for (JsonNode c : golden().get("cases")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            String at = dtype + " ";
            Tensor x = t(c, "x", dtype);
            Tensor y = t(c, "y", dtype);
            Tensor vx = t(c, "vx", dtype);
            Tensor vy = t(c, "vy", dtype);
            Tensor vr = t(c, "vr", dtype);
            Tensor vs = t(c, "vs", dtype);
            Tensor[] xy = {x, y};

            assertTensor(at + "jacobian f_rows", c.get("jacobian_rows").get(0),
                    AutogradFunctional.jacobian(AutogradFunctionalConformance::fRows, x));
            assertMatrix(at + "jacobian f_pair", c.get("jacobian_pair"),
                    AutogradFunctional.jacobian(AutogradFunctionalConformance::fPair, xy, false, false, false));
            assertResult(at + "vjp f_rows", c.get("vjp_rows"),
                    AutogradFunctional.vjp(AutogradFunctionalConformance::fRows, x, vr));
            assertResult(at + "vjp f_pair", c.get("vjp_pair"), AutogradFunctional.vjp(
                    AutogradFunctionalConformance::fPair, xy, new Tensor[] {vx, vs}, false, false));
            assertResult(at + "jvp f_rows", c.get("jvp_rows"),
                    AutogradFunctional.jvp(AutogradFunctionalConformance::fRows, x, vx));
            assertResult(at + "jvp f_pair", c.get("jvp_pair"), AutogradFunctional.jvp(
                    AutogradFunctionalConformance::fPair, xy, new Tensor[] {vx, vy}, false, false));
            assertTensor(at + "hessian g_scalar", c.get("hessian_scalar").get(0),
                    AutogradFunctional.hessian(AutogradFunctionalConformance::gScalar, x));
            assertMatrix(at + "hessian g_pair", c.get("hessian_pair"),
                    AutogradFunctional.hessian(AutogradFunctionalConformance::gPair, xy, false, false, false));
            assertResult(at + "vhp g_scalar", c.get("vhp_scalar"),
                    AutogradFunctional.vhp(AutogradFunctionalConformance::gScalar, x, vx));
            assertResult(at + "vhp g_pair", c.get("vhp_pair"), AutogradFunctional.vhp(
                    AutogradFunctionalConformance::gPair, xy, new Tensor[] {vx, vy}, false, false));
            // hvp's trick runs a third-order pass in which several paths meet at one node: PyTorch's engine sums them
            // in its own order (by the double-backward nodes' sequence numbers) and ours may differ by an ulp or two.
            ulps = 4;
            assertResult(at + "hvp g_scalar", c.get("hvp_scalar"),
                    AutogradFunctional.hvp(AutogradFunctionalConformance::gScalar, x, vx));
            assertResult(at + "hvp g_pair", c.get("hvp_pair"), AutogradFunctional.hvp(
                    AutogradFunctionalConformance::gPair, xy, new Tensor[] {vx, vy}, false, false));
            ulps = 0;

            Tensor xr = x.clone().requiresGrad_(true);
            Tensor[][] jac = AutogradFunctional.jacobian(in -> new Tensor[] {fRows(in[0])}, new Tensor[] {xr}, true,
                    false, false);
            assertTensor(at + "jacobian create_graph", c.get("jacobian_rows_cg").get(0), jac[0][0]);
            assertTensor(at + "jacobian create_graph, differentiated", c.get("jacobian_rows_cg_grad").get(0),
                    Autograd.grad(jac[0][0].sum(), List.of(xr))[0]);
            xr = x.clone().requiresGrad_(true);
            Result r = AutogradFunctional.vjp(in -> new Tensor[] {gScalar(in[0])}, new Tensor[] {xr}, null, true, false);
            assertResult(at + "vjp create_graph", c.get("vjp_scalar_cg"), r);
            assertTensor(at + "vjp create_graph, differentiated", c.get("vjp_scalar_cg_grad").get(0),
                    Autograd.grad(r.product().mul(vx).sum(), List.of(xr))[0]);
            checked++;
        }
        assertEquals(2, checked);
    }

    private void assertRefused(String key, Class<? extends RuntimeException> kind, Runnable call) {
        String want = golden().get("errors").get(key).asText();
        RuntimeException e = assertThrows(kind, call::run, key);
        assertTrue(e.getMessage().contains(want), key + ": want PyTorch's \"" + want + "\", got \"" + e.getMessage() + "\"");
    }

    @Test
    void errorsMatchPyTorch() {
        Tensor x = Tensor.ones(new int[] {2, 3}, DType.FLOAT64).to(device());
        Tensor y = Tensor.ones(new int[] {3}, DType.FLOAT64).to(device());
        Tensor[] xy = {x, y};
        Function<Tensor[], Tensor[]> fConst = in -> new Tensor[] {in[1].mul(2.0), in[0].exp().sum()};
        assertRefused("jacobian_strict", IllegalStateException.class,
                () -> AutogradFunctional.jacobian(fConst, xy, false, true, false));
        assertRefused("vjp_strict", IllegalStateException.class, () -> AutogradFunctional.vjp(
                in -> new Tensor[] {in[0].mul(2.0).add(in[1].detach())}, xy, new Tensor[] {x}, false, true));
        assertRefused("vjp_strict_output", IllegalStateException.class, () -> AutogradFunctional.vjp(
                in -> new Tensor[] {in[0].detach().mul(2.0)}, new Tensor[] {x}, new Tensor[] {x}, false, true));
        assertRefused("jvp_strict", IllegalStateException.class, () -> AutogradFunctional.jvp(
                in -> new Tensor[] {in[0].mul(2.0)}, xy, xy, false, true));
        assertRefused("hessian_strict_linear", IllegalStateException.class, () -> AutogradFunctional.hessian(
                in -> in[0].mul(2.0).sum(), new Tensor[] {x}, false, true, false));
        assertRefused("vjp_v_size", IllegalArgumentException.class,
                () -> AutogradFunctional.vjp(AutogradFunctionalConformance::fRows, x, y));
        assertRefused("vjp_v_size_tuple", IllegalArgumentException.class,
                () -> AutogradFunctional.vjp(AutogradFunctionalConformance::fPair, xy, xy, false, false));
        assertRefused("vjp_v_length", IllegalArgumentException.class,
                () -> AutogradFunctional.vjp(AutogradFunctionalConformance::fPair, xy, new Tensor[] {x}, false, false));
        assertRefused("vjp_v_none", IllegalArgumentException.class,
                () -> AutogradFunctional.vjp(AutogradFunctionalConformance::fRows, x, null));
        assertRefused("jvp_v_none", IllegalArgumentException.class,
                () -> AutogradFunctional.jvp(AutogradFunctionalConformance::fRows, x, null));
        assertRefused("hessian_not_scalar", IllegalArgumentException.class,
                () -> AutogradFunctional.hessian(AutogradFunctionalConformance::fRows, x));
        assertRefused("hvp_not_scalar", IllegalArgumentException.class,
                () -> AutogradFunctional.hvp(AutogradFunctionalConformance::fRows, x, x));
        // Not strict: an independent input gets zeros, as PyTorch's.
        Tensor[][] jac = AutogradFunctional.jacobian(fConst, xy, false, false, false);
        assertEquals(0.0, jac[0][0].abs().sum().item());
        assertFalse(jac[0][0].requiresGrad());
        // The caller's tensors are untouched: no grad, no requires_grad.
        assertFalse(x.requiresGrad());
        assertTrue(x.grad() == null);
    }

    /** The golden's dataset: item i is torch.rand(3) drawn from the (worker's) default generator. */
    private static final class RandDataset implements Dataset<Tensor> {
        @Override
        public int size() {
            return 6;
        }

        @Override
        public Tensor get(int index) {
            return Tensor.rand(new int[] {3}, DType.FLOAT64);
        }
    }

    /**
     * DataLoader workers draw from their own default generators, seeded base_seed + worker_id as 1.13 seeds its
     * worker processes; the main thread's default generator only gives the epoch's base seed.
     */
    @Test
    void workersDrawFromTheirOwnGenerators() {
        Generator saved = new Generator(0).setState(Generator.defaultGenerator().getState());
        try {
            for (JsonNode w : golden().get("workers")) {
                Generator.manualSeedDefault(w.get("seed").asLong());
                List<Object> batches = new ArrayList<>();
                try (Loader<Object> loader = DataLoader.builder(new RandDataset()).batchSize(2).numWorkers(2).build()) {
                    for (Object b : loader) {
                        batches.add(b);
                    }
                }
                assertEquals(w.get("batches").size(), batches.size());
                for (int i = 0; i < batches.size(); i++) {
                    assertTensor("seed " + w.get("seed") + " batch " + i, w.get("batches").get(i), (Tensor) batches.get(i));
                }
                assertTensor("main thread after the epoch", w.get("main_after"), Tensor.rand(new int[] {2}, DType.FLOAT64));
            }
        } finally {
            Generator.defaultGenerator().setState(saved.getState());
        }
    }

    /** x^2 whose backward uses a detached x: right first derivative, second derivative lost. */
    private static final class DetachedSquare extends AutogradFunction {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return in[0].mul(in[0]);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[] {g.mul(ctx.saved(0).detach()).mul(2.0)};
        }
    }

    @Test
    void gradgradcheckPassesOnOpsWithDoubleBackward() {
        Tensor x = Tensor.of(new double[] {0.3, -1.2, 0.7, 2.1, -0.4, 1.5}, DType.FLOAT64, device(), 2, 3).requiresGrad_(true);
        Tensor y = Tensor.of(new double[] {0.9, -0.5, 1.1}, DType.FLOAT64, device(), 3).requiresGrad_(true);
        assertTrue(GradCheck.gradgradcheck(in -> in[0].tanh().mul(in[1]), x, y));
        assertTrue(GradCheck.gradgradcheck(in -> in[0].sigmoid().exp().sum(1), x));
        assertTrue(GradCheck.gradgradcheck(in -> in[0].mul(in[0]).mul(in[1]).softmax(1), x, y));
        assertTrue(GradCheck.gradgradcheck(in -> in[0].logSoftmax(1), x));
        // the first derivative is right, so gradcheck passes; the lost second derivative fails gradgradcheck
        assertTrue(GradCheck.gradcheck(in -> new DetachedSquare().apply(in[0]), x));
        assertThrows(GradCheck.GradcheckError.class,
                () -> GradCheck.gradgradcheck(in -> new DetachedSquare().apply(in[0]), x));
        assertTrue(x.grad() == null && y.grad() == null, "gradgradcheck leaves the inputs' grad alone");
        assertThrows(IllegalArgumentException.class, () -> GradCheck.gradgradcheck(in -> in[0].exp(),
                Tensor.zeros(new int[] {3}, DType.FLOAT64), 1e-6, 1e-5, 1e-3, x));
    }
}

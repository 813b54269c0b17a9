package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.distributions.Bernoulli;
import org.grad4j.distributions.Categorical;
import org.grad4j.distributions.Distribution;
import org.grad4j.distributions.Exponential;
import org.grad4j.distributions.Independent;
import org.grad4j.distributions.Kl;
import org.grad4j.distributions.Laplace;
import org.grad4j.distributions.LogNormal;
import org.grad4j.distributions.Normal;
import org.grad4j.distributions.OneHotCategorical;
import org.grad4j.distributions.Uniform;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code org.grad4j.distributions} against PyTorch 1.13's {@code torch.distributions} ({@code golden/distributions.json.gz},
 * made by {@code tools/golden/distributions_golden.py}): every method's values, gradients and grad_fn, the ValueErrors of
 * {@code validate_args=True}, seeded sample / rsample draws (and where the generator stands after them), and
 * kl_divergence for the registered pairs.
 */
public abstract class DistributionsConformance extends DeviceConformance {

    private static JsonNode golden() {
        return Golden.load("distributions.json.gz");
    }

    static double rtol(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-13 : 1e-5;
    }

    /** The distribution as distributions_golden.py's build() makes it. */
    static Distribution build(String op, String param, Tensor[] p) {
        return switch (op) {
            case "Normal" -> new Normal(p[0], p[1]);
            case "Uniform" -> new Uniform(p[0], p[1]);
            case "Exponential" -> new Exponential(p[0]);
            case "Laplace" -> new Laplace(p[0], p[1]);
            case "Bernoulli" -> param.equals("both") ? new Bernoulli(p[0], p[1])
                    : param.equals("probs") ? new Bernoulli(p[0], null) : new Bernoulli(null, p[0]);
            case "Categorical" -> param.equals("both") ? new Categorical(p[0], p[1])
                    : param.equals("probs") ? new Categorical(p[0], null) : new Categorical(null, p[0]);
            case "OneHotCategorical" -> param.equals("probs") ? new OneHotCategorical(p[0], null)
                    : new OneHotCategorical(null, p[0]);
            case "Independent" -> new Independent(new Normal(p[0], p[1]), Integer.parseInt(param));
            case "LogNormal" -> new LogNormal(p[0], p[1]);
            default -> throw new AssertionError("golden distribution '" + op + "' has no mapping");
        };
    }

    private static int paramCount(String op, String param) {
        return op.equals("Exponential") || (!param.isEmpty() && !param.equals("both") && !op.equals("Independent")) ? 1 : 2;
    }

    static Tensor apply(String op, JsonNode a, Tensor[] in) {
        String fn = a.get("fn").asText();
        String param = a.get("param").asText();
        int n = paramCount(op, param);
        Distribution d = build(op, param, java.util.Arrays.copyOf(in, n));
        Tensor value = in.length > n ? in[n] : null;
        return switch (fn) {
            case "mean" -> d.mean();
            case "variance" -> d.variance();
            case "stddev" -> d.stddev();
            case "entropy" -> d.entropy();
            case "log_prob" -> d.logProb(value);
            case "cdf" -> d.cdf(value);
            case "icdf" -> d.icdf(value);
            case "rsample" -> d.rsample(new Generator(a.get("seed").asLong()), Golden.ints(a.get("shape")));
            case "enumerate_support" -> d.enumerateSupport(a.get("expand").asBoolean());
            case "probs" -> d instanceof Bernoulli b ? b.probs() : ((Categorical) d).probs();
            case "logits" -> d instanceof Bernoulli b ? b.logits() : ((Categorical) d).logits();
            default -> throw new AssertionError("golden method '" + fn + "' has no mapping");
        };
    }

    /**
     * Bit-exact unless the formula runs a function whose last bit differs between Java and PyTorch's CPU code: erf and
     * erfinv (Normal's cdf / icdf), log1p (icdf, Laplace's draws), sigmoid on lengths that are not multiples of 16
     * (glibc's exp on the tail: Bernoulli's logits), logsumexp's float32 rows (Categorical's and OneHotCategorical's logits).
     */
    static boolean exact(String op, String param, String fn) {
        return !(fn.equals("cdf") || fn.equals("icdf") || op.equals("Bernoulli")
                || op.endsWith("Categorical") && param.equals("logits") || op.equals("Laplace") && fn.contains("sample"));
    }

    @TestFactory
    List<DynamicTest> casesMatchPyTorch() {
        backend();
        return new GoldenCases(DistributionsConformance::apply, DistributionsConformance::rtol)
                .exact((op, args, input) -> exact(op, args.get("param").asText(), args.get("fn").asText()))
                .tests(golden(), device());
    }

    private static Tensor[] params(JsonNode list, DType dt, org.grad4j.Device device) {
        Tensor[] out = new Tensor[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Golden.tensor(list.get(i), dt, device);
        }
        return out;
    }

    /** sample and rsample draw PyTorch's values after torch.manual_seed(seed) and leave the generator where it does. */
    @Test
    void drawsMatchPyTorch() {
        for (JsonNode c : golden().get("draws")) {
            DType dt = Golden.dtype(c.get("dtype"));
            String what = c.get("dtype").asText() + " " + c.get("op").asText() + "(" + c.get("param").asText() + ")."
                    + c.get("fn").asText() + c.get("shape") + " seed " + c.get("seed");
            Distribution d = build(c.get("op").asText(), c.get("param").asText(), params(c.get("params"), dt, device()));
            Generator g = new Generator(c.get("seed").asLong());
            int[] shape = Golden.ints(c.get("shape"));
            Tensor y = c.get("fn").asText().equals("sample") ? d.sample(g, shape) : d.rsample(g, shape);
            assertArrayEquals(Golden.ints(c.get("out").get("shape")), y.shape(), what + ": shape");
            assertEquals(c.get("out").get("dtype").asText(), y.dtype().torchName().replace("torch.", ""), what + ": dtype");
            assertClose(what, Golden.numbers(c.get("out").get("data")), y.toDoubleArray(), rtol(dt),
                    exact(c.get("op").asText(), c.get("param").asText(), c.get("fn").asText()));
            assertEquals(Golden.number(c.get("after")), Tensor.empty(new int[] {1}, DType.FLOAT64).uniform_(0.0, 1.0, g).item(),
                    what + ": next draw");
        }
    }

    /** kl_divergence's values and gradients for every pair PyTorch 1.13 registers among these distributions. */
    @Test
    void klDivergenceMatchesPyTorch() {
        for (JsonNode c : golden().get("kl")) {
            DType dt = Golden.dtype(c.get("dtype"));
            String what = c.get("dtype").asText() + " KL(" + c.get("p").asText() + " || " + c.get("q").asText() + ") "
                    + c.get("p_params").get(0).get("shape");
            Tensor[] pp = params(c.get("p_params"), dt, device());
            Tensor[] qp = params(c.get("q_params"), dt, device());
            for (Tensor t : pp) {
                t.requiresGrad_(true);
            }
            for (Tensor t : qp) {
                t.requiresGrad_(true);
            }
            Tensor kl = Kl.klDivergence(build(c.get("p").asText(), c.get("p_param").asText(), pp),
                    build(c.get("q").asText(), c.get("q_param").asText(), qp));
            assertArrayEquals(Golden.ints(c.get("out").get("shape")), kl.shape(), what + ": shape");
            assertClose(what, Golden.numbers(c.get("out").get("data")), kl.toDoubleArray(), rtol(dt), false);
            if (!c.has("grads")) {
                assertTrue(!kl.requiresGrad(), what + ": PyTorch's result needs no grad");
                continue;
            }
            kl.mul(Golden.tensor(c.get("w"), dt, device())).sum().backward();
            int i = 0;
            for (Tensor t : concat(pp, qp)) {
                JsonNode eg = c.get("grads").get(i++);
                assertNotNull(t.grad(), what + ": no gradient for parameter " + (i - 1));
                assertClose(what + ": gradient " + (i - 1), Golden.numbers(eg.get("data")), t.grad().toDoubleArray(),
                        rtol(dt), false);
            }
        }
    }

    private static Tensor[] concat(Tensor[] a, Tensor[] b) {
        Tensor[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void shapesExpandAndUnsupportedMethods() {
        Normal n = new Normal(Tensor.zeros(3).to(device()), Tensor.ones(3).to(device()));
        assertArrayEquals(new int[] {3}, n.batchShape());
        assertArrayEquals(new int[0], n.eventShape());
        Normal e = n.expand(2, 3);
        assertArrayEquals(new int[] {2, 3}, e.batchShape());
        assertArrayEquals(new int[] {4, 2, 3}, e.sample(new Generator(1), 4).shape());
        assertThrows(IllegalArgumentException.class, () -> n.expand(4));
        assertThrows(IllegalArgumentException.class, () -> n.sample(new Generator(1), -1));
        Bernoulli b = Bernoulli.of(0.3);
        assertThrows(UnsupportedOperationException.class, () -> b.rsample(new Generator(1)));
        assertThrows(UnsupportedOperationException.class, () -> b.cdf(Tensor.scalar(1.0)));
        assertThrows(UnsupportedOperationException.class, () -> Kl.klDivergence(Uniform.of(0, 1), Laplace.of(0, 1)));
        assertEquals(new Normal(Tensor.zeros(3), Tensor.ones(3)).toString(),
                "Normal(loc: torch.Size([3]), scale: torch.Size([3]))");
        // without validation, PyTorch's formulas run on any value
        Normal loose = new Normal(Tensor.zeros(2), Tensor.ones(2).neg(), false);
        assertTrue(loose.logProb(Tensor.zeros(2)).isnan().all().item() != 0, "log of a negative scale");
    }
}

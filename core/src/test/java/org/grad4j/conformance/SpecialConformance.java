package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Special;
import org.grad4j.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * torch.special against PyTorch 1.13 ({@code golden/special.json}, made by {@code tools/golden/special_golden.py}),
 * beyond the op table's cases: special points (poles, signed zeros, infinities, NaN, tails, large arguments), the
 * composites polygamma, mvlgamma / multigammaln and ndtr, the Python-number forms of zeta and xlog1py, integer inputs,
 * the aliases, and PyTorch's errors (zeta's missing derivative included): values and result dtype, gradients of
 * {@code (out * w).sum()}, grad_fn names.
 */
public abstract class SpecialConformance extends DeviceConformance {

    static double rtol(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
    }

    /** grad4j's call of the golden's function, on the golden's inputs and arguments. */
    static Tensor call(String fn, JsonNode args, Tensor[] in) {
        return switch (fn) {
            case "erfinv" -> Special.erfinv(in[0]);
            case "gammaln" -> Special.gammaln(in[0]);
            case "lgamma" -> in[0].lgamma();
            case "digamma" -> Special.digamma(in[0]);
            case "psi" -> Special.psi(in[0]);
            case "polygamma" -> Special.polygamma(args.get("n").asInt(), in[0]);
            case "multigammaln" -> Special.multigammaln(in[0], args.get("p").asInt());
            case "mvlgamma" -> in[0].mvlgamma(args.get("p").asInt());
            case "i0" -> Special.i0(in[0]);
            case "i0e" -> Special.i0e(in[0]);
            case "i1" -> Special.i1(in[0]);
            case "i1e" -> Special.i1e(in[0]);
            case "ndtr" -> Special.ndtr(in[0]);
            case "ndtri" -> Special.ndtri(in[0]);
            case "log_ndtr" -> Special.logNdtr(in[0]);
            case "erfcx" -> Special.erfcx(in[0]);
            case "entr" -> Special.entr(in[0]);
            case "zeta" -> Special.zeta(in[0], in[1]);
            case "zeta_scalar_x" -> Special.zeta(args.get("s").asDouble(), in[0]);
            case "zeta_scalar_q" -> Special.zeta(in[0], args.get("s").asDouble());
            case "xlog1py" -> Special.xlog1py(in[0], in[1]);
            case "gammainc" -> Special.gammainc(in[0], in[1]);
            case "gammaincc" -> Special.gammaincc(in[0], in[1]);
            case "igamma" -> in[0].igamma(in[1]);
            case "igammac" -> in[0].igammac(in[1]);
            case "xlog1py_scalar_x" -> Special.xlog1py(args.get("s").asDouble(), in[0]);
            case "xlog1py_scalar_y" -> Special.xlog1py(in[0], args.get("s").asDouble());
            case "expit" -> Special.expit(in[0]);
            case "logit" -> args.has("eps") && !args.get("eps").isNull() ? Special.logit(in[0], args.get("eps").asDouble())
                    : Special.logit(in[0]);
            case "exp2" -> Special.exp2(in[0]);
            case "expm1" -> Special.expm1(in[0]);
            case "log1p" -> Special.log1p(in[0]);
            case "round" -> Special.round(in[0]);
            case "sinc" -> Special.sinc(in[0]);
            case "erf" -> Special.erf(in[0]);
            case "erfc" -> Special.erfc(in[0]);
            case "xlogy" -> Special.xlogy(in[0], in[1]);
            case "softmax" -> Special.softmax(in[0], args.get("dim").asInt());
            case "log_softmax" -> Special.logSoftmax(in[0], args.get("dim").asInt());
            case "logsumexp" -> Special.logsumexp(in[0], Golden.ints(args.get("dims")), args.get("keepdim").asBoolean());
            default -> throw new AssertionError("unknown golden function " + fn);
        };
    }

    void check(JsonNode c) {
        String fn = c.get("fn").asText();
        JsonNode inputs = c.get("inputs");
        Tensor[] leaves = new Tensor[inputs.size()];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = Golden.anyTensor(inputs.get(i), device());
            if (c.get("grad").get(i).asBoolean()) {
                leaves[i].requiresGrad_(true);
            }
        }
        String what = fn + " " + c.get("args") + " " + inputs.get(0).get("dtype").asText() + " " + inputs.get(0).get("shape");
        if (c.has("error")) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> call(fn, c.get("args"), leaves), what);
            String message = c.get("error").get("message").asText();
            assertTrue(e.getMessage().contains(message), what + ": expected PyTorch's message '" + message + "', got '"
                    + e.getMessage() + "'");
            return;
        }
        Tensor out = call(fn, c.get("args"), leaves);
        JsonNode expected = c.get("out");
        DType dtype = Golden.dtype(expected.get("dtype"));
        assertEquals(dtype, out.dtype(), what + ": result dtype");
        assertArrayEquals(Golden.ints(expected.get("shape")), out.shape(), what + ": output shape");
        assertClose(what + ": forward", Golden.numbers(expected.get("data")), out.toDoubleArray(), rtol(dtype), false);
        if (!c.has("grad_fn")) {
            return;
        }
        assertNotNull(out.gradFn(), what + ": no grad_fn");
        assertEquals(c.get("grad_fn").asText(), out.gradFn().name(), what + ": grad_fn");
        Tensor loss = out.mul(Golden.tensor(c.get("w"), dtype, device())).sum();
        if (c.has("backward_error")) {
            String message = c.get("backward_error").get("message").asText();
            RuntimeException e = assertThrows(UnsupportedOperationException.class, loss::backward, what + ": backward");
            assertTrue(e.getMessage().contains(message), what + ": expected PyTorch's message '" + message + "', got '"
                    + e.getMessage() + "'");
            return;
        }
        loss.backward();
        for (int i = 0; i < leaves.length; i++) {
            JsonNode eg = c.get("grads").get(i);
            if (eg.isNull()) {
                continue;
            }
            Tensor g = leaves[i].grad();
            assertNotNull(g, what + ": input " + i + " got no gradient");
            assertArrayEquals(Golden.ints(eg.get("shape")), g.shape(), what + ": gradient shape of input " + i);
            assertClose(what + ": gradient of input " + i, Golden.numbers(eg.get("data")), g.toDoubleArray(), rtol(dtype),
                    false);
        }
    }

    @TestFactory
    List<DynamicTest> specialFunctionsMatchPyTorch() {
        backend();   // skips when the device is unavailable
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode c : Golden.load("special.json").get("cases")) {
            tests.add(DynamicTest.dynamicTest(i++ + " " + c.get("fn").asText() + " " + c.get("args"), () -> check(c)));
        }
        return tests;
    }
}

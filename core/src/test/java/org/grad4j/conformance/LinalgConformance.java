package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Linalg;
import org.grad4j.Tensor;
import org.grad4j.autograd.Autograd;
import org.grad4j.autograd.GradCheck;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link Linalg} against PyTorch 1.13 ({@code golden/linalg.json.gz}, made by {@code tools/golden/linalg_golden.py}):
 * det, slogdet, logdet, inv, solve, cholesky, qr, eigh, eigvalsh, svd, svdvals, the norms, matrix_power, pinv,
 * matrix_rank, lstsq, multi_dot and cross: values, gradients of {@code (out * w).sum()}, grad_fn names, and
 * PyTorch's errors (kind and message), including those only the backward raises.
 *
 * <p>grad4j computes in double on the host with its own algorithms, PyTorch with LAPACK in the input's dtype:
 * values agree to {@link #rtol} (relative, with a floor at the largest expected magnitude), not bit for bit; zero
 * signs are not compared. Eigenvectors and singular vectors are compared with each column's sign fixed by its sum,
 * as the golden script does; the non-unique extra columns of a full SVD are checked for orthonormality instead.
 */
public abstract class LinalgConformance extends DeviceConformance {

    /** float64: a few hundred ulps (other algorithms); float32: PyTorch's own float32 rounding dominates. */
    static double rtol(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-11 : 2e-5;
    }

    private static Double number(JsonNode n) {
        return n == null || n.isNull() ? null : Golden.number(n);
    }

    /** The sign of each column sum of u, detached (the golden script's gauge for singular and eigen vectors). */
    private static Tensor signs(Tensor u) {
        return u.detach().sum(new int[] {-2}, true).sign();
    }

    private static Tensor svdPart(Tensor a, boolean full, String part) {
        Linalg.Svd r = Linalg.svd(a, full);
        int k = r.s().shape()[r.s().dim() - 1];
        Tensor u = r.u().narrow(-1, 0, k);
        Tensor vh = r.vh().narrow(-2, 0, k);
        Tensor sg = signs(u);
        return switch (part) {
            case "U" -> u.mul(sg);
            case "S" -> r.s();
            default -> vh.mul(sg.transpose(-2, -1));
        };
    }

    private static Tensor ord(JsonNode a, Function<Double, Tensor> numeric, Function<String, Tensor> named) {
        JsonNode o = a.get("ord");
        if (o.isNull()) {
            return numeric.apply(null);
        }
        String s = o.asText();
        return s.equals("fro") || s.equals("nuc") || s.equals("foo") ? named.apply(s) : numeric.apply(Golden.number(o));
    }

    private static int[] dims(JsonNode d) {
        return d == null || d.isNull() ? null : Golden.ints(d);
    }

    static Tensor apply(String op, JsonNode a, Tensor[] in) {
        Tensor x = in[0];
        return switch (op) {
            case "det" -> Linalg.det(x);
            case "det_tensor" -> x.det();
            case "logdet" -> x.logdet();
            case "slogdet" -> a.get("part").asText().equals("sign") ? Linalg.slogdet(x).sign() : x.slogdet().logabsdet();
            case "det_mT" -> Linalg.det(x.mT());
            case "svdvals_mT" -> Linalg.svdvals(x.mT());
            case "solve_mT" -> Linalg.solve(x.mT(), in[1]);
            case "inv_mT" -> Linalg.inv(x.mT());
            case "inv" -> Linalg.inv(x);
            case "inverse" -> x.inverse();
            case "solve" -> Linalg.solve(x, in[1]);
            case "cholesky" -> a.get("upper").asBoolean() ? Linalg.cholesky(x, true) : Linalg.cholesky(x);
            case "cholesky_tensor" -> a.get("upper").asBoolean() ? x.cholesky(true) : x.cholesky();
            case "qr_tensor" -> {
                Linalg.Qr r = a.get("some").asBoolean() ? x.qr() : x.qr(false);
                yield a.get("part").asText().equals("Q") ? r.q() : r.r();
            }
            case "qr" -> {
                String mode = a.get("mode").asText();
                Linalg.Qr r = mode.equals("reduced") ? Linalg.qr(x) : Linalg.qr(x, mode);
                yield a.get("part").asText().equals("Q") ? r.q() : r.r();
            }
            case "eigh" -> {
                String uplo = a.get("UPLO").asText();
                Linalg.Eigh r = uplo.equals("L") ? Linalg.eigh(x) : Linalg.eigh(x, uplo);
                yield a.get("part").asText().equals("eigenvalues") ? r.eigenvalues()
                        : r.eigenvectors().mul(signs(r.eigenvectors()));
            }
            case "eigvalsh" -> a.get("UPLO").asText().equals("L") ? Linalg.eigvalsh(x)
                    : Linalg.eigvalsh(x, a.get("UPLO").asText());
            case "svd" -> svdPart(x, a.get("full_matrices").asBoolean(), a.get("part").asText());
            case "svdvals" -> Linalg.svdvals(x);
            case "matrix_norm" -> ord(a, o -> Linalg.matrixNorm(x, o, dims(a.get("dim")), a.get("keepdim").asBoolean()),
                    s -> Linalg.matrixNorm(x, s, dims(a.get("dim")), a.get("keepdim").asBoolean()));
            case "vector_norm" -> a.get("dim").isNull() && !a.get("keepdim").asBoolean()
                    ? Linalg.vectorNorm(x, Golden.number(a.get("ord")))
                    : Linalg.vectorNorm(x, Golden.number(a.get("ord")), dims(a.get("dim")), a.get("keepdim").asBoolean());
            case "norm" -> a.get("ord").isNull() && a.get("dim").isNull() ? Linalg.norm(x)
                    : ord(a, o -> Linalg.norm(x, o, dims(a.get("dim")), a.get("keepdim").asBoolean()),
                            s -> a.get("dim").isNull() ? Linalg.norm(x, s)
                                    : Linalg.norm(x, s, dims(a.get("dim")), a.get("keepdim").asBoolean()));
            case "torch_norm_nuc" -> x.norm("nuc", dims(a.get("dim")), a.get("keepdim").asBoolean());
            case "matrix_power" -> Linalg.matrixPower(x, a.get("n").asInt());
            case "matrix_power_tensor" -> x.matrixPower(a.get("n").asInt());
            case "pinv" -> a.get("hermitian").asBoolean() ? Linalg.pinv(x, true) : Linalg.pinv(x);
            case "pinverse" -> x.pinverse();
            case "matrix_rank" -> a.get("hermitian").asBoolean() ? Linalg.matrixRank(x, true) : Linalg.matrixRank(x);
            case "pinv_tol" -> Linalg.pinv(x, number(a.get("atol")), number(a.get("rtol")), false);
            case "matrix_rank_tol" -> Linalg.matrixRank(x, number(a.get("atol")), number(a.get("rtol")), false);
            case "lstsq" -> {
                Linalg.Lstsq r = a.get("driver").isNull() ? Linalg.lstsq(x, in[1])
                        : Linalg.lstsq(x, in[1], null, a.get("driver").asText());
                yield switch (a.get("part").asText()) {
                    case "solution" -> r.solution();
                    case "residuals" -> r.residuals();
                    case "rank" -> r.rank();
                    default -> r.singularValues();
                };
            }
            case "multi_dot" -> Linalg.multiDot(Arrays.asList(in));
            case "cross" -> a.get("dim").asInt() == -1 ? Linalg.cross(x, in[1]) : Linalg.cross(x, in[1], a.get("dim").asInt());
            default -> throw new AssertionError("golden op '" + op + "' has no mapping in LinalgConformance.apply");
        };
    }

    void check(JsonNode c) {
        checkCase(c, device(), LinalgConformance::apply);
    }

    /** A golden input: int32 (LU pivots) from its exact values, else {@link Golden#anyTensor}. */
    static Tensor input(JsonNode t, org.grad4j.Device device) {
        if (!t.get("dtype").asText().equals("int32")) {
            return Golden.anyTensor(t, device);
        }
        double[] v = Golden.numbers(t.get("data"));
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            l[i] = (long) v[i];
        }
        return Tensor.of(l, Golden.ints(t.get("shape"))).to(DType.INT32).to(device);
    }

    /**
     * One golden case of linalg.json's format through {@code apply}: the forward (or PyTorch's error), grad_fn, the
     * gradients of {@code (out * w).sum()} or the backward's error.
     */
    static void checkCase(JsonNode c, org.grad4j.Device device, TensorOpsConformance.GoldenOp apply) {
        String op = c.get("op").asText();
        String what = c.get("dtype").asText() + " " + op + c.get("args") + " " + c.get("inputs").get(0).get("shape");
        JsonNode inputs = c.get("inputs");
        Tensor[] leaves = new Tensor[inputs.size()];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = input(inputs.get(i), device);
            if (leaves[i].isFloatingPoint()) {
                leaves[i].requiresGrad_(true);
            }
        }
        if (c.has("error")) {
            String error = c.get("error").asText();
            RuntimeException e = assertThrows(RuntimeException.class, () -> apply.apply(op, c.get("args"), leaves),
                    what + ": PyTorch raised " + error);
            assertTrue(TensorOpsConformance.javaKind(error).isInstance(e), what + ": PyTorch raised " + error + ", got " + e);
            String message = error.substring(error.indexOf(": ") + 2);
            assertEquals(message, e.getMessage(), what + ": message");
            return;
        }
        Tensor out = apply.apply(op, c.get("args"), leaves);
        JsonNode expected = c.get("out");
        assertArrayEquals(Golden.ints(expected.get("shape")), out.shape(), what + ": output shape");
        assertEquals(expected.get("dtype").asText(), out.dtype().torchName().replace("torch.", ""), what + ": dtype");
        DeviceConformance.assertClose(what + ": forward", Golden.numbers(expected.get("data")), out.toDoubleArray(),
                rtol(out.dtype()), !out.isFloatingPoint(), i -> true);
        if (!c.has("grad_fn")) {
            assertNull(out.gradFn(), what + ": PyTorch's result needs no grad");
            return;
        }
        assertNotNull(out.gradFn(), what + ": no grad_fn");
        assertEquals(c.get("grad_fn").asText(), out.gradFn().name(), what + ": grad_fn");
        if (c.has("backward_error")) {
            String error = c.get("backward_error").asText();
            Tensor w = Tensor.full(out.shape(), 1.0, out.dtype(), out.device());
            RuntimeException e = assertThrows(RuntimeException.class, () -> out.mul(w).sum().backward(), what);
            assertEquals(error.substring(error.indexOf(": ") + 2), e.getMessage(), what + ": backward message");
            return;
        }
        if (c.has("backward_bug")) {
            return;   // PyTorch 1.13's own backward fails on these shapes; gradientsMatchFiniteDifferences covers them
        }
        out.mul(Golden.anyTensor(c.get("w"), device)).sum().backward();
        for (int i = 0; i < leaves.length; i++) {
            JsonNode eg = c.get("grads").get(i);
            if (eg == null || eg.isNull()) {
                continue;
            }
            Tensor g = leaves[i].grad();
            assertNotNull(g, what + ": input " + i + " got no gradient");
            assertArrayEquals(Golden.ints(eg.get("shape")), g.shape(), what + ": gradient shape of input " + i);
            DeviceConformance.assertClose(what + ": gradient of input " + i, Golden.numbers(eg.get("data")),
                    g.toDoubleArray(), rtol(g.dtype()), false, j -> true);
        }
    }

    @TestFactory
    List<DynamicTest> linalgMatchesPyTorch() {
        backend();   // skips when the device is unavailable
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode c : Golden.load("linalg.json.gz").get("cases")) {
            String name = i++ + " " + c.get("dtype").asText() + " " + c.get("op").asText() + c.get("args");
            tests.add(DynamicTest.dynamicTest(name, () -> check(c)));
        }
        return tests;
    }

    /** A float64 leaf of fixed values in {@code [lo, hi)}: not a linear sequence, so its matrices have full rank. */
    private Tensor leaf(double lo, double hi, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * ((i * i * 0.618033988749895 + i * 0.3819 + 0.1) % 1.0);   // quadratic: full rank
        }
        return Tensor.of(v, DType.FLOAT64, device(), shape).requiresGrad_(true);
    }

    /** A well-conditioned float64 leaf: fixed values in [-1, 1) plus 3 I. */
    private Tensor wellConditioned(int... shape) {
        int n = shape[shape.length - 1];
        try (var ignored = org.grad4j.autograd.GradMode.noGrad()) {
            return leaf(-1, 1, shape).add(Tensor.eye(n, n, DType.FLOAT64).to(device()).mul(3.0)).detach()
                    .requiresGrad_(true);
        }
    }

    private DynamicTest grad(String name, Function<Tensor[], Tensor> fn, Tensor... in) {
        return DynamicTest.dynamicTest(name, () -> assertTrue(GradCheck.gradcheck(fn, in)));
    }

    @TestFactory
    List<DynamicTest> gradientsMatchFiniteDifferences() {
        backend();
        List<DynamicTest> l = new ArrayList<>();
        l.add(grad("det", in -> Linalg.det(in[0]), wellConditioned(2, 3, 3)));
        l.add(grad("inv", in -> Linalg.inv(in[0]), wellConditioned(3, 3)));
        l.add(grad("solve", in -> Linalg.solve(in[0], in[1]), wellConditioned(2, 3, 3), leaf(-2, 2, 3, 2)));
        l.add(grad("qr wide", in -> {
            Linalg.Qr r = Linalg.qr(in[0]);
            return r.q().sum().add(r.r().sum());
        }, leaf(-2, 2, 3, 5)));
        l.add(grad("pinv", in -> Linalg.pinv(in[0]), leaf(-2, 2, 4, 3)));
        l.add(grad("lstsq", in -> Linalg.lstsq(in[0], in[1]).solution(), leaf(-2, 2, 5, 3), leaf(-1, 1, 5, 2)));
        l.add(grad("lstsq vector", in -> Linalg.lstsq(in[0], in[1]).solution(), leaf(-2, 2, 5, 3), leaf(-1, 1, 5)));
        l.add(grad("lstsq batched vector", in -> Linalg.lstsq(in[0], in[1]).solution(), leaf(-2, 2, 2, 4, 3),
                leaf(-1, 1, 2, 4)));
        l.add(grad("solve 1x1 vector", in -> Linalg.solve(in[0], in[1]), wellConditioned(1, 1), leaf(-1, 1, 1)));
        l.add(grad("svd spectral", in -> Linalg.matrixNorm(in[0], 2.0), leaf(-2, 2, 3, 4)));
        return l;
    }

    /** A weighted sum, so every element of {@code t} enters the loss differently. */
    private static Tensor weighted(Tensor t) {
        double[] w = new double[t.numel()];
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.5 + (i * 0.37) % 1.0;
        }
        return t.mul(Tensor.of(w, t.dtype(), t.device(), t.shape())).sum();
    }

    private static Tensor firstGradient(Function<Tensor, Tensor> loss, Tensor x, boolean createGraph) {
        return Autograd.grad(loss.apply(x), List.of(x), null, createGraph, createGraph, false)[0];
    }

    /**
     * A Hessian-vector product through create_graph ({@code d/dx <grad loss(x), v>}) against central differences of
     * the first gradient along v.
     */
    private DynamicTest secondOrder(String name, Function<Tensor, Tensor> loss, Tensor x) {
        return DynamicTest.dynamicTest(name, () -> {
            Tensor v = leaf(-1, 1, x.shape()).detach();
            Tensor g = firstGradient(loss, x, true);
            assertNotNull(g.gradFn(), name + ": the gradient has no graph");
            double[] hv = Autograd.grad(g.mul(v).sum(), List.of(x), null, false, false, false)[0].toDoubleArray();
            double eps = 1e-6;
            Tensor up = x.detach().add(v.mul(eps)).requiresGrad_(true);
            Tensor down = x.detach().sub(v.mul(eps)).requiresGrad_(true);
            double[] fd = firstGradient(loss, up, false).sub(firstGradient(loss, down, false)).div(2 * eps).toDoubleArray();
            DeviceConformance.assertClose(name + ": Hessian-vector product", fd, hv, 1e-5, false, i -> true);
        });
    }

    @TestFactory
    List<DynamicTest> secondDerivativesMatchFiniteDifferences() {
        backend();
        List<DynamicTest> l = new ArrayList<>();
        Tensor b = leaf(-1, 1, 3, 2).detach();
        l.add(secondOrder("det", Linalg::det, wellConditioned(3, 3)));
        l.add(secondOrder("slogdet", x -> weighted(Linalg.slogdet(x).logabsdet()), wellConditioned(2, 3, 3)));
        l.add(secondOrder("inv", x -> weighted(Linalg.inv(x)), wellConditioned(3, 3)));
        l.add(secondOrder("solve", x -> weighted(Linalg.solve(x, b)), wellConditioned(3, 3)));
        l.add(secondOrder("cholesky", x -> weighted(Linalg.cholesky(x.matmul(x.mT()))), wellConditioned(3, 3)));
        l.add(secondOrder("qr", x -> weighted(Linalg.qr(x).r()).add(weighted(Linalg.qr(x).q())), leaf(-2, 2, 4, 3)));
        l.add(secondOrder("eigh", x -> {
            Linalg.Eigh e = Linalg.eigh(x.add(x.mT()));
            return weighted(e.eigenvalues()).add(weighted(e.eigenvectors().mul(signs(e.eigenvectors()))));
        }, leaf(-2, 2, 3, 3)));
        l.add(secondOrder("svd", x -> {
            Linalg.Svd r = Linalg.svd(x, false);
            return weighted(r.s()).add(weighted(r.u().mul(signs(r.u()))));
        }, leaf(-2, 2, 3, 4)));
        l.add(secondOrder("svdvals", x -> weighted(Linalg.svdvals(x)), leaf(-2, 2, 4, 3)));
        l.add(secondOrder("pinv", x -> weighted(Linalg.pinv(x)), leaf(-2, 2, 4, 3)));
        l.add(secondOrder("lstsq", x -> weighted(Linalg.lstsq(x, leaf(-1, 1, 4, 2).detach()).solution()),
                leaf(-2, 2, 4, 3)));
        return l;
    }

    /** A full SVD's U and Vh are orthogonal and reconstruct A (the extra columns are not unique; the suite checks them here). */
    @Test
    void fullSvdIsOrthogonal() {
        backend();
        for (int[] shape : new int[][] {{5, 2}, {2, 5}, {2, 4, 3}}) {
            Tensor a = leaf(-2, 2, shape).detach();
            Linalg.Svd r = Linalg.svd(a);
            int m = shape[shape.length - 2];
            int n = shape[shape.length - 1];
            Tensor eyeM = Tensor.eye(m, m, DType.FLOAT64).to(device());
            Tensor eyeN = Tensor.eye(n, n, DType.FLOAT64).to(device());
            Tensor uu = r.u().transpose(-2, -1).matmul(r.u()).sub(eyeM);
            Tensor vv = r.vh().matmul(r.vh().transpose(-2, -1)).sub(eyeN);
            DeviceConformance.assertClose("U^T U", new double[uu.numel()], uu.toDoubleArray(), 1e-13, false, i -> true);
            DeviceConformance.assertClose("Vh Vh^T", new double[vv.numel()], vv.toDoubleArray(), 1e-13, false, i -> true);
            int k = Math.min(m, n);
            Tensor rec = r.u().narrow(-1, 0, k).mul(r.s().unsqueeze(-2)).matmul(r.vh().narrow(-2, 0, k));
            DeviceConformance.assertClose("U S Vh", a.toDoubleArray(), rec.toDoubleArray(), 1e-13, false, i -> true);
        }
    }
}

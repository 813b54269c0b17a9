package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import org.grad4j.DType;
import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;
import org.grad4j.autograd.Autograd;
import org.junit.jupiter.api.Test;

/**
 * Higher-order gradients against PyTorch 1.13 ({@code tools/golden/parity_golden.py}): backward and
 * {@code Autograd.grad} with createGraph, for the first-order gradients (values, grad_fn names, requires_grad)
 * and their own gradients (Hessian-vector products, third derivatives, a WGAN-GP gradient penalty, Linear + MSE
 * double backward, a leaf's {@code .grad} with history), and PyTorch's errors. Values within a few ulps (the
 * second-order formulas may round in another order than PyTorch's kernels).
 */
public abstract class ParityConformance extends DeviceConformance {
    private static JsonNode golden;

    private static JsonNode golden() {
        if (golden == null) {
            golden = Golden.load("parity.json.gz");
        }
        return golden;
    }

    /**
     * Ops grad4j composes from others where PyTorch has one kernel (layer_norm, training batch_norm): the gradient
     * comes out of the composite's graph, so its grad_fn is the composite's last op, not PyTorch's
     * {@code Native*BackwardBackward0}; values are checked all the same.
     */
    private static final java.util.Set<String> COMPOSED = java.util.Set.of("layers:layer_norm", "layers:batch_norm_train");

    private static Tensor[] grad(Tensor out, boolean create, Tensor... inputs) {
        return Autograd.grad(out, List.of(inputs), null, create, create, false);
    }

    private static Tensor gradAllowUnused(Tensor out, Tensor... inputs) {
        return Autograd.grad(out, List.of(inputs), null, false, false, true)[0];
    }

    private static Tensor unary(String name, Tensor x) {
        return switch (name) {
            case "tanh" -> x.tanh();
            case "sigmoid" -> x.sigmoid();
            case "exp" -> x.exp();
            case "log" -> x.log();
            case "relu" -> x.relu();
            case "sqrt" -> x.sqrt();
            case "sin" -> x.sin();
            case "cos" -> x.cos();
            case "square" -> x.mul(x);
            case "pow3" -> x.pow(3.0);
            case "powhalf" -> x.pow(0.5);
            case "reciprocal" -> x.reciprocal();
            case "neg" -> x.neg();
            case "abs" -> x.abs();
            case "log1p" -> x.log1p();
            case "expm1" -> x.expm1();
            case "rsqrt" -> x.rsqrt();
            case "softmax" -> x.softmax(1);
            case "log_softmax" -> x.logSoftmax(1);
            case "softmax0" -> x.softmax(0);
            case "logsumexp" -> x.logsumexp(1);
            case "sum_sq" -> x.sum(1).pow(2.0);
            case "mean_sq" -> x.mean(new int[] {1}, false).pow(2.0);
            case "mean_all_sq" -> x.mean().pow(2.0);
            case "div_scalar" -> x.reciprocal().mul(2.0);
            case "rsub" -> x.rsub(1.0).mul(x);
            case "mul_scalar" -> x.mul(3.0).mul(x);
            case "maximum" -> x.maximum(x.flip(1)).mul(x);
            case "clamp" -> x.clamp(-0.5, 0.5).mul(x);
            case "t_matmul" -> x.t().matmul(x);
            case "var" -> x.var(new int[] {1}, 1, false);
            case "std" -> x.std(new int[] {1}, 1, false);
            case "norm" -> x.norm(2.0, new int[] {1}, false);
            case "prod" -> x.prod(1, false);
            case "prod_zero" -> x.sub(x.narrow(1, 0, 1)).prod(1, false);
            case "prod_all_zero" -> x.sub(x.narrow(0, 0, 1).narrow(1, 0, 1)).prod();
            case "silu" -> x.silu();
            case "gelu" -> x.gelu();
            case "elu" -> x.elu();
            case "leaky_relu" -> x.leakyRelu(0.1).mul(x);
            case "softplus" -> x.softplus();
            case "softplus_beta" -> x.softplus(2.0, 1.0);
            case "elu_alpha" -> x.elu(0.5);
            case "leaky_relu_plain" -> x.leakyRelu(0.1);
            case "hardtanh" -> Functional.hardtanh(x, -0.5, 0.5);
            case "gelu_tanh" -> x.gelu("tanh");
            case "logsigmoid" -> x.logsigmoid();
            case "erf" -> x.erf();
            case "cumsum" -> x.cumsum(1).pow(2.0);
            case "expand" -> x.narrow(1, 0, 1).expand(2, 3).mul(x);
            case "view" -> x.reshape(3, 2).matmul(x);
            case "index" -> x.indexSelect(1, Tensor.of(new long[] {2, 0}, 2).to(x.device())).pow(2.0);
            case "where" -> Tensor.where(x.gt(0.0), x.mul(x), x.exp());
            default -> throw new AssertionError("no Java form for unary case " + name);
        };
    }

    private static Tensor binary(String name, Tensor a, Tensor b) {
        return switch (name) {
            case "mul" -> a.mul(b);
            case "div" -> a.div(b);
            case "pow" -> a.pow(b);
            case "sub" -> a.sub(b).mul(a.sub(b));
            case "add" -> a.add(b).mul(a);
            case "mul_bcast" -> a.mul(b.select(0, 0));
            case "div_bcast" -> a.div(b.select(0, 1));
            case "matmul" -> a.matmul(b.t());
            case "maximum" -> a.maximum(b).mul(a);
            case "atan2_like" -> a.mul(b.exp()).div(a.mul(a).add(b.mul(b)));
            default -> throw new AssertionError("no Java form for binary case " + name);
        };
    }

    /** Replays one case; returns its outputs by name, in the golden file's order. */
    private Map<String, Tensor> run(String name, Map<String, Tensor> in) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        String kind = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
        String op = name.substring(name.indexOf(':') + 1);
        switch (kind) {
            case "unary" -> {
                Tensor x = in.get("x").requiresGrad_(true);
                Tensor y = unary(op, x);
                Tensor g1 = grad(y.mul(in.get("c")).sum(), true, x)[0];
                out.put("g1", g1);
                if (g1.requiresGrad()) {
                    out.put("hvp", gradAllowUnused(g1.mul(in.get("v")).sum(), x));
                }
            }
            case "binary" -> {
                Tensor a = in.get("a").requiresGrad_(true);
                Tensor b = in.get("b").requiresGrad_(true);
                Tensor[] g = grad(binary(op, a, b).mul(in.get("c")).sum(), true, a, b);
                out.put("ga", g[0]);
                out.put("gb", g[1]);
                Tensor[] h = Autograd.grad(g[0].mul(in.get("v")).sum().add(g[1].mul(in.get("w")).sum()), List.of(a, b),
                        null, false, false, true);
                out.put("ha", h[0]);
                out.put("hb", h[1]);
            }
            case "loss" -> {
                Tensor x = in.get("x").requiresGrad_(true);
                Tensor t = in.get("t");
                Tensor loss = switch (op) {
                    case "cross_entropy" -> Functional.crossEntropy(x, t.to(DType.INT64));
                    case "cross_entropy_sum" -> Functional.crossEntropy(x, t.to(DType.INT64), null, -100, Reduction.SUM,
                            0.0);
                    case "nll_log_softmax" -> Functional.nllLoss(Functional.logSoftmax(x, 1), t.to(DType.INT64));
                    case "mse" -> Functional.mseLoss(x, t, Reduction.MEAN);
                    case "mse_sum" -> Functional.mseLoss(x, t, Reduction.SUM);
                    case "bce_logits" -> Functional.binaryCrossEntropyWithLogits(x, t);
                    case "bce" -> Functional.binaryCrossEntropy(x.sigmoid(), t);
                    default -> throw new AssertionError(op);
                };
                Tensor g1 = grad(loss, true, x)[0];
                out.put("loss", loss);
                out.put("g1", g1);
                out.put("hvp", grad(g1.mul(in.get("v")).sum(), false, x)[0]);
            }
            case "linear_mse" -> {
                Tensor w = in.get("w").requiresGrad_(true);
                Tensor b = in.get("b").requiresGrad_(true);
                Tensor loss = Functional.mseLoss(Functional.linear(in.get("x"), w, b), in.get("t"), Reduction.MEAN);
                Tensor[] g = grad(loss, true, w, b);
                Tensor pen = g[0].pow(2.0).sum().add(g[1].pow(2.0).sum());
                pen.backward();
                out.put("gw", g[0]);
                out.put("gb", g[1]);
                out.put("pen", pen);
                out.put("w.grad", w.grad());
                out.put("b.grad", b.grad());
            }
            case "wgan_gp" -> {
                Tensor w1 = in.get("w1").requiresGrad_(true);
                Tensor b1 = in.get("b1").requiresGrad_(true);
                Tensor w2 = in.get("w2").requiresGrad_(true);
                Tensor b2 = in.get("b2").requiresGrad_(true);
                Function<Tensor, Tensor> d = v -> {
                    Tensor h = Functional.linear(v, w1, b1);
                    return Functional.linear(op.equals("tanh") ? h.tanh() : h.relu(), w2, b2);
                };
                Tensor eps = in.get("eps");
                Tensor xh = eps.mul(in.get("real")).add(eps.rsub(1.0).mul(in.get("fake"))).requiresGrad_(true);
                Tensor o = d.apply(xh);
                Tensor gx = Autograd.grad(o, List.of(xh), Tensor.onesLike(o), true, true, false)[0];
                Tensor gp = gx.norm(2.0, new int[] {1}, false).sub(1.0).pow(2.0).mean();
                Tensor loss = d.apply(in.get("fake")).mean().sub(d.apply(in.get("real")).mean()).add(gp.mul(10.0));
                loss.backward();
                out.put("gx", gx);
                out.put("gp", gp);
                out.put("loss", loss);
                out.put("w1.grad", w1.grad());
                out.put("b1.grad", b1.grad());
                out.put("w2.grad", w2.grad());
                out.put("b2.grad", b2.grad());
            }
            case "leaf_grad_graph" -> {
                Tensor x = in.get("x").requiresGrad_(true);
                Tensor y = x.pow(3.0).sum();
                y.backward(null, true, true);
                out.put("grad1", x.grad());
                y.backward(null, true, true);
                out.put("grad2", x.grad());
                out.put("hess", grad(x.grad().sum(), false, x)[0]);
            }
            case "third" -> {
                Tensor x = in.get("x").requiresGrad_(true);
                Tensor y = switch (op) {
                    case "pow3" -> x.pow(3.0);
                    case "tanh" -> x.tanh();
                    default -> x.sigmoid().mul(x);
                };
                Tensor g1 = grad(y.sum(), true, x)[0];
                Tensor g2 = grad(g1.sum(), true, x)[0];
                out.put("g1", g1);
                out.put("g2", g2);
                out.put("g3", grad(g2.sum(), false, x)[0]);
            }
            case "seeded" -> {
                Tensor x = in.get("x").requiresGrad_(true);
                Tensor s = in.get("s").requiresGrad_(true);
                x.tanh().mul(x).backward(s, true, true);
                Tensor gx = x.grad();
                Tensor[] h = grad(gx.mul(gx).sum(), false, s, x);
                out.put("x.grad", gx);
                out.put("gs", h[0]);
                out.put("hx", h[1]);
            }
            case "layers" -> {
                Tensor x = in.get("x").requiresGrad_(true);
                Tensor w = in.get("w").requiresGrad_(true);
                Tensor b = in.containsKey("b") ? in.get("b").requiresGrad_(true) : null;
                Tensor y = switch (op) {
                    case "conv" -> Functional.conv2d(x, w, b, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1);
                    case "conv_groups" -> Functional.conv2d(x, w, b, new int[] {1, 1}, new int[] {1, 1},
                            new int[] {1, 1}, 2);
                    case "layer_norm" -> Functional.layerNorm(x, new int[] {4}, w, b, 1e-5);
                    case "batch_norm_eval", "batch_norm_train" -> Functional.batchNorm(x, in.get("rm").clone(),
                            in.get("rv").clone(), w, b, op.endsWith("train"), 0.1, 1e-5);
                    case "max_pool" -> Functional.maxPool2d(x.mul(w).tanh(), new int[] {2, 2});
                    default -> Functional.avgPool2d(x.mul(w).tanh(), new int[] {2, 2});
                };
                y = op.startsWith("conv") ? y.tanh().sum() : op.startsWith("batch") ? y.sigmoid().sum()
                        : op.endsWith("pool") ? y.pow(2.0).sum() : y.tanh().sum();
                Tensor gx = grad(y, true, x)[0];
                Tensor pen = gx.pow(2.0).sum();
                pen.backward();
                out.put("gx", gx);
                out.put("pen", pen);
                out.put("x.grad", x.grad());
                out.put("w.grad", w.grad());
                if (b != null) {
                    out.put("b.grad", b.grad());
                }
            }
            default -> throw new AssertionError("unknown case " + name);
        }
        return out;
    }

    @Test
    void higherOrderGradientsMatchPyTorch() {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (JsonNode c : golden().get("cases")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            String name = c.get("name").asText();
            Map<String, Tensor> in = new LinkedHashMap<>();
            c.get("inputs").fields().forEachRemaining(e -> in.put(e.getKey(), Golden.tensor(e.getValue(),
                    e.getKey().equals("t") && name.startsWith("loss:cross") || name.equals("loss:nll_log_softmax")
                            && e.getKey().equals("t") ? DType.FLOAT64 : dtype, device())));
            Map<String, Tensor> out;
            try {
                out = run(name, in);
            } catch (RuntimeException | AssertionError e) {
                failures.add(dtype + " " + name + ": threw " + e);
                continue;
            }
            for (JsonNode o : c.get("outputs")) {
                String at = dtype + " " + name + " " + o.get("name").asText();
                Tensor got = out.get(o.get("name").asText());
                if (o.has("none")) {
                    if (got != null) {
                        failures.add(at + ": expected no gradient");
                    }
                    continue;
                }
                if (got == null) {
                    failures.add(at + ": no gradient");
                    continue;
                }
                String fn = o.get("grad_fn").isNull() ? null : o.get("grad_fn").asText();
                String gotFn = got.gradFn() == null ? null : got.gradFn().name();
                if (!java.util.Objects.equals(fn, gotFn) && !COMPOSED.contains(name)) {
                    failures.add(at + ": grad_fn " + gotFn + ", PyTorch " + fn);
                }
                if (o.get("requires_grad").asBoolean() != got.requiresGrad()) {
                    failures.add(at + ": requires_grad " + got.requiresGrad());
                }
                // conv2d and pooling sum in another order than PyTorch's kernels (README): float32 gets more room
                String close = close(dtype, Golden.numbers(o.get("data")), got, Golden.ints(o.get("shape")),
                        name.startsWith("layers:") ? 10 : 1);
                if (close != null) {
                    failures.add(at + ": " + close);
                }
                checked++;
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " mismatches:\n" + String.join("\n", failures));
        }
        assertTrue(checked > 300, "checked " + checked);
    }

    private static String close(DType dtype, double[] want, Tensor got, int[] shape, double scale) {
        if (!java.util.Arrays.equals(shape, got.shape())) {
            return "shape " + java.util.Arrays.toString(got.shape()) + ", PyTorch " + java.util.Arrays.toString(shape);
        }
        if (got.dtype() != dtype) {
            return "dtype " + got.dtype();
        }
        double[] g = got.toDoubleArray();
        double rel = (dtype == DType.FLOAT32 ? 2e-5 : 1e-12) * scale;
        for (int i = 0; i < g.length; i++) {
            double tol = rel * Math.max(1.0, Math.abs(want[i]));
            if (!(Math.abs(g[i] - want[i]) <= tol) && !(Double.isNaN(g[i]) && Double.isNaN(want[i]))) {
                return "at " + i + " " + g[i] + ", PyTorch " + want[i];
            }
        }
        return null;
    }

    /** var/std over dims, corrections, keepdim and memory layouts: PyTorch 1.13's CPU bits (Welford / two-pass). */
    @Test
    void varAndStdMatchPyTorchBitForBit() {
        int checked = 0;
        for (JsonNode c : golden().get("moments")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            int[] shape = Golden.ints(c.get("shape"));
            double[] data = Golden.numbers(c.get("data"));
            String layout = c.get("layout").isNull() ? "" : c.get("layout").asText();
            Tensor x = switch (layout) {
                case "t" -> Tensor.of(data, dtype, device(), shape).t().contiguous().t();
                case "perm" -> Tensor.of(data, dtype, device(), shape).permute(2, 0, 1).contiguous().permute(1, 2, 0);
                case "slice" -> {
                    // rows 0, 2, 4, ... of a [2 * rows, cols] tensor: strides [2 * cols, 1]
                    double[] padded = new double[data.length * 2];
                    for (int r = 0; r < shape[0]; r++) {
                        System.arraycopy(data, r * shape[1], padded, 2 * r * shape[1], shape[1]);
                    }
                    yield Tensor.of(padded, dtype, device(), shape[0], 2, shape[1]).select(1, 0);
                }
                default -> Tensor.of(data, dtype, device(), shape);
            };
            assertArrayEquals(Golden.ints(c.get("strides")), x.stride(), "strides of the " + layout + " input");
            int[] dims = c.get("dims").isNull() ? null : Golden.ints(c.get("dims"));
            for (JsonNode r : c.get("results")) {
                int correction = r.get("correction").asInt();
                boolean keepdim = r.get("keepdim").asBoolean();
                boolean std = r.get("std").asBoolean();
                String at = dtype + " " + java.util.Arrays.toString(shape) + " " + layout + " dims "
                        + java.util.Arrays.toString(dims) + " correction " + correction + " keepdim " + keepdim
                        + (std ? " std" : " var");
                int[] d = dims == null ? new int[0] : dims;
                Tensor got = std ? x.std(d, correction, keepdim) : x.var(d, correction, keepdim);
                assertArrayEquals(Golden.ints(r.get("out_shape")), got.shape(), at);
                double[] want = Golden.numbers(r.get("out"));
                double[] g = got.toDoubleArray();
                for (int i = 0; i < g.length; i++) {
                    assertEquals(Double.doubleToLongBits(want[i]), Double.doubleToLongBits(g[i]),
                            at + " at " + i + ": " + g[i] + ", PyTorch " + want[i]);
                }
                checked++;
            }
        }
        assertTrue(checked >= 500, "checked " + checked);
    }

    private Tensor layout(String name) {
        Tensor a24 = Tensor.arange(0, 24, 1).to(DType.FLOAT32).to(device());
        return switch (name) {
            case "t" -> a24.reshape(4, 6).t();
            case "perm" -> a24.reshape(2, 3, 4).permute(2, 0, 1);
            case "perm_cl" -> Tensor.arange(0, 120, 1).to(DType.FLOAT32).to(device()).reshape(2, 3, 4, 5)
                    .permute(0, 2, 3, 1);
            case "slice" -> a24.reshape(4, 6).slice(1, 0, 6, 2);
            case "slice_t" -> a24.reshape(4, 6).slice(1, 0, 6, 2).t();
            case "slice_perm" -> Tensor.arange(0, 48, 1).to(DType.FLOAT32).to(device()).reshape(2, 4, 6)
                    .slice(2, 0, 6, 2).permute(2, 0, 1);
            case "expand" -> a24.narrow(0, 0, 3).reshape(3, 1).expand(3, 4);
            case "expand_t" -> a24.narrow(0, 0, 3).reshape(1, 3).expand(4, 3).t();
            case "size1_t" -> a24.narrow(0, 0, 4).reshape(1, 4).t();
            case "diagonal" -> Tensor.arange(0, 16, 1).to(DType.FLOAT32).to(device()).reshape(4, 4).diagonal();
            case "select_t" -> a24.reshape(2, 3, 4).transpose(1, 2).select(0, 1);
            case "contiguous" -> a24.narrow(0, 0, 6).reshape(2, 3);
            case "scalar" -> Tensor.full(new int[0], 2.0, DType.FLOAT32, device());
            default -> throw new AssertionError(name);
        };
    }

    /** clone() and to(dtype) keep a view's layout as PyTorch's preserve_format; contiguous() makes it row-major. */
    @Test
    void cloneAndToPreserveStrides() {
        for (JsonNode c : golden().get("strides")) {
            String name = c.get("name").asText();
            Tensor x = layout(name);
            assertArrayEquals(Golden.ints(c.get("shape")), x.shape(), name);
            assertArrayEquals(Golden.ints(c.get("strides")), x.stride(), name + " input");
            Tensor clone = x.clone();
            assertArrayEquals(Golden.ints(c.get("clone")), clone.stride(), name + " clone");
            Tensor to = x.to(DType.FLOAT64);
            assertArrayEquals(Golden.ints(c.get("to")), to.stride(), name + " to(float64)");
            assertArrayEquals(Golden.ints(c.get("contiguous")), x.contiguous().stride(), name + " contiguous");
            double[] values = Golden.numbersPlain(c.get("values"));
            assertArrayEquals(values, clone.toDoubleArray(), 0.0, name + " clone values");
            assertArrayEquals(values, to.toDoubleArray(), 0.0, name + " to values");
            // the gradient of a clone reaches the view's base in its layout
            Tensor leaf = x.detach().clone().requiresGrad_(true);
            leaf.clone().mul(2.0).sum().backward();
            assertArrayEquals(new double[values.length], leaf.grad().sub(2.0).toDoubleArray(), 0.0, name + " grad");
        }
    }

    private static void draw(org.grad4j.Generator g, String what) {
        if (what.startsWith("randn")) {
            g.normal(new double[Integer.parseInt(what.substring(5))], 0, 1);   // torch.randn(n, dtype=float64)
        } else {
            g.uniform(new float[Integer.parseInt(what.substring(4))], 0, 1);   // torch.rand(n)
        }
    }

    /** get_state gives PyTorch's 5056 bytes; set_state of PyTorch's bytes continues PyTorch's stream. */
    @Test
    void generatorStateMatchesPyTorch() {
        for (JsonNode c : golden().get("rng").get("states")) {
            org.grad4j.Generator g = new org.grad4j.Generator(c.get("seed").asLong());
            for (JsonNode d : c.get("draws")) {
                draw(g, d.asText());
            }
            String at = "seed " + c.get("seed") + " after " + c.get("draws");
            long[] want = new long[c.get("state").size()];
            for (int i = 0; i < want.length; i++) {
                want[i] = c.get("state").get(i).asLong();
            }
            Tensor state = g.getState();
            assertEquals(DType.UINT8, state.dtype(), at);
            assertArrayEquals(want, state.toLongArray(), at + ": get_state bytes");
            // PyTorch's bytes restored into a generator seeded elsewhere continue PyTorch's stream
            byte[] bytes = new byte[want.length];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) want[i];
            }
            org.grad4j.Generator other = new org.grad4j.Generator(999).setState(Tensor.of(bytes, bytes.length));
            double[] after = new double[3];
            other.normal(after, 0, 1);
            assertArrayEquals(Golden.numbers(c.get("after")), after, 0.0, at + ": randn after set_state");
            float[] rand = new float[4];
            other.uniform(rand, 0, 1);
            double[] wantRand = Golden.numbers(c.get("after_rand"));
            for (int i = 0; i < rand.length; i++) {
                assertEquals(wantRand[i], rand[i], 0.0, at + ": rand after set_state");
            }
        }
    }

    private Tensor sample(String name, org.grad4j.Generator g) {
        JsonNode in = golden().get("rng").get("inputs");
        Tensor p64 = Tensor.of(Golden.numbers(in.get("p64")), DType.FLOAT64, device(), 3, 5);
        Tensor w = Tensor.of(Golden.numbers(in.get("w")), DType.FLOAT64, device(), 6);
        Tensor w2 = Tensor.of(Golden.numbers(in.get("w2")), DType.FLOAT64, device(), 3, 5);
        return switch (name) {
            case "bernoulli_p64" -> p64.bernoulli(g);
            case "bernoulli_p32" -> p64.to(DType.FLOAT32).bernoulli(g);
            case "bernoulli_p64_t" -> p64.t().bernoulli(g);
            case "bernoulli_scalar_f32" -> Tensor.zeros(new int[] {7}, DType.FLOAT32).to(device()).bernoulli_(0.3, g);
            case "bernoulli_scalar_i64" -> Tensor.zeros(new int[] {2, 5}, DType.INT64).to(device()).bernoulli_(0.6, g);
            case "bernoulli_scalar_t" -> Tensor.zeros(new int[] {5, 3}, DType.FLOAT64).to(device()).t().bernoulli_(0.5, g);
            case "bernoulli_tensor_bcast" -> Tensor.zeros(new int[] {3, 5}, DType.FLOAT64).to(device())
                    .bernoulli_(p64.select(0, 0), g);
            case "bernoulli_tensor_f32p" -> Tensor.zeros(new int[] {3, 5}, DType.FLOAT64).to(device())
                    .bernoulli_(p64.to(DType.FLOAT32), g);
            case "exponential_f64" -> Tensor.zeros(new int[] {6}, DType.FLOAT64).to(device()).exponential_(2.0, g);
            case "exponential_f32" -> Tensor.zeros(new int[] {2, 3}, DType.FLOAT32).to(device()).exponential_(1.0, g);
            case "random_f64" -> Tensor.zeros(new int[] {5}, DType.FLOAT64).to(device()).random_(g);
            case "random_f32" -> Tensor.zeros(new int[] {2, 3}, DType.FLOAT32).to(device()).random_(g);
            case "random_i64" -> Tensor.zeros(new int[] {4}, DType.INT64).to(device()).random_(g);
            case "random_u8" -> Tensor.zeros(new int[] {6}, DType.UINT8).to(device()).random_(g);
            case "random_bool" -> Tensor.zeros(new int[] {6}, DType.BOOL).to(device()).random_(g);
            case "random_from_to" -> Tensor.zeros(new int[] {3, 4}, DType.INT64).to(device()).random_(-5, 7, g);
            case "random_to_f32" -> Tensor.zeros(new int[] {8}, DType.FLOAT32).to(device()).random_(0, 10, g);
            case "random_wide" -> Tensor.zeros(new int[] {4}, DType.INT64).to(device()).random_(0, 1L << 40, g);
            case "random_t" -> Tensor.zeros(new int[] {4, 3}, DType.FLOAT64).to(device()).t().random_(0, 100, g);
            case "multinomial_1d_norep" -> w.multinomial(3, false, g);
            case "multinomial_1d_one" -> w.multinomial(1, false, g);
            case "multinomial_1d_rep" -> w.multinomial(10, true, g);
            case "multinomial_1d_rep_f32" -> w.to(DType.FLOAT32).multinomial(10, true, g);
            case "multinomial_2d_norep" -> w2.multinomial(4, false, g);
            case "multinomial_2d_norep_f32" -> w2.to(DType.FLOAT32).multinomial(5, false, g);
            case "multinomial_2d_rep" -> w2.multinomial(7, true, g);
            case "multinomial_2d_one" -> w2.multinomial(1, true, g);
            default -> throw new AssertionError(name);
        };
    }

    /** bernoulli, exponential_ and multinomial: PyTorch's samples for the same seed, and the stream left where it left it. */
    @Test
    void samplesMatchPyTorch() {
        for (JsonNode c : golden().get("rng").get("samples")) {
            String name = c.get("name").asText();
            org.grad4j.Generator g = new org.grad4j.Generator(3);
            Tensor out = sample(name, g);
            assertEquals("uint8".equals(c.get("dtype").asText()) ? DType.UINT8 : Golden.dtype(c.get("dtype")), out.dtype(),
                    name);
            assertArrayEquals(Golden.ints(c.get("shape")), out.shape(), name);
            assertArrayEquals(Golden.ints(c.get("strides")), out.stride(), name + " strides");
            if (!out.dtype().isFloatingPoint()) {
                long[] want = new long[c.get("out").size()];
                for (int i = 0; i < want.length; i++) {
                    want[i] = c.get("out").get(i).asLong();
                }
                assertArrayEquals(want, out.toLongArray(), name);
            } else {
                double[] want = Golden.numbers(c.get("out"));
                double[] got = out.toDoubleArray();
                for (int i = 0; i < want.length; i++) {
                    // exponential_'s log: Java's and glibc's differ in the last bit now and then (LibM)
                    assertEquals(want[i], got[i], Math.ulp(want[i]), name + " at " + i);
                }
            }
            double[] tail = new double[2];
            g.uniform(tail, 0, 1);
            assertArrayEquals(Golden.numbers(c.get("tail")), tail, 0.0, name + ": the stream after it");
        }
        JsonNode errors = golden().get("rng").get("errors");
        Tensor w = Tensor.of(new double[] {0.5, -0.1, 0.2}, DType.FLOAT64, device(), 3);
        Tensor six = Tensor.ones(new int[] {6}, DType.FLOAT64).to(device());
        for (JsonNode e : errors) {
            String name = e.get("name").asText();
            org.grad4j.Generator g = new org.grad4j.Generator(0);
            org.junit.jupiter.api.function.Executable run = switch (name) {
                case "multinomial_negative" -> () -> w.multinomial(1, false, g);
                case "multinomial_negative_rep" -> () -> w.multinomial(2, true, g);
                case "multinomial_too_many" -> () -> six.multinomial(7, false, g);
                case "multinomial_zero_sum" -> () -> Tensor.zeros(new int[] {3}, DType.FLOAT64).multinomial(1, false, g);
                case "multinomial_3d" -> () -> Tensor.ones(new int[] {2, 2, 2}, DType.FLOAT64).multinomial(1, false, g);
                case "multinomial_int" -> () -> Tensor.of(new long[] {1, 1, 1}, 3).multinomial(1, false, g);
                case "multinomial_zero_samples" -> () -> six.multinomial(0, false, g);
                case "bernoulli_p_range" -> () -> Tensor.of(new double[] {0.5, 1.5}, DType.FLOAT64, device(), 2)
                        .bernoulli(g);
                case "bernoulli_scalar_range" -> () -> Tensor.zeros(new int[] {2}, DType.FLOAT64).bernoulli_(1.5, g);
                case "exponential_lambda" -> () -> Tensor.zeros(new int[] {2}, DType.FLOAT64).exponential_(-1.0, g);
                case "random_from_to" -> () -> Tensor.zeros(new int[] {2}, DType.INT64).random_(5, 3, g);
                case "set_state_size" -> () -> g.setState(Tensor.zeros(new int[] {10}, DType.UINT8));
                default -> throw new AssertionError(name);
            };
            Throwable t = assertThrows(IllegalArgumentException.class, run, name);
            String message = e.get("message").asText();
            String key = message.substring(0, Math.min(50, message.length()));
            assertTrue(t.getMessage().contains(key), name + ": " + t.getMessage() + " lacks PyTorch's '" + key + "'");
        }
    }

    /** F.pad(mode="circular"): values, the gradient, the grad_fn name and PyTorch's errors. */
    @Test
    void circularPadMatchesPyTorch() {
        for (JsonNode c : golden().get("pads")) {
            int[] shape = Golden.ints(c.get("shape"));
            int[] pad = Golden.ints(c.get("pad"));
            String at = java.util.Arrays.toString(shape) + " pad " + java.util.Arrays.toString(pad);
            int n = 1;
            for (int s : shape) {
                n *= s;
            }
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = i;
            }
            Tensor x = Tensor.of(v, DType.FLOAT64, device(), shape).requiresGrad_(true);
            Tensor y = Functional.pad(x, pad, "circular", 0.0);
            assertArrayEquals(Golden.ints(c.get("out_shape")), y.shape(), at);
            assertArrayEquals(Golden.numbersPlain(c.get("out")), y.toDoubleArray(), 0.0, at);
            double[] w = new double[y.numel()];
            for (int i = 0; i < w.length; i++) {
                w[i] = i;
            }
            y.mul(Tensor.of(w, DType.FLOAT64, device(), y.shape())).sum().backward();
            assertArrayEquals(Golden.numbersPlain(c.get("grad")), x.grad().toDoubleArray(), 0.0, at + " grad");
            assertEquals(c.get("grad_fn").asText(), y.gradFn().name(), at);
        }
        for (JsonNode e : golden().get("pad_errors")) {
            int[] shape = Golden.ints(e.get("shape"));
            int[] pad = Golden.ints(e.get("pad"));
            Tensor x = Tensor.ones(shape, DType.FLOAT64).to(device());
            Throwable t = assertThrows(IllegalArgumentException.class, () -> Functional.pad(x, pad, "circular", 0.0));
            String key = e.get("message").asText();
            key = key.substring(0, Math.min(45, key.length()));
            assertTrue(t.getMessage().contains(key), t.getMessage() + " lacks PyTorch's '" + key + "'");
        }
    }

    @Test
    void errorsMatchPyTorch() {
        Map<String, JsonNode> errors = new LinkedHashMap<>();
        for (JsonNode e : golden().get("errors")) {
            errors.put(e.get("name").asText(), e);
        }
        Tensor x = Tensor.of(new double[] {1.0, 2.0}, DType.FLOAT64, device(), 2).requiresGrad_(true);
        // without createGraph the gradient has no history: differentiating it again fails as PyTorch's
        Tensor g1 = grad(x.pow(3.0).sum(), false, x)[0];
        assertEquals(false, g1.requiresGrad());
        expect(errors.get("grad_of_grad_without_create_graph"), () -> grad(g1.sum(), false, x));

        Tensor y = x.exp().mul(x).sum();
        Autograd.grad(y, List.of(x), null, false, true, false);
        expect(errors.get("backward_after_retain_false"), y::backward);

        Tensor g2 = grad(x.tanh().sum(), true, x)[0];
        g2.sum().backward();
        expect(errors.get("double_backward_twice"), () -> g2.sum().backward());

        Tensor y2 = x.exp().mul(x).sum();
        y2.backward(null, true, true);
        assertNull(errors.get("create_graph_retains_graph").get("error").textValue());
        y2.backward();   // the graph was kept

        Tensor g3 = grad(x.mul(2.0).sum(), true, x)[0];   // constant in x: no history
        expect(errors.get("gradient_constant_in_x"), () -> grad(g3.sum(), false, x));
    }

    private static void expect(JsonNode error, org.junit.jupiter.api.function.Executable run) {
        assertEquals("RuntimeError", error.get("error").asText());
        Throwable t = assertThrows(IllegalStateException.class, run);
        String message = error.get("message").asText();
        String key = message.substring(0, Math.min(40, message.length()));
        assertTrue(t.getMessage().contains(key), t.getMessage() + " lacks PyTorch's '" + key + "'");
    }

    @Test
    void createGraphKeepsFirstOrderBits() {
        // the first-order gradient has the same bits with and without createGraph (the named backward nodes reuse
        // the first-order kernels)
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = Tensor.of(new double[] {-1.5, -0.25, 0.0, 0.75, 2.0, 3.5}, dtype, device(), 2, 3)
                    .requiresGrad_(true);
            Tensor t = Tensor.of(new double[] {0.5, 1.0, -1.0, 0.25, 2.0, 0.0}, dtype, device(), 2, 3);
            Function<Tensor, Tensor> f = v -> Functional.mseLoss(v.tanh().add(v.sigmoid()).add(v.relu())
                    .softmax(1).logSoftmax(0), t, Reduction.MEAN);
            Tensor plain = grad(f.apply(x), false, x)[0];
            Tensor withGraph = grad(f.apply(x), true, x)[0];
            assertArrayEquals(plain.toDoubleArray(), withGraph.toDoubleArray(), 0.0, dtype.toString());
        }
    }
}

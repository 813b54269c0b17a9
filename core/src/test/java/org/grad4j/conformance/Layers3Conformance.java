package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.ValuesIndices;
import org.grad4j.autograd.GradCheck;
import org.grad4j.nn.AdaptiveAvgPool3d;
import org.grad4j.nn.AdaptiveMaxPool3d;
import org.grad4j.nn.AlphaDropout;
import org.grad4j.nn.AvgPool3d;
import org.grad4j.nn.BatchNorm3d;
import org.grad4j.nn.Bilinear;
import org.grad4j.nn.ChannelShuffle;
import org.grad4j.nn.ConstantPad1d;
import org.grad4j.nn.ConstantPad2d;
import org.grad4j.nn.ConstantPad3d;
import org.grad4j.nn.Conv3d;
import org.grad4j.nn.ConvTranspose1d;
import org.grad4j.nn.ConvTranspose3d;
import org.grad4j.nn.EmbeddingBag;
import org.grad4j.nn.FeatureAlphaDropout;
import org.grad4j.nn.Fold;
import org.grad4j.nn.InstanceNorm3d;
import org.grad4j.nn.LPPool1d;
import org.grad4j.nn.LPPool2d;
import org.grad4j.nn.LocalResponseNorm;
import org.grad4j.nn.MaxPool3d;
import org.grad4j.nn.Module;
import org.grad4j.nn.PixelShuffle;
import org.grad4j.nn.PixelUnshuffle;
import org.grad4j.nn.RReLU;
import org.grad4j.nn.ReflectionPad1d;
import org.grad4j.nn.ReflectionPad2d;
import org.grad4j.nn.ReflectionPad3d;
import org.grad4j.nn.ReplicationPad1d;
import org.grad4j.nn.ReplicationPad2d;
import org.grad4j.nn.ReplicationPad3d;
import org.grad4j.nn.Softmax2d;
import org.grad4j.nn.Unfold;
import org.grad4j.nn.ZeroPad2d;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The layers3 layers against PyTorch 1.13 ({@code golden/layers3.json.gz}, made by
 * {@code tools/golden/layers3_golden.py}): conv3d, conv_transpose1d/3d, the 3-d poolings, the padding modules, the
 * shuffles, and the seeded modules (Conv3d, ConvTranspose1d/3d, BatchNorm3d, InstanceNorm3d): values, gradients,
 * grad_fn names, PyTorch's errors (kind, and the message where the case asks), reprs, initial parameters and state.
 *
 * <p>Selections (max pooling's values and indices, padding, shuffles) are exact everywhere; average pooling sums
 * in PyTorch's order and its gradients add in PyTorch's order, so they are exact on the CPU backend; convolutions sum
 * in another order than PyTorch's kernels, so they and the seeded modules are compared within {@link #rtol}.
 */
public abstract class Layers3Conformance extends DeviceConformance {

    private static JsonNode golden() {
        return Golden.load("layers3.json.gz");
    }

    static double rtol(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-13 : 2e-5;
    }

    private static int[] ints(JsonNode a, String key) {
        JsonNode v = a.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isArray() ? Golden.ints(v) : new int[] {v.asInt()};
    }

    private static boolean flag(JsonNode a, String key) {
        return a.get(key).asBoolean();
    }

    /** An output_size with PyTorch's None: through the module, which resolves it. */
    private static Integer[] sizes(JsonNode a) {
        JsonNode v = a.get("output_size");
        Integer[] out = new Integer[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).isNull() ? null : v.get(i).asInt();
        }
        return out;
    }

    private static boolean hasNone(JsonNode a) {
        for (JsonNode v : a.get("output_size")) {
            if (v.isNull()) {
                return true;
            }
        }
        return false;
    }

    /** The op as grad4j spells it; absent optional inputs are null. */
    static Tensor apply(String op, JsonNode a, Tensor[] in) {
        Tensor x = in[0];
        return switch (op) {
            case "conv3d" -> a.get("padding").isTextual()
                    ? Functional.conv3d(x, in[1], in[2], ints(a, "stride"), a.get("padding").asText(),
                            ints(a, "dilation"), a.get("groups").asInt())
                    : Functional.conv3d(x, in[1], in[2], ints(a, "stride"), ints(a, "padding"), ints(a, "dilation"),
                            a.get("groups").asInt());
            case "conv_transpose1d" -> Functional.convTranspose1d(x, in[1], in[2], ints(a, "stride"), ints(a, "padding"),
                    ints(a, "output_padding"), a.get("groups").asInt(), ints(a, "dilation"));
            case "conv_transpose3d" -> Functional.convTranspose3d(x, in[1], in[2], ints(a, "stride"), ints(a, "padding"),
                    ints(a, "output_padding"), a.get("groups").asInt(), ints(a, "dilation"));
            case "max_pool3d" -> Functional.maxPool3d(x, ints(a, "kernel_size"), ints(a, "stride"), ints(a, "padding"),
                    ints(a, "dilation"), flag(a, "ceil_mode"));
            case "max_pool3d_indices" -> Functional.maxPool3dWithIndices(x, ints(a, "kernel_size"), ints(a, "stride"),
                    ints(a, "padding"), ints(a, "dilation"), flag(a, "ceil_mode")).indices();
            case "avg_pool3d" -> Functional.avgPool3d(x, ints(a, "kernel_size"), ints(a, "stride"), ints(a, "padding"),
                    flag(a, "ceil_mode"), flag(a, "count_include_pad"),
                    a.get("divisor_override").isNull() ? null : a.get("divisor_override").asInt());
            case "adaptive_avg_pool3d" -> hasNone(a) ? new AdaptiveAvgPool3d(sizes(a)).call(x)
                    : Functional.adaptiveAvgPool3d(x, ints(a, "output_size"));
            case "adaptive_max_pool3d" -> hasNone(a) ? new AdaptiveMaxPool3d(sizes(a), false).call(x)
                    : Functional.adaptiveMaxPool3d(x, ints(a, "output_size"));
            case "adaptive_max_pool3d_indices" -> hasNone(a)
                    ? new AdaptiveMaxPool3d(sizes(a), true).forwardWithIndices(x).indices()
                    : Functional.adaptiveMaxPool3dWithIndices(x, ints(a, "output_size")).indices();
            case "pixel_shuffle" -> Functional.pixelShuffle(x, a.get("factor").asInt());
            case "pixel_unshuffle" -> Functional.pixelUnshuffle(x, a.get("factor").asInt());
            case "channel_shuffle" -> new ChannelShuffle(a.get("groups").asInt()).call(x);
            case "unfold" -> Functional.unfold(x, ints(a, "kernel_size"), ints(a, "dilation"), ints(a, "padding"),
                    ints(a, "stride"));
            case "fold" -> Functional.fold(x, ints(a, "output_size"), ints(a, "kernel_size"), ints(a, "dilation"),
                    ints(a, "padding"), ints(a, "stride"));
            case "bilinear" -> Functional.bilinear(x, in[1], in[2], in[3]);
            case "lp_pool1d" -> Functional.lpPool1d(x, a.get("norm_type").asDouble(), ints(a, "kernel_size"),
                    ints(a, "stride"), flag(a, "ceil_mode"));
            case "lp_pool2d" -> Functional.lpPool2d(x, a.get("norm_type").asDouble(), ints(a, "kernel_size"),
                    ints(a, "stride"), flag(a, "ceil_mode"));
            case "local_response_norm" -> Functional.localResponseNorm(x, a.get("size").asInt(),
                    a.get("alpha").asDouble(), a.get("beta").asDouble(), a.get("k").asDouble());
            case "Softmax2d" -> new Softmax2d().call(x);
            case "embedding_bag" -> Functional.embeddingBag(in[1], x, in[2],
                    a.get("max_norm").isNull() ? Double.NaN : a.get("max_norm").asDouble(), a.get("norm_type").asDouble(),
                    flag(a, "scale_grad_by_freq"), a.get("mode").asText(), in[3], flag(a, "include_last_offset"),
                    a.get("padding_idx").isNull() ? null : a.get("padding_idx").asInt());
            default -> padding(op, ints(a, "padding"), a.get("value").isNull() ? 0.0 : a.get("value").asDouble()).call(x);
        };
    }

    /** A padding module by name, with one int (every side) or the full list. */
    private static Module padding(String name, int[] p, double value) {
        return switch (name) {
            case "ZeroPad2d" -> new ZeroPad2d(p);
            case "ConstantPad1d" -> new ConstantPad1d(p, value);
            case "ConstantPad2d" -> new ConstantPad2d(p, value);
            case "ConstantPad3d" -> new ConstantPad3d(p, value);
            case "ReflectionPad1d" -> new ReflectionPad1d(p);
            case "ReflectionPad2d" -> new ReflectionPad2d(p);
            case "ReflectionPad3d" -> new ReflectionPad3d(p);
            case "ReplicationPad1d" -> new ReplicationPad1d(p);
            case "ReplicationPad2d" -> new ReplicationPad2d(p);
            case "ReplicationPad3d" -> new ReplicationPad3d(p);
            default -> throw new AssertionError("golden op '" + name + "' has no mapping in Layers3Conformance.apply");
        };
    }

    @TestFactory
    List<DynamicTest> casesMatchPyTorch() {
        backend();
        boolean cpu = device().equals(Device.CPU);
        return new GoldenCases(Layers3Conformance::apply, Layers3Conformance::rtol)
                // a module's refusal comes from its functional form (F.pad's for the padding modules)
                .opName(op -> op.equals("Softmax2d") ? op : Character.isUpperCase(op.charAt(0)) ? "pad"
                        : op.replaceAll("_indices$", ""))
                .exact((op, args, input) -> {
                    // products (convolutions, bilinear) and the composites' pow / exp differ from PyTorch's within
                    // rounding
                    boolean conv = op.startsWith("conv") || op.equals("bilinear") || op.startsWith("lp_pool")
                            || op.equals("local_response_norm") || op.equals("Softmax2d");
                    if (input >= 0) {
                        // F.pad's reflect / replicate gradients add one dim after the other, not in PyTorch's order
                        return cpu && !conv && !op.startsWith("Reflection") && !op.startsWith("Replication")
                                && !op.equals("embedding_bag");
                    }
                    // embedding_bag's max_norm renormalises with a norm computed in another order; selections (max,
                    // padding, shuffles, unfold) are exact on every backend; sums (average pooling, fold,
                    // embedding_bag) add in PyTorch's order on the CPU only
                    boolean renorm = op.equals("embedding_bag") && !args.get("max_norm").isNull();
                    boolean sums = op.contains("avg") || op.equals("fold") || op.equals("embedding_bag");
                    return !conv && !renorm && (cpu || !sums);
                })
                .gradientBeyondPyTorch(op -> op.equals("channel_shuffle"))   // 1.13 has no derivative for it
                .tests(golden(), device());
    }

    // ---------------------------------------------------------------------------------------------- seeded modules

    private Module seeded(String key, DType dt) {
        Generator g = new Generator(11);
        Device d = device();
        int[] one = {1};
        int[] zero = {0};
        return switch (key) {
            case "Conv3d(3, 4, 2)" -> new Conv3d(3, 4, new int[] {2}, one, zero, one, 1, true, "zeros", g, dt, d);
            case "Conv3d(4, 6, [3, 2, 1], 2, 1, 1, 2, false)" -> new Conv3d(4, 6, new int[] {3, 2, 1}, new int[] {2}, one,
                    one, 2, false, "zeros", g, dt, d);
            case "Conv3d(2, 2, 3, same, reflect)" -> new Conv3d(2, 2, new int[] {3}, one, "same", one, 1, true, "reflect",
                    g, dt, d);
            case "Conv3d(2, 3, 2, 1, 1, circular)" -> new Conv3d(2, 3, new int[] {2}, one, one, one, 1, true, "circular",
                    g, dt, d);
            case "Conv3d(2, 3, 3, 1, [1, 0, 2], replicate)" -> new Conv3d(2, 3, new int[] {3}, one, new int[] {1, 0, 2},
                    one, 1, true, "replicate", g, dt, d);
            case "ConvTranspose1d(4, 6, 3, 2, 1, 1, 2)" -> new ConvTranspose1d(4, 6, new int[] {3}, new int[] {2}, one,
                    one, 2, true, one, g, dt, d);
            case "ConvTranspose1d(3, 2, 4)" -> new ConvTranspose1d(3, 2, new int[] {4}, one, zero, zero, 1, true, one, g,
                    dt, d);
            case "ConvTranspose3d(4, 2, [2, 3, 2], 2, 1, 1, 2, false, 1)" -> new ConvTranspose3d(4, 2,
                    new int[] {2, 3, 2}, new int[] {2}, one, one, 2, false, one, g, dt, d);
            case "ConvTranspose3d(2, 3, 2)" -> new ConvTranspose3d(2, 3, new int[] {2}, one, zero, zero, 1, true, one, g,
                    dt, d);
            case "BatchNorm3d(3)" -> new BatchNorm3d(3, 1e-5, 0.1, true, true, dt, d);
            case "BatchNorm3d(2, 0.001, null, false, true)" -> new BatchNorm3d(2, 0.001, null, false, true, dt, d);
            case "InstanceNorm3d(3, affine, track)" -> new InstanceNorm3d(3, 1e-5, 0.1, true, true, dt, d);
            case "InstanceNorm3d(2)" -> new InstanceNorm3d(2, 1e-5, 0.1, false, false, dt, d);
            case "ConvTranspose1d(3, 2, 3, 2) size [12]" -> new ConvTranspose1d(3, 2, new int[] {3}, new int[] {2}, zero,
                    zero, 1, true, one, g, dt, d);
            case "ConvTranspose3d(2, 2, 2, 2) size [2, 2, 5, 6, 7]" -> new ConvTranspose3d(2, 2, new int[] {2},
                    new int[] {2}, zero, zero, 1, true, one, g, dt, d);
            case "EmbeddingBag(10, 3, mode=sum)" -> new EmbeddingBag(10, 3, Double.NaN, 2.0, false, "sum", false, null,
                    g, dt, d);
            case "EmbeddingBag(10, 3, pad 2)" -> new EmbeddingBag(10, 3, Double.NaN, 2.0, false, "mean", false, 2, g, dt,
                    d);
            case "Bilinear(3, 4, 2)" -> new Bilinear(3, 4, 2, true, g, dt, d);
            case "Bilinear(2, 3, 4, false)" -> new Bilinear(2, 3, 4, false, g, dt, d);
            default -> throw new AssertionError("unknown seeded module " + key);
        };
    }

    /** The module on x; Bilinear on x split along its last dim (in1_features, then the rest), as the golden. */
    private static Tensor call(String key, Module m, Tensor x) {
        if (key.contains(" size [")) {   // a transposed convolution called with output_size
            String[] parts = key.substring(key.indexOf('[') + 1, key.length() - 1).split(", ");
            int[] size = new int[parts.length];
            for (int i = 0; i < size.length; i++) {
                size[i] = Integer.parseInt(parts[i]);
            }
            return m instanceof ConvTranspose1d t ? t.forward(x, size) : ((ConvTranspose3d) m).forward(x, size);
        }
        if (m instanceof EmbeddingBag bag) {   // indices (|x| * 7) mod 10 in x's dtype, one bag per row
            double[] v = x.detach().toDoubleArray();
            long[] idx = new long[v.length];
            for (int i = 0; i < v.length; i++) {
                double t = Math.abs(v[i]) * 7;
                idx[i] = (long) (x.dtype() == DType.FLOAT32 ? (float) t : t) % 10;
            }
            return bag.call(Tensor.of(idx, x.shape()).to(x.device())).add(x.sum().mul(0.0));
        }
        if (m instanceof Bilinear b) {
            int in1 = b.weight().shape()[1];
            int last = x.dim() - 1;
            return b.forward(x.narrow(last, 0, in1), x.narrow(last, in1, x.shape()[last] - in1));
        }
        return m.call(x);
    }

    private static void close(String what, JsonNode expected, Tensor actual) {
        assertNotNull(actual, what + ": missing");
        assertArrayEquals(Golden.ints(expected.get("shape")), actual.shape(), what + ": shape");
        assertClose(what, Golden.numbers(expected.get("data")), actual.toDoubleArray(), rtol(actual.dtype()), false);
    }

    private static void state(String what, JsonNode expected, Module m) {
        Map<String, Tensor> st = m.stateDict();
        List<String> keys = new ArrayList<>();
        expected.fieldNames().forEachRemaining(keys::add);
        assertEquals(keys, new ArrayList<>(st.keySet()), what + ": state dict keys");
        for (String k : keys) {
            JsonNode e = expected.get(k);
            if (e.get("dtype").asText().equals("int64")) {
                assertEquals((long) Golden.number(e.get("data").get(0)), st.get(k).itemLong(), what + ": " + k);
            } else {
                close(what + ": " + k, e, st.get(k));
            }
        }
    }

    @TestFactory
    List<DynamicTest> seededModulesMatchPyTorch() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : golden().get("modules")) {
            String what = c.get("dtype").asText() + " " + c.get("key").asText();
            tests.add(DynamicTest.dynamicTest(what, () -> {
                DType dt = Golden.dtype(c.get("dtype"));
                Module m = seeded(c.get("key").asText(), dt);
                assertEquals(c.get("repr").asText(), m.toString(), what + ": repr");
                state(what + ": initial", c.get("state"), m);
                JsonNode steps = c.get("steps");
                for (int i = 0; i < steps.size(); i++) {
                    JsonNode st = steps.get(i);
                    Tensor x = Golden.tensor(st.get("x"), dt, device());
                    if (!st.has("w")) {
                        m.eval();
                        close(what + ": eval output", st.get("out"), call(c.get("key").asText(), m, x));
                        continue;
                    }
                    x.requiresGrad_(true);
                    Tensor y = call(c.get("key").asText(), m, x);
                    close(what + ": output " + i, st.get("out"), y);
                    assertEquals(st.get("grad_fn").asText(), y.gradFn().name(), what + ": grad_fn");
                    y.mul(Golden.tensor(st.get("w"), dt, device())).sum().backward();
                    close(what + ": input gradient " + i, st.get("x_grad"), x.grad());
                }
                Map<String, Tensor> params = m.namedParameters();
                c.get("param_grads").fields().forEachRemaining(e -> close(what + ": " + e.getKey() + ".grad",
                        e.getValue(), params.get(e.getKey()).grad()));
                state(what + ": final", c.get("final_state"), m);
            }));
        }
        return tests;
    }

    // ---------------------------------------------------------------------------------------------- reprs, modules

    @Test
    void modulesPrintAsPyTorchAndComputeTheFunctionalForms() {
        Map<String, Module> modules = new LinkedHashMap<>();
        modules.put("MaxPool3d(2)", new MaxPool3d(2));
        modules.put("MaxPool3d([3, 2, 2], [2], [1], [2], true, true)",
                new MaxPool3d(new int[] {3, 2, 2}, new int[] {2}, new int[] {1}, new int[] {2}, true, true));
        modules.put("AvgPool3d(2)", new AvgPool3d(2));
        modules.put("AvgPool3d([3], [2, 1, 2], [1], true, false, 5)",
                new AvgPool3d(new int[] {3}, new int[] {2, 1, 2}, new int[] {1}, true, false, 5));
        modules.put("AdaptiveAvgPool3d([2, null, 3])", new AdaptiveAvgPool3d(new Integer[] {2, null, 3}));
        modules.put("AdaptiveAvgPool3d([4])", new AdaptiveAvgPool3d(4));
        modules.put("AdaptiveMaxPool3d([2], true)", new AdaptiveMaxPool3d(new Integer[] {2}, true));
        modules.put("AdaptiveMaxPool3d([1, 2, 3], false)", new AdaptiveMaxPool3d(1, 2, 3));
        modules.put("PixelShuffle(3)", new PixelShuffle(3));
        modules.put("PixelUnshuffle(2)", new PixelUnshuffle(2));
        modules.put("ChannelShuffle(4)", new ChannelShuffle(4));
        modules.put("LocalResponseNorm(3)", new LocalResponseNorm(3));
        modules.put("LocalResponseNorm(2, 0.5, 0.6, 2.0)", new LocalResponseNorm(2, 0.5, 0.6, 2.0));
        modules.put("LPPool2d(2, 3)", new LPPool2d(2, 3));
        modules.put("LPPool2d(1.5, [2, 3], [1, 2], true)", new LPPool2d(1.5, new int[] {2, 3}, new int[] {1, 2}, true));
        modules.put("LPPool1d(3, 2)", new LPPool1d(3, 2));
        modules.put("Fold([4, 5], [2], [1], [0], [1])", new Fold(new int[] {4, 5}, new int[] {2}, new int[] {1},
                new int[] {0}, new int[] {1}));
        modules.put("Unfold([2, 3], [1], [1], [2])", new Unfold(new int[] {2, 3}, new int[] {1}, new int[] {1},
                new int[] {2}));
        modules.put("Softmax2d()", new Softmax2d());
        modules.put("AlphaDropout(0.2)", new AlphaDropout(0.2, false, new Generator(1)));
        modules.put("FeatureAlphaDropout(0.3, true)", new FeatureAlphaDropout(0.3, true, new Generator(1)));
        modules.put("RReLU()", new RReLU());
        modules.put("EmbeddingBag(10, 3, 1.5, 1.0, true, sum, false, -1)", new EmbeddingBag(10, 3, 1.5, 1.0, true, "sum",
                false, -1, new Generator(1), DType.FLOAT32, device()));
        modules.put("EmbeddingBag(5, 2)", new EmbeddingBag(5, 2));
        modules.put("RReLU(0.1, 0.3, true)", new RReLU(0.1, 0.3, true, new Generator(1)));
        JsonNode reprs = golden().get("reprs");
        reprs.fieldNames().forEachRemaining(k -> {
            if (!modules.containsKey(k)) {   // the padding modules: "Name[padding]" or "Name[padding] value"
                String name = k.substring(0, k.indexOf('['));
                String[] parts = k.substring(k.indexOf('[') + 1, k.indexOf(']')).split(", ");
                int[] p = new int[parts.length];
                for (int i = 0; i < p.length; i++) {
                    p[i] = Integer.parseInt(parts[i]);
                }
                double value = k.endsWith("]") ? 0.0 : Double.parseDouble(k.substring(k.indexOf(']') + 2));
                modules.put(k, padding(name, p, value));
            }
        });
        assertEquals(reprs.size(), modules.size());
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            assertEquals(reprs.get(e.getKey()).asText(), e.getValue().toString(), e.getKey());
        }
        Tensor x = Tensor.arange(2 * 3 * 5 * 6 * 5).reshape(2, 3, 5, 6, 5).to(DType.FLOAT64).to(device()).sin();
        MaxPool3d pool = (MaxPool3d) modules.get("MaxPool3d([3, 2, 2], [2], [1], [2], true, true)");
        assertTrue(pool.returnIndices());
        ValuesIndices vi = pool.forwardWithIndices(x);
        assertArrayEquals(vi.values().toDoubleArray(), pool.call(x).toDoubleArray());
        // each maximum is the input's value at its index
        assertArrayEquals(vi.values().toDoubleArray(), x.reshape(6, -1).gather(1, vi.indices().reshape(6, -1))
                .toDoubleArray());
        AdaptiveMaxPool3d adaptive = (AdaptiveMaxPool3d) modules.get("AdaptiveMaxPool3d([2], true)");
        assertTrue(adaptive.returnIndices());
        assertArrayEquals(adaptive.call(x).toDoubleArray(), adaptive.forwardWithIndices(x).values().toDoubleArray());
        assertArrayEquals(new int[] {2, 3, 2, 6, 3}, modules.get("AdaptiveAvgPool3d([2, null, 3])").call(x).shape());
        assertArrayEquals(Functional.avgPool3d(x, new int[] {3}, new int[] {2, 1, 2}, new int[] {1}, true, false, 5)
                .toDoubleArray(), modules.get("AvgPool3d([3], [2, 1, 2], [1], true, false, 5)").call(x).toDoubleArray());
        Tensor img = x.reshape(2, 3 * 5, 6, 5).narrow(1, 0, 8);
        Tensor up = modules.get("PixelShuffle(3)").call(x.reshape(2, 3 * 5 * 6, 5, 1).narrow(1, 0, 18));
        assertArrayEquals(new int[] {2, 2, 15, 3}, up.shape());
        // unshuffle undoes shuffle
        assertArrayEquals(img.contiguous().toDoubleArray(), Functional.pixelUnshuffle(Functional.pixelShuffle(img, 2), 2)
                .toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm3d(3).call(Tensor.ones(2, 3, 4, 4)));
        ConvTranspose1d ct = new ConvTranspose1d(3, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ct.forward(Tensor.ones(2, 3, 5), new int[] {9}));
        assertTrue(e.getMessage().contains("requested an output size of [9], but valid sizes range from [7] to [7] "
                + "(for an input of [5])"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new InstanceNorm3d(3).call(Tensor.ones(2, 3, 4)));
        assertThrows(IllegalArgumentException.class, () -> new Conv3d(3, 4, new int[] {2}, new int[] {1},
                new int[] {0}, new int[] {1}, 1, true, "mirror", new Generator(1), DType.FLOAT32, device()));
    }

    /** alpha_dropout, feature_alpha_dropout and rrelu draw as PyTorch: the same outputs and gradients for seed 5. */
    @Test
    void randomLayersDrawAsPyTorch() {
        for (JsonNode c : golden().get("random")) {
            DType dt = Golden.dtype(c.get("dtype"));
            JsonNode a = c.get("args");
            String op = c.get("op").asText();
            String what = c.get("dtype").asText() + " " + op + a + " " + c.get("x").get("shape");
            Tensor x = Golden.tensor(c.get("x"), dt, device()).requiresGrad_(true);
            Generator g = new Generator(5);
            Tensor y = switch (op) {
                case "alpha_dropout" -> Functional.alphaDropout(x, a.get("p").asDouble(), true, false, g);
                case "feature_alpha_dropout" -> Functional.featureAlphaDropout(x, a.get("p").asDouble(), true, false, g);
                default -> Functional.rrelu(x, a.get("lower").asDouble(), a.get("upper").asDouble(),
                        a.get("training").asBoolean(), false, g);
            };
            assertArrayEquals(Golden.ints(c.get("out").get("shape")), y.shape(), what);
            assertClose(what + ": output", Golden.numbers(c.get("out").get("data")), y.toDoubleArray(), 0, true);
            assertEquals(c.get("grad_fn").asText(), y.gradFn().name(), what + ": grad_fn");
            y.mul(Golden.tensor(c.get("w"), dt, device())).sum().backward();
            assertClose(what + ": gradient", Golden.numbers(c.get("x_grad").get("data")), x.grad().toDoubleArray(), 0,
                    true);
            // the generator advanced as PyTorch's: its next draw is PyTorch's torch.rand(1) after the op
            assertEquals(Golden.number(c.get("after")), Tensor.rand(g, 1).toDouble().item(), what + ": next draw");
        }
        Tensor x = Tensor.ones(2, 3).toDouble().to(device());
        AlphaDropout d = new AlphaDropout(0.5, false, new Generator(1));
        d.eval();
        assertTrue(d.call(x) == x, "evaluation: the identity");
        assertThrows(IllegalArgumentException.class, () -> Functional.alphaDropout(x, 1.5, true, false, new Generator(1)));
        assertThrows(IllegalArgumentException.class, () -> Functional.rrelu(x, 0.5, 0.1, true, false, new Generator(1)));
        Tensor neg = Tensor.tensor(-1.0, 2.0, -3.0).toDouble().to(device());
        RReLU r = new RReLU(0.1, 0.3, false, new Generator(1));
        r.eval();
        assertArrayEquals(new double[] {-0.2, 2.0, -0.6000000000000001}, r.call(neg).toDoubleArray());
    }

    @Test
    void gradientsPassGradcheck() {
        Generator gen = new Generator(4);
        Tensor x = Tensor.randn(gen, 1, 2, 3, 2, 3).toDouble().to(device()).requiresGrad_(true);
        Tensor w = Tensor.randn(gen, 2, 1, 2, 1, 2).toDouble().to(device()).requiresGrad_(true);
        Tensor b = Tensor.randn(gen, 2).toDouble().to(device()).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> Functional.conv3d(in[0], in[1], in[2], new int[] {2, 1, 1},
                new int[] {1, 0, 1}, new int[] {1, 1, 2}, 2), x, w, b));
        assertTrue(GradCheck.gradcheck(in -> Functional.convTranspose3d(in[0], in[1], in[2], new int[] {2, 1, 2},
                new int[] {1, 0, 1}, new int[] {1, 0, 0}, 2, new int[] {1}), x, w, b));
        Tensor x1 = Tensor.randn(gen, 2, 4, 3).toDouble().to(device()).requiresGrad_(true);
        Tensor w1 = Tensor.randn(gen, 4, 1, 3).toDouble().to(device()).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> Functional.convTranspose1d(in[0], in[1], null, new int[] {2},
                new int[] {1}, new int[] {1}, 2, new int[] {1}), x1, w1));
        assertTrue(GradCheck.gradcheck(in -> Functional.maxPool3d(in[0], new int[] {2, 2, 2}, new int[] {1, 2, 1},
                new int[] {1}, new int[] {1, 1, 2}, true), x));
        assertTrue(GradCheck.gradcheck(in -> Functional.avgPool3d(in[0], new int[] {3, 2, 2}, new int[] {2},
                new int[] {1}, true, false, null), x));
        assertTrue(GradCheck.gradcheck(in -> Functional.adaptiveAvgPool3d(in[0], new int[] {2, 2, 2}), x));
        assertTrue(GradCheck.gradcheck(in -> Functional.adaptiveMaxPool3d(in[0], new int[] {2, 1, 2}), x));
        assertTrue(GradCheck.gradcheck(in -> Functional.pixelShuffle(in[0].reshape(1, 4, 3, 3), 2), x));
        assertTrue(GradCheck.gradcheck(in -> Functional.pad(in[0], new int[] {1, 2, 1, 0, 1, 1}, "reflect", 0.0), x));
        Tensor img = x.detach().reshape(1, 3, 3, 4).detach().requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> Functional.fold(Functional.unfold(in[0], new int[] {2, 3}, new int[] {1},
                new int[] {1, 0}, new int[] {1, 2}), new int[] {3, 4}, new int[] {2, 3}, new int[] {1}, new int[] {1, 0},
                new int[] {1, 2}), img));
        assertTrue(GradCheck.gradcheck(in -> Functional.localResponseNorm(in[0], 3, 0.1, 0.75, 1.0), img));
        Tensor a1 = Tensor.randn(gen, 2, 3).toDouble().to(device()).requiresGrad_(true);
        Tensor a2 = Tensor.randn(gen, 2, 2).toDouble().to(device()).requiresGrad_(true);
        Tensor wb = Tensor.randn(gen, 2, 3, 2).toDouble().to(device()).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> Functional.bilinear(in[0], in[1], in[2], in[3]), a1, a2, wb, b));
        Tensor table = Tensor.randn(gen, 5, 2).toDouble().to(device()).requiresGrad_(true);
        Tensor psw = Tensor.randn(gen, 6).toDouble().to(device()).requiresGrad_(true);
        Tensor idx = Tensor.of(new long[] {1, 3, 3, 0, 4, 1}, 6).to(device());
        Tensor off = Tensor.of(new long[] {0, 2, 2}, 3).to(device());
        assertTrue(GradCheck.gradcheck(in -> Functional.embeddingBag(idx, in[0], off, Double.NaN, 2.0, false, "sum",
                in[1], false, null), table, psw));
        // scale_grad_by_freq: the gradient of each row divided by its index's count in the input (1 for 0 and 4, 2 for 1)
        Tensor plain = table.detach().requiresGrad_(true);
        Functional.embeddingBag(idx, plain, off, Double.NaN, 2.0, false, "mean", null, false, 3).sum().backward();
        Tensor scaled = table.detach().requiresGrad_(true);
        Functional.embeddingBag(idx, scaled, off, Double.NaN, 2.0, true, "mean", null, false, 3).sum().backward();
        assertArrayEquals(plain.grad().mul(Tensor.of(new double[] {1, 0.5, 1, 0.5, 1}, DType.FLOAT64, device(), 5, 1))
                .toDoubleArray(), scaled.grad().toDoubleArray());
    }
}

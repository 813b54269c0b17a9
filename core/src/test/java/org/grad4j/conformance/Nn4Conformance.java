package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Reduction;
import org.grad4j.Tensor;
import org.grad4j.ValuesIndices;
import org.grad4j.autograd.GradCheck;
import org.grad4j.nn.CTCLoss;
import org.grad4j.nn.Dropout3d;
import org.grad4j.nn.FractionalMaxPool2d;
import org.grad4j.nn.FractionalMaxPool3d;
import org.grad4j.nn.MaxUnpool1d;
import org.grad4j.nn.MaxUnpool3d;
import org.grad4j.nn.MultiLabelMarginLoss;
import org.grad4j.nn.TripletMarginWithDistanceLoss;
import org.grad4j.nn.UpsamplingBilinear2d;
import org.grad4j.nn.UpsamplingNearest2d;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The nn4 layers against PyTorch 1.13 ({@code golden/nn4.json.gz}, made by {@code tools/golden/nn4_golden.py}):
 * max_unpool1d/3d, upsample / upsample_nearest / upsample_bilinear, grid_sample (every mode, padding mode and
 * align_corners), affine_grid, multilabel_margin_loss, triplet_margin_with_distance_loss and ctc_loss: values, gradients,
 * grad_fn names and PyTorch's errors; dropout3d's and gumbel_softmax's draws; the modules' reprs.
 *
 * <p>Unpooling and nearest sampling select, so they are exact; multilabel_margin_loss computes as ATen's kernel
 * (exact); the rest (ctc_loss's exp / log round in Java's, not glibc's) is compared within {@link #rtol}.
 */
public abstract class Nn4Conformance extends DeviceConformance {

    private static JsonNode golden() {
        return Golden.load("nn4.json.gz");
    }

    static double rtol(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-12 : 2e-5;
    }

    private static int[] ints(JsonNode a, String key) {
        JsonNode v = a.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isArray() ? Golden.ints(v) : new int[] {v.asInt()};
    }

    private static double[] doubles(JsonNode a, String key) {
        JsonNode v = a.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            return new double[] {v.asDouble()};
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).asDouble();
        }
        return out;
    }

    private static Boolean optFlag(JsonNode a, String key) {
        JsonNode v = a.get(key);
        return v == null || v.isNull() ? null : v.asBoolean();
    }

    private static Reduction reduction(JsonNode a) {
        return switch (a.get("reduction").asText()) {
            case "none" -> Reduction.NONE;
            case "sum" -> Reduction.SUM;
            default -> Reduction.MEAN;
        };
    }

    /** 1 - cosine_similarity(x, y) along dim 1, as the golden's cosine_distance. */
    private static final BinaryOperator<Tensor> COSINE = (x, y) -> Functional.cosineSimilarity(x, y, 1, 1e-8).rsub(1.0);

    /** The op as grad4j spells it. */
    static Tensor apply(String op, JsonNode a, Tensor[] in) {
        Tensor x = in[0];
        return switch (op) {
            case "max_unpool1d" -> Functional.maxUnpool1d(x, in[1], ints(a, "kernel_size"), ints(a, "stride"),
                    ints(a, "padding"), ints(a, "output_size"));
            case "max_unpool3d" -> Functional.maxUnpool3d(x, in[1], ints(a, "kernel_size"), ints(a, "stride"),
                    ints(a, "padding"), ints(a, "output_size"));
            case "upsample" -> Functional.upsample(x, ints(a, "size"), doubles(a, "scale_factor"), a.get("mode").asText(),
                    optFlag(a, "align_corners"));
            case "upsample_nearest" -> Functional.upsampleNearest(x, ints(a, "size"), doubles(a, "scale_factor"));
            case "upsample_bilinear" -> Functional.upsampleBilinear(x, ints(a, "size"), doubles(a, "scale_factor"));
            case "grid_sample" -> Functional.gridSample(x, in[1], a.get("mode").asText(), a.get("padding_mode").asText(),
                    optFlag(a, "align_corners"));
            case "affine_grid" -> Functional.affineGrid(x, ints(a, "size"), optFlag(a, "align_corners"));
            case "multilabel_margin_loss" -> Functional.multilabelMarginLoss(x, in[1], reduction(a));
            case "triplet_margin_with_distance_loss" -> Functional.tripletMarginWithDistanceLoss(x, in[1], in[2],
                    a.get("distance").asText().equals("cosine") ? COSINE : null, a.get("margin").asDouble(),
                    a.get("swap").asBoolean(), reduction(a));
            case "ctc_loss" -> Functional.ctcLoss(x, in[1], in[2], in[3], a.get("blank").asInt(), reduction(a),
                    a.get("zero_infinity").asBoolean());
            case "fractional_max_pool2d" -> Functional.fractionalMaxPool2d(x, ints(a, "kernel_size"), ints(a, "output_size"),
                    doubles(a, "output_ratio"), in[1], null);
            case "fractional_max_pool2d_indices" -> Functional.fractionalMaxPool2dWithIndices(x, ints(a, "kernel_size"),
                    ints(a, "output_size"), doubles(a, "output_ratio"), in[1], null).indices();
            case "fractional_max_pool3d" -> Functional.fractionalMaxPool3d(x, ints(a, "kernel_size"), ints(a, "output_size"),
                    doubles(a, "output_ratio"), in[1], null);
            case "fractional_max_pool3d_indices" -> Functional.fractionalMaxPool3dWithIndices(x, ints(a, "kernel_size"),
                    ints(a, "output_size"), doubles(a, "output_ratio"), in[1], null).indices();
            default -> throw new AssertionError("golden op '" + op + "' has no mapping in Nn4Conformance.apply");
        };
    }

    @TestFactory
    List<DynamicTest> casesMatchPyTorch() {
        backend();
        return new GoldenCases(Nn4Conformance::apply, Nn4Conformance::rtol)
                .opName(op -> op.startsWith("upsample") ? "interpolate" : op.replaceAll("_indices$", ""))
                .exact((op, args, input) -> op.startsWith("max_unpool") || op.equals("multilabel_margin_loss")
                        || op.startsWith("fractional")
                        || op.equals("grid_sample") && args.get("mode").asText().equals("nearest") && input <= 0)
                .tests(golden(), device());
    }

    /** dropout3d and gumbel_softmax draw as PyTorch: the same outputs and gradients for seed 5. */
    @Test
    void randomLayersDrawAsPyTorch() {
        for (JsonNode c : golden().get("random")) {
            DType dt = Golden.dtype(c.get("dtype"));
            JsonNode a = c.get("args");
            String op = c.get("op").asText();
            String what = c.get("dtype").asText() + " " + op + a + " " + c.get("x").get("shape");
            Tensor x = Golden.tensor(c.get("x"), dt, device()).requiresGrad_(true);
            Generator g = new Generator(5);
            Tensor y = op.equals("dropout3d") ? Functional.dropout3d(x, a.get("p").asDouble(), true, false, g)
                    : Functional.gumbelSoftmax(x, a.get("tau").asDouble(), a.get("hard").asBoolean(), a.get("dim").asInt(),
                            g);
            assertArrayEquals(Golden.ints(c.get("out").get("shape")), y.shape(), what);
            boolean exact = op.equals("dropout3d");
            assertClose(what + ": output", Golden.numbers(c.get("out").get("data")), y.toDoubleArray(), rtol(dt), exact);
            assertEquals(c.get("grad_fn").asText(), y.gradFn().name(), what + ": grad_fn");
            y.mul(Golden.tensor(c.get("w"), dt, device())).sum().backward();
            assertClose(what + ": gradient", Golden.numbers(c.get("x_grad").get("data")), x.grad().toDoubleArray(),
                    rtol(dt), exact);
            // the generator advanced as PyTorch's: its next draw is PyTorch's torch.rand(1) after the op
            assertEquals(Golden.number(c.get("after")), Tensor.rand(g, 1).toDouble().item(), what + ": next draw");
        }
        Tensor x = Tensor.ones(2, 3, 2, 2, 2).toDouble().to(device());
        Dropout3d d = new Dropout3d(0.5, false, new Generator(1));
        d.eval();
        assertTrue(d.call(x) == x, "evaluation: the identity");
        assertThrows(IllegalArgumentException.class, () -> Functional.dropout3d(x, 1.5, true, false, new Generator(1)));
        // a hard sample is one-hot along dim
        Tensor hard = Functional.gumbelSoftmax(Tensor.randn(new Generator(2), 4, 5).to(device()), 0.5, true, 1,
                new Generator(3));
        assertArrayEquals(new double[] {1, 1, 1, 1}, hard.sum(new int[] {1}, false).toDoubleArray());
    }

    /** Fractional max pooling draws its samples as PyTorch's torch.rand(N, C, d, dtype) after seed 5. */
    @Test
    void fractionalPoolingDrawsAsPyTorch() {
        for (JsonNode c : golden().get("fractional_draws")) {
            DType dt = Golden.dtype(c.get("dtype"));
            String op = c.get("op").asText();
            String what = c.get("dtype").asText() + " " + op;
            Tensor x = Golden.tensor(c.get("x"), dt, device());
            Generator g = new Generator(5);
            int[] k = {c.get("kernel_size").asInt()};
            int[] size = Golden.ints(c.get("output_size"));
            ValuesIndices y = op.endsWith("2d") ? new FractionalMaxPool2d(k, size, null, true, null, g).forwardWithIndices(x)
                    : new FractionalMaxPool3d(k, size, null, true, null, g).forwardWithIndices(x);
            assertClose(what + ": output", Golden.numbers(c.get("out").get("data")), y.values().toDoubleArray(), 0, true);
            assertClose(what + ": indices", Golden.numbers(c.get("indices").get("data")),
                    y.indices().toDoubleArray(), 0, true);
            assertEquals(Golden.number(c.get("after")), Tensor.rand(g, 1).toDouble().item(), what + ": next draw");
        }
        Tensor u = Tensor.rand(new Generator(2), 1, 2, 2).toDouble().to(device());
        FractionalMaxPool2d fixed = new FractionalMaxPool2d(new int[] {2}, new int[] {3}, null, false, u, null);
        assertEquals(List.of("_random_samples"), List.copyOf(fixed.stateDict().keySet()));
        Tensor x = Tensor.randn(new Generator(3), 1, 2, 6, 6).toDouble().to(device());
        assertArrayEquals(fixed.call(x).toDoubleArray(), fixed.call(x).toDoubleArray(), "fixed samples: the same windows");
        assertThrows(IllegalArgumentException.class, () -> new FractionalMaxPool2d(new int[] {2}, null, new double[] {1.5},
                false, null, new Generator(1)));
        assertThrows(IllegalArgumentException.class, () -> new FractionalMaxPool3d(new int[] {2}, new int[] {2},
                new double[] {0.5}, false, null, new Generator(1)));
        assertTrue(new FractionalMaxPool2d(new int[] {2}, new int[] {2}, null, false, null, new Generator(1)).stateDict()
                .isEmpty());
    }

    @Test
    void modulesPrintAsPyTorchAndComputeTheFunctionalForms() {
        Map<String, Object> modules = new LinkedHashMap<>();
        modules.put("Dropout3d()", new Dropout3d());
        modules.put("Dropout3d(0.2, true)", new Dropout3d(0.2, true, new Generator(1)));
        modules.put("MaxUnpool1d(2)", new MaxUnpool1d(2));
        modules.put("MaxUnpool1d([3], [2], [1])", new MaxUnpool1d(new int[] {3}, new int[] {2}, new int[] {1}));
        modules.put("MaxUnpool3d(2)", new MaxUnpool3d(2));
        modules.put("MaxUnpool3d([2, 3, 2], null, [1])", new MaxUnpool3d(new int[] {2, 3, 2}, null, new int[] {1}));
        modules.put("UpsamplingNearest2d(size [3])", new UpsamplingNearest2d(new int[] {3}, null));
        modules.put("UpsamplingNearest2d(scale [2.0])", new UpsamplingNearest2d(2.0));
        modules.put("UpsamplingBilinear2d(size [3, 4])", new UpsamplingBilinear2d(new int[] {3, 4}, null));
        modules.put("UpsamplingBilinear2d(scale [2.0, 3.0])", new UpsamplingBilinear2d(null, new double[] {2.0, 3.0}));
        modules.put("MultiLabelMarginLoss()", new MultiLabelMarginLoss());
        modules.put("MultiLabelMarginLoss(sum)", new MultiLabelMarginLoss(Reduction.SUM));
        modules.put("TripletMarginWithDistanceLoss()", new TripletMarginWithDistanceLoss());
        modules.put("CTCLoss()", new CTCLoss(2, Reduction.SUM, true));
        modules.put("FractionalMaxPool2d(3, 4)", new FractionalMaxPool2d(3, 4));
        modules.put("FractionalMaxPool3d(2, ratio 0.5)", new FractionalMaxPool3d(new int[] {2}, null, new double[] {0.5},
                true, null, new Generator(1)));
        JsonNode reprs = golden().get("reprs");
        assertEquals(reprs.size(), modules.size());
        for (Map.Entry<String, Object> e : modules.entrySet()) {
            assertEquals(reprs.get(e.getKey()).asText(), e.getValue().toString(), e.getKey());
        }
        assertEquals("TripletMarginWithDistanceLoss()", new TripletMarginWithDistanceLoss(COSINE, 1.0, false,
                Reduction.MEAN).toString());
        // the modules compute their functional forms
        Tensor x = Tensor.arange(2 * 3 * 4 * 4 * 4).reshape(2, 3, 4, 4, 4).to(DType.FLOAT64).to(device()).sin();
        ValuesIndices p3 = Functional.maxPool3dWithIndices(x, new int[] {2}, null, new int[] {0}, new int[] {1}, false);
        MaxUnpool3d un3 = (MaxUnpool3d) modules.get("MaxUnpool3d(2)");
        assertArrayEquals(Functional.maxUnpool3d(p3.values(), p3.indices(), new int[] {2}, null, null, null)
                .toDoubleArray(), un3.forward(p3.values(), p3.indices()).toDoubleArray());
        // unpooling puts each maximum back where it was: pooling again gives the same values
        assertArrayEquals(p3.values().toDoubleArray(), Functional.maxPool3d(un3.forward(p3.values(), p3.indices()),
                new int[] {2}, null, new int[] {0}, new int[] {1}, false).toDoubleArray());
        Tensor x1 = x.reshape(6, 4, 16);
        ValuesIndices p1 = Functional.maxPool1dWithIndices(x1, new int[] {2}, null, new int[] {0}, new int[] {1}, false);
        assertArrayEquals(new int[] {6, 4, 16}, ((MaxUnpool1d) modules.get("MaxUnpool1d(2)"))
                .forward(p1.values(), p1.indices()).shape());
        Tensor img = x.reshape(6, 4, 4, 4);
        assertArrayEquals(Functional.upsampleBilinear(img, new int[] {3, 4}, null).toDoubleArray(),
                ((UpsamplingBilinear2d) modules.get("UpsamplingBilinear2d(size [3, 4])")).call(img).toDoubleArray());
        assertArrayEquals(new int[] {6, 4, 8, 8}, ((UpsamplingNearest2d) modules.get("UpsamplingNearest2d(scale [2.0])"))
                .call(img).shape());
        Tensor t = Tensor.of(new long[] {1, -1, 0, 0}, 4).to(device());
        Tensor v = Tensor.of(new double[] {0.1, 0.2, 0.3, 0.4}, DType.FLOAT64, device(), 4);
        assertEquals(Functional.multilabelMarginLoss(v, t, Reduction.SUM).item(),
                new MultiLabelMarginLoss(Reduction.SUM).forward(v, t).item());
        Tensor a = img.reshape(6, 64);
        assertEquals(Functional.tripletMarginWithDistanceLoss(a, a.mul(0.5), a.neg(), null, 1.0, false, Reduction.MEAN)
                .item(), new TripletMarginWithDistanceLoss().forward(a, a.mul(0.5), a.neg()).item());
        assertThrows(IllegalArgumentException.class, () -> new MultiLabelMarginLoss(null));
        assertThrows(IllegalArgumentException.class, () -> Functional.multilabelMarginLoss(v, t.to(DType.FLOAT64),
                Reduction.MEAN));
        assertThrows(IllegalArgumentException.class, () -> Functional.gridSample(img, Tensor.zeros(6, 2, 2, 2)
                .to(DType.FLOAT32).to(device())));
    }

    @Test
    void gradientsPassGradcheck() {
        Generator gen = new Generator(4);
        Tensor x = Tensor.randn(gen, 2, 2, 3, 4).toDouble().to(device()).requiresGrad_(true);
        Tensor g = Tensor.rand(gen, 2, 3, 2, 2).toDouble().mul(2.2).sub(1.1).to(device()).requiresGrad_(true);
        for (String mode : new String[] {"bilinear", "bicubic"}) {
            for (String pad : new String[] {"zeros", "border", "reflection"}) {
                for (boolean corners : new boolean[] {false, true}) {
                    assertTrue(GradCheck.gradcheck(in -> Functional.gridSample(in[0], in[1], mode, pad, corners), x, g),
                            mode + " " + pad + " " + corners);
                }
            }
        }
        Tensor x3 = Tensor.randn(gen, 1, 2, 3, 2, 3).toDouble().to(device()).requiresGrad_(true);
        Tensor g3 = Tensor.rand(gen, 1, 2, 2, 1, 3).toDouble().mul(2.2).sub(1.1).to(device()).requiresGrad_(true);
        for (String pad : new String[] {"zeros", "border", "reflection"}) {
            assertTrue(GradCheck.gradcheck(in -> Functional.gridSample(in[0], in[1], "bilinear", pad, false), x3, g3), pad);
        }
        Tensor theta = Tensor.randn(gen, 2, 2, 3).toDouble().to(device()).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> Functional.affineGrid(in[0], new int[] {2, 1, 3, 4}, false), theta));
        Tensor theta3 = Tensor.randn(gen, 1, 3, 4).toDouble().to(device()).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> Functional.affineGrid(in[0], new int[] {1, 1, 2, 3, 2}, true), theta3));
        Tensor m = Tensor.randn(gen, 3, 5).toDouble().to(device()).requiresGrad_(true);
        Tensor labels = Tensor.of(new long[] {1, 3, -1, 0, 0, 4, -1, 0, 0, 0, 0, 1, 2, 3, 4}, 3, 5).to(device());
        assertTrue(GradCheck.gradcheck(in -> Functional.multilabelMarginLoss(in[0], labels, Reduction.NONE), m));
    }
}

package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.nn.BatchNorm1d;
import org.grad4j.nn.BatchNorm2d;
import org.grad4j.nn.Dropout;
import org.grad4j.nn.Flatten;
import org.grad4j.nn.Identity;
import org.grad4j.nn.Init;
import org.grad4j.nn.LayerNorm;
import org.grad4j.nn.Linear;
import org.grad4j.nn.Module;
import org.grad4j.nn.ModuleDict;
import org.grad4j.nn.ModuleList;
import org.grad4j.nn.ReLU;
import org.grad4j.nn.Sequential;
import org.grad4j.nn.Sigmoid;
import org.grad4j.nn.Tanh;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Layers and {@code nn.init} against PyTorch 1.13 ({@code golden/nn_layers.json}, made by
 * {@code tools/golden/nn_golden.py}); gradients are those of {@code (y * c).sum()} for a fixed random {@code c}.
 * <ul>
 *   <li>Dropout: outputs and gradients bit-equal, for the same generator seed (two calls in a row);</li>
 *   <li>{@code nn.init} and {@code calculate_gain}: bit-equal;</li>
 *   <li>LayerNorm and BatchNorm1d: composed from tensor ops where PyTorch's CPU kernels fuse them, so not
 *       bit-equal: outputs, gradients and running statistics within {@link #NORM_RTOL_F64} (float64) and
 *       {@link #NORM_RTOL_F32} (float32) relative, with an absolute floor of the same size times the largest
 *       magnitude (see {@link DeviceConformance#assertClose}); {@code num_batches_tracked} exact;</li>
 *   <li>module reprs, state-dict keys, named modules, buffers and parameters: equal to PyTorch's.</li>
 * </ul>
 */
public abstract class GoldenNnConformance extends DeviceConformance {
    /**
     * float64 tolerance of the normalization layers: every case passes at 1e-15 on the CPU (worst differences 2-3
     * ulp, fails at 1e-16); 1e-14 leaves room for other devices' summation orders.
     */
    static final double NORM_RTOL_F64 = 1e-14;
    /** float32 tolerance of the normalization layers: every case passes at 4e-7 on the CPU (fails at 1e-7). */
    static final double NORM_RTOL_F32 = 2e-6;

    private static JsonNode golden() {
        return Golden.load("nn_layers.json");
    }

    private Tensor tensor(JsonNode t, DType dtype) {
        return Golden.tensor(t, dtype, device());
    }

    private static double[] values(Tensor t) {
        return t.toDoubleArray();
    }

    @TestFactory
    List<DynamicTest> dropout() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : golden().get("dropout")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            double p = Golden.number(c.get("p"));
            String name = "dropout " + c.get("dtype").asText() + " p=" + p + " seed " + c.get("seed").asInt() + " shape "
                    + c.get("x").get("shape");
            tests.add(DynamicTest.dynamicTest(name, () -> {
                backend();
                Tensor x = tensor(c.get("x"), dtype).requiresGrad_(true);
                Tensor w = tensor(c.get("c"), dtype);
                Generator g = new Generator(c.get("seed").asLong());
                Tensor y = Dropout.dropout(x, p, true, false, g);
                Tensor y2 = new Dropout(p, false, g).forward(x);
                y.mul(w).sum().add(y2.mul(w).sum()).backward();
                assertClose(name + ": first call", Golden.numbers(c.get("y")), values(y), 0, true);
                assertClose(name + ": second call", Golden.numbers(c.get("y2")), values(y2), 0, true);
                assertNotNull(x.grad(), name + ": no gradient");
                assertClose(name + ": gradient", Golden.numbers(c.get("grad")), values(x.grad()), 0, true);
            }));
        }
        return tests;
    }

    /** Integer and bool inputs: PyTorch refuses 0 < p < 1 after drawing the mask, and zeroes for p = 1. */
    @Test
    void dropoutOfIntegerInputsIsPyTorchs() {
        int cases = 0;
        for (JsonNode c : golden().get("dropout_integer")) {
            DType dtype = DType.valueOf(c.get("dtype").asText().toUpperCase(java.util.Locale.ROOT));
            Tensor x = Tensor.ones(new int[] {5}, dtype).to(device());
            Generator g = new Generator(3);
            double p = c.get("p").asDouble();
            if (c.get("error").isNull()) {
                assertEquals(c.get("result").asText(), Dropout.dropout(x, p, true, false, g).toString(), c.toString());
            } else {
                IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> Dropout.dropout(x, p, true, false, g), c.toString());
                assertTrue(e.getMessage().startsWith("dropout: " + c.get("error").asText()), e.getMessage());
            }
            double[] after = new double[2];
            g.uniform(after, 0, 1);
            assertClose(c + ": the generator's state after", Golden.numbers(c.get("after")), after, 0, true);
            cases++;
        }
        assertTrue(cases >= 12, "expected golden integer dropout cases, found " + cases);
    }

    @TestFactory
    List<DynamicTest> init() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : golden().get("init")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            JsonNode a = c.get("args");
            String fn = c.get("fn").asText();
            String name = fn + " " + a + " " + c.get("dtype").asText() + " " + c.get("shape");
            tests.add(DynamicTest.dynamicTest(name, () -> {
                backend();
                int[] shape = Golden.ints(c.get("shape"));
                Tensor t = Tensor.full(shape, Double.NaN, dtype, device()).requiresGrad_(true);
                Generator g = new Generator(c.get("seed").asLong());
                Tensor out = switch (fn) {
                    case "uniform_" -> Init.uniform_(t, Golden.number(a.get("a")), Golden.number(a.get("b")), g);
                    case "normal_" -> Init.normal_(t, Golden.number(a.get("mean")), Golden.number(a.get("std")), g);
                    case "xavier_uniform_" -> Init.xavierUniform_(t, Golden.number(a.get("gain")), g);
                    case "xavier_normal_" -> Init.xavierNormal_(t, Golden.number(a.get("gain")), g);
                    case "kaiming_uniform_" -> Init.kaimingUniform_(t, Golden.number(a.get("a")), a.get("mode").asText(),
                            a.get("nonlinearity").asText(), g);
                    case "kaiming_normal_" -> Init.kaimingNormal_(t, Golden.number(a.get("a")), a.get("mode").asText(),
                            a.get("nonlinearity").asText(), g);
                    default -> throw new AssertionError(fn);
                };
                assertEquals(t, out, name + ": returns the tensor it filled");
                assertEquals(true, t.isLeaf() && t.requiresGrad(), name + ": still a leaf that requires grad");
                assertClose(name, Golden.numbers(c.get("values")), values(t), 0, true);
            }));
        }
        return tests;
    }

    @Test
    void calculateGain() {
        for (JsonNode c : golden().get("gains")) {
            String nl = c.get("nonlinearity").asText();
            Double param = c.get("param").isNull() ? null : Golden.number(c.get("param"));
            assertEquals(Golden.number(c.get("gain")), Init.calculateGain(nl, param), "calculate_gain(" + nl + ", " + param + ")");
        }
    }

    private static double normRtol(DType dtype) {
        return dtype == DType.FLOAT64 ? NORM_RTOL_F64 : NORM_RTOL_F32;
    }

    @TestFactory
    List<DynamicTest> layerNorm() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : golden().get("layer_norm")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            String name = "LayerNorm " + c.get("dtype").asText() + " " + c.get("normalized_shape") + " on " + c.get("x").get("shape")
                    + " affine " + c.get("affine");
            tests.add(DynamicTest.dynamicTest(name, () -> {
                backend();
                boolean affine = c.get("affine").asBoolean();
                double rtol = normRtol(dtype);
                LayerNorm ln = new LayerNorm(Golden.ints(c.get("normalized_shape")), Golden.number(c.get("eps")), affine,
                        dtype, device());
                if (affine) {
                    try (GradMode.Scope ignored = GradMode.noGrad()) {
                        ln.weight().copy_(Tensor.of(Golden.numbers(c.get("weight")), dtype, device(), ln.weight().shape()));
                        ln.bias().copy_(Tensor.of(Golden.numbers(c.get("bias")), dtype, device(), ln.bias().shape()));
                    }
                }
                Tensor x = tensor(c.get("x"), dtype).requiresGrad_(true);
                Tensor y = ln.forward(x);
                y.mul(tensor(c.get("c"), dtype)).sum().backward();
                assertClose(name + ": output", Golden.numbers(c.get("y")), values(y), rtol, false);
                assertClose(name + ": input gradient", Golden.numbers(c.get("grad_x")), values(x.grad()), rtol, false);
                if (affine) {
                    assertClose(name + ": weight gradient", Golden.numbers(c.get("grad_weight")), values(ln.weight().grad()), rtol, false);
                    assertClose(name + ": bias gradient", Golden.numbers(c.get("grad_bias")), values(ln.bias().grad()), rtol, false);
                }
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> batchNorm1d() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : golden().get("batch_norm")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            String name = "BatchNorm" + (c.get("shape").size() == 4 ? "2d " : "1d ") + c.get("dtype").asText() + " " + c.get("shape") + " momentum " + c.get("momentum")
                    + " affine " + c.get("affine") + " track " + c.get("track");
            tests.add(DynamicTest.dynamicTest(name, () -> {
                backend();
                int[] shape = Golden.ints(c.get("shape"));
                boolean affine = c.get("affine").asBoolean();
                boolean track = c.get("track").asBoolean();
                Double momentum = c.get("momentum").isNull() ? null : Golden.number(c.get("momentum"));
                double rtol = normRtol(dtype);
                BatchNorm1d bn = shape.length == 4 ? new BatchNorm2d(shape[1], 1e-5, momentum, affine, track, dtype, device())
                        : new BatchNorm1d(shape[1], 1e-5, momentum, affine, track, dtype, device());
                if (affine) {
                    try (GradMode.Scope ignored = GradMode.noGrad()) {
                        bn.weight().copy_(Tensor.of(Golden.numbers(c.get("weight")), dtype, device(), shape[1]));
                        bn.bias().copy_(Tensor.of(Golden.numbers(c.get("bias")), dtype, device(), shape[1]));
                    }
                }
                JsonNode steps = c.get("steps");
                for (int s = 0; s < steps.size(); s++) {
                    JsonNode st = steps.get(s);
                    String at = name + " step " + s;
                    bn.zeroGrad();
                    bn.train();
                    Tensor x = tensor(st.get("x"), dtype).requiresGrad_(true);
                    Tensor y = bn.forward(x);
                    y.mul(tensor(st.get("c"), dtype)).sum().backward();
                    assertClose(at + ": output", Golden.numbers(st.get("y")), values(y), rtol, false);
                    assertClose(at + ": input gradient", Golden.numbers(st.get("grad_x")), values(x.grad()), rtol, false);
                    if (affine) {
                        assertClose(at + ": weight gradient", Golden.numbers(st.get("grad_weight")), values(bn.weight().grad()), rtol, false);
                        assertClose(at + ": bias gradient", Golden.numbers(st.get("grad_bias")), values(bn.bias().grad()), rtol, false);
                    }
                    if (track) {
                        assertClose(at + ": running_mean", Golden.numbers(st.get("running_mean")), values(bn.runningMean()), rtol, false);
                        assertClose(at + ": running_var", Golden.numbers(st.get("running_var")), values(bn.runningVar()), rtol, false);
                        assertEquals(st.get("num_batches_tracked").asLong(), bn.numBatchesTracked(), at + ": num_batches_tracked");
                    }
                }
                bn.eval();
                JsonNode ev = c.get("eval");
                Tensor x = tensor(ev.get("x"), dtype).requiresGrad_(true);
                Tensor y = bn.forward(x);
                y.mul(tensor(ev.get("c"), dtype)).sum().backward();
                assertClose(name + " eval: output", Golden.numbers(ev.get("y")), values(y), rtol, false);
                assertClose(name + " eval: input gradient", Golden.numbers(ev.get("grad_x")), values(x.grad()), rtol, false);
            }));
        }
        return tests;
    }

    @Test
    void structureAndReprs() {
        backend();
        JsonNode s = golden().get("structure");
        Function<Module, String> repr = Module::toString;
        Generator g = new Generator(0);
        Sequential model = new Sequential(new Flatten(), new Linear(12, 8, true, g, DType.FLOAT32, device()),
                new BatchNorm1d(8, 1e-5, 0.1, true, true, DType.FLOAT32, device()), new ReLU(), new Dropout(0.25),
                new LayerNorm(new int[] {8}, 1e-5, true, DType.FLOAT32, device()), new Identity(),
                new ModuleList(new Linear(8, 8, false, g, DType.FLOAT32, device()), new Tanh()),
                new ModuleDict().put("head", new Linear(8, 3, true, g, DType.FLOAT32, device())).put("aux", new Sigmoid()));
        JsonNode r = s.get("reprs");
        assertEquals(r.get("model").asText(), repr.apply(model));
        assertEquals(r.get("dropout_default").asText(), new Dropout().toString());
        assertEquals(r.get("dropout_inplace").asText(), new Dropout(0.1, true).toString());
        assertEquals(r.get("layer_norm_2d").asText(), new LayerNorm(new int[] {3, 4}, 1e-3, false, DType.FLOAT32, device()).toString());
        assertEquals(r.get("batch_norm_none").asText(),
                new BatchNorm1d(5, 1e-3, null, false, false, DType.FLOAT32, device()).toString());
        assertEquals(r.get("flatten").asText(), new Flatten(0, 2).toString());
        assertEquals(r.get("module_list_empty").asText(), new ModuleList().toString());
        assertEquals(strings(s.get("state_dict_keys")), new ArrayList<>(model.stateDict().keySet()));
        assertEquals(strings(s.get("named_modules")), new ArrayList<>(model.namedModules().keySet()));
        assertEquals(strings(s.get("named_buffers")), new ArrayList<>(model.namedBuffers().keySet()));
        assertEquals(strings(s.get("named_parameters")), new ArrayList<>(model.namedParameters().keySet()));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}

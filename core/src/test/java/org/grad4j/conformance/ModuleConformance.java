package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.grad4j.DType;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.io.Safetensors;
import org.grad4j.nn.BatchNorm1d;
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
import org.grad4j.optim.SGD;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Module behaviour that needs no golden numbers: train/eval propagation, freezing, dtype and device conversion,
 * buffers in state dicts and checkpoints, containers, and the errors of the layers and {@code nn.init}.
 */
public abstract class ModuleConformance extends DeviceConformance {
    private Generator g;

    @BeforeEach
    void setUp() {
        backend();
        g = new Generator(0);
    }

    private Linear linear(int in, int out, DType dtype) {
        return new Linear(in, out, true, g, dtype, device());
    }

    private BatchNorm1d batchNorm(int c, DType dtype) {
        return new BatchNorm1d(c, 1e-5, 0.1, true, true, dtype, device());
    }

    private Tensor input(DType dtype, int... shape) {
        Tensor t = Tensor.full(shape, 0.0, dtype, device());
        return Init.normal_(t, 0, 1, g);
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Dropout inner = new Dropout(0.5, false, g);
        Sequential model = new Sequential(linear(4, 4, DType.FLOAT64), new Dropout(0.5, false, g), new Sequential(inner));
        assertTrue(model.isTraining() && inner.isTraining(), "modules start in training mode");
        assertSame(model, model.eval());
        for (Module m : model.modules()) {
            assertFalse(m.isTraining(), m + " still training after eval()");
        }
        Tensor x = input(DType.FLOAT64, 3, 4);
        assertSame(x, inner.forward(x), "Dropout in eval mode returns its input");
        model.train();
        assertTrue(inner.isTraining());
        Tensor y = inner.forward(Tensor.full(new int[] {1000}, 1.0, DType.FLOAT64, device()));
        double zeros = 0;
        for (double v : y.toDoubleArray()) {
            assertTrue(v == 0 || v == 2, "kept elements are scaled by 1/(1-p): " + v);
            zeros += v == 0 ? 1 : 0;
        }
        assertTrue(zeros > 400 && zeros < 600, "about half dropped, got " + zeros);
    }

    @Test
    void batchNormCountIsInt64AndLoadsPyTorchsAndOldFloatCounts() {
        BatchNorm1d bn = new BatchNorm1d(3, 1e-5, 0.1, true, true, DType.FLOAT32, device());
        bn.forward(input(DType.FLOAT32, 4, 3));
        Map<String, Tensor> state = bn.stateDict();
        assertEquals(DType.INT64, state.get("num_batches_tracked").dtype(), "PyTorch's num_batches_tracked is int64");
        assertEquals(1, bn.numBatchesTracked());
        // a PyTorch checkpoint: int64 count
        Map<String, Tensor> torchState = new java.util.LinkedHashMap<>(state);
        torchState.put("num_batches_tracked", Tensor.full(new int[0], 41.0, DType.INT64, device()));
        bn.loadStateDict(torchState);
        assertEquals(41, bn.numBatchesTracked());
        // a grad4j checkpoint from before the count was int64: a float64 whole number
        torchState.put("num_batches_tracked", Tensor.full(new int[0], 7.0, DType.FLOAT64, device()));
        bn.loadStateDict(torchState);
        assertEquals(7, bn.numBatchesTracked());
        // any dtype is cast as PyTorch's copy_ casts: 2.5 truncates to 2, a float64 mean rounds to float32
        torchState.put("num_batches_tracked", Tensor.full(new int[0], 2.5, DType.FLOAT64, device()));
        bn.loadStateDict(torchState);
        assertEquals(2, bn.numBatchesTracked());
        torchState.put("num_batches_tracked", Tensor.full(new int[0], 7.0, DType.FLOAT64, device()));
        torchState.put("running_mean", Tensor.full(new int[] {3}, 0.1, DType.FLOAT64, device()));
        bn.loadStateDict(torchState);
        assertEquals(DType.FLOAT32, bn.stateDict().get("running_mean").dtype());
        assertEquals((double) 0.1f, bn.stateDict().get("running_mean").toDoubleArray()[0]);
        bn.train();
        bn.forward(input(DType.FLOAT32, 4, 3));
        assertEquals(8, bn.numBatchesTracked(), "the count goes on from the loaded value");
    }

    @Test
    void conv2dStringPaddingKeepsTheSizeAndMatchesTheFunctionalForm() {
        org.grad4j.nn.Conv2d same = new org.grad4j.nn.Conv2d(2, 3, new int[] {4, 3}, new int[] {1}, "same",
                new int[] {1}, 1, true, new Generator(5), DType.FLOAT64, device());
        Tensor x = input(DType.FLOAT64, 2, 2, 5, 6);
        Tensor y = same.forward(x);
        assertArrayEquals(new int[] {2, 3, 5, 6}, y.shape(), "'same' keeps height and width");
        assertArrayEquals(org.grad4j.Functional.conv2d(x, same.weight(), same.bias(), new int[] {1}, "same",
                new int[] {1}, 1).toDoubleArray(), y.toDoubleArray(), 0.0);
        assertTrue(same.toString().contains("padding=same"), same.toString());
        assertThrows(IllegalArgumentException.class, () -> new org.grad4j.nn.Conv2d(2, 3, new int[] {3},
                new int[] {2}, "same", new int[] {1}, 1, true, new Generator(5), DType.FLOAT64, device()));
        assertThrows(IllegalArgumentException.class, () -> new org.grad4j.nn.Conv2d(2, 3, new int[] {3},
                new int[] {1}, "full", new int[] {1}, 1, true, new Generator(5), DType.FLOAT64, device()));
        org.grad4j.nn.Conv2d valid = new org.grad4j.nn.Conv2d(2, 3, new int[] {4, 3}, new int[] {1}, "valid",
                new int[] {1}, 1, true, new Generator(5), DType.FLOAT64, device());
        assertArrayEquals(new int[] {2, 3, 2, 4}, valid.forward(x).shape());
    }

    @Test
    void dropoutEdgeCases() {
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1));
        Tensor x = input(DType.FLOAT32, 2, 3);
        // PyTorch 1.13's dropout(p=1) is x * 0: -0.0 at negative inputs (F.dropout(x, 1.0) prints -0.)
        double[] zeros = x.toDoubleArray();
        for (int i = 0; i < zeros.length; i++) {
            zeros[i] *= 0.0;
        }
        assertClose("p=1", zeros, new Dropout(1.0, false, g).forward(x).toDoubleArray(), 0, true);
        assertSame(x, new Dropout(0.0, false, g).forward(x));
        Tensor copy = x.clone();
        Tensor out = new Dropout(0.5, true, g).forward(copy);
        assertSame(copy, out, "inplace returns the input");
    }

    @Test
    void requiresGradFalseFreezes() {
        Linear a = linear(3, 2, DType.FLOAT64);
        Linear b = linear(2, 1, DType.FLOAT64);
        Sequential model = new Sequential(a, new ReLU(), b);
        assertSame(a, a.requiresGrad_(false));
        model.forward(input(DType.FLOAT64, 5, 3)).sum().backward();
        assertFalse(a.weight().requiresGrad());
        assertNull(a.weight().grad(), "a frozen parameter gets no gradient");
        assertTrue(b.weight().grad() != null, "the trainable layer still gets one");
        model.requiresGrad_(true);
        assertTrue(a.weight().requiresGrad() && a.bias().requiresGrad());
    }

    @Test
    void toDTypeConvertsParametersGradientsAndBuffers() {
        Linear fc = linear(3, 2, DType.FLOAT32);
        BatchNorm1d bn = batchNorm(2, DType.FLOAT32);
        Sequential model = new Sequential(fc, bn);
        model.forward(input(DType.FLOAT32, 4, 3)).sum().backward();
        double[] w = fc.weight().toDoubleArray();
        double[] grad = fc.weight().grad().toDoubleArray();
        double[] rm = bn.runningMean().toDoubleArray();
        Tensor weight = fc.weight();
        Tensor weightGrad = fc.weight().grad();
        Tensor runningMean = bn.runningMean();
        SGD sgd = new SGD(model.parameters(), 0.1);
        assertSame(model, model.toDouble());
        assertSame(weight, fc.weight(), "converted in place, like PyTorch's param.data = ...");
        assertSame(weightGrad, fc.weight().grad());
        assertSame(runningMean, bn.runningMean());
        for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
            assertEquals(e.getKey().endsWith("num_batches_tracked") ? DType.INT64 : DType.FLOAT64, e.getValue().dtype(),
                    e.getKey());
        }
        assertTrue(fc.weight().isLeaf() && fc.weight().requiresGrad());
        assertArrayEquals(w, fc.weight().toDoubleArray());
        assertEquals(DType.FLOAT64, fc.weight().grad().dtype());
        assertArrayEquals(grad, fc.weight().grad().toDoubleArray());
        assertArrayEquals(rm, bn.runningMean().toDoubleArray());
        assertSame(fc.weight(), model.getParameter("0.weight"));
        sgd.step();
        assertEquals(w[0] - 0.1 * grad[0], fc.weight().get(0, 0), 1e-6, "an optimizer built before to() updates the converted weight");
        model.toFloat();
        assertEquals(DType.FLOAT32, fc.weight().dtype());
        assertEquals(DType.FLOAT32, bn.runningVar().dtype());
        assertEquals(DType.INT64, model.getBuffer("1.num_batches_tracked").dtype(), "a count keeps its dtype (int64, as PyTorch)");
        assertEquals(1, bn.numBatchesTracked());
        Tensor before = fc.weight();
        model.to(DType.FLOAT32);
        assertSame(before, fc.weight(), "converting to the same dtype keeps the tensors");
        model.to(device());
        assertSame(before, fc.weight(), "moving to the same device keeps the tensors");
        assertEquals(DType.FLOAT32, model.forward(input(DType.FLOAT32, 4, 3)).dtype());
    }

    @Test
    void buffersInStateDictAndCheckpoints(@TempDir Path dir) throws IOException {
        Sequential model = new Sequential(linear(3, 4, DType.FLOAT64), batchNorm(4, DType.FLOAT64), new LayerNorm(new int[] {4},
                1e-5, true, DType.FLOAT64, device()));
        model.forward(input(DType.FLOAT64, 6, 3));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "1.num_batches_tracked", "2.weight", "2.bias"), List.copyOf(model.stateDict().keySet()));
        assertEquals(List.of("1.running_mean", "1.running_var", "1.num_batches_tracked"), List.copyOf(model.namedBuffers().keySet()));
        Sequential copy = new Sequential(new Linear(3, 4, true, new Generator(9), DType.FLOAT64, device()), batchNorm(4, DType.FLOAT64),
                new LayerNorm(new int[] {4}, 1e-5, true, DType.FLOAT64, device()));
        copy.loadStateDict(model.stateDict());
        assertArrayEquals(model.getBuffer("1.running_var").toDoubleArray(), copy.getBuffer("1.running_var").toDoubleArray());
        assertEquals(1.0, copy.getBuffer("1.num_batches_tracked").item());

        Path file = dir.resolve("m.safetensors");
        Safetensors.save(file, model);
        Sequential fresh = new Sequential(new Linear(3, 4, true, new Generator(5), DType.FLOAT64, device()), batchNorm(4, DType.FLOAT64),
                new LayerNorm(new int[] {4}, 1e-5, true, DType.FLOAT64, device()));
        Safetensors.load(file, fresh);
        for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
            assertArrayEquals(e.getValue().toDoubleArray(), fresh.stateDict().get(e.getKey()).toDoubleArray(), e.getKey());
        }
        Map<String, Tensor> missing = new java.util.LinkedHashMap<>(model.stateDict());
        missing.remove("1.running_mean");
        IllegalArgumentException err = assertThrows(IllegalArgumentException.class, () -> fresh.loadStateDict(missing));
        assertTrue(err.getMessage().contains("Missing key(s) in state_dict: \"1.running_mean\""), err.getMessage());
        assertTrue(Files.size(file) > 0);
    }

    @Test
    void evalModeUsesRunningStatistics() {
        BatchNorm1d bn = batchNorm(3, DType.FLOAT64);
        Tensor x = input(DType.FLOAT64, 5, 3);
        bn.eval();
        Tensor y = bn.forward(x);
        // fresh running statistics are mean 0 and variance 1: the output is x / sqrt(1 + eps)
        assertClose("eval output", x.div(Math.sqrt(1 + 1e-5)).toDoubleArray(), y.toDoubleArray(), 1e-15, false);
        assertEquals(0, bn.numBatchesTracked(), "evaluation does not count batches");
        bn.train();
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> bn.forward(input(DType.FLOAT64, 1, 3)));
        assertTrue(one.getMessage().contains("Expected more than 1 value per channel"), one.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bn.forward(input(DType.FLOAT64, 4, 2)));
        assertThrows(IllegalArgumentException.class, () -> bn.forward(input(DType.FLOAT64, 4)));
        assertArrayEquals(new double[3], bn.runningMean().toDoubleArray(), "failed calls change nothing");
    }

    @Test
    void traversal() {
        Linear a = linear(2, 2, DType.FLOAT32);
        Sequential inner = new Sequential(a, new ReLU());
        Sequential model = new Sequential(inner, new Identity(), a);
        assertEquals(List.of("", "0", "0.0", "0.1", "1"), List.copyOf(model.namedModules().keySet()),
                "a module registered twice is listed once");
        assertEquals(List.of(inner, model.getSubmodule("1"), a), model.children());
        assertSame(a, model.getSubmodule("0.0"));
        assertSame(a.weight(), model.getParameter("0.0.weight"));
        assertThrows(IllegalArgumentException.class, () -> model.getParameter("0.0.nope"));
        assertThrows(IllegalArgumentException.class, () -> model.getSubmodule("5"));
        assertThrows(IllegalArgumentException.class, () -> model.getBuffer("0.0.weight"));
    }

    @Test
    void containers() {
        ModuleList list = new ModuleList(linear(2, 3, DType.FLOAT32), new ReLU());
        list.append(linear(3, 1, DType.FLOAT32));
        assertEquals(3, list.size());
        assertSame(list.get(2), list.get(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(3));
        int n = 0;
        for (Module m : list) {
            assertSame(list.get(n++), m);
        }
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(list.namedParameters().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> list.forward(input(DType.FLOAT32, 1, 2)));
        ModuleDict dict = new ModuleDict().put("b", new ReLU()).put("a", linear(1, 1, DType.FLOAT32));
        assertEquals(List.of("b", "a"), List.copyOf(dict.keys()));
        assertTrue(dict.containsKey("a"));
        ReLU replacement = new ReLU();
        dict.put("a", replacement);   // dict['a'] = nn.ReLU() replaces in place, as PyTorch's add_module
        assertSame(replacement, dict.get("a"));
        assertEquals(List.of("b", "a"), List.copyOf(dict.keys()));
        assertTrue(dict.parameters().isEmpty());
        Sequential seq = new Sequential(linear(2, 3, DType.FLOAT32), new ReLU());
        assertSame(seq.get(0), seq.get(0, Linear.class));
        assertSame(seq.get(1), seq.get(-1, Module.class));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> seq.get(1, Linear.class)).getMessage()
                .contains("ReLU, not a Linear"));
        assertThrows(IndexOutOfBoundsException.class, () -> seq.get(2, Linear.class));
        assertThrows(IllegalArgumentException.class, () -> dict.get("c"));
    }

    @Test
    void flattenAndIdentity() {
        Tensor x = input(DType.FLOAT32, 2, 3, 4);
        assertArrayEquals(new int[] {2, 12}, new Flatten().forward(x).shape());
        assertArrayEquals(new int[] {24}, new Flatten(0, -1).forward(x).shape());
        assertArrayEquals(new int[] {6, 4}, new Flatten(0, 1).forward(x).shape());
        assertSame(x, new Flatten(1, 1).forward(x));
        assertArrayEquals(new int[] {1}, Flatten.flatten(Tensor.full(new int[0], 1.0, DType.FLOAT32, device()), 0, -1).shape());
        assertThrows(IndexOutOfBoundsException.class, () -> new Flatten(3, -1).forward(x));
        assertThrows(IllegalArgumentException.class, () -> new Flatten(2, 1).forward(x));
        assertSame(x, new Identity().forward(x));
    }

    @Test
    void layerNormChecksItsInput() {
        LayerNorm ln = new LayerNorm(new int[] {3, 4}, 1e-5, true, DType.FLOAT32, device());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ln.forward(input(DType.FLOAT32, 2, 4, 3)));
        assertTrue(e.getMessage().contains("expected input with shape [*, 3, 4]"), e.getMessage());
        assertEquals(List.of("weight", "bias"), List.copyOf(ln.namedParameters().keySet()));
        assertNull(new LayerNorm(new int[] {4}, 1e-5, false, DType.FLOAT32, device()).weight());
    }

    @Test
    void initErrorsAndInPlace() {
        Tensor v = Tensor.full(new int[] {4}, 0.0, DType.FLOAT32, device());
        IllegalArgumentException fan = assertThrows(IllegalArgumentException.class, () -> Init.xavierUniform_(v));
        assertTrue(fan.getMessage().contains("fewer than 2 dimensions"), fan.getMessage());
        Tensor w = Tensor.full(new int[] {3, 2}, 0.0, DType.FLOAT32, device());
        assertThrows(IllegalArgumentException.class, () -> Init.kaimingNormal_(w, 0, "fan_avg", "relu"));
        assertThrows(IllegalArgumentException.class, () -> Init.calculateGain("gelu"));
        assertArrayEquals(new double[6], w.toDoubleArray(), "failed calls leave the tensor unchanged");
        Init.ones_(w);
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, w.toDoubleArray());
        Init.constant_(w, 0.25);
        assertEquals(0.25, w.get(2, 1));
        Tensor empty = Tensor.full(new int[] {0, 3}, 0.0, DType.FLOAT32, device());
        assertSame(empty, Init.kaimingUniform_(empty), "kaiming on an empty tensor does nothing, as in PyTorch");
    }

    @Test
    void buffersAreNotParameters() {
        Module m = new Module() {
            final Tensor count = registerBuffer("steps", Tensor.full(new int[0], 0.0, DType.FLOAT64, device()));
            final Tensor scratch = registerBuffer("scratch", Tensor.full(new int[] {2}, 0.0, DType.FLOAT64, device()), false);

            @Override
            public Tensor forward(Tensor input) {
                return input;
            }
        };
        assertTrue(m.parameters().isEmpty());
        assertEquals(List.of("steps", "scratch"), List.copyOf(m.namedBuffers().keySet()));
        assertEquals(List.of("steps"), List.copyOf(m.stateDict().keySet()), "a non-persistent buffer is not saved");
        assertNotSame(m.getBuffer("steps"), m.stateDict().get("steps"), "the state dict holds detached aliases");
    }
}

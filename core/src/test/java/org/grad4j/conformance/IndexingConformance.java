package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.nn.Embedding;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Indexing, joining and shape ops against PyTorch 1.13 ({@code golden/indexing.json}, made by
 * {@code tools/golden/indexing_golden.py}): output shape, dtype and values (bit-exact: these ops move data or
 * add in PyTorch's order), the gradient of {@code (out * w).sum()} for every floating input (sums of at most a
 * few terms: within 1e-6 / 1e-15 relative), grad_fn's name, and, where PyTorch raises, an exception of the
 * matching kind with a message naming the op.
 */
public abstract class IndexingConformance extends DeviceConformance {

    /** The op as grad4j spells it. */
    static Tensor apply(String op, JsonNode a, Tensor[] in) {
        Tensor x = in[0];
        return switch (op) {
            case "gather" -> x.gather(a.get("dim").asInt(), in[1]);
            case "index_select" -> x.indexSelect(a.get("dim").asInt(), in[1]);
            case "scatter_add" -> x.scatterAdd(a.get("dim").asInt(), in[1], in[2]);
            case "scatter" -> x.scatter(a.get("dim").asInt(), in[1], in[2]);
            case "scatter_value" -> x.scatter(a.get("dim").asInt(), in[1], a.get("value").asDouble());
            case "where" -> Tensor.where(in[0], in[1], in[2]);
            case "where_scalar_b" -> Tensor.where(in[0], in[1], a.get("b").asDouble());
            case "where_scalar_a" -> Tensor.where(in[0], a.get("a").asDouble(), in[1]);
            case "where_scalars" -> Tensor.where(in[0], a.get("a").asDouble(), a.get("b").asDouble());
            case "masked_fill" -> x.maskedFill(in[1], value(a.get("value")));
            case "masked_fill_tensor" -> x.maskedFill(in[1], in[2]);
            case "cat" -> Tensor.cat(Arrays.asList(in), a.get("dim").asInt());
            case "stack" -> Tensor.stack(Arrays.asList(in), a.get("dim").asInt());
            case "split" -> x.split(a.get("size").asInt(), a.get("dim").asInt()).get(a.get("part").asInt());
            case "split_sizes" -> x.split(ints(a.get("sizes")), a.get("dim").asInt()).get(a.get("part").asInt());
            case "chunk" -> x.chunk(a.get("chunks").asInt(), a.get("dim").asInt()).get(a.get("part").asInt());
            case "sort" -> part(a.has("stable") ? x.sort(a.get("dim").asInt(), a.get("descending").asBoolean(), true)
                    : x.sort(a.get("dim").asInt(), a.get("descending").asBoolean()), a);
            case "argsort" -> x.argsort(a.get("dim").asInt(), a.get("descending").asBoolean());
            case "topk" -> part(x.topk(a.get("k").asInt(), a.get("dim").asInt(), a.get("largest").asBoolean(), true), a);
            case "masked_select" -> x.maskedSelect(in[1]);
            case "nonzero" -> x.nonzero();
            case "index" -> x.index(in[1]);
            case "index_dim" -> x.index(a.get("dim").asInt(), in[1]);
            case "slice" -> x.slice(a.get("dim").asInt(), a.get("start").asInt(), a.get("end").asInt(), a.get("step").asInt());
            case "permute" -> x.permute(ints(a.get("dims")));
            case "unbind" -> x.unbind(a.get("dim").asInt()).get(a.get("part").asInt());
            case "broadcast_to" -> x.broadcastTo(ints(a.get("shape")));
            case "take" -> x.take(in[1]);
            case "index_add" -> x.indexAdd(a.get("dim").asInt(), in[1], in[2]);
            case "view" -> x.view(ints(a.get("shape")));
            case "reshape" -> x.reshape(ints(a.get("shape")));
            case "flatten" -> x.flatten(a.get("start").asInt(), a.get("end").asInt());
            case "unflatten" -> x.unflatten(a.get("dim").asInt(), ints(a.get("sizes")));
            case "diagonal" -> x.diagonal(a.get("offset").asInt(), a.get("dim1").asInt(), a.get("dim2").asInt());
            case "repeat" -> x.repeat(ints(a.get("repeats")));
            case "repeat_interleave" -> x.repeatInterleave(a.get("repeats").asInt(), a.get("dim").asInt());
            case "repeat_interleave_flat" -> x.repeatInterleave(a.get("repeats").asInt());
            case "repeat_interleave_tensor" -> x.repeatInterleave(in[1], a.get("dim").asInt());
            case "tril" -> x.tril(a.get("diagonal").asInt());
            case "triu" -> x.triu(a.get("diagonal").asInt());
            case "flip" -> x.flip(ints(a.get("dims")));
            case "roll" -> x.roll(ints(a.get("shifts")), ints(a.get("dims")));
            case "pad" -> Functional.pad(x, ints(a.get("pad")), a.get("mode").asText(), a.get("value").asDouble());
            case "one_hot" -> Functional.oneHot(x, a.get("num_classes").asInt());
            case "embedding" -> a.get("padding_idx").isNull() ? Functional.embedding(x, in[1])
                    : Functional.embedding(x, in[1], a.get("padding_idx").asInt());
            default -> throw new AssertionError("golden op '" + op + "' has no mapping in IndexingConformance.apply");
        };
    }

    static double value(JsonNode v) {
        return v.isTextual() ? Double.parseDouble(v.asText().replace("inf", "Infinity")) : v.asDouble();
    }

    static int[] ints(JsonNode a) {
        return Golden.ints(a);
    }

    static DType dtype(String name) {
        return switch (name) {
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            case "int64" -> DType.INT64;
            case "bool" -> DType.BOOL;
            default -> throw new IllegalArgumentException("unknown dtype " + name);
        };
    }

    /** The output a case checks of a (values, indices) result: "part" 0 or 1. */
    private static Tensor part(org.grad4j.ValuesIndices r, JsonNode a) {
        return a.get("part").asInt() == 0 ? r.values() : r.indices();
    }

    Tensor input(JsonNode t) {
        return Tensor.of(Golden.numbers(t.get("data")), dtype(t.get("dtype").asText()), device(), ints(t.get("shape")));
    }

    static double tolerance(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-15 : 1e-6;
    }

    void check(JsonNode c) {
        String op = c.get("op").asText();
        String what = c.get("dtype").asText() + " " + op + c.get("args") + " " + c.get("inputs").get(0).get("shape");
        JsonNode inputs = c.get("inputs");
        Tensor[] leaves = new Tensor[inputs.size()];
        Tensor[] args = new Tensor[leaves.length];
        for (int i = 0; i < leaves.length; i++) {
            JsonNode in = inputs.get(i);
            leaves[i] = input(in);
            if (leaves[i].dtype().isFloatingPoint()) {
                leaves[i].requiresGrad_(true);
            }
            args[i] = in.get("noncontig").asBoolean() ? leaves[i].t() : leaves[i];
        }
        if (c.has("error")) {
            String error = c.get("error").asText();
            RuntimeException e = null;
            try {
                apply(op, c.get("args"), args);
            } catch (RuntimeException thrown) {
                e = thrown;
            }
            assertNotNull(e, what + ": PyTorch raised " + error + ", grad4j returned");
            Class<? extends RuntimeException> kind = error.startsWith("IndexError")
                    ? IndexOutOfBoundsException.class : RuntimeException.class;
            assertTrue(kind.isInstance(e), what + ": PyTorch raised " + error + ", grad4j threw " + e);
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty(), what + ": exception without a message");
            assertTrue(e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof IndexOutOfBoundsException, what + ": unexpected exception kind " + e);
            return;
        }
        Tensor out = apply(op, c.get("args"), args);
        JsonNode expected = c.get("out");
        assertArrayEquals(ints(expected.get("shape")), out.shape(), what + ": output shape");
        assertEquals(expected.get("dtype").asText(), out.dtype().torchName().replace("torch.", ""), what + ": output dtype");
        assertClose(what + ": forward", Golden.numbers(expected.get("data")), out.toDoubleArray(), 0, true);
        if (c.get("view").asBoolean()) {
            checkSharesStorage(what, op, c, expected);
        }
        if (!c.has("grad_fn")) {
            assertNull(out.gradFn(), what + ": PyTorch's result needs no grad");
            return;
        }
        assertNotNull(out.gradFn(), what + ": no grad_fn");
        assertEquals(c.get("grad_fn").asText(), out.gradFn().name(), what + ": grad_fn");
        if (!c.has("grads")) {
            return;   // PyTorch 1.13's own backward refuses this case, or is wrong (gradcheck covers it)
        }
        assertGradients(what, out, input(c.get("w")), leaves, c.get("grads"), IndexingConformance::tolerance);
    }

    /** A view of PyTorch's is one here: adding 1 to the (grad-free) input in place shows through the output. */
    void checkSharesStorage(String what, String op, JsonNode c, JsonNode expected) {
        JsonNode inputs = c.get("inputs");
        Tensor[] args = new Tensor[inputs.size()];
        Tensor base = null;
        for (int i = 0; i < args.length; i++) {
            Tensor t = input(inputs.get(i));
            base = i == 0 ? t : base;
            args[i] = inputs.get(i).get("noncontig").asBoolean() ? t.t() : t;
        }
        Tensor out = apply(op, c.get("args"), args);
        base.add_(1.0);
        double[] want = Golden.numbers(expected.get("data"));
        double[] got = out.toDoubleArray();
        for (int i = 0; i < want.length; i++) {
            double w = out.dtype() == DType.FLOAT32 ? (float) (want[i] + 1.0) : want[i] + 1.0;
            assertEquals(w, got[i], 0.0, what + ": PyTorch returns a view; grad4j's output does not share the input's storage");
        }
    }

    /** nn.Embedding's weight: N(0, 1) from the generator as torch.manual_seed + nn.Embedding draw it, padding row zero. */
    @Test
    void embeddingInitMatchesPyTorch() {
        backend();
        for (JsonNode e : Golden.load("indexing.json").get("embedding_init")) {
            int pad = e.get("padding_idx").isNull() ? Embedding.NO_PADDING : e.get("padding_idx").asInt();
            Embedding emb = new Embedding(e.get("num").asInt(), e.get("dim").asInt(), pad,
                    new Generator(e.get("seed").asLong()), dtype(e.get("dtype").asText()), device());
            assertArrayEquals(ints(e.get("weight").get("shape")), emb.weight().shape());
            assertArrayEquals(Golden.numbers(e.get("weight").get("data")), emb.weight().toDoubleArray(), 0.0,
                    "Embedding weight, seed " + e.get("seed"));
            assertTrue(emb.weight().requiresGrad());
        }
    }

    /**
     * F.embedding with max_norm: the weight after the forward (renormalised in place under no_grad, PyTorch's
     * embedding_renorm_), the output, the weight's gradient and nn.Embedding's repr. Within a few ulps: the scale
     * comes from the row's norm (norm's own bound) and float32 multiplies by it as PyTorch's float opmath does.
     */
    @Test
    void embeddingMaxNormMatchesPyTorch() {
        backend();
        for (JsonNode e : Golden.load("indexing.json").get("embedding_max_norm")) {
            double maxNorm = Golden.number(e.get("max_norm"));
            double normType = Golden.number(e.get("norm_type"));
            int pad = e.get("padding_idx").isNull() ? Embedding.NO_PADDING : e.get("padding_idx").asInt();
            String what = e.get("repr").asText() + " " + e.get("weight").get("dtype").asText() + " indices "
                    + e.get("indices").get("data");
            Tensor weight = input(e.get("weight")).requiresGrad_(true);
            int version = weight.version();
            Tensor out = Functional.embedding(input(e.get("indices")), weight, pad, maxNorm, normType);
            double rtol = 4 * tolerance(weight.dtype());
            assertClose(what + ": weight after forward", Golden.numbers(e.get("weight_after").get("data")),
                    weight.toDoubleArray(), rtol, false);
            assertTrue(Arrays.equals(Golden.numbers(e.get("weight").get("data")), Golden.numbers(e.get("weight_after")
                    .get("data"))) || weight.version() > version, what + ": renormalising must bump the weight's version");
            assertArrayEquals(ints(e.get("out").get("shape")), out.shape(), what);
            assertClose(what + ": output", Golden.numbers(e.get("out").get("data")), out.toDoubleArray(), rtol, false);
            assertEquals(e.get("grad_fn").asText(), out.gradFn().name(), what);
            out.mul(input(e.get("w"))).sum().backward();
            assertClose(what + ": gradient", Golden.numbers(e.get("grad").get("data")), weight.grad().toDoubleArray(),
                    rtol, false);
            Embedding module = new Embedding(5, 3, pad, maxNorm, normType);
            assertEquals(e.get("repr").asText(), module.toString(), what);
        }
    }

    private Tensor leaf(Generator g, int... shape) {
        return Tensor.randn(g, shape).to(DType.FLOAT64).to(device()).requiresGrad_(true);
    }

    private Tensor longs(long[] v, int... shape) {
        return Tensor.of(v, shape).to(device());
    }

    private Tensor bools(boolean[] v, int... shape) {
        return Tensor.of(v, shape).to(device());
    }

    /** gradcheck in float64 of every differentiable op, on non-contiguous inputs where the op allows. */
    @TestFactory
    List<DynamicTest> gradcheck() {
        backend();
        Generator g = new Generator(14);
        Tensor idx = longs(new long[] {2, 0, 2, 1, 1, 0}, 3, 2);
        Tensor row = longs(new long[] {1, 1, 0}, 3);
        Tensor mask = bools(new boolean[] {true, false, true, false, false, true}, 3, 2);
        List<DynamicTest> tests = new ArrayList<>();
        java.util.Map<String, java.util.function.Function<Tensor[], Tensor>> fns = new java.util.LinkedHashMap<>();
        fns.put("gather", x -> x[1].t().gather(0, idx));
        fns.put("indexSelect", x -> x[0].t().indexSelect(1, row));
        fns.put("scatterAdd", x -> x[0].scatterAdd(0, idx, x[1]));
        fns.put("scatter", x -> x[0].scatter(0, longs(new long[] {0, 2, 2, 1, 1, 0}, 3, 2), x[1]));
        fns.put("where", x -> Tensor.where(mask, x[1].t(), x[0].narrow(0, 0, 1)));
        fns.put("maskedFill", x -> x[0].maskedFill(mask, x[1].select(0, 0).select(0, 0)));
        fns.put("cat", x -> Tensor.cat(List.of(x[0], x[1].t()), 0));
        fns.put("stack", x -> Tensor.stack(List.of(x[0], x[1].t()), 1));
        fns.put("split", x -> x[0].split(new int[] {1, 2}, 0).get(1));
        fns.put("maskedSelect", x -> x[0].maskedSelect(mask));
        fns.put("maskedSelectTransposed", x -> x[1].t().maskedSelect(bools(new boolean[] {true, false}, 2)));
        fns.put("index", x -> x[0].index(longs(new long[] {2, -1, 0}, 3)));
        fns.put("indexMask", x -> x[0].index(mask));
        fns.put("slice", x -> x[1].slice(1, 0, 3, 2));
        fns.put("permute", x -> x[0].unsqueeze(0).permute(2, 0, 1));
        fns.put("unflatten", x -> x[1].unflatten(1, 3, 1));
        fns.put("repeat", x -> x[0].repeat(2, 1, 2));
        fns.put("repeatInterleave", x -> x[0].repeatInterleave(2, 0));
        fns.put("tril", x -> x[1].tril(-1));
        fns.put("triu", x -> x[1].t().triu());
        fns.put("diagonal", x -> x[1].diagonal(1, 0, 1));
        fns.put("flip", x -> x[0].flip(0, 1));
        fns.put("roll", x -> x[0].roll(new int[] {1, -1}, new int[] {0, 1}));
        fns.put("padConstant", x -> org.grad4j.Functional.pad(x[0], new int[] {1, -1, 2, 0}, "constant", 0.5));
        fns.put("padReflect", x -> org.grad4j.Functional.pad(x[1].unsqueeze(0), new int[] {2, 1}, "reflect", 0));
        fns.put("padReplicate", x -> org.grad4j.Functional.pad(x[1].unsqueeze(0), new int[] {2, 1, 1, 0}, "replicate", 0));
        fns.put("embedding", x -> org.grad4j.Functional.embedding(longs(new long[] {0, 2, 2, 1}, 2, 2), x[0]));
        for (var e : fns.entrySet()) {
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
                Tensor a = leaf(g, 3, 2);
                Tensor b = leaf(g, 2, 3);
                Tensor[] in = e.getKey().equals("scatterAdd") || e.getKey().equals("scatter")
                        ? new Tensor[] {a, leaf(g, 3, 2)} : new Tensor[] {a, b};
                assertTrue(org.grad4j.autograd.GradCheck.gradcheck(e.getValue(), in), e.getKey());
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> indexingMatchesPyTorch() {
        backend();   // skips when the device is unavailable
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode c : Golden.load("indexing.json").get("cases")) {
            tests.add(DynamicTest.dynamicTest(i++ + " " + c.get("dtype").asText() + " " + c.get("op").asText() + c.get("args"),
                    () -> check(c)));
        }
        return tests;
    }
}

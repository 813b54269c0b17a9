package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.grad4j.DType;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.data.BatchSampler;
import org.grad4j.data.ChainDataset;
import org.grad4j.data.Collate;
import org.grad4j.data.ConcatDataset;
import org.grad4j.data.DataLoader;
import org.grad4j.data.Dataset;
import org.grad4j.data.IterableDataset;
import org.grad4j.data.Loader;
import org.grad4j.data.RandomSampler;
import org.grad4j.data.Sampler;
import org.grad4j.data.SequentialSampler;
import org.grad4j.data.Subset;
import org.grad4j.data.SubsetRandomSampler;
import org.grad4j.data.TensorDataset;
import org.grad4j.data.WeightedRandomSampler;
import org.junit.jupiter.api.Test;

/**
 * Samplers, DataLoader's options, default_collate and ConcatDataset against PyTorch 1.13's torch.utils.data
 * (golden: tools/golden/data2_golden.py).
 */
public abstract class Data2Conformance extends DeviceConformance {

    private static JsonNode golden() {
        return Golden.load("data2.json");
    }

    /** A dataset whose item i is the Integer i, like the golden's Items(n). */
    private static Dataset<Integer> items(int n) {
        return new Dataset<>() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public Integer get(int i) {
                if (i < 0 || i >= n) {
                    throw new IndexOutOfBoundsException(i);
                }
                return i;
            }
        };
    }

    private static double[] draws(Generator g) {
        double[] d = new double[2];
        (g != null ? g : Generator.defaultGenerator()).uniform(d, 0, 1);
        return d;
    }

    /** Ints stay Integer, lists stay lists: the shape of an epoch of indices or batches. */
    private static Object plain(JsonNode v) {
        if (v.isArray()) {
            List<Object> out = new ArrayList<>();
            v.forEach(x -> out.add(plain(x)));
            return out;
        }
        return v.asInt();
    }

    private static List<Object> epochs(Iterable<?> it, int count) {
        List<Object> out = new ArrayList<>();
        for (int e = 0; e < count; e++) {
            List<Object> epoch = new ArrayList<>();
            for (Object x : it) {
                if (x instanceof Tensor t) {
                    List<Object> b = new ArrayList<>();
                    for (long v : t.toLongArray()) {
                        b.add((int) v);
                    }
                    assertEquals(DType.INT64, t.dtype());
                    epoch.add(b);
                } else {
                    epoch.add(x);
                }
            }
            out.add(epoch);
        }
        return out;
    }

    private static Sampler<?> sampler(JsonNode c, Generator g) {
        switch (c.get("kind").asText()) {
            case "random": {
                JsonNode ns = c.get("num_samples");
                return new RandomSampler(items(c.get("n").asInt()), c.get("replacement").asBoolean(),
                        ns.isNull() ? null : ns.asInt(), g);
            }
            case "subset_random":
                return new SubsetRandomSampler(Golden.ints(c.get("indices")), g);
            case "weighted":
                return new WeightedRandomSampler(Golden.numbersPlain(c.get("weights")), c.get("num_samples").asInt(),
                        c.get("replacement").asBoolean(), g);
            case "batch": {
                int n = c.get("n").asInt();
                Sampler<Integer> inner = switch (c.get("inner").asText()) {
                    case "sequential" -> new SequentialSampler(items(n));
                    case "random" -> new RandomSampler(items(n), false, null, g);
                    default -> new RandomSampler(items(n), true, 7, g);
                };
                return new BatchSampler(inner, c.get("batch_size").asInt(), c.get("drop_last").asBoolean());
            }
            default:
                throw new AssertionError(c);
        }
    }

    @Test
    void samplersDrawPyTorchsIndicesForTheSameSeed() {
        int cases = 0;
        for (JsonNode c : golden().get("samplers")) {
            long seed = c.get("seed").asLong();
            Generator g = new Generator(seed);
            Sampler<?> s = sampler(c, g);
            assertEquals(c.get("len").asInt(), s.len(), c.toString());
            assertEquals(plain(c.get("epochs")), epochs(s, 2), c.toString());
            assertArrayEquals(Golden.numbers(c.get("after")), draws(g), "generator after two epochs: " + c);

            Generator.manualSeedDefault(seed);
            s = sampler(c, null);
            assertEquals(plain(c.get("epochs_default")), epochs(s, 2), "default generator: " + c);
            assertArrayEquals(Golden.numbers(c.get("after_default")), draws(null), "default generator after: " + c);
            cases++;
        }
        assertTrue(cases >= 100, "cases: " + cases);
    }

    private static void assertFails(Class<? extends RuntimeException> kind, String message, Runnable r) {
        RuntimeException e = assertThrows(kind, r::run, message);
        assertTrue(e.getMessage().contains(message), "expected '" + message + "' in: " + e.getMessage());
    }

    @Test
    void samplerErrorsArePyTorchs() {
        Map<String, Runnable> cases = new LinkedHashMap<>();
        cases.put("random_num_samples_0", () -> new RandomSampler(items(3), false, 0, null));
        cases.put("random_num_samples_neg", () -> new RandomSampler(items(3), false, -2, null));
        cases.put("random_empty", () -> new RandomSampler(items(0)));
        cases.put("weighted_num_samples_0", () -> new WeightedRandomSampler(new double[] {1, 2}, 0));
        cases.put("weighted_2d", () -> new WeightedRandomSampler(Tensor.of(new double[] {1, 2, 3, 4},
                DType.FLOAT64, dev(), 2, 2), 2, true, null));
        cases.put("batch_size_0", () -> new BatchSampler(new SequentialSampler(items(3)), 0, false));
        cases.put("batch_size_neg", () -> new BatchSampler(new SequentialSampler(items(3)), -1, false));
        cases.put("weighted_too_many", () -> epochs(new WeightedRandomSampler(new double[] {1, 2}, 3, false, null), 1));
        cases.put("weighted_negative", () -> epochs(new WeightedRandomSampler(new double[] {1, -2}, 1), 1));
        cases.put("weighted_zero_sum", () -> epochs(new WeightedRandomSampler(new double[] {0, 0}, 1), 1));
        cases.put("weighted_inf", () -> epochs(new WeightedRandomSampler(new double[] {1, Double.POSITIVE_INFINITY}, 1), 1));
        cases.put("weighted_nan", () -> epochs(new WeightedRandomSampler(new double[] {1, Double.NaN}, 1), 1));
        cases.put("weighted_empty", () -> epochs(new WeightedRandomSampler(new double[0], 1), 1));
        cases.put("random_replacement_empty", () -> epochs(new RandomSampler(items(0), true, 3, null), 1));
        int checked = 0;
        for (JsonNode c : golden().get("sampler_errors")) {
            Runnable r = cases.get(c.get("kind").asText());
            assertNotNull(r, c.toString());
            // ValueError at construction; RuntimeError while iterating (bad weights or an empty dataset)
            RuntimeException e = assertThrows(RuntimeException.class, r::run, c.toString());
            assertTrue(e instanceof IllegalArgumentException || e instanceof IllegalStateException, e.toString());
            if (c.get("type").asText().equals("ValueError")) {
                assertInstanceOf(IllegalArgumentException.class, e, c.toString());
            }
            assertTrue(e.getMessage().contains(c.get("message").asText()), c + " vs " + e.getMessage());
            checked++;
        }
        assertEquals(cases.size(), checked);
    }

    private static Loader<Object> loader(String name, Generator g, Generator s) {
        return switch (name) {
            case "sampler_random_replacement" -> DataLoader.builder(items(10)).batchSize(3).generator(g)
                    .sampler(new RandomSampler(items(10), true, 7, s)).build();
            case "sampler_subset_random" -> DataLoader.builder(items(10)).batchSize(2).generator(g).dropLast(true)
                    .sampler(new SubsetRandomSampler(new int[] {1, 3, 5, 7, 9}, s)).build();
            case "sampler_weighted" -> DataLoader.builder(items(6)).batchSize(4).generator(g)
                    .sampler(new WeightedRandomSampler(new double[] {1, 2, 3, 4, 5, 6}, 10, true, s)).build();
            case "sampler_sequential" -> DataLoader.builder(items(5)).batchSize(2).generator(g)
                    .sampler(new SequentialSampler(items(5))).build();
            case "batch_sampler_random" -> DataLoader.builder(items(10)).generator(g)
                    .batchSampler(new BatchSampler(new RandomSampler(items(10), false, null, s), 4, false)).build();
            case "batch_sampler_drop" -> DataLoader.builder(items(10)).generator(g)
                    .batchSampler(new BatchSampler(new RandomSampler(items(10), false, null, s), 4, true)).build();
            case "no_batching_shuffle" -> DataLoader.builder(items(6)).batchSize(null).shuffle(true).generator(g).build();
            case "no_batching_sequential" -> DataLoader.builder(items(4)).batchSize(null).generator(g).build();
            case "no_batching_sampler" -> DataLoader.builder(items(6)).batchSize(null).generator(g)
                    .sampler(new RandomSampler(items(6), true, 4, s)).build();
            case "shuffle_items" -> DataLoader.builder(items(7)).batchSize(3).shuffle(true).generator(g).build();
            case "shuffle_items_drop" -> DataLoader.builder(items(7)).batchSize(3).shuffle(true).dropLast(true)
                    .generator(g).build();
            case "batch_size_1" -> DataLoader.builder(items(4)).shuffle(true).generator(g).build();
            default -> throw new AssertionError(name);
        };
    }

    @Test
    void loaderOptionsGivePyTorchsBatches() {
        int cases = 0;
        for (JsonNode c : golden().get("loaders")) {
            String name = c.get("name").asText();
            long seed = c.get("seed").asLong();
            boolean shared = c.get("shared").asBoolean();
            Generator.manualSeedDefault(seed + 1000);
            Generator g = new Generator(seed);
            Loader<Object> l = loader(name, g, shared ? g : null);
            assertEquals(c.get("len").asInt(), l.len(), c.toString());
            assertEquals(plain(c.get("batches")), epochs(l, 2), c.toString());
            assertArrayEquals(Golden.numbers(c.get("after")), draws(g), "loader generator after: " + c);
            assertArrayEquals(Golden.numbers(c.get("after_default")), draws(null), "default generator after: " + c);

            Generator.manualSeedDefault(seed);
            l = loader(name, null, shared ? new Generator(seed + 7) : null);
            assertEquals(plain(c.get("batches_nogen")), epochs(l, 2), "no loader generator: " + c);
            assertArrayEquals(Golden.numbers(c.get("after_nogen")), draws(null), "no loader generator, after: " + c);
            cases++;
        }
        assertTrue(cases >= 60, "cases: " + cases);
    }

    @Test
    void conflictingOptionsFailWithPyTorchsMessages() {
        Dataset<Integer> ds = items(5);
        SequentialSampler sampler = new SequentialSampler(ds);
        BatchSampler bsampler = new BatchSampler(sampler, 2, false);
        Map<String, Supplier<Loader<Object>>> cases = new LinkedHashMap<>();
        cases.put("sampler_shuffle", () -> DataLoader.builder(ds).sampler(sampler).shuffle(true).build());
        cases.put("batch_sampler_batch_size", () -> DataLoader.builder(ds).batchSize(2).batchSampler(bsampler).build());
        cases.put("batch_sampler_shuffle", () -> DataLoader.builder(ds).shuffle(true).batchSampler(bsampler).build());
        cases.put("batch_sampler_sampler", () -> DataLoader.builder(ds).sampler(sampler).batchSampler(bsampler).build());
        cases.put("batch_sampler_drop_last", () -> DataLoader.builder(ds).dropLast(true).batchSampler(bsampler).build());
        cases.put("batch_sampler_batch_size_none", () -> DataLoader.builder(ds).batchSize(null).batchSampler(bsampler)
                .build());
        cases.put("batch_size_none_drop_last", () -> DataLoader.builder(ds).batchSize(null).dropLast(true).build());
        cases.put("batch_size_0", () -> DataLoader.builder(ds).batchSize(0).build());
        cases.put("shuffle_empty", () -> DataLoader.builder(items(0)).shuffle(true).build());
        cases.put("num_workers_negative", () -> DataLoader.builder(ds).numWorkers(-1).build());
        int checked = 0;
        for (JsonNode c : golden().get("conflicts")) {
            String kind = c.get("kind").asText();
            if (kind.equals("batch_sampler_batch_size_1_ok")) {
                Loader<Object> ok = DataLoader.builder(ds).batchSize(1).batchSampler(bsampler).build();
                assertEquals(c.get("len").asInt(), ok.len());
                assertEquals(plain(c.get("batches")), epochs(ok, 1).get(0));
                assertEquals(null, ok.batchSize());
                assertSame(bsampler, ok.batchSampler());
                continue;
            }
            Supplier<Loader<Object>> s = cases.get(kind);
            assertNotNull(s, kind);
            assertFails(IllegalArgumentException.class, c.get("message").asText(), s::get);
            checked++;
        }
        assertEquals(cases.size(), checked);
        assertThrows(IllegalArgumentException.class, () -> DataLoader.builder((Dataset<Object>) null));
        assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(ds).batchSize(null)
                .collateFn(b -> b.size()).build());
    }

    // ------------------------------------------------------------------ default_collate

    /** An item of the golden: a tuple is an Object[], a list a List, an int an Integer (a Long when it must be). */
    private static Object item(JsonNode v) {
        switch (v.get("t").asText()) {
            case "int": {
                long x = v.get("v").asLong();
                return x == (int) x ? (Object) (int) x : (Object) x;
            }
            case "float":
                return Golden.number(v.get("v"));
            case "bool":
                return v.get("v").asBoolean();
            case "str":
                return v.get("v").asText();
            case "tuple": {
                List<Object> out = new ArrayList<>();
                v.get("items").forEach(x -> out.add(item(x)));
                return out.toArray();
            }
            case "list": {
                List<Object> out = new ArrayList<>();
                v.get("items").forEach(x -> out.add(item(x)));
                return out;
            }
            case "dict": {
                Map<String, Object> out = new LinkedHashMap<>();
                for (int i = 0; i < v.get("keys").size(); i++) {
                    out.put(v.get("keys").get(i).asText(), item(v.get("items").get(i)));
                }
                return out;
            }
            case "tensor":
                return tensor(v);
            default:
                throw new AssertionError(v);
        }
    }

    private static Tensor tensor(JsonNode v) {
        int[] shape = Golden.ints(v.get("shape"));
        JsonNode values = v.get("values");
        int n = values.size();
        switch (v.get("dtype").asText()) {
            case "torch.float32": {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = Float.intBitsToFloat(values.get(i).asInt());
                }
                return Tensor.of(f, DType.FLOAT32, dev(), shape);
            }
            case "torch.float64":
                return Tensor.of(Golden.numbers(values), DType.FLOAT64, dev(), shape);
            case "torch.bool": {
                boolean[] b = new boolean[n];
                for (int i = 0; i < n; i++) {
                    b[i] = values.get(i).asBoolean();
                }
                return Tensor.of(b, shape).to(dev());
            }
            default: {
                long[] l = new long[n];
                for (int i = 0; i < n; i++) {
                    l[i] = values.get(i).asLong();
                }
                return Tensor.of(l, shape).to(dev());
            }
        }
    }

    /** Asserts that {@code got} (grad4j's collation) is {@code want} (PyTorch's), bit for bit. */
    private static void assertCollated(JsonNode want, Object got, String where) {
        switch (want.get("t").asText()) {
            case "tensor": {
                Tensor t = assertInstanceOf(Tensor.class, got, where);
                assertEquals(want.get("dtype").asText(), t.dtype().torchName(), where);
                assertArrayEquals(Golden.ints(want.get("shape")), t.shape(), where);
                Tensor w = tensor(want);
                if (t.dtype().isFloatingPoint()) {
                    double[] a = t.toDoubleArray();
                    double[] b = w.toDoubleArray();
                    for (int i = 0; i < a.length; i++) {
                        assertEquals(Double.doubleToLongBits(b[i]), Double.doubleToLongBits(a[i]), where + " at " + i);
                    }
                } else {
                    assertArrayEquals(w.toLongArray(), t.toLongArray(), where);
                }
                break;
            }
            case "list": {
                List<?> l = got instanceof Object[] a ? Arrays.asList(a) : assertInstanceOf(List.class, got, where);
                assertEquals(want.get("items").size(), l.size(), where);
                for (int i = 0; i < l.size(); i++) {
                    assertCollated(want.get("items").get(i), l.get(i), where + "[" + i + "]");
                }
                break;
            }
            case "dict": {
                Map<?, ?> m = assertInstanceOf(Map.class, got, where);
                List<String> keys = new ArrayList<>();
                want.get("keys").forEach(k -> keys.add(k.asText()));
                assertEquals(keys, new ArrayList<>(m.keySet()), where);
                for (int i = 0; i < keys.size(); i++) {
                    assertCollated(want.get("items").get(i), m.get(keys.get(i)), where + "." + keys.get(i));
                }
                break;
            }
            case "str":
                assertEquals(want.get("v").asText(), got, where);
                break;
            default:
                throw new AssertionError(want);
        }
    }

    @Test
    void defaultCollateIsPyTorchs() {
        int cases = 0;
        for (JsonNode c : golden().get("collate")) {
            List<Object> batch = new ArrayList<>();
            c.get("batch").forEach(x -> batch.add(item(x)));
            Object got = Collate.defaultCollate(batch);
            assertCollated(c.get("collated"), got, c.get("batch").toString());
            // a tuple gives an Object[] (a Tensor[] stays a Tensor[]), a list a List
            if (batch.get(0) instanceof Object[]) {
                assertInstanceOf(Object[].class, got);
            }
            cases++;
        }
        assertTrue(cases >= 15, "cases: " + cases);

        Map<String, List<Object>> errors = new LinkedHashMap<>();
        errors.put("unequal_lists", List.of(List.of(1, 2), List.of(3)));
        errors.put("unequal_tuples", List.of(new Object[] {1, 2}, new Object[] {3, 4, 5}));
        errors.put("stack_sizes", List.of(Tensor.zeros(2).to(dev()), Tensor.zeros(3).to(dev())));
        errors.put("none", Arrays.asList(null, null));
        errors.put("missing_key", List.of(Map.of("a", 1, "b", 2), Map.of("a", 3)));
        for (JsonNode c : golden().get("collate_errors")) {
            List<Object> batch = errors.get(c.get("kind").asText());
            String message = c.get("message").asText();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Collate.defaultCollate(batch));
            String expected = switch (c.get("kind").asText()) {
                case "none" -> message.substring(0, message.indexOf("found"));   // <class 'NoneType'>: null here
                case "missing_key" -> "no key " + message;
                default -> message;
            };
            assertTrue(e.getMessage().contains(expected), expected + " vs " + e.getMessage());
        }
    }

    /** A Python namedtuple's counterpart. */
    public record Pair(Object x, Object y) {
    }

    /** A record whose component cannot hold its collated value. */
    public record Typed(Tensor x, int y) {
    }

    @Test
    void recordsAndPrimitiveArraysCollateLikeNamedTuplesAndNumpyArrays() {
        Object got = Collate.defaultCollate(List.of(new Pair(1, 2.5), new Pair(3, -0.5)));
        Pair p = assertInstanceOf(Pair.class, got);
        assertArrayEquals(new long[] {1, 3}, ((Tensor) p.x()).toLongArray());
        assertEquals(DType.FLOAT64, ((Tensor) p.y()).dtype());
        assertArrayEquals(new double[] {2.5, -0.5}, ((Tensor) p.y()).toDoubleArray(), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Collate.defaultCollate(
                List.of(new Typed(Tensor.zeros(1), 1), new Typed(Tensor.zeros(1), 2))));
        assertTrue(e.getMessage().contains("component y"), e.getMessage());

        Tensor d = (Tensor) Collate.defaultCollate(List.of(new double[] {1, 2}, new double[] {3, 4}));
        assertEquals(DType.FLOAT64, d.dtype());
        assertArrayEquals(new int[] {2, 2}, d.shape());
        Tensor f = (Tensor) Collate.defaultCollate(List.of(new float[] {1.5f}, new float[] {2.5f}));
        assertEquals(DType.FLOAT32, f.dtype());
        assertEquals(DType.INT32, ((Tensor) Collate.defaultCollate(List.of(new int[] {1}, new int[] {2}))).dtype());
        assertEquals(DType.INT64, ((Tensor) Collate.defaultCollate(List.of(new long[] {1}, new long[] {2}))).dtype());
        assertEquals(DType.BOOL, ((Tensor) Collate.defaultCollate(List.of(new boolean[] {true}))).dtype());
        assertThrows(IllegalArgumentException.class, () -> Collate.defaultCollate(List.of(new double[] {1},
                new double[] {1, 2})));
        assertThrows(IllegalArgumentException.class, () -> Collate.defaultCollate(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Collate.defaultCollate(List.of(new Object())));
        assertThrows(IllegalArgumentException.class, () -> Collate.defaultCollate(List.of(1.0, "a")));
        assertThrows(IllegalArgumentException.class, () -> Collate.defaultCollate(List.of(Tensor.zeros(1), 2)));
        // no batching: the items themselves, primitive arrays made tensors (default_convert)
        Dataset<Object> raw = new Dataset<>() {
            @Override
            public int size() {
                return 2;
            }

            @Override
            public Object get(int i) {
                return List.of(new long[] {i, i}, "s" + i);
            }
        };
        List<Object> items = new ArrayList<>();
        DataLoader.builder(raw).batchSize(null).build().forEach(items::add);
        assertEquals(2, items.size());
        List<?> first = (List<?>) items.get(1);
        assertArrayEquals(new long[] {1, 1}, ((Tensor) first.get(0)).toLongArray());
        assertEquals("s1", first.get(1));
    }

    @Test
    void customCollateAndTensorDatasetBatchesKeepTheGraph() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, DType.FLOAT64, dev(), 3, 2);
        Tensor y = Tensor.of(new long[] {7, 8, 9}, 3).to(dev());
        TensorDataset td = new TensorDataset(x, y);
        Function<List<Tensor[]>, Map<String, Tensor>> toMap = batch -> {
            Tensor[] stacked = (Tensor[]) Collate.defaultCollate(batch);
            return Map.of("x", stacked[0], "y", stacked[1]);
        };
        Loader<Map<String, Tensor>> l = DataLoader.builder(td).batchSize(2).collateFn(toMap).build();
        Iterator<Map<String, Tensor>> it = l.iterator();
        Map<String, Tensor> b = it.next();
        assertArrayEquals(new long[] {7, 8}, b.get("y").toLongArray());
        assertArrayEquals(new double[] {1, 2, 3, 4}, b.get("x").toDoubleArray(), 0.0);
        assertEquals(1, it.next().get("x").size(0));
        assertFalse(it.hasNext());

        // PyTorch stacks the items' views: a batch of a tensor that requires grad records StackBackward0
        Tensor w = Tensor.of(new double[] {1, 2, 3}, DType.FLOAT64, dev(), 3).requiresGrad_(true);
        Tensor[] batch = new DataLoader(new TensorDataset(w), 2).iterator().next();
        assertTrue(batch[0].requiresGrad());
        assertEquals("StackBackward0", batch[0].gradFn().name());
        batch[0].sum().backward();
        assertArrayEquals(new double[] {1, 1, 0}, w.grad().toDoubleArray(), 0.0);
    }

    // ------------------------------------------------------------------ ConcatDataset, Subset, random_split

    @Test
    void concatDatasetIsPyTorchs() {
        JsonNode c = golden().get("concat");
        ConcatDataset<Integer> cd = new ConcatDataset<>(items(3), items(0), items(4));
        assertArrayEquals(Golden.ints(c.get("cumulative_sizes")), cd.cumulativeSizes());
        int n = cd.size();
        int[] got = new int[n];
        int[] negative = new int[n];
        for (int i = 0; i < n; i++) {
            got[i] = cd.get(i);
            negative[i] = cd.get(i - n);
        }
        assertArrayEquals(Golden.ints(c.get("items")), got);
        assertArrayEquals(Golden.ints(c.get("negative")), negative);
        for (JsonNode e : c.get("errors")) {
            switch (e.get("kind").asText()) {
                case "too_negative" -> assertFails(IllegalArgumentException.class, e.get("message").asText(),
                        () -> cd.get(-8));
                case "empty" -> assertFails(IllegalArgumentException.class, e.get("message").asText(),
                        () -> new ConcatDataset<>(List.<Dataset<Integer>>of()));
                default -> assertThrows(IndexOutOfBoundsException.class, () -> cd.get(7));
            }
        }

        long[] xv = {0, 10, 20, 30, 40};
        long[] yv = {100, 110, 120};
        TensorDataset x = new TensorDataset(Tensor.of(xv, 5).to(dev()));
        TensorDataset y = new TensorDataset(Tensor.of(yv, 3).to(dev()));
        DataLoader shuffled = new DataLoader(new ConcatDataset<>(x, y), 3, true, false, new Generator(4));
        assertEquals(plain(c.get("shuffled")), batches(shuffled));
        Subset<Tensor[]> inner = new Subset<>(new ConcatDataset<>(x, y), new int[] {7, 6, 5, 1, 0});
        Subset<Tensor[]> outer = new Subset<>(inner, new int[] {4, 2, 0});
        assertEquals(plain(c.get("nested")), batches(new DataLoader(outer, 2)));
        int[] nestedItems = new int[3];
        for (int i = 0; i < 3; i++) {
            nestedItems[i] = (int) outer.get(i)[0].itemLong();
        }
        assertArrayEquals(Golden.ints(c.get("nested_items")), nestedItems);
    }

    private static List<Object> batches(DataLoader loader) {
        List<Object> out = new ArrayList<>();
        for (Tensor[] b : loader) {
            List<Object> l = new ArrayList<>();
            for (long v : b[0].toLongArray()) {
                l.add((int) v);
            }
            out.add(l);
        }
        return out;
    }

    @Test
    void randomSplitByFractionsIsPyTorchs() {
        JsonNode s = golden().get("split");
        int cases = 0;
        for (JsonNode c : s.get("cases")) {
            int n = c.get("n").asInt();
            List<Subset<Integer>> parts = Dataset.randomSplit(items(n), Golden.numbersPlain(c.get("fractions")),
                    new Generator(c.get("seed").asLong()));
            assertEquals(c.get("indices").size(), parts.size(), c.toString());
            for (int k = 0; k < parts.size(); k++) {
                int[] want = Golden.ints(c.get("indices").get(k));
                assertArrayEquals(want, parts.get(k).indices(), c.toString());
                for (int i = 0; i < want.length; i++) {
                    assertEquals(want[i], parts.get(k).get(i));
                }
            }
            cases++;
        }
        assertTrue(cases >= 20, "cases: " + cases);
        // no generator: PyTorch's default_generator, which manual_seed(s) seeds as Generator(s)
        Generator.manualSeedDefault(42);
        List<Subset<Integer>> byDefault = Dataset.randomSplit(items(30), new int[] {10, 20}, null);
        List<Subset<Integer>> bySeed = Dataset.randomSplit(items(30), new int[] {10, 20}, new Generator(42));
        assertArrayEquals(bySeed.get(1).indices(), byDefault.get(1).indices());
        for (JsonNode e : s.get("errors")) {
            assertFails(IllegalArgumentException.class, e.get("message").asText(),
                    () -> Dataset.randomSplit(items(10), Golden.numbersPlain(e.get("fractions")), new Generator(0)));
        }
    }

    // ------------------------------------------------------------------ IterableDataset, ChainDataset

    /** The ints start .. start+n-1, with a length, like the golden's Stream. */
    private static IterableDataset<Integer> stream(int n, int start) {
        return new IterableDataset<>() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public Iterator<Integer> iterator() {
                return java.util.stream.IntStream.range(start, start + n).boxed().iterator();
            }
        };
    }

    private static Loader<Object> iterableLoader(String name, Generator g) {
        return switch (name) {
            case "stream_10_3" -> DataLoader.builder(stream(10, 0)).batchSize(3).generator(g).build();
            case "stream_10_3_drop" -> DataLoader.builder(stream(10, 0)).batchSize(3).dropLast(true).generator(g).build();
            case "stream_9_3_drop" -> DataLoader.builder(stream(9, 0)).batchSize(3).dropLast(true).generator(g).build();
            case "stream_2_5_drop" -> DataLoader.builder(stream(2, 0)).batchSize(5).dropLast(true).generator(g).build();
            case "stream_0_2" -> DataLoader.builder(stream(0, 0)).batchSize(2).generator(g).build();
            case "stream_4_none" -> DataLoader.builder(stream(4, 0)).batchSize(null).generator(g).build();
            case "stream_5_default" -> DataLoader.builder(stream(5, 0)).generator(g).build();
            case "chain" -> DataLoader.builder(new ChainDataset<>(stream(3, 0), stream(0, 0), stream(4, 100)))
                    .batchSize(3).generator(g).build();
            case "chain_drop" -> DataLoader.builder(new ChainDataset<>(stream(3, 0), stream(4, 100))).batchSize(2)
                    .dropLast(true).generator(g).build();
            default -> throw new AssertionError(name);
        };
    }

    @Test
    void iterableDatasetsAreBatchedInStreamOrder() {
        JsonNode it = golden().get("iterable");
        int cases = 0;
        for (JsonNode c : it.get("cases")) {
            String name = c.get("name").asText();
            long seed = c.get("seed").asLong();
            Generator g = new Generator(seed);
            Loader<Object> l = iterableLoader(name, g);
            assertEquals(c.get("len").asInt(), l.len(), c.toString());
            assertEquals(plain(c.get("batches")), epochs(l, 2), c.toString());
            assertArrayEquals(Golden.numbers(c.get("after")), draws(g), "base seeds: " + c);
            Generator.manualSeedDefault(seed);
            epochs(iterableLoader(name, null), 2);
            assertArrayEquals(Golden.numbers(c.get("after_default")), draws(null), "default base seeds: " + c);
            cases++;
        }
        assertTrue(cases >= 18, "cases: " + cases);

        IterableDataset<Integer> s3 = stream(3, 0);
        SequentialSampler sampler = new SequentialSampler(items(3));
        IterableDataset<Integer> unsized = () -> List.of(0, 1, 2).iterator();
        for (JsonNode e : it.get("errors")) {
            String message = e.get("message").asText();
            switch (e.get("kind").asText()) {
                case "shuffle" -> assertFails(IllegalArgumentException.class, message,
                        () -> DataLoader.builder(s3).shuffle(true).build());
                case "sampler" -> assertFails(IllegalArgumentException.class, message,
                        () -> DataLoader.builder(s3).sampler(sampler).build());
                case "batch_sampler" -> assertFails(IllegalArgumentException.class, message,
                        () -> DataLoader.builder(s3).batchSampler(new BatchSampler(sampler, 2, false)).build());
                case "drop_last_none" -> assertFails(IllegalArgumentException.class, message,
                        () -> DataLoader.builder(s3).batchSize(null).dropLast(true).build());
                default -> assertFails(IllegalStateException.class, "has no len()",
                        () -> DataLoader.builder(unsized).batchSize(2).build().len());
            }
        }
        assertEquals(plain(it.get("unsized")), epochs(DataLoader.builder(unsized).batchSize(2).build(), 1).get(0));
        assertEquals(7, new ChainDataset<>(stream(3, 0), stream(4, 0)).size());
        assertThrows(IllegalStateException.class, () -> new ChainDataset<>(stream(3, 0), unsized).size());
    }

    @Test
    void plainListsServeAsSamplers() {
        // PyTorch takes any iterable as sampler or batch_sampler; len() needs a length
        Loader<Object> l = DataLoader.builder(items(6)).batchSize(2).sampler(List.of(5, 3, 1)).build();
        assertEquals(2, l.len());
        assertEquals(List.of(List.of(List.of(5, 3), List.of(1))), epochs(l, 1));
        l = DataLoader.builder(items(6)).batchSampler(List.of(List.of(4, 0), List.of(2))).build();
        assertEquals(2, l.len());
        assertEquals(List.of(List.of(List.of(4, 0), List.of(2))), epochs(l, 1));
        Iterable<Integer> lazy = () -> List.of(1, 2).iterator();
        assertThrows(IllegalStateException.class, () -> DataLoader.builder(items(6)).sampler(lazy).build().len());
        assertThrows(IndexOutOfBoundsException.class, () -> epochs(DataLoader.builder(items(3)).batchSize(2)
                .sampler(List.of(0, 3)).build(), 1));
    }
}

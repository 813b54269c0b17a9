package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.grad4j.DType;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.data.Collate;
import org.grad4j.data.DataLoader;
import org.grad4j.data.Dataset;
import org.grad4j.data.DistributedSampler;
import org.grad4j.data.IterableDataset;
import org.grad4j.data.Loader;
import org.grad4j.data.LoaderIterator;
import org.grad4j.data.TensorDataset;
import org.grad4j.data.WorkerInfo;
import org.junit.jupiter.api.Test;

/**
 * DistributedSampler and DataLoader's workers against PyTorch 1.13 (golden: tools/golden/data3_golden.py): the
 * index lists, the batches and their workers, the generator's state after full and abandoned epochs, iterable
 * datasets on workers, and the errors.
 */
public abstract class Data3Conformance extends DeviceConformance {

    private static JsonNode golden() {
        return Golden.load("data3.json");
    }

    /** Item i is the Integer i, like the golden's Items(n). */
    private static Dataset<Object> items(int n) {
        return new Dataset<>() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public Object get(int i) {
                if (i < 0 || i >= n) {
                    throw new IndexOutOfBoundsException(i);
                }
                return i;
            }
        };
    }

    /** Item i is [i, worker id, worker seed], like the golden's Tagged(n). */
    private static Dataset<Object> tagged(int n) {
        return new Dataset<>() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public Object get(int i) {
                WorkerInfo info = DataLoader.getWorkerInfo();
                return info == null ? List.of((long) i, -1L, -1L) : List.of((long) i, (long) info.id(), info.seed());
            }
        };
    }

    private static double[] draws(Generator g) {
        double[] d = new double[2];
        (g != null ? g : Generator.defaultGenerator()).uniform(d, 0, 1);
        return d;
    }

    /** JSON ints as Long, arrays as lists. */
    private static Object plain(JsonNode v) {
        if (v.isArray()) {
            List<Object> out = new ArrayList<>();
            v.forEach(x -> out.add(plain(x)));
            return out;
        }
        return v.asLong();
    }

    /** A batch as lists of Long: int64 tensors (default collation), lists, or a single Integer item. */
    private static Object plainBatch(Object b) {
        if (b instanceof Tensor t) {
            assertEquals(DType.INT64, t.dtype());
            List<Object> out = new ArrayList<>();
            for (long v : t.toLongArray()) {
                out.add(v);
            }
            return t.dim() == 0 ? out.get(0) : out;
        }
        if (b instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(plainBatch(x)));
            return out;
        }
        return ((Number) b).longValue();
    }

    private static List<Object> epochs(Iterable<?> loader, int count) {
        List<Object> out = new ArrayList<>();
        for (int e = 0; e < count; e++) {
            List<Object> epoch = new ArrayList<>();
            for (Object b : loader) {
                epoch.add(plainBatch(b));
            }
            out.add(epoch);
        }
        return out;
    }

    @Test
    void distributedSamplerGivesPyTorchsIndexLists() {
        int cases = 0;
        for (JsonNode c : golden().get("distributed").get("cases")) {
            int n = c.get("n").asInt();
            int replicas = c.get("replicas").asInt();
            List<Object> ranks = new ArrayList<>();
            for (int rank = 0; rank < replicas; rank++) {
                DistributedSampler s = new DistributedSampler(items(n), replicas, rank, c.get("shuffle").asBoolean(),
                        c.get("seed").asLong(), c.get("drop_last").asBoolean());
                s.setEpoch(c.get("epoch").asLong());
                assertEquals(c.get("len").asInt(), s.len(), c.toString());
                assertEquals(c.get("total_size").asLong(), s.totalSize(), c.toString());
                List<Object> indices = new ArrayList<>();
                for (int twice = 0; twice < 2; twice++) {   // the same list again: the epoch decides
                    indices.clear();
                    s.forEach(i -> indices.add((long) i));
                }
                ranks.add(indices);
            }
            assertEquals(plain(c.get("ranks")), ranks, c.toString());
            cases++;
        }
        assertTrue(cases >= 400, "cases: " + cases);
        for (JsonNode c : golden().get("distributed").get("errors")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                    new DistributedSampler(items(4), c.get("replicas").asInt(), c.get("rank").asInt()));
            assertTrue(e.getMessage().contains(c.get("message").asText()), e.getMessage() + " vs " + c);
        }
        assertThrows(IllegalArgumentException.class, () -> new DistributedSampler(null, 2, 0));
    }

    /** The golden's LOADERS, with workers. */
    private static <B> DataLoader.Builder<Object, B> options(DataLoader.Builder<Object, B> b, String name) {
        return switch (name) {
            case "seq_w1" -> b.batchSize(2).numWorkers(1);
            case "seq_w2" -> b.batchSize(3).numWorkers(2);
            case "shuffle_w2" -> b.batchSize(3).shuffle(true).numWorkers(2);
            case "shuffle_w3_pf1" -> b.batchSize(2).shuffle(true).numWorkers(3).prefetchFactor(1);
            case "shuffle_w2_pf3_drop" -> b.batchSize(3).shuffle(true).numWorkers(2).prefetchFactor(3).dropLast(true);
            case "shuffle_w2_persistent" -> b.batchSize(2).shuffle(true).numWorkers(2).persistentWorkers(true);
            case "shuffle_w3_persistent_pf1" -> b.batchSize(3).shuffle(true).numWorkers(3).prefetchFactor(1)
                    .persistentWorkers(true);
            case "no_batching_w2" -> b.batchSize(null).shuffle(true).numWorkers(2);
            case "w4_few_batches" -> b.batchSize(2).shuffle(true).numWorkers(4);
            case "seq_w2_persistent" -> b.batchSize(4).numWorkers(2).persistentWorkers(true);
            default -> throw new AssertionError(name);
        };
    }

    @Test
    void workersGivePyTorchsBatchesSeedsAndGeneratorStates() {
        int cases = 0;
        for (JsonNode c : golden().get("loaders")) {
            String name = c.get("name").asText();
            int n = c.get("n").asInt();
            long seed = c.get("seed").asLong();
            boolean batching = !name.startsWith("no_batching");

            Generator.manualSeedDefault(seed + 1000);
            Generator g = new Generator(seed);
            try (Loader<Object> loader = options(DataLoader.builder(items(n)), name).generator(g).build()) {
                assertEquals(c.get("len").asInt(), loader.len(), c.toString());
                assertEquals(plain(c.get("batches")), epochs(loader, 2), c.toString());
                assertArrayEquals(Golden.numbers(c.get("after")), draws(g), "generator after two epochs: " + name);
                assertArrayEquals(Golden.numbers(c.get("after_default")), draws(null), "default generator: " + name);
            }

            g = new Generator(seed);
            DataLoader.Builder<Object, Object> tb = options(DataLoader.builder(tagged(n)), name).generator(g);
            try (Loader<?> tagged = batching ? tb.collateFn(b -> new ArrayList<>(b)).build() : tb.build()) {
                List<Object> workers = epochs(tagged, 2);
                if (!batching) {   // the golden wraps each item in a list
                    for (Object e : workers) {
                        @SuppressWarnings("unchecked")
                        List<Object> epoch = (List<Object>) e;
                        epoch.replaceAll(List::of);
                    }
                }
                assertEquals(plain(c.get("workers")), workers, "workers and seeds: " + name);
            }

            Generator.manualSeedDefault(seed);
            try (Loader<Object> loader = options(DataLoader.builder(items(n)), name).build()) {
                assertEquals(plain(c.get("batches_nogen")), epochs(loader, 2), "default generator: " + name);
                assertArrayEquals(Golden.numbers(c.get("after_nogen")), draws(null), "default after: " + name);
            }

            for (JsonNode p : c.get("partial")) {
                g = new Generator(seed);
                try (Loader<Object> loader = options(DataLoader.builder(items(n)), name).generator(g).build();
                     LoaderIterator<Object> it = loader.iterator()) {
                    for (int k = 0; k < Math.min(p.get("k").asInt(), loader.len()); k++) {
                        it.next();
                    }
                    assertArrayEquals(Golden.numbers(p.get("after")), draws(g), "after " + p + " batches: " + name);
                }
            }
            cases++;
        }
        assertEquals(20, cases);
    }

    @Test
    void tensorBatchesOnWorkersEqualThoseOfTheCallingThread() {
        Tensor x = Tensor.rand(new Generator(1), 23, 3).to(device());
        Tensor y = Tensor.arange(23L).to(device());
        TensorDataset td = new TensorDataset(x, y);
        Dataset<Object> items = new Dataset<>() {   // items of tensors: default_collate stacks them on the worker
            @Override
            public int size() {
                return td.size();
            }

            @Override
            public Object get(int i) {
                return List.of(td.get(i)[0], td.get(i)[1]);
            }
        };
        for (Dataset<?> ds : List.<Dataset<?>>of(td, items)) {
            List<Object> expected = batches(ds, 0);
            for (int workers : new int[] {1, 3}) {
                List<Object> got = batches(ds, workers);
                assertEquals(expected.size(), got.size());
                for (int b = 0; b < got.size(); b++) {
                    List<Tensor> e = fields(expected.get(b));
                    List<Tensor> g = fields(got.get(b));
                    for (int f = 0; f < 2; f++) {
                        assertEquals(e.get(f).device(), g.get(f).device());
                        assertTrue(e.get(f).equal(g.get(f)), "batch " + b + " field " + f + ", " + workers + " workers");
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> batches(Dataset<?> ds, int workers) {
        DataLoader.Builder<Object, Object> b = DataLoader.builder((Dataset<Object>) ds).batchSize(5).shuffle(true)
                .generator(new Generator(4));
        if (workers > 0) {
            b.numWorkers(workers);
        }
        List<Object> out = new ArrayList<>();
        b.build().forEach(out::add);
        return out;
    }

    private static List<Tensor> fields(Object batch) {
        List<Tensor> out = new ArrayList<>();
        if (batch instanceof Tensor[] a) {
            out.addAll(List.of(a));
        } else {
            for (Object o : (List<?>) batch) {
                out.add((Tensor) o);
            }
        }
        return out;
    }

    /** A namedtuple's counterpart whose components accept tensors. */
    record Pair(Object x, Object label) {
    }

    /** A record whose component cannot hold the tensor its array converts to. */
    record Strict(double[] x) {
    }

    @Test
    void defaultConvertMakesArraysTensorsInsideContainers() {
        Object converted = Collate.defaultConvert(List.of(new double[] {1, 2}, Map.of("k", new long[] {3}), "s", 4));
        List<?> l = (List<?>) converted;
        Tensor d = (Tensor) l.get(0);
        assertEquals(DType.FLOAT64, d.dtype());
        assertArrayEquals(new int[] {2}, d.shape());
        Tensor k = (Tensor) ((Map<?, ?>) l.get(1)).get("k");
        assertEquals(DType.INT64, k.dtype());
        assertEquals("s", l.get(2));
        assertEquals(4, l.get(3));
        Object[] arr = (Object[]) Collate.defaultConvert(new Object[] {new float[] {1f}, new boolean[] {true}});
        assertEquals(DType.FLOAT32, ((Tensor) arr[0]).dtype());
        assertEquals(DType.BOOL, ((Tensor) arr[1]).dtype());
        Pair p = (Pair) Collate.defaultConvert(new Pair(new int[] {1, 2, 3}, 7));
        assertEquals(DType.INT32, ((Tensor) p.x()).dtype());
        assertEquals(7, p.label());
        Pair same = new Pair("a", 1);
        assertSame(same, Collate.defaultConvert(same));
        Tensor t = Tensor.arange(3L);
        assertSame(t, Collate.defaultConvert(t));
        assertEquals(null, Collate.defaultConvert(null));
        assertThrows(IllegalArgumentException.class, () -> Collate.defaultConvert(new Strict(new double[] {1})));
    }

    /** The golden's Stream(n, shard): range(n) on every worker, or PyTorch's documented contiguous shard. */
    private static IterableDataset<Object> stream(int n, boolean shard) {
        return () -> {
            WorkerInfo info = DataLoader.getWorkerInfo();
            int start = 0;
            int end = n;
            if (shard && info != null) {
                int perWorker = (int) Math.ceil(n / (double) info.numWorkers());
                start = info.id() * perWorker;
                end = Math.min(start + perWorker, n);
            }
            List<Object> out = new ArrayList<>();
            for (int i = start; i < end; i++) {
                out.add(i);
            }
            return out.iterator();
        };
    }

    /** The golden's Uneven(lengths): worker w yields 10w .. 10w + lengths[w] - 1. */
    private static IterableDataset<Object> uneven(int[] lengths) {
        return () -> {
            WorkerInfo info = DataLoader.getWorkerInfo();
            int w = info == null ? 0 : info.id();
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < lengths[w]; i++) {
                out.add(10 * w + i);
            }
            return out.iterator();
        };
    }

    @Test
    void iterableDatasetsOnWorkersGivePyTorchsBatches() {
        int cases = 0;
        for (JsonNode c : golden().get("iterable")) {
            IterableDataset<Object> ds = c.get("kind").asText().equals("stream")
                    ? stream(c.get("n").asInt(), c.get("shard").asBoolean()) : uneven(Golden.ints(c.get("lengths")));
            JsonNode kw = c.get("kw");
            DataLoader.Builder<Object, Object> b = DataLoader.builder(ds)
                    .batchSize(kw.get("batch_size").isNull() ? null : kw.get("batch_size").asInt())
                    .numWorkers(kw.get("num_workers").asInt());
            if (kw.has("drop_last")) {
                b.dropLast(kw.get("drop_last").asBoolean());
            }
            if (kw.has("prefetch_factor")) {
                b.prefetchFactor(kw.get("prefetch_factor").asInt());
            }
            if (kw.has("persistent_workers")) {
                b.persistentWorkers(kw.get("persistent_workers").asBoolean());
            }
            try (Loader<Object> loader = b.build()) {
                assertEquals(plain(c.get("batches")), epochs(loader, 2), c.toString());
            }
            cases++;
        }
        assertEquals(12, cases);
    }

    @Test
    void workerErrorsAndArgumentsFollowPyTorch() {
        Dataset<Object> ds = items(4);
        for (JsonNode c : golden().get("errors").get("arguments")) {
            Supplier<Loader<Object>> s = switch (c.get("kind").asText()) {
                case "num_workers_negative" -> () -> DataLoader.builder(ds).numWorkers(-1).build();
                case "num_workers_negative_timeout_negative" -> () -> DataLoader.builder(ds).numWorkers(-2).timeout(-1)
                        .build();
                case "timeout_negative" -> () -> DataLoader.builder(ds).numWorkers(2).timeout(-0.5).build();
                case "prefetch_without_workers" -> () -> DataLoader.builder(ds).prefetchFactor(3).build();
                case "persistent_without_workers" -> () -> DataLoader.builder(ds).persistentWorkers(true).build();
                case "prefetch_and_persistent_without_workers" -> () -> DataLoader.builder(ds).prefetchFactor(4)
                        .persistentWorkers(true).build();
                default -> throw new AssertionError(c.toString());
            };
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::get, c.toString());
            assertTrue(e.getMessage().contains(c.get("message").asText()), e.getMessage() + " vs " + c);
        }
        for (JsonNode c : golden().get("errors").get("failures")) {
            int n = c.get("n").asInt();
            Dataset<Object> failing = new Dataset<>() {
                @Override
                public int size() {
                    return n;
                }

                @Override
                public Object get(int i) {
                    if (i == n - 1) {
                        throw new IllegalArgumentException("item " + i + " is broken");
                    }
                    return i;
                }
            };
            try (Loader<Object> loader = DataLoader.builder(failing).batchSize(c.get("batch_size").asInt())
                    .numWorkers(c.get("workers").asInt()).build()) {
                List<Object> before = new ArrayList<>();
                Iterator<Object> it = loader.iterator();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
                    while (it.hasNext()) {
                        before.add(plainBatch(it.next()));
                    }
                });
                assertEquals(plain(c.get("before")), before, c.toString());
                // PyTorch: "Caught ValueError in DataLoader worker process 0."
                String where = c.get("message").asText().replaceFirst("^Caught \\w+ ", "");
                assertTrue(e.getMessage().startsWith("Caught IllegalArgumentException " + where), e.getMessage());
            }
        }
    }
}

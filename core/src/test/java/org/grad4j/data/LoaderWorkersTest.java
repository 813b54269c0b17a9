package org.grad4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.grad4j.Generator;
import org.junit.jupiter.api.Test;

/**
 * The worker threads of a {@link Loader}: order, worker information, errors, shutdown (no leaked threads).
 * Deterministic: the tests force orderings with latches and never assert on elapsed time.
 */
class LoaderWorkersTest {

    /** Item i is i (as Integer); each get records the thread that ran it. */
    private static final class Items implements Dataset<Integer> {
        final int n;
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        final IntFunction<Integer> body;

        Items(int n) {
            this(n, i -> i);
        }

        Items(int n, IntFunction<Integer> body) {
            this.n = n;
            this.body = body;
        }

        @Override
        public int size() {
            return n;
        }

        @Override
        public Integer get(int index) {
            threads.add(Thread.currentThread());
            return body.apply(index);
        }
    }

    private static <T> DataLoader.Builder<T, List<T>> lists(DataLoader.Builder<T, Object> b) {
        return b.collateFn(items -> new ArrayList<>(items));
    }

    private static <B> List<B> drain(Iterable<B> it) {
        List<B> out = new ArrayList<>();
        it.forEach(out::add);
        return out;
    }

    private static void assertAllEnded(Set<Thread> threads) {
        assertFalse(threads.isEmpty());
        for (Thread t : threads) {
            assertTrue(t.getName().startsWith("grad4j-DataLoader-worker-"), t.getName());
            assertFalse(t.isAlive(), t + " is still alive");
        }
    }

    @Test
    void batchesComeInSamplerOrderWhateverTheWorkersTiming() {
        // shuffled: the batches of numWorkers=0 for the same generator state
        Loader<List<Integer>> loader = lists(DataLoader.builder(new Items(12)).batchSize(3).shuffle(true))
                .numWorkers(2).generator(new Generator(5)).build();
        Loader<List<Integer>> single = lists(DataLoader.builder(new Items(12)).batchSize(3).shuffle(true))
                .generator(new Generator(5)).build();
        assertEquals(drain(single), drain(loader));

        // batch 0 (worker 0) waits until batch 1 (worker 1) is being loaded: worker 1 answers first
        CountDownLatch later = new CountDownLatch(1);
        Items ordered = new Items(9, i -> {
            if (i == 0) {
                await(later);
            }
            if (i == 3) {
                later.countDown();
            }
            return i;
        });
        Loader<List<Integer>> seq = lists(DataLoader.builder(ordered).batchSize(3)).numWorkers(3).build();
        assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7, 8)), drain(seq));
        assertAllEnded(ordered.threads);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void workerInfoAndInitFnOnEachWorker() {
        Map<Integer, WorkerInfo> seen = new ConcurrentHashMap<>();
        List<String> inits = new CopyOnWriteArrayList<>();
        Items ds = new Items(10, i -> {
            WorkerInfo info = DataLoader.getWorkerInfo();
            seen.put(i, info);
            return i;
        });
        Loader<List<Integer>> loader = lists(DataLoader.builder(ds).batchSize(2)).numWorkers(3)
                .workerInitFn(id -> {
                    WorkerInfo info = DataLoader.getWorkerInfo();
                    inits.add(id + ":" + info.id() + ":" + Thread.currentThread().getName());
                }).generator(new Generator(11)).build();
        assertNull(DataLoader.getWorkerInfo());
        drain(loader);
        long baseSeed = new Generator(11).randomLong();
        for (int i = 0; i < 10; i++) {
            WorkerInfo info = seen.get(i);
            int worker = (i / 2) % 3;   // batch b goes to worker b % 3
            assertEquals(worker, info.id(), "item " + i);
            assertEquals(3, info.numWorkers());
            assertEquals(baseSeed + worker, info.seed());
            assertSame(ds, info.dataset());
        }
        Collections.sort(inits);
        assertEquals(List.of("0:0:grad4j-DataLoader-worker-0", "1:1:grad4j-DataLoader-worker-1",
                "2:2:grad4j-DataLoader-worker-2"), inits);
        assertNull(DataLoader.getWorkerInfo());
    }

    @Test
    void aWorkersExceptionIsRaisedNamingTheWorker() {
        Items ds = new Items(8, i -> {
            if (i == 5) {
                throw new IllegalArgumentException("item 5 is broken");
            }
            return i;
        });
        Loader<List<Integer>> loader = lists(DataLoader.builder(ds).batchSize(2)).numWorkers(2).build();
        LoaderIterator<List<Integer>> it = loader.iterator();
        assertEquals(List.of(0, 1), it.next());
        assertEquals(List.of(2, 3), it.next());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, it::next);
        assertTrue(e.getMessage().startsWith("Caught IllegalArgumentException in DataLoader worker process 0.\n"),
                e.getMessage());
        assertTrue(e.getMessage().contains("item 5 is broken"), e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertEquals("item 5 is broken", e.getCause().getMessage());
        assertFalse(it.hasNext());   // the epoch ended with the exception
        it.close();
        assertAllEnded(ds.threads);

        // a class without a (String) constructor: an IllegalStateException naming the worker, the original as cause
        Items odd = new Items(4, i -> {
            throw new NoStringConstructor();
        });
        IllegalStateException r = assertThrows(IllegalStateException.class,
                () -> drain(lists(DataLoader.builder(odd).batchSize(2)).numWorkers(1).build()));
        assertTrue(r.getMessage().startsWith("Caught NoStringConstructor in DataLoader worker process 0."),
                r.getMessage());
        assertInstanceOf(NoStringConstructor.class, r.getCause());
    }

    private static final class NoStringConstructor extends RuntimeException {
        NoStringConstructor() {
            super("no (String) constructor");
        }
    }

    @Test
    void workerInitFnFailureComesWithThatWorkersFirstBatch() {
        Items ds = new Items(6);
        Loader<List<Integer>> loader = lists(DataLoader.builder(ds).batchSize(2)).numWorkers(2).workerInitFn(id -> {
            if (id == 1) {
                throw new IllegalStateException("no init for worker 1");
            }
        }).build();
        LoaderIterator<List<Integer>> it = loader.iterator();
        assertEquals(List.of(0, 1), it.next());
        IllegalStateException e = assertThrows(IllegalStateException.class, it::next);
        assertTrue(e.getMessage().startsWith("Caught IllegalStateException in DataLoader worker process 1."),
                e.getMessage());
        it.close();
    }

    @Test
    void workersEndWithTheEpochOrWhenClosed() {
        Items ds = new Items(9);
        Loader<List<Integer>> loader = lists(DataLoader.builder(ds).batchSize(2)).numWorkers(3).build();
        assertEquals(5, drain(loader).size());
        assertAllEnded(ds.threads);

        Items early = new Items(100);
        Loader<List<Integer>> l2 = lists(DataLoader.builder(early).batchSize(2)).numWorkers(2).prefetchFactor(3).build();
        try (LoaderIterator<List<Integer>> it = l2.iterator()) {
            assertEquals(List.of(0, 1), it.next());
        }
        assertAllEnded(early.threads);
    }

    @Test
    void anAbandonedEpochsWorkersEndOnceItIsCollected() throws InterruptedException {
        Items ds = new Items(100);
        Loader<List<Integer>> loader = lists(DataLoader.builder(ds).batchSize(2)).numWorkers(2).build();
        abandon(loader);
        Set<Thread> threads = Set.copyOf(ds.threads);
        assertFalse(threads.isEmpty());
        // the Cleaner stops them once the iterator is unreachable: collect until it has run
        for (int attempt = 0; attempt < 200 && threads.stream().anyMatch(Thread::isAlive); attempt++) {
            System.gc();
            for (Thread t : threads) {
                t.join(50);
            }
        }
        assertAllEnded(threads);
    }

    private static void abandon(Loader<List<Integer>> loader) {
        Iterable<List<Integer>> it = () -> loader.iterator();
        for (List<Integer> batch : it) {
            assertEquals(List.of(0, 1), batch);
            break;
        }
    }

    @Test
    void persistentWorkersServeEveryEpochUntilClosed() {
        Items ds = new Items(7);
        Generator g = new Generator(3);
        Loader<List<Integer>> loader = lists(DataLoader.builder(ds).batchSize(2).shuffle(true)).numWorkers(2)
                .persistentWorkers(true).generator(g).build();
        LoaderIterator<List<Integer>> first = loader.iterator();
        List<List<Integer>> e1 = new ArrayList<>();
        first.forEachRemaining(e1::add);
        Set<Thread> threads = Set.copyOf(ds.threads);
        assertEquals(2, threads.size());
        assertTrue(threads.stream().allMatch(Thread::isAlive));
        LoaderIterator<List<Integer>> second = loader.iterator();
        assertSame(first, second);   // PyTorch resets and returns its one iterator
        // an epoch left half-way, then a new one: the old tasks are dropped, the new epoch is whole
        assertEquals(2, second.next().size());
        List<List<Integer>> e3 = drain(loader);
        assertEquals(4, e3.size());
        assertEquals(Set.copyOf(ds.threads), threads);   // no new threads
        List<Integer> all = new ArrayList<>();
        e3.forEach(all::addAll);
        Collections.sort(all);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), all);
        loader.close();
        assertAllEnded(threads);
        // closed: a new epoch starts new workers
        assertEquals(4, drain(loader).size());
        loader.close();
        assertAllEnded(ds.threads);
    }

    @Test
    void iterableDatasetsAreIteratedByEachWorker() {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        IterableDataset<Integer> stream = () -> {
            threads.add(Thread.currentThread());
            WorkerInfo info = DataLoader.getWorkerInfo();
            int id = info == null ? 0 : info.id();
            return List.of(100 * id, 100 * id + 1, 100 * id + 2).iterator();
        };
        Loader<List<Integer>> loader = lists(DataLoader.builder(stream).batchSize(2)).numWorkers(2).build();
        assertEquals(List.of(List.of(0, 1), List.of(100, 101), List.of(2), List.of(102)), drain(loader));
        assertAllEnded(threads);
    }

    @Test
    void timeoutFailsWithPyTorchsMessage() {
        CountDownLatch never = new CountDownLatch(1);
        Items ds = new Items(4, i -> {
            await(never);
            return i;
        });
        Loader<List<Integer>> loader = lists(DataLoader.builder(ds).batchSize(2)).numWorkers(1).timeout(0.05).build();
        LoaderIterator<List<Integer>> it = loader.iterator();
        IllegalStateException e = assertThrows(IllegalStateException.class, it::next);
        assertEquals("DataLoader timed out after 0.05 seconds", e.getMessage());
        never.countDown();
        it.close();
        assertAllEnded(ds.threads);

        Loader<Object> noWorkers = DataLoader.builder(new Items(2)).timeout(1).build();
        assertThrows(IllegalStateException.class, noWorkers::iterator);
    }

    @Test
    void argumentsFailWithPyTorchsMessages() {
        Items ds = new Items(4);
        assertMessage("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.",
                () -> DataLoader.builder(ds).numWorkers(-1).timeout(-1).build());
        assertMessage("timeout option should be non-negative", () -> DataLoader.builder(ds).numWorkers(2).timeout(-0.5)
                .build());
        assertMessage("prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 to "
                + "enable multiprocessing.", () -> DataLoader.builder(ds).prefetchFactor(3).build());
        assertMessage("prefetch_factor should be positive", () -> DataLoader.builder(ds).numWorkers(1).prefetchFactor(0)
                .build());
        assertMessage("persistent_workers option needs num_workers > 0", () -> DataLoader.builder(ds)
                .persistentWorkers(true).build());
        Loader<Object> pinned = DataLoader.builder(ds).pinMemory(true).build();
        assertTrue(pinned.pinMemory());
        assertEquals(0, pinned.numWorkers());
        assertEquals(2, pinned.prefetchFactor());
    }

    private static void assertMessage(String message, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void concatIsPlus() {
        Items a = new Items(2);
        Items b = new Items(3);
        ConcatDataset<Integer> c = a.concat(b);
        assertEquals(5, c.size());
        assertEquals(List.of(0, 1, 0, 1, 2), List.of(c.get(0), c.get(1), c.get(2), c.get(3), c.get(4)));
        assertThrows(IllegalArgumentException.class, () -> a.concat(null));
        IterableDataset<Integer> s = () -> List.of(1, 2).iterator();
        List<Integer> chained = new ArrayList<>();
        s.concat(() -> List.of(3).iterator()).forEach(chained::add);
        assertEquals(List.of(1, 2, 3), chained);
    }
}

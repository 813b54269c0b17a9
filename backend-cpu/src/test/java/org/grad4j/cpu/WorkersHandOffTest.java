package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * The single-slot hand-off of {@link Workers}: nested and concurrent operations neither deadlock
 * nor lose or repeat an item, a helper's failure reaches the caller, and idle helpers park.
 * (Surefire runs this module with {@code grad4j.cpu.threads=2}.)
 */
class WorkersHandOffTest {
    private static boolean onHelper() {
        return Thread.currentThread().getName().startsWith("grad4j-cpu-");
    }

    private static void assertAllOnce(AtomicIntegerArray hits) {
        for (int i = 0; i < hits.length(); i++) {
            assertEquals(1, hits.get(i), "index " + i);
        }
    }

    @Test
    void nestedOperationsRunInlineWithoutDeadlock() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int round = 0; round < 50; round++) {
                AtomicIntegerArray hits = new AtomicIntegerArray(64 * 100);
                Workers.forRange(64, 1, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        int base = i * 100;
                        // a nested forRange and a nested run, from the caller's and the helpers' items
                        Workers.forRange(50, 1, (a, b) -> {
                            for (int j = a; j < b; j++) {
                                hits.incrementAndGet(base + j);
                            }
                        });
                        AtomicInteger next = new AtomicInteger(50);
                        Workers.run(2, () -> {
                            for (int j = next.getAndIncrement(); j < 100; j = next.getAndIncrement()) {
                                hits.incrementAndGet(base + j);
                            }
                        });
                    }
                });
                assertAllOnce(hits);
            }
        });
    }

    @Test
    void aFailureOnAHelperReachesTheCaller() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            int helperFailures = 0;
            for (int round = 0; round < 200 && helperFailures < 3; round++) {
                AtomicBoolean helperRan = new AtomicBoolean();
                Throwable thrown = null;
                try {
                    Workers.forRange(8, 1, (from, to) -> {
                        if (onHelper()) {
                            helperRan.set(true);
                            throw new IllegalStateException("helper item " + from);
                        }
                        try {
                            Thread.sleep(1); // leave the core to the helper
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                } catch (IllegalStateException e) {
                    thrown = e;
                }
                assertEquals(helperRan.get(), thrown != null, "helper ran: " + helperRan.get() + ", thrown: " + thrown);
                if (thrown != null) {
                    assertTrue(thrown.getMessage().startsWith("helper item "), thrown.getMessage());
                    helperFailures++;
                }
            }
            assertTrue(helperFailures > 0, "no helper ever joined an operation");
        });
    }

    @Test
    void theCallersFailureWinsAndEveryStartedHelperIsWaitedFor() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int round = 0; round < 20; round++) {
                AtomicInteger inside = new AtomicInteger();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                        Workers.forRange(8, 1, (from, to) -> {
                            inside.incrementAndGet();
                            try {
                                if (!onHelper()) {
                                    throw new IllegalArgumentException("caller item");
                                }
                                Thread.sleep(2);
                            } catch (InterruptedException ie) {
                                Thread.currentThread().interrupt();
                            } finally {
                                inside.decrementAndGet();
                            }
                        }));
                assertEquals("caller item", e.getMessage());
                assertEquals(0, inside.get(), "the caller returned while a helper was still inside an item");
            }
        });
    }

    @Test
    void manyConcurrentCallersLoseAndRepeatNothing() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            int callers = 6;
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int seed = c;
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                        for (int round = 0; round < 300; round++) {
                            int n = 1 + (seed * 7919 + round * 104729) % 3000;
                            AtomicIntegerArray hits = new AtomicIntegerArray(n);
                            if (round % 2 == 0) {
                                Workers.forRange(n, 1 + round % 5, (from, to) -> {
                                    for (int i = from; i < to; i++) {
                                        hits.incrementAndGet(i);
                                    }
                                });
                            } else {
                                AtomicInteger next = new AtomicInteger();
                                Workers.run(Workers.THREADS, () -> {
                                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                                        hits.incrementAndGet(i);
                                    }
                                });
                            }
                            assertAllOnce(hits);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                threads.add(t);
                t.start();
            }
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
        });
    }

    @Test
    void idleHelpersParkAndAreDaemonsAndKeepNoOperands() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            WeakReference<float[]> operand = runOnALargeOperand();
            List<Thread> helpers = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("grad4j-cpu-")) {
                    helpers.add(t);
                }
            }
            assertEquals(Workers.THREADS - 1, helpers.size(), helpers.toString());
            long deadline = System.nanoTime() + 5_000_000_000L;
            for (Thread t : helpers) {
                assertTrue(t.isDaemon(), t.getName());
                // past its idle polling a helper parks instead of burning a core
                while (t.getState() != Thread.State.WAITING) {
                    assertTrue(System.nanoTime() < deadline, t.getName() + " still " + t.getState());
                    Thread.sleep(1);
                }
            }
            // neither the slot nor a parked helper keeps the last operation's operands reachable
            for (int i = 0; i < 50 && operand.get() != null; i++) {
                System.gc();
                Thread.sleep(2);
            }
            assertTrue(operand.get() == null, "the last operation's operand is still reachable");
        });
    }

    private static WeakReference<float[]> runOnALargeOperand() {
        float[] x = new float[1 << 16];
        Workers.forRange(x.length, 1024, (from, to) -> {
            for (int i = from; i < to; i++) {
                x[i] = i;
            }
        });
        return new WeakReference<>(x);
    }
}

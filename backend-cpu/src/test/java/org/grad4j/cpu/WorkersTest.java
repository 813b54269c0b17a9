package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The worker pool: every item runs exactly once, whoever runs it; failures reach the caller; the
 * helpers join jobs that come after they parked; concurrent callers share the pool safely.
 * (Surefire runs this module with {@code grad4j.cpu.threads=2}.)
 */
class WorkersTest {
    private static long sumOfRange(int n) {
        AtomicLong sum = new AtomicLong();
        long[] hits = new long[n];
        Workers.forRange(n, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                hits[i]++;
                sum.addAndGet(i);
            }
        });
        for (int i = 0; i < n; i++) {
            if (hits[i] != 1) {
                throw new AssertionError("index " + i + " ran " + hits[i] + " times");
            }
        }
        return sum.get();
    }

    @Test
    @Timeout(60)
    void everyItemRunsOnceAndHelpersJoinEvenAfterParking() throws InterruptedException {
        assertTrue(Workers.THREADS >= 2, "this test needs at least two worker threads");
        Set<String> threads = ConcurrentHashMap.newKeySet();
        for (int round = 0; round < 200; round++) {
            assertEquals(1000L * 999 / 2, sumOfRange(1000));
            if (round % 50 == 49) {
                // past the caller's spin and the helpers' idle polling: the helpers are parked by now
                Thread.sleep(5 + Math.max(Workers.SPIN_NANOS, Workers.IDLE_SPIN_NANOS) / 1_000_000);
                // items that sleep leave the caller's core free, so a woken helper gets to take some
                Workers.forRange(16, 1, (from, to) -> {
                    threads.add(Thread.currentThread().getName());
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        }
        assertTrue(threads.stream().anyMatch(t -> t.startsWith("grad4j-cpu-")),
                "no helper ever joined a job: " + threads);
    }

    @Test
    @Timeout(60)
    void aFailureInAnItemReachesTheCallerAndThePoolStaysUsable() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Workers.forRange(64, 1, (from, to) -> {
            if (from <= 40 && 40 < to) {
                throw new IllegalStateException("item with 40 failed");
            }
        }));
        assertEquals("item with 40 failed", e.getMessage());
        assertEquals(4950L, sumOfRange(100));
    }

    @Test
    @Timeout(120)
    void concurrentCallersEachGetTheirOwnResults() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = 500 + i;
                results.add(callers.submit(() -> sumOfRange(n) - (long) n * (n - 1) / 2));
            }
            for (Future<Long> r : results) {
                assertEquals(0L, r.get(60, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
        }
    }
}

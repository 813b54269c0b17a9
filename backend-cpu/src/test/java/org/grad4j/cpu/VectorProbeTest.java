package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link VectorProbe}: one check per JVM, one answer for every caller, no exception ever reaching one. */
class VectorProbeTest {
    @Test
    void concurrentFirstUsesRunTheCheckOnceAndGetTheSameAnswer() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        VectorProbe probe = new VectorProbe(() -> {
            runs.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new VectorProbe.Result(true, true, "test", false);
        });
        int n = 6;
        CyclicBarrier go = new CyclicBarrier(n + 1);
        List<Thread> threads = new ArrayList<>();
        VectorProbe.Result[] got = new VectorProbe.Result[n];
        for (int i = 0; i < n; i++) {
            int me = i;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    if (me % 2 == 0) {
                        probe.start();
                    }
                    got[me] = probe.result();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            t.start();
            threads.add(t);
        }
        go.await();
        Thread.sleep(50); // let the callers reach the wait (a missed race only makes the test weaker, never wrong)
        assertEquals(null, probe.now(), "the answer is not known while the check runs");
        release.countDown();
        for (Thread t : threads) {
            t.join(10_000);
            assertFalse(t.isAlive());
        }
        assertEquals(1, runs.get());
        for (VectorProbe.Result r : got) {
            assertSame(got[0], r);
        }
        assertSame(got[0], probe.now());
        probe.start(); // later starts and asks run nothing
        assertSame(got[0], probe.result());
        assertEquals(1, runs.get());
    }

    @Test
    @Timeout(30)   // a switch that waited would hang here: the check is released only after it answers
    void theLaneSwitchesNeverWaitForTheCheck() {
        CountDownLatch release = new CountDownLatch(1);
        VectorProbe probe = new VectorProbe(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new VectorProbe.Result(true, true, "test", false);
        });
        // while the check is blocked (on the daemon thread lanesNow starts), the answer is "plain loops", at once
        assertFalse(probe.lanesNow());
        assertFalse(probe.lanesNow());
        release.countDown();
        assertTrue(probe.result().lanes());
        assertTrue(probe.lanesNow(), "known now: the lanes");
        VectorProbe noLanes = new VectorProbe(() -> new VectorProbe.Result(true, false, "256-bit", false));
        noLanes.result();
        assertFalse(noLanes.lanesNow(), "a kernel without the 512-bit lanes leaves the switches off");
    }

    @Test
    void aResultAskedBeforeAnyStartIsComputedOnTheCallersThread() {
        AtomicReference<Thread> ran = new AtomicReference<>();
        VectorProbe probe = new VectorProbe(() -> {
            ran.set(Thread.currentThread());
            return new VectorProbe.Result(false, false, "off", false);
        });
        assertEquals("off", probe.result().why());
        assertSame(Thread.currentThread(), ran.get());
        probe.start(); // nothing left to run: no thread, same answer
        assertEquals("off", probe.result().why());
    }

    @Test
    void aCheckThatThrowsMeansThePlainLoopsAndNoException() {
        for (Throwable thrown : new Throwable[] {new IllegalStateException("boom"), new StackOverflowError()}) {
            VectorProbe probe = new VectorProbe(() -> {
                if (thrown instanceof RuntimeException r) {
                    throw r;
                }
                throw (Error) thrown;
            });
            probe.start(); // on the daemon thread: nothing may escape it either
            VectorProbe.Result r = probe.result();
            assertFalse(r.available());
            assertFalse(r.lanes());
            assertTrue(r.why().startsWith("the Vector API check failed: ") && r.why().contains(thrown.getClass().getName()),
                    r.why());
        }
    }

    @Test
    void theBackendUsesTheSharedAnswer() {
        VectorProbe.Result r = VectorProbe.SHARED.result();
        assertNotNull(r);
        assertEquals(r.available(), VectorGemm.isAvailable());
        assertEquals(r.available() && r.lanes(), VectorGemm.lanesUsable());
        assertEquals(r.why(), VectorGemm.why());
        // the lane switches that never wait for the probe hold its answer once it is known
        assertEquals(VectorGemm.lanesUsable(), Kernels.vector);
        assertEquals(VectorGemm.lanesUsable(), VectorProbe.SHARED.lanesNow());
        CpuBackendProvider p = new CpuBackendProvider();
        assertEquals(p.availability().toString(), p.availabilityNow().toString(), "known now: both say the same");
        assertTrue(p.availability().detail().endsWith((r.available() ? "Vector API GEMM (" : "plain-Java GEMM, the slow path (")
                + r.why() + ")"), p.availability().detail());
    }
}

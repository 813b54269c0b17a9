package org.grad4j.cpu;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import org.grad4j.Config;

/**
 * Arrays of closed buffers, kept for the next output of the same length and dtype. A new Java
 * array is zeroed by the JVM and later collected; for a megabyte-sized array that costs as much as
 * a pass of elementwise arithmetic. A training step that releases what it allocated (a gradient
 * dropped by {@code zeroGrad()}, a {@code MemoryScope}) then reuses its arrays instead. Small
 * arrays count too: a small model's step (Digits: 32 x 128 activations) would otherwise allocate
 * hundreds of megabytes per run, which G1 answers by growing its young generation over memory the
 * process has never touched (PERFORMANCE.md, 2026-12-02).
 *
 * <p>Only arrays of at least {@code grad4j.cpu.cacheMinElements} elements (default 1,024) are
 * kept, at most {@code grad4j.cpu.cacheBytes} bytes in all (default: an eighth of the maximum heap,
 * at most 256 MiB). A closed buffer's array that does not fit evicts the oldest arrays until it does:
 * a cache full of lengths no step asks for any more (an earlier model, an evaluation) would otherwise
 * turn away the current step's arrays for good. Thread safe.
 */
final class ArrayCache {
    static final int MIN_LENGTH = Math.max(1, Config.getInt("grad4j.cpu.cacheMinElements", 1 << 10));
    static final long MAX_BYTES = Config.getLong("grad4j.cpu.cacheBytes",
            Math.min(Runtime.getRuntime().maxMemory() / 8, 256L << 20));

    private final Map<Integer, ArrayDeque<double[]>> doubles = new HashMap<>();
    private final Map<Integer, ArrayDeque<float[]>> floats = new HashMap<>();
    private final long maxBytes;
    private long bytes;

    ArrayCache() {
        this(MAX_BYTES);
    }

    /** A cache holding at most {@code maxBytes} bytes (tests). */
    ArrayCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** A cached float64 array of exactly {@code length} elements with stale contents, or null. */
    synchronized double[] takeDoubles(int length) {
        ArrayDeque<double[]> q = doubles.get(length);
        double[] a = q == null ? null : q.poll();
        if (a != null) {
            bytes -= 8L * length;
        }
        return a;
    }

    /** A cached float32 array of exactly {@code length} elements with stale contents, or null. */
    synchronized float[] takeFloats(int length) {
        ArrayDeque<float[]> q = floats.get(length);
        float[] a = q == null ? null : q.poll();
        if (a != null) {
            bytes -= 4L * length;
        }
        return a;
    }

    /** Keeps {@code a} for reuse if there is room; the caller must never touch it again. */
    synchronized void give(double[] a) {
        if (makeRoom(8L * a.length)) {
            doubles.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
            bytes += 8L * a.length;
        }
    }

    /** Keeps {@code a} for reuse if there is room; the caller must never touch it again. */
    synchronized void give(float[] a) {
        if (makeRoom(4L * a.length)) {
            floats.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
            bytes += 4L * a.length;
        }
    }

    /** Whether {@code n} more bytes fit, after dropping the oldest arrays of each length until they do. */
    private boolean makeRoom(long n) {
        if (n > maxBytes) {
            return false;
        }
        if (bytes + n <= maxBytes) {
            return true; // the common case: no iterators to allocate and walk
        }
        evict(doubles, 8, n);
        evict(floats, 4, n);
        return true;
    }

    private <A> void evict(Map<Integer, ArrayDeque<A>> arrays, int elementBytes, long n) {
        Iterator<Map.Entry<Integer, ArrayDeque<A>>> it = arrays.entrySet().iterator();
        while (bytes + n > maxBytes && it.hasNext()) {
            Map.Entry<Integer, ArrayDeque<A>> e = it.next();
            ArrayDeque<A> q = e.getValue();
            while (bytes + n > maxBytes && q.pollLast() != null) {
                bytes -= (long) elementBytes * e.getKey();
            }
            if (q.isEmpty()) {
                it.remove();
            }
        }
    }

    /** Bytes held, for tests. */
    synchronized long bytes() {
        return bytes;
    }
}

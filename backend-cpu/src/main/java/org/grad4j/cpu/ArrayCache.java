package org.grad4j.cpu;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import org.grad4j.Config;

/**
 * Large arrays of closed buffers, kept for the next output of the same length and dtype. A new Java
 * array is zeroed by the JVM and later collected; for a megabyte-sized array that costs as much as
 * a pass of elementwise arithmetic. A training step that releases what it allocated (a gradient
 * dropped by {@code zeroGrad()}, a {@code MemoryScope}) then reuses its arrays instead.
 *
 * <p>Only arrays of at least {@code grad4j.cpu.cacheMinElements} elements (default 16,384) are
 * kept, at most {@code grad4j.cpu.cacheBytes} bytes in all (default: an eighth of the maximum heap,
 * at most 256 MiB); beyond that a closed buffer's array is left to the garbage collector. Thread
 * safe.
 */
final class ArrayCache {
    static final int MIN_LENGTH = Math.max(1, Config.getInt("grad4j.cpu.cacheMinElements", 1 << 14));
    static final long MAX_BYTES = Config.getLong("grad4j.cpu.cacheBytes",
            Math.min(Runtime.getRuntime().maxMemory() / 8, 256L << 20));

    private final Map<Integer, ArrayDeque<double[]>> doubles = new HashMap<>();
    private final Map<Integer, ArrayDeque<float[]>> floats = new HashMap<>();
    private long bytes;

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
        if (bytes + 8L * a.length <= MAX_BYTES) {
            doubles.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
            bytes += 8L * a.length;
        }
    }

    /** Keeps {@code a} for reuse if there is room; the caller must never touch it again. */
    synchronized void give(float[] a) {
        if (bytes + 4L * a.length <= MAX_BYTES) {
            floats.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
            bytes += 4L * a.length;
        }
    }

    /** Bytes held, for tests. */
    synchronized long bytes() {
        return bytes;
    }
}

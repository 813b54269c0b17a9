package org.grad4j.cpu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measurement only (issue 16, eighth session): single-thread nanoseconds per element of float32 relu forms that
 * C2 may vectorise, interleaved round by round: the kernel's form ({@link SameIndexLoops#relu(float)}, bit-exact),
 * {@code Math.max(x, 0)} (not exact: -0.0 becomes +0.0), and an integer form on the raw bits (exact: clears a
 * float whose bits lie in [0x80000001, 0xff800000], the negative non-zero numbers, and keeps -0.0 and every NaN).
 * Each form is checked against {@code x < 0 ? 0 : x} on special values first. Args: rounds (default 15), then
 * sizes as powers of two (default 16 20 22).
 */
public final class ReluFormsBench {
    private ReluFormsBench() {
    }

    /** PyTorch's {@code x < 0 ? 0 : x} on the bits: {@code t = b - 0x80000001} lies in [0, 0x7f7fffff] iff x &lt; 0. */
    static float reluBits(float x) {
        int b = Float.floatToRawIntBits(x);
        int t = b - 0x80000001;
        int negative = ((t - 0x7f800000) & ~t) >> 31;
        return Float.intBitsToFloat(b & ~negative);
    }

    private static void bits(float[] x, float[] o) {
        for (int i = 0; i < o.length; i++) {
            o[i] = reluBits(x[i]);
        }
    }

    private static void max(float[] x, float[] o) {
        for (int i = 0; i < o.length; i++) {
            o[i] = Math.max(x[i], 0f);
        }
    }

    public static void main(String[] args) {
        float[] special = {0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0xffc00000),
            Float.intBitsToFloat(0xff800001), Float.intBitsToFloat(0x7f800001), 1e-40f, -1e-40f};
        for (float x : special) {
            float want = x < 0 ? 0f : x;
            if (Float.floatToRawIntBits(reluBits(x)) != Float.floatToRawIntBits(want)
                    || Float.floatToRawIntBits(SameIndexLoops.relu(x)) != Float.floatToRawIntBits(want)
                    && !Float.isNaN(x)) {
                throw new IllegalStateException("relu form differs at " + x);
            }
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int[] logs = args.length > 1 ? java.util.Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {16, 20, 22};
        java.util.Random r = new java.util.Random(0);
        for (int lg : logs) {
            int n = 1 << lg;
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) r.nextGaussian();
            }
            float[] o = new float[n];
            Map<String, Runnable> rows = new LinkedHashMap<>();
            rows.put("kernel_form", () -> SameIndexLoops.relu(x, o, 0, n));
            rows.put("math_max", () -> max(x, o));
            rows.put("int_bits", () -> bits(x, o));
            int reps = Math.max(3, (1 << 24) / n);
            Map<String, List<Double>> ns = new LinkedHashMap<>();
            for (int k = 0; k < rounds + 5; k++) {
                for (Map.Entry<String, Runnable> e : rows.entrySet()) {
                    long s = System.nanoTime();
                    for (int j = 0; j < reps; j++) {
                        e.getValue().run();
                    }
                    if (k >= 5) {
                        ns.computeIfAbsent(e.getKey(), q -> new ArrayList<>()).add((System.nanoTime() - s) / (double) reps / n);
                    }
                }
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%9d", n));
            for (Map.Entry<String, List<Double>> e : ns.entrySet()) {
                List<Double> l = e.getValue();
                l.sort(null);
                line.append(String.format(Locale.ROOT, " | %s min %.3f med %.3f", e.getKey(), l.get(0), l.get(l.size() / 2)));
            }
            System.out.println(line + " ns/el");
        }
    }
}

package org.grad4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link Generator#bernoulli}'s block draws and integer threshold make the decisions, and leave the stream
 * where, the one-draw-at-a-time definition does: {@code u < p} for {@code u} the 53 bits of two consecutive
 * MT19937 outputs times 2^-53 (ATen's {@code bernoulli_(p)} on the CPU). Checked from odd and even stream
 * positions, across the engine's 624-output refills, for probabilities at the edges.
 */
class GeneratorBernoulliTest {
    private static final double[] PROBABILITIES = {0.0, 1.0, 0.8, 0.5, 0.3, 1e-300, Double.MIN_VALUE, 0x1.0p-53,
        0x1.8p-53, 1 - 0x1.0p-53, Math.nextDown(1.0 - 0x1.0p-40), 0.1};

    @Test
    void blockDrawsMakeTheOneAtATimeDecisions() {
        int[] lengths = {0, 1, 5, 255, 256, 257, 311, 312, 313, 624, 1000, 4096};
        int[] prefixes = {0, 1, 2, 623, 700};
        long seed = 0;
        for (double p : PROBABILITIES) {
            for (int n : lengths) {
                for (int prefix : prefixes) {
                    for (boolean floats : new boolean[] {false, true}) {
                        seed++;
                        Generator g = new Generator(seed);
                        MersenneTwister reference = new MersenneTwister(seed);
                        // float32 uniform draws one output each: moves the stream by `prefix`
                        g.uniform(new float[prefix], 0, 1);
                        for (int i = 0; i < prefix; i++) {
                            reference.nextInt();
                        }
                        double[] got = new double[n];
                        if (floats) {
                            float[] f = new float[n];
                            g.bernoulli(f, p);
                            for (int i = 0; i < n; i++) {
                                got[i] = f[i];
                            }
                        } else {
                            g.bernoulli(got, p);
                        }
                        for (int i = 0; i < n; i++) {
                            long hi = reference.nextInt() & 0xffffffffL;
                            long lo = reference.nextInt() & 0xffffffffL;
                            double u = (((hi << 32) | lo) & ((1L << 53) - 1)) * 0x1.0p-53;
                            assertEquals(u < p ? 1.0 : 0.0, got[i], "p=" + p + " n=" + n + " prefix=" + prefix + " at " + i);
                        }
                        // the stream continues where the reference's does
                        float[] after = new float[3];
                        g.uniform(after, 0, 1);
                        for (float v : after) {
                            assertEquals((reference.nextInt() & ((1 << 24) - 1)) * 0x1.0p-24f, v, "p=" + p + " n=" + n);
                        }
                    }
                }
            }
        }
    }

    /** next53 is the low 21 bits of one nextInt and all of the next, over refills of the state, from odd and even positions. */
    @Test
    void next53IsTwoNextInts() {
        MersenneTwister a = new MersenneTwister(5489);
        MersenneTwister b = new MersenneTwister(5489);
        for (int i = 0; i < 3000; i++) {
            if (i % 700 == 0) {
                assertEquals(b.nextInt(), a.nextInt());   // shifts the pairs by one output
            }
            long hi = b.nextInt() & 0x1fffffL;
            long lo = b.nextInt() & 0xffffffffL;
            assertEquals((hi << 32) | lo, a.next53(), "pair " + i);
        }
        MersenneTwister c = new MersenneTwister(5489);
        for (int i = 1; i < 10000; i++) {
            c.nextInt();
        }
        assertEquals(-171307301, c.nextInt());   // 4123659995, std::mt19937's 10,000th output (C++11)
    }
}

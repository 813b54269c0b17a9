package org.grad4j;

/**
 * 32-bit Mersenne Twister (MT19937) with PyTorch's seeding: the 64-bit seed is truncated
 * to its low 32 bits and expanded with the reference {@code init_genrand} recurrence.
 * Output is identical to {@code std::mt19937} and {@code at::mt19937}. Not thread-safe;
 * {@link Generator} guards it.
 */
final class MersenneTwister {
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] state = new int[N];
    private int next;
    /** Seeded and not drawn from since: PyTorch's state then reads next 0 (it would read 624 after a full table). */
    private boolean fresh;

    MersenneTwister(long seed) {
        seed(seed);
    }

    void seed(long seed) {
        state[0] = (int) seed;
        for (int j = 1; j < N; j++) {
            int prev = state[j - 1];
            state[j] = 1812433253 * (prev ^ (prev >>> 30)) + j;
        }
        next = N; // regenerate on first draw
        fresh = true;
    }

    /** Whether the next draw regenerates the table (at::mt19937's {@code left_ == 1}). */
    boolean regeneratesNext() {
        return next >= N;
    }

    /** The 624 words of the table. */
    int[] table() {
        return state.clone();
    }

    /** at::mt19937's {@code next_}: the index of the next word to temper (0 for a freshly seeded engine). */
    int position() {
        return fresh ? 0 : next;
    }

    /**
     * Restores a table and at::mt19937's {@code left_} / {@code next_}: {@code left == 1} means the table is
     * regenerated on the next draw, else {@code next} words of it have been used ({@code left == 625 - next}).
     */
    void restore(int[] table, int left, int nextIndex) {
        System.arraycopy(table, 0, state, 0, N);
        next = left == 1 ? N : nextIndex;
        fresh = left == 1 && nextIndex == 0;
    }

    /** Next 32 random bits, as an unsigned value in the low half of the returned int's bits. */
    int nextInt() {
        if (next >= N) {
            twist();
        }
        int y = state[next++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /**
     * The 53 bits {@code ((first & 0x1fffff) << 32) | second} of the next two outputs of {@link #nextInt()}
     * (what a uniform double in [0, 1) keeps of them), without a call per output.
     */
    long next53() {
        if (next >= N - 1) {
            long hi = nextInt() & 0x1fffffL;
            return (hi << 32) | (nextInt() & 0xffffffffL);
        }
        int y = state[next];
        int z = state[next + 1];
        next += 2;
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        z ^= z >>> 11;
        z ^= (z << 7) & 0x9d2c5680;
        z ^= (z << 15) & 0xefc60000;
        z ^= z >>> 18;
        return ((y & 0x1fffffL) << 32) | (z & 0xffffffffL);
    }

    private void twist() {
        fresh = false;
        int[] s = state;
        int k = 0;
        for (; k < N - M; k++) {
            int y = (s[k] & UPPER_MASK) | (s[k + 1] & LOWER_MASK);
            s[k] = s[k + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        for (; k < N - 1; k++) {
            int y = (s[k] & UPPER_MASK) | (s[k + 1] & LOWER_MASK);
            s[k] = s[k + (M - N)] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        int y = (s[N - 1] & UPPER_MASK) | (s[0] & LOWER_MASK);
        s[N - 1] = s[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        next = 0;
    }
}

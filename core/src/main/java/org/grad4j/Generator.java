package org.grad4j;

/**
 * A seedable pseudo-random generator that reproduces PyTorch 1.13's CPU generator
 * ({@code torch.Generator}, {@code torch.manual_seed}) value for value.
 *
 * <p>The engine is MT19937 seeded like {@code at::mt19937} (low 32 bits of the seed).
 * A 32-bit draw is one engine output; a 64-bit draw is two outputs, the first in the high
 * half. The distributions follow ATen's CPU kernels on an AVX2 machine (the capability
 * PyTorch 1.13 dispatches to on current x86-64 CPUs, FMA contraction included):
 * <ul>
 *   <li>float64 {@code uniform_(from, to)}: {@code x = (random64() & (2^53-1)) * 2^-53},
 *       value {@code fma(x, to - from, from)};</li>
 *   <li>float32 {@code uniform_}: from and to rounded to float, {@code x = (random() &
 *       (2^24-1)) * 2^-24f}, value {@code fma(x, to - from, from)} in float;</li>
 *   <li>{@code bernoulli_(p)}: one float64 uniform {@code u} per element, value {@code u < p};</li>
 *   <li>{@code normal_} on fewer than 16 elements: scalar Box-Muller in double with one
 *       cached second sample (kept across calls, dropped by {@link #manualSeed(long)});</li>
 *   <li>{@code normal_} on 16 or more elements: all uniforms first, then Box-Muller in
 *       blocks of 16 (the last, partial block is redrawn as the final 16 elements); float32
 *       uses the vectorised Cephes log/sincos of ATen's {@code avx_mathfun.h}.</li>
 * </ul>
 * {@code torch.rand} is {@code uniform_(0, 1)} and {@code torch.randn} is
 * {@code normal_(0, 1)}, so they need no methods of their own. Integer draws:
 * {@link #randperm(int)} ({@code torch.randperm}), {@link #randint(long[], long, long)}
 * ({@code torch.randint}) and {@link #randomLong()} (an int64 {@code random_()}), which
 * {@code org.grad4j.data}'s shuffles and splits use as {@code torch.utils.data} does. {@link #getState()} and
 * {@link #setState(Tensor)} read and write PyTorch's own byte layout of the state. Tensor-shaped draws
 * ({@code bernoulli}, {@code exponential_}, {@code multinomial}) live in {@code RandomOps}.
 *
 * <p>Thread-safety: every method that touches the state is {@code synchronized}; a
 * generator may be shared between threads, but then the order of draws is up to them.
 */
public final class Generator {

    /** Seed of a freshly constructed {@code torch.Generator()} (c10's default_rng_seed_val). */
    static final long DEFAULT_SEED = 67280421310721L;

    private static final Generator DEFAULT = new Generator(DEFAULT_SEED);
    /** DataLoader workers' own default generators (PyTorch's worker processes each have theirs). */
    private static final ThreadLocal<Generator> THREAD_DEFAULT = new ThreadLocal<>();
    /** Whether any thread ever had its own: until then the hot path reads no thread-local. */
    private static volatile boolean threadDefaults;

    private static final double TWO_PI = 2.0 * Math.PI;
    private static final double DOUBLE_UNIT = 0x1.0p-53;
    private static final float FLOAT_UNIT = 0x1.0p-24f;
    private static final int FLOAT_MASK = (1 << 24) - 1;

    private final MersenneTwister engine;
    private long seed;
    private boolean hasNextDoubleNormal;
    private double nextDoubleNormal;
    /** PyTorch's float normal cache: no CPU kernel of 1.13 uses it; kept so that a state round-trips. */
    private boolean hasNextFloatNormal;
    private float nextFloatNormal;

    /**
     * Creates a generator in the state {@code torch.Generator().manual_seed(seed)} has.
     *
     * @param seed the seed; like PyTorch's mt19937, only its low 32 bits reach the engine,
     *             while {@link #initialSeed()} returns it whole
     */
    public Generator(long seed) {
        this.engine = new MersenneTwister(seed);
        this.seed = seed;
    }

    /**
     * The process-wide default generator, the counterpart of {@code torch.default_generator}.
     * It starts seeded with 67280421310721, the seed of a fresh {@code torch.Generator()}
     * (PyTorch itself seeds its default CPU generator non-deterministically at start-up, so
     * call {@link #manualSeedDefault(long)} in both programs when comparing them). On a DataLoader worker
     * thread it is that worker's own generator, seeded {@code baseSeed + workerId} as PyTorch seeds each worker
     * process (so {@code torch.rand} in a dataset's {@code getItem} draws 1.13's values); other threads share one.
     *
     * @return the default generator of the calling thread
     */
    public static Generator defaultGenerator() {
        if (threadDefaults) {
            Generator own = THREAD_DEFAULT.get();
            if (own != null) {
                return own;
            }
        }
        return DEFAULT;
    }

    /** Sets (or with null clears) the calling thread's default generator: a DataLoader worker's. */
    static void threadDefault(Generator generator) {
        if (generator == null) {
            THREAD_DEFAULT.remove();
        } else {
            threadDefaults = true;
            THREAD_DEFAULT.set(generator);
        }
    }

    /**
     * Reseeds the default generator, like {@code torch.manual_seed(seed)} on the CPU. (Java
     * cannot overload a static and an instance {@code manualSeed(long)}, hence the name.)
     *
     * @param seed the new seed
     */
    public static void manualSeedDefault(long seed) {
        defaultGenerator().manualSeed(seed);
    }

    /**
     * Reseeds this generator, like {@code Generator.manual_seed(seed)}: resets the engine
     * and drops the cached normal sample.
     *
     * @param seed the new seed
     * @return this generator
     */
    public synchronized Generator manualSeed(long seed) {
        engine.seed(seed);
        this.seed = seed;
        hasNextDoubleNormal = false;
        hasNextFloatNormal = false;
        return this;
    }

    /** Size in bytes of PyTorch 1.13's {@code CPUGeneratorImplState}, and of its legacy {@code THGeneratorState}. */
    private static final int STATE_SIZE = 5056;
    private static final int LEGACY_STATE_SIZE = 5048;

    /**
     * This generator's state, like {@code Generator.get_state()}: a uint8 tensor of 5056 bytes laid out as PyTorch
     * 1.13's {@code CPUGeneratorImplState} (little-endian: the seed, mt19937's {@code left} and {@code next}, its 624
     * words, the cached double normal sample, the float one), so it can be given to PyTorch's {@code set_state} and
     * PyTorch's state to {@link #setState(Tensor)}.
     *
     * @return a new uint8 tensor of shape [5056] on the CPU
     */
    public synchronized Tensor getState() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(STATE_SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int next = engine.position();
        int[] table = engine.table();
        b.putLong(0, seed);
        b.putInt(8, engine.regeneratesNext() ? 1 : 625 - next);   // at::mt19937's left_
        b.putInt(12, 1);                                           // seeded_
        b.putLong(16, next);
        for (int i = 0; i < table.length; i++) {
            b.putLong(24 + 8 * i, table[i] & 0xffffffffL);
        }
        // normal_x and normal_rho are dummies (0); normal_y the cached sample
        b.putDouble(5024, hasNextDoubleNormal ? nextDoubleNormal : 0.0);
        b.putInt(5040, hasNextDoubleNormal ? 1 : 0);
        b.putFloat(5048, hasNextFloatNormal ? nextFloatNormal : 0f);
        b.put(5052, (byte) (hasNextFloatNormal ? 1 : 0));
        return Tensor.of(b.array(), STATE_SIZE);
    }

    /**
     * Restores a state made by {@link #getState()} or by PyTorch's {@code get_state()} (5056 bytes, or the legacy
     * 5048-byte {@code THGeneratorState}), like {@code Generator.set_state(state)}.
     *
     * @param state a 1-D uint8 tensor
     * @return this generator
     * @throws IllegalArgumentException if {@code state} is not such a tensor or holds an impossible engine position
     */
    public synchronized Generator setState(Tensor state) {
        if (state == null || state.dtype() != DType.UINT8 || state.dim() != 1) {
            throw new IllegalArgumentException("set_state: expected a 1-D torch.uint8 tensor (RNG state), got "
                    + (state == null ? "null" : state.dtype().torchName() + " of shape " + Shapes.str(state.shape())));
        }
        int size = state.shape()[0];
        if (size != STATE_SIZE && size != LEGACY_STATE_SIZE) {
            throw new IllegalArgumentException("set_state: Expected either a CPUGeneratorImplStateLegacy of size "
                    + LEGACY_STATE_SIZE
                    + " or a CPUGeneratorImplState of size " + STATE_SIZE + " but found the input RNG state size to be "
                    + size);
        }
        long[] bytes = state.toLongArray();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < size; i++) {
            b.put(i, (byte) bytes[i]);
        }
        int left = b.getInt(8);
        long next = b.getLong(16);
        if (left < 1 || left > 624 || next < 0 || next > 624 || (left != 1 && left != 625 - next)) {
            throw new IllegalArgumentException("set_state: the state's mt19937 position is inconsistent (left " + left
                    + ", next " + next + "; expected left 1, or left = 625 - next)");
        }
        int[] table = new int[624];
        for (int i = 0; i < table.length; i++) {
            table[i] = (int) b.getLong(24 + 8 * i);
        }
        engine.restore(table, left, (int) next);
        seed = b.getLong(0);
        hasNextDoubleNormal = b.getInt(5040) != 0;
        nextDoubleNormal = b.getDouble(5024);
        hasNextFloatNormal = size == STATE_SIZE && b.get(5052) != 0;
        nextFloatNormal = size == STATE_SIZE ? b.getFloat(5048) : 0f;
        return this;
    }

    /**
     * Reseeds this generator from a non-deterministic source, like {@code Generator.seed()} (PyTorch reads
     * {@code /dev/urandom}; grad4j a {@link java.security.SecureRandom}).
     *
     * @return the new seed (PyTorch's unsigned 64-bit seed, as the bits of a long)
     */
    public synchronized long seed() {
        long s = new java.security.SecureRandom().nextLong();
        manualSeed(s);
        return s;
    }

    /**
     * The seed last given to the constructor or {@link #manualSeed(long)}, like
     * {@code Generator.initial_seed()}.
     *
     * @return the seed
     */
    public synchronized long initialSeed() {
        return seed;
    }

    /**
     * Fills {@code out} like {@code tensor.uniform_(from, to)} on a contiguous float64
     * tensor of {@code out.length} elements; values lie in [from, to).
     *
     * @param out  the array to fill
     * @param from lower bound, inclusive
     * @param to   upper bound, exclusive
     */
    public synchronized void uniform(double[] out, double from, double to) {
        checkOut("uniform", out);
        checkRange(from, to, false);
        double range = to - from;
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.fma(nextDouble01(), range, from);
        }
    }

    /**
     * Fills {@code out} like {@code tensor.uniform_(from, to)} on a contiguous float32
     * tensor of {@code out.length} elements (the bounds are rounded to float first).
     *
     * @param out  the array to fill
     * @param from lower bound, inclusive
     * @param to   upper bound, exclusive
     */
    public synchronized void uniform(float[] out, double from, double to) {
        checkOut("uniform", out);
        checkRange(from, to, true);
        float f = (float) from;
        float range = (float) to - f;
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.fma(nextFloat01(), range, f);
        }
    }

    /**
     * Fills {@code out} like {@code tensor.normal_(mean, std)} on a contiguous float64
     * tensor of {@code out.length} elements; {@code normal(out, 0, 1)} is {@code torch.randn}.
     *
     * @param out  the array to fill
     * @param mean the mean
     * @param std  the standard deviation, not negative
     */
    public synchronized void normal(double[] out, double mean, double std) {
        checkOut("normal", out);
        checkStd(std);
        int n = out.length;
        if (n < 16) {
            for (int i = 0; i < n; i++) {
                out[i] = scalarNormal(mean, std);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            out[i] = nextDouble01();
        }
        for (int i = 0; i + 16 <= n; i += 16) {
            boxMuller16(out, i, mean, std);
        }
        if (n % 16 != 0) {
            int start = n - 16;
            for (int i = start; i < n; i++) {
                out[i] = nextDouble01();
            }
            boxMuller16(out, start, mean, std);
        }
    }

    /**
     * Fills {@code out} like {@code tensor.normal_(mean, std)} on a contiguous float32
     * tensor of {@code out.length} elements; {@code normal(out, 0, 1)} is {@code torch.randn}.
     *
     * @param out  the array to fill
     * @param mean the mean
     * @param std  the standard deviation, not negative
     */
    public synchronized void normal(float[] out, double mean, double std) {
        checkOut("normal", out);
        checkStd(std);
        int n = out.length;
        if (n < 16) {
            for (int i = 0; i < n; i++) {
                out[i] = (float) scalarNormal(mean, std);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            out[i] = nextFloat01();
        }
        float m = (float) mean;
        float s = (float) std;
        for (int i = 0; i + 16 <= n; i += 16) {
            AtenBoxMuller.boxMuller16(out, i, m, s);
        }
        if (n % 16 != 0) {
            int start = n - 16;
            for (int i = start; i < n; i++) {
                out[i] = nextFloat01();
            }
            AtenBoxMuller.boxMuller16(out, start, m, s);
        }
    }

    /**
     * {@code normal_} on a tensor that is not contiguous: ATen's serial path, one scalar Box-Muller sample per
     * element (the cached second sample included) for any size, in double.
     */
    synchronized void normalScalar(double[] out, double mean, double std) {
        checkOut("normal", out);
        checkStd(std);
        for (int i = 0; i < out.length; i++) {
            out[i] = scalarNormal(mean, std);
        }
    }

    /**
     * Fills {@code out} with 0 or 1 like {@code tensor.bernoulli_(p)} on a contiguous CPU tensor of
     * {@code out.length} elements, in any floating dtype: PyTorch 1.13 without MKL (Debian's build) draws
     * one float64 uniform per element ({@code bernoulli_distribution<double>}, 64 bits of the engine) and
     * yields {@code u < p}. {@code torch.nn.functional.dropout(x, q)} on the CPU is
     * {@code bernoulli_(1 - q)} on a tensor shaped like {@code x}.
     *
     * @param out the array to fill with 0.0 and 1.0
     * @param p   the probability of a 1, in [0, 1]
     */
    public synchronized void bernoulli(double[] out, double p) {
        checkOut("bernoulli", out);
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("bernoulli_ expects p to be in [0, 1], but got p=" + p);
        }
        long threshold = bernoulliThreshold(p);
        for (int i = 0; i < out.length; i++) {
            out[i] = engine.next53() < threshold ? 1.0 : 0.0;
        }
    }

    /**
     * {@link #bernoulli(double[], double)} into a float array: the same draws and the same 0/1 values, for a
     * float32 tensor's {@code bernoulli_(p)}.
     *
     * @param out the array to fill with 0 and 1
     * @param p   the probability of a 1, in [0, 1]
     */
    public synchronized void bernoulli(float[] out, double p) {
        checkOut("bernoulli", out);
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("bernoulli_ expects p to be in [0, 1], but got p=" + p);
        }
        long threshold = bernoulliThreshold(p);
        for (int i = 0; i < out.length; i++) {
            out[i] = engine.next53() < threshold ? 1.0f : 0.0f;
        }
    }

    /**
     * {@code u < p} for {@code u = x * 2^-53} ({@link #nextDouble01()}'s value of 53 bits {@code x}) is
     * {@code x < p * 2^53} (exact: a power-of-two scaling of p in [0, 1]), and for an integer x that is
     * {@code x < ceil(p * 2^53)}: the same decisions without converting each draw to double.
     */
    private static long bernoulliThreshold(double p) {
        return (long) Math.ceil(p * 0x1.0p53);
    }

    /**
     * The bound PyTorch's {@code nn.Linear} uses for its weight: {@code
     * kaiming_uniform_(weight, a=sqrt(5))} computes, in double, {@code gain =
     * sqrt(2 / (1 + a*a))}, {@code std = gain / sqrt(fanIn)}, {@code bound = sqrt(3) * std}.
     *
     * @param fanIn the layer's number of inputs, positive
     * @return the bound; fill the weight with {@code uniform(w, -bound, bound)}
     */
    public static double kaimingUniformBound(int fanIn) {
        double a = Math.sqrt(5.0);
        double gain = Math.sqrt(2.0 / (1 + a * a));
        double std = gain / Math.sqrt(fanIn);
        return Math.sqrt(3.0) * std;
    }

    // ---------------------------------------------------------------- integers: randperm, randint, random_

    /**
     * A random permutation of {@code 0 .. n-1}, the values of {@code torch.randperm(n, generator=g)} on
     * the CPU. PyTorch 1.13's {@code randperm_cpu}: a forward Fisher-Yates pass swapping element {@code i}
     * with element {@code i + random() % (n-i)} for {@code i < n-1}, one 32-bit draw per step, for every n
     * (checked against PyTorch 1.13 up to n = 214,748,365, where later versions switch to 64-bit draws).
     *
     * @param n the number of elements, not negative
     * @return a new array holding the permutation
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public synchronized long[] randperm(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("randperm: n must be non-negative, got " + n);
        }
        long[] r = Allocation.guard("randperm", new int[] {n}, DType.INT64, null, () -> new long[n]);
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        for (int i = 0; i < n - 1; i++) {
            int z = (int) ((engine.nextInt() & 0xffffffffL) % (n - i));
            long sav = r[i];
            r[i] = r[z + i];
            r[z + i] = sav;
        }
        return r;
    }

    /**
     * Fills {@code out} like {@code torch.randint(low, high, size, generator=g)} (ATen's
     * {@code random_from_to} on the CPU): with {@code range = high - low}, each value is
     * {@code low + v % range}, where {@code v} is a 64-bit draw when {@code range >= 2^32}
     * and a 32-bit draw otherwise (the int64, float32 and float64 dtypes all take this rule).
     *
     * @param out  the array to fill
     * @param low  lowest value, inclusive
     * @param high one above the highest value
     * @throws IllegalArgumentException if {@code low >= high}
     */
    public synchronized void randint(long[] out, long low, long high) {
        if (low >= high) {
            throw new IllegalArgumentException("random_ expects 'from' to be less than 'to', but got from=" + low
                    + " >= to=" + high);
        }
        long range = high - low;     // as unsigned, like ATen's uint64_t range
        boolean wide = Long.compareUnsigned(range, 1L << 32) >= 0;
        for (int i = 0; i < out.length; i++) {
            long v = wide ? random64() : engine.nextInt() & 0xffffffffL;
            out[i] = Long.remainderUnsigned(v, range) + low;
        }
    }

    /**
     * One value of {@code torch.empty((), dtype=torch.int64).random_(generator=g)}: a 64-bit draw
     * reduced to [0, 2^63). PyTorch's {@code DataLoader} draws one per epoch as its base seed, and its
     * {@code RandomSampler} without a generator seeds a fresh one from such a draw on the default
     * generator.
     *
     * @return a value in [0, 2^63)
     */
    public synchronized long randomLong() {
        return random64() & Long.MAX_VALUE;   // ATen's uniform_int<int64_t>: val % (2^63)
    }

    // ---------------------------------------------------------------- internals

    private long random64() {
        long hi = engine.nextInt() & 0xffffffffL;
        long lo = engine.nextInt() & 0xffffffffL;
        return (hi << 32) | lo;
    }

    /** One {@code uniform_real_distribution<double>(0, 1)} draw (64 bits of the engine), for {@code RandomOps}. */
    synchronized double drawDouble01() {
        return nextDouble01();
    }

    /** One 32-bit draw ({@code random()}), unsigned in a long, for {@code RandomOps}. */
    synchronized long draw32() {
        return engine.nextInt() & 0xffffffffL;
    }

    /** One 64-bit draw ({@code random64()}: the first output in the high half), for {@code RandomOps}. */
    synchronized long draw64() {
        long hi = engine.nextInt() & 0xffffffffL;
        return (hi << 32) | (engine.nextInt() & 0xffffffffL);
    }

    /** One {@code uniform_real_distribution<float>(0, 1)} draw (32 bits of the engine), for {@code RandomOps}. */
    synchronized float drawFloat01() {
        return nextFloat01();
    }

    private double nextDouble01() {
        return engine.next53() * DOUBLE_UNIT;   // the low 53 bits of (first << 32 | second)
    }

    private float nextFloat01() {
        return (engine.nextInt() & FLOAT_MASK) * FLOAT_UNIT;
    }

    /** ATen's {@code normal_distribution<double>}: Box-Muller with a cached second sample. */
    private double scalarNormal(double mean, double std) {
        if (hasNextDoubleNormal) {
            hasNextDoubleNormal = false;
            return Math.fma(nextDoubleNormal, std, mean);
        }
        double u1 = nextDouble01();
        double u2 = nextDouble01();
        double r = Math.sqrt(-2.0 * LibM.log(1.0 - u2));
        double theta = TWO_PI * u1;
        nextDoubleNormal = r * LibM.sin(theta);
        hasNextDoubleNormal = true;
        return Math.fma(r * LibM.cos(theta), std, mean);
    }

    /** ATen's {@code normal_fill_16<double>} on {@code data[i .. i+16)}. */
    private static void boxMuller16(double[] data, int i, double mean, double std) {
        for (int j = i; j < i + 8; j++) {
            double u1 = 1 - data[j];
            double u2 = data[j + 8];
            double radius = Math.sqrt(-2 * LibM.log(u1));
            double theta = TWO_PI * u2;
            data[j] = Math.fma(radius * LibM.cos(theta), std, mean);
            data[j + 8] = Math.fma(radius * LibM.sin(theta), std, mean);
        }
    }

    private static void checkOut(String op, Object out) {
        if (out == null) {
            throw new IllegalArgumentException("Generator." + op + ": expected an array to fill, got null");
        }
    }

    /** ATen's {@code check_uniform_bounds}: both bounds finite in the dtype, ordered, and not too far apart. */
    private static void checkRange(double from, double to, boolean single) {
        double max = single ? Float.MAX_VALUE : Double.MAX_VALUE;
        String c = single ? "float" : "double";
        if (!(from >= -max && from <= max)) {
            throw new IllegalArgumentException("from is out of bounds for " + c + " (from=" + cpp(from) + ")");
        }
        if (!(to >= -max && to <= max)) {
            throw new IllegalArgumentException("to is out of bounds for " + c + " (to=" + cpp(to) + ")");
        }
        if (!(from <= to)) {
            throw new IllegalArgumentException(
                "uniform_ expects to return a [from, to) range, but found from=" + cpp(from) + " > to=" + cpp(to));
        }
        if (!(to - from <= max)) {
            throw new IllegalArgumentException("uniform_ expects to-from <= std::numeric_limits<"
                    + (single ? "Float" : "Double") + ">::max(), but found to=" + cpp(to) + " and from=" + cpp(from)
                    + " which result in to-from to exceed the limit");
        }
    }

    private static void checkStd(double std) {
        if (!(std >= 0.0)) {
            throw new IllegalArgumentException("normal expects std >= 0.0, but found std " + cpp(std));
        }
    }

    /** A double as C++'s {@code ostream << double} writes it in PyTorch's messages ({@code %g}: 2, -0.5, 3e+38). */
    static String cpp(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        String g = String.format(java.util.Locale.ROOT, "%.6g", v);
        int e = g.indexOf('e');
        String mantissa = e < 0 ? g : g.substring(0, e);
        if (mantissa.indexOf('.') >= 0) {
            mantissa = mantissa.replaceAll("0+$", "");
            if (mantissa.endsWith(".")) {
                mantissa = mantissa.substring(0, mantissa.length() - 1);
            }
        }
        return e < 0 ? mantissa : mantissa + g.substring(e);
    }
}
